"""What the schede contribute to the office's cruscotto (`portale.cruscotto`): schede by fase,
each figure linked to the list behind it; the lines under them come from the apps to the right
(`estensioni.righe_cruscotto`: spending against the budget, from incarichi)."""

from django.db.models import Count
from django.urls import reverse

from portale.cruscotto import Cifra, Riquadro

from . import estensioni
from .models import StatoScheda
from .selectors import schede_visibili
from .services import RUOLI_SCHEDE

FASI_SCHEDE = [(StatoScheda.BOZZA, "Schede in bozza", "Scheda in bozza"),
               (StatoScheda.CONCLUSA, "Schede concluse", "Scheda conclusa")]


def riquadro(user, membership) -> Riquadro | None:
    if membership is None or membership.ruolo not in RUOLI_SCHEDE:
        return None
    per_fase = dict(schede_visibili(membership).values_list("stato").annotate(n=Count("id"))
                    .order_by())
    elenco = reverse("fabbisogno:schede")
    cifre = [Cifra(etichetta, per_fase.get(fase, 0), f"{elenco}?fase={fase.value}",
                   in_attesa=fase == StatoScheda.BOZZA and bool(per_fase.get(fase)),
                   singolare=singolare)
             for fase, etichetta, singolare in FASI_SCHEDE]
    aggiunte = estensioni.righe_cruscotto(membership)
    return Riquadro("Rilevazione del fabbisogno", cifre,
                    [riga for righe in aggiunte for riga in righe.righe],
                    titolo_righe=" · ".join(righe.titolo for righe in aggiunte),
                    vuoto=" ".join(righe.vuoto for righe in aggiunte), ordine=10)
