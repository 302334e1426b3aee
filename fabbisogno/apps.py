from django.apps import AppConfig


class FabbisognoConfig(AppConfig):
    name = "fabbisogno"
    verbose_name = "Rilevazione del fabbisogno"

    def ready(self):
        from portale.cruscotto import registra

        from . import cruscotto

        registra("fabbisogno", cruscotto.riquadro)
