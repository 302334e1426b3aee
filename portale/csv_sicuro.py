"""CSV for spreadsheets without formula injection (OWASP «CSV Injection»).

Every CSV the portal exports goes through `scrittore()`: a `csv.writer` whose text cells that
begin with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading single quote, so Excel
and LibreOffice show them as text instead of running them (`=HYPERLINK(…)`, `@SUM(…)`,
`=cmd|' /C calc'!A0`). Names, objects, file names: whatever a person typed.

Only strings are neutralised. Numbers stay numbers: an int, a Decimal or a float is written as
it is, and a number the code formats itself as text (the Italian decimal comma, "-12,50")
is marked with `numero()` so a negative amount is not turned into text.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

INIZI_PERICOLOSI = ("=", "+", "-", "@", "\t", "\r")


class Numero(str):
    """A number formatted by the code (never by a user): written as it is."""


def numero(valore, *, decimali: int = 2) -> Numero:
    """`Decimal("-12.5")` → "-12,50", marked as a number."""
    return Numero(f"{Decimal(valore):.{decimali}f}".replace(".", ","))


def neutralizza(valore):
    """The cell as a spreadsheet must read it: a dangerous text gets a leading quote."""
    if isinstance(valore, str) and not isinstance(valore, Numero) and valore.startswith(
            INIZI_PERICOLOSI):
        return "'" + valore
    return valore


class _Scrittore:
    def __init__(self, file, **opzioni):
        self._scrittore = csv.writer(file, **opzioni)

    def writerow(self, riga: Iterable):
        return self._scrittore.writerow([neutralizza(v) for v in riga])

    def writerows(self, righe: Iterable[Iterable]):
        for riga in righe:
            self.writerow(riga)


def scrittore(file, **opzioni) -> _Scrittore:
    """`csv.writer(file, **opzioni)` with every cell passed through `neutralizza`."""
    return _Scrittore(file, **opzioni)
