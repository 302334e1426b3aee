"""The staff side of issue 5 in a real browser: after the deadline the DSGA opens «Gestione
istanze» from the procedure, filters, reads an application, asks for an integration, and
looks at the Monitoraggio."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portale.tests.browser import entra_come

pytestmark = pytest.mark.browser


def test_dsga_gestisce_le_istanze_della_procedura_chiusa(portale, pagina):
    entra_come(pagina, portale, "Lucia Verdi")
    pagina.get_by_role("button", name="Procedure di selezione").click()  # the menu's dropdown
    pagina.get_by_role("link", name="Gestione procedure di selezione").click()
    pagina.get_by_label("Cerca per oggetto o numero").fill("rete LAN")
    pagina.get_by_label("Cerca per oggetto o numero").press("Enter")
    pagina.get_by_role("row").filter(has_text="Progettista della rete LAN").get_by_role(
        "link", name="Dettaglio").click()
    pagina.get_by_role("link", name="Gestione istanze").click()
    tabella = pagina.get_by_role("table")
    expect(tabella.get_by_text("Greco Lorenzo")).to_be_visible()
    assert pagina.get_by_text("Costa").count() == 0  # Laura Costa has only a draft

    pagina.get_by_label("Categoria").select_option(label="Personale interno")
    pagina.get_by_role("button", name="Cerca").click()
    pagina.wait_for_url("**categoria=interno**")
    # header, Lorenzo Greco and Francesca Longo (interni); waited for, the page is a new load
    expect(pagina.get_by_role("table").get_by_role("row")).to_have_count(1 + 2)

    pagina.get_by_role("link", name="Dettaglio dell'istanza di Lorenzo Greco").click()
    expect(pagina.get_by_role("heading", name="Greco Lorenzo")).to_be_visible()
    expect(pagina.get_by_text("GRCLNZ79A12H501Q")).to_be_visible()
    pagina.get_by_role("link", name="Richiedi istruttoria").click()
    pagina.get_by_label("Che cosa deve integrare il candidato").fill(
        "Inviare copia del diploma di laurea.")
    scadenza = timezone.localtime() + timedelta(days=5)
    pagina.get_by_label("Rispondere entro").fill(scadenza.strftime("%Y-%m-%dT%H:%M"))
    pagina.get_by_role("button", name="Conferma: invia la richiesta").click()
    expect(pagina.get_by_text("Richiesta di integrazione inviata")).to_be_visible()
    expect(pagina.get_by_text("In istruttoria").first).to_be_visible()

    # exact: the Assistenza menu holds «Monitoraggio Tickets» too
    pagina.get_by_role("link", name="Monitoraggio", exact=True).click()
    expect(pagina.get_by_role("table", name="Candidature per categoria")).to_be_visible()
    assert pagina.locator("#totale-inviate").inner_text() == "5"

    # on a phone the charts are drawn for its width: their words are read, not guessed
    pagina.set_viewport_size({"width": 390, "height": 844})
    pagina.reload()
    for grafico in ("Candidature per categoria", "Candidature per giorno"):
        immagine = pagina.get_by_role("img", name=grafico)
        expect(immagine).to_be_visible()
        altezze = immagine.locator("text").evaluate_all(
            "testi => testi.map(t => t.getBoundingClientRect().height)")
        assert altezze and min(altezze) >= 10, (grafico, altezze)
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 390
