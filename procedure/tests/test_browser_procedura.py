"""Issue 4's key journey in a real browser: from the need to an open avviso."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portale.tests.browser import entra_come

pytestmark = pytest.mark.browser


# the activities start after the selection, whenever the test runs
INIZIO = timezone.localdate() + timedelta(days=60)
FINE = INIZIO + timedelta(days=119)


def _locale(delta):
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def test_dalla_scheda_all_avviso_aperto(portale, pagina):
    entra_come(pagina, portale, "Maria Rossi")
    pagina.get_by_role("button", name="Rilevazione del fabbisogno").click()  # the menu's dropdown
    pagina.get_by_role("link", name="Crea scheda progettuale").click()
    pagina.get_by_label("Titolo").fill("Esperto di fotografia digitale")
    pagina.get_by_label("Descrizione e obiettivi").fill("Laboratorio di fotografia per le terze")
    pagina.get_by_label("Tipologia di incarico").select_option(label="Esperto")
    pagina.get_by_label("Fonte di finanziamento").select_option(label="Fondo dell'istituzione scolastica (FIS/MOF)")
    pagina.get_by_label("Destinatari").fill("Classi terze della secondaria")
    pagina.get_by_label("Inizio del periodo").fill(f"{INIZIO:%Y-%m-%d}")
    pagina.get_by_label("Fine del periodo").fill(f"{FINE:%Y-%m-%d}")
    pagina.get_by_label("Ore previste").fill("20")
    pagina.get_by_label("Tariffa oraria CCNL").select_option(
        label="Docenti – ore aggiuntive di insegnamento – 38,50 €/h")
    expect(pagina.locator("#importo-lordo-dipendente")).to_have_text(re.compile(r"^770,00"))
    pagina.get_by_role("button", name="Successivo").click()
    expect(pagina.get_by_text("1.021,79 €")).to_be_visible()  # lordo stato = 770 × 1,327
    pagina.get_by_role("button", name="Concludi scheda progettuale").click()
    pagina.get_by_role("button", name="Genera procedura di selezione").click()
    expect(pagina.get_by_text("Per concludere la procedura completa")).to_be_visible()

    pagina.get_by_role("link", name="1. Informazioni generali").click()
    pagina.get_by_label("Luogo di svolgimento").fill("Plesso Manzoni, aula magna")
    pagina.get_by_label("Requisiti di ammissione").fill("Esperienza documentata di fotografia")
    pagina.locator("label[for=id_ammette_privati]").click()  # Bootstrap Italia styles the label
    assert pagina.get_by_label("Soggetti privati").is_checked()
    pagina.get_by_role("button", name="Salva").click()

    pagina.get_by_role("link", name="2. Funzionalità").click()
    pagina.locator("#id_allegato-nome").fill("Curriculum vitae")
    pagina.get_by_role("button", name="Aggiungi allegato").click()
    expect(pagina.get_by_text("Aggiunto al modulo di candidatura")).to_be_visible()

    pagina.get_by_role("link", name="3. Criteri di valutazione").click()
    pagina.get_by_label("Griglia del regolamento").select_option(label="Esperti interni/esterni (art. 17)")
    pagina.get_by_role("button", name="Carica griglia").click()
    expect(pagina.locator("#punteggio-massimo")).to_have_text("85")
    # a criterion of the grid adapted: its bands, one per line, come back as they were
    pagina.get_by_role("link", name=re.compile("^Modifica Laurea vecchio ordinamento")).click()
    expect(pagina.get_by_label("Fasce di voto (per il voto di laurea)")).to_have_value(
        "100: 6\n105: 12\n110: 18")
    pagina.get_by_label("Punti per la lode").fill("3")
    pagina.get_by_role("button", name="Salva il criterio").click()
    expect(pagina.get_by_text("Criterio modificato.")).to_be_visible()
    expect(pagina.locator("#punteggio-massimo")).to_have_text("86")

    pagina.get_by_role("link", name="Riepilogo").click()
    pagina.get_by_role("button", name="Concludi Procedura di Selezione").click()
    pagina.get_by_role("button", name="Concludi la procedura").click()
    pagina.get_by_role("link", name="Pubblicazione").click()
    pagina.get_by_label("Data e ora di apertura").fill(_locale(timedelta(hours=1)))
    pagina.get_by_label("Data e ora di chiusura").fill(_locale(timedelta(days=15)))
    pagina.get_by_role("button", name="Conferma: Pubblicazione").click()
    pagina.get_by_role("link", name="Apri", exact=True).click()
    pagina.get_by_role("button", name="Conferma: Apri").click()
    expect(pagina.get_by_text("Candidature aperte da ora")).to_be_visible()

    pagina.get_by_role("button", name="Area riservata").click()  # the menu's dropdown
    pagina.get_by_role("link", name="Avvisi pubblici").click()
    pagina.get_by_label("Parole").fill("fotografia")
    pagina.get_by_role("button", name="Cerca").click()
    pagina.get_by_role("link", name="Esperto di fotografia digitale").click()
    expect(pagina.get_by_text("Aperto", exact=True)).to_be_visible()
    # opened an hour before the opening the publication announced: the avviso in force is a
    # second version that says so, the first one is listed as replaced
    expect(pagina.get_by_role("link", name="Avviso – versione 1 (PDF)")).to_be_visible()
    indirizzo = pagina.get_by_role("link", name="Avviso – versione 2 (PDF)").get_attribute("href")
    pdf = pagina.request.get(portale + indirizzo)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF") and "-v2.pdf" in pdf.headers["content-disposition"]


def test_funzionalita_della_bozza_sul_telefono_rimuovi_a_portata(portale, pagina):
    """At 390 px the fields of the form are stacked, one block each: «Rimuovi» is on the
    screen, not beyond the right edge of a table that scrolls sideways."""
    pagina.set_viewport_size({"width": 390, "height": 844})
    entra_come(pagina, portale, "Maria Rossi")
    pagina.goto(f"{portale}/procedure/?q=Esperto+di+teatro+in+lingua+inglese")
    pagina.get_by_role("row").filter(has_text="Esperto di teatro in lingua inglese").get_by_role(
        "link", name="Dettaglio").first.click()
    pagina.get_by_role("link", name="2. Funzionalità").click()
    tabella = pagina.get_by_role("table", name="Campi del modulo")
    riga = tabella.get_by_role("row").filter(has_text="Disponibilità oraria prevalente")
    # the opener of the confirmation (its name says which field), not the dialog's own button
    rimuovi = riga.get_by_role("button", name=re.compile("^Rimuovi Disponibilità"))
    riquadro = rimuovi.bounding_box()  # where it is drawn, before anything scrolls sideways
    assert riquadro and riquadro["x"] >= 0 and riquadro["x"] + riquadro["width"] <= 390, riquadro
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 390
    rimuovi.click()
    expect(pagina.get_by_role("dialog").get_by_role("button", name="Rimuovi il campo")).to_be_visible()


def test_funzionalita_chiede_prima_di_perdere_cio_che_e_scritto_in_un_altro_modulo(portale,
                                                                                 pagina):
    """Three forms on one page: adding a section reloads it, and the requested attachment
    typed meanwhile would be lost; the browser asks first, and staying keeps it."""
    entra_come(pagina, portale, "Maria Rossi")
    pagina.goto(f"{portale}/procedure/?q=Esperto+di+teatro+in+lingua+inglese")
    pagina.get_by_role("row").filter(has_text="Esperto di teatro in lingua inglese").get_by_role(
        "link", name="Dettaglio").first.click()
    pagina.get_by_role("link", name="2. Funzionalità").click()
    allegato = pagina.locator("#id_allegato-nome")
    allegato.press_sequentially("Piano delle attività")  # typed, as a person does
    pagina.get_by_label("Titolo della nuova sezione").fill("Esperienze all'estero")
    dialoghi = []
    pagina.once("dialog", lambda d: (dialoghi.append(d.type), d.dismiss()))
    pagina.get_by_role("button", name="Aggiungi sezione").click()
    expect(allegato).to_have_value("Piano delle attività")
    assert dialoghi == ["beforeunload"]
    assert pagina.get_by_text("Aggiunto al modulo di candidatura.").count() == 0
    # having stayed, the section's form is not being sent any more: leaving by a link asks
    # for what is typed in it too
    allegato.fill("")
    pagina.once("dialog", lambda d: (dialoghi.append(d.type), d.dismiss()))
    pagina.get_by_role("link", name="1. Informazioni generali").click()
    expect(pagina.get_by_label("Titolo della nuova sezione")).to_have_value("Esperienze all'estero")
    assert dialoghi == ["beforeunload", "beforeunload"]
    # the section's form sent, nothing else typed is at risk: no question
    pagina.on("dialog", lambda d: (dialoghi.append(d.type), d.accept()))
    pagina.get_by_role("button", name="Aggiungi sezione").click()
    expect(pagina.get_by_text("Aggiunto al modulo di candidatura.")).to_be_visible()
    assert dialoghi == ["beforeunload", "beforeunload"]
