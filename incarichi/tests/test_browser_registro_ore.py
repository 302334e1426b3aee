"""The register of hours in a real browser: «Attività svolta» holds 300 characters (the field's
`maxlength`), and a longer pasted text was cut by the browser without a word — the register
then showed half a sentence as the activity done. Now the page says how much was left out."""

import re

import pytest
from playwright.sync_api import expect

from portale.tests.browser import entra_come

pytestmark = pytest.mark.browser


def test_attivita_incollata_troppo_lunga_detta_non_tagliata_in_silenzio(portale, pagina):
    pagina.context.grant_permissions(["clipboard-read", "clipboard-write"])
    entra_come(pagina, portale, "Sara Mancini")  # the demo's incaricata by affidamento diretto
    pagina.goto(f"{portale}/incarichi/i-miei/")
    pagina.get_by_role("link", name=re.compile("Laboratorio di cittadinanza digitale")).first.click()
    registro = pagina.locator("form").filter(has=pagina.get_by_role("button", name="Annota le ore"))
    attivita = registro.get_by_label("Attività svolta")
    pagina.evaluate("t => navigator.clipboard.writeText(t)", "Lezione sulla privacy in rete. " * 13)
    attivita.focus()
    pagina.keyboard.press("Control+V")  # 403 characters
    avviso = registro.locator(".caratteri-rimasti")
    expect(avviso).to_contain_text("Il testo incollato non entra tutto: il massimo è di 300 "
                                   "caratteri e ne sono rimasti fuori 103.")
    assert len(attivita.input_value()) == 300
    attivita.fill("Lezione sulla privacy in rete.")
    attivita.press("End")
    pagina.keyboard.type("x")
    expect(avviso).to_have_text("")  # far from the limit: nothing to say
