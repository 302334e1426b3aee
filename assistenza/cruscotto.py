"""What the assistance contributes to the cruscotto (`portale.cruscotto`): for the Supporto
the queue (not assigned, assigned to me), for everybody else their own open tickets."""

from django.urls import reverse

from portale.cruscotto import Cifra, Riquadro

from .models import STATI_ATTIVI
from .selectors import contatori_coda, ticket_del_richiedente
from .services import e_supporto


def riquadro(user, membership) -> Riquadro | None:
    if e_supporto(membership):
        conteggi = contatori_coda(user, membership)
        coda = reverse("assistenza:coda")
        return Riquadro("Assistenza", [
            Cifra("Ticket non assegnati", conteggi["non_assegnati"], f"{coda}?vista=non_assegnati",
                  in_attesa=bool(conteggi["non_assegnati"]), singolare="Ticket non assegnato"),
            Cifra("Assegnati a me", conteggi["miei"], f"{coda}?vista=miei",
                  in_attesa=bool(conteggi["miei"])),
            Cifra("Da lavorare in tutto", conteggi["tutti"], f"{coda}?vista=tutti"),
        ], ordine=5)
    aperti = ticket_del_richiedente(user).filter(stato__in=STATI_ATTIVI).count()
    if not aperti:
        return None
    return Riquadro("Assistenza", [Cifra("I miei ticket aperti", aperti,
                                         reverse("assistenza:monitoraggio"),
                                         singolare="Il mio ticket aperto")], ordine=90)
