from django.apps import AppConfig


class AssistenzaConfig(AppConfig):
    name = "assistenza"
    verbose_name = "Assistenza"
