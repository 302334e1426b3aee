from urllib.parse import urlsplit

from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from portale.input_ostile import risposta_400


def vietato(request, exception=None):
    messaggio = str(exception) if exception and str(exception) else (
        "Non hai i permessi per aprire questa pagina."
    )
    # back where the refused link was (a page of this site only), not only to the home page
    precedente = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(precedente, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        precedente = ""
    precedente = urlsplit(precedente)._replace(scheme="", netloc="").geturl() if precedente else ""
    if precedente == request.get_full_path():
        precedente = ""
    return render(request, "403.html", {"messaggio": messaggio, "precedente": precedente},
                  status=403)


def richiesta_non_valida(request, exception=None):
    """400: the message of a `BadRequest` raised with an Italian text (e.g. a year out of
    range), the same page `portale.input_ostile` answers with."""
    motivo = str(exception) if isinstance(exception, BadRequest) and str(exception) else ""
    return risposta_400(request, motivo)
