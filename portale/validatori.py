"""Validators whose messages write numbers in Italian: Django's own says «maggiore o uguale a
0.01», with the dot a reader of the portal never types."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from stdnum import iban
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as NumeroNonValido

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


LUNGHEZZA_IBAN_ITALIANO = 27


def iban_valido(testo: str) -> str:
    """The IBAN in its compact form («IT60X0542811101000000123456») from what a person types
    or pastes (spaces, lower case); ValidationError with the reason in Italian otherwise.
    The checksum and each country's length are python-stdnum's."""
    compatto = iban.compact(testo or "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", compatto):
        raise ValidationError("Questo non è un IBAN: inizia con la sigla del paese e due cifre "
                              "(per un conto italiano IT e 25 lettere e cifre).")
    if compatto.startswith("IT") and len(compatto) != LUNGHEZZA_IBAN_ITALIANO:
        raise ValidationError(f"L'IBAN non è completo: uno italiano ha {LUNGHEZZA_IBAN_ITALIANO} "
                              f"caratteri, qui ce ne sono {len(compatto)}.")
    try:
        return iban.validate(compatto)
    except InvalidChecksum:
        raise ValidationError("Le cifre di controllo dell'IBAN non tornano: ricontrollalo "
                              "carattere per carattere.") from None
    except NumeroNonValido:
        raise ValidationError("L'IBAN non è valido per il paese indicato: ricontrollalo.") from None
