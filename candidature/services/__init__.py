"""Actions on candidature: one function each, transactional, audited.

Locks only where the rules need them, always in the same order — procedura, candidatura,
protocol counter — and the deadline checked after them against the server clock: whatever
the workers are doing, a submission at chiusura is refused.

- «Salva bozza» verifies and stores the files first, with no lock (they are removed if the
  transaction then fails), and locks only its own candidatura: a staff change of the
  procedure's state that reaches the candidatura waits for it, other candidates do not.
- «Invia», «Ritira» and the creation of a draft hold the procedure's row FOR SHARE: the
  staff's state changes (Sospendi, Annulla, …: FOR UPDATE / FOR NO KEY UPDATE) wait for them
  and they for those, but candidates never wait for each other there. «Invia» takes the
  protocol counter last and reads the clock after it (portale.services.protocollo): numbers
  and times grow together, and a send whose registration time falls at or after the closing
  second is rolled back, number included.
"""

import hashlib
import json
import logging
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from accounts.models import Membership, Ruolo
from portale import documenti
from portale.accoda import accoda
from portale.lingua import GIORNO_E_ORA, a_chi, data_con, desinenza, frase, quantita
from portale.models import Protocollo
from portale.services.eventi import registra_evento
from portale.services.notifiche import notifica
from portale.services.protocollo import protocolla
from procedure import calendario
from procedure import criteri as regole
from procedure.models import Categoria, ProceduraSelezione, Stato, TipoCampo
from procedure.modulo import AUTOCERTIFICAZIONI, Elementi
from procedure.selectors import RUOLI_PROCEDURE

from .. import istanze
from ..models import (
    CHIUSE,
    RITIRABILI,
    AllegatoCandidatura,
    Candidatura,
    DocumentoIntegrazione,
    RichiestaIntegrazione,
    StatoCandidatura,
    StatoRichiesta,
)

logger = logging.getLogger(__name__)

FORMATI = {"pdf": ("pdf",), "p7m": ("p7m",), "immagine": ("jpeg", "png")}
STATI_CON_BOZZE = (Stato.PUBBLICATA, Stato.APERTA, Stato.SOSPESA, Stato.IN_REVISIONE)
CONTATTI = ("email", "pec", "telefono", "indirizzo")


class TerminiChiusi(ValidationError):
    """The procedure does not accept applications at this second."""


class ConflittoDiInteressi(ValidationError):
    """The person may not apply to this procedure."""


def _non_in_conflitto(candidato, procedura: ProceduraSelezione) -> None:
    """The Dirigente Scolastico of the istituto runs its procedures and signs their ranking:
    she does not apply to them (art. 6-bis, legge 241/1990). A DS of another istituto does."""
    if Membership.objects.valide().filter(user=candidato, istituto_id=procedura.istituto_id,
                                          ruolo=Ruolo.DS).exists():
        chi = ("la Dirigente Scolastica" if desinenza(candidato) == "a"
               else "il Dirigente Scolastico")
        raise ConflittoDiInteressi(
            f"Sei {chi} dell'istituto che ha emesso l'avviso: guidi la procedura e firmi la "
            "graduatoria, quindi non puoi candidarti (conflitto di interessi, art. 6-bis della "
            "legge 241/1990).")


def tipi_ammessi(allegato_richiesto) -> tuple[str, ...]:
    return tuple(t for formato in allegato_richiesto.formati for t in FORMATI.get(formato, ()))


def _condividi(procedura_id: int) -> ProceduraSelezione:
    """The procedure's row FOR SHARE (Django has no queryset for it): shared with the other
    candidates' actions, exclusive of the staff's state changes. SQLite, which serializes
    every write anyway, has no row locks to take."""
    connessione = transaction.get_connection()
    if connessione.vendor == "postgresql":
        with connessione.cursor() as cursore:
            cursore.execute(f"SELECT 1 FROM {ProceduraSelezione._meta.db_table} "  # noqa: S608
                            "WHERE id = %s FOR SHARE", [procedura_id])
    return ProceduraSelezione.objects.select_related("istituto").get(pk=procedura_id)


def _blocca(candidatura: Candidatura) -> tuple[ProceduraSelezione, Candidatura]:
    procedura = _condividi(candidatura.procedura_id)
    candidatura = Candidatura.objects.select_for_update(no_key=True).get(pk=candidatura.pk)
    # the procedure just read under its lock: no later read of candidatura.procedura goes to
    # the database (in «Invia», one would come while the protocol counter is held)
    candidatura.procedura = procedura
    return procedura, candidatura


def _propria(candidato, candidatura: Candidatura) -> None:
    if candidatura.candidato_id != candidato.pk:
        raise PermissionDenied("La candidatura non è tua.")


def _messaggio_termini(procedura: ProceduraSelezione, adesso, *, bozza: bool = True) -> str:
    stato = calendario.stato_effettivo(procedura, adesso)
    if stato == Stato.SOSPESA:
        return "La procedura è sospesa: per ora non si possono inviare candidature."
    if stato in (Stato.PUBBLICATA, Stato.IN_REVISIONE):
        return "I termini per presentare la candidatura non sono ancora aperti."
    chiusura = timezone.localtime(procedura.data_chiusura) if procedura.data_chiusura else None
    quando = f" alle {chiusura:%H:%M} {data_con('del', chiusura)}" if chiusura else ""
    return (f"I termini per presentare la candidatura si sono chiusi{quando}."
            + (" La bozza resta salvata." if bozza else ""))


def _viva(procedura, candidato) -> Candidatura | None:
    return Candidatura.objects.filter(procedura=procedura, candidato=candidato).exclude(
        stato__in=CHIUSE).first()


