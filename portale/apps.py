from django.apps import AppConfig


class PortaleConfig(AppConfig):
    name = "portale"
    verbose_name = "Portale"

    def ready(self):
        from . import receivers  # noqa: F401  (login/logout events into the registro)
