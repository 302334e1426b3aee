from django.apps import AppConfig


class SpidConfig(AppConfig):
    name = "accounts.spid"
    label = "spid"
    verbose_name = "SPID e CIE"
