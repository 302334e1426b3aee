"""Phone numbers as people write them: accepted in the usual Italian forms, refused with
letters or too few digits."""

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import valida_telefono


@pytest.mark.parametrize("numero", ["0612345678", "06 1234 5678", "+39 333-123.4567",
                                    "(06) 12345678", "333/1234567", "123456"])
def test_telefono_valido(numero):
    valida_telefono(numero)


@pytest.mark.parametrize("numero", ["tre tre tre", "06123", "333 123 4567 int. 2", "39+3331234",
                                    "1234567890123456", "   "])
def test_telefono_non_valido(numero):
    with pytest.raises(ValidationError) as errore:
        valida_telefono(numero)
    assert errore.value.messages == [
        f"Il numero di telefono «{numero}» non è valido: scrivi solo cifre, con il prefisso "
        "(per esempio 06 1234 5678 oppure +39 333 123 4567)."]


@pytest.mark.parametrize(("valore", "motivo"), [
    ("ABC", "sono 11 cifre"),
    ("8001234567", "sono 11 cifre (ne hai scritte 10)"),
    ("80012345678", "la cifra di controllo (l'ultima) non torna con le altre: controlla di averlo copiato bene")])
def test_codice_fiscale_dell_istituto_dice_che_cosa_non_va(valore, motivo):
    """«80012345678», eleven digits with a wrong check digit, was told «sono 11 cifre»."""
    from accounts.validators import valida_codice_fiscale_ente
    with pytest.raises(ValidationError) as errore:
        valida_codice_fiscale_ente(valore)
    assert errore.value.messages == [
        f"Il codice fiscale dell'istituto «{valore}» non è valido: {motivo}."]
    valida_codice_fiscale_ente("80185250588")  # a real one (a school's, published)


def test_codice_fiscale_ente_con_la_cifra_di_controllo_giusta_ma_ufficio_inesistente():
    """97000000006 has the right check digit: the error said to look at the last digit, while
    the office code (digits 8 to 10, «000») is what does not exist."""
    from accounts.validators import valida_codice_fiscale_ente
    with pytest.raises(ValidationError) as errore:
        valida_codice_fiscale_ente("97000000006")
    assert errore.value.messages == [
        "Il codice fiscale dell'istituto «97000000006» non è valido: le cifre dall'ottava alla "
        "decima («000») dovrebbero indicare l'ufficio che lo ha attribuito e nessun ufficio ha "
        "questo numero. Controlla di averlo copiato bene."]


def test_ogni_regione_ha_le_sue_province():
    from accounts.models import REGIONI
    from accounts.territorio import PROVINCE_PER_REGIONE, REGIONE_DELLA_PROVINCIA
    assert set(PROVINCE_PER_REGIONE) == set(REGIONI)
    assert REGIONE_DELLA_PROVINCIA["RM"] == "Lazio" and REGIONE_DELLA_PROVINCIA["MB"] == "Lombardia"
    assert len(REGIONE_DELLA_PROVINCIA) == sum(len(s.split()) for s in PROVINCE_PER_REGIONE.values())
