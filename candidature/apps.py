from django.apps import AppConfig


class CandidatureConfig(AppConfig):
    name = "candidature"
    verbose_name = "Candidature"

    def ready(self):
        from procedure.schede import Scheda, registra

        from . import istanze, receivers  # noqa: F401  (reactions to the procedure lifecycle)

        registra(Scheda("Gestione istanze", "candidature:istanze", "istanze",
                        visibile=istanze.consultabili, ordine=10))
        registra(Scheda("Monitoraggio", "candidature:monitoraggio", "monitoraggio",
                        visibile=lambda procedura: procedura.pubblicata_il is not None, ordine=20))

        from portale import cruscotto as registro_cruscotto

        from . import cruscotto

        registro_cruscotto.registra("istanze", cruscotto.riquadro)
