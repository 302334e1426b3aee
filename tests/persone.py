"""Test people: a valid codice fiscale for each number (shared by tests and bench/)."""

from stdnum.it import codicefiscale

CONSONANTI = "BCDFGHLMNPRSTVZ"


def codice_fiscale_di_prova(n: int) -> str:
    """CND + three consonants from `n` + 85A01H501 + the check letter: 3,375 distinct codes."""
    base = (f"CND{CONSONANTI[n // 225 % 15]}{CONSONANTI[n // 15 % 15]}{CONSONANTI[n % 15]}"
            "85A01H501")
    return base + codicefiscale.calc_check_digit(base)
