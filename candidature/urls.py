from django.urls import path

from . import views, views_integrazione, views_istanze, views_passi

app_name = "candidature"
urlpatterns = [
    # the application form in steps (issue 17): the first step, the others, the summary
    path("avvisi/<int:pk>/candidatura/", views_passi.presenta, name="presenta"),
    path("avvisi/<int:pk>/candidatura/passi/<slug:slug>/", views_passi.passo, name="passo"),
    path("avvisi/<int:pk>/candidatura/riepilogo/", views_passi.riepilogo, name="riepilogo"),
    path("candidature/", views.le_mie, name="le_mie"),
    path("candidature/<int:pk>/", views.dettaglio, name="dettaglio"),
    path("candidature/<int:pk>/invia/", views.invia, name="invia"),
    path("candidature/<int:pk>/ritira/", views.ritira, name="ritira"),
    path("candidature/<int:pk>/ricevuta.pdf", views.scarica_ricevuta, name="ricevuta"),
    path("candidature/<int:pk>/allegati/<int:allegato_pk>/", views.scarica_allegato,
         name="allegato"),
    # the candidate's answer to a request for integration (istruttoria)
    path("candidature/<int:pk>/integrazioni/<int:richiesta_pk>/", views_integrazione.rispondi,
         name="rispondi_integrazione"),
    path("candidature/<int:pk>/integrazioni/documenti/<int:documento_pk>/",
         views_integrazione.scarica_documento, name="documento_integrazione"),
    # staff: «Gestione delle istanze» and «Monitoraggio» of a procedure
    path("procedure/<int:pk>/istanze/", views_istanze.elenco, name="istanze"),
    path("procedure/<int:pk>/istanze/documenti.zip", views_istanze.zip_procedura,
         name="istanze_zip"),
    path("procedure/<int:pk>/istanze/notifica/", views_istanze.notifica, name="istanze_notifica"),
    path("procedure/<int:pk>/istanze/monitoraggio/", views_istanze.monitoraggio_pagina,
         name="monitoraggio"),
    path("procedure/<int:pk>/istanze/monitoraggio.csv", views_istanze.monitoraggio_csv,
         name="monitoraggio_csv"),
    path("procedure/<int:pk>/istanze/monitoraggio.pdf", views_istanze.monitoraggio_pdf,
         name="monitoraggio_pdf"),
    path("procedure/<int:pk>/istanze/<int:istanza_pk>/", views_istanze.dettaglio, name="istanza"),
    path("procedure/<int:pk>/istanze/<int:istanza_pk>/documenti.zip", views_istanze.zip_istanza,
         name="istanza_zip"),
    path("procedure/<int:pk>/istanze/<int:istanza_pk>/allegati/<int:allegato_pk>/",
         views_istanze.scarica_allegato, name="istanza_allegato"),
    path("procedure/<int:pk>/istanze/<int:istanza_pk>/integrazioni/<int:documento_pk>/",
         views_istanze.scarica_integrazione, name="istanza_integrazione"),
    path("procedure/<int:pk>/istanze/<int:istanza_pk>/istruttoria/", views_istanze.istruttoria,
         name="istanza_istruttoria"),
    path("procedure/<int:pk>/istanze/<int:istanza_pk>/istruttoria/<int:richiesta_pk>/chiudi/",
         views_istanze.chiudi_istruttoria, name="istanza_chiudi_istruttoria"),
]
