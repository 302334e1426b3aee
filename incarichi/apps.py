from django.apps import AppConfig


class IncarichiConfig(AppConfig):
    name = "incarichi"
    verbose_name = "Schede progettuali e incarichi"

    def ready(self):
        from portale.cruscotto import registra

        from . import cruscotto

        registra("fabbisogno", cruscotto.fabbisogno)
        registra("incarichi", cruscotto.incarichi)
