"""What the app to the right of `graduatorie` does at the moments of the interpello, registered
from its AppConfig.ready() (`graduatorie` cannot import it: the app order; `incarichi` registers
all four, `incarichi/interpello.py`), as `procedure/estensioni.py` does for procedure:

- conflitti: why a candidate may not take the role of the procedure (an incompatible role in
  the same project): the interpello skips the candidate with that reason;
- accettazioni: what «Accetta» starts (the Incarico «in preparazione»); each returns the
  sentence for the DS;
- annullamenti: what «Annulla l'accettazione» does to what the acceptance prepared (the Incarico
  still in preparation is revoked; one whose act is issued refuses the cancellation with a
  ValidationError); each returns the details for the event;
- preparati: what was prepared for each accepted candidatura, shown in the interpello pages.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IncaricoPreparato:
    """What the interpello pages show of the incarico prepared for an accepted proposal."""

    pk: int
    stato: str                  # the state, as the incarico's page says it
    url: str
    in_preparazione: bool
    atto_emesso: bool           # revoked from its own page, not from the interpello
    url_atto: str = ""          # the act, for the person to download and sign, once issued
    url_della_persona: str = ""  # «Il mio incarico», where the person returns it signed


_conflitti: dict[str, Callable] = {}
_accettazioni: dict[str, Callable] = {}
_annullamenti: dict[str, Callable] = {}
_preparati: dict[str, Callable] = {}


def registra_conflitto(chiave: str, funzione: Callable) -> None:
    """`funzione(procedura, candidatura)` returns why the candidate may not take the role, or
    ""; idempotent."""
    _conflitti[chiave] = funzione


def conflitto(procedura, candidatura) -> str:
    return next((motivo for funzione in _conflitti.values()
                 if (motivo := funzione(procedura, candidatura))), "")


def registra_accettazione(chiave: str, funzione: Callable) -> None:
    """`funzione(candidato, proposta)` acts on the acceptance and returns the sentence for the
    DS; idempotent."""
    _accettazioni[chiave] = funzione


def accettazione(candidato, proposta) -> str:
    return " ".join(funzione(candidato, proposta) for funzione in _accettazioni.values())


def registra_annullamento(chiave: str, funzione: Callable) -> None:
    """`funzione(*, autore, membership, proposta, motivazione)` undoes what the acceptance
    prepared and returns the details for the event; idempotent."""
    _annullamenti[chiave] = funzione


def annullamento(*, autore, membership, proposta, motivazione: str) -> dict:
    dettagli = {}
    for funzione in _annullamenti.values():
        dettagli |= funzione(autore=autore, membership=membership, proposta=proposta,
                             motivazione=motivazione)
    return dettagli


def registra_preparati(chiave: str, funzione: Callable) -> None:
    """`funzione(procedura)` returns {candidatura id: IncaricoPreparato}; idempotent."""
    _preparati[chiave] = funzione


def preparati(procedura) -> dict[int, IncaricoPreparato]:
    trovati = {}
    for funzione in _preparati.values():
        trovati |= funzione(procedura)
    return trovati
