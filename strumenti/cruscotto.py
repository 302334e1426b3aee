"""What the strumenti contribute to the cruscotto (`portale.cruscotto`): the strumenti new or
updated in the last days that this person may see."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from portale.cruscotto import Cifra, Riga, Riquadro

from .selectors import strumenti_visibili

GIORNI_NOVITA = 30


def riquadro(user, membership) -> Riquadro | None:
    if membership is None:
        return None
    recenti = (strumenti_visibili(user, membership)
               .filter(aggiornato_il__gte=timezone.now() - timedelta(days=GIORNI_NOVITA))
               .only("id", "titolo", "aggiornato_il").order_by("-aggiornato_il"))
    novita = list(recenti[:5])
    righe = [Riga(s.titolo, reverse("strumenti:dettaglio", args=[s.pk]), s.aggiornato_il)
             for s in novita]
    return Riquadro("Strumenti", [
        Cifra(f"Nuovi o aggiornati negli ultimi {GIORNI_NOVITA} giorni",
              recenti.count() if len(novita) == 5 else len(novita), reverse("strumenti:elenco"),
              singolare=f"Nuovo o aggiornato negli ultimi {GIORNI_NOVITA} giorni")],
        righe, titolo_righe="Ultimi strumenti", vuoto="Nessuno strumento nuovo.", ordine=60)
