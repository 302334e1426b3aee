"""What the schede and the incarichi contribute to the office's cruscotto
(`portale.cruscotto`): schede by fase; incarichi to sign, to pay, to publish; spending against
the budget of each funding source. Every figure links to the list behind it."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.models import Ruolo
from portale.cruscotto import Cifra, Riga, Riquadro
from portale.formato import euro

from .models import StatoIncarico, StatoScheda
from .selectors import (
    RUOLI_INCARICHI,
    budget_schede,
    incarichi_visibili,
    scadenze_trasparenza,
    schede_visibili,
)
from .services import RUOLI_SCHEDE

FASI_SCHEDE = [(StatoScheda.BOZZA, "Schede in bozza"), (StatoScheda.CONCLUSA, "Schede concluse")]
RUOLI_TRASPARENZA = (Ruolo.DS, Ruolo.DSGA)  # as the «Trasparenza» page (views/trasparenza.py)
# What waits for the office in each state of an incarico, and the words for it.
DA_FARE = [(StatoIncarico.IN_PREPARAZIONE, "Da completare (requisiti e atto)"),
           (StatoIncarico.CONFERITO, "Da firmare"),
           (StatoIncarico.CONCLUSO, "Da liquidare")]


def fabbisogno(user, membership) -> Riquadro | None:
    if membership is None or membership.ruolo not in RUOLI_SCHEDE:
        return None
    per_fase = dict(schede_visibili(membership).values_list("stato").annotate(n=Count("id"))
                    .order_by())
    elenco = reverse("incarichi:schede")
    cifre = [Cifra(etichetta, per_fase.get(fase, 0), f"{elenco}?fase={fase.value}",
                   in_attesa=fase == StatoScheda.BOZZA and bool(per_fase.get(fase)))
             for fase, etichetta in FASI_SCHEDE]
    righe = []
    if membership.ruolo in RUOLI_INCARICHI:
        budget, impegnato = defaultdict(Decimal), defaultdict(Decimal)
        for riga in budget_schede(membership):
            fonte = riga["scheda"].get_fonte_finanziamento_display() or "Senza fonte indicata"
            budget[fonte] += riga["importo"] or Decimal("0")
            impegnato[fonte] += riga["impegnato"]
        cruscotto = reverse("incarichi:cruscotto")
        righe = [Riga(fonte, cruscotto, dettaglio=f"{euro(impegnato[fonte])} impegnati su "
                                                 f"{euro(budget[fonte])}")
                 for fonte in sorted(budget)]
    return Riquadro("Rilevazione del fabbisogno", cifre, righe,
                    titolo_righe="Spesa rispetto al budget, per fonte di finanziamento"
                    if membership.ruolo in RUOLI_INCARICHI else "",
                    vuoto="Nessuna scheda conclusa con un budget.", ordine=10)


def incarichi(user, membership) -> Riquadro | None:
    if membership is None or membership.ruolo not in RUOLI_INCARICHI:
        return None
    per_stato = dict(incarichi_visibili(membership).values_list("stato").annotate(n=Count("id"))
                     .order_by())
    elenco = reverse("incarichi:incarichi")
    cifre = [Cifra(etichetta, per_stato.get(stato, 0), f"{elenco}?stato={stato.value}",
                   in_attesa=bool(per_stato.get(stato)))
             for stato, etichetta in DA_FARE]
    cifre.append(Cifra("In corso", per_stato.get(StatoIncarico.IN_CORSO, 0),
                       f"{elenco}?stato={StatoIncarico.IN_CORSO.value}"))
    if membership.ruolo not in RUOLI_TRASPARENZA:
        return Riquadro("Incarichi", cifre, ordine=40)
    trasparenza = reverse("incarichi:trasparenza")
    scadenze = scadenze_trasparenza(membership)
    oggi = timezone.localdate()
    righe = [Riga(f"{s.adempimento}: {s.incarico.persona}", trasparenza, s.entro,
                  "scaduta" if s.entro < oggi else "")
             for s in scadenze[:10]]
    cifre.append(Cifra("Adempimenti di trasparenza", len(scadenze), trasparenza,
                       in_attesa=bool(scadenze)))
    return Riquadro("Incarichi", cifre, righe,
                    titolo_righe="Trasparenza e Anagrafe delle prestazioni: entro quando",
                    vuoto="Nessun adempimento di trasparenza in sospeso.", ordine=40)


