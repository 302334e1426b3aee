"""Every action of valutazione, graduatoria, reclami and interpello: one function each,
transactional, audited, notifying whom it concerns.

Locks in a fixed order (DESIGN.md §8): the procedure first, then the application, then the
rows that hang from it. Deadlines (reclami window, reply to a proposal) are read from the
server clock after the locks are taken, whatever the Celery workers have done.
"""

import hashlib
import logging
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Ruolo
from candidature.models import Candidatura, StatoCandidatura
from candidature.services import registra_esito_valutazione
from portale import documenti, formato
from portale.lingua import GIORNO_E_ORA, a_chi, data_con, desinenza, quantita
from portale.models import Protocollo
from portale.services.eventi import registra_evento
from portale.services.notifiche import notifica
from portale.services.protocollo import protocolla
from portale.termini import termine_in_giorni
from procedure import criteri as regole
from procedure import services as procedure_services
from procedure.models import ProceduraSelezione, Stato, TipoCriterio
from procedure.selectors import criteri_con_regole

from . import calcolo, estensioni, selectors
from .models import (
    GIORNI_IMPEGNO_MASSIMO,
    GIORNI_TROPPO_LUNGHI,
    MASSIMO_ORE_SETTIMANALI,
    MINIMO_ORE_SETTIMANALI,
    Commissario,
    Correzione,
    DocumentoReclamo,
    Esito,
    Graduatoria,
    MotivoSenzaIncarico,
    Proposta,
    PunteggioCommissione,
    Reclamo,
    StatoProposta,
    StatoReclamo,
    TipoGraduatoria,
    Valutazione,
)

logger = logging.getLogger(__name__)

DIRIGENZA = (Ruolo.DS, Ruolo.DSGA)
RISPOSTA_MINIMA = timedelta(hours=24)
TIPI_DOCUMENTI_RECLAMO = ("pdf", "p7m", "png", "jpeg")
MASSIMO_DOCUMENTI_RECLAMO = 5


# --- guards and locks --------------------------------------------------------------------

def _ruolo(membership, procedura, ruoli, azione: str) -> None:
    if membership is None or membership.ruolo not in ruoli:
        raise PermissionDenied(f"Il tuo ruolo non consente «{azione}».")
    if membership.istituto_id != procedura.istituto_id:
        raise PermissionDenied("La procedura appartiene a un altro istituto.")


def _blocca_procedura(procedura) -> ProceduraSelezione:
    return ProceduraSelezione.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "istituto").get(pk=procedura.pk)


def _blocca_candidatura(candidatura) -> Candidatura:
    return Candidatura.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "candidato", "protocollo").get(pk=candidatura.pk)


def _in_valutazione(procedura) -> None:
    if procedura.stato != Stato.IN_VALUTAZIONE:
        raise ValidationError("La valutazione delle istanze non è in corso per questa procedura.")


def _solo_commissario(autore, procedura) -> None:
    if not Commissario.objects.attivi().filter(procedura=procedura, user=autore).exists():
        raise PermissionDenied("Solo i commissari nominati per questa procedura possono valutare "
                               "le istanze.")


def _valutazione(procedura, candidatura) -> Valutazione:
    """The evaluation row of a locked application (created at the first action)."""
    valutazione, _ = Valutazione.objects.get_or_create(
        candidatura=candidatura, defaults={"procedura": procedura})
    return valutazione


def _prepara_istanza(procedura, candidatura, autore):
    """Lock procedure then application, check state and commissario; returns the rows."""
    procedura = _blocca_procedura(procedura)
    _in_valutazione(procedura)
    _solo_commissario(autore, procedura)
    if candidatura.procedura_id != procedura.pk:
        raise PermissionDenied("L'istanza non appartiene a questa procedura.")
    candidatura = _blocca_candidatura(candidatura)
    if candidatura.stato not in (StatoCandidatura.INVIATA, StatoCandidatura.INTEGRATA,
                                 StatoCandidatura.AMMESSA, StatoCandidatura.ESCLUSA,
                                 StatoCandidatura.IN_ISTRUTTORIA):
        raise ValidationError("L'istanza non è valutabile (ritirata o annullata).")
    return procedura, candidatura, _valutazione(procedura, candidatura)


def _url_candidato(candidatura) -> str:
    return reverse("graduatorie:esito_candidato", args=[candidatura.pk])


def _url_valutazione(procedura) -> str:
    return reverse("graduatorie:valutazione", args=[procedura.pk])


# --- Commissione -------------------------------------------------------------------------

@transaction.atomic
def nomina_commissario(*, autore, membership, procedura, persona) -> Commissario:
    """The DS names a person of the istituto commissario of this procedure."""
    _ruolo(membership, procedura, (Ruolo.DS,), "Nomina commissario")
    procedura = _blocca_procedura(procedura)
    if procedura.stato not in (Stato.CHIUSA, Stato.IN_VALUTAZIONE):
        raise ValidationError("I commissari si nominano dopo la chiusura dei termini e prima "
                              "della conclusione della valutazione.")
    if not Membership.objects.valide().filter(user=persona, istituto=procedura.istituto).exists():
        raise ValidationError({"persona": "Si possono nominare solo persone con un ruolo valido "
                               "nell'istituto."})
    if selectors.candidature_valutabili(procedura).filter(candidato=persona).exists():
        raise ValidationError({"persona": "Chi ha presentato una candidatura per la procedura "
                               "non può esserne commissario."})
    if Commissario.objects.attivi().filter(procedura=procedura, user=persona).exists():
        raise ValidationError({"persona": f"{persona} è già commissari{desinenza(persona)} di "
                                          "questa procedura."})
    commissario = Commissario(procedura=procedura, user=persona, nominato_da=autore)
    commissario.full_clean()
    commissario.save()
    registra_evento(autore=autore, azione="graduatorie.commissario_nominato", oggetto=procedura,
                    descrizione=f"{persona} nominat{desinenza(persona)} "
                                f"commissari{desinenza(persona)}",
                    dettagli={"commissario": persona.pk})
    notifica(destinatario=persona, istituto=procedura.istituto,
             oggetto=f"Nomina a commissari{desinenza(persona)} – {procedura.oggetto}",
             testo=f"Sei stat{desinenza(persona)} nominat{desinenza(persona)} "
                   f"commissari{desinenza(persona)} per la valutazione delle istanze della "
                   f"procedura «{procedura.oggetto}».", url=_url_valutazione(procedura))
    return commissario


def controlla_revoca_commissario(*, membership, procedura, commissario: Commissario) -> None:
    """What must hold before «Revoca commissario» (also asked before its confirmation: a
    confirmation of what cannot be done only to be refused after it was a dead end)."""
    _ruolo(membership, procedura, (Ruolo.DS,), "Revoca commissario")
    if procedura.stato not in (Stato.CHIUSA, Stato.IN_VALUTAZIONE):
        raise ValidationError("La commissione non si modifica dopo la conclusione della "
                              "valutazione.")
    if commissario.revocato_il is not None:
        raise ValidationError("La nomina è già stata revocata.")


