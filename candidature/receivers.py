"""How applications follow the procedure's lifecycle (DESIGN.md §4, issue 5)."""

from django.dispatch import receiver
from django.utils import timezone

from portale.lingua import GIORNO_E_ORA, data_con
from procedure.signals import transizione_eseguita

from . import services


@receiver(transizione_eseguita, dispatch_uid="candidature-segue-procedura")
def segui_la_procedura(sender, procedura, azione, autore, nuova=None, **kwargs):
    if azione in ("annulla", "revisione_significativa"):
        motivo = procedura.motivazione_annullamento.strip()
        if azione == "revisione_significativa":
            motivo = f"Modifiche significative all'avviso: {motivo[:1].lower()}{motivo[1:]}"
        services.annulla_per_procedura(procedura, motivo)
    elif azione == "proroga":
        chiusura = timezone.localtime(procedura.data_chiusura)
        services.avvisa_candidati(
            procedura, oggetto=f"Termini prorogati – {procedura.oggetto}",
            testo=f"I termini per la procedura «{procedura.oggetto}» sono prorogati "
                  f"{data_con('al', chiusura, GIORNO_E_ORA)}.")
    elif azione == "proroga_malfunzionamento":
        proroga = procedura.proroghe_malfunzionamento.order_by("-pk").first()
        chiusura = timezone.localtime(procedura.data_chiusura)
        inizio, fine = timezone.localtime(proroga.inizio), timezone.localtime(proroga.fine)
        services.avvisa_candidati(
            procedura, oggetto=f"Termini prorogati per malfunzionamento del portale – "
                               f"{procedura.oggetto}",
            testo=f"Il portale non è stato disponibile {data_con('dal', inizio, GIORNO_E_ORA)} "
                  f"{data_con('al', fine, GIORNO_E_ORA)}. Per questo i termini per la procedura "
                  f"«{procedura.oggetto}» sono prorogati {data_con('al', chiusura, GIORNO_E_ORA)}: "
                  f"una candidatura in bozza si può completare e inviare fino ad allora; "
                  f"quelle già inviate restano valide.")
    elif azione == "concludi_revisione":
        services.avvisa_candidati(
            procedura, oggetto=f"Avviso aggiornato – {procedura.oggetto}",
            testo="L'avviso è stato aggiornato con modifiche non significative. Le candidature "
                  "già inviate restano valide; nelle bozze compaiono gli eventuali nuovi campi.")
    elif azione == "sospendi":
        services.avvisa_candidati(
            procedura, oggetto=f"Procedura sospesa – {procedura.oggetto}",
            testo="La procedura è sospesa: fino alla ripresa non si possono inviare candidature.")
    elif azione == "riprendi":
        procedura.refresh_from_db(fields=["stato", "data_chiusura"])
        chiusura = (f" Il termine per l'invio è "
                    f"{data_con('il', procedura.data_chiusura, GIORNO_E_ORA)}."
                    if procedura.data_chiusura else "")
        services.avvisa_candidati(
            procedura, oggetto=f"Procedura ripresa – {procedura.oggetto}",
            testo=f"La procedura è ripresa: le candidature si possono di nuovo compilare e "
                  f"inviare.{chiusura}")
