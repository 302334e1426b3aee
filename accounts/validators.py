"""Identifiers of people and schools, checked as the law defines them; phone numbers as people
write them."""

import re

from django.core.exceptions import ValidationError
from stdnum import luhn
from stdnum.it import codicefiscale

from .territorio import REGIONE_DELLA_PROVINCIA

CODICE_MECCANOGRAFICO_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{2}[A-Z0-9]{5}[A-Z0-9]$")


def normalizza_codice_fiscale(valore: str) -> str:
    return codicefiscale.compact(valore or "")


def valida_codice_fiscale_persona(valore: str) -> None:
    valore = normalizza_codice_fiscale(valore)
    if len(valore) != 16 or not codicefiscale.is_valid(valore):
        raise ValidationError(
            "Il codice fiscale «%(valore)s» non è valido: controlla le 16 lettere e cifre.",
            code="codice_fiscale",
            params={"valore": valore},
        )


TELEFONO_RE = re.compile(r"^\+?[0-9 ./()-]+$")


def valida_telefono(valore: str) -> None:
    """«06 1234 5678», «+39 333-123.4567», «(06) 12345678»: digits, with an optional leading +,
    spaces, dots, dashes, slashes and brackets; from 6 to 15 digits (E.164)."""
    cifre = sum(c.isdigit() for c in valore or "")
    if not TELEFONO_RE.match(valore or "") or not 6 <= cifre <= 15:
        raise ValidationError(
            "Il numero di telefono «%(valore)s» non è valido: scrivi solo cifre, con il prefisso "
            "(per esempio 06 1234 5678 oppure +39 333 123 4567).",
            code="telefono", params={"valore": valore},
        )


def valida_codice_fiscale_ente(valore: str) -> None:
    valore = normalizza_codice_fiscale(valore)
    if len(valore) == 11 and codicefiscale.is_valid(valore):
        return
    if valore.isdigit() and len(valore) == 11 and luhn.is_valid(valore):
        # the check digit is right: the office that gave it (digits 8 to 10) does not exist
        motivo = (f"le cifre dall'ottava alla decima («{valore[7:10]}») dovrebbero indicare "
                  "l'ufficio che lo ha attribuito e nessun ufficio ha questo numero. Controlla "
                  "di averlo copiato bene")
    elif valore.isdigit() and len(valore) == 11:  # eleven digits: the check digit is off
        motivo = "la cifra di controllo (l'ultima) non torna con le altre: controlla di averlo copiato bene"
    elif valore.isdigit():
        motivo = ("sono 11 cifre (ne hai scritta una)" if len(valore) == 1
                  else f"sono 11 cifre (ne hai scritte {len(valore)})")
    else:
        motivo = "sono 11 cifre"
    raise ValidationError(
        "Il codice fiscale dell'istituto «%(valore)s» non è valido: %(motivo)s.",
        code="codice_fiscale_ente", params={"valore": valore, "motivo": motivo})


# Sigle of provinces abolished in 2016 (Sardinia) that schools' codes may still carry.
SIGLE_SOPPRESSE = frozenset({"CI", "VS", "OG", "OT"})


def valida_codice_meccanografico(valore: str) -> None:
    if not CODICE_MECCANOGRAFICO_RE.match((valore or "").upper()):
        raise ValidationError(
            "Il codice meccanografico «%(valore)s» non è valido: sono 10 caratteri, "
            "le prime due lettere indicano la provincia (es. RMIC8A7005).",
            code="codice_meccanografico",
            params={"valore": valore},
        )
    sigla = valore[:2].upper()
    if sigla not in REGIONE_DELLA_PROVINCIA and sigla not in SIGLE_SOPPRESSE:
        raise ValidationError(
            "Il codice meccanografico «%(valore)s» non è valido: le prime due lettere sono la "
            "sigla della provincia (es. RMIC8A7005 a Roma), e «%(sigla)s» non lo è.",
            code="codice_meccanografico_provincia",
            params={"valore": valore, "sigla": sigla})


def data_nascita_da_codice_fiscale(valore: str):
    try:
        return codicefiscale.get_birth_date(normalizza_codice_fiscale(valore))
    except Exception:  # noqa: BLE001 - stdnum raises several kinds on malformed input
        return None


def sesso_da_codice_fiscale(valore: str) -> str | None:
    """"F" or "M" from the day of birth in the codice fiscale (women: day + 40); None when the
    code is missing, numeric (temporary) or malformed. Used only for grammatical agreement
    («nominata», «nato»), never shown or stored."""
    try:
        return codicefiscale.get_gender(normalizza_codice_fiscale(valore or ""))
    except Exception:  # noqa: BLE001 - stdnum raises several kinds on malformed input
        return None