@transaction.atomic
def revoca_commissario(*, autore, membership, commissario: Commissario) -> Commissario:
    _ruolo(membership, commissario.procedura, (Ruolo.DS,), "Revoca commissario")
    procedura = _blocca_procedura(commissario.procedura)
    commissario = Commissario.objects.select_for_update().get(pk=commissario.pk)
    controlla_revoca_commissario(membership=membership, procedura=procedura,
                                 commissario=commissario)
    commissario.revocato_il = timezone.now()
    commissario.save(update_fields=["revocato_il"])
    registra_evento(autore=autore, azione="graduatorie.commissario_revocato", oggetto=procedura,
                    descrizione=f"Revocata la nomina di {commissario.user} a commissario",
                    dettagli={"commissario": commissario.user_id})
    return commissario


# --- Valutazione per istanza ---------------------------------------------------------------

@transaction.atomic
def ammetti(*, autore, candidatura) -> Valutazione:
    """«Ammetti»: the admission requirements are met (after any correction)."""
    procedura, candidatura, valutazione = _prepara_istanza(candidatura.procedura, candidatura,
                                                          autore)
    if valutazione.esito == Esito.AMMESSA:
        raise ValidationError("L'istanza è già ammessa.")
    if candidatura.stato == StatoCandidatura.IN_ISTRUTTORIA:
        raise ValidationError("È aperta una richiesta di integrazione: attendi la risposta o "
                              "la scadenza.")
    mancanti = selectors.requisiti_mancanti(criteri_con_regole(procedura), candidatura,
                                            valutazione)
    if mancanti:
        raise ValidationError("Requisiti di ammissione non posseduti: " + "; ".join(mancanti)
                              + ". Escludi l'istanza con una motivazione, oppure correggi il "
                                "valore dichiarato con una nota.")
    return _registra_esito(autore, procedura, candidatura, valutazione, Esito.AMMESSA, "")


@transaction.atomic
def escludi(*, autore, candidatura, motivazione: str) -> Valutazione:
    """«Escludi» with a motivazione (shown in the graduatoria)."""
    motivazione = (motivazione or "").strip()
    if not motivazione:
        raise ValidationError({"motivazione": "La motivazione dell'esclusione è obbligatoria."})
    procedura, candidatura, valutazione = _prepara_istanza(candidatura.procedura, candidatura,
                                                          autore)
    if candidatura.stato == StatoCandidatura.IN_ISTRUTTORIA:
        raise ValidationError("È aperta una richiesta di integrazione: attendi la risposta o "
                              "la scadenza.")
    return _registra_esito(autore, procedura, candidatura, valutazione, Esito.ESCLUSA,
                           motivazione)


def _registra_esito(autore, procedura, candidatura, valutazione, esito, motivazione):
    prima = valutazione.esito
    era_incompleta = bool(valutazione_incompleta(procedura))
    valutazione.esito, valutazione.motivazione = esito, motivazione
    valutazione.esito_da, valutazione.esito_il = autore, timezone.now()
    valutazione.full_clean()
    valutazione.save()
    registra_esito_valutazione(candidatura=candidatura, ammessa=esito == Esito.AMMESSA)
    registra_evento(autore=autore, azione=f"graduatorie.{esito}", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=("Istanza ammessa" if esito == Esito.AMMESSA
                                 else f"Istanza esclusa: {motivazione}"),
                    dettagli={"da": prima, "a": esito, "motivazione": motivazione})
    _avvisa_se_appena_completa(procedura, era_incompleta)
    return valutazione


def _avvisa_se_appena_completa(procedura, era_incompleta: bool) -> None:
    """The outcome or the score that completes the evaluation (every istanza with its outcome
    and every commissario's marks) tells the DS to conclude it: once, not before."""
    if era_incompleta and not valutazione_incompleta(procedura):
        _avvisa_dirigenti(procedura, f"Istanze valutate – {procedura.oggetto}",
                          f"Ogni istanza della procedura «{procedura.oggetto}» ha un esito "
                          "(ammessa o esclusa) e i punteggi di tutta la commissione. "
                          "Controllali e concludi la valutazione per formare la graduatoria "
                          "provvisoria.", url=_url_valutazione(procedura))


def valore_da_testo(criterio, testo: str, lode: bool = False):
    """A corrected value typed by the commission, checked like a declaration."""
    testo = (testo or "").strip()
    if criterio.tipo in (TipoCriterio.FISSO, TipoCriterio.REQUISITO):
        if testo.lower() in ("si", "sì", "1", "true"):
            return True
        if testo.lower() in ("no", "0", "false", ""):
            return False
        raise ValidationError({"valore": "Indica «sì» o «no»."})
    if criterio.tipo == TipoCriterio.PER_UNITA:
        # read as every number typed in the portal: «1.000» is a thousand, «2,5» two and a half
        letto = formato.da_testo(testo)
        if letto is None:
            raise ValidationError({"valore": "Indica un numero (es. 3 o 2,5)."})
        numero = Decimal(letto or "0")
        if numero < 0 or numero > 1000 or not numero.is_finite():
            raise ValidationError({"valore": "Indica un numero tra 0 e 1000."})
        return format(numero.normalize(), "f") if numero else "0"  # «1000», never «1E+3»
    if criterio.tipo == TipoCriterio.VOTO_LAUREA:
        if not testo:
            return None
        errore = (regole.errore_voto(criterio, int(testo), bool(lode)) if testo.isdigit()
                  else "Il voto è un numero intero.")
        if errore:
            raise ValidationError({"valore": errore})
        return {"voto": int(testo), "lode": bool(lode)}
    raise ValidationError({"criterio": "I criteri valutati dalla commissione non si correggono: "
                           "assegna il punteggio."})


def _applica_correzione(autore, valutazione, candidatura, criterio, valore, nota) -> Correzione:
    nota = (nota or "").strip()
    if not nota:
        raise ValidationError({"nota": "Una correzione richiede sempre una nota che la motivi."})
    if criterio.procedura_id != candidatura.procedura_id:
        raise ValidationError({"criterio": "Il criterio non appartiene a questa procedura."})
    chiave = str(criterio.pk)
    prima = valutazione.valori_corretti.get(chiave, candidatura.dichiarazioni.get(chiave))
    correzione = Correzione(valutazione=valutazione, criterio=criterio, valore_dichiarato=prima,
                            valore_corretto=valore, nota=nota, autore=autore)
    correzione.full_clean()
    correzione.save()
    valutazione.valori_corretti = {**valutazione.valori_corretti, chiave: valore}
    valutazione.save(update_fields=["valori_corretti"])
    registra_evento(autore=autore, azione="graduatorie.valore_corretto", oggetto=candidatura,
                    istituto=candidatura.procedura.istituto,
                    descrizione=f"Corretto «{criterio.descrizione}»: {nota}",
                    dettagli={"criterio": criterio.pk, "prima": prima, "dopo": valore,
                              "nota": nota})
    return correzione


