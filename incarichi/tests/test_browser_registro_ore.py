"""The register of hours in a real browser: «Attività svolta» holds 300 characters (the field's
`maxlength`), and a longer pasted text was cut by the browser without a word — the register
then showed half a sentence as the activity done. Now the page says how much was left out."""

import re

import pytest
from playwright.sync_api import expect

from portale.tests.browser import apri_conferma, entra_come

pytestmark = pytest.mark.browser


def test_attivita_incollata_troppo_lunga_detta_non_tagliata_in_silenzio(portale, pagina):
    pagina.context.grant_permissions(["clipboard-read", "clipboard-write"])
    entra_come(pagina, portale, "Sara Mancini")  # the demo's incaricata by affidamento diretto
    pagina.goto(f"{portale}/incarichi/i-miei/")
    pagina.get_by_role("link", name=re.compile("Laboratorio di cittadinanza digitale")).first.click()
    # the page's script (deferred) listens for the paste: a paste before it ran went unseen
    pagina.wait_for_load_state()
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


def test_dopo_un_errore_il_fuoco_e_sul_campo_da_correggere(portale, pagina):
    """The register refused a value and the page came back from the top: the keyboard and a
    screen reader had to find the wrong field again. Now the focus is on it, with its message
    linked to it, and what was typed is kept."""
    entra_come(pagina, portale, "Sara Mancini")
    pagina.goto(f"{portale}/incarichi/i-miei/")
    pagina.get_by_role("link", name=re.compile("Laboratorio di cittadinanza digitale")).first.click()
    registro = pagina.locator("form").filter(has=pagina.get_by_role("button", name="Annota le ore"))
    registro.get_by_label("Ore").fill("0")
    registro.get_by_label("Attività svolta").fill("Lezione sulla privacy in rete")
    registro.get_by_role("button", name="Annota le ore").click()
    pagina.wait_for_load_state()
    ore = pagina.locator('[aria-invalid="true"]')
    expect(ore).to_be_focused()
    assert ore.get_attribute("name") == "ore"
    errore = pagina.locator("#" + ore.get_attribute("aria-describedby").split()[-1])
    expect(errore).to_contain_text("ore")
    expect(ore).to_be_in_viewport()
    expect(pagina.get_by_label("Attività svolta")).to_have_value("Lezione sulla privacy in rete")
    # the page without errors leaves the focus where the browser puts it
    pagina.goto(f"{portale}/incarichi/i-miei/")
    assert pagina.evaluate("document.activeElement === document.body")


def test_eliminare_una_riga_dell_incaricata_chiede_il_motivo_nel_dialogo(portale, pagina):
    """The trial (Lucia Verdi, DSGA): «Elimina la riga» stayed usable with the required
    «Motivo» empty (the browser's bubble, in English) and a motivo of spaces closed the dialog
    and reloaded the page with an error on top. The textarea is in the dialog, attached to the
    row's form with form="…": the dialog now says what is missing, like the others, and lets
    the button go once a reason is written."""
    entra_come(pagina, portale, "Lucia Verdi")
    pagina.goto(f"{portale}/incarichi/?q=cittadinanza")
    pagina.locator("tr").filter(has_text="Laboratorio di cittadinanza digitale").get_by_role(
        "link", name=re.compile("Dettaglio")).click()
    pagina.wait_for_load_state()
    riga = pagina.locator("tr").filter(has_text="Dati personali e social network")
    apri_conferma(pagina, riga.get_by_role("button", name=re.compile("Elimina")))
    dialogo = pagina.get_by_role("dialog")
    elimina = dialogo.get_by_role("button", name="Elimina la riga")
    expect(elimina).to_be_disabled()
    expect(dialogo.get_by_role("alert")).to_have_text(
        "Prima di confermare compila il campo «Motivo (obbligatorio)».")
    motivo = dialogo.get_by_label("Motivo (obbligatorio)")
    motivo.fill("   ")
    expect(elimina).to_be_disabled()
    expect(dialogo.get_by_role("alert")).to_have_text(
        "Prima di confermare compila il campo «Motivo (obbligatorio)».")
    motivo.fill("Riga inserita due volte")
    expect(elimina).to_be_enabled()
    expect(dialogo.get_by_role("alert")).to_have_count(0)
    motivo.fill("")
    expect(elimina).to_be_disabled()


def test_nel_dialogo_della_copia_firmata_la_tastiera_resta_nel_dialogo(portale, pagina):
    """The trial (headless): in «Carica la copia firmata», Tab from the dialog's last button
    went to <body> and Esc no longer closed it. Bootstrap Italia makes everything outside the
    open dialog `inert`, so the focus, leaving its last button, found nothing else in the page
    and left the document, where its focus trap (which acts on a focus landing outside) never
    saw it. Tab and Shift+Tab now go round inside the dialog, and Esc still closes it."""
    entra_come(pagina, portale, "Maria Rossi")
    pagina.goto(f"{portale}/incarichi/?q=Wi-Fi")
    pagina.locator("tr").filter(has_text="Progettista della rete Wi-Fi").get_by_role(
        "link", name=re.compile("Dettaglio")).click()
    pagina.wait_for_load_state()
    apri_conferma(pagina, pagina.get_by_role("button", name="Carica la copia firmata"))
    dialogo = pagina.get_by_role("dialog")
    nel_dialogo = "() => document.querySelector('.modal.show').contains(document.activeElement)"
    for _ in range(4):  # more than the dialog's controls: round and round
        pagina.keyboard.press("Tab")
        assert pagina.evaluate(nel_dialogo)
    for _ in range(4):
        pagina.keyboard.press("Shift+Tab")
        assert pagina.evaluate(nel_dialogo)
    pagina.keyboard.press("Escape")
    expect(dialogo).to_be_hidden()
