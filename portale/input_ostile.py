"""Hostile input stops at the door: control characters and out-of-range numbers.

PostgreSQL refuses a NUL byte in any text value («A string literal cannot contain NUL»): a
`%00` in a path, a query parameter, a form field or a cookie that reaches a query becomes a
server error. No page of the portal has a use for control characters, so
`RifiutaInputOstileMiddleware` (early in MIDDLEWARE, before sessions and views) answers 400
with the Italian page `templates/400.html` when

- the path contains any C0 control character (U+0000–U+001F) or DEL;
- a query parameter (name or value), a form field or a cookie contains one, except tab, CR
  and LF, which a textarea may legitimately send;
- a path segment or a query value is an integer beyond the largest id (2⁶³−1): it names
  nothing, and SQLite's driver fails on it with OverflowError.

Uploaded files are not inspected (they are bytes, checked by `portale.documenti`); their
names are cleaned there. Numbers read from the query string go through `intero()`/`anno()`,
which refuse values out of range with `BadRequest` (400) instead of letting them overflow a
date or a database integer.
"""

import re

from django.core.exceptions import BadRequest
from django.core.validators import MaxLengthValidator
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string

# Any C0 control or DEL: refused in the path.
CONTROLLI = re.compile(r"[\x00-\x1f\x7f]")
# In values: the same, but tab, LF and CR are ordinary text in a textarea.
CONTROLLI_NEI_VALORI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

TIPI_MODULO = ("application/x-www-form-urlencoded", "multipart/form-data")

ANNO_MINIMO, ANNO_MASSIMO = 2000, 2100
# The largest id a database column holds (bigint). An integer beyond it in the path or the
# query string cannot name anything, and SQLite's driver raises OverflowError on it (500).
ID_MASSIMO = 2**63 - 1
INTERO = re.compile(r"[+-]?[0-9]+")


def _intero_enorme(testo: str) -> bool:
    testo = testo.strip()
    if len(testo) < 19 or not INTERO.fullmatch(testo):
        return False
    cifre = testo.lstrip("+-").lstrip("0")
    # beyond 19 digits no need to convert (int() refuses more than 4300 digits anyway)
    return len(cifre) > 19 or int(cifre or "0") > ID_MASSIMO


def _valori_ostili(dati) -> bool:
    for chiave, valori in dati.lists():
        if CONTROLLI_NEI_VALORI.search(chiave):
            return True
        for valore in valori:
            if isinstance(valore, str) and CONTROLLI_NEI_VALORI.search(valore):
                return True
    return False


def motivo_del_rifiuto(request) -> str:
    """Why the request is refused ('' if it is acceptable)."""
    if CONTROLLI.search(request.path_info) or CONTROLLI.search(request.path):
        return "L'indirizzo della pagina contiene caratteri non ammessi."
    if _valori_ostili(request.GET):
        return "I parametri dell'indirizzo contengono caratteri non ammessi."
    if any(_intero_enorme(parte) for parte in request.path_info.split("/")) or any(
            _intero_enorme(v) for _k, valori in request.GET.lists() for v in valori):
        return "L'indirizzo contiene un numero fuori dall'intervallo ammesso."
    if any(CONTROLLI_NEI_VALORI.search(k) or CONTROLLI_NEI_VALORI.search(v)
           for k, v in request.COOKIES.items()):
        return "I cookie inviati dal browser contengono caratteri non ammessi."
    if (request.method == "POST" and request.content_type in TIPI_MODULO
            and _valori_ostili(request.POST)):
        return "I dati inviati con il modulo contengono caratteri non ammessi."
    return ""


def risposta_400(request, motivo: str = "") -> HttpResponseBadRequest:
    """The 400 page. Early in MIDDLEWARE the session and the user are not loaded yet: the
    page shows the visitor as anonymous (the context processors allow a missing user)."""
    return HttpResponseBadRequest(render_to_string("400.html", {"motivo": motivo}, request))


class RifiutaInputOstileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        motivo = motivo_del_rifiuto(request)
        if motivo:
            return risposta_400(request, motivo)
        return self.get_response(request)


def intero(valore, *, minimo: int, massimo: int, predefinito: int | None = None) -> int | None:
    """An integer from a query parameter: `predefinito` if absent or empty, `BadRequest`
    (400) if it is not a number or lies outside [minimo, massimo]."""
    if valore is None or str(valore).strip() == "":
        return predefinito
    testo = str(valore).strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,12}", testo):
        raise BadRequest(f"Il valore «{testo[:20]}» non è un numero intero valido.")
    numero = int(testo)
    if not minimo <= numero <= massimo:
        raise BadRequest(f"Il valore {numero} è fuori dall'intervallo {minimo}–{massimo}.")
    return numero


def anno(valore, *, predefinito: int) -> int:
    """A year from a query parameter, between 2000 and 2100 (400 otherwise)."""
    return intero(valore, minimo=ANNO_MINIMO, massimo=ANNO_MASSIMO, predefinito=predefinito)


def limita_alla_colonna(campo, colonna) -> None:
    """Give a form CharField built without `max_length` the limit of the model column it
    writes (validator and `maxlength` attribute, as if declared with it)."""
    limite = colonna.max_length
    if limite is None or (campo.max_length is not None and campo.max_length <= limite):
        return
    campo.max_length = limite
    campo.validators.append(MaxLengthValidator(limite))
    campo.widget.attrs.update(campo.widget_attrs(campo.widget))
