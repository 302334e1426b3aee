"""Every action on a procedura di selezione: one function each, transactional, audited.

`_esegui` is the single mutator of the state: it locks the row, first applies what time has
already decided (opening at data_apertura, closing at data_chiusura), then checks the
transition table in `stati.py` and the role, records the event and tells the other apps.
"""

import logging
import re
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Membership, Ruolo
from fabbisogno.models import CENTESIMO, SchedaProgettuale, StatoScheda, lordo_dipendente
from fabbisogno.selectors import aliquota_alla_data
from portale import disponibilita
from portale.accoda import accoda
from portale.formato import euro
from portale.lingua import GIORNO_E_ORA, data_con, quantita
from portale.services.eventi import registra_evento
from portale.services.notifiche import notifica

from . import avviso, calendario, griglie
from . import criteri as regole
from .models import (
    AllegatoRichiesto,
    BaseCompenso,
    CampoModulo,
    Criterio,
    EsitoProroga,
    ProceduraSelezione,
    ProrogaMalfunzionamento,
    SezioneModulo,
    Stato,
    TipoCampo,
    TipoCriterio,
)
from .signals import transizione_eseguita
from .stati import TRANSIZIONI, TransizioneNonConsentita, consentita, destinazione

logger = logging.getLogger(__name__)

CAMPI_INFORMAZIONI = (
    "oggetto", "tipologia_incarico", "progetto", "profilo", "numero_incarichi", "compenso",
    "base_compenso", "modalita_pagamento", "data_inizio_attivita", "data_fine_attivita", "luogo",
    "ammette_interni", "ammette_altre_scuole", "ammette_altre_pa", "ammette_privati",
    "requisiti_ammissione", "modalita_svolgimento", "giorni_reclami",
    "parita_precede_piu_giovane", "informativa_privacy",
)


# --- the single mutator ------------------------------------------------------------------

def _blocca(procedura: ProceduraSelezione) -> ProceduraSelezione:
    return ProceduraSelezione.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "istituto").get(pk=procedura.pk)


def _verifica_ruolo(azione: str, membership: Membership | None, procedura) -> None:
    ruoli = TRANSIZIONI[azione].ruoli
    if membership is None or membership.ruolo not in ruoli:
        raise PermissionDenied(
            f"Il tuo ruolo non consente «{TRANSIZIONI[azione].etichetta}».")
    if membership.istituto_id != procedura.istituto_id:
        raise PermissionDenied("La procedura appartiene a un altro istituto.")


def _cambia_stato(procedura, azione: str, *, autore, adesso, descrizione: str,
                  dettagli: dict | None = None, nuova=None) -> None:
    if not consentita(azione, procedura.stato):
        raise TransizioneNonConsentita(azione, procedura.stato)
    precedente = procedura.stato
    procedura.stato = destinazione(azione, procedura.stato, procedura.stato_precedente)
    if procedura.stato in (Stato.SOSPESA, Stato.IN_REVISIONE):
        procedura.stato_precedente = precedente
    elif precedente in (Stato.SOSPESA, Stato.IN_REVISIONE):
        procedura.stato_precedente = ""
    procedura.save()
    registra_evento(autore=autore, azione=f"procedura.{azione}", oggetto=procedura,
                    descrizione=descrizione,
                    dettagli={"da": precedente, "a": procedura.stato, **(dettagli or {})})
    transizione_eseguita.send(sender=ProceduraSelezione, procedura=procedura, azione=azione,
                              autore=autore, nuova=nuova)


def _esegui(azione: str, *, autore, membership, procedura, adesso=None):
    """Lock, align to the clock, check role and table; returns the locked procedure."""
    adesso = adesso or timezone.now()
    _verifica_ruolo(azione, membership, procedura)
    procedura = _blocca(procedura)
    _allinea_al_tempo(procedura, adesso)
    if not consentita(azione, procedura.stato):
        raise TransizioneNonConsentita(azione, procedura.stato)
    return procedura, adesso


def _allinea_al_tempo(procedura: ProceduraSelezione, adesso: datetime) -> None:
    """Persist what the dates have already decided (idempotent; row already locked)."""
    effettivo = calendario.stato_effettivo(procedura, adesso)
    if effettivo == procedura.stato:
        return
    if procedura.stato == Stato.PUBBLICATA:
        _cambia_stato(procedura, "apertura_programmata", autore=None, adesso=adesso,
                      descrizione="Apertura dei termini alla data programmata")
        _avvisa_dirigenti(procedura, "aperta", e_chi_l_ha_redatta=True)
    if procedura.stato == Stato.APERTA and effettivo == Stato.CHIUSA:
        _cambia_stato(procedura, "chiusura", autore=None, adesso=adesso,
                      descrizione="Chiusura dei termini di presentazione delle candidature")
        _avvisa_dirigenti(procedura, "chiusa", e_chi_l_ha_redatta=True)


def _avvisa_dirigenti(procedura: ProceduraSelezione, cosa: str, testo: str = "", *,
                      e_chi_l_ha_redatta: bool = False) -> None:
    """Tell the DS; with `e_chi_l_ha_redatta`, also who drafted it while still in the office
    (the segreteria that then works the applications), once each."""
    ruoli = Q(ruolo=Ruolo.DS)
    if e_chi_l_ha_redatta and procedura.creata_da_id:
        ruoli |= Q(user_id=procedura.creata_da_id, ruolo__in=TRANSIZIONI["salva"].ruoli)
    destinatari = {m.user for m in Membership.objects.valide().filter(
        ruoli, istituto_id=procedura.istituto_id).select_related("user")}
    for destinatario in sorted(destinatari, key=lambda persona: persona.pk):
        notifica(destinatario=destinatario, istituto=procedura.istituto,
                 oggetto=f"Procedura «{procedura.oggetto}» {cosa}",
                 testo=testo or f"La procedura di selezione «{procedura.oggetto}» è {cosa}.",
                 url=f"/procedure/{procedura.pk}/")


# --- drafting ----------------------------------------------------------------------------

def _solo_redazione(membership, procedura=None) -> None:
    if membership is None or membership.ruolo not in TRANSIZIONI["salva"].ruoli:
        raise PermissionDenied("Il tuo ruolo non consente di redigere procedure di selezione.")
    if procedura is not None and procedura.istituto_id != membership.istituto_id:
        raise PermissionDenied("La procedura appartiene a un altro istituto.")


def _inizio_passato(inizio, adesso) -> bool:
    """The activities' start is before today (`adesso`'s day, in the portal's time zone)."""
    return bool(inizio) and inizio < timezone.localdate(adesso)


def errori_delle_date(*, inizio, fine, adesso, inizio_salvato=None) -> dict[str, str]:
    """Every error of the activities' dates at once (read by the form too, so that one
    «Salva» says them all): a start already past, unless it is the one saved earlier, and an
    end before the start."""
    errori = {}
    if inizio != inizio_salvato and _inizio_passato(inizio, adesso):
        errori["data_inizio_attivita"] = "L'inizio delle attività non può essere già passato."
    if inizio and fine and fine < inizio:
        errori["data_fine_attivita"] = "La fine delle attività non può precedere l'inizio."
    return errori


