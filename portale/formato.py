"""Numbers as Italian readers write them, the same in pages, PDFs and texts built in Python.

    numero(1234.5)   -> "1.234,50"      (two decimals, "." for thousands, "," for decimals)
    euro(1234.5)     -> "1.234,50 €"
    punti(27)        -> "27"            (scores and hours: decimals only when there are some)
    punti("38.5")    -> "38,50"

Independent of the active locale and of USE_L10N: a PDF rendered by a task or a notification
written by a service reads the same as the page. Values may be Decimal, int, float or the
strings stored in JSON rows ("27.00"); None and "" give "". Not for codes, protocol numbers
or years (those are identifiers, never grouped).

Inside SVG or HTML attributes use `|unlocalize` or `{% localize off %}` instead: there the
browser needs a dot, not an Italian number.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _decimale(valore) -> Decimal | None:
    if valore is None or valore == "":
        return None
    if isinstance(valore, Decimal):
        return valore
    try:
        return Decimal(str(valore).strip())
    except InvalidOperation:
        return None


def numero(valore, decimali: int = 2) -> str:
    """`valore` with `decimali` decimals and Italian separators; "" if it is not a number."""
    d = _decimale(valore)
    if d is None or not d.is_finite():
        return "" if d is None else str(valore)
    d = d.quantize(Decimal(1).scaleb(-decimali), rounding=ROUND_HALF_UP) if decimali else \
        d.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    segno = "-" if d < 0 else ""
    intera, _, frazione = f"{abs(d):f}".partition(".")
    gruppi = []
    while len(intera) > 3:
        gruppi.insert(0, intera[-3:])
        intera = intera[:-3]
    gruppi.insert(0, intera)
    testo = ".".join(gruppi)
    return f"{segno}{testo},{frazione}" if decimali else f"{segno}{testo}"


def euro(valore) -> str:
    """An amount: "1.234,50 €" ("" if there is none)."""
    testo = numero(valore)
    return f"{testo} €" if testo else ""


def euro_unito(valore) -> str:
    """An amount in running text that never wraps before «€»: "1.234,50\u00a0€"."""
    return euro(valore).replace(" ", "\u00a0")


def punti(valore) -> str:
    """A score or a number of hours: "27", "38,50", "1.200" (decimals only if not whole)."""
    d = _decimale(valore)
    if d is None or not d.is_finite():
        return numero(valore)
    return numero(d, 0) if d == d.to_integral_value() else numero(d, 2)


def numero_ore(valore) -> str:
    """A number of hours: "20", "1,5", "2,25" (no trailing zero: «1,50 ore» reads as a price)."""
    testo = punti(valore)
    return testo.rstrip("0") if "," in testo else testo


def da_testo(testo: str) -> str | None:
    """The inverse, for what a person types: «70,50», «1.500,00», «1 500,5 €», also «70.5» or
    «1.500» (a point followed by groups of three is the thousands one), as a plain decimal
    string («1500.00»); "" for nothing typed, None when it is not a number (letters, «1e3»,
    two commas, a point after the comma). The same reading as fabbisogno/static/fabbisogno/js/importo.js."""
    testo = "".join(str(testo).split()).replace("€", "")
    if "," in testo and "." in testo.rpartition(",")[2]:
        return None  # «1,234.50»: English order, never read as 1,23450
    if "," in testo:  # the comma is the decimal one: the points group thousands
        testo = testo.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", testo):  # «1.500»: thousands, not 1,5
        testo = testo.replace(".", "")
    if testo == "":
        return ""
    return testo if re.fullmatch(r"-?(\d+\.?\d*|\.\d+)", testo) else None
