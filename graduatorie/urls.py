from django.urls import path

from . import views

app_name = "graduatorie"
urlpatterns = [
    # the commission and the evaluation (staff of the istituto, commissari)
    path("procedure/<int:pk>/commissione/", views.commissione, name="commissione"),
    path("procedure/<int:pk>/commissione/<int:commissario_pk>/revoca/", views.revoca_commissario,
         name="revoca_commissario"),
    path("procedure/<int:pk>/valutazione/", views.valutazione, name="valutazione"),
    path("procedure/<int:pk>/valutazione/concludi/", views.concludi, name="concludi"),
    path("procedure/<int:pk>/valutazione/verbale.pdf", views.verbale_pdf, name="verbale"),
    path("procedure/<int:pk>/valutazione/<int:istanza_pk>/", views.istanza, name="istanza"),
    path("procedure/<int:pk>/valutazione/<int:istanza_pk>/escludi-per-requisito/",
         views.escludi_per_requisito, name="escludi_per_requisito"),
    path("procedure/<int:pk>/valutazione/<int:istanza_pk>/allegati/<int:allegato_pk>/",
         views.allegato_istanza, name="allegato_istanza"),
    path("commissioni/", views.le_mie_commissioni, name="le_mie_commissioni"),
    # graduatoria, reclami, interpello (staff)
    path("procedure/<int:pk>/graduatoria/", views.graduatoria, name="graduatoria"),
    path("procedure/<int:pk>/graduatoria/pubblica/", views.pubblica, name="pubblica"),
    path("procedure/<int:pk>/graduatoria/definitiva/", views.approva, name="approva"),
    path("procedure/<int:pk>/reclami/<int:reclamo_pk>/", views.reclamo, name="reclamo"),
    path("procedure/<int:pk>/reclami/<int:reclamo_pk>/documenti/<int:documento_pk>/",
         views.documento_reclamo, name="documento_reclamo"),
    path("procedure/<int:pk>/interpello/", views.interpello, name="interpello"),
    path("procedure/<int:pk>/interpello/<int:proposta_pk>/annulla-accettazione/",
         views.annulla_accettazione, name="annulla_accettazione"),
    # public (DESIGN.md §9: /esiti/<id>/)
    path("esiti/<int:pk>/", views.esito_pubblico, name="esito"),
    path("esiti/<int:pk>/graduatoria.pdf", views.esito_pdf, name="esito_pdf"),
    path("esiti/<int:pk>/v<int:numero>/", views.esito_pubblico, name="esito_versione"),
    path("esiti/<int:pk>/v<int:numero>.pdf", views.esito_pdf, name="esito_pdf_versione"),
    # the candidate
    path("candidature/<int:pk>/esito/", views.esito_candidato, name="esito_candidato"),
    path("candidature/<int:pk>/reclamo/", views.presenta_reclamo, name="presenta_reclamo"),
    path("candidature/<int:pk>/reclami/<int:reclamo_pk>/documenti/<int:documento_pk>/",
         views.documento_del_mio_reclamo, name="documento_del_mio_reclamo"),
    path("candidature/<int:pk>/proposte/<int:proposta_pk>/<str:risposta>/",
         views.rispondi_proposta, name="rispondi_proposta"),
]
