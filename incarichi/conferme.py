"""Irreversible actions on an incarico ask once, on a page that states their effect (#16):
what each would do, computed from the data before anything is written."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from portale.formato import euro, numero_ore
from portale.lingua import data_con, desinenza, quantita

from . import compensi, stati
from .models import StatoIncarico
from .selectors import peso_in_parole
from .services import incarichi as servizi
from .stati import GIORNI_PREAVVISO_RECESSO, azioni_possibili


def _concludi(incarico, argomenti) -> list[str]:
    effetti = []
    registrate = incarico.ore_svolte.aggregate(s=Sum("ore"))["s"] or 0
    if incarico.ore:
        riga = f"Ore registrate: {numero_ore(registrate)} su {quantita(incarico.ore, 'ora')} assegnate"
        if registrate < incarico.ore:
            riga += f"; ne mancano {numero_ore(incarico.ore - registrate)}"
        effetti.append(riga + ".")
    oggi = timezone.localdate()
    if incarico.data_fine > oggi:
        effetti.append(f"La fine prevista è {data_con('il', incarico.data_fine)}: la conclusione "
                       f"arriva {quantita((incarico.data_fine - oggi).days, 'giorno')} prima.")
    effetti.append("Dopo la conclusione si possono ancora registrare e verificare le ore svolte fino "
                   "a oggi, non quelle dei giorni successivi; poi resta la liquidazione, che chiude "
                   "il registro.")
    return effetti


def _liquida(incarico, argomenti) -> list[str] | None:
    try:
        servizi.controlla_liquidazione(incarico)
    except ValidationError:
        return None  # nothing to pay (yet): the service says why
    importo, dodicesimi, verificate = servizi.da_liquidare(incarico,
                                                          argomenti.get("giorni_assenza"))
    lordo_stato = compensi.Compenso(lordo=importo, aliquota=incarico.aliquota_oneri_stato).lordo_stato
    natura = ("lordo omnicomprensivo" if incarico.esterno or lordo_stato is None
              else f"lordo dipendente ({euro(lordo_stato)} lordo Stato)")
    effetti = [f"Importo liquidato: {euro(importo)} {natura}"
               + (f"; {dodicesimi}/12 decurtati per le assenze" if dodicesimi else "") + ".",
               f"Ore verificate: {numero_ore(verificate)}."]
    chiusura = f"Il registro ore si chiude: {incarico.persona} non potrà più annotare ore."
    # every line is verified by now (controlla_liquidazione): the verified hours are all of them
    if incarico.ore and verificate < incarico.ore:
        chiusura += (f" Ne risultano {numero_ore(verificate)} su {incarico.ore} assegnate: chiedi "
                     "prima se ce ne sono altre svolte fino alla conclusione.")
    effetti.append(chiusura)
    if incarico.chiede_iban:
        effetti.append(
            f"Bonifico sull'IBAN {incarico.iban_in_parole}, indicato "
            f"{data_con('il', incarico.iban_comunicato_il)} in «Il mio incarico»." if incarico.iban
            else f"{incarico.persona} non ha ancora indicato l'IBAN in «Il mio incarico»: "
                 "chiediglielo prima del pagamento.")
    effetti.append(f"{incarico.persona} riceve una notifica con l'importo; l'incarico passa a "
                   "«Liquidato» e non si modifica più.")
    return effetti


def _revoca(incarico, argomenti) -> list[str]:
    if incarico.stato == StatoIncarico.IN_PREPARAZIONE:
        effetto = "L'atto non è ancora emesso: la revoca ha effetto subito e non c'è nulla da liquidare."
    else:
        try:
            servizi.controlla_comunicazione_revoca(argomenti.get("comunicata_il"), incarico)
        except ValidationError:
            return None  # the service refuses it, with the reason beside the field
        comunicata = argomenti.get("comunicata_il") or timezone.localdate()
        effetto = (f"Il recesso ha effetto {data_con('dal', comunicata + timedelta(days=GIORNI_PREAVVISO_RECESSO))}, "
                   f"{GIORNI_PREAVVISO_RECESSO} giorni dopo la comunicazione all'incaricat"
                   f"{desinenza(incarico.persona)} "
                   f"{data_con('del', comunicata)}"
                   + (f". {servizi.NULLA_DOVUTO} e non ci sarà nulla da liquidare."
                      if incarico.avviato_il is None
                      else "; l'attività svolta fino ad allora sarà liquidata."))
    return [f"Motivazione: {argomenti.get('motivazione', '')}", effetto,
            f"{incarico.persona} riceve una notifica della revoca."]


def _emetti_atto(incarico, argomenti) -> list[str]:
    return ["L'atto riceve un numero di protocollo e il PDF viene congelato con il suo SHA-256: "
            "dopo non si modifica più.",
            (f"Il compenso di {peso_in_parole(incarico)} viene impegnato sul budget della "
             "scheda."
             if incarico.scheda_id else
             f"Il compenso è di {incarico.compenso_in_parole}: l'incarico non è legato a una "
             "scheda progettuale, quindi non impegna un budget del portale."),
            f"{incarico.persona} riceve una notifica con l'atto da firmare."]


def _proroga(incarico, argomenti) -> list[str] | None:
    nuova = argomenti.get("data_fine")
    try:
        servizi.controlla_proroga(incarico, nuova)
    except ValidationError:
        return None  # the service refuses it: its message, not a confirmation
    effetti = [f"Il termine passa {data_con('dal', incarico.data_fine)} {data_con('al', nuova)} "
               f"({quantita((nuova - incarico.data_fine).days, 'giorno')} in più), alle stesse "
               "condizioni tecniche ed economiche: il compenso non cambia."]
    if incarico.scheda_id and nuova > incarico.scheda.data_fine:
        effetti.append(f"La scheda progettuale «{incarico.scheda.titolo}» finisce "
                       f"{data_con('il', incarico.scheda.data_fine)}: la proroga va oltre.")
    effetti.append(f"{incarico.persona} riceve una notifica della proroga; se l'incarico è "
                   "pubblicato, Amministrazione trasparente mostra la nuova fine.")
    return effetti


def _verifica_ore(incarico, argomenti, autore) -> list[str] | None:
    da_verificare = list(incarico.ore_svolte.filter(verificata_il__isnull=True,
                                                    pk__lte=argomenti.get("fino_a", 0))
                         .values_list("ore", "inserita_da_id"))
    if not da_verificare:
        return None  # nothing to verify: the service's answer, not a confirmation
    ore = sum(o for o, _ in da_verificare)
    effetti = [f"Si verific{'a' if len(da_verificare) == 1 else 'ano'} "
               f"{quantita(len(da_verificare), 'riga')} del registro, "
               f"{quantita(numero_ore(ore), 'ora')} in tutto: contano per la liquidazione e non si "
               "eliminano più.",
               f"{incarico.persona} ne riceve notizia nel portale"
               f"{' e per e-mail' if incarico.persona.email else ''}."]
    proprie = sum(1 for _, chi in da_verificare if chi == autore.pk)
    if proprie:
        if proprie == len(da_verificare):
            chi = "L'hai inserita tu" if proprie == 1 else "Le hai inserite tu"
        else:
            chi = ("Una di queste righe l'hai inserita tu" if proprie == 1 else
                   f"{proprie} di queste righe le hai inserite tu")
        effetti.append(f"{chi}: controlla che corrispond{'a' if proprie == 1 else 'ano'} al "
                       f"registro firmato dall'incaricat{desinenza(incarico.persona)}.")
    return effetti


def _pubblica(incarico, argomenti, autore) -> list[str] | None:
    if incarico.pubblicato_il or incarico.conferito_il is None:
        return None  # nothing to do, or the service's refusal
    # what the public page shows of each section (incarichi/trasparenza_pubblica.html)
    if incarico.esterno:
        sezione, dati = ("«Consulenti e collaboratori»", "gli estremi dell'atto, l'oggetto, la "
                         "durata, il compenso e il curriculum se lo pubblichi")
    else:
        sezione, dati = "«Personale»", "l'oggetto, la durata e il compenso"
    return [f"Il nome di {incarico.persona}, {dati} diventano pubblici nella sezione {sezione} "
            "della pagina Amministrazione trasparente dell'istituto, mai il codice fiscale.",
            "Restano pubblicati per tre anni dalla fine dell'incarico (art. 15 d.lgs. 33/2013): "
            "la pubblicazione non si ritira."]


def _comunica_anagrafe(incarico, argomenti, autore) -> list[str] | None:
    data = argomenti.get("data") or timezone.localdate()
    try:
        servizi.controlla_comunicazione_anagrafe(incarico, data)
    except ValidationError:
        return None  # the form again, with the reason beside the date
    return [f"Si registra che l'incarico è stato comunicato all'Anagrafe delle prestazioni "
            f"(PerlaPA) {data_con('il', data)}: l'adempimento esce dalle scadenze della "
            "trasparenza e la data non si modifica più."]


EFFETTI = {"concludi": _concludi, "liquida": _liquida, "revoca": _revoca,
           "emetti_atto": _emetti_atto, "proroga": _proroga, "verifica_ore": _verifica_ore,
           "pubblica": _pubblica, "comunica_anagrafe": _comunica_anagrafe}
def etichetta(azione: str, stato: str) -> str:
    if azione in stati.ADEMPIMENTI:
        return stati.ADEMPIMENTI[azione].etichetta
    return stati.etichetta(azione, stato)


def effetti(azione: str, incarico, argomenti: dict, *, ruolo: str, autore) -> list[str] | None:
    """The effects to confirm, or None when there is nothing to confirm: an action that needs
    no confirmation, or one the service will refuse anyway (role, state, missing requisites),
    whose refusal the person must read first."""
    funzione = EFFETTI.get(azione)
    if funzione is None:
        return None
    if azione in stati.ADEMPIMENTI:
        return (funzione(incarico, argomenti, autore) if ruolo in stati.ADEMPIMENTI[azione].ruoli
                else None)
    if azione not in azioni_possibili(incarico.stato, ruolo):
        return None
    if azione == "emetti_atto" and servizi.requisiti_mancanti(incarico):
        return None
    return funzione(incarico, argomenti)  # None again when the data will be refused