@transaction.atomic
def correggi_valore(*, autore, candidatura, criterio, valore, nota: str) -> Correzione:
    """A commissario corrects a declared value, never without a note (audited)."""
    procedura, candidatura, valutazione = _prepara_istanza(candidatura.procedura, candidatura,
                                                          autore)
    return _applica_correzione(autore, valutazione, candidatura, criterio, valore, nota)


@transaction.atomic
def correggi_categoria(*, autore, candidatura, categoria: str, nota: str) -> Correzione:
    """A commissario corrects the category (interno, altra scuola, altra PA, privato), never
    without a note: the ranking follows the corrected one (audited; the candidate reads it
    in «Esito e reclami»)."""
    nota = (nota or "").strip()
    if not nota:
        raise ValidationError({"nota": "Una correzione richiede sempre una nota che la motivi."})
    procedura, candidatura, valutazione = _prepara_istanza(candidatura.procedura, candidatura,
                                                          autore)
    if categoria not in procedura.categorie_ammesse:
        raise ValidationError({"categoria": "L'avviso non ammette questa categoria."})
    prima = selectors.categoria_di(candidatura, valutazione)
    if categoria == prima:
        raise ValidationError({"categoria": "È già la categoria dell'istanza."})
    correzione = Correzione(valutazione=valutazione, criterio=None, valore_dichiarato=prima,
                            valore_corretto=categoria, nota=nota, autore=autore)
    correzione.full_clean()
    correzione.save()
    valutazione.categoria = "" if categoria == candidatura.categoria else categoria
    valutazione.save(update_fields=["categoria"])
    registra_evento(autore=autore, azione="graduatorie.categoria_corretta", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=f"Categoria corretta da «{correzione.prima_in_parole}» a "
                                f"«{correzione.dopo_in_parole}»: {nota}",
                    dettagli={"prima": prima, "dopo": categoria, "nota": nota})
    return correzione


@transaction.atomic
def assegna_punteggi(*, autore, candidatura, punteggi: dict) -> int:
    """The commissario's own marks for the manual criteria ({criterio: Decimal})."""
    procedura, candidatura, valutazione = _prepara_istanza(candidatura.procedura, candidatura,
                                                          autore)
    errori = {}
    for criterio, punti in punteggi.items():
        if (criterio.procedura_id != procedura.pk or criterio.tipo != TipoCriterio.MANUALE
                or not regole.applicabile(criterio, selectors.categoria_di(candidatura,
                                                                           valutazione))):
            raise ValidationError("Il criterio non è valutato dalla commissione per questa "
                                  "istanza.")
        if punti is None or punti < 0 or punti > (criterio.massimo or 0):
            errori[f"criterio_{criterio.pk}"] = (
                f"Il punteggio di «{criterio.descrizione}» va da 0 a "
                f"{criterio.massimo.normalize():f}.")
    if errori:
        raise ValidationError(errori)
    era_incompleta = bool(valutazione_incompleta(procedura))
    for criterio, punti in punteggi.items():
        PunteggioCommissione.objects.update_or_create(
            valutazione=valutazione, criterio=criterio, commissario=autore,
            defaults={"punti": punti})
    registra_evento(autore=autore, azione="graduatorie.punteggi_assegnati", oggetto=candidatura,
                    istituto=procedura.istituto, descrizione="Punteggi della commissione assegnati",
                    dettagli={str(c.pk): str(p) for c, p in punteggi.items()})
    _avvisa_se_appena_completa(procedura, era_incompleta)
    return len(punteggi)


# --- Graduatoria -----------------------------------------------------------------------------

def calcola_righe(procedura) -> dict:
    criteri = list(procedura.criteri.all())
    return calcolo.calcola(criteri, selectors.istanze_per_graduatoria(procedura),
                           piu_giovane_prima=procedura.parita_precede_piu_giovane)


def _registra_pubblicazione(versione, *, autore) -> None:
    """A published version is an act of the DS: registered in uscita, as the last step of the
    action (the protocol counter is the row every registration shares)."""
    procedura = versione.procedura
    versione.pubblicata_da = autore
    versione.protocollo = protocolla(
        istituto=procedura.istituto, verso=Protocollo.Verso.USCITA, riferimento=versione,
        oggetto=f"Graduatoria {versione.get_tipo_display().lower()} (versione "
                f"{versione.numero}) – {procedura.oggetto}")
    versione.save(update_fields=["pubblicata_da", "protocollo"])


def _nuova_versione(procedura, *, autore, tipo, motivo, pubblica_il=None,
                    scadenza_reclami=None) -> Graduatoria:
    righe = calcola_righe(procedura)
    ultima = Graduatoria.objects.filter(procedura=procedura).order_by("-numero").first()
    versione = Graduatoria(procedura=procedura, numero=(ultima.numero + 1) if ultima else 1,
                           tipo=tipo, righe=righe, sha256=calcolo.sigillo(righe), motivo=motivo,
                           creata_da=autore, pubblicata_il=pubblica_il,
                           scadenza_reclami=scadenza_reclami)
    versione.full_clean()
    versione.save()
    registra_evento(autore=autore, azione="graduatorie.versione_creata", oggetto=procedura,
                    descrizione=f"Graduatoria {versione.get_tipo_display().lower()} versione "
                                f"{versione.numero}: {motivo}",
                    dettagli={"versione": versione.numero, "sha256": versione.sha256})
    return versione


def valutazione_incompleta(procedura, righe=None) -> str:
    """Why the evaluation cannot be concluded yet («4 istanze valutate su 5: …»), or "": the
    confirmation page says it before offering the irreversible button, the service refuses.
    `righe`: `selectors.avanzamento(procedura)` when the caller has read it."""
    righe = selectors.avanzamento(procedura) if righe is None else righe
    valutate, totale = selectors.conteggio_avanzamento(righe)
    if valutate >= totale:
        return ""
    return (f"{quantita(valutate, 'istanza valutata')} su {totale}: completa la valutazione di "
            "tutte prima di concluderla.")


@transaction.atomic
def concludi_valutazione(*, autore, membership, procedura, adesso=None) -> Graduatoria:
    """«Concludi valutazione istanze»: only when every application is evaluated; generates
    the provisional graduatoria (version 1, not yet published)."""
    _ruolo(membership, procedura, DIRIGENZA, "Concludi valutazione istanze")
    bloccata = _blocca_procedura(procedura)
    _in_valutazione(bloccata)
    if motivo := valutazione_incompleta(bloccata):
        raise ValidationError(motivo)
    procedure_services.concludi_valutazione(autore=autore, membership=membership,
                                            procedura=bloccata, adesso=adesso)
    versione = _nuova_versione(bloccata, autore=autore, tipo=TipoGraduatoria.PROVVISORIA,
                               motivo="Conclusione della valutazione delle istanze")
    # the commissari sign the verbale: told it is ready, where to download it
    for commissario in selectors.commissari_di(bloccata).exclude(user=autore):
        notifica(destinatario=commissario.user, istituto=bloccata.istituto,
                 oggetto=f"Valutazione conclusa – {bloccata.oggetto}",
                 testo=f"{autore.nome_completo} ha concluso la valutazione delle istanze della "
                       f"procedura «{bloccata.oggetto}». Il verbale della commissione, da "
                       "firmare, si scarica dalla pagina «Valutazione istanze».",
                 url=_url_valutazione(bloccata))
    return versione