def _date_coerenti(**date) -> None:
    if errori := errori_delle_date(**date):
        raise ValidationError(errori)


@transaction.atomic
def crea_procedura(*, autore, membership, **dati) -> ProceduraSelezione:
    """«Crea procedura di selezione»: a draft, completed in any order afterwards."""
    _solo_redazione(membership)
    _date_coerenti(inizio=dati.get("data_inizio_attivita"), fine=dati.get("data_fine_attivita"),
                   adesso=timezone.now())
    procedura = ProceduraSelezione(istituto=membership.istituto, creata_da=autore)
    for campo in CAMPI_INFORMAZIONI:
        if campo in dati:
            setattr(procedura, campo, dati[campo])
    procedura.full_clean()
    procedura.save()
    registra_evento(autore=autore, azione="procedura.creata", oggetto=procedura,
                    descrizione=f"Creata la procedura «{procedura.oggetto}» in bozza")
    return procedura


class ProceduraGiaGenerata(ValidationError):
    """The scheda already has its procedure (not annulled): a second click, or a second tab,
    must not make a duplicate."""

    def __init__(self, procedura: ProceduraSelezione):
        super().__init__(f"Da questa scheda è già stata generata la procedura di selezione "
                         f"n. {procedura.pk} «{procedura.oggetto}».")
        self.procedura = procedura


@transaction.atomic
def genera_da_scheda(*, autore, membership, scheda: SchedaProgettuale) -> ProceduraSelezione:
    """«Genera procedura di selezione» from a concluded scheda, prefilled. One live procedure
    a scheda: another only after the first is annulled (ProceduraGiaGenerata)."""
    _solo_redazione(membership)
    if scheda.istituto_id != membership.istituto_id:
        raise PermissionDenied("La scheda appartiene a un altro istituto.")
    # the scheda's row locked: two clicks at once generate one procedure
    scheda = SchedaProgettuale.objects.select_for_update().get(pk=scheda.pk)
    esistente = (ProceduraSelezione.objects.filter(scheda=scheda)
                 .exclude(stato=Stato.ANNULLATA).order_by("-pk").first())
    if esistente is not None:
        raise ProceduraGiaGenerata(esistente)
    if scheda.stato != StatoScheda.CONCLUSA:
        raise ValidationError("Concludi la scheda progettuale prima di generare la procedura.")
    pagamento = (f"{scheda.ore_previste} ore a {euro(scheda.tariffa_oraria)} l'ora, {scheda.lordo}; "
                 "liquidazione al termine delle attività, previa verifica delle ore svolte.")
    procedura = ProceduraSelezione(
        istituto=scheda.istituto, scheda=scheda, creata_da=autore, oggetto=scheda.titolo,
        tipologia_incarico=scheda.tipologia_incarico, progetto=scheda.chiave_progetto,
        profilo=scheda.descrizione,
        compenso=scheda.importo, modalita_pagamento=pagamento,
        # a rate typed in is an external expert's, all-inclusive; a CCNL rate is lordo dipendente
        base_compenso=(BaseCompenso.LORDO_STATO if scheda.tariffa_manuale is not None
                       else BaseCompenso.LORDO_DIPENDENTE),
        data_inizio_attivita=scheda.data_inizio, data_fine_attivita=scheda.data_fine,
    )
    procedura.full_clean()
    procedura.save()
    registra_evento(autore=autore, azione="procedura.generata", oggetto=procedura,
                    descrizione=f"Procedura generata dalla scheda «{scheda.titolo}»",
                    dettagli={"scheda": scheda.pk})
    registra_evento(autore=autore, azione="scheda.procedura_generata", oggetto=scheda,
                    descrizione=f"Generata la procedura di selezione n. {procedura.pk}")
    return procedura


@transaction.atomic
def salva_informazioni(*, autore, membership, procedura, **dati) -> ProceduraSelezione:
    """«Salva» of the Informazioni generali: partial data allowed while in bozza."""
    procedura, adesso = _esegui("salva", autore=autore, membership=membership,
                                procedura=procedura)
    cambiati = [c for c in CAMPI_INFORMAZIONI if c in dati and getattr(procedura, c) != dati[c]]
    if {"data_inizio_attivita", "data_fine_attivita"} & set(cambiati):
        _date_coerenti(inizio=dati.get("data_inizio_attivita", procedura.data_inizio_attivita),
                       fine=dati.get("data_fine_attivita", procedura.data_fine_attivita),
                       inizio_salvato=procedura.data_inizio_attivita, adesso=adesso)
    for campo in cambiati:
        setattr(procedura, campo, dati[campo])
    procedura.full_clean()
    procedura.save()
    if cambiati:
        registra_evento(autore=autore, azione="procedura.salvata", oggetto=procedura,
                        descrizione="Informazioni generali salvate", dettagli={"campi": cambiati})
    return procedura


def _nome_libero(elementi, campo: str, valore: str, messaggio: str, escluso=None) -> None:
    """One name per element of a kind (case and spaces aside): two «Curriculum vitae» uploads
    or two «Colloquio» rows are a slip, never a choice. `messaggio` names the existing one."""
    chiave = " ".join(str(valore).split()).casefold()
    for elemento in elementi:
        esistente = getattr(elemento, campo)
        if elemento.pk != escluso and " ".join(esistente.split()).casefold() == chiave:
            raise ValidationError({campo: messaggio.format(esistente)})


def _modificabile_nel_modulo(procedura: ProceduraSelezione) -> bool:
    """The candidate form can grow in bozza and, by additions only, in revisione."""
    return procedura.stato in (Stato.BOZZA, Stato.IN_REVISIONE)


def _modulo_cambiato(procedura: ProceduraSelezione) -> None:
    """An element added to the form moves the procedure's last change: the candidates' cached
    form (procedure.modulo.Elementi.del_modulo) is read again at their next step."""
    procedura.save(update_fields=["aggiornata_il"])


@transaction.atomic
def aggiungi_sezione(*, autore, membership, procedura, titolo: str) -> SezioneModulo:
    _solo_redazione(membership, procedura)
    procedura = _blocca(procedura)
    if not _modificabile_nel_modulo(procedura):
        raise TransizioneNonConsentita("salva", procedura.stato)
    sezione = SezioneModulo(procedura=procedura, titolo=titolo,
                            ordine=procedura.sezioni.count() + 1,
                            aggiunta_in_revisione=procedura.stato == Stato.IN_REVISIONE)
    sezione.full_clean()
    sezione.save()
    _modulo_cambiato(procedura)
    registra_evento(autore=autore, azione="procedura.sezione_aggiunta", oggetto=procedura,
                    descrizione=f"Aggiunta la sezione «{titolo}» al modulo di candidatura")
    return sezione


