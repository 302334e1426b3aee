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