def _avvisa_candidati(procedura, oggetto: str, testo: str) -> int:
    """Every candidate of the ranking; an excluded one reads, in the same notice, that the
    application is excluded and why (not only that «the ranking is published»)."""
    quanti = 0
    for candidatura in selectors.candidature_valutabili(procedura).select_related(
            "candidato", "valutazione"):
        personale = testo
        if candidatura.stato == StatoCandidatura.ESCLUSA:
            motivo = getattr(getattr(candidatura, "valutazione", None), "motivazione", "")
            personale += (" La tua istanza è esclusa dalla graduatoria"
                          + (f": {motivo.rstrip('.')}." if motivo else ".")
                          + " Il motivo e i passi successivi sono nella pagina «Esito e reclami».")
        else:
            personale += (" Nella pagina «Esito e reclami» trovi il tuo punteggio criterio per "
                          "criterio.")
        notifica(destinatario=candidatura.candidato, istituto=procedura.istituto,
                 oggetto=oggetto, testo=personale, url=_url_candidato(candidatura))
        quanti += 1
    return quanti


@transaction.atomic
def pubblica_graduatoria(*, autore, membership, procedura, adesso=None) -> Graduatoria:
    """«Pubblica graduatoria provvisoria»: public page and PDF; the reclami window opens."""
    _ruolo(membership, procedura, (Ruolo.DS,), "Pubblica graduatoria provvisoria")
    procedura = _blocca_procedura(procedura)
    adesso = adesso or timezone.now()
    versione = Graduatoria.objects.filter(procedura=procedura).order_by("-numero").first()
    if procedura.stato != Stato.VALUTATA or versione is None or versione.pubblicata_il:
        raise ValidationError("Non c'è una graduatoria provvisoria da pubblicare.")
    versione.pubblicata_il = adesso
    # «entro N giorni dalla pubblicazione», as the law counts a term in days
    versione.scadenza_reclami = termine_in_giorni(adesso, procedura.giorni_reclami)
    versione.save(update_fields=["pubblicata_il", "scadenza_reclami"])
    registra_evento(autore=autore, azione="graduatorie.pubblicata", oggetto=procedura,
                    descrizione=f"Pubblicata la graduatoria provvisoria (versione "
                                f"{versione.numero}); reclami entro "
                                f"{data_con('il', versione.scadenza_reclami, '%d/%m/%Y %H:%M')}",
                    dettagli={"versione": versione.numero, "sha256": versione.sha256})
    _avvisa_candidati(procedura, f"Graduatoria provvisoria – {procedura.oggetto}",
                      f"È pubblicata la graduatoria provvisoria della procedura "
                      f"«{procedura.oggetto}». Puoi presentare reclamo entro "
                      f"{data_con('il', versione.scadenza_reclami, GIORNO_E_ORA)}.")
    _registra_pubblicazione(versione, autore=autore)
    return versione


def finestra_reclami(procedura):
    """The deadline for reclami: from the first publication of the provisional ranking."""
    prima = Graduatoria.objects.pubblicate().filter(
        procedura=procedura, tipo=TipoGraduatoria.PROVVISORIA).order_by("numero").first()
    return prima.scadenza_reclami if prima else None


def reclami_aperti(procedura, adesso=None) -> bool:
    scadenza = finestra_reclami(procedura)
    return (procedura.stato == Stato.VALUTATA and scadenza is not None
            and (adesso or timezone.now()) <= scadenza)


def reclamo_non_ammesso(procedura, candidatura, adesso=None) -> str | None:
    """Why the candidate cannot file a reclamo now, or None when they can: what
    `presenta_reclamo` checks, for the pages not to offer a reclamo it would refuse."""
    if not reclami_aperti(procedura, adesso):
        return ("Il termine per presentare reclamo è scaduto o la graduatoria provvisoria non è "
                "pubblicata.")
    if candidatura.stato not in (StatoCandidatura.AMMESSA, StatoCandidatura.ESCLUSA):
        return "Questa candidatura non è in graduatoria."
    if Reclamo.objects.filter(candidatura=candidatura, stato=StatoReclamo.PRESENTATO).exists():
        return ("Hai già un reclamo in attesa di risposta: potrai presentarne un altro dopo la "
                "risposta.")
    return None


# --- Reclami ---------------------------------------------------------------------------------

def presenta_reclamo(*, candidato, candidatura, testo: str, documenti_caricati=(),
                     adesso=None) -> Reclamo:
    """The candidate files a reclamo (text + documents) within the procedure's days.

    The filing time is the protocol's registration, read after its counter, and the deadline
    holds at that second (an `adesso` given by a test or the demo is the clock instead). Files
    stored by a transaction that fails, at any step or at the commit, are removed."""
    with documenti.rimossi_se_fallisce() as archiviati:
        return _presenta_reclamo(candidato=candidato, candidatura=candidatura, testo=testo,
                                 documenti_caricati=documenti_caricati, adesso=adesso,
                                 archiviati=archiviati)


