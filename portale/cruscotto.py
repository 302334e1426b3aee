"""The reserved area's home («Cruscotto»): the figures of what waits for the person.

The seed's FAQ: in the reserved area the DS/DSGA «visualizza dati aggregati sulle schede
progettuali, sulle procedure di selezione e sugli strumenti». `portale` cannot import the apps
on its right (the app order), so each of them registers a provider from its
AppConfig.ready(), as the procedure tabs do (`procedure/schede.py`).

A provider takes (user, membership) and returns a `Riquadro`, or None when it has nothing for
that role. It runs a fixed number of queries, whatever the size of the data, and every figure
links to the filtered list behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Cifra:
    etichetta: str
    valore: int | str
    url: str = ""
    in_attesa: bool = False     # something waits for this person: highlighted
    singolare: str = ""         # the label when the figure is 1: «1 scheda in bozza»

    @property
    def testo(self) -> str:
        """The label in agreement with the figure."""
        return self.singolare if self.valore == 1 and self.singolare else self.etichetta


@dataclass(frozen=True)
class Riga:
    """A dated line under the figures: a deadline of the next days, a procedure to evaluate."""
    testo: str
    url: str = ""
    quando: date | datetime | None = None
    dettaglio: str = ""


@dataclass(frozen=True)
class Riquadro:
    titolo: str
    cifre: list[Cifra]
    righe: list[Riga] = field(default_factory=list)
    titolo_righe: str = ""
    vuoto: str = ""             # said when there are no righe
    senza_cifre: str = ""       # said when there are no cifre (a new istituto)
    ordine: int = 100


# portale's own labels (selectors.contatori_cruscotto) when the figure is 1
SINGOLARI = {
    "Notifiche da leggere": "Notifica da leggere", "Istituti registrati": "Istituto registrato",
    "Istituti attivi": "Istituto attivo", "Istituti senza DS": "Istituto senza DS",
    "Dirigenti Scolastici in servizio": "Dirigente Scolastico in servizio",
    "Utenti del portale": "Utente del portale", "Referenti di progetto": "Referente di progetto",
    "Operazioni negli ultimi 7 giorni": "Operazione negli ultimi 7 giorni",
}

Fornitore = Callable[..., Riquadro | None]
_registro: dict[str, Fornitore] = {}


def registra(chiave: str, fornitore: Fornitore) -> None:
    """Idempotent: registering the same key again replaces the provider."""
    _registro[chiave] = fornitore


def riquadri(user, membership) -> list[Riquadro]:
    trovati = [r for fornitore in _registro.values() if (r := fornitore(user, membership))]
    return sorted(trovati, key=lambda r: (r.ordine, r.titolo))


def riquadro_portale(contatori: list[tuple[str, int]], membership) -> Riquadro:
    """portale's own figures (`selectors.contatori_cruscotto`), each linked to its list where
    the active role may open that list."""
    from django.urls import reverse

    from accounts.models import Ruolo

    gestisce = membership is not None and membership.ruolo in (Ruolo.DS, Ruolo.AMMINISTRAZIONE)
    personale = reverse("portale:personale") if gestisce else ""
    istituti = (reverse("portale:istituti")
                if membership is not None and membership.ruolo == Ruolo.AMMINISTRAZIONE else "")
    collegamenti = {
        "Notifiche da leggere": reverse("portale:notifiche") + "?stato=non_lette",
        "DSGA": personale, "Personale di segreteria": personale,
        "Referenti di progetto": personale, "Dirigenti Scolastici in servizio": personale,
        "Istituti registrati": istituti, "Istituti attivi": istituti,
        "Istituti senza DS": f"{istituti}?senza_ds=1" if istituti else "",
    }
    cifre = [Cifra(etichetta, valore, collegamenti.get(etichetta, ""),
                   in_attesa=etichetta == "Notifiche da leggere" and bool(valore),
                   singolare=SINGOLARI.get(etichetta, ""))
             for etichetta, valore in contatori]
    titolo = "Il mio istituto" if membership is not None and membership.istituto_id else "Portale"
    return Riquadro(titolo if membership is not None else "Notifiche", cifre,
                    ordine=0 if membership is None else 95)