@transaction.atomic
def aggiungi_campo(*, autore, membership, procedura, etichetta: str, tipo: str,
                   obbligatorio: bool = True, opzioni=None, aiuto: str = "",
                   sezione: SezioneModulo | None = None) -> CampoModulo:
    _solo_redazione(membership, procedura)
    procedura = _blocca(procedura)
    if not _modificabile_nel_modulo(procedura):
        raise TransizioneNonConsentita("salva", procedura.stato)
    if sezione is not None and sezione.procedura_id != procedura.pk:
        raise ValidationError({"sezione": "La sezione non appartiene a questa procedura."})
    opzioni = [o.strip() for o in (opzioni or []) if o.strip()]
    if tipo == TipoCampo.SCELTA and len(opzioni) < 2:
        raise ValidationError({"opzioni": "Una scelta da elenco richiede almeno due opzioni."})
    _nome_libero(procedura.campi.all(), "etichetta", etichetta,
                 "Il modulo ha già il campo «{}»: dai a questo un'altra etichetta.")
    campo = CampoModulo(procedura=procedura, sezione=sezione, etichetta=etichetta, tipo=tipo,
                        obbligatorio=obbligatorio, opzioni=opzioni, aiuto=aiuto,
                        ordine=procedura.campi.count() + 1,
                        aggiunto_in_revisione=procedura.stato == Stato.IN_REVISIONE)
    campo.full_clean()
    campo.save()
    _modulo_cambiato(procedura)
    registra_evento(autore=autore, azione="procedura.campo_aggiunto", oggetto=procedura,
                    descrizione=f"Aggiunto il campo «{etichetta}» al modulo di candidatura")
    return campo


@transaction.atomic
def aggiungi_allegato(*, autore, membership, procedura, nome: str, formati: list[str],
                      obbligatorio: bool = True, descrizione: str = "") -> AllegatoRichiesto:
    _solo_redazione(membership, procedura)
    procedura = _blocca(procedura)
    if not _modificabile_nel_modulo(procedura):
        raise TransizioneNonConsentita("salva", procedura.stato)
    if not formati:
        raise ValidationError({"formati": "Indica almeno un formato ammesso."})
    _nome_libero(procedura.allegati_richiesti.all(), "nome", nome,
                 "Il modulo chiede già l'allegato «{}»: dai a questo un altro nome.")
    allegato = AllegatoRichiesto(procedura=procedura, nome=nome, formati=formati,
                                 obbligatorio=obbligatorio, descrizione=descrizione,
                                 ordine=procedura.allegati_richiesti.count() + 1,
                                 aggiunto_in_revisione=procedura.stato == Stato.IN_REVISIONE)
    allegato.full_clean()
    allegato.save()
    _modulo_cambiato(procedura)
    registra_evento(autore=autore, azione="procedura.allegato_aggiunto", oggetto=procedura,
                    descrizione=f"Richiesto l'allegato «{nome}»")
    return allegato


@transaction.atomic
def rimuovi_elemento(*, autore, membership, procedura, elemento) -> None:
    """Remove a section, field, attachment or criterion: only while in bozza."""
    _solo_redazione(membership, procedura)
    procedura = _blocca(procedura)
    if procedura.stato != Stato.BOZZA:
        raise ValidationError("Dopo la conclusione si possono solo aggiungere elementi, "
                              "con una revisione «Modifiche non significative».")
    if elemento.procedura_id != procedura.pk:
        raise PermissionDenied("L'elemento non appartiene a questa procedura.")
    descrizione = str(elemento)
    elemento.delete()
    registra_evento(autore=autore, azione="procedura.elemento_rimosso", oggetto=procedura,
                    descrizione=f"Rimosso «{descrizione}»")


def _regola_del_requisito(procedura, criterio, soddisfatto_da) -> list:
    """The criteria a requirement rests on: declared titles of the same procedure, and only
    for a requirement."""
    soddisfatto_da = list(soddisfatto_da or [])
    if soddisfatto_da and criterio.tipo != TipoCriterio.REQUISITO:
        raise ValidationError({"soddisfatto_da": "Solo un requisito di ammissione si soddisfa "
                               "con altri criteri dichiarati."})
    for altro in soddisfatto_da:
        if altro.procedura_id != procedura.pk:
            raise ValidationError({"soddisfatto_da": f"Il criterio «{altro.descrizione}» è di "
                                   "un'altra procedura."})
        if altro.tipo in (TipoCriterio.REQUISITO, TipoCriterio.MANUALE) or altro.pk == criterio.pk:
            raise ValidationError({"soddisfatto_da": f"«{altro.descrizione}» non è un titolo "
                                   "che il candidato dichiara."})
    return soddisfatto_da


CRITERIO_DOPPIO = "C'è già il criterio «{}»: modificalo, oppure dai a questo un'altra descrizione."


@transaction.atomic
def aggiungi_criterio(*, autore, membership, procedura, soddisfatto_da=(), **dati) -> Criterio:
    procedura, _ = _esegui("salva", autore=autore, membership=membership, procedura=procedura)
    criterio = Criterio(procedura=procedura, ordine=procedura.criteri.count() + 1, **dati)
    _nome_libero(procedura.criteri.all(), "descrizione", criterio.descrizione, CRITERIO_DOPPIO)
    errori = regole.errori_criterio(criterio)
    if errori:
        raise ValidationError(errori)
    soddisfatto_da = _regola_del_requisito(procedura, criterio, soddisfatto_da)
    criterio.full_clean()
    criterio.save()
    criterio.soddisfatto_da.set(soddisfatto_da)
    registra_evento(autore=autore, azione="procedura.criterio_aggiunto", oggetto=procedura,
                    descrizione=f"Aggiunto il criterio «{criterio.descrizione}»")
    return criterio


@transaction.atomic
def modifica_criterio(*, autore, membership, procedura, criterio: Criterio,
                      soddisfatto_da=None, **dati) -> Criterio:
    """Adjust a criterion (e.g. of a loaded grid) while the procedure is a draft;
    `soddisfatto_da` None leaves a requirement's rule as it is."""
    procedura, _ = _esegui("salva", autore=autore, membership=membership, procedura=procedura)
    if criterio.procedura_id != procedura.pk:
        raise PermissionDenied("Il criterio non appartiene a questa procedura.")
    prima = {campo: str(getattr(criterio, campo)) for campo in dati}
    for campo, valore in dati.items():
        setattr(criterio, campo, valore)
    _nome_libero(procedura.criteri.all(), "descrizione", criterio.descrizione, CRITERIO_DOPPIO,
                 escluso=criterio.pk)
    errori = regole.errori_criterio(criterio)
    if errori:
        raise ValidationError(errori)
    if soddisfatto_da is not None or criterio.tipo != TipoCriterio.REQUISITO:
        soddisfatto_da = _regola_del_requisito(procedura, criterio, soddisfatto_da or [])
        prima["soddisfatto_da"] = sorted(criterio.soddisfatto_da.values_list("pk", flat=True))
    criterio.full_clean()
    criterio.save()
    if soddisfatto_da is not None:
        criterio.soddisfatto_da.set(soddisfatto_da)
    registra_evento(autore=autore, azione="procedura.criterio_modificato", oggetto=procedura,
                    descrizione=f"Modificato il criterio «{criterio.descrizione}»",
                    dettagli={"prima": prima})
    return criterio


