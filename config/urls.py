from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portale.views.pubbliche import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("amministrazione-tecnica/", admin.site.urls),
    path("accounts/", include("accounts.spid.urls")),
    path("accounts/", include("allauth.urls")),
    path("profilo/", include("accounts.urls")),
    path("", include("fabbisogno.urls")),
    path("", include("procedure.urls")),
    path("", include("candidature.urls")),
    path("", include("graduatorie.urls")),
    path("", include("incarichi.urls")),
    path("", include("strumenti.urls")),
    path("", include("assistenza.urls")),
    path("", include("portale.urls")),
]

if settings.SPID_TEST_IDP_ENABLED:
    urlpatterns.insert(0, path("spid-test-idp/", include("accounts.spid_test_idp.urls")))

handler400 = "portale.views.errori.richiesta_non_valida"
handler403 = "portale.views.errori.vietato"
