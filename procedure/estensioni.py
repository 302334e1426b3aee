"""What apps to the right of `procedure` add to its pages, registered from their
AppConfig.ready() (`procedure` cannot import them: the app order), as the tabs do
(`procedure/schede.py`):

- avvertenze: sentences on the confirmation page of an action («Avvio valutazione istanze»
  warns of the requests for integration still open, from candidature; «Pubblicazione» and
  «Apri» of the scheda's budget already committed, from incarichi);
- collegamenti pubblici: links on the public page of an avviso (the published graduatoria,
  from graduatorie);
- la candidatura propria: on the same page, what the logged-in visitor's own application
  asks for instead of «Presenta candidatura» (a draft to complete, an application sent, from
  candidature);
- ancora in corso: the procedures concluded with an outcome whose work goes on elsewhere (an
  interpello waiting for an answer, from graduatorie): the staff list keeps them «In corso»;
- avvisi: sentences at the top of the staff page of a procedure (the budget of its scheda
  already committed by other incarichi, from incarichi).
"""

import operator
from collections.abc import Callable
from functools import reduce

from django.db.models import Q

_avvertenze: dict[str, dict[str, Callable]] = {}
_collegamenti: dict[str, Callable] = {}
_candidatura_propria: list[Callable] = []
_ancora_in_corso: dict[str, Callable] = {}
_avvisi: dict[str, Callable] = {}


def registra_avvertenza(azione: str, chiave: str, funzione: Callable) -> None:
    """`funzione(procedura)` returns the warnings (sentences) for `azione`; idempotent."""
    _avvertenze.setdefault(azione, {})[chiave] = funzione


def avvertenze(azione: str, procedura) -> list[str]:
    return [testo for funzione in _avvertenze.get(azione, {}).values()
            for testo in funzione(procedura)]


def registra_collegamento(chiave: str, funzione: Callable) -> None:
    """`funzione(procedura)` returns (label, url) pairs for the public avviso; idempotent."""
    _collegamenti[chiave] = funzione


def collegamenti_pubblici(procedura) -> list[tuple[str, str]]:
    return [coppia for funzione in _collegamenti.values() for coppia in funzione(procedura)]


def registra_candidatura_propria(funzione: Callable) -> None:
    """`funzione(procedura, user)` returns (sentence, button, url) for the visitor's own
    application to `procedura`, or None when there is none; idempotent."""
    if funzione not in _candidatura_propria:
        _candidatura_propria.append(funzione)


def candidatura_propria(procedura, user) -> tuple[str, str, str] | None:
    if not user.is_authenticated:
        return None
    return next((esito for funzione in _candidatura_propria
                 if (esito := funzione(procedura, user)) is not None), None)


def registra_ancora_in_corso(chiave: str, funzione: Callable) -> None:
    """`funzione()` returns a Q on ProceduraSelezione; idempotent."""
    _ancora_in_corso[chiave] = funzione


def ancora_in_corso() -> Q | None:
    """The procedures the apps to the right still work on after the outcome, or None."""
    condizioni = [funzione() for funzione in _ancora_in_corso.values()]
    return reduce(operator.or_, condizioni) if condizioni else None


def registra_avviso(chiave: str, funzione: Callable) -> None:
    """`funzione(procedura)` returns sentences for the staff page of `procedura`; idempotent."""
    _avvisi[chiave] = funzione


def avvisi(procedura) -> list[str]:
    return [testo for funzione in _avvisi.values() for testo in funzione(procedura)]
