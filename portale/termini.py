"""Terms in days as Italian law counts them (art. 2963 c.c., art. 155 c.p.c.): the day of the
event is not counted, the term runs to the end of its last day, and a last day that is a
Sunday or a national holiday moves to the next working day. The holidays come from the
maintained `holidays` package (Easter Monday, and San Francesco again a national holiday from
2026, without a table of ours to keep up to date)."""

from datetime import date, datetime, time, timedelta

import holidays
from django.utils import timezone

_FESTIVITA_NAZIONALI = holidays.country_holidays("IT")


def festivo(giorno: date) -> bool:
    return giorno.weekday() == 6 or giorno in _FESTIVITA_NAZIONALI


def termine_in_giorni(dal: datetime, giorni: int) -> datetime:
    """The last instant of a term of `giorni` days from the instant `dal` (local time)."""
    ultimo = timezone.localtime(dal).date() + timedelta(days=giorni)
    while festivo(ultimo):
        ultimo += timedelta(days=1)
    return timezone.make_aware(datetime.combine(ultimo, time.max))
