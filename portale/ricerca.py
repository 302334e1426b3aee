"""A search box as people type in it: every word must be found, in any of the fields and in
any order («Maria Rossi» and «Rossi Maria»), and an apostrophe is the same whether typed on a
keyboard (') or stored as written by a word processor (’)."""

from django.db.models import Q

APOSTROFI = ("'", "’")
MASSIMO_PAROLE = 6


def _varianti(parola: str) -> set[str]:
    if not any(a in parola for a in APOSTROFI):
        return {parola}
    return {parola.replace(APOSTROFI[0], a).replace(APOSTROFI[1], a) for a in APOSTROFI}


def per_parole(cerca: str, campi: tuple[str, ...], esatti: tuple[str, ...] = ()) -> Q:
    """The filter of a search: each word (at most MASSIMO_PAROLE) contained in one of `campi`
    or equal to one of `esatti` (a codice fiscale: never found by a part of it)."""
    filtro = Q()
    for parola in (cerca or "").split()[:MASSIMO_PAROLE]:
        una = Q()
        for campo in esatti:
            una |= Q(**{f"{campo}__iexact": parola})
        for variante in sorted(_varianti(parola)):
            for campo in campi:
                una |= Q(**{f"{campo}__icontains": variante})
        filtro &= una
    return filtro
