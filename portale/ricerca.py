"""A search box as people type in it: every word must be found, in any of the fields and in
any order («Maria Rossi» and «Rossi Maria»), and an apostrophe is the same whether typed on a
keyboard (') or stored as written by a word processor (’)."""

from django.db.models import Q

APOSTROFI = ("'", "’")
MASSIMO_PAROLE = 6


def _varianti(parola: str) -> set[str]:
    return {parola.replace(a, b) for a in APOSTROFI for b in APOSTROFI}


def per_parole(cerca: str, campi: tuple[str, ...]) -> Q:
    """The filter of a search: each word (at most MASSIMO_PAROLE) in one of `campi`."""
    filtro = Q()
    for parola in (cerca or "").split()[:MASSIMO_PAROLE]:
        una = Q()
        for variante in sorted(_varianti(parola)):
            for campo in campi:
                una |= Q(**{f"{campo}__icontains": variante})
        filtro &= una
    return filtro
