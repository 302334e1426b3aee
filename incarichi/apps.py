from django.apps import AppConfig


class IncarichiConfig(AppConfig):
    name = "incarichi"
    verbose_name = "Schede progettuali e incarichi"
