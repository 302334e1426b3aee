"""Decimals typed the Italian way (portale.forms.DecimaleInItaliano): the comma is the decimal
separator, the points group thousands; a point alone is read as the number it can only be."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portale.forms import DecimaleInItaliano


@pytest.mark.parametrize(("scritto", "letto"), [
    ("70,50", Decimal("70.50")), ("1.500,00", Decimal("1500.00")),
    ("1.234.567,89", Decimal("1234567.89")),
    ("1 234,5", Decimal("1234.5")), ("70,50 €", Decimal("70.50")), ("1.500", Decimal("1500")),
    ("70.5", Decimal("70.5")), ("0.50", Decimal("0.50")), ("0,5", Decimal("0.5")), ("", None),
    ("€ 70,50", Decimal("70.50")),
])
def test_letto_all_italiana(scritto, letto):
    assert DecimaleInItaliano(max_digits=10, decimal_places=2, required=False).clean(scritto) == letto


@pytest.mark.parametrize("scritto", ["abc", "12,345", "1,2,3", "1e3", "1_000", "Infinity"])
def test_rifiutato_con_un_messaggio(scritto):
    with pytest.raises(ValidationError):
        DecimaleInItaliano(max_digits=10, decimal_places=2).clean(scritto)



@pytest.mark.parametrize("dato, messaggio", [
    ("10,5", "Il valore può essere al massimo 10."),
    ("-1", "Il valore deve essere di almeno 0,50."),
])
def test_limiti_scritti_in_italiano(dato, messaggio):
    """Django said «minore o uguale a 10.00» (a commission's score above the criterion's
    maximum): the limit as it is typed."""
    from decimal import Decimal

    from django import forms

    from portale.forms import DecimaleInItaliano

    class Punteggio(forms.Form):
        valore = DecimaleInItaliano(min_value=Decimal("0.50"), max_value=Decimal("10.00"),
                                    max_digits=6, decimal_places=2)

    form = Punteggio({"valore": dato})
    assert form.errors["valore"] == [messaggio]
