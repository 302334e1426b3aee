"""Warnings that apps to the right of `procedure` add to the confirmation page of an action.

«Avvio valutazione istanze» must say, before it is confirmed, that some applications are
still waiting for an integration; `procedure` cannot read applications (the app order), so
`candidature` registers that warning here from its AppConfig.ready(), as the tabs do.
"""

from collections.abc import Callable

_registro: dict[str, dict[str, Callable]] = {}


def registra(azione: str, chiave: str, funzione: Callable) -> None:
    """`funzione(procedura)` returns the warnings (sentences) for `azione`; idempotent."""
    _registro.setdefault(azione, {})[chiave] = funzione


def di(azione: str, procedura) -> list[str]:
    return [testo for funzione in _registro.get(azione, {}).values()
            for testo in funzione(procedura)]
