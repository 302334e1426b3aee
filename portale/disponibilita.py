"""The portal knows its own availability (issue 19, «Proroga per malfunzionamento»).

Two signals, both in the database:

- the **heartbeat** (`Battito`): the beat schedules `portale.tasks.registra_battito` every
  minute; a worker writes the row. A gap longer than DISPONIBILITA_SOGLIA_BATTITO_MINUTI
  between two rows means that beat, broker, worker or database were down: an outage from the
  last heartbeat before the gap to the first one after it;
- the **submission path** (`RichiesteAlMinuto`): `ContaRichiesteMiddleware` counts, per minute,
  the answers of the views in DISPONIBILITA_VISTE (application form, steps, summary, «Invia»)
  and how many were 5xx. A minute with at least DISPONIBILITA_RICHIESTE_MINIME answers of
  which more than DISPONIBILITA_ERRORI_PERCENTUALE % failed is a failed minute; consecutive
  failed minutes are an outage from the start of the first to the end of the last.

Spans closer than the heartbeat threshold are merged into one outage (a portal that flaps is
down for the whole span). An outage counts only once it is over: its end is at least the
threshold in the past. `procedure.services.compensa_malfunzionamenti` reads them.

Not seen here: the web server down while beat and worker run (nothing reaches Django, so
nothing is counted); an external probe would be needed for that.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import DateTimeField, ExpressionWrapper, F, Sum, Window
from django.db.models.functions import Lag
from django.urls import Resolver404, resolve
from django.utils import timezone

from .models import Battito, RichiesteAlMinuto
from .services.disponibilita import conta_richiesta

logger = logging.getLogger(__name__)

BATTITO = "battito"
ERRORI = "errori"
CAUSE = {BATTITO: "nessun battito del sistema", ERRORI: "invii delle candidature non riusciti"}


@dataclass(frozen=True)
class Interruzione:
    inizio: datetime
    fine: datetime
    cause: tuple[str, ...]

    @property
    def durata(self) -> timedelta:
        return self.fine - self.inizio

    @property
    def descrizione_cause(self) -> str:
        return ", ".join(CAUSE[c] for c in self.cause)


def soglia() -> timedelta:
    return timedelta(minutes=settings.DISPONIBILITA_SOGLIA_BATTITO_MINUTI)


def battito(adesso: datetime) -> dict:
    """The last heartbeat and whether it is within the threshold (what /healthz reports: a
    stopped worker or beat near a deadline extends the terms, so a monitor must see it)."""
    ultimo = Battito.objects.order_by("-istante").values_list("istante", flat=True).first()
    return {"ultimo": ultimo.isoformat() if ultimo else None,
            "regolare": ultimo is not None and adesso - ultimo <= soglia()}


def interruzioni(*, da: datetime, adesso: datetime) -> list[Interruzione]:
    """The outages over by `adesso` that ended after `da`, oldest first. Two queries."""
    spazi = _senza_battito(da, adesso) + _minuti_falliti(da, adesso)
    return [i for i in unisci(spazi, soglia()) if i.fine > da and i.fine + soglia() <= adesso]


def unisci(spazi: list[Interruzione], tolleranza: timedelta) -> list[Interruzione]:
    """Overlapping spans, or spans closer than `tolleranza`, become one (pure function)."""
    unite: list[Interruzione] = []
    for spazio in sorted(spazi, key=lambda s: (s.inizio, s.fine)):
        if unite and spazio.inizio <= unite[-1].fine + tolleranza:
            ultima = unite[-1]
            unite[-1] = Interruzione(ultima.inizio, max(ultima.fine, spazio.fine),
                                     tuple(sorted(set(ultima.cause) | set(spazio.cause))))
        else:
            unite.append(spazio)
    return unite


def _senza_battito(da: datetime, adesso: datetime) -> list[Interruzione]:
    """Gaps between consecutive heartbeats longer than the threshold: one query (LAG)."""
    righe = (Battito.objects.filter(istante__gte=da - soglia() - _margine(), istante__lte=adesso)
             .annotate(precedente=Window(Lag("istante"), order_by=F("istante").asc()))
             .filter(istante__gt=ExpressionWrapper(F("precedente") + soglia(),
                                                   output_field=DateTimeField()))
             .values_list("precedente", "istante"))
    return [Interruzione(prima, dopo, (BATTITO,)) for prima, dopo in righe]


def _margine() -> timedelta:
    """How far before `da` the previous heartbeat is looked for (a gap that began earlier)."""
    return timedelta(hours=settings.PROROGA_MALFUNZIONAMENTO_FINESTRA_ORE)


def _minuti_falliti(da: datetime, adesso: datetime) -> list[Interruzione]:
    """Minutes of the submission path with enough answers, mostly 5xx: one query."""
    minuti = (RichiesteAlMinuto.objects.filter(minuto__gte=da - _margine(), minuto__lte=adesso)
              .values("minuto")
              .annotate(totale=Sum("richieste"), falliti=Sum("errori"))
              .annotate(falliti_100=F("falliti") * 100,
                        soglia_errori=F("totale") * settings.DISPONIBILITA_ERRORI_PERCENTUALE)
              .filter(totale__gte=settings.DISPONIBILITA_RICHIESTE_MINIME,
                      falliti_100__gt=F("soglia_errori"))
              .order_by("minuto").values_list("minuto", flat=True))
    minuto = timedelta(minutes=1)
    return unisci([Interruzione(m, m + minuto, (ERRORI,)) for m in minuti], timedelta(0))


class ContaRichiesteMiddleware:
    """Counts the answers of the submission path, 5xx apart: one UPSERT per request at most.

    Outermost in MIDDLEWARE, so it sees the final status (an exception anywhere inside is
    already a 500 here). Counted: a view of DISPONIBILITA_VISTE, a client with a session
    cookie (a candidate at work, not a crawler sent to the login), any answer but 4xx (a
    refusal, a rate limit or a hostile input are the client's, not the portal's failure).
    A failure of the count is logged and never reaches the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        risposta = self.get_response(request)
        try:
            if self._da_contare(request, risposta):
                conta_richiesta(adesso=timezone.now(), errore=risposta.status_code >= 500)
        except Exception:  # noqa: BLE001 - counting must never break the answer
            logger.warning("Conteggio della richiesta %s non registrato", request.path,
                           exc_info=True)
        return risposta

    def _da_contare(self, request, risposta) -> bool:
        if 400 <= risposta.status_code < 500 or not settings.DISPONIBILITA_VISTE:
            return False
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        corrispondenza = getattr(request, "resolver_match", None)
        if corrispondenza is None:  # failed before the URL was resolved
            try:
                corrispondenza = resolve(request.path_info)
            except Resolver404:
                return False
        return corrispondenza.view_name in settings.DISPONIBILITA_VISTE
