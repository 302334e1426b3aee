"""Validators whose messages write numbers in Italian: Django's own says «maggiore o uguale a
0.01», with the dot a reader of the portal never types."""

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
