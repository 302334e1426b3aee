from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("cambia-istituto/", views.cambia_istituto, name="cambia_istituto"),
    path("sessione/", views.resta_collegato, name="resta_collegato"),
]
