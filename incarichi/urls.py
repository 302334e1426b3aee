from django.urls import path

from .views import incarichi, personale, trasparenza

app_name = "incarichi"
urlpatterns = [
    path("rilevazione-fabbisogno/schede/<int:scheda_pk>/affidamento-diretto/",
         incarichi.affidamento_diretto, name="affidamento_diretto"),
    path("incarichi/", incarichi.elenco_incarichi, name="incarichi"),
    path("incarichi/cruscotto/", incarichi.cruscotto, name="cruscotto"),
    path("incarichi/trasparenza/", trasparenza.trasparenza, name="trasparenza"),
    path("incarichi/trasparenza/anagrafe-prestazioni.csv", trasparenza.esporta_anagrafe,
         name="esporta_anagrafe"),
    path("incarichi/trasparenza/comunicazione-negativa/",
         trasparenza.comunicazione_negativa, name="comunicazione_negativa"),
    path("incarichi/<int:pk>/", incarichi.dettaglio_incarico, name="incarico"),
    # the person's own act, to read and sign (no role of the istituto needed)
    path("incarichi/i-miei/", personale.i_miei_incarichi, name="i_miei"),
    path("incarichi/<int:pk>/il-mio-atto/", personale.scarica_il_mio_atto, name="atto_personale"),
    path("incarichi/<int:pk>/il-mio-incarico/", personale.il_mio_incarico, name="il_mio_incarico"),
    path("incarichi/<int:pk>/il-mio-incarico/ore/", personale.annota_ore, name="annota_ore"),
    path("incarichi/<int:pk>/il-mio-incarico/pagamento/", personale.comunica_iban,
         name="comunica_iban"),
    path("incarichi/<int:pk>/il-mio-incarico/ore/<int:riga_pk>/elimina/",
         personale.elimina_ore_annotate, name="elimina_ore_annotate"),
    path("incarichi/<int:pk>/requisiti/", incarichi.aggiorna_requisiti, name="requisiti"),
    path("incarichi/<int:pk>/ore/", incarichi.registra_ore, name="registra_ore"),
    path("incarichi/<int:pk>/ore/<int:riga_pk>/elimina/", incarichi.elimina_ore,
         name="elimina_ore"),
    path("incarichi/<int:pk>/documenti/<int:documento_pk>/", incarichi.scarica_documento,
         name="documento"),
    path("incarichi/<int:pk>/<slug:azione>/", incarichi.esegui_azione, name="azione"),
    path("trasparenza/", trasparenza.indice_pubblico, name="trasparenza_indice"),
    path("trasparenza/<str:codice_meccanografico>/", trasparenza.pagina_pubblica,
         name="trasparenza_pubblica"),
    path("trasparenza/<str:codice_meccanografico>/curriculum/<int:documento_pk>/",
         trasparenza.curriculum_pubblico, name="curriculum_pubblico"),
]
