from django.apps import AppConfig


class AssistenzaConfig(AppConfig):
    name = "assistenza"
    verbose_name = "Assistenza"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .statistiche import registra_funzioni_sqlite

        connection_created.connect(registra_funzioni_sqlite, dispatch_uid="assistenza_sqlite")

        from accounts.models import Ruolo
        from portale.cruscotto import registra
        from portale.selectors import registra_azioni_personali, registra_operazioni_del_ruolo

        from . import cruscotto

        registra("assistenza", cruscotto.riquadro)
        # a ticket is between the person who asked and the support: not an operation of the
        # istituto (its lines named tickets the reader could not open)
        registra_azioni_personali("ticket.")
        # ...but they are the help desk's work: the support reads what it did on them
        registra_operazioni_del_ruolo(Ruolo.SUPPORTO, "ticket.")