MODI_GRIGLIA = {"sostituisci": "Sostituisci i criteri esistenti",
                "aggiungi": "Aggiungi la griglia ai criteri esistenti"}


@transaction.atomic
def carica_griglia(*, autore, membership, procedura, griglia: str, modo: str = "") -> int:
    """Load one of the art. 17 grids as criteria, to be adjusted afterwards.

    When the procedure already has criteria, `modo` says what to do with them: "sostituisci"
    (removed, the grid takes their place) or "aggiungi" (the grid follows them); without it
    nothing is loaded, so a second click never silently doubles every criterion.
    """
    procedura, _ = _esegui("salva", autore=autore, membership=membership, procedura=procedura)
    if griglia not in griglie.GRIGLIE:
        raise ValidationError("Griglia sconosciuta.")
    nome, righe = griglie.GRIGLIE[griglia]
    esistenti = procedura.criteri.count()
    if esistenti and modo not in MODI_GRIGLIA:
        raise ValidationError({"modo": f"La procedura ha già {quantita(esistenti, 'criterio')}: "
                                       f"scegli se sostituirl{'o' if esistenti == 1 else 'i'} "
                                       "con la griglia o aggiungerla."})
    if esistenti and modo == "sostituisci":
        procedura.criteri.all().delete()
        registra_evento(autore=autore, azione="procedura.criteri_sostituiti", oggetto=procedura,
                        descrizione=f"Rimoss{'o' if esistenti == 1 else 'i'} "
                                    f"{quantita(esistenti, 'criterio')} per caricare "
                                    f"la griglia «{nome}»")
    inizio = procedura.criteri.count()
    Criterio.objects.bulk_create(
        Criterio(procedura=procedura, ordine=inizio + i, **riga) for i, riga in enumerate(righe, 1))
    registra_evento(autore=autore, azione="procedura.griglia_caricata", oggetto=procedura,
                    descrizione=f"Caricata la griglia «{nome}» ({quantita(len(righe), 'criterio')})")
    return len(righe)


# --- conclusion and lifecycle ------------------------------------------------------------

def _manca(nome: str) -> str:
    """«manca il compenso», «mancano i requisiti», «mancano il profilo e le competenze»: the
    verb agrees with its subject."""
    plurale = (nome.split(" ", 1)[0] in ("i", "gli", "le")
               or re.search(r" e (il|lo|la|l'|i|gli|le) ", nome))  # two things: plural
    return f"{'mancano' if plurale else 'manca'} {nome}"


# A compenso per incarico beyond this is rare for a school's incarico individuale and often a
# slip (2100000,50 typed for 2.100,50): said in the confirmation of «Concludi», never refused.
COMPENSO_DA_CONTROLLARE = Decimal("50000")


def da_controllare(procedura: ProceduraSelezione) -> list[str]:
    """What deserves a second look before «Concludi», when the data can still be changed."""
    if procedura.compenso is None:
        return []
    testi = []
    if procedura.compenso > COMPENSO_DA_CONTROLLARE:
        testi.append(f"Il compenso previsto è di {euro(procedura.compenso)} per incarico, oltre "
                     f"{euro(COMPENSO_DA_CONTROLLARE)}: controlla la cifra in «Informazioni "
                     "generali» (i centesimi vanno dopo la virgola) prima di concludere.")
    return testi + _rispetto_alla_scheda(procedura)


def _rispetto_alla_scheda(procedura: ProceduraSelezione) -> list[str]:
    """The avviso against the scheda it comes from, in the scheda's unit: paying more in all
    than its amount (the act would then be refused: incarichi.services.requisiti), or with
    the «modalità» generated from the scheda (its hours and rate) still there while the amount
    changed. Said, not refused: the DS may change the scheda."""
    scheda = procedura.scheda
    if scheda is None or scheda.importo is None:
        return []
    per_incarico = _nell_unita_della_scheda(procedura, procedura.compenso)
    if per_incarico is None:
        return []
    numero = procedura.numero_incarichi or 1
    base = f" {BaseCompenso(procedura.base_compenso).breve}" if procedura.base_compenso else ""
    importo = f"{euro(scheda.importo)} {scheda.lordo}"
    testi = []
    if per_incarico * numero > scheda.importo + CENTESIMO:
        quanti = f" per {quantita(numero, 'incarico', 'incarichi')}" if numero > 1 else ""
        testi.append(f"Il compenso previsto{quanti}, {euro(procedura.compenso * numero)}{base}, "
                     f"supera l'importo della scheda «{scheda.titolo}», {importo}: l'atto non si "
                     "potrà emettere oltre il budget della scheda. Correggi il compenso o il "
                     "numero di incarichi in «Informazioni generali», oppure la scheda.")
    generate = f"{scheda.ore_previste} ore a {euro(scheda.tariffa_oraria)} l'ora"
    if generate in procedura.modalita_pagamento and abs(per_incarico - scheda.importo) > CENTESIMO:
        testi.append(f"Le modalità di remunerazione dicono ancora «{generate}» ({importo}), ma il "
                     f"compenso previsto per incarico è {euro(procedura.compenso)}{base}: "
                     "aggiorna l'uno o le altre in «Informazioni generali».")
    return testi


def _nell_unita_della_scheda(procedura: ProceduraSelezione, importo: Decimal) -> Decimal | None:
    """`importo` of the avviso in the unit of its scheda's amount: lordo dipendente for a CCNL
    rate, all-inclusive (lordo Stato) for a rate typed in; None when no rate says how."""
    scheda = procedura.scheda
    ccnl = scheda.tariffa_manuale is None
    if not procedura.base_compenso or (procedura.base_compenso
                                       == BaseCompenso.LORDO_DIPENDENTE) == ccnl:
        return importo
    if ccnl:  # the avviso in lordo Stato, the scheda in lordo dipendente
        return lordo_dipendente(importo, scheda.tariffa.aliquota_oneri_stato)
    aliquota = aliquota_alla_data(procedura.data_inizio_attivita or timezone.localdate())
    return None if aliquota is None else (importo * (1 + aliquota)).quantize(CENTESIMO)


