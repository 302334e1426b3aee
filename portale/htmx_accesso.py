"""A step sent with htmx after the session has ended: the view sends to the login page, htmx
would follow that redirect in the background and put the login form inside the old page
(its header still saying «Esci»). The redirect becomes an `HX-Redirect`: the browser opens the
login page as a page, which says why and that the step's data were not saved."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import resolve_url

NON_SALVATO = ("Per sicurezza devi accedere di nuovo: i dati inseriti nell'ultima pagina non "
               "sono stati salvati. Dopo l'accesso torni dove eri.")


class AccessoHtmxMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        risposta = self.get_response(request)
        if (risposta.status_code != 302 or not request.headers.get("HX-Request")
                or urlsplit(risposta["Location"]).path != resolve_url(settings.LOGIN_URL)):
            return risposta
        if request.method == "POST":
            messages.warning(request, NON_SALVATO)
        pagina = HttpResponse(status=200)
        pagina["HX-Redirect"] = risposta["Location"]
        return pagina