@transaction.atomic
def _presenta_reclamo(*, candidato, candidatura, testo, documenti_caricati, adesso, archiviati):
    testo = (testo or "").strip()
    if not testo:
        raise ValidationError({"testo": "Scrivi i motivi del reclamo."})
    if candidatura.candidato_id != candidato.pk:
        raise PermissionDenied("La candidatura non è tua.")
    if len(documenti_caricati) > MASSIMO_DOCUMENTI_RECLAMO:
        raise ValidationError({"documenti": f"Allega al massimo {MASSIMO_DOCUMENTI_RECLAMO} "
                               "documenti."})
    verificati = [documenti.verifica_file(f, tipi=TIPI_DOCUMENTI_RECLAMO)
                  for f in documenti_caricati]
    procedura = _blocca_procedura(candidatura.procedura)
    candidatura = _blocca_candidatura(candidatura)
    ora = adesso or timezone.now()
    motivo = reclamo_non_ammesso(procedura, candidatura, ora)
    if motivo:
        raise ValidationError(motivo)
    versione = selectors.ultima_versione(procedura, pubblicata=True)
    impronta = hashlib.sha256(testo.encode())
    for v in verificati:
        impronta.update(v.sha256.encode())
    reclamo = Reclamo(graduatoria=versione, candidatura=candidatura, testo=testo,
                      presentato_il=ora, sha256=impronta.hexdigest())
    reclamo.full_clean()
    reclamo.save()
    for v in verificati:
        percorso = documenti.archivia(v, cartella="reclami")
        archiviati.append(percorso)
        DocumentoReclamo.objects.create(reclamo=reclamo, percorso=percorso, nome=v.nome,
                                        mime=v.mime, dimensione=v.dimensione, sha256=v.sha256,
                                        contenuti_attivi=list(v.contenuti_attivi))
    # the protocol last (its counter is the row every registration shares), its time read
    # after it: numbers and times of the register grow together
    reclamo.protocollo = protocolla(
        istituto=procedura.istituto, riferimento=reclamo,
        oggetto=f"Reclamo di {candidato} sulla graduatoria provvisoria (versione "
                f"{versione.numero}) – {procedura.oggetto}")
    if adesso is None:
        reclamo.presentato_il = reclamo.protocollo.registrato_il
        if not reclami_aperti(procedura, reclamo.presentato_il):
            raise ValidationError("Il termine per presentare reclamo è scaduto: il reclamo non "
                                  "è stato registrato.")
    reclamo.save(update_fields=["protocollo", "presentato_il"])
    registra_evento(autore=candidato, azione="graduatorie.reclamo_presentato",
                    oggetto=candidatura, istituto=procedura.istituto,
                    descrizione=f"Reclamo presentato contro la graduatoria versione "
                                f"{versione.numero}", dettagli={"reclamo": reclamo.pk})
    for m in Membership.objects.valide().filter(istituto=procedura.istituto, ruolo=Ruolo.DS
                                                ).select_related("user"):
        notifica(destinatario=m.user, istituto=procedura.istituto,
                 oggetto=f"Reclamo sulla graduatoria – {procedura.oggetto}",
                 testo=f"{candidato} ha presentato un reclamo sulla graduatoria provvisoria "
                       f"della procedura «{procedura.oggetto}» (registrato con "
                       f"{reclamo.protocollo.segnatura}).",
                 url=reverse("graduatorie:reclamo", args=[procedura.pk, reclamo.pk]))
    notifica(destinatario=candidato, istituto=procedura.istituto,
             oggetto=f"Reclamo ricevuto – {procedura.oggetto}",
             testo=f"Il tuo reclamo è stato ricevuto e registrato con "
                   f"{reclamo.protocollo.segnatura}: riceverai la risposta nel portale.",
             url=_url_candidato(candidatura))
    return reclamo


def _blocca_reclamo(reclamo, membership, azione):
    procedura = reclamo.candidatura.procedura
    _ruolo(membership, procedura, (Ruolo.DS,), azione)
    procedura = _blocca_procedura(procedura)
    reclamo = Reclamo.objects.select_for_update(of=("self",)).select_related(
        "candidatura__candidato").get(pk=reclamo.pk)
    if reclamo.stato != StatoReclamo.PRESENTATO:
        raise ValidationError("Al reclamo è già stata data risposta.")
    if procedura.stato != Stato.VALUTATA:
        raise ValidationError("La graduatoria è già definitiva.")
    return procedura, reclamo


def _rispondi(reclamo, autore, stato, risposta, nuova=None):
    reclamo.stato, reclamo.risposta = stato, risposta
    reclamo.risposto_da, reclamo.risposto_il, reclamo.nuova_versione = autore, timezone.now(), nuova
    reclamo.full_clean()
    reclamo.save()
    candidatura = reclamo.candidatura
    registra_evento(autore=autore, azione=f"graduatorie.reclamo_{stato}", oggetto=candidatura,
                    istituto=candidatura.procedura.istituto,
                    descrizione=f"Reclamo {reclamo.get_stato_display().lower()}: {risposta}",
                    dettagli={"reclamo": reclamo.pk,
                              "nuova_versione": nuova.numero if nuova else None})
    notifica(destinatario=candidatura.candidato, istituto=candidatura.procedura.istituto,
             oggetto=f"Risposta al reclamo – {candidatura.procedura.oggetto}",
             testo=f"Il tuo reclamo è stato {reclamo.get_stato_display().lower()}: {risposta}",
             url=_url_candidato(candidatura))


@transaction.atomic
def respingi_reclamo(*, autore, membership, reclamo, risposta: str) -> Reclamo:
    risposta = (risposta or "").strip()
    if not risposta:
        raise ValidationError({"risposta": "Motiva la risposta al reclamo."})
    _, reclamo = _blocca_reclamo(reclamo, membership, "Respingi reclamo")
    _rispondi(reclamo, autore, StatoReclamo.RESPINTO, risposta)
    return reclamo


@transaction.atomic
def accogli_reclamo(*, autore, membership, reclamo, risposta: str, correzioni=(),
                    nota: str = "", riammetti: bool = False) -> Graduatoria:
    """Accept a reclamo: the re-evaluation (the corrected values, `correzioni` as (criterio,
    valore) pairs, one or more titles the reclamo disputes, with their note; or the
    readmission of an excluded application) and a new published version; the old is kept.
    When the re-evaluation changes no row, no version is added: the published one is
    returned and the answer says that nothing changed."""
    risposta = (risposta or "").strip()
    if not risposta:
        raise ValidationError({"risposta": "Motiva la risposta al reclamo."})
    if not correzioni and not riammetti:
        raise ValidationError("Indica la nuova valutazione: un valore corretto o la "
                              "riammissione dell'istanza.")
    if len({criterio.pk for criterio, _ in correzioni}) < len(correzioni):
        raise ValidationError("Lo stesso titolo è indicato due volte: indica un solo valore "
                              "corretto per ogni titolo.")
    procedura, reclamo = _blocca_reclamo(reclamo, membership, "Accogli reclamo")
    candidatura = _blocca_candidatura(reclamo.candidatura)
    valutazione = _valutazione(procedura, candidatura)
    for criterio, valore in correzioni:
        _applica_correzione(autore, valutazione, candidatura, criterio, valore, nota or risposta)
    if riammetti:
        if valutazione.esito != Esito.ESCLUSA:
            raise ValidationError({"riammetti": "L'istanza non è esclusa."})
        valutazione.refresh_from_db()
        _registra_esito(autore, procedura, candidatura, valutazione, Esito.AMMESSA, "")
    ultima = selectors.ultima_versione(procedura, pubblicata=True)
    if ultima is not None and calcolo.sigillo(calcola_righe(procedura)) == ultima.sha256:
        # the re-evaluation leaves every row as published: no identical new version
        _rispondi(reclamo, autore, StatoReclamo.ACCOLTO,
                  f"{risposta} (La rivalutazione non cambia la graduatoria pubblicata: resta "
                  f"valida la versione {ultima.numero}.)")
        return ultima
    nuova = _nuova_versione(procedura, autore=autore, tipo=TipoGraduatoria.PROVVISORIA,
                            motivo=f"{reclamo.riferimento} accolto", pubblica_il=timezone.now(),
                            scadenza_reclami=ultima.scadenza_reclami if ultima else None)
    _rispondi(reclamo, autore, StatoReclamo.ACCOLTO, risposta, nuova)
    _avvisa_candidati(procedura, f"Graduatoria rettificata – {procedura.oggetto}",
                      f"A seguito di un reclamo accolto è pubblicata la versione {nuova.numero} "
                      f"della graduatoria provvisoria della procedura «{procedura.oggetto}».")
    _registra_pubblicazione(nuova, autore=autore)
    return nuova


