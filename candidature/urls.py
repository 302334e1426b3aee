from django.urls import path

from . import views

app_name = "candidature"
urlpatterns = [
    path("avvisi/<int:pk>/candidatura/", views.presenta, name="presenta"),
    path("avvisi/<int:pk>/candidatura/riepilogo/", views.riepilogo, name="riepilogo"),
    path("candidature/", views.le_mie, name="le_mie"),
    path("candidature/<int:pk>/", views.dettaglio, name="dettaglio"),
    path("candidature/<int:pk>/invia/", views.invia, name="invia"),
    path("candidature/<int:pk>/ritira/", views.ritira, name="ritira"),
    path("candidature/<int:pk>/ricevuta.pdf", views.scarica_ricevuta, name="ricevuta"),
    path("candidature/<int:pk>/allegati/<int:allegato_pk>/", views.scarica_allegato,
         name="allegato"),
]
