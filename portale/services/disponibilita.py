"""What the portal writes about its own availability: the heartbeat and the requests of the
submission path (read back by `portale.disponibilita.interruzioni`).

Telemetry, not domain actions: no event in the registro eventi (a line a minute, or one per
request, would bury the real ones in an append-only register). Both writes are one statement.
"""

import atexit
import logging
import os
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from ..models import Battito, RichiesteAlMinuto

logger = logging.getLogger(__name__)


def registra_battito(*, adesso: datetime) -> Battito:
    """One heartbeat; rows older than DISPONIBILITA_CONSERVAZIONE_GIORNI go (both tables)."""
    limite = adesso - timedelta(days=settings.DISPONIBILITA_CONSERVAZIONE_GIORNI)
    with transaction.atomic():
        battito = Battito.objects.create(istante=adesso)
        Battito.objects.filter(istante__lt=limite).delete()
        RichiesteAlMinuto.objects.filter(minuto__lt=limite).delete()
    return battito


def minuto_di(istante: datetime) -> datetime:
    return istante.replace(second=0, microsecond=0)


class _InAttesa:
    """The counts of this process not yet written: {minute: [answers, 5xx]}, and when the
    last write happened. Shared by the threads of the process, under its lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.conti: dict[datetime, list[int]] = {}
        self.scritto_il: datetime | None = None

    def prendi(self, adesso: datetime, *, minuto: datetime, errore: bool) -> dict:
        """Add one answer; what must be written now (empty: it waits in memory)."""
        intervallo = timedelta(seconds=settings.DISPONIBILITA_SCRITTURA_SECONDI)
        with self.lock:
            conto = self.conti.setdefault(minuto, [0, 0])
            conto[0] += 1
            conto[1] += int(errore)
            if (not errore and len(self.conti) == 1 and self.scritto_il is not None
                    and self.scritto_il <= adesso < self.scritto_il + intervallo):
                return {}
            da_scrivere, self.conti, self.scritto_il = self.conti, {}, adesso
            return da_scrivere

    def svuota(self) -> dict:
        with self.lock:
            da_scrivere, self.conti = self.conti, {}
            return da_scrivere


_in_attesa = _InAttesa()


def conta_richiesta(*, adesso: datetime, errore: bool) -> None:
    """Count one request of the submission path in this process's row of its minute.

    At the deadline peak every candidate's request passes here: the counts wait in memory and
    reach the database in one UPSERT per minute at most every DISPONIBILITA_SCRITTURA_SECONDI
    (0: at every request), at once when the minute changes or the answer is a 5xx (a failing
    portal is counted while it fails). What a process had not written when it stopped is
    written at exit; a process killed loses at most those seconds of successful answers."""
    _scrivi(_in_attesa.prendi(adesso, minuto=minuto_di(adesso), errore=errore))


def scrivi_conteggi_in_attesa() -> None:
    _scrivi(_in_attesa.svuota())


def _scrivi(conti: dict) -> None:
    if not conti:
        return
    tabella = connection.ops.quote_name(RichiesteAlMinuto._meta.db_table)
    # Only the model's own table name is interpolated; values are parameters.
    sql = (f"INSERT INTO {tabella} (minuto, processo, richieste, errori) "  # noqa: S608
           f"VALUES (%s, %s, %s, %s) ON CONFLICT (minuto, processo) DO UPDATE SET "
           f"richieste = {tabella}.richieste + EXCLUDED.richieste, "
           f"errori = {tabella}.errori + EXCLUDED.errori")
    righe = [[connection.ops.adapt_datetimefield_value(minuto), os.getpid(), richieste, errori]
             for minuto, (richieste, errori) in sorted(conti.items())]
    if connection.in_atomic_block:  # e.g. a test: a failure must not break the transaction
        with transaction.atomic(), connection.cursor() as cursore:
            cursore.executemany(sql, righe)
    else:  # autocommit, as after every view: one statement a minute, no BEGIN/COMMIT
        with connection.cursor() as cursore:
            cursore.executemany(sql, righe)


def _alla_chiusura() -> None:
    try:
        scrivi_conteggi_in_attesa()
    except Exception:  # noqa: BLE001 - the process is stopping: nothing else to do
        logger.warning("Conteggi della disponibilità non scritti alla chiusura", exc_info=True)


atexit.register(_alla_chiusura)
