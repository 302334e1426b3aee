"""An address that only receives a form (POST), opened with GET: the page re-rendered there
after an error and then reopened from the history, a bookmark, a new tab. Django answers an
empty 405, a blank browser page; this answers the same status with a page that says what
happened and leads to the nearest address above it that is a page (the incarico of
«/incarichi/7/ore/»)."""

from django.shortcuts import render
from django.urls import Resolver404, resolve


def pagina_vicina(percorso: str) -> str | None:
    """The nearest address above `percorso` that the portal serves with GET, or None."""
    parti = percorso.strip("/").split("/")[:-1]
    while parti:
        candidato = "/" + "/".join(parti) + "/"
        try:
            resolve(candidato)
        except Resolver404:
            parti.pop()
            continue
        return candidato
    return None


class SoloInvioMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        risposta = self.get_response(request)
        if risposta.status_code != 405 or request.method not in ("GET", "HEAD") or risposta.content:
            return risposta
        pagina = render(request, "405.html", {"indietro": pagina_vicina(request.path)},
                        status=405)
        pagina["Allow"] = risposta["Allow"]
        return pagina
