from django.core.exceptions import BadRequest
from django.shortcuts import render

from portale.input_ostile import risposta_400


def vietato(request, exception=None):
    messaggio = str(exception) if exception and str(exception) else (
        "Non hai i permessi per aprire questa pagina."
    )
    return render(request, "403.html", {"messaggio": messaggio}, status=403)


def richiesta_non_valida(request, exception=None):
    """400: the message of a `BadRequest` raised with an Italian text (e.g. a year out of
    range), the same page `portale.input_ostile` answers with."""
    motivo = str(exception) if isinstance(exception, BadRequest) and str(exception) else ""
    return risposta_400(request, motivo)
