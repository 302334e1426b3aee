"""What the procedures contribute to the office's cruscotto (`portale.cruscotto`): how many
are in each state, each linking to the list filtered on it, and the openings and closings of
the next seven days."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from portale.cruscotto import Cifra, Riga, Riquadro
from portale.lingua import plurale_locuzione

from .models import Stato
from .selectors import RUOLI_PROCEDURE, STORICO, procedure_visibili

GIORNI_SCADENZE = 7
IN_ATTESA_DELL_UFFICIO = (Stato.BOZZA, Stato.CHIUSA, Stato.SOSPESA, Stato.IN_REVISIONE)


def riquadro(user, membership) -> Riquadro | None:
    if membership is None or membership.ruolo not in RUOLI_PROCEDURE:
        return None
    qs = procedure_visibili(membership)
    adesso = timezone.now()
    fra_poco = adesso + timedelta(days=GIORNI_SCADENZE)
    per_stato = dict(qs.values_list("stato").annotate(n=Count("id")).order_by())
    elenco = reverse("procedure:elenco")
    cifre = [Cifra(plurale_locuzione(s.label), per_stato[s], f"{elenco}?fase={s.value}"
                   + ("&storico=1" if s in STORICO else ""), in_attesa=s in IN_ATTESA_DELL_UFFICIO,
                   singolare=s.label)
             for s in Stato if per_stato.get(s)]
    prossime = (qs.filter(Q(stato=Stato.APERTA, data_chiusura__range=(adesso, fra_poco))
                          | Q(stato=Stato.PUBBLICATA, data_apertura__range=(adesso, fra_poco)))
                .only("id", "oggetto", "stato", "data_apertura", "data_chiusura")
                .order_by("data_chiusura")[:10])
    righe = [Riga(p.oggetto, reverse("procedure:dettaglio", args=[p.pk]),
                  p.data_chiusura if p.stato == Stato.APERTA else p.data_apertura,
                  "chiusura dei termini" if p.stato == Stato.APERTA else "apertura")
             for p in prossime]
    return Riquadro("Procedure di selezione", cifre, righe,
                    titolo_righe=f"Aperture e scadenze dei prossimi {GIORNI_SCADENZE} giorni",
                    vuoto="Nessuna apertura o scadenza nei prossimi giorni.", ordine=20,
                    senza_cifre="Nessuna procedura di selezione. Si crea da «Procedure di "
                                "selezione» o da una scheda progettuale conclusa.")
