"""The tabs of a procedure's pages that apps to its right contribute.

`procedure` cannot import candidature or graduatorie (the app order), yet its pages must
lead to «Gestione istanze», «Monitoraggio», the evaluation… Each of those apps registers its
tab here from its AppConfig.ready(); the procedure's header shows the tabs whose `visibile`
says yes for the procedure at hand.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Scheda:
    etichetta: str
    url_name: str       # a URL pattern taking the procedure's pk as its only argument
    sezione: str        # the `sezione` a page passes to mark its tab active
    visibile: Callable = lambda procedura: True
    ordine: int = 100


_registro: dict[str, Scheda] = {}


def registra(scheda: Scheda) -> None:
    """Idempotent: registering the same section again replaces it."""
    _registro[scheda.sezione] = scheda


def schede_di(procedura) -> list[tuple[Scheda, str]]:
    """The tabs to show for `procedura`, with their addresses, in their order."""
    return [(s, reverse(s.url_name, args=[procedura.pk]))
            for s in sorted(_registro.values(), key=lambda s: (s.ordine, s.etichetta))
            if s.visibile(procedura)]
