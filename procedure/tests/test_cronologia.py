"""The Cronologia (portale/_cronologia.html, on every page with a history) listed every
operation: on a phone a procedure's history ran for screens below its content. The latest ten
are shown; the earlier ones fold under «Operazioni precedenti (N)», from the same single
query. Tested on a procedure's page: portale may not name procedure."""

import re
from html import unescape

import pytest

from procedure import services

pytestmark = pytest.mark.django_db


def _voci(html: str) -> list[str]:
    return re.findall(r"<li><time[^>]*>[^<]*</time> – ([^<]*) <span", html)


def test_le_ultime_dieci_e_le_precedenti_raccolte(client_di, ds, ds_membership,
                                                  crea_procedura_completa):
    procedura = crea_procedura_completa()
    for numero in range(1, 13):
        services.aggiungi_campo(autore=ds, membership=ds_membership, procedura=procedura,
                                etichetta=f"Domanda {numero}", tipo="testo")
    client = client_di(ds)
    html = unescape(client.get(f"/procedure/{procedura.pk}/").content.decode())
    sezione = html[html.index('id="titolo-cronologia"'):]
    sezione = sezione[:sezione.index("</section>")]
    recenti, precedenti = sezione.split("<details", 1)
    # the newest first: the last field added heads the list
    assert _voci(recenti)[0] == "Aggiunto il campo «Domanda 12» al modulo di candidatura"
    assert len(_voci(recenti)) == 10
    totale = len(_voci(recenti)) + len(_voci(precedenti))
    assert f"<summary>Operazioni precedenti ({totale - 10})</summary>" in precedenti
    assert _voci(precedenti)[-1].startswith("Creata")  # the oldest, last


def test_poche_operazioni_nessun_riquadro(client_di, ds, crea_procedura_completa):
    procedura = crea_procedura_completa()
    html = client_di(ds).get(f"/procedure/{procedura.pk}/").content.decode()
    assert "Operazioni precedenti" not in html
