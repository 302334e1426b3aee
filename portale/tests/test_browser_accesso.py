"""Key journey in a real browser: Debian's Chromium driven by Playwright."""

import pytest
from playwright.sync_api import expect

from portale.tests.browser import apri_conferma

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
    expect(pagina.get_by_text("Ora operi come Dirigente Scolastica – IC Alberto Manzi")).to_be_visible()

    pagina.get_by_role("button", name="Area riservata").click()  # the menu's dropdown
    pagina.get_by_role("link", name="Personale dell'istituto").click()
    pagina.wait_for_url(portale + "/gestione/personale/")
    expect(pagina.get_by_role("cell", name="Maria Rossi", exact=True)).to_be_visible()  # its one role
    assert pagina.get_by_role("cell", name="Lucia Verdi", exact=True).count() == 0  # other istituto's staff

    pagina.get_by_role("button", name="Esci").click()
    pagina.wait_for_url(portale + "/")
    expect(pagina.get_by_role("link", name="Accedi all'area personale")).to_be_visible()


def test_candidato_con_cie_non_vede_le_pagine_del_personale(portale, pagina):
    pagina.goto(portale + "/accounts/login/")
    pagina.get_by_role("link", name="Entra con CIE").click()
    pagina.get_by_role("button", name="Marco Esposito").click()
    pagina.wait_for_url(portale + "/area-riservata/")
    risposta = pagina.goto(portale + "/gestione/personale/")
    assert risposta.status == 403
    expect(pagina.get_by_text("Questa pagina è riservata a chi opera come Dirigente Scolastico")).to_be_visible()


def test_amministrazione_assegna_un_ruolo_dopo_la_conferma(portale, pagina):
    pagina.goto(portale + "/accounts/login/")
    pagina.get_by_role("link", name="Entra con SPID").click()
    pagina.get_by_role("button", name="Francesco Conti").click()
    pagina.wait_for_url(portale + "/area-riservata/")
    pagina.goto(portale + "/gestione/personale/assegna/")
    expect(pagina.locator("#id_ruolo")).to_have_value("")  # none preselected
    pagina.get_by_label("Codice fiscale").fill("RSSMRA80A01H501U")
    pagina.locator("#id_ruolo").select_option(label="Supporto")
    apri_conferma(pagina, pagina.get_by_role("button", name="Assegna", exact=True))
    dialogo = pagina.get_by_role("dialog", name="Confermi l'assegnazione del ruolo?")
    expect(dialogo).to_be_visible()
    dialogo.get_by_role("button", name="Annulla").click()
    expect(dialogo).to_be_hidden()
    assert pagina.url == portale + "/gestione/personale/assegna/"  # nothing sent
    pagina.get_by_role("button", name="Assegna", exact=True).click()
    dialogo.get_by_role("button", name="Assegna il ruolo").click()
    # a person never logged in: name and surname asked for, what was written kept
    expect(pagina.get_by_text("Indica il nome: la persona non ha ancora effettuato")).to_be_visible()
    expect(pagina.get_by_label("Codice fiscale")).to_have_value("RSSMRA80A01H501U")
    pagina.get_by_label("Nome", exact=True).fill("Mario")
    pagina.get_by_label("Cognome").fill("Rossi")
    pagina.get_by_role("button", name="Assegna", exact=True).click()
    dialogo.get_by_role("button", name="Assegna il ruolo").click()
    expect(pagina.get_by_text("Ruolo Supporto assegnato a Mario Rossi.")).to_be_visible()
