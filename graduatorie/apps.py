from django.apps import AppConfig


class GraduatorieConfig(AppConfig):
    name = "graduatorie"
    verbose_name = "Graduatorie"

    def ready(self):
        from procedure.models import Stato
        from procedure.schede import Scheda, registra

        dopo_chiusura = (Stato.CHIUSA, Stato.IN_VALUTAZIONE, Stato.VALUTATA, Stato.CONCLUSA_ESITO)
        registra(Scheda("Commissione", "graduatorie:commissione", "commissione",
                        visibile=lambda p: p.stato in dopo_chiusura, ordine=30))
        registra(Scheda("Valutazione", "graduatorie:valutazione", "valutazione",
                        visibile=lambda p: p.stato in dopo_chiusura[1:], ordine=40))
        registra(Scheda("Graduatoria", "graduatorie:graduatoria", "graduatoria",
                        visibile=lambda p: p.stato in dopo_chiusura[2:], ordine=50))
        registra(Scheda("Interpello", "graduatorie:interpello", "interpello",
                        visibile=lambda p: p.stato == Stato.CONCLUSA_ESITO, ordine=60))

        from candidature import estensioni as candidature
        from portale import cruscotto as registro_cruscotto
        from procedure import estensioni

        from . import cruscotto, selectors

        registro_cruscotto.registra("commissioni", cruscotto.commissioni)
        registro_cruscotto.registra("graduatorie", cruscotto.graduatorie)
        estensioni.registra_collegamento("graduatoria", selectors.collegamento_esito)
        estensioni.registra_ancora_in_corso("interpello", selectors.interpello_in_corso)
        candidature.registra_seguito("esito", selectors.seguiti_in_elenco)
