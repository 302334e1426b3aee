from django.apps import AppConfig


class IncarichiConfig(AppConfig):
    name = "incarichi"
    verbose_name = "Incarichi"

    def ready(self):
        from candidature import estensioni as candidature
        from fabbisogno import estensioni as fabbisogno
        from graduatorie import estensioni as graduatorie
        from portale.cruscotto import registra
        from procedure import estensioni as procedure

        from . import cruscotto, interpello, selectors

        registra("incarichi", cruscotto.incarichi)
        registra("i_miei_incarichi", cruscotto.i_miei_incarichi)
        candidature.registra_seguito("incarico", cruscotto.seguiti_delle_candidature)
        fabbisogno.registra_righe_cruscotto("spesa", cruscotto.spesa_per_fonte)
        graduatorie.registra_conflitto("incarichi", interpello.conflitto_nel_progetto)
        graduatorie.registra_accettazione("incarichi", interpello.prepara)
        graduatorie.registra_annullamento("incarichi", interpello.annulla)
        graduatorie.registra_preparati("incarichi", interpello.preparati)
        procedure.registra_avviso("budget", selectors.budget_esaurito_per_la_selezione)
        for azione in ("pubblica", "apri"):  # said again where the avviso reaches candidates
            procedure.registra_avvertenza(azione, "budget",
                                          selectors.budget_esaurito_per_la_selezione)
        fabbisogno.registra_avviso("budget", selectors.budget_esaurito_sulla_scheda)
