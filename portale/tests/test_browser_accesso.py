"""Key journey in a real browser: Debian's Chromium driven by Playwright."""

import pytest

pytestmark = pytest.mark.browser


def test_accesso_spid_scelta_istituto_e_uscita(portale, pagina):
    pagina.goto(portale + "/")
    pagina.get_by_role("link", name="Accedi con SPID o CIE").click()
    pagina.get_by_role("link", name="Entra con SPID").click()
    pagina.wait_for_url("**/spid-test-idp/sso/")
    pagina.get_by_role("button", name="Maria Rossi").click()
    pagina.wait_for_url(portale + "/area-riservata/")
    assert "Ti sei collegata come Maria Rossi." in pagina.content()
    assert pagina.locator("p.lead").inner_text() == "Operi come Dirigente Scolastica – IC Leonardo da Vinci."

    # Reggenza: the DS switches to the istituto she leads as reggente, from the header, by keyboard.
    pagina.get_by_label("Operi come").select_option(label="IC Alberto Manzi – Dirigente Scolastica")
    pagina.get_by_role("button", name="Cambia").focus()
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.get_by_text("Ora operi come Dirigente Scolastica – IC Alberto Manzi").is_visible()

    pagina.get_by_role("button", name="Area riservata").click()  # the menu's dropdown
    pagina.get_by_role("link", name="Personale dell'istituto").click()
    assert pagina.get_by_role("cell", name="Maria Rossi", exact=True).is_visible()  # its one role
    assert pagina.get_by_role("cell", name="Lucia Verdi", exact=True).count() == 0  # other istituto's staff

    pagina.get_by_role("button", name="Esci").click()
    pagina.wait_for_url(portale + "/")
    assert pagina.get_by_role("link", name="Accedi all'area personale").is_visible()


def test_candidato_con_cie_non_vede_le_pagine_del_personale(portale, pagina):
    pagina.goto(portale + "/accounts/login/")
    pagina.get_by_role("link", name="Entra con CIE").click()
    pagina.get_by_role("button", name="Marco Esposito").click()
    pagina.wait_for_url(portale + "/area-riservata/")
    risposta = pagina.goto(portale + "/gestione/personale/")
    assert risposta.status == 403
    assert "riservata al personale" in pagina.content()
