"""Validators whose messages write numbers in Italian: Django's own says «maggiore o uguale a
0.01», with the dot a reader of the portal never types."""

from decimal import Decimal

from django.core.validators import MinValueValidator

from .formato import punti


def minimo(limite, unita: str = "") -> str:
    """«Il valore deve essere di almeno 0,01 €.»"""
    return f"Il valore deve essere di almeno {punti(limite)}{' ' + unita if unita else ''}."


def massimo(limite, unita: str = "") -> str:
    """«Il valore può essere al massimo 10 punti.»"""
    return f"Il valore può essere al massimo {punti(limite)}{' ' + unita if unita else ''}."


def almeno(limite, unita: str = "") -> MinValueValidator:
    return MinValueValidator(limite, message=minimo(limite, unita))


def massimo_per_cifre(cifre: int, decimali: int) -> Decimal:
    """The largest value a DecimalField(max_digits=cifre, decimal_places=decimali) holds:
    999999.99 for 8 and 2."""
    return Decimal(10) ** (cifre - decimali) - Decimal(1).scaleb(-decimali)