def elementi_mancanti(procedura: ProceduraSelezione, oggi=None) -> list[str]:
    """Everything missing or incoherent for «Concludi Procedura di Selezione»."""
    oggi = oggi or timezone.localdate()
    mancanti = []
    obbligatori = {
        "tipologia_incarico": "la tipologia di incarico",
        "profilo": "il profilo professionale e le competenze richieste",
        "compenso": "il compenso previsto",
        "base_compenso": "la base del compenso (lordo Stato o lordo dipendente)",
        "modalita_pagamento": "le modalità di remunerazione",
        "data_inizio_attivita": "l'inizio delle attività",
        "data_fine_attivita": "la fine delle attività", "luogo": "il luogo di svolgimento",
        "requisiti_ammissione": "i requisiti di ammissione",
        "informativa_privacy": "l'informativa privacy",
    }
    for campo, nome in obbligatori.items():
        if getattr(procedura, campo) in (None, ""):
            mancanti.append(f"Informazioni generali: {_manca(nome)}.")
    if (procedura.data_inizio_attivita and procedura.data_fine_attivita
            and procedura.data_fine_attivita < procedura.data_inizio_attivita):
        mancanti.append("Informazioni generali: la fine delle attività precede l'inizio.")
    if procedura.data_inizio_attivita and procedura.data_inizio_attivita < oggi:
        mancanti.append("Informazioni generali: l'inizio delle attività "
                        f"({procedura.data_inizio_attivita:%d/%m/%Y}) è già passato.")
    if not procedura.categorie_ammesse:
        mancanti.append("Informazioni generali: indica almeno una categoria di candidati ammessa.")
    allegati = list(procedura.allegati_richiesti.all())
    if not allegati:
        mancanti.append("Funzionalità: richiedi almeno un allegato (es. curriculum vitae).")
    criteri = list(procedura.criteri.all())
    valutabili = [c for c in criteri if c.tipo != "requisito"]
    if not valutabili:
        mancanti.append("Criteri di valutazione: inserisci almeno un criterio.")
    for criterio in criteri:
        mancanti.extend(f"Criteri di valutazione: {e}" for e in regole.errori_criterio(criterio))
    for categoria in procedura.categorie_ammesse:
        if valutabili and not any(regole.applicabile(c, categoria) for c in valutabili):
            mancanti.append("Criteri di valutazione: nessun criterio vale per la categoria "
                            f"«{categoria}».")
    return mancanti


@transaction.atomic
def concludi(*, autore, membership, procedura) -> ProceduraSelezione:
    procedura, adesso = _esegui("concludi", autore=autore, membership=membership,
                                procedura=procedura)
    mancanti = elementi_mancanti(procedura, timezone.localdate(adesso))
    if mancanti:
        raise ValidationError(mancanti)
    _cambia_stato(procedura, "concludi", autore=autore, adesso=adesso,
                  # «conclusa» is the ministry's word for the drafting done: the history, read
                  # next to «Avviso pubblicato» and «Aperta», says which conclusion it was
                  descrizione="Redazione della procedura conclusa: pronta per la pubblicazione")
    if membership.ruolo not in TRANSIZIONI["pubblica"].ruoli:  # the avviso waits for who publishes
        _avvisa_dirigenti(procedura, "conclusa", testo=(
            f"{autore} ha concluso la procedura di selezione «{procedura.oggetto}»: ora puoi "
            "pubblicare l'avviso con «Pubblicazione»."))
    return procedura


def _valida_date(data_apertura, data_chiusura, adesso) -> None:
    errori = {}
    if data_apertura is None:
        errori["data_apertura"] = "Indica la data di apertura."
    if data_chiusura is None:
        errori["data_chiusura"] = "Indica la data di chiusura."
    elif data_chiusura <= adesso:
        errori["data_chiusura"] = "La chiusura deve essere nel futuro."
    if data_apertura and data_chiusura and data_chiusura <= data_apertura:
        errori["data_chiusura"] = "La chiusura deve essere successiva all'apertura."
    if errori:
        raise ValidationError(errori)


def _chiusura_prima_delle_attivita(procedura: ProceduraSelezione, chiusura, campo: str) -> None:
    """Candidates are chosen before the activities begin: a closing on or after their first
    day (a typo: 2099 for 2026) would publish an avviso nobody could honour."""
    inizio = procedura.data_inizio_attivita
    if inizio and timezone.localtime(chiusura).date() >= inizio:
        raise ValidationError({campo: "La chiusura deve precedere l'inizio delle attività "
                               f"({inizio:%d/%m/%Y}): per spostare l'incarico duplica la "
                               "procedura e correggi le date."})


