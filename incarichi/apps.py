from django.apps import AppConfig


class IncarichiConfig(AppConfig):
    name = "incarichi"
    verbose_name = "Incarichi"

    def ready(self):
        from fabbisogno import estensioni as fabbisogno
        from portale.cruscotto import registra

        from . import cruscotto

        registra("incarichi", cruscotto.incarichi)
        fabbisogno.registra_righe_cruscotto("spesa", cruscotto.spesa_per_fonte)