def controlla_approvazione(procedura, adesso=None) -> None:
    """Why the definitive ranking cannot be approved now, if it cannot (also asked before the
    confirmation page, which must not ask for what would be refused)."""
    adesso = adesso or timezone.now()
    if procedura.stato == Stato.CONCLUSA_ESITO:
        raise ValidationError("La graduatoria definitiva è già approvata.")
    scadenza = finestra_reclami(procedura)
    if procedura.stato != Stato.VALUTATA or scadenza is None:
        raise ValidationError("Pubblica prima la graduatoria provvisoria.")
    if adesso <= scadenza:
        raise ValidationError(f"I reclami si possono presentare fino "
                              f"{data_con('al', scadenza, GIORNO_E_ORA)}: la "
                              "graduatoria definitiva si approva dopo.")
    if selectors.reclami_in_attesa(procedura).exists():
        raise ValidationError("Rispondi prima a tutti i reclami presentati.")


@transaction.atomic
def approva_definitiva(*, autore, membership, procedura, adesso=None) -> Graduatoria:
    """«Approva graduatoria definitiva»: after the reclami window, every reclamo answered."""
    _ruolo(membership, procedura, (Ruolo.DS,), "Approva graduatoria definitiva")
    bloccata = _blocca_procedura(procedura)
    adesso = adesso or timezone.now()
    controlla_approvazione(bloccata, adesso)
    versione = _nuova_versione(bloccata, autore=autore, tipo=TipoGraduatoria.DEFINITIVA,
                               motivo="Approvazione della graduatoria definitiva",
                               pubblica_il=adesso)
    procedure_services.approva_graduatoria(autore=autore, membership=membership,
                                           procedura=bloccata, adesso=adesso)
    _avvisa_candidati(bloccata, f"Graduatoria definitiva – {bloccata.oggetto}",
                      f"È pubblicata la graduatoria definitiva della procedura "
                      f"«{bloccata.oggetto}».")
    _registra_pubblicazione(versione, autore=autore)
    return versione


# --- Interpello e scorrimento ----------------------------------------------------------------

def _prossimo(procedura, definitiva) -> int | None:
    """The best-placed candidate of the highest category never called (who refused is not
    called again for the same ranking, seed 002)."""
    chiamati = set(Proposta.objects.filter(procedura=procedura)
                   .values_list("candidatura_id", flat=True))
    return next((c for c in calcolo.ordine_di_chiamata(definitiva.righe) if c not in chiamati),
                None)


def _incarico_libero(procedura) -> int | None:
    """The first post with no live proposal: a proposal waiting for an answer or accepted
    takes it; a refused, expired, skipped or voided one does not."""
    occupati = set(Proposta.objects.filter(
        procedura=procedura, stato__in=[StatoProposta.IN_ATTESA, StatoProposta.ACCETTATA])
        .values_list("incarico", flat=True))
    return next((n for n in range(1, procedura.numero_incarichi + 1) if n not in occupati), None)


def _salta(procedura, definitiva, candidatura, *, incarico, motivazione, autore, adesso):
    """The candidate next in order may not take the post: the skip is a row of the interpello
    (shown in its log, never called again), an event and a notice to the candidate."""
    saltata = Proposta(procedura=procedura, graduatoria=definitiva, candidatura=candidatura,
                       incarico=incarico, scadenza=adesso, creata_da=autore, creata_il=adesso,
                       stato=StatoProposta.SALTATA, motivo=MotivoSenzaIncarico.INCOMPATIBILITA,
                       motivazione=motivazione)
    saltata.full_clean()
    saltata.save()
    registra_evento(autore=autore, azione="graduatorie.proposta_saltata", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=f"Posto n. {incarico} non proposto: {motivazione}",
                    dettagli={"proposta": saltata.pk, "incarico": incarico})
    notifica(destinatario=candidatura.candidato, istituto=procedura.istituto,
             oggetto=f"Incarico non proponibile – {procedura.oggetto}",
             testo=f"Sei in graduatoria per «{procedura.oggetto}», ma l'incarico non ti può "
                   f"essere proposto: {motivazione} L'incarico passa al candidato successivo.",
             url=_url_candidato(candidatura))


def _definitiva(procedura) -> Graduatoria | None:
    return Graduatoria.objects.filter(procedura=procedura, tipo=TipoGraduatoria.DEFINITIVA
                                      ).order_by("-numero").first()


def _crea_proposta(procedura, *, autore, incarico, scadenza, impegno, adesso
                   ) -> Proposta | None:
    """The post to the next candidate in order; who may not take it (an incompatible role
    in the same project) is skipped with the reason on record."""
    definitiva = _definitiva(procedura)
    while True:
        candidatura_id = _prossimo(procedura, definitiva)
        if candidatura_id is None:
            registra_evento(autore=autore, azione="graduatorie.graduatoria_esaurita",
                            oggetto=procedura,
                            descrizione=f"Nessun altro candidato in graduatoria per il posto "
                                        f"n. {incarico}")
            _avvisa_dirigenti(procedura, f"Graduatoria esaurita – {procedura.oggetto}",
                              f"Per il posto n. {incarico} della procedura "
                              f"«{procedura.oggetto}» non restano candidati da interpellare.")
            return None
        candidatura = Candidatura.objects.select_related("candidato").get(pk=candidatura_id)
        motivo = estensioni.conflitto(procedura, candidatura)
        if not motivo:
            break
        _salta(procedura, definitiva, candidatura, incarico=incarico, motivazione=motivo,
               autore=autore, adesso=adesso)
    ore_settimanali, giorni_impegno = impegno
    proposta = Proposta(procedura=procedura, graduatoria=definitiva, candidatura=candidatura,
                        incarico=incarico, scadenza=scadenza, ore_settimanali=ore_settimanali,
                        giorni_impegno=giorni_impegno, creata_da=autore, creata_il=adesso)
    proposta.full_clean()
    proposta.save()
    registra_evento(autore=autore, azione="graduatorie.proposta", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=f"Proposta del posto n. {incarico}, "
                                f"{proposta.impegno or 'impegno non indicato'}, risposta entro "
                                f"{data_con('il', scadenza, '%d/%m/%Y %H:%M')}",
                    dettagli={"proposta": proposta.pk, "incarico": incarico,
                              "ore_settimanali": proposta.ore_in_cifre,
                              "giorni_impegno": giorni_impegno})
    notifica(destinatario=candidatura.candidato, istituto=procedura.istituto,
             oggetto=f"Proposta di incarico – {procedura.oggetto}",
             testo=f"Ti è proposto l'incarico «{procedura.oggetto}»"
                   f"{_periodo(procedura)}{_con_impegno(proposta)}. Rispondi «Accetta» o "
                   f"«Rinuncia» entro {data_con('il', scadenza, GIORNO_E_ORA)}: "
                   "senza risposta entro il termine la proposta vale come rinuncia. Per "
                   f"informazioni: {procedura.istituto.denominazione}, {procedura.istituto.email}"
                   f" (PEC {procedura.istituto.pec}).",
             url=_url_candidato(candidatura))
    return proposta


