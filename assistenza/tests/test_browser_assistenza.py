"""Issue 8's key journey in a real browser: a candidate opens a ticket with an attachment,
the Supporto answers from a canned reply, the candidate reads it in Monitoraggio Tickets."""

import re

import pytest
from playwright.sync_api import expect

from portale.tests import campioni_documenti as campioni
from portale.tests.browser import entra_come

pytestmark = pytest.mark.browser


def _esci(pagina, portale):
    pagina.get_by_role("button", name="Esci").click()
    pagina.wait_for_url(portale + "/")


def test_ticket_con_allegato_risposta_del_supporto_e_monitoraggio(portale, pagina, tmp_path):
    allegato = tmp_path / "curriculum.pdf"
    allegato.write_bytes(campioni.pdf("Curriculum di Alessia Ferrari"))

    entra_come(pagina, portale, "Alessia Ferrari")
    pagina.get_by_role("link", name="Assistenza").click()
    expect(pagina.get_by_role("heading", name="Monitoraggio Tickets")).to_be_visible()
    pagina.get_by_role("link", name="Apri ticket").click()
    pagina.get_by_label("Tipologia").select_option(label="Candidature")
    pagina.get_by_label("Oggetto").fill("Il portale non accetta il mio curriculum")
    pagina.get_by_label("Descrizione").fill("Carico il PDF ma ricevo un errore.")
    pagina.get_by_label("Procedura di selezione").fill("PROC-2026-0007")
    pagina.get_by_label("Allegati").set_input_files(str(allegato))
    pagina.get_by_role("button", name="Invia la richiesta").click()
    pagina.wait_for_url(re.compile(r".*/assistenza/ticket/TCK-\d{4}-\d{6}/$"))
    codice = pagina.get_by_role("heading", level=1).inner_text().strip()
    assert re.fullmatch(r"TCK-\d{4}-\d{6}", codice)
    expect(pagina.get_by_text(f"Ticket {codice} aperto.")).to_be_visible()
    expect(pagina.get_by_role("link", name="curriculum.pdf")).to_be_visible()
    _esci(pagina, portale)

    entra_come(pagina, portale, "Laura Marini")
    pagina.get_by_role("button", name="Assistenza").click()  # the menu's dropdown
    pagina.get_by_role("link", name="Coda ticket").click()
    pagina.get_by_role("link", name=codice).click()
    pagina.get_by_role("button", name="Prendi in carico").click()
    expect(pagina.get_by_text(f"Hai preso in carico {codice}.")).to_be_visible()
    with pagina.expect_download() as scaricamento:
        pagina.get_by_role("link", name="curriculum.pdf").click()
    assert scaricamento.value.suggested_filename == "curriculum.pdf"
    pagina.get_by_label("Risposta predefinita").select_option(label="Formati dei file ammessi")
    risposta = pagina.get_by_label("Risposta al richiedente")
    expect(risposta).to_have_value(re.compile(r"^Gentile Alessia,"))  # filled in by the reply
    risposta.fill("")  # emptied by the operator: nothing is sent
    pagina.get_by_role("button", name="Invia la risposta").click()
    expect(pagina.get_by_text("Il testo della risposta è vuoto: scrivilo prima di inviare.")).to_be_visible()
    pagina.wait_for_load_state()  # the page just came back: its script listens once loaded
    pagina.get_by_label("Risposta predefinita").select_option(label="Nessuna")
    pagina.get_by_label("Risposta predefinita").select_option(label="Formati dei file ammessi")
    risposta = pagina.get_by_label("Risposta al richiedente")
    expect(risposta).to_have_value(re.compile(r"^Gentile Alessia,"))
    risposta.fill(risposta.input_value() + "\nIl file allegato è corretto: riprova ora.")
    pagina.get_by_role("button", name="Invia la risposta").click()
    expect(pagina.get_by_text("Risposta inviata al richiedente.")).to_be_visible()
    pagina.get_by_label("Nota interna").fill("Nessun problema sul file: verificare il browser.")
    pagina.get_by_role("button", name="Aggiungi la nota").click()
    expect(pagina.get_by_text("Nota interna aggiunta.")).to_be_visible()
    _esci(pagina, portale)

    entra_come(pagina, portale, "Alessia Ferrari")
    pagina.get_by_role("link", name="Assistenza").click()
    riga = pagina.get_by_role("row").filter(has_text=codice)
    assert "In attesa di riscontro" in riga.inner_text()
    riga.get_by_role("link", name=codice).click()
    expect(pagina.get_by_text("Il file allegato è corretto: riprova ora.")).to_be_visible()
    assert pagina.get_by_text("verificare il browser").count() == 0  # the internal note
    pagina.get_by_label("Il tuo messaggio").fill("Ora funziona, grazie.")
    pagina.get_by_role("button", name="Invia", exact=True).click()
    expect(pagina.get_by_text("Messaggio inviato all'assistenza.")).to_be_visible()
    expect(pagina.locator("h1 + .badge")).to_contain_text("In lavorazione")
