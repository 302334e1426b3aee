"""The public list of avvisi on a phone: the filters other than «Parole» fold under «Altri
filtri» (the first avviso was about 1.000 px down at 390 px); on a wide screen they stay in
view, and on a phone they are open while one of them is in use."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_altri_filtri_piegati_sul_telefono_aperti_se_in_uso(portale, pagina):
    pagina.set_viewport_size({"width": 390, "height": 844})
    pagina.goto(portale + "/avvisi/")
    pagina.wait_for_load_state()  # the collapse is Bootstrap Italia's (deferred script)
    altri = pagina.get_by_role("button", name=re.compile("^Altri filtri"))
    regione = pagina.get_by_label("Regione")
    expect(altri).to_have_attribute("aria-expanded", "false")
    expect(regione).to_be_hidden()
    primo = pagina.locator("article").first
    assert primo.bounding_box()["y"] < 844  # the first avviso is on the first screen
    altri.click()
    expect(regione).to_be_visible()
    expect(altri).to_have_attribute("aria-expanded", "true")
    regione.select_option("Lazio")
    pagina.get_by_role("button", name="Cerca").click()
    pagina.wait_for_url(re.compile(r"regione=Lazio"))
    # a filter in use stays in view after the search, with what was chosen
    expect(pagina.get_by_label("Regione")).to_be_visible()
    expect(pagina.get_by_label("Regione")).to_have_value("Lazio")
    expect(pagina.get_by_role("button", name=re.compile("^Altri filtri"))).to_have_attribute(
        "aria-expanded", "true")
    # on a wide screen every filter is in view, no button to open them
    pagina.set_viewport_size({"width": 1366, "height": 900})
    pagina.goto(portale + "/avvisi/")
    expect(pagina.get_by_label("Tipologia")).to_be_visible()
    expect(pagina.get_by_role("button", name=re.compile("^Altri filtri"))).to_be_hidden()