def _periodo(procedura) -> str:
    """«, dal 10/01/2027 al 31/05/2027» (what of the two dates the avviso gives)."""
    date = [data_con(parola, data, "%d/%m/%Y") for parola, data in
            (("dal", procedura.data_inizio_attivita), ("al", procedura.data_fine_attivita)) if data]
    return ", " + " ".join(date) if date else ""


def _con_impegno(proposta) -> str:
    return f", con un impegno di {proposta.impegno}" if proposta.impegno else ""


def _impegno_valido(ore_settimanali, giorni_impegno) -> tuple:
    """The weekly commitment every offer states: hours and days (seed 002)."""
    giorni = (giorni_impegno or "").strip()
    errori = {}
    if ore_settimanali is None or ore_settimanali < MINIMO_ORE_SETTIMANALI:
        errori["ore_settimanali"] = "Indica le ore settimanali di impegno (almeno mezz'ora)."
    elif ore_settimanali > MASSIMO_ORE_SETTIMANALI:
        errori["ore_settimanali"] = (f"Le ore settimanali non possono superare "
                                     f"{MASSIMO_ORE_SETTIMANALI}.")
    if not giorni:
        errori["giorni_impegno"] = "Indica i giorni (e gli orari) di impegno."
    elif len(giorni) > GIORNI_IMPEGNO_MASSIMO:
        errori["giorni_impegno"] = GIORNI_TROPPO_LUNGHI % {
            "limit_value": GIORNI_IMPEGNO_MASSIMO, "show_value": len(giorni)}
    if errori:
        raise ValidationError(errori)
    return ore_settimanali, giorni


def _avvisa_dirigenti(procedura, oggetto, testo, url=None):
    for m in Membership.objects.valide().filter(istituto=procedura.istituto,
                                                ruolo__in=DIRIGENZA).select_related("user"):
        notifica(destinatario=m.user, istituto=procedura.istituto, oggetto=oggetto, testo=testo,
                 url=url or reverse("graduatorie:interpello", args=[procedura.pk]))


POSTI_OCCUPATI = "Tutti i posti della procedura hanno una proposta accettata o in attesa di risposta."
GRADUATORIA_ESAURITA = "Non restano candidati in graduatoria da interpellare."


@transaction.atomic
def proponi_incarico(*, autore, membership, procedura, scadenza, ore_settimanali,
                     giorni_impegno, adesso=None) -> Proposta:
    """«Proponi incarico»: to the next candidate in the definitive ranking, with a reply
    deadline of at least 24 hours and the weekly commitment (hours, days) the offer states."""
    _ruolo(membership, procedura, DIRIGENZA, "Proponi incarico")
    impegno = _impegno_valido(ore_settimanali, giorni_impegno)
    procedura = _blocca_procedura(procedura)
    adesso = adesso or timezone.now()
    if procedura.stato != Stato.CONCLUSA_ESITO:
        raise ValidationError("Le proposte si fanno dalla graduatoria definitiva.")
    if scadenza is None or scadenza < adesso + RISPOSTA_MINIMA:
        raise ValidationError({"scadenza": "Il termine per rispondere deve essere di almeno "
                               "24 ore da adesso."})
    incarico = _incarico_libero(procedura)
    if incarico is None:
        raise ValidationError(POSTI_OCCUPATI)
    proposta = _crea_proposta(procedura, autore=autore, incarico=incarico, scadenza=scadenza,
                              impegno=impegno, adesso=adesso)
    if proposta is None:
        raise ValidationError(GRADUATORIA_ESAURITA)
    return proposta


def prossimo_da_interpellare(procedura) -> tuple[Candidatura | None, str]:
    """Who «Proponi incarico» would call now, for the confirmation to name (the proposal
    itself may still skip them, if they hold an incompatible role in the same project), or
    why it cannot succeed: the interpello page says it instead of offering a button that
    leads only to a refusal."""
    if _incarico_libero(procedura) is None:
        return None, POSTI_OCCUPATI
    definitiva = _definitiva(procedura)
    candidatura_id = _prossimo(procedura, definitiva) if definitiva is not None else None
    if candidatura_id is None:
        return None, GRADUATORIA_ESAURITA
    return Candidatura.objects.select_related("candidato").get(pk=candidatura_id), ""


def _blocca_proposta(proposta) -> tuple[ProceduraSelezione, Proposta]:
    procedura = _blocca_procedura(proposta.procedura)
    proposta = Proposta.objects.select_for_update(of=("self",)).select_related(
        "candidatura__candidato").get(pk=proposta.pk)
    return procedura, proposta


def _scorri(procedura, proposta, adesso) -> Proposta | None:
    """After a refusal or the silence: the same incarico to the next one, same reply time,
    same weekly commitment."""
    durata = max(proposta.scadenza - proposta.creata_il, RISPOSTA_MINIMA)
    return _crea_proposta(procedura, autore=None, incarico=proposta.incarico,
                          scadenza=adesso + durata,
                          impegno=(proposta.ore_settimanali, proposta.giorni_impegno),
                          adesso=adesso)


@transaction.atomic
def accetta_proposta(*, candidato, proposta, adesso=None) -> Proposta:
    """«Accetta»: refused by the clock after the deadline, whatever the worker did. What the
    acceptance starts (the Incarico «in preparazione») is `estensioni.accettazione`, from
    incarichi; the DS is told its outcome."""
    procedura, proposta = _blocca_proposta(proposta)
    adesso = adesso or timezone.now()
    if proposta.candidatura.candidato_id != candidato.pk:
        raise PermissionDenied("La proposta non è rivolta a te.")
    if proposta.stato != StatoProposta.IN_ATTESA:
        raise ValidationError("Hai già risposto a questa proposta, o il termine è scaduto.")
    if adesso > proposta.scadenza:
        raise ValidationError("Il termine per rispondere è scaduto "
                              f"{data_con('il', proposta.scadenza, GIORNO_E_ORA)}: "
                              "la mancata risposta vale come rinuncia.")
    proposta.stato, proposta.risposta_il = StatoProposta.ACCETTATA, adesso
    proposta.save(update_fields=["stato", "risposta_il"])
    registra_evento(autore=candidato, azione="graduatorie.proposta_accettata",
                    oggetto=proposta.candidatura, istituto=procedura.istituto,
                    descrizione=f"Posto n. {proposta.incarico} accettato: in attesa del "
                                "conferimento (Incarico)",
                    dettagli={"proposta": proposta.pk})
    frase = estensioni.accettazione(candidato, proposta)
    # the notice leads to the incarico prepared, where the DS goes on; to the interpello if none
    preparato = estensioni.preparati(procedura).get(proposta.candidatura_id)
    _avvisa_dirigenti(procedura, f"Incarico accettato – {procedura.oggetto}",
                      f"{candidato} ha accettato la proposta (posto n. {proposta.incarico}) della "
                      f"procedura «{procedura.oggetto}». {frase}",
                      url=preparato.url if preparato else None)
    _conferma_risposta(candidato, procedura, proposta, "Proposta accettata",
                       f"Hai accettato {_quando(proposta)} la proposta di incarico della "
                       f"procedura «{procedura.oggetto}». L'istituto ti contatterà per il "
                       "conferimento dell'incarico.")
    return proposta


