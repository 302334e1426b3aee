from django.apps import AppConfig


class CandidatureConfig(AppConfig):
    name = "candidature"
    verbose_name = "Candidature"

    def ready(self):
        from portale import cruscotto as registro_cruscotto
        from portale.selectors import registra_azioni_personali
        from procedure import estensioni
        from procedure.schede import Scheda, registra

        from . import cruscotto, istanze, receivers, selectors  # noqa: F401  (receivers: reactions to the procedure lifecycle)
        from .estensioni import registra_seguito

        registra(Scheda("Simula", "candidature:simula", "simula", ordine=5))
        registra(Scheda("Gestione istanze", "candidature:istanze", "istanze",
                        visibile=istanze.consultabili, ordine=10))
        registra(Scheda("Monitoraggio", "candidature:monitoraggio", "monitoraggio",
                        visibile=lambda procedura: procedura.pubblicata_il is not None, ordine=20))
        registro_cruscotto.registra("istanze", cruscotto.riquadro)
        registro_cruscotto.registra("candidato", cruscotto.riquadro_candidato)
        # what the candidate does on their application and profile: not in the staff's feed
        registra_azioni_personali("profilo.", "candidatura.bozza", "candidatura.inviata",
                                  "candidatura.ritirata", "candidatura.integrata",
                                  "candidatura.ripresa", "candidatura.precompilata")
        estensioni.registra_avvertenza("avvia_valutazione", "istruttorie",
                                       selectors.istruttorie_in_corso)
        estensioni.registra_candidatura_propria(selectors.candidatura_sull_avviso)
        registra_seguito("bozza", selectors.bozze_da_inviare)
        registra_seguito("integrazione", selectors.integrazioni_da_inviare)
