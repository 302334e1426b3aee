"""Every page, as the person entitled to it, speaks Italian in its forms: a select with no
choice yet says «Scegli…», never Django's «---------».

Built on the access sweep's data (`dati_a`) and classification of every URL pattern
(`MAPPA`), with the entitled person of the hostile-input sweep.
"""

import re

import pytest

from candidature.tests.istanze_fixtures import persone  # noqa: F401  (fixture of dati_a)
from tests.test_accessi import dati_a  # noqa: F401  (fixture)
from tests.test_input_ostile import _accedi, pagine_con_chi_ne_ha_diritto

SEGNAPOSTO_DI_DJANGO = re.compile(r"<option[^>]*>\s*-{5,}\s*</option>")


@pytest.mark.django_db
def test_nessuna_scelta_vuota_alla_maniera_di_django(client, dati_a):  # noqa: F811
    trovati, pagine = [], 0
    for modello, _kwargs, url, persona in pagine_con_chi_ne_ha_diritto(dati_a):
        _accedi(client, persona)
        risposta = client.get(url)
        if risposta.status_code != 200 or "html" not in risposta.get("Content-Type", ""):
            continue
        pagine += 1
        html = risposta.content.decode()
        for select in re.finditer(r'<select[^>]*name="([^"]+)"(.*?)</select>', html, re.S):
            if SEGNAPOSTO_DI_DJANGO.search(select.group(2)):
                trovati.append(f"{modello.chiave} ({url}): campo «{select.group(1)}»")
    assert pagine > 80
    assert not trovati, "«---------» al posto di «Scegli…»:\n  " + "\n  ".join(trovati)
