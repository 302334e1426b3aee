from django.urls import path

from . import views

app_name = "spid_test_idp"
urlpatterns = [
    path("sso/", views.sso, name="sso"),
    path("cie/sso/", views.sso, {"tipo": "cie"}, name="sso_cie"),
    path("sso/conferma/", views.conferma, name="conferma"),
    path("slo/", views.slo, name="slo"),
    path("metadata/", views.metadata, name="metadata"),
]
