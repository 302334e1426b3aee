"""What apps to the right of `fabbisogno` add to its pages, registered from their
AppConfig.ready() (`fabbisogno` cannot import them: the app order), as `procedure/estensioni.py`
does for procedure:

- righe del cruscotto: the lines under the figures of «Rilevazione del fabbisogno» (what the
  incarichi commit against the budget of each funding source, from incarichi);
- avvisi: sentences at the top of a scheda's page (its budget already used up by incarichi,
  from incarichi).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from portale.cruscotto import Riga


@dataclass(frozen=True)
class Righe:
    titolo: str
    righe: list[Riga] = field(default_factory=list)
    vuoto: str = ""             # said when there are no righe


_righe_cruscotto: dict[str, Callable] = {}
_avvisi: dict[str, Callable] = {}


def registra_righe_cruscotto(chiave: str, funzione: Callable) -> None:
    """`funzione(membership)` returns the `Righe` for that role, or None; idempotent."""
    _righe_cruscotto[chiave] = funzione


def righe_cruscotto(membership) -> list[Righe]:
    return [righe for funzione in _righe_cruscotto.values()
            if (righe := funzione(membership)) is not None]


def registra_avviso(chiave: str, funzione: Callable) -> None:
    """`funzione(scheda)` returns sentences for the page of `scheda`; idempotent."""
    _avvisi[chiave] = funzione


def avvisi(scheda) -> list[str]:
    return [testo for funzione in _avvisi.values() for testo in funzione(scheda)]
