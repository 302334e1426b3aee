"""What apps to the right of `candidature` add to the candidate's own pages, registered from
their AppConfig.ready() (`candidature` cannot import them: the app order), as
`procedure/estensioni.py` does for procedure:

- in «Le mie candidature», under each application, and on its detail page, links to what
  follows it (the outcome and the complaints, a proposal of incarico waiting for an answer,
  from graduatorie; the draft to send before the avviso closes and the integration to send,
  from candidature itself); the highlighted ones are also the candidate's «Da fare» in the
  cruscotto.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Seguito:
    """A link under an application in «Le mie candidature»; `urgente` when the candidate
    must act by a deadline (shown as a highlighted line, not a small link)."""

    testo: str
    url: str
    urgente: bool = False


_seguiti: dict[str, Callable] = {}


def registra_seguito(chiave: str, funzione: Callable) -> None:
    """`funzione(candidature)` (one page of the list) returns {candidatura id: [Seguito]},
    in a constant number of queries; idempotent."""
    _seguiti[chiave] = funzione


def seguiti(candidature, *, tranne: tuple[str, ...] = ()) -> dict[int, list[Seguito]]:
    """{candidatura id: [Seguito]} from every registered app but the keys in `tranne` (a page
    that already shows that part in full)."""
    trovati: dict[int, list[Seguito]] = {}
    for chiave, funzione in _seguiti.items():
        if chiave in tranne:
            continue
        for pk, elenco in funzione(candidature).items():
            trovati.setdefault(pk, []).extend(elenco)
    return trovati
