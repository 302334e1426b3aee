from django.apps import AppConfig


class StrumentiConfig(AppConfig):
    name = "strumenti"
    verbose_name = "Strumenti"
