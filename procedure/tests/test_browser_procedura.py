"""Issue 4's key journey in a real browser: from the need to an open avviso."""

from datetime import timedelta

import pytest
from django.utils import timezone

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
    assert pagina.locator("#importo-lordo-dipendente").inner_text().startswith("770,00")
    pagina.get_by_role("button", name="Successivo").click()
    assert pagina.get_by_text("1.021,79 €").is_visible()  # lordo stato = 770 × 1,327
    pagina.get_by_role("button", name="Concludi scheda progettuale").click()
    pagina.get_by_role("button", name="Genera procedura di selezione").click()
    assert pagina.get_by_text("Per concludere la procedura completa").is_visible()

    pagina.get_by_role("link", name="1. Informazioni generali").click()
    pagina.get_by_label("Luogo di svolgimento").fill("Plesso Manzoni, aula magna")
    pagina.get_by_label("Requisiti di ammissione").fill("Esperienza documentata di fotografia")
    pagina.locator("label[for=id_ammette_privati]").click()  # Bootstrap Italia styles the label
    assert pagina.get_by_label("Soggetti privati").is_checked()
    pagina.get_by_role("button", name="Salva").click()

    pagina.get_by_role("link", name="2. Funzionalità").click()
    pagina.locator("#id_allegato-nome").fill("Curriculum vitae")
    pagina.get_by_role("button", name="Aggiungi allegato").click()
    assert pagina.get_by_text("Aggiunto al modulo di candidatura").is_visible()

    pagina.get_by_role("link", name="3. Criteri di valutazione").click()
    pagina.get_by_label("Griglia del regolamento").select_option(label="Esperti interni/esterni (art. 17)")
    pagina.get_by_role("button", name="Carica griglia").click()
    assert pagina.locator("#punteggio-massimo").inner_text() == "85"

    pagina.get_by_role("link", name="Riepilogo").click()
    pagina.get_by_role("button", name="Concludi Procedura di Selezione").click()
    pagina.get_by_role("button", name="Concludi la procedura").click()
    pagina.get_by_role("link", name="Pubblicazione").click()
    pagina.get_by_label("Data e ora di apertura").fill(_locale(timedelta(hours=1)))
    pagina.get_by_label("Data e ora di chiusura").fill(_locale(timedelta(days=15)))
    pagina.get_by_role("button", name="Conferma: Pubblicazione").click()
    pagina.get_by_role("link", name="Apri", exact=True).click()
    pagina.get_by_role("button", name="Conferma: Apri").click()
    assert pagina.get_by_text("Operazione eseguita: «Apri»").is_visible()

    pagina.get_by_role("button", name="Area riservata").click()  # the menu's dropdown
    pagina.get_by_role("link", name="Avvisi pubblici").click()
    pagina.get_by_label("Parole").fill("fotografia")
    pagina.get_by_role("button", name="Cerca").click()
    pagina.get_by_role("link", name="Esperto di fotografia digitale").click()
    assert pagina.get_by_text("Aperto", exact=True).is_visible()
    indirizzo = pagina.get_by_role("link", name="Avviso (PDF)").get_attribute("href")
    pdf = pagina.request.get(portale + indirizzo)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF") and "-v1.pdf" in pdf.headers["content-disposition"]
