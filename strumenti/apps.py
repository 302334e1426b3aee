from django.apps import AppConfig


class StrumentiConfig(AppConfig):
    name = "strumenti"
    verbose_name = "Strumenti"

    def ready(self):
        from portale.cruscotto import registra

        from . import cruscotto

        registra("strumenti", cruscotto.riquadro)
