from django.urls import path

from . import views, views_incarichi, views_trasparenza

app_name = "incarichi"
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
    path("rilevazione-fabbisogno/schede/<int:scheda_pk>/affidamento-diretto/",
         views_incarichi.affidamento_diretto, name="affidamento_diretto"),
    path("incarichi/", views_incarichi.elenco_incarichi, name="incarichi"),
    path("incarichi/cruscotto/", views_incarichi.cruscotto, name="cruscotto"),
    path("incarichi/trasparenza/", views_trasparenza.trasparenza, name="trasparenza"),
    path("incarichi/trasparenza/anagrafe-prestazioni.csv", views_trasparenza.esporta_anagrafe,
         name="esporta_anagrafe"),
    path("incarichi/trasparenza/comunicazione-negativa/",
         views_trasparenza.comunicazione_negativa, name="comunicazione_negativa"),
    path("incarichi/<int:pk>/", views_incarichi.dettaglio_incarico, name="incarico"),
    path("incarichi/<int:pk>/requisiti/", views_incarichi.aggiorna_requisiti, name="requisiti"),
    path("incarichi/<int:pk>/ore/", views_incarichi.registra_ore, name="registra_ore"),
    path("incarichi/<int:pk>/documenti/<int:documento_pk>/", views_incarichi.scarica_documento,
         name="documento"),
    path("incarichi/<int:pk>/<slug:azione>/", views_incarichi.esegui_azione, name="azione"),
    path("trasparenza/<str:codice_meccanografico>/", views_trasparenza.pagina_pubblica,
         name="trasparenza_pubblica"),
    path("trasparenza/<str:codice_meccanografico>/curriculum/<int:documento_pk>/",
         views_trasparenza.curriculum_pubblico, name="curriculum_pubblico"),
]
