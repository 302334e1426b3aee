"""Terms in days: to the end of the last day, a Sunday or a national holiday moving it on."""

from datetime import datetime

import pytest
from django.utils import timezone

from portale.termini import termine_in_giorni


def _ora(testo: str) -> datetime:
    return timezone.make_aware(datetime.strptime(testo, "%d/%m/%Y %H:%M"))


@pytest.mark.parametrize(("pubblicata", "giorni", "ultimo_giorno"), [
    ("10/03/2026 16:00", 3, "13/03/2026"),  # a Friday: to its end
    ("10/03/2026 16:00", 5, "16/03/2026"),  # Sunday 15 → Monday 16
    ("01/04/2026 09:00", 5, "07/04/2026"),  # Monday 6 is Easter Monday
    ("20/12/2026 10:00", 5, "28/12/2026"),  # Christmas (Fri), Santo Stefano (Sat), Sunday
    ("29/09/2026 23:30", 5, "05/10/2026"),  # San Francesco, 4 October, is a Sunday in 2026
    ("28/09/2027 08:00", 6, "05/10/2027"),  # and a Monday in 2027
    ("31/12/2026 23:59", 1, "02/01/2027"),  # New Year's Day
])
def test_termine_alla_fine_dell_ultimo_giorno_non_festivo(pubblicata, giorni, ultimo_giorno):
    termine = timezone.localtime(termine_in_giorni(_ora(pubblicata), giorni))
    assert termine.strftime("%d/%m/%Y %H:%M:%S") == f"{ultimo_giorno} 23:59:59"
