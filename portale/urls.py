from django.urls import path

from .views import area, gestione, pubbliche

app_name = "portale"
urlpatterns = [
    path("", pubbliche.home, name="home"),
    path("favicon.ico", pubbliche.favicon, name="favicon"),
    path("robots.txt", pubbliche.robots, name="robots"),
    path("privacy/", pubbliche.privacy, name="privacy"),
    path("accessibilita/", pubbliche.accessibilita, name="accessibilita"),
    path("note-legali/", pubbliche.note_legali, name="note_legali"),
    path("area-riservata/", area.area_riservata, name="area_riservata"),
    path("area-riservata/notifiche/", area.elenco_notifiche, name="notifiche"),
    path("area-riservata/notifiche/<int:pk>/apri/", area.apri_notifica, name="apri_notifica"),
    path("area-riservata/notifiche/segna-tutte-lette/", area.segna_tutte_lette,
         name="segna_tutte_lette"),
    path("gestione/istituti/", gestione.elenco_istituti, name="istituti"),
    path("gestione/istituti/nuovo/", gestione.modifica_istituto, name="nuovo_istituto"),
    path("gestione/istituti/<str:codice>/", gestione.modifica_istituto, name="istituto"),
    path("gestione/personale/", gestione.elenco_personale, name="personale"),
    path("gestione/personale/assegna/", gestione.assegna_ruolo, name="assegna_ruolo"),
    path("gestione/personale/<int:pk>/", gestione.dettaglio_ruolo, name="ruolo"),
    path("gestione/personale/<int:pk>/revoca/", gestione.revoca_ruolo, name="revoca_ruolo"),
]