@transaction.atomic
def apri_bozza(*, candidato, procedura: ProceduraSelezione) -> Candidatura:
    """The candidate's live application to `procedura`, created as a draft when missing.

    Opening the form again reads the existing application without locking the procedure
    (every later action locks and checks again); only creating one takes the lock, so the
    candidates of an avviso do not queue behind each other on every page view.
    """
    esistente = _viva(procedura, candidato)
    if esistente:
        return esistente
    _non_in_conflitto(candidato, procedura)
    procedura = _condividi(procedura.pk)
    if calendario.stato_effettivo(procedura, timezone.now()) not in STATI_CON_BOZZE:
        raise TerminiChiusi(_messaggio_termini(procedura, timezone.now(), bozza=False))
    try:
        with transaction.atomic():  # two first visits at once: the database keeps one draft
            candidatura = Candidatura.objects.create(
                procedura=procedura, candidato=candidato,
                **{campo: getattr(candidato, campo) for campo in CONTATTI},
            )
    except IntegrityError:
        esistente = _viva(procedura, candidato)
        if esistente is None:
            raise
        return esistente
    registra_evento(autore=candidato, azione="candidatura.bozza", oggetto=candidatura,
                    istituto=procedura.istituto, descrizione="Bozza di candidatura creata")
    return candidatura


def salva_bozza(*, candidato, candidatura: Candidatura, dati: dict,
                file: dict | None = None, elementi: Elementi | None = None) -> Candidatura:
    """«Salva bozza»: keep whatever is there (partial data allowed); verified files stored.

    `dati` holds the cleaned fields of the candidate form (see procedure.modulo); `file`
    maps "allegato_<id>" / "documento_criterio_<id>" to portale.documenti.FileVerificato;
    `elementi`: the procedure's elements when the caller read them in this request.
    The files are checked and written before any lock and removed if the save fails.
    """
    _propria(candidato, candidatura)
    archiviati = []
    try:
        if file:
            procedura = candidatura.procedura  # as the caller read it, if it did
            elementi = elementi or Elementi.di(procedura)
            for chiave, verificato in file.items():
                archiviati.append((*_riferimento(elementi, chiave, verificato), verificato,
                                   documenti.archivia(verificato, cartella=(
                                       f"candidature/{procedura.istituto_id}/{procedura.pk}"))))
        with transaction.atomic():
            # the application locked, its procedure read as it is now: one query
            candidatura = Candidatura.objects.select_related("procedura").select_for_update(
                no_key=True, of=("self",)).get(pk=candidatura.pk)
            if candidatura.stato != StatoCandidatura.BOZZA:
                raise ValidationError(
                    "La candidatura è già stata inviata e non si può più modificare.")
            procedura = candidatura.procedura
            if calendario.stato_effettivo(procedura, timezone.now()) not in STATI_CON_BOZZE:
                raise TerminiChiusi(_messaggio_termini(procedura, timezone.now()))
            applica_dati(elementi or Elementi.di(procedura), candidatura, dati)
            candidatura.save()
            _aggiorna_profilo(candidato, candidatura)
            for _chiave, riferimento, verificato, percorso in archiviati:
                _registra_allegato(candidatura, riferimento, verificato, percorso)
    except Exception:
        for *_, percorso in archiviati:
            documenti.elimina_archiviato(percorso)
        raise
    return candidatura


def applica_dati(elementi: Elementi, candidatura: Candidatura, dati: dict) -> None:
    """The cleaned fields of the form written on the application in memory (not saved):
    «Salva bozza», and the staff's «Simula» on a draft that is never saved."""
    if "categoria" in dati:
        candidatura.categoria = dati["categoria"] or ""
    if "amministrazione_appartenenza" in dati:
        candidatura.amministrazione_appartenenza = dati["amministrazione_appartenenza"] or ""
    for campo in CONTATTI:
        if campo in dati:
            setattr(candidatura, campo, dati[campo] or "")
    risposte = dict(candidatura.risposte)
    for campo in elementi.campi:
        chiave = f"campo_{campo.pk}"
        if chiave in dati:
            risposte[str(campo.pk)] = _serializzabile(dati[chiave])
    candidatura.risposte = risposte
    dichiarazioni = dict(candidatura.dichiarazioni)
    for criterio in elementi.criteri:
        chiave = f"criterio_{criterio.pk}"
        if criterio.tipo == "voto_laurea" and chiave in dati:
            dichiarazioni[str(criterio.pk)] = (
                {"voto": dati[chiave], "lode": bool(dati.get(f"{chiave}_lode"))}
                if dati[chiave] else None)
        elif chiave in dati:
            dichiarazioni[str(criterio.pk)] = _serializzabile(dati[chiave])
        if f"{chiave}_descrizione" in dati:
            dichiarazioni[f"{criterio.pk}_descrizione"] = dati[f"{chiave}_descrizione"] or ""
    candidatura.dichiarazioni = dichiarazioni
    candidatura.autocertificazioni = {
        nome: bool(dati.get(nome, candidatura.autocertificazioni.get(nome, False)))
        for nome in AUTOCERTIFICAZIONI}


def _serializzabile(valore):
    if isinstance(valore, Decimal):
        return str(valore)
    if hasattr(valore, "isoformat"):
        return valore.isoformat()
    return valore


def _aggiorna_profilo(candidato, candidatura: Candidatura) -> None:
    """Contact data are kept in the profile for the next application."""
    cambiati = [c for c in CONTATTI if getattr(candidatura, c) and
                getattr(candidato, c) != getattr(candidatura, c)]
    for campo in cambiati:
        setattr(candidato, campo, getattr(candidatura, campo))
    if cambiati:
        candidato.save(update_fields=cambiati)


