"""A page that needs SpidL2, for the level tests (the project's own URLs plus this one)."""

from django.http import HttpResponse
from django.urls import include, path

from accounts.spid.decorators import richiede_livello_spid


@richiede_livello_spid(2)
def pagina_riservata(request):
    return HttpResponse("Contenuto riservato al livello 2")


urlpatterns = [
    path("prova-livello-2/", pagina_riservata),
    path("", include("config.urls")),
]
