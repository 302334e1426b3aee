"""Issue 6's candidate journey in a real browser: the published provisional ranking, then a
reclamo with a document from «Le mie candidature»."""

import re

import pytest
from playwright.sync_api import expect

from candidature.demo import pdf_minimo
from portale.tests.browser import apri_conferma, entra_come

pytestmark = pytest.mark.browser


def test_candidato_vede_la_graduatoria_e_presenta_reclamo(portale, pagina, tmp_path):
    documento = tmp_path / "certificato.pdf"
    documento.write_bytes(pdf_minimo("Certificato di laurea"))

    entra_come(pagina, portale, "Marco Esposito")
    pagina.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="Le mie candidature").click()
    riga = pagina.get_by_role("row").filter(has_text="Esperto di coding per la secondaria")
    riga.get_by_role("link", name="Esito e reclami").click()
    expect(pagina.get_by_text("In graduatoria")).to_be_visible()
    # «con 38 punti», the number before its noun, agreeing with it
    expect(pagina.get_by_text(re.compile(r"posizione \d+ con [\d.,]+ punt[oi]\."))).to_be_visible()
    # and what each criterion gave, down to the total the ranking shows
    tabella = pagina.get_by_role("table", name="Il tuo punteggio, criterio per criterio")
    expect(tabella).to_be_visible()
    totale = pagina.get_by_text(re.compile(r"posizione \d+ con ([\d.,]+) punt")).inner_text()
    punti = re.search(r"con ([\d.,]+) punt", totale).group(1)
    expect(tabella.get_by_role("row").last).to_have_text(re.compile(rf"Totale\s*{punti}\s*$"))
    pagina.get_by_role("link", name="consulta la graduatoria pubblicata").click()
    expect(pagina.get_by_role("heading", name="Graduatoria provvisoria")).to_be_visible()
    assert pagina.get_by_text("ESPMRC88R03L736K").count() == 0  # no codice fiscale in public
    pagina.go_back()

    pagina.get_by_role("link", name="Presenta reclamo").click()
    # the reasons still empty: the dialog says what to write instead of asking to confirm a
    # send the server would refuse, and its button cannot send
    apri_conferma(pagina, pagina.get_by_role("button", name="Invia reclamo"))
    finestra = pagina.get_by_role("dialog", name="Confermi l'invio del reclamo?")
    expect(finestra.get_by_role("alert")).to_have_text(
        "Prima di confermare compila il campo «Motivi del reclamo»: chiudi questa finestra con "
        "«Annulla» e completalo.")
    expect(finestra.get_by_role("button", name="Invia il reclamo")).to_be_disabled()
    finestra.get_by_role("button", name="Annulla").click()
    expect(finestra).to_be_hidden()
    # only spaces are no reasons either (the server would refuse them as empty)
    pagina.get_by_label("Motivi del reclamo").fill("   ")
    apri_conferma(pagina, pagina.get_by_role("button", name="Invia reclamo"))
    expect(finestra.get_by_role("button", name="Invia il reclamo")).to_be_disabled()
    expect(finestra.get_by_role("alert")).to_contain_text("«Motivi del reclamo»")
    finestra.get_by_role("button", name="Annulla").click()
    expect(finestra).to_be_hidden()
    pagina.get_by_label("Motivi del reclamo").fill("Non è stata valutata la mia esperienza.")
    # a file of another type and one too large are dropped as soon as they are chosen, with
    # the reason; the PDF stays chosen (the server used to refuse the send and the browser
    # forgot every file)
    relazione = tmp_path / "relazione.docx"
    relazione.write_bytes(b"PK\x03\x04 non un PDF")
    grande = tmp_path / "scansione.pdf"
    grande.write_bytes(pdf_minimo("Scansione") + b"0" * (11 * 1024 * 1024))
    campo = pagina.get_by_label("Documenti a sostegno (facoltativi)")
    campo.set_input_files([str(documento), str(relazione), str(grande)])
    scartati = pagina.get_by_role("alert").filter(has_text="file non sono stati aggiunti")
    expect(scartati).to_contain_text("«relazione.docx» non è di un tipo ammesso (PDF, P7M, PNG o JPEG).")
    expect(scartati).to_contain_text("«scansione.pdf» pesa 11 MB, oltre il massimo di 10 MB.")
    expect(scartati).to_contain_text("Restano scelti: «certificato.pdf».")
    assert campo.evaluate("c => [...c.files].map(f => f.name)") == ["certificato.pdf"]
    assert "file-scartati" in campo.get_attribute("aria-describedby")
    # chosen again, only valid files: the notice goes, and out of the field's description
    campo.set_input_files([str(grande)])
    campo.set_input_files(str(documento))
    expect(scartati).to_be_hidden()
    assert "file-scartati" not in (campo.get_attribute("aria-describedby") or "")
    pagina.get_by_role("button", name="Invia reclamo").click()
    expect(finestra.get_by_role("alert")).to_have_count(0)  # written now: nothing to complete
    finestra.get_by_role("button", name="Invia il reclamo").click()
    expect(pagina.get_by_text("Reclamo presentato").first).to_be_visible()
    expect(pagina.locator(".card-text").filter(has_text="In attesa di risposta")).to_be_visible()
    expect(pagina.get_by_text("Documenti allegati: certificato.pdf", exact=True)).to_be_visible()
    # a second reclamo waits for the answer to this one: said, not offered
    expect(pagina.get_by_text("Hai già un reclamo in attesa di risposta")).to_be_visible()
    expect(pagina.get_by_role("link", name="Presenta reclamo")).to_have_count(0)