def _riferimento(elementi: Elementi, chiave: str, verificato) -> tuple[str, dict]:
    """What a file answers (a required attachment or a criterion's document), verified."""
    if chiave.startswith("allegato_"):
        richiesto = _elemento(elementi.allegati, chiave.removeprefix("allegato_"))
        documenti.verifica_file(verificato, tipi=tipi_ammessi(richiesto))
        return chiave, {"allegato_richiesto": richiesto}
    return chiave, {"criterio": _elemento(elementi.criteri,
                                          chiave.removeprefix("documento_criterio_"))}


def _elemento(elementi, pk: str):
    trovato = next((e for e in elementi if str(e.pk) == pk), None)
    if trovato is None:
        raise ValidationError("Il documento non risponde a nulla che l'avviso chieda.")
    return trovato


def _registra_allegato(candidatura: Candidatura, riferimento: dict, verificato,
                       percorso: str) -> None:
    precedente = AllegatoCandidatura.objects.filter(candidatura=candidatura, **riferimento).first()
    if precedente:
        vecchio = precedente.percorso
        precedente.delete()
        # a file copied from a withdrawn application (ripresenta.py) is still that one's
        if not AllegatoCandidatura.objects.filter(percorso=vecchio).exists():
            transaction.on_commit(lambda: documenti.elimina_archiviato(vecchio))
    AllegatoCandidatura.objects.create(
        candidatura=candidatura, percorso=percorso, nome=verificato.nome, mime=verificato.mime,
        dimensione=verificato.dimensione, sha256=verificato.sha256,
        contenuti_attivi=list(verificato.contenuti_attivi), **riferimento)


def mancanze(candidatura: Candidatura, procedura: ProceduraSelezione | None = None,
             elementi: Elementi | None = None, allegati=None) -> list[tuple[str, str]]:
    """What prevents «Invia»: (the form field to fill, the message for the candidate);
    `elementi`: the procedure's, when the caller has read them; `allegati`: the documents,
    when they are not the stored ones (the simulation keeps them in the session)."""
    procedura = procedura or candidatura.procedura
    elementi = elementi or Elementi.di(procedura)
    mancanti = []
    if candidatura.categoria not in procedura.categorie_ammesse:
        mancanti.append(("categoria", "Scegli la categoria con cui partecipi."))
    elif (candidatura.categoria in (Categoria.ALTRA_SCUOLA, Categoria.ALTRA_PA)
          and not candidatura.amministrazione_appartenenza):
        mancanti.append(("amministrazione_appartenenza",
                         "Indica l'amministrazione o la scuola di appartenenza."))
    if not candidatura.email:
        mancanti.append(("email", "Indica un indirizzo e-mail per le comunicazioni."))
    for campo in elementi.campi:
        valore = candidatura.risposte.get(str(campo.pk))
        if campo.obbligatorio and valore in (None, "", False):
            mancanti.append((f"campo_{campo.pk}", f"Rispondi a «{campo.etichetta}»."))
        elif campo.tipo == TipoCampo.DICHIARAZIONE and campo.obbligatorio and valore is not True:
            mancanti.append((f"campo_{campo.pk}",
                             f"Accetta la dichiarazione «{campo.etichetta}»."))
    caricati = {a.allegato_richiesto_id for a in (
        candidatura.allegati.all() if allegati is None else allegati)}
    for richiesto in elementi.allegati:
        if richiesto.obbligatorio and richiesto.pk not in caricati:
            mancanti.append((f"allegato_{richiesto.pk}", f"Allega «{richiesto.nome}»."))
    for nome, testo in AUTOCERTIFICAZIONI.items():
        if not candidatura.autocertificazioni.get(nome):
            mancanti.append((nome, f"Manca la dichiarazione: «{testo}»"))
    return mancanti


def elementi_mancanti(candidatura: Candidatura, procedura: ProceduraSelezione | None = None,
                      elementi: Elementi | None = None) -> list[str]:
    """What prevents «Invia», as messages for the candidate."""
    return [testo for _campo, testo in mancanze(candidatura, procedura, elementi)]


def punteggio_dichiarato(candidatura: Candidatura, procedura: ProceduraSelezione,
                         criteri=None) -> Decimal:
    dichiarazioni = {int(k): v for k, v in candidatura.dichiarazioni.items() if k.isdigit()}
    criteri = list(procedura.criteri.all()) if criteri is None else list(criteri)
    return regole.punteggio_totale(criteri, candidatura.categoria, dichiarazioni)


