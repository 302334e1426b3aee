"""«Gestione delle istanze»: when staff may see the applications of a procedure, and how one
application reads (every answer, declaration and document, with the procedure's labels).

Staff see only sent applications (with a protocol number), never drafts, and only once the
terms are closed: the procedure's effective state (computed from the clock, see
procedure.calendario) is chiusa or later. An annulled procedure shows its applications if
its terms had closed before; one under non-significant revision, if it was closed.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.dateparse import parse_date

from portale.lingua import quantita
from procedure import calendario
from procedure import criteri as regole
from procedure.models import ProceduraSelezione, Stato, TipoCampo, TipoCriterio

from .dichiarato import richieste
from .models import StatoCandidatura

DOPO_LA_CHIUSURA = (Stato.CHIUSA, Stato.IN_VALUTAZIONE, Stato.VALUTATA, Stato.CONCLUSA_ESITO)
# A request for integration makes sense while the applications are being examined.
ISTRUTTORIA_POSSIBILE = (Stato.CHIUSA, Stato.IN_VALUTAZIONE)
# Applications to which a request for integration may be sent.
STATI_PER_ISTRUTTORIA = (StatoCandidatura.INVIATA, StatoCandidatura.INTEGRATA)


def consultabili(procedura: ProceduraSelezione, adesso: datetime | None = None) -> bool:
    """Whether staff may see the applications of `procedura` now."""
    adesso = adesso or timezone.now()
    stato = calendario.stato_effettivo(procedura, adesso)
    if stato in DOPO_LA_CHIUSURA:
        return True
    chiusi = procedura.data_chiusura is not None and procedura.data_chiusura <= adesso
    if stato == Stato.ANNULLATA:
        return chiusi
    if stato == Stato.IN_REVISIONE:
        return procedura.stato_precedente == Stato.CHIUSA
    return False


def istruttoria_possibile(procedura: ProceduraSelezione, adesso: datetime | None = None) -> bool:
    stato = calendario.stato_effettivo(procedura, adesso or timezone.now())
    return stato in ISTRUTTORIA_POSSIBILE


# --- how one application reads ------------------------------------------------------------

@dataclass
class Riga:
    etichetta: str
    valore: str
    descrizione: str = ""
    documento: object = None
    sezione: str = ""
    extra: dict = field(default_factory=dict)


def _si_no(valore) -> str:
    if valore in (True, "si", "on", "true", "True"):
        return "Sì"
    if valore in (False, "no", "", None, "false", "False"):
        return "No"
    return str(valore)


def _data(valore) -> str:
    if isinstance(valore, date):
        return f"{valore:%d/%m/%Y}"
    letta = parse_date(str(valore)) if valore else None
    return f"{letta:%d/%m/%Y}" if letta else str(valore or "—")


def valore_campo(campo, valore) -> str:
    """An answer to a CampoModulo as text for staff ("—" when not given)."""
    if valore in (None, ""):
        return "—"
    if campo.tipo in (TipoCampo.SI_NO, TipoCampo.DICHIARAZIONE):
        return _si_no(valore)
    if campo.tipo == TipoCampo.DATA:
        return _data(valore)
    if campo.tipo == TipoCampo.NUMERO:
        return str(valore).replace(".", ",")
    return str(valore)


def valore_dichiarazione(criterio, valore) -> str:
    """A declared title as text: possesso, number of units, degree mark with lode."""
    if criterio.tipo in (TipoCriterio.FISSO, TipoCriterio.REQUISITO):
        return "Posseduto" if valore in (True, "on", "si") else "Non dichiarato"
    if valore in (None, "", 0, "0"):
        return "Non dichiarato"
    if criterio.tipo == TipoCriterio.PER_UNITA:
        return quantita(valore, criterio.unita or "unità")
    if criterio.tipo == TipoCriterio.VOTO_LAUREA and isinstance(valore, dict):
        voto = valore.get("voto")
        return f"{voto}/110{' e lode' if valore.get('lode') else ''}" if voto else "Non dichiarato"
    return str(valore)


def righe_risposte(candidatura, campi) -> list[Riga]:
    """Every field of the procedure's form with the candidate's answer, in form order."""
    return [Riga(etichetta=c.etichetta, valore=valore_campo(c, candidatura.risposte.get(str(c.pk))),
                 sezione=c.sezione.titolo if c.sezione_id else "")
            for c in campi]


def righe_dichiarazioni(candidatura, criteri, allegati) -> list[Riga]:
    """Each criterion the candidate could declare: value, description, optional document.

    Manual criteria are scored by the commission and are not declared by the candidate.
    """
    per_criterio = {a.criterio_id: a for a in allegati if a.criterio_id}
    righe = []
    for criterio in criteri:
        if criterio.tipo == TipoCriterio.MANUALE:
            continue
        righe.append(Riga(
            etichetta=criterio.descrizione,
            valore=valore_dichiarazione(criterio, candidatura.dichiarazioni.get(str(criterio.pk))),
            descrizione=candidatura.dichiarazioni.get(f"{criterio.pk}_descrizione") or "",
            documento=per_criterio.get(criterio.pk),
            extra={"requisito": criterio.tipo == TipoCriterio.REQUISITO,
                   "categorie": criterio.categorie_in_parole()},
        ))
    return righe


def righe_autocertificazioni(candidatura) -> list[Riga]:
    return [Riga(etichetta=testo, valore=_si_no(candidatura.autocertificazioni.get(nome)))
            for nome, testo in richieste(candidatura)]


def segna_requisiti(candidature, criteri) -> None:
    """Each application of the page gets `requisiti_mancanti`: the admission requirements its
    declarations do not meet (issue 18; the commission's corrections are in graduatorie)."""
    for candidatura in candidature:
        dichiarazioni = {int(k): v for k, v in candidatura.dichiarazioni.items() if k.isdigit()}
        candidatura.requisiti_mancanti = regole.requisiti_mancanti(
            criteri, candidatura.categoria, dichiarazioni)