@transaction.atomic
def pubblica(*, autore, membership, procedura, data_apertura, data_chiusura,
             apertura_automatica: bool = False, adesso=None) -> ProceduraSelezione:
    """«Pubblicazione»: confirm opening and closing; the avviso PDF is generated and frozen.
    With `apertura_automatica` the date the avviso states is the opening: «Programma apertura»
    at that date, or «Apri» now when it has already come."""
    procedura, adesso = _esegui("pubblica", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    _valida_date(data_apertura, data_chiusura, adesso)
    if _inizio_passato(procedura.data_inizio_attivita, adesso):
        # concluded weeks ago: an avviso for activities already started would mislead
        raise ValidationError(f"L'inizio delle attività ({procedura.data_inizio_attivita:%d/%m/%Y}) "
                              "è già passato: duplica la procedura e correggi le date.")
    _chiusura_prima_delle_attivita(procedura, data_chiusura, "data_chiusura")
    if apertura_automatica and data_apertura <= adesso:
        data_apertura = adesso  # opened now: the avviso says so, not a minute already gone
    procedura.data_apertura, procedura.data_chiusura = data_apertura, data_chiusura
    procedura.pubblicata_il = adesso
    versione = avviso.genera_versione(procedura, "Pubblicazione")
    _cambia_stato(procedura, "pubblica", autore=autore, adesso=adesso,
                  descrizione=f"Avviso pubblicato (versione {versione.numero})",
                  dettagli={"versione": versione.numero})
    if not apertura_automatica:
        return procedura
    if data_apertura > adesso:
        return programma_apertura(autore=autore, membership=membership, procedura=procedura,
                                  data_apertura=data_apertura, adesso=adesso)
    return apri(autore=autore, membership=membership, procedura=procedura, adesso=adesso)


@transaction.atomic
def apri(*, autore, membership, procedura, adesso=None) -> ProceduraSelezione:
    """«Apri»: applications accepted from now until data_chiusura."""
    procedura, adesso = _esegui("apri", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    if procedura.data_chiusura <= adesso:
        raise ValidationError("La data di chiusura è già passata: usa prima «Proroga».")
    versione = _nuova_apertura(procedura, adesso)
    procedura.apertura_programmata = False
    _cambia_stato(procedura, "apri", autore=autore, adesso=adesso,
                  descrizione="Apertura dei termini di presentazione delle candidature"
                              + (f" (avviso versione {versione.numero})" if versione else ""))
    _pianifica_chiusura(procedura)
    return procedura


def _nuova_apertura(procedura: ProceduraSelezione, apertura: datetime):
    """The opening becomes `apertura`. The published avviso states the opening to the minute
    («dalle ore 08:39 del …»): when that changes, a new version says the true one (the avviso
    is the act candidates rely on, as for «Proroga»). Returns the new version, or None."""
    annunciata = procedura.data_apertura
    procedura.data_apertura = apertura
    if annunciata is not None and _al_minuto(annunciata) == _al_minuto(apertura):
        return None
    return avviso.genera_versione(procedura, "Nuova data di apertura dei termini")


def _al_minuto(istante: datetime) -> datetime:
    return timezone.localtime(istante).replace(second=0, microsecond=0)


@transaction.atomic
def programma_apertura(*, autore, membership, procedura, data_apertura,
                       adesso=None) -> ProceduraSelezione:
    """«Programma apertura»: opens by itself at data_apertura (postponing or anticipating
    a previous programme is fine: the time is re-read when the task runs)."""
    procedura, adesso = _esegui("programma_apertura", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    if data_apertura is None or data_apertura <= adesso:
        raise ValidationError({"data_apertura": "L'apertura programmata deve essere nel futuro."})
    if data_apertura >= procedura.data_chiusura:
        raise ValidationError({"data_apertura": "L'apertura deve precedere la chiusura."})
    versione = _nuova_apertura(procedura, data_apertura)
    procedura.apertura_programmata = True
    _cambia_stato(procedura, "programma_apertura", autore=autore, adesso=adesso,
                  descrizione=f"Apertura programmata per "
                              f"{data_con('il', data_apertura, GIORNO_E_ORA)}"
                              + (f" (avviso versione {versione.numero})" if versione else ""))
    _pianifica("apri_procedura_programmata", procedura.pk, data_apertura)
    _pianifica_chiusura(procedura)
    return procedura


@transaction.atomic
def proroga(*, autore, membership, procedura, nuova_chiusura, adesso=None) -> ProceduraSelezione:
    """«Proroga»: a later data_chiusura; a new version of the avviso; candidates notified."""
    procedura, adesso = _esegui("proroga", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    if nuova_chiusura is None or nuova_chiusura <= procedura.data_chiusura:
        raise ValidationError({"nuova_chiusura": "La nuova chiusura deve essere successiva a "
                               "quella attuale."})
    _chiusura_prima_delle_attivita(procedura, nuova_chiusura, "nuova_chiusura")
    vecchia = procedura.data_chiusura
    procedura.data_chiusura = nuova_chiusura
    versione = avviso.genera_versione(procedura, "Proroga dei termini")
    _cambia_stato(procedura, "proroga", autore=autore, adesso=adesso,
                  descrizione=f"Termini prorogati "
                              f"{data_con('al', nuova_chiusura, GIORNO_E_ORA)} "
                              f"(avviso versione {versione.numero})",
                  dettagli={"chiusura_precedente": vecchia.isoformat()})
    _pianifica_chiusura(procedura)
    return procedura


# --- «Proroga per malfunzionamento del portale» (issue 19) -------------------------------

# Evaluation started: the terms are not reopened by the system, the DS decides.
VALUTAZIONE_AVVIATA = (Stato.IN_VALUTAZIONE, Stato.VALUTATA, Stato.CONCLUSA_ESITO)


def _quando(istante: datetime) -> str:
    return format(timezone.localtime(istante), GIORNO_E_ORA)


def _durata(durata: timedelta) -> str:
    ore, resto = divmod(int(durata.total_seconds()) // 60, 60)
    parti = [quantita(ore, "ora")] if ore else []
    return " e ".join(parti + ([quantita(resto, "minuto")] if resto else []))


@transaction.atomic
def proroga_per_malfunzionamento(*, procedura, inizio: datetime, fine: datetime, cause=(),
                                 adesso=None) -> ProrogaMalfunzionamento | None:
    """«Proroga per malfunzionamento del portale»: the portal was down from `inizio` to `fine`
    (portale.disponibilita) in the last PROROGA_MALFUNZIONAMENTO_FINESTRA_ORE hours before the
    deadline, or the deadline fell inside the outage.

    The deadline moves by the outage's length rounded up (PROROGA_MALFUNZIONAMENTO_
    ARROTONDAMENTO_MINUTI), counted from the old deadline or, if that has passed, from now; a
    procedure the clock already closed is reopened to the new deadline as long as the
    evaluation has not started (state still «Chiusa»); after «Avvio valutazione istanze»
    nothing changes and the DS is told. A new avviso version, the event, the DS told, every
    candidate with a draft (or a sent application) told by candidature.receivers.

    Idempotent: the outage compensated is recorded (ProrogaMalfunzionamento); the same outage
    never extends twice, and one that grew since (merged with a later span) adds only the
    difference. Returns the record, or None when nothing was due.
    """
    adesso = adesso or timezone.now()
    if fine <= inizio:
        raise ValidationError("L'interruzione deve finire dopo il suo inizio.")
    procedura = _blocca(procedura)
    _allinea_al_tempo(procedura, adesso)
    finestra = timedelta(hours=settings.PROROGA_MALFUNZIONAMENTO_FINESTRA_ORE)
    if not calendario.colpita_da_interruzione(procedura, inizio, fine, finestra):
        return None
    compensate = list(procedura.proroghe_malfunzionamento.filter(inizio__lt=fine, fine__gt=inizio))
    if any(p.inizio == inizio and p.fine == fine for p in compensate):
        return None
    arrotondamento = timedelta(minutes=settings.PROROGA_MALFUNZIONAMENTO_ARROTONDAMENTO_MINUTI)
    dovuta = calendario.durata_proroga(inizio, fine, arrotondamento)
    estensione = dovuta - timedelta(minutes=sum(p.minuti for p in compensate))
    if estensione <= timedelta(0):
        return None
    cause = list(cause)
    interruzione = f"{data_con('dal', inizio, GIORNO_E_ORA)} {data_con('al', fine, GIORNO_E_ORA)}"
    precedente = procedura.data_chiusura
    dettagli = {"inizio": inizio.isoformat(), "fine": fine.isoformat(), "cause": cause,
                "chiusura_precedente": precedente.isoformat()}
    if procedura.stato in VALUTAZIONE_AVVIATA:
        registrata = ProrogaMalfunzionamento.objects.create(
            procedura=procedura, inizio=inizio, fine=fine, cause=cause,
            esito=EsitoProroga.NON_APPLICATA, chiusura_precedente=precedente)
        registra_evento(autore=None, azione="procedura.proroga_malfunzionamento_non_applicata",
                        oggetto=procedura, dettagli=dettagli,
                        descrizione=f"Proroga per malfunzionamento del portale non applicata: "
                                    f"interruzione {interruzione}, valutazione già avviata")
        _avvisa_dirigenti_del_malfunzionamento(
            procedura, f"Il portale non è stato disponibile {interruzione}, a ridosso della "
                       f"chiusura dei termini ({_quando(precedente)}). La valutazione delle "
                       f"istanze è già avviata: i termini non sono stati riaperti. Valuta se "
                       f"servono provvedimenti.")
        return registrata
    if procedura.stato not in TRANSIZIONI["proroga_malfunzionamento"].da:
        return None  # suspended or in revision: looked at again once it resumes
    esito = EsitoProroga.RIAPERTA if procedura.stato == Stato.CHIUSA else EsitoProroga.PROROGATA
    procedura.data_chiusura = max(precedente, adesso) + estensione
    versione = avviso.genera_versione(procedura, "Proroga per malfunzionamento del portale")
    registrata = ProrogaMalfunzionamento.objects.create(
        procedura=procedura, inizio=inizio, fine=fine, cause=cause, esito=esito,
        minuti=int(estensione.total_seconds()) // 60, chiusura_precedente=precedente,
        nuova_chiusura=procedura.data_chiusura)
    termini = ("termini riaperti fino" if esito == EsitoProroga.RIAPERTA
               else f"termini prorogati di {_durata(estensione)}")
    _cambia_stato(procedura, "proroga_malfunzionamento", autore=None, adesso=adesso,
                  descrizione=f"Proroga per malfunzionamento del portale: interruzione "
                              f"{interruzione}; {termini} {data_con('al', procedura.data_chiusura, GIORNO_E_ORA)} "
                              f"(avviso versione {versione.numero})",
                  dettagli=dettagli | {"nuova_chiusura": procedura.data_chiusura.isoformat(),
                                       "minuti": registrata.minuti, "esito": esito,
                                       "versione": versione.numero})
    _avvisa_dirigenti_del_malfunzionamento(
        procedura, f"Il portale non è stato disponibile {interruzione}, a ridosso della chiusura "
                   f"dei termini ({_quando(precedente)}): {termini} "
                   f"{data_con('al', procedura.data_chiusura, GIORNO_E_ORA)}, con una nuova versione dell'avviso "
                   f"(n. {versione.numero}). I candidati con una candidatura in corso sono "
                   f"stati avvisati.")
    _pianifica_chiusura(procedura)
    return registrata


def _avvisa_dirigenti_del_malfunzionamento(procedura: ProceduraSelezione, testo: str) -> None:
    for membership in Membership.objects.valide().filter(
            istituto_id=procedura.istituto_id, ruolo=Ruolo.DS).select_related("user"):
        notifica(destinatario=membership.user, istituto=procedura.istituto,
                 oggetto=f"Proroga per malfunzionamento del portale – {procedura.oggetto}",
                 testo=testo, url=f"/procedure/{procedura.pk}/")


@transaction.atomic
def sospendi(*, autore, membership, procedura, motivazione: str = "",
             adesso=None) -> ProceduraSelezione:
    procedura, adesso = _esegui("sospendi", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    _cambia_stato(procedura, "sospendi", autore=autore, adesso=adesso,
                  descrizione=f"Procedura sospesa. {motivazione}".strip())
    return procedura


@transaction.atomic
def riprendi(*, autore, membership, procedura, adesso=None) -> ProceduraSelezione:
    procedura, adesso = _esegui("riprendi", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    _cambia_stato(procedura, "riprendi", autore=autore, adesso=adesso,
                  descrizione="Procedura ripresa")
    _allinea_al_tempo(procedura, adesso)
    return procedura


@transaction.atomic
def avvia_revisione(*, autore, membership, procedura, adesso=None) -> ProceduraSelezione:
    """«Revisione» → «Modifiche non significative»: only additions, then back."""
    procedura, adesso = _esegui("avvia_revisione", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    _cambia_stato(procedura, "avvia_revisione", autore=autore, adesso=adesso,
                  descrizione="Revisione avviata: modifiche non significative")
    return procedura


@transaction.atomic
def concludi_revisione(*, autore, membership, procedura, adesso=None) -> ProceduraSelezione:
    procedura, adesso = _esegui("concludi_revisione", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    versione = avviso.genera_versione(procedura, "Revisione: modifiche non significative")
    _cambia_stato(procedura, "concludi_revisione", autore=autore, adesso=adesso,
                  descrizione=f"Revisione conclusa (avviso versione {versione.numero})")
    _allinea_al_tempo(procedura, adesso)
    return procedura


@transaction.atomic
def revisione_significativa(*, autore, membership, procedura, motivazione: str,
                            adesso=None) -> ProceduraSelezione:
    """«Modifiche significative»: this procedure is annulled and a new draft copy made."""
    procedura, adesso = _esegui("revisione_significativa", autore=autore,
                                membership=membership, procedura=procedura, adesso=adesso)
    if not (motivazione or "").strip():
        raise ValidationError({"motivazione": "Indica la motivazione della revisione."})
    copia = _copia(procedura, autore=autore)
    procedura.motivazione_annullamento = motivazione
    _cambia_stato(procedura, "revisione_significativa", autore=autore, adesso=adesso,
                  descrizione=f"Annullata per modifiche significative; nuova bozza n. {copia.pk}",
                  dettagli={"motivazione": motivazione, "nuova": copia.pk}, nuova=copia)
    return copia


@transaction.atomic
def annulla(*, autore, membership, procedura, motivazione: str, adesso=None):
    procedura, adesso = _esegui("annulla", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    if not (motivazione or "").strip():
        raise ValidationError({"motivazione": "La motivazione dell'annullamento è obbligatoria."})
    procedura.motivazione_annullamento = motivazione
    _cambia_stato(procedura, "annulla", autore=autore, adesso=adesso,
                  descrizione=f"Procedura annullata: {motivazione}",
                  dettagli={"motivazione": motivazione})
    return procedura


@transaction.atomic
def avvia_valutazione(*, autore, membership, procedura, adesso=None) -> ProceduraSelezione:
    """«Avvio valutazione istanze»: only after the deadline (by the server clock)."""
    procedura, adesso = _esegui("avvia_valutazione", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    _cambia_stato(procedura, "avvia_valutazione", autore=autore, adesso=adesso,
                  descrizione="Avviata la valutazione delle istanze")
    return procedura


@transaction.atomic
def concludi_valutazione(*, autore, membership, procedura, adesso=None) -> ProceduraSelezione:
    """«Concludi valutazione istanze». Called by graduatorie.services, which first checks that
    every application is evaluated and then generates the graduatoria in the same transaction."""
    procedura, adesso = _esegui("concludi_valutazione", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    _cambia_stato(procedura, "concludi_valutazione", autore=autore, adesso=adesso,
                  descrizione="Conclusa la valutazione delle istanze")
    return procedura


@transaction.atomic
def approva_graduatoria(*, autore, membership, procedura, adesso=None) -> ProceduraSelezione:
    """The definitive ranking is approved: the procedure is «Conclusa con esito». Called by
    graduatorie.services after the reclami window, with the definitive version."""
    procedura, adesso = _esegui("approva_graduatoria", autore=autore, membership=membership,
                                procedura=procedura, adesso=adesso)
    _cambia_stato(procedura, "approva_graduatoria", autore=autore, adesso=adesso,
                  descrizione="Graduatoria definitiva approvata: procedura conclusa con esito")
    return procedura


@transaction.atomic
def duplica(*, autore, membership, procedura) -> ProceduraSelezione:
    """«Duplica»: a new draft with the same information, form and criteria, no dates."""
    _verifica_ruolo("duplica", membership, procedura)
    copia = _copia(procedura, autore=autore)
    # the copy is told apart from its original in every list until the staff rename it
    limite = ProceduraSelezione._meta.get_field("oggetto").max_length
    copia.oggetto = f"Copia di {procedura.oggetto}"[:limite]
    copia.save(update_fields=["oggetto"])
    registra_evento(autore=autore, azione="procedura.duplicata", oggetto=procedura,
                    descrizione=f"Duplicata nella nuova bozza n. {copia.pk}")
    return copia


@transaction.atomic
def elimina_procedura(*, autore, membership, procedura) -> None:
    """«Elimina bozza»: a draft nobody needs (a mistaken «Crea», one «Duplica» too many) is
    deleted with its form and criteria. Only a draft: it was never published, so no candidate
    and no act knows it. The event keeps what it was."""
    procedura, _adesso = _esegui("elimina", autore=autore, membership=membership,
                                 procedura=procedura)
    derivate = list(procedura.derivate.order_by("pk"))
    if derivate:  # their «Creata come copia della procedura n.» would point to nothing
        nate = ", ".join(f"n. {d.pk} «{d.oggetto}»" for d in derivate)
        raise ValidationError(
            f"La bozza «{procedura.oggetto}» non si può eliminare: "
            + (f"ne è nata la procedura {nate}. Elimina prima quella, se non serve."
               if len(derivate) == 1 else
               f"ne sono nate le procedure {nate}. Elimina prima quelle, se non servono."))
    registra_evento(autore=autore, azione="procedura.eliminata", oggetto=procedura,
                    descrizione=f"Eliminata la bozza «{procedura.oggetto}»",
                    dettagli={campo: str(getattr(procedura, campo)) for campo in CAMPI_INFORMAZIONI
                              if getattr(procedura, campo) not in (None, "")})
    procedura.delete()


def _copia(procedura: ProceduraSelezione, *, autore) -> ProceduraSelezione:
    copia = ProceduraSelezione(istituto=procedura.istituto, scheda=procedura.scheda,
                               origine=procedura, creata_da=autore)
    for campo in CAMPI_INFORMAZIONI:
        setattr(copia, campo, getattr(procedura, campo))
    copia.save()
    sezioni = {}
    for sezione in procedura.sezioni.all():
        sezioni[sezione.pk] = SezioneModulo.objects.create(
            procedura=copia, titolo=sezione.titolo, ordine=sezione.ordine)
    CampoModulo.objects.bulk_create(
        CampoModulo(procedura=copia, sezione=sezioni.get(c.sezione_id), etichetta=c.etichetta,
                    tipo=c.tipo, obbligatorio=c.obbligatorio, opzioni=c.opzioni, aiuto=c.aiuto,
                    ordine=c.ordine) for c in procedura.campi.all())
    AllegatoRichiesto.objects.bulk_create(
        AllegatoRichiesto(procedura=copia, nome=a.nome, descrizione=a.descrizione,
                          obbligatorio=a.obbligatorio, formati=a.formati, ordine=a.ordine)
        for a in procedura.allegati_richiesti.all())
    campi_criterio = [f.name for f in Criterio._meta.concrete_fields
                      if f.name not in ("id", "procedura")]
    originali = list(procedura.criteri.prefetch_related("soddisfatto_da"))
    nuovi = Criterio.objects.bulk_create(
        Criterio(procedura=copia, **{f: getattr(c, f) for f in campi_criterio})
        for c in originali)
    # a requirement's rule points to the copy's own criteria, never to the original's
    nuovo_di = {c.pk: n.pk for c, n in zip(originali, nuovi, strict=True)}
    Criterio.soddisfatto_da.through.objects.bulk_create(
        Criterio.soddisfatto_da.through(from_criterio_id=nuovo_di[c.pk],
                                        to_criterio_id=nuovo_di[a.pk])
        for c in originali for a in c.soddisfatto_da.all() if a.pk in nuovo_di)
    registra_evento(autore=autore, azione="procedura.creata", oggetto=copia,
                    descrizione=f"Creata in bozza come copia della procedura n. {procedura.pk}",
                    dettagli={"origine": procedura.pk})
    return copia


# --- time-driven, called by Celery tasks and by the sweep --------------------------------

@transaction.atomic
def allinea(procedura_id: int, adesso=None) -> str:
    """Apply opening/closing that the dates have decided; idempotent. Returns the state."""
    procedura = ProceduraSelezione.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "istituto").filter(pk=procedura_id).first()
    if procedura is None:
        return ""
    _allinea_al_tempo(procedura, adesso or timezone.now())
    return procedura.stato


def procedure_da_allineare(adesso=None):
    adesso = adesso or timezone.now()
    return ProceduraSelezione.objects.filter(
        models.Q(stato=Stato.PUBBLICATA, apertura_programmata=True, data_apertura__lte=adesso)
        | models.Q(stato=Stato.APERTA, data_chiusura__lte=adesso)
    ).values_list("pk", flat=True)


# Where an outage may still matter: open (or opening by itself), closed by the clock, or in
# an evaluation the DS must hear about.
STATI_CON_SCADENZA = (Stato.PUBBLICATA, Stato.APERTA, Stato.CHIUSA, *VALUTAZIONE_AVVIATA)


def procedure_colpite(interruzione):
    """Ids of the procedures whose deadline `interruzione` may have hit and that have not
    had this very outage compensated (the service re-checks everything under the lock)."""
    finestra = timedelta(hours=settings.PROROGA_MALFUNZIONAMENTO_FINESTRA_ORE)
    return (ProceduraSelezione.objects
            .filter(stato__in=STATI_CON_SCADENZA, data_chiusura__gt=interruzione.inizio,
                    data_chiusura__lt=interruzione.fine + finestra)
            .exclude(Exists(ProrogaMalfunzionamento.objects.filter(
                procedura=OuterRef("pk"), inizio=interruzione.inizio, fine=interruzione.fine)))
            .order_by("pk").values_list("pk", flat=True))


def compensa_malfunzionamenti(*, adesso=None) -> int:
    """The periodic check (procedure.tasks.compensa_malfunzionamenti): every outage over in the
    last PROROGA_MALFUNZIONAMENTO_FINESTRA_ORE hours, compensated on every procedure it hit,
    each in its own transaction. Returns how many procedures changed (or were reported)."""
    if not settings.PROROGA_MALFUNZIONAMENTO:
        return 0
    adesso = adesso or timezone.now()
    finestra = timedelta(hours=settings.PROROGA_MALFUNZIONAMENTO_FINESTRA_ORE)
    fatte = 0
    for interruzione in disponibilita.interruzioni(da=adesso - finestra, adesso=adesso):
        for procedura in ProceduraSelezione.objects.filter(
                pk__in=list(procedure_colpite(interruzione))):
            try:
                fatte += proroga_per_malfunzionamento(
                    procedura=procedura, inizio=interruzione.inizio, fine=interruzione.fine,
                    cause=interruzione.cause, adesso=adesso) is not None
            except Exception:  # noqa: BLE001 - one procedure's failure must not stop the others
                logger.exception("Proroga per malfunzionamento della procedura %s non riuscita",
                                 procedura.pk)
    return fatte


def _pianifica_chiusura(procedura: ProceduraSelezione) -> None:
    _pianifica("chiudi_procedura", procedura.pk, procedura.data_chiusura)


def _pianifica(nome_task: str, procedura_id: int, quando) -> None:
    """Queue a task at `quando` after commit; if the broker is down the sweep covers it."""
    def invia():
        try:
            accoda(f"procedure.tasks.{nome_task}", procedura_id, eta=quando)
        except Exception:  # noqa: BLE001 - the periodic sweep will apply the change anyway
            logger.warning("Broker non raggiungibile: %s della procedura %s affidato al "
                           "controllo periodico", nome_task, procedura_id)

    transaction.on_commit(invia)
