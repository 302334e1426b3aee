from django.urls import path

from . import views

app_name = "assistenza"
urlpatterns = [
    path("assistenza/", views.monitoraggio, name="monitoraggio"),
    path("assistenza/apri/", views.apri, name="apri"),
    path("assistenza/ticket/<str:codice>/", views.dettaglio, name="ticket"),
    path("assistenza/ticket/<str:codice>/messaggio/", views.invia_messaggio, name="messaggio"),
    path("assistenza/ticket/<str:codice>/riapri/", views.riapri, name="riapri"),
    path("assistenza/ticket/<str:codice>/chiudi/", views.chiudi, name="chiudi"),
    path("assistenza/allegati/<int:pk>/", views.scarica_allegato, name="allegato"),
    path("assistenza/coda/", views.coda, name="coda"),
    path("assistenza/report/", views.report, name="report"),
    path("assistenza/ticket/<str:codice>/prendi/", views.prendi, name="prendi"),
    path("assistenza/ticket/<str:codice>/assegna/", views.assegna, name="assegna"),
    path("assistenza/ticket/<str:codice>/rispondi/", views.rispondi, name="rispondi"),
    path("assistenza/ticket/<str:codice>/nota/", views.nota_interna, name="nota"),
    path("assistenza/ticket/<str:codice>/stato/", views.cambia_stato, name="stato"),
]