def _quando(proposta) -> str:
    return data_con("il", proposta.risposta_il, GIORNO_E_ORA)


def _conferma_risposta(candidato, procedura, proposta, oggetto, testo):
    """The candidate's own record of their answer, in the portal and by e-mail."""
    notifica(destinatario=candidato, istituto=procedura.istituto,
             oggetto=f"{oggetto} – {procedura.oggetto}", testo=testo,
             url=_url_candidato(proposta.candidatura))


@transaction.atomic
def rinuncia_proposta(*, candidato, proposta, adesso=None) -> Proposta:
    """«Rinuncia»: the incarico goes to the next candidate at once."""
    procedura, proposta = _blocca_proposta(proposta)
    adesso = adesso or timezone.now()
    if proposta.candidatura.candidato_id != candidato.pk:
        raise PermissionDenied("La proposta non è rivolta a te.")
    if proposta.stato != StatoProposta.IN_ATTESA or adesso > proposta.scadenza:
        raise ValidationError("Hai già risposto a questa proposta, o il termine è scaduto.")
    proposta.stato, proposta.risposta_il = StatoProposta.RINUNCIATA, adesso
    proposta.save(update_fields=["stato", "risposta_il"])
    registra_evento(autore=candidato, azione="graduatorie.proposta_rinunciata",
                    oggetto=proposta.candidatura, istituto=procedura.istituto,
                    descrizione=f"Rinuncia al posto n. {proposta.incarico}",
                    dettagli={"proposta": proposta.pk})
    successiva = _scorri(procedura, proposta, adesso)
    _avvisa_dirigenti(
        procedura, f"Rinuncia all'incarico – {procedura.oggetto}",
        f"{candidato} ha rinunciato alla proposta (posto n. {proposta.incarico}) della procedura "
        f"«{procedura.oggetto}». " + (
            f"La proposta è passata {a_chi(successiva.candidatura.candidato)}, che risponde entro "
            f"{data_con('il', successiva.scadenza, GIORNO_E_ORA)}."
            if successiva is not None else ""))  # none left: «Graduatoria esaurita» says it
    _conferma_risposta(candidato, procedura, proposta, "Rinuncia registrata",
                       f"Hai rinunciato {_quando(proposta)} alla proposta di incarico della "
                       f"procedura «{procedura.oggetto}».")
    return proposta


@transaction.atomic
def annulla_accettazione(*, autore, membership, proposta, motivo: str, motivazione: str,
                         adesso=None) -> Proposta | None:
    """«Annulla l'accettazione»: an accepted proposal that no Incarico can follow (an
    incompatibility, a failed pre-contract check, the candidate's later renunciation,
    decadenza). The DS records why; the candidate is told; what the acceptance prepared is
    undone (`estensioni.annullamento`: incarichi revokes the Incarico still in preparation and
    refuses when its act is issued — that one is revoked from its own page, not here); the post
    goes to the next candidate in order, with the same reply time. Returns that new proposal
    (None when nobody is left)."""
    _ruolo(membership, proposta.procedura, (Ruolo.DS,), "Annulla l'accettazione")
    procedura, proposta = _blocca_proposta(proposta)
    adesso = adesso or timezone.now()
    if proposta.stato != StatoProposta.ACCETTATA:
        raise ValidationError("Si annulla solo una proposta accettata.")
    motivazione = (motivazione or "").strip()
    errori = {}
    if motivo not in MotivoSenzaIncarico.values:
        errori["motivo"] = "Scegli il motivo per cui l'incarico non può essere conferito."
    if not motivazione:
        errori["motivazione"] = "Scrivi la motivazione: il candidato la riceve."
    if errori:
        raise ValidationError(errori)
    etichetta = MotivoSenzaIncarico(motivo).label
    annullato = estensioni.annullamento(
        autore=autore, membership=membership, proposta=proposta,
        motivazione=f"Accettazione annullata ({etichetta.lower()}): {motivazione}")
    proposta.stato, proposta.motivo, proposta.motivazione = (StatoProposta.ANNULLATA, motivo,
                                                             motivazione)
    proposta.annullata_da, proposta.annullata_il = autore, adesso
    proposta.full_clean()
    proposta.save(update_fields=["stato", "motivo", "motivazione", "annullata_da",
                                 "annullata_il"])
    registra_evento(autore=autore, azione="graduatorie.accettazione_annullata",
                    oggetto=proposta.candidatura, istituto=procedura.istituto,
                    descrizione=f"Accettazione del posto n. {proposta.incarico} annullata "
                                f"({etichetta.lower()}): {motivazione}",
                    dettagli={"proposta": proposta.pk, "motivo": motivo, **annullato})
    notifica(destinatario=proposta.candidatura.candidato, istituto=procedura.istituto,
             oggetto=f"Incarico non conferito – {procedura.oggetto}",
             testo=f"La tua accettazione dell'incarico «{procedura.oggetto}» non può avere "
                   f"seguito. Motivo: {etichetta.lower()}. {motivazione} L'incarico passa al "
                   "candidato successivo in graduatoria.",
             url=_url_candidato(proposta.candidatura))
    return _scorri(procedura, proposta, adesso)


@transaction.atomic
def scadi_proposta(proposta_id: int, adesso=None) -> bool:
    """Silence at the deadline counts as rinuncia; idempotent (state guard under lock)."""
    proposta = Proposta.objects.filter(pk=proposta_id).select_related("procedura").first()
    if proposta is None:
        return False
    procedura, proposta = _blocca_proposta(proposta)
    adesso = adesso or timezone.now()
    if proposta.stato != StatoProposta.IN_ATTESA or adesso <= proposta.scadenza:
        return False
    proposta.stato = StatoProposta.SCADUTA
    proposta.save(update_fields=["stato"])
    registra_evento(autore=None, azione="graduatorie.proposta_scaduta",
                    oggetto=proposta.candidatura, istituto=procedura.istituto,
                    descrizione=f"Nessuna risposta alla proposta del posto n. "
                                f"{proposta.incarico} entro il termine: vale come rinuncia",
                    dettagli={"proposta": proposta.pk})
    notifica(destinatario=proposta.candidatura.candidato, istituto=procedura.istituto,
             oggetto=f"Proposta scaduta – {procedura.oggetto}",
             testo="Il termine per rispondere alla proposta di incarico è scaduto: la mancata "
                   "risposta vale come rinuncia.", url=_url_candidato(proposta.candidatura))
    _scorri(procedura, proposta, adesso)
    return True


def scadi_proposte(adesso=None) -> int:
    adesso = adesso or timezone.now()
    ids = list(selectors.proposte_in_attesa_scadute(adesso).values_list("pk", flat=True)[:500])
    return sum(1 for pk in ids if scadi_proposta(pk, adesso))
