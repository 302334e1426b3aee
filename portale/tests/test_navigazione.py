"""The main menu (portale.navigazione): areas by role, the active area from the resolved URL."""

import re

import pytest
from django.urls import resolve

from portale import navigazione

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("indirizzo", "area"), [
    ("/procedure/1/istanze/", "procedure"),             # candidature app, office page
    ("/procedure/1/istanze/monitoraggio/", "procedure"),
    ("/procedure/1/valutazione/", "procedure"),          # graduatorie app, office page
    ("/procedure/1/graduatoria/", "procedure"),
    ("/candidature/", "candidature"), ("/candidature/1/", "candidature"),
    ("/candidature/1/esito/", "candidature"),            # graduatorie app, candidate page
    ("/avvisi/1/candidatura/", "avvisi"), ("/avvisi/", "avvisi"),
    ("/rilevazione-fabbisogno/schede/", "fabbisogno"), ("/incarichi/", "incarichi"),
    ("/strumenti/", "strumenti"), ("/informazioni-utili/", "assistenza"),
    ("/assistenza/coda/", "assistenza"), ("/area-riservata/", "cruscotto"),
    ("/gestione/personale/", "organizzazione"),
])
def test_area_della_pagina(indirizzo, area):
    assert navigazione.area_della_pagina(resolve(indirizzo)) == area


def _menu(html: str) -> str:
    return re.search(r'<nav class="navbar[^"]*"[^>]*aria-label="Navigazione principale".*?</nav>',
                     html, flags=re.S).group(0)


def _attive(menu_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+", " ", m).split(" notifiche")[0].strip()
            for m in re.findall(r'class="nav-link[^"]*\bactive\b[^"]*"[^>]*>(.*?)</a>', menu_html, re.S)]


def test_ds_pagina_d_ufficio_evidenzia_procedure_non_le_mie_candidature(client_di, ds):
    menu = _menu(client_di(ds).get("/procedure/").content.decode())
    assert _attive(menu) == ["Procedure di selezione"]
    assert "Rilevazione del fabbisogno" in menu and "Assistenza" in menu and "Incarichi" in menu


def test_candidato_le_mie_candidature_attiva(client_di, candidato):
    menu = _menu(client_di(candidato).get("/candidature/").content.decode())
    assert _attive(menu) == ["Le mie candidature"]
    assert "Procedure di selezione" not in menu and "Rilevazione del fabbisogno" not in menu


def test_aree_del_personale_e_voci_per_ruolo():
    ds = navigazione.menu(autenticato=True, ruolo="ds", resolver_match=resolve("/procedure/"))
    assert [a.etichetta for a in ds] == ["Area riservata", "Rilevazione del fabbisogno",
                                         "Procedure di selezione", "Incarichi", "Strumenti",
                                         "Assistenza"]
    assert all(a.a_tendina for a in ds)
    referente = navigazione.menu(autenticato=True, ruolo="referente", resolver_match=None)
    assert [a.chiave for a in referente] == ["area_riservata", "fabbisogno", "strumenti", "assistenza"]
    # a commissaria (a nomination, not a role) finds her procedures from the menu too
    assert "graduatorie:le_mie_commissioni" in {v.nome for v in referente[0].voci}
    assert "graduatorie:le_mie_commissioni" not in {v.nome for a in navigazione.menu(
        autenticato=True, ruolo="supporto", resolver_match=None) for v in a.voci}
    segreteria = {v.nome for a in navigazione.menu(autenticato=True, ruolo="segreteria",
                                                   resolver_match=None) for v in a.voci}
    assert "incarichi:trasparenza" not in segreteria and "portale:personale" not in segreteria
    anonimo = navigazione.menu(autenticato=False, ruolo=None, resolver_match=None)
    assert [a.etichetta for a in anonimo] == ["Home", "Avvisi", "Amministrazione trasparente"]


@pytest.mark.parametrize("ruolo", ["ds", "dsga", "segreteria", "referente", "amministrazione",
                                   "supporto"])
def test_nessuna_voce_del_menu_porta_a_un_403(ruolo, con_ruolo, istituto, client_di):
    nazionale = ruolo in ("amministrazione", "supporto")
    persona = con_ruolo("GLLNNA82H48F205R", ruolo, None if nazionale else istituto)
    client = client_di(persona)
    html = client.get("/area-riservata/").content.decode()
    voci = re.findall(r'<a\b[^>]*\bhref="([^"]+)"', _menu(html))
    assert voci
    for indirizzo in set(voci):
        assert client.get(indirizzo).status_code == 200, (ruolo, indirizzo)