def contenuto_canonico(candidatura: Candidatura) -> bytes:
    """Everything that was sent, in a stable form: its SHA-256 seals the application."""
    return json.dumps({
        "procedura": candidatura.procedura_id, "candidato": candidatura.candidato.codice_fiscale,
        "categoria": candidatura.categoria,
        "amministrazione": candidatura.amministrazione_appartenenza,
        "risposte": candidatura.risposte, "dichiarazioni": candidatura.dichiarazioni,
        "autocertificazioni": candidatura.autocertificazioni,
        "contatti": {c: getattr(candidatura, c) for c in CONTATTI},
        "allegati": sorted([a.allegato_richiesto_id or 0, a.criterio_id or 0, a.sha256]
                           for a in candidatura.allegati.all()),
    }, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@transaction.atomic
def invia(*, candidato, candidatura: Candidatura) -> Candidatura:
    """«Invia»: protocol number, exact timestamp, SHA-256, ricevuta and e-mail."""
    _propria(candidato, candidatura)
    procedura, candidatura = _blocca(candidatura)
    if candidatura.stato != StatoCandidatura.BOZZA:
        raise ValidationError("La candidatura è già stata inviata.", code="gia_inviata")
    if not calendario.accetta_candidature(procedura, timezone.now()):
        raise TerminiChiusi(_messaggio_termini(procedura, timezone.now()))
    _non_in_conflitto(candidato, procedura)  # a draft written before the role
    candidatura.candidato = candidato  # _propria: the same person, already loaded
    prefetch_related_objects([candidatura], "allegati")  # read by the check and by the seal
    elementi = Elementi.del_modulo(procedura)  # the procedure read under its lock
    mancanti = elementi_mancanti(candidatura, procedura, elementi)
    if mancanti:
        raise ValidationError(mancanti)
    candidatura.punteggio_dichiarato = punteggio_dichiarato(candidatura, procedura,
                                                            elementi.criteri)
    candidatura.sha256 = hashlib.sha256(contenuto_canonico(candidatura)).hexdigest()
    # The counter last, the clock after it: the registration time is the time of the send.
    candidatura.protocollo = protocolla(
        istituto=procedura.istituto, verso=Protocollo.Verso.ENTRATA, riferimento=candidatura,
        oggetto=f"Candidatura di {candidato} – procedura n. {procedura.pk} "
                f"«{procedura.oggetto}»")
    adesso = candidatura.protocollo.registrato_il
    if not calendario.accetta_candidature(procedura, adesso):
        raise TerminiChiusi(_messaggio_termini(procedura, adesso))  # the number rolls back
    candidatura.inviata_il = adesso
    candidatura.stato = StatoCandidatura.INVIATA
    candidatura.save()
    segnatura = candidatura.protocollo.segnatura
    registra_evento(autore=candidato, azione="candidatura.inviata", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=f"Candidatura inviata: {segnatura}",
                    dettagli={"sha256": candidatura.sha256, "inviata_il": adesso.isoformat()})
    notifica(destinatario=candidato, istituto=procedura.istituto,
             # which avviso, in the subject of the e-mail too; the number first, whole (a long
             # oggetto is shortened at its end)
             oggetto=f"Candidatura inviata – Prot. n. {candidatura.protocollo.numero:07d}/"
                     f"{candidatura.protocollo.anno} – {procedura.oggetto}",
             testo=f"La tua candidatura per «{procedura.oggetto}» è stata ricevuta "
                   f"{data_con('il', adesso, '%d/%m/%Y alle %H:%M:%S')} con il protocollo "
                   f"n. {candidatura.protocollo.numero:07d}/{candidatura.protocollo.anno}, come "
                   "nella ricevuta.\n"
                   f"Impronta SHA-256: {candidatura.sha256}\n"
                   "La ricevuta in PDF è nella tua area «Le mie candidature».",
             url=f"/candidature/{candidatura.pk}/")
    transaction.on_commit(lambda: _accoda_ricevuta(candidatura.pk))
    return candidatura


def _accoda_ricevuta(candidatura_id: int) -> None:
    try:
        accoda("candidature.tasks.genera_ricevuta", candidatura_id)
    except Exception:  # noqa: BLE001 - generated on first download otherwise
        logger.warning("Broker non raggiungibile: ricevuta %s generata alla prima richiesta",
                       candidatura_id)


@transaction.atomic
def ritira(*, candidato, candidatura: Candidatura) -> Candidatura:
    """«Ritira»: before the deadline; the candidate may then send a new application."""
    _propria(candidato, candidatura)
    procedura, candidatura = _blocca(candidatura)
    adesso = timezone.now()
    if candidatura.stato not in RITIRABILI:
        raise ValidationError("Si può ritirare solo una candidatura inviata.")
    if not calendario.accetta_candidature(procedura, adesso):
        raise TerminiChiusi("I termini sono chiusi: la candidatura non si può più ritirare.")
    candidatura.stato = StatoCandidatura.RITIRATA
    candidatura.ritirata_il = adesso
    candidatura.save(update_fields=["stato", "ritirata_il", "aggiornata_il"])
    registra_evento(autore=candidato, azione="candidatura.ritirata", oggetto=candidatura,
                    istituto=procedura.istituto, descrizione="Candidatura ritirata dal candidato")
    notifica(destinatario=candidato, istituto=procedura.istituto,
             oggetto=f"Candidatura ritirata – {procedura.oggetto}",
             testo=f"Hai ritirato la candidatura per «{procedura.oggetto}» (protocollo n. "
                   f"{candidatura.protocollo.numero:07d}/{candidatura.protocollo.anno}) "
                   f"{data_con('il', timezone.localtime(adesso), GIORNO_E_ORA)}: non sarà valutata. "
                   "Fino alla chiusura dei termini, "
                   f"{data_con('il', timezone.localtime(procedura.data_chiusura), GIORNO_E_ORA)}, "
                   "puoi presentarne una nuova.", url=f"/avvisi/{procedura.pk}/")
    return candidatura


@transaction.atomic
def elimina_bozza(*, candidato, candidatura: Candidatura) -> None:
    """«Elimina bozza»: a draft never sent goes with its documents (a file copied from a
    withdrawn application stays with that one). Opening «Presenta candidatura» creates a
    draft: the candidate who changed their mind removes it from «Le mie candidature»."""
    _propria(candidato, candidatura)
    procedura, candidatura = _blocca(candidatura)
    if candidatura.stato != StatoCandidatura.BOZZA:
        raise ValidationError("Si elimina solo una bozza: una candidatura inviata si ritira.")
    percorsi = set(candidatura.allegati.values_list("percorso", flat=True))
    registra_evento(autore=candidato, azione="candidatura.bozza_eliminata", oggetto=candidatura,
                    istituto=procedura.istituto, descrizione="Bozza di candidatura eliminata "
                    "dal candidato", dettagli={"documenti": len(percorsi)})
    candidatura.delete()
    ancora_usati = set(AllegatoCandidatura.objects.filter(percorso__in=percorsi)
                       .values_list("percorso", flat=True))
    for percorso in percorsi - ancora_usati:
        transaction.on_commit(lambda percorso=percorso: documenti.elimina_archiviato(percorso))


# --- reactions to the procedure lifecycle (see receivers.py) -----------------------------

# Stati da cui la commissione può decidere l'esito della valutazione (ammessa o esclusa; una
# candidatura già valutata si può rivalutare finché la procedura è in valutazione).
VALUTABILI = (StatoCandidatura.INVIATA, StatoCandidatura.INTEGRATA, StatoCandidatura.AMMESSA,
              StatoCandidatura.ESCLUSA)


def registra_esito_valutazione(*, candidatura: Candidatura, ammessa: bool) -> Candidatura:
    """The commission's decision becomes the candidatura's state (ammessa or esclusa).

    Called by `graduatorie` inside its own transaction, with the procedura and the candidatura
    already locked; the event is written by the caller, who knows the motivazione.
    """
    if candidatura.stato not in VALUTABILI:
        raise ValidationError("Questa istanza non si può valutare nello stato "
                              f"«{candidatura.get_stato_display()}».")
    candidatura.stato = StatoCandidatura.AMMESSA if ammessa else StatoCandidatura.ESCLUSA
    candidatura.save(update_fields=["stato", "aggiornata_il"])
    return candidatura


def annulla_per_procedura(procedura: ProceduraSelezione, motivo: str) -> int:
    """The procedure was annulled: so is every live application, and each candidate is told."""
    candidature = list(Candidatura.objects.select_for_update(no_key=True, of=("self",))
                       .select_related("candidato").filter(procedura=procedura)
                       .exclude(stato__in=CHIUSE).order_by("pk"))
    for candidatura in candidature:
        candidatura.stato = StatoCandidatura.ANNULLATA
        candidatura.save(update_fields=["stato", "aggiornata_il"])
        registra_evento(autore=None, azione="candidatura.annullata", oggetto=candidatura,
                        istituto=procedura.istituto,
                        descrizione=f"Annullata: {motivo}" if motivo else "Annullata")
        notifica(destinatario=candidatura.candidato, istituto=procedura.istituto,
                 oggetto=f"Procedura annullata – {procedura.oggetto}",
                 testo=f"La procedura «{procedura.oggetto}» è stata annullata. "
                       + (f"Motivazione: {frase(motivo)} " if motivo else "")
                       + "La tua candidatura è annullata di conseguenza.",
                 url=f"/candidature/{candidatura.pk}/")
    return len(candidature)


def avvisa_candidati(procedura: ProceduraSelezione, *, oggetto: str, testo: str) -> int:
    """Tell everyone with a draft or a sent application of `procedura`."""
    destinatari = (Candidatura.objects.filter(procedura=procedura).exclude(stato__in=CHIUSE)
                   .select_related("candidato"))
    numero = 0
    for candidatura in destinatari:
        notifica(destinatario=candidatura.candidato, istituto=procedura.istituto,
                 oggetto=oggetto, testo=testo, url=f"/avvisi/{procedura.pk}/")
        numero += 1
    return numero


def invia_promemoria(adesso=None) -> int:
    """One reminder, 24 hours before the deadline, to whoever still has a draft."""
    adesso = adesso or timezone.now()
    entro = adesso + timedelta(hours=24)
    bozze = (Candidatura.objects.select_related("candidato", "procedura__istituto")
             .filter(stato=StatoCandidatura.BOZZA, promemoria_inviato_il__isnull=True,
                     procedura__stato=Stato.APERTA, procedura__data_chiusura__gt=adesso,
                     procedura__data_chiusura__lte=entro))
    numero = 0
    for candidatura in bozze:
        with transaction.atomic():
            aggiornate = Candidatura.objects.filter(
                pk=candidatura.pk, promemoria_inviato_il__isnull=True).update(
                promemoria_inviato_il=adesso)
            if not aggiornate:
                continue
            chiusura = timezone.localtime(candidatura.procedura.data_chiusura)
            notifica(destinatario=candidatura.candidato, istituto=candidatura.procedura.istituto,
                     oggetto=f"Promemoria: la candidatura per «{candidatura.procedura.oggetto}» "
                             "non è ancora inviata",
                     testo=f"I termini chiudono {data_con('il', chiusura, GIORNO_E_ORA)}. La tua bozza è "
                           "salvata: completala e premi «Invia».",
                     url=f"/avvisi/{candidatura.procedura_id}/candidatura/")
            numero += 1
    return numero


# --- Gestione delle istanze: istruttoria and notices (staff side) --------------------------

PREAVVISO_MINIMO_INTEGRAZIONE = timedelta(hours=24)
SCADENZA_TROPPO_VICINA = "La scadenza deve lasciare al candidato almeno 24 ore."
# The istanza waits for the answer: a mistyped year (05/12/2028) kept it in istruttoria for two
# years, with only «Chiudi l'istruttoria» as a way out.
ATTESA_MASSIMA_INTEGRAZIONE = timedelta(days=30)


def errore_scadenza_integrazione(scadenza, adesso) -> str:
    """The rule for the deadline of an integration request (the form's and the service's): at
    least 24 hours and at most 30 days from now. The message, or ""."""
    if scadenza is None or scadenza < adesso + PREAVVISO_MINIMO_INTEGRAZIONE:
        return SCADENZA_TROPPO_VICINA
    if scadenza > adesso + ATTESA_MASSIMA_INTEGRAZIONE:
        limite = timezone.localtime(adesso + ATTESA_MASSIMA_INTEGRAZIONE)
        return (f"La scadenza può essere al più tra 30 giorni, {data_con('il', limite, GIORNO_E_ORA)}: "
                "la valutazione dell'istanza attende la risposta.")
    return ""
TIPI_DOCUMENTI_INTEGRAZIONE = ("pdf", "p7m", "jpeg", "png")


def _solo_staff_della_procedura(membership: Membership | None, procedura) -> None:
    if membership is None or membership.ruolo not in RUOLI_PROCEDURE:
        raise PermissionDenied("Il tuo ruolo non consente di gestire le istanze.")
    if membership.istituto_id != procedura.istituto_id:
        raise PermissionDenied("La procedura appartiene a un altro istituto.")



@transaction.atomic
def richiedi_integrazione(*, autore, membership, candidatura: Candidatura, messaggio: str,
                          scadenza) -> RichiestaIntegrazione:
    """«Richiedi istruttoria»: ask one candidate for an integration by a deadline.

    The application goes `in_istruttoria`; what was sent stays as it is.
    """
    _solo_staff_della_procedura(membership, candidatura.procedura)
    procedura, candidatura = _blocca(candidatura)
    adesso = timezone.now()
    if not istanze.istruttoria_possibile(procedura, adesso):
        raise ValidationError("L'istruttoria si può richiedere dopo la chiusura dei termini e "
                              "fino alla conclusione della valutazione.")
    if candidatura.stato not in istanze.STATI_PER_ISTRUTTORIA:
        raise ValidationError(f"Non si può richiedere un'integrazione per una candidatura "
                              f"«{candidatura.get_stato_display()}».", code="stato")
    messaggio = (messaggio or "").strip()
    if not messaggio:
        raise ValidationError({"messaggio": "Scrivi che cosa deve integrare il candidato."})
    if errore := errore_scadenza_integrazione(scadenza, adesso):
        raise ValidationError({"scadenza": errore})
    richiesta = RichiestaIntegrazione(
        candidatura=candidatura, richiesta_da=autore, messaggio=messaggio, scadenza=scadenza,
        stato_candidatura_precedente=candidatura.stato)
    richiesta.full_clean()
    richiesta.save()
    candidatura.stato = StatoCandidatura.IN_ISTRUTTORIA
    candidatura.save(update_fields=["stato", "aggiornata_il"])
    registra_evento(autore=autore, azione="candidatura.istruttoria", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=f"Richiesta di integrazione, risposta entro {data_con('il', scadenza, GIORNO_E_ORA)}",
                    dettagli={"richiesta": richiesta.pk, "scadenza": scadenza.isoformat()})
    notifica(destinatario=candidatura.candidato, istituto=procedura.istituto,
             oggetto=f"Richiesta di integrazione – {procedura.oggetto}",
             testo=f"L'istituto chiede un'integrazione alla tua candidatura "
                   f"(protocollo {candidatura.protocollo.numero}/{candidatura.protocollo.anno}):\n\n"
                   f"{messaggio}\n\nPuoi rispondere, con un testo e con documenti, entro "
                   f"{data_con('il', scadenza, GIORNO_E_ORA)} dalla pagina della candidatura in «Le mie candidature».",
             url=f"/candidature/{candidatura.pk}/")
    return richiesta


def contenuto_risposta(richiesta: RichiestaIntegrazione, documenti_risposta) -> bytes:
    """What the candidate answered, in a stable form: its SHA-256 seals the answer."""
    return json.dumps({
        "richiesta": richiesta.pk, "candidatura": richiesta.candidatura_id,
        "risposta": richiesta.risposta,
        "risposta_il": richiesta.risposta_il.isoformat() if richiesta.risposta_il else None,
        "documenti": [[d.nome, d.sha256] for d in documenti_risposta],
    }, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def rispondi_integrazione(*, candidato, richiesta: RichiestaIntegrazione, testo: str,
                          documenti_verificati=()) -> RichiestaIntegrazione:
    """The candidate's answer: text and documents stored beside the sent application.

    Declared titles cannot change: the application's content and SHA-256 are untouched.
    Refused at the deadline's second, whether or not the expiry sweep has run. Files stored
    by a transaction that fails are removed.
    """
    with documenti.rimossi_se_fallisce() as archiviati:
        return _rispondi_integrazione(candidato=candidato, richiesta=richiesta, testo=testo,
                                      documenti_verificati=documenti_verificati,
                                      archiviati=archiviati)


@transaction.atomic
def _rispondi_integrazione(*, candidato, richiesta, testo, documenti_verificati, archiviati):
    candidatura = richiesta.candidatura
    _propria(candidato, candidatura)
    procedura, candidatura = _blocca(candidatura)
    richiesta = RichiestaIntegrazione.objects.select_for_update(no_key=True).select_related(
        "richiesta_da").get(pk=richiesta.pk, candidatura=candidatura)
    adesso = timezone.now()
    if richiesta.stato == StatoRichiesta.RISPOSTA:
        raise ValidationError("Hai già risposto a questa richiesta.", code="gia_risposta")
    if richiesta.stato == StatoRichiesta.SCADUTA or adesso >= richiesta.scadenza:
        raise ValidationError(f"Il termine per rispondere è scaduto "
                              f"{data_con('il', richiesta.scadenza, GIORNO_E_ORA)}.", code="scaduta")
    if candidatura.stato != StatoCandidatura.IN_ISTRUTTORIA:
        raise ValidationError(f"La candidatura è «{candidatura.get_stato_display()}»: la "
                              "richiesta non è più attiva.", code="stato")
    testo = (testo or "").strip()
    if not testo:
        raise ValidationError({"testo": "Scrivi la risposta (anche solo per accompagnare i "
                                        "documenti)."})
    creati = []
    for verificato in documenti_verificati:
        verificato = documenti.verifica_file(verificato, tipi=TIPI_DOCUMENTI_INTEGRAZIONE)
        percorso = documenti.archivia(
            verificato, cartella=f"integrazioni/{procedura.istituto_id}/{procedura.pk}")
        archiviati.append(percorso)
        creati.append(DocumentoIntegrazione.objects.create(
            richiesta=richiesta, percorso=percorso, nome=verificato.nome, mime=verificato.mime,
            dimensione=verificato.dimensione, sha256=verificato.sha256,
            contenuti_attivi=list(verificato.contenuti_attivi)))
    # the counter last, the clock after it: the answer's time is its registration's, and the
    # deadline holds at that second (the number rolls back with the rest)
    richiesta.protocollo_risposta = protocolla(
        istituto=procedura.istituto, verso=Protocollo.Verso.ENTRATA, riferimento=richiesta,
        oggetto=f"Integrazione della candidatura di {candidato} – procedura n. {procedura.pk} "
                f"«{procedura.oggetto}»")
    adesso = richiesta.protocollo_risposta.registrato_il
    if adesso >= richiesta.scadenza:
        raise ValidationError(f"Il termine per rispondere è scaduto "
                              f"{data_con('il', richiesta.scadenza, GIORNO_E_ORA)}.", code="scaduta")
    richiesta.risposta = testo
    richiesta.risposta_il = adesso
    richiesta.stato = StatoRichiesta.RISPOSTA
    richiesta.sha256_risposta = hashlib.sha256(contenuto_risposta(richiesta, creati)).hexdigest()
    richiesta.full_clean()
    richiesta.save()
    candidatura.stato = StatoCandidatura.INTEGRATA
    candidatura.save(update_fields=["stato", "aggiornata_il"])
    registra_evento(autore=candidato, azione="candidatura.integrata", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=f"Integrazione inviata {_dal_candidato(candidato)} "
                                f"({quantita(len(creati), 'documento')})",
                    dettagli={"richiesta": richiesta.pk, "sha256": richiesta.sha256_risposta,
                              "documenti": [d.sha256 for d in creati]})
    segnatura = f"{candidatura.protocollo.numero}/{candidatura.protocollo.anno}"
    notifica(destinatario=richiesta.richiesta_da, istituto=procedura.istituto,
             oggetto=f"Integrazione ricevuta – prot. {segnatura}",
             testo=f"{candidato} ha risposto alla richiesta di integrazione per «{procedura.oggetto}» "
                   f"con {quantita(len(creati), 'documento')} (risposta registrata con "
                   f"{richiesta.protocollo_risposta.segnatura}).",
             url=f"/procedure/{procedura.pk}/istanze/{candidatura.pk}/")
    notifica(destinatario=candidato, istituto=procedura.istituto,
             oggetto=f"Integrazione inviata – {procedura.oggetto}",
             testo=f"La tua integrazione è stata ricevuta {data_con('il', adesso, GIORNO_E_ORA)} "
                   f"e registrata con {richiesta.protocollo_risposta.segnatura}.\n"
                   f"Impronta SHA-256: {richiesta.sha256_risposta}",
             url=f"/candidature/{candidatura.pk}/")
    return richiesta


def integrazioni_scadute(adesso=None) -> list[int]:
    adesso = adesso or timezone.now()
    return list(RichiestaIntegrazione.objects.filter(
        stato=StatoRichiesta.APERTA, scadenza__lte=adesso).order_by("scadenza", "pk")
        .values_list("pk", flat=True)[:500])


@transaction.atomic
def scadi_integrazione(richiesta_id: int, adesso=None) -> bool:
    """Mark one request expired if still open at its deadline; True when this call did it.

    Idempotent: the rows are locked (procedura, candidatura, richiesta, in this order) and the
    state is checked under the lock, so the DS and the requester are told exactly once.
    """
    adesso = adesso or timezone.now()
    riferimenti = (RichiestaIntegrazione.objects.filter(pk=richiesta_id)
                   .values_list("candidatura_id", "candidatura__procedura_id").first())
    if riferimenti is None:
        return False
    candidatura_id, procedura_id = riferimenti
    procedura = (ProceduraSelezione.objects.select_for_update(no_key=True, of=("self",))
                 .select_related("istituto").get(pk=procedura_id))
    candidatura = (Candidatura.objects.select_for_update(no_key=True, of=("self",))
                   .select_related("candidato", "protocollo").get(pk=candidatura_id))
    richiesta = (RichiestaIntegrazione.objects.select_for_update(no_key=True, of=("self",))
                 .select_related("richiesta_da").get(pk=richiesta_id))
    if richiesta.stato != StatoRichiesta.APERTA or richiesta.scadenza > adesso:
        return False
    richiesta.stato = StatoRichiesta.SCADUTA
    richiesta.scaduta_il = adesso
    richiesta.save(update_fields=["stato", "scaduta_il"])
    if candidatura.stato != StatoCandidatura.IN_ISTRUTTORIA:
        # withdrawn or annulled meanwhile: nothing is awaited any more, nobody to tell
        registra_evento(autore=None, azione="candidatura.integrazione_chiusa", oggetto=candidatura,
                        istituto=procedura.istituto,
                        descrizione="Richiesta di integrazione chiusa: la candidatura non è più "
                                    "in istruttoria", dettagli={"richiesta": richiesta.pk})
        return True
    candidatura.stato = richiesta.stato_candidatura_precedente
    candidatura.save(update_fields=["stato", "aggiornata_il"])
    registra_evento(autore=None, azione="candidatura.integrazione_scaduta", oggetto=candidatura,
                    istituto=procedura.istituto,
                    descrizione=f"Richiesta di integrazione scaduta {data_con('il', richiesta.scadenza, GIORNO_E_ORA)} "
                                "senza risposta",
                    dettagli={"richiesta": richiesta.pk, "stato": candidatura.stato})
    destinatari = {richiesta.richiesta_da_id: richiesta.richiesta_da}
    for membership in (Membership.objects.valide(timezone.localdate(adesso))
                       .filter(istituto_id=procedura.istituto_id, ruolo=Ruolo.DS)
                       .select_related("user")):
        destinatari.setdefault(membership.user_id, membership.user)
    segnatura = f"{candidatura.protocollo.numero}/{candidatura.protocollo.anno}"
    for persona in destinatari.values():
        notifica(destinatario=persona, istituto=procedura.istituto,
                 oggetto=f"Integrazione non pervenuta – prot. {segnatura}",
                 testo=f"La richiesta di integrazione {a_chi(candidatura.candidato)} per «{procedura.oggetto}» "
                       f"è scaduta {data_con('il', richiesta.scadenza, GIORNO_E_ORA)} senza risposta. La candidatura "
                       f"torna «{candidatura.get_stato_display()}».",
                 url=f"/procedure/{procedura.pk}/istanze/{candidatura.pk}/")
    return True


@transaction.atomic
def chiudi_istruttoria(*, autore, membership, richiesta: RichiestaIntegrazione,
                       nota: str) -> RichiestaIntegrazione:
    """The office closes an open request before its deadline (the answer is no longer needed,
    or arrived by other means): the application returns to its previous state, so the
    evaluation can go on; the candidate and the requester are told why."""
    _solo_staff_della_procedura(membership, richiesta.candidatura.procedura)  # before any lock
    procedura, candidatura = _blocca(richiesta.candidatura)
    richiesta = (RichiestaIntegrazione.objects.select_for_update(no_key=True, of=("self",))
                 .select_related("richiesta_da").get(pk=richiesta.pk, candidatura=candidatura))
    if richiesta.stato != StatoRichiesta.APERTA:
        raise ValidationError(f"La richiesta è «{richiesta.get_stato_display()}»: non c'è nulla "
                              "da chiudere.", code="stato")
    nota = (nota or "").strip()
    if not nota:
        raise ValidationError({"nota": "Scrivi perché l'istruttoria si chiude: il candidato lo "
                                       "leggerà."})
    richiesta.stato = StatoRichiesta.CHIUSA
    richiesta.chiusa_il, richiesta.chiusa_da, richiesta.nota_chiusura = timezone.now(), autore, nota
    richiesta.save(update_fields=["stato", "chiusa_il", "chiusa_da", "nota_chiusura"])
    if candidatura.stato == StatoCandidatura.IN_ISTRUTTORIA:
        candidatura.stato = richiesta.stato_candidatura_precedente
        candidatura.save(update_fields=["stato", "aggiornata_il"])
    registra_evento(autore=autore, azione="candidatura.istruttoria_chiusa", oggetto=candidatura,
                    istituto=procedura.istituto, descrizione=f"Istruttoria chiusa: {nota}",
                    dettagli={"richiesta": richiesta.pk, "stato": candidatura.stato})
    segnatura = f"{candidatura.protocollo.numero}/{candidatura.protocollo.anno}"
    notifica(destinatario=candidatura.candidato, istituto=procedura.istituto,
             oggetto=f"Richiesta di integrazione chiusa – {procedura.oggetto}",
             testo=f"L'istituto ha chiuso la richiesta di integrazione alla tua candidatura "
                   f"(protocollo {segnatura}): {nota}",
             url=f"/candidature/{candidatura.pk}/")
    if richiesta.richiesta_da_id != autore.pk:
        notifica(destinatario=richiesta.richiesta_da, istituto=procedura.istituto,
                 oggetto=f"Istruttoria chiusa – prot. {segnatura}",
                 testo=f"{autore} ha chiuso la richiesta di integrazione a "
                       f"{candidatura.candidato}: {nota}",
                 url=f"/procedure/{procedura.pk}/istanze/{candidatura.pk}/")
    return richiesta


def scadi_integrazioni(adesso=None) -> int:
    """The beat sweep: every open request past its deadline; returns how many it marked."""
    adesso = adesso or timezone.now()
    return sum(1 for pk in integrazioni_scadute(adesso) if scadi_integrazione(pk, adesso))


@transaction.atomic
def invia_notifica_candidati(*, autore, membership, procedura: ProceduraSelezione,
                             candidature, oggetto: str, testo: str) -> int:
    """«Invia notifica» to one candidate or a group: in-app and e-mail, one event each."""
    _solo_staff_della_procedura(membership, procedura)
    oggetto, testo = (oggetto or "").strip(), (testo or "").strip()
    errori = {}
    if not oggetto:
        errori["oggetto"] = "Scrivi l'oggetto della notifica."
    if not testo:
        errori["testo"] = "Scrivi il testo della notifica."
    candidature = list(candidature)
    if not candidature:
        errori["__all__"] = "Seleziona almeno un'istanza."
    if errori:
        raise ValidationError(errori)
    for candidatura in candidature:
        if candidatura.procedura_id != procedura.pk or candidatura.protocollo_id is None:
            raise PermissionDenied("Si notificano solo le istanze inviate a questa procedura.")
    for candidatura in candidature:
        notifica(destinatario=candidatura.candidato, istituto=procedura.istituto,
                 oggetto=oggetto, testo=testo, url=f"/candidature/{candidatura.pk}/")
        registra_evento(autore=autore, azione="candidatura.notifica", oggetto=candidatura,
                        istituto=procedura.istituto, descrizione=f"Notifica inviata: «{oggetto}»")
    return len(candidature)


def _dal_candidato(persona) -> str:
    """«dal candidato», «dalla candidata» (from the codice fiscale), else «dal candidato/a»."""
    return "dalla candidata" if desinenza(persona) == "a" else f"dal candidat{desinenza(persona)}"
