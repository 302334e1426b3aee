from django.urls import path

from .views import gestione, pubbliche

app_name = "procedure"
urlpatterns = [
    path("avvisi/", pubbliche.elenco_avvisi, name="avvisi"),
    path("avvisi/<int:pk>/", pubbliche.dettaglio_avviso, name="avviso"),
    path("avvisi/<int:pk>/avviso.pdf", pubbliche.pdf_avviso, name="avviso_pdf"),
    path("avvisi/<int:pk>/avviso-v<int:numero>.pdf", pubbliche.pdf_avviso,
         name="avviso_pdf_versione"),
    path("procedure/", gestione.elenco, name="elenco"),
    path("procedure/nuova/", gestione.crea, name="crea"),
    path("procedure/<int:pk>/", gestione.dettaglio, name="dettaglio"),
    path("procedure/<int:pk>/informazioni/", gestione.informazioni, name="informazioni"),
    path("procedure/<int:pk>/funzionalita/", gestione.funzionalita, name="funzionalita"),
    path("procedure/<int:pk>/criteri/", gestione.criteri, name="criteri"),
    path("procedure/<int:pk>/criteri/<int:criterio_pk>/", gestione.modifica_criterio,
         name="modifica_criterio"),
    path("procedure/<int:pk>/rimuovi/<str:tipo>/<int:elemento_pk>/", gestione.rimuovi,
         name="rimuovi"),
    path("procedure/<int:pk>/concludi/", gestione.concludi, name="concludi"),
    path("procedure/<int:pk>/azione/<str:nome>/", gestione.azione, name="azione"),
    path("procedure/<int:pk>/anteprima-avviso/", gestione.anteprima_avviso, name="anteprima"),
    path("procedure/<int:pk>/avviso-v<int:numero>.pdf", gestione.avviso_staff,
         name="avviso_staff"),
    path("rilevazione-fabbisogno/schede/<int:pk>/genera-procedura/", gestione.genera_da_scheda,
         name="genera_da_scheda"),
]
