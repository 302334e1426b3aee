from django.apps import AppConfig


class AssistenzaConfig(AppConfig):
    name = "assistenza"
    verbose_name = "Assistenza"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .statistiche import registra_funzioni_sqlite

        connection_created.connect(registra_funzioni_sqlite, dispatch_uid="assistenza_sqlite")

        from portale.cruscotto import registra

        from . import cruscotto

        registra("assistenza", cruscotto.riquadro)
