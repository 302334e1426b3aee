"""Database expressions for the assistance report: seconds between two datetimes, median.

PostgreSQL has both natively (EXTRACT(EPOCH …), percentile_cont); on SQLite the seconds come
from julianday() and the median from an aggregate function registered on every new
connection (`registra_funzioni_sqlite`, connected in AssistenzaConfig.ready). Either way the
report is one grouped query, whatever the number of tickets.
"""

import statistics

from django.db.models import Aggregate, FloatField, Func
from django.db.utils import NotSupportedError


class SecondiTra(Func):
    """(fine − inizio) in seconds, as a float; NULL when either is NULL."""

    arity = 2
    output_field = FloatField()

    def __init__(self, fine, inizio, **extra):
        super().__init__(fine, inizio, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, arg_joiner=") - julianday(",
                           template="((julianday(%(expressions)s)) * 86400.0)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, arg_joiner=" - ",
                           template="CAST(EXTRACT(EPOCH FROM (%(expressions)s)) AS double precision)",
                           **extra)

    def as_sql(self, compiler, connection, **extra):
        if "template" not in extra:
            raise NotSupportedError("SecondiTra è disponibile su SQLite e PostgreSQL")
        return super().as_sql(compiler, connection, **extra)


class Mediana(Aggregate):
    """The median of the non-NULL values (continuous: the mean of the two middle ones)."""

    function = "MEDIANA"
    name = "Mediana"
    output_field = FloatField()
    allow_distinct = False

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection,
                              template="percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)",
                              **extra)


class _MedianaSQLite:
    def __init__(self):
        self.valori = []

    def step(self, valore):
        if valore is not None:
            self.valori.append(valore)

    def finalize(self):
        return statistics.median(self.valori) if self.valori else None


def registra_funzioni_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIANA", 1, _MedianaSQLite)
