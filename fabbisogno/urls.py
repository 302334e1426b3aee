from django.urls import path

from . import views

app_name = "fabbisogno"
urlpatterns = [
    path("rilevazione-fabbisogno/schede/", views.elenco_schede, name="schede"),
    path("rilevazione-fabbisogno/schede/nuova/", views.crea_scheda, name="crea_scheda"),
    path("rilevazione-fabbisogno/schede/<int:pk>/", views.dettaglio_scheda, name="scheda"),
    path("rilevazione-fabbisogno/schede/<int:pk>/modifica/", views.modifica_scheda,
         name="modifica_scheda"),
    path("rilevazione-fabbisogno/schede/<int:pk>/conclusione/", views.conclusione_scheda,
         name="conclusione_scheda"),
    path("rilevazione-fabbisogno/schede/<int:pk>/concludi/", views.concludi_scheda,
         name="concludi_scheda"),
    path("rilevazione-fabbisogno/schede/<int:pk>/elimina/", views.elimina_scheda,
         name="elimina_scheda"),
]
