"""What the incarichi contribute to the office's cruscotto (`portale.cruscotto`): incarichi to
sign, to pay, to publish; and, under the schede of «Rilevazione del fabbisogno», spending
against the budget of each funding source. Every figure links to the list behind it. To the
candidate's «Le mie candidature» (and so to the «Da fare» of the cruscotto): the act to sign
and return, then the incarico, under the application it came from. To whoever has an incarico,
from a selection or not: «I miei incarichi» and what to do on each."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import Ruolo
from candidature.estensioni import Seguito
from fabbisogno.estensioni import Righe
from portale.cruscotto import Cifra, Riga, Riquadro
from portale.formato import euro_unito

from .models import StatoIncarico
from .selectors import (
    RUOLI_INCARICHI,
    budget_schede,
    conteggi_per_stato,
    fonte_e_unita,
    incarichi_della_persona,
    incarichi_delle_candidature,
    scadenze_trasparenza,
)
from .services.incarichi import registro_ore_aperto
from .stati import ADEMPIMENTI

# where the incaricato may have something to do: sign the act, annotate the hours
ATTIVI_DELLA_PERSONA = (StatoIncarico.CONFERITO, StatoIncarico.IN_CORSO, StatoIncarico.CONCLUSO,
                        StatoIncarico.REVOCATO)
RUOLI_TRASPARENZA = (Ruolo.DS, Ruolo.DSGA)  # as the «Trasparenza» page (views/trasparenza.py)
# What waits for the office in each state of an incarico, and the words for it.
DA_FARE = [(StatoIncarico.IN_PREPARAZIONE, "Da completare (requisiti e atto)"),
           (StatoIncarico.CONFERITO, "Da firmare"),
           (StatoIncarico.CONCLUSO, "Da liquidare")]


def spesa_per_fonte(membership) -> Righe | None:
    """The lines under the figures of «Rilevazione del fabbisogno» (`fabbisogno.estensioni`):
    what the incarichi commit against the budget of the concluded schede, by funding source."""
    if membership is None or membership.ruolo not in RUOLI_INCARICHI:
        return None
    budget, impegnato = defaultdict(Decimal), defaultdict(Decimal)
    for riga in budget_schede(membership):
        # never summed across units: lordo dipendente (CCNL rate) apart from omnicomprensivo
        scheda = riga["scheda"]
        fonte = fonte_e_unita(scheda.get_fonte_finanziamento_display() or "Senza fonte indicata",
                              scheda.lordo)
        budget[fonte] += riga["importo"] or Decimal("0")
        impegnato[fonte] += riga["impegnato"]
    cruscotto = reverse("incarichi:cruscotto") + "#per-fonte"
    return Righe("Spesa rispetto al budget, per fonte di finanziamento",
                 [Riga(fonte, cruscotto, dettaglio=f"{euro_unito(impegnato[fonte])} impegnati su "
                                                   f"{euro_unito(budget[fonte])}")
                  for fonte in sorted(budget)],
                 vuoto="Nessuna scheda conclusa con un budget.")


def incarichi(user, membership) -> Riquadro | None:
    if membership is None or membership.ruolo not in RUOLI_INCARICHI:
        return None
    conteggi = conteggi_per_stato(membership)
    per_stato = {stato: n for stato, (n, _) in conteggi.items()}
    elenco = reverse("incarichi:incarichi")
    cifre = [Cifra(etichetta, per_stato.get(stato, 0), f"{elenco}?stato={stato.value}",
                   in_attesa=bool(per_stato.get(stato)))
             for stato, etichetta in DA_FARE]
    cifre.append(Cifra("In corso", per_stato.get(StatoIncarico.IN_CORSO, 0),
                       f"{elenco}?stato={StatoIncarico.IN_CORSO.value}"))
    if membership.ruolo in ADEMPIMENTI["verifica_ore"].ruoli:
        # the hours the incaricati annotate wait for the DS or the DSGA: liquidation needs them
        registri = sum(da_verificare for _, da_verificare in conteggi.values())
        cifre.append(Cifra("Registri ore da verificare", registri, f"{elenco}?ore=da_verificare",
                           in_attesa=bool(registri), singolare="Registro ore da verificare"))
    if membership.ruolo not in RUOLI_TRASPARENZA:
        return Riquadro("Incarichi", cifre, ordine=40)
    trasparenza = reverse("incarichi:trasparenza")
    scadenze = scadenze_trasparenza(membership)
    oggi = timezone.localdate()
    righe = [Riga(f"{s.adempimento}: {s.incarico.persona}", trasparenza, s.entro,
                  "scaduta" if s.entro < oggi else "")
             for s in scadenze[:10]]
    cifre.append(Cifra("Adempimenti di trasparenza", len(scadenze), trasparenza,
                       in_attesa=bool(scadenze), singolare="Adempimento di trasparenza"))
    return Riquadro("Incarichi", cifre, righe,
                    titolo_righe="Trasparenza e Anagrafe delle prestazioni: le scadenze",
                    vuoto="Nessun adempimento di trasparenza in sospeso.", ordine=40)


def da_fare_della_persona(incarico) -> Seguito | None:
    """What the incaricato does next on an incarico, and where: sign and return the act
    (highlighted), give an external one's IBAN, keep the register of hours while it is open;
    None while nothing waits."""
    url = reverse("incarichi:il_mio_incarico", args=[incarico.pk])
    if incarico.stato == StatoIncarico.CONFERITO:
        return Seguito("Firma e restituisci l'atto di incarico", url, urgente=True)
    if incarico.chiede_iban and not incarico.iban:
        return Seguito("Indica l'IBAN per il pagamento", url + "#pagamento")
    if registro_ore_aperto(incarico):
        return Seguito("Annota le ore", url + "#registro-ore")
    return None


def i_miei_incarichi(user, membership) -> Riquadro | None:
    """On the cruscotto of whoever has an incarico, whatever their role: the acts to sign, the
    incarichi in corso, what to do on each (two queries); nothing for the others."""
    per_stato = dict(incarichi_della_persona(user).values_list("stato").annotate(n=Count("id"))
                     .order_by())
    if not per_stato:
        return None
    elenco = reverse("incarichi:i_miei")
    da_firmare = per_stato.get(StatoIncarico.CONFERITO, 0)
    righe = []
    for incarico in incarichi_della_persona(user).filter(stato__in=ATTIVI_DELLA_PERSONA)[:5]:
        if (seguito := da_fare_della_persona(incarico)) is None:
            continue  # signed, waiting for the activities to start
        righe.append(Riga(f"{seguito.testo}: {incarico.oggetto}", seguito.url,
                          dettaglio=incarico.istituto.denominazione))
    return Riquadro("I miei incarichi", [
        Cifra("Atti da firmare", da_firmare, elenco, in_attesa=bool(da_firmare),
              singolare="Atto da firmare"),
        Cifra("Incarichi in corso", per_stato.get(StatoIncarico.IN_CORSO, 0), elenco,
              singolare="Incarico in corso"),
        # every incarico, whatever its state («1 Incarico conferito» beside «1 Incarico in
        # corso» read as two incarichi, one of them waiting to be signed)
        Cifra("Incarichi in tutto", sum(per_stato.values()), elenco,
              singolare="Incarico in tutto"),
    ], righe, titolo_righe="Da fare", vuoto="Nulla da fare sui tuoi incarichi.", ordine=15)


def seguiti_delle_candidature(candidature) -> dict[int, list[Seguito]]:
    """Under an application that became an incarico: «Firma e restituisci l'atto di incarico»
    (highlighted, while the act waits for the signed copy), then «Il mio incarico»."""
    seguiti = {}
    for candidatura_id, incarico in incarichi_delle_candidature(candidature).items():
        url = reverse("incarichi:il_mio_incarico", args=[incarico.pk])
        seguiti[candidatura_id] = [
            Seguito("Firma e restituisci l'atto di incarico", url, urgente=True)
            if incarico.stato == StatoIncarico.CONFERITO else
            Seguito(f"Il mio incarico: {incarico.get_stato_display().lower()}", url)]
    return seguiti
