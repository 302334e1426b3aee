"""Filters on the rows of a published ranking (`Graduatoria.righe`, graduatorie.calcolo)."""

from django import template

register = template.Library()


@register.filter
def con_parita(righe) -> bool:
    """Two rows with the same total: the avviso's rule decided their order."""
    punteggi = [riga["punteggio"] for riga in righe]
    return len(set(punteggi)) < len(punteggi)


@register.filter
def pari_a(righe, riga) -> int:
    """How many other rows have the total of `riga`."""
    return sum(1 for altra in righe
               if altra["punteggio"] == riga["punteggio"]
               and altra["candidatura"] != riga["candidatura"])
