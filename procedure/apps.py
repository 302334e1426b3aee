from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    name = "procedure"
    verbose_name = "Procedure di selezione"

    def ready(self):
        from portale.cruscotto import registra

        from . import cruscotto

        registra("procedure", cruscotto.riquadro)
