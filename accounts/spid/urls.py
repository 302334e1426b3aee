from django.urls import path

from . import views

urlpatterns = [
    path("spid/login/", views.login, name="spid_login"),
    path("spid/acs/", views.acs, name="spid_acs"),
    path("spid/acs/fine/", views.acs_fine, name="spid_acs_fine"),
    path("spid/sls/", views.sls, name="spid_sls"),
    path("spid/sls/fine/", views.sls_fine, name="spid_sls_fine"),
    path("spid/metadata/", views.metadata, {"tipo": "spid"}, name="spid_metadata"),
    path("cie/metadata/", views.metadata, {"tipo": "cie"}, name="cie_metadata"),
    # Resolved before allauth's own logout (same address): local logout, then single logout.
    path("logout/", views.logout, name="spid_logout"),
]
