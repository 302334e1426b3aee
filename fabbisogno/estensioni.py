"""What apps to the right of `fabbisogno` add to its pages, registered from their
AppConfig.ready() (`fabbisogno` cannot import them: the app order), as `procedure/estensioni.py`
does for procedure:

- righe del cruscotto: the lines under the figures of «Rilevazione del fabbisogno» (what the
  incarichi commit against the budget of each funding source, from incarichi);
- avvisi: sentences at the top of a scheda's page (its budget already used up by incarichi,
  from incarichi);
- procedura generata: the live selection procedure already generated from a scheda, which
  its page opens instead of offering to generate one (from procedure).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from portale.cruscotto import Riga


@dataclass(frozen=True)
class Righe:
    titolo: str
    righe: list[Riga] = field(default_factory=list)
    vuoto: str = ""             # said when there are no righe


@dataclass(frozen=True)
class Collegamento:
    testo: str
    url: str


_righe_cruscotto: dict[str, Callable] = {}
_avvisi: dict[str, Callable] = {}
_procedura_generata: dict[str, Callable] = {}


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


def registra_procedura_generata(chiave: str, funzione: Callable) -> None:
    """`funzione(scheda)` returns a `Collegamento` to the live procedure generated from
    `scheda`, or None; idempotent."""
    _procedura_generata[chiave] = funzione


def procedura_generata(scheda) -> Collegamento | None:
    return next((c for funzione in _procedura_generata.values()
                 if (c := funzione(scheda)) is not None), None)
