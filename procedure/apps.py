from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    name = "procedure"
    verbose_name = "Procedure di selezione"

    def ready(self):
        from fabbisogno import estensioni as fabbisogno
        from portale.cruscotto import registra

        from . import cruscotto, selectors

        registra("procedure", cruscotto.riquadro)
        fabbisogno.registra_procedura_generata("procedura", selectors.procedura_della_scheda)
