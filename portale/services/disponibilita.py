"""What the portal writes about its own availability: the heartbeat and the requests of the
submission path (read back by `portale.disponibilita.interruzioni`).

Telemetry, not domain actions: no event in the registro eventi (a line a minute, or one per
request, would bury the real ones in an append-only register). Both writes are one statement.
"""

import os
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction

from ..models import Battito, RichiesteAlMinuto


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


def conta_richiesta(*, adesso: datetime, errore: bool) -> None:
    """Count one request of the submission path in this process's row of this minute."""
    tabella = connection.ops.quote_name(RichiesteAlMinuto._meta.db_table)
    # Only the model's own table name is interpolated; values are parameters.
    sql = (f"INSERT INTO {tabella} (minuto, processo, richieste, errori) "  # noqa: S608
           f"VALUES (%s, %s, 1, %s) ON CONFLICT (minuto, processo) DO UPDATE SET "
           f"richieste = {tabella}.richieste + 1, errori = {tabella}.errori + EXCLUDED.errori")
    parametri = [connection.ops.adapt_datetimefield_value(minuto_di(adesso)), os.getpid(),
                 int(errore)]
    if connection.in_atomic_block:  # e.g. a test: a failure must not break the transaction
        with transaction.atomic(), connection.cursor() as cursore:
            cursore.execute(sql, parametri)
    else:  # autocommit, as after every view: one statement, no BEGIN/COMMIT
        with connection.cursor() as cursore:
            cursore.execute(sql, parametri)
