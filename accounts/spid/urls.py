from django.urls import path

from . import views

urlpatterns = [
    path("spid/login/", views.login, name="spid_login"),
    path("spid/acs/", views.acs, name="spid_acs"),
    path("spid/acs/fine/", views.acs_fine, name="spid_acs_fine"),
    path("spid/metadata/", views.metadata, name="spid_metadata"),
]
