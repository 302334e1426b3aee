"""Time decides: whether an avviso accepts applications is computed from the stored dates
and the server clock at the exact second, never from a Celery task having run."""

from datetime import datetime, timedelta

from django.db.models import Case, CharField, Q, Value, When

from .models import ProceduraSelezione, Stato


def stato_effettivo(procedura: ProceduraSelezione, adesso: datetime) -> str:
    stato = procedura.stato
    if (stato == Stato.PUBBLICATA and procedura.apertura_programmata
            and procedura.data_apertura and procedura.data_apertura <= adesso):
        stato = Stato.APERTA
    if stato == Stato.APERTA and procedura.data_chiusura and procedura.data_chiusura <= adesso:
        stato = Stato.CHIUSA
    return stato


def accetta_candidature(procedura: ProceduraSelezione, adesso: datetime) -> bool:
    """True only while open: from data_apertura (included) to data_chiusura (excluded)."""
    return stato_effettivo(procedura, adesso) == Stato.APERTA


def colpita_da_interruzione(procedura: ProceduraSelezione, inizio: datetime, fine: datetime,
                            finestra: timedelta) -> bool:
    """Whether an outage of the portal took time the candidates had to apply: it began before
    the deadline and ended within `finestra` before it, or after it (the deadline fell inside
    the outage), and not before the avviso opened. «Proroga per malfunzionamento»."""
    chiusura = procedura.data_chiusura
    if chiusura is None:
        return False
    dal = chiusura - finestra
    if procedura.data_apertura is not None and procedura.data_apertura > dal:
        dal = procedura.data_apertura
    return inizio < chiusura and fine > dal


def durata_proroga(inizio: datetime, fine: datetime, arrotondamento: timedelta) -> timedelta:
    """The outage's length rounded up to `arrotondamento`: with an hour, 40 minutes → 1 hour,
    60 → 1, 61 → 2."""
    volte, resto = divmod(fine - inizio, arrotondamento)
    return (volte + (1 if resto else 0)) * arrotondamento


class StatoPubblico:
    IN_APERTURA = "in_apertura"
    APERTO = "aperto"
    CHIUSO = "chiuso"
    CONCLUSO = "concluso"
    SOSPESO = "sospeso"
    IN_REVISIONE = "in_revisione"
    ANNULLATO = "annullato"
    ETICHETTE = {IN_APERTURA: "In apertura", APERTO: "Aperto", CHIUSO: "Chiuso",
                 CONCLUSO: "Concluso", SOSPESO: "Sospeso", IN_REVISIONE: "In revisione", ANNULLATO: "Annullato"}


def annota_stato_pubblico(qs, adesso: datetime):
    """The state a visitor sees, computed in the database from the same rule as above."""
    aperta_ora = (
        Q(stato=Stato.APERTA)
        | Q(stato=Stato.PUBBLICATA, apertura_programmata=True, data_apertura__lte=adesso)
    )
    return qs.annotate(stato_pubblico=Case(
        When(aperta_ora & Q(data_chiusura__gt=adesso), then=Value(StatoPubblico.APERTO)),
        When(aperta_ora, then=Value(StatoPubblico.CHIUSO)),
        When(stato=Stato.PUBBLICATA, then=Value(StatoPubblico.IN_APERTURA)),
        When(stato=Stato.SOSPESA, then=Value(StatoPubblico.SOSPESO)),
        When(stato=Stato.IN_REVISIONE, then=Value(StatoPubblico.IN_REVISIONE)),
        When(stato=Stato.ANNULLATA, then=Value(StatoPubblico.ANNULLATO)),
        # the definitive ranking approved: the selection has its outcome
        When(stato=Stato.CONCLUSA_ESITO, then=Value(StatoPubblico.CONCLUSO)),
        default=Value(StatoPubblico.CHIUSO),
        output_field=CharField(),
    ))
