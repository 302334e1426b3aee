from django.urls import path

from . import views

app_name = "strumenti"
urlpatterns = [
    path("strumenti/", views.elenco, name="elenco"),
    path("strumenti/carica/", views.carica, name="carica"),
    path("strumenti/<int:pk>/", views.dettaglio, name="dettaglio"),
    path("strumenti/<int:pk>/scarica/", views.scarica, name="scarica"),
    path("strumenti/<int:pk>/versioni/<int:numero>/scarica/", views.scarica,
         name="scarica_versione"),
    path("strumenti/<int:pk>/modifica/", views.modifica, name="modifica"),
    path("strumenti/<int:pk>/nuova-versione/", views.nuova_versione, name="nuova_versione"),
    path("strumenti/<int:pk>/ritira/", views.ritira, name="ritira"),
    path("strumenti/ritirati/", views.ritirati, name="ritirati"),
    path("strumenti/<int:pk>/ripristina/", views.ripristina, name="ripristina"),
    path("informazioni-utili/", views.informazioni_utili, name="informazioni_utili"),
]
