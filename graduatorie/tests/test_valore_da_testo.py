"""A declared number corrected by the commission is read as every number typed in the portal
(portale.formato.da_testo): «1.000» is a thousand there too, and stored as «1000»."""

import pytest
from django.core.exceptions import ValidationError

from graduatorie.services import valore_da_testo
from procedure.models import Criterio


@pytest.mark.parametrize(("scritto", "letto"), [("2,5", "2.5"), ("1.000", "1000"), ("3", "3"),
                                                ("", "0")])
def test_la_correzione_della_commissione_si_legge_come_ogni_numero(scritto, letto):
    assert valore_da_testo(Criterio(tipo="per_unita"), scritto) == letto


@pytest.mark.parametrize("scritto", ["1e3", "tre", "1,2,3"])
def test_un_valore_che_non_e_un_numero_e_rifiutato(scritto):
    with pytest.raises(ValidationError, match="Indica un numero"):
        valore_da_testo(Criterio(tipo="per_unita"), scritto)
