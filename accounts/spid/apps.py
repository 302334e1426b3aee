from django.apps import AppConfig


class SpidConfig(AppConfig):
    name = "accounts.spid"
    label = "spid"
    verbose_name = "SPID e CIE"

    def ready(self):
        from . import sessione  # noqa: F401 - connects the login signal
