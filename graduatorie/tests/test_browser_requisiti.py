"""Issue 18 in a real browser: a requirement computed from the declared titles warns the
candidate in the riepilogo (sending stays possible), and the commissaria excludes an istanza
lacking it in one click, on a confirmation with the motivazione prefilled."""

import re

import pytest
from playwright.sync_api import expect

from portale.tests.browser import entra_come

pytestmark = pytest.mark.browser

# In the demo database: a degree requirement over the procedure's degree criteria, and the
# degree of one application removed (Marco Esposito's draft for robotica, his sent application
# for the Tutor PCTO under evaluation).
PREPARA = """
from candidature.models import Candidatura
from procedure.models import Criterio, ProceduraSelezione
for oggetto in ("Esperto di robotica educativa", "Tutor dei percorsi PCTO"):
    p = ProceduraSelezione.objects.get(oggetto__startswith=oggetto)
    lauree = list(p.criteri.filter(tipo="voto_laurea"))
    r = Criterio.objects.create(procedura=p, descrizione="Laurea coerente con l'incarico",
                                tipo="requisito", ordine=99)
    r.soddisfatto_da.set(lauree)
    c = Candidatura.objects.exclude(stato__in=("ritirata", "annullata")).get(
        procedura=p, candidato__codice_fiscale="ESPMRC88R03L736K")
    for l in lauree:
        c.dichiarazioni.pop(str(l.pk), None)
    c.save(update_fields=["dichiarazioni"])
    print("ID", p.pk, c.pk)
"""


def test_avviso_nel_riepilogo_ed_esclusione_in_un_clic(portale, pagina, nel_portale):
    (robotica, _), (tutor, istanza) = [tuple(map(int, riga.split()[1:]))
                                       for riga in nel_portale(PREPARA).splitlines()
                                       if riga.startswith("ID ")]

    entra_come(pagina, portale, "Marco Esposito")
    pagina.goto(f"{portale}/avvisi/{robotica}/candidatura/riepilogo/")
    avviso = pagina.locator("#requisiti-mancanti")
    expect(avviso).to_be_visible()
    assert "non risulta un requisito di ammissione" in avviso.inner_text()
    assert "Laurea coerente con l'incarico" in avviso.inner_text()
    assert "la commissione potrà escluderla" in avviso.inner_text()
    assert pagina.get_by_role("button", name="Invia", exact=True).is_enabled()

    pagina.context.clear_cookies()
    entra_come(pagina, portale, "Anna Gialli")
    pagina.goto(f"{portale}/procedure/{tutor}/valutazione/")
    riga = pagina.get_by_role("row").filter(has_text="Esposito Marco")
    assert "Requisito mancante" in riga.inner_text()
    riga.get_by_role("link", name=re.compile("^Escludi")).click()
    motivazione = pagina.get_by_label("Motivazione dell'esclusione")
    assert motivazione.input_value() == (
        "Manca il requisito di ammissione «Laurea coerente con l'incarico».")
    pagina.get_by_role("button", name="Conferma l'esclusione").click()
    pagina.wait_for_url(f"{portale}/procedure/{tutor}/valutazione/")
    expect(pagina.get_by_text(re.compile(r"Istanza prot\. \d+/\d+ esclusa\."))).to_be_visible()
    riga = pagina.get_by_role("row").filter(has_text="Esposito Marco")
    assert "Esclusa" in riga.inner_text() and "Requisito mancante" not in riga.inner_text()
    assert istanza


def test_motivazione_troppo_lunga_detta_non_tagliata_in_silenzio(portale, pagina, nel_portale):
    """A reason pasted beyond the 2,000 characters was cut by the browser without a word and
    published cut in the middle of a word: now the page says how much was left out."""
    pagina.context.grant_permissions(["clipboard-read", "clipboard-write"])
    entra_come(pagina, portale, "Anna Gialli")
    tutor = int(nel_portale("from procedure.models import ProceduraSelezione as P; print('ID', "
                            "P.objects.get(oggetto__startswith='Tutor dei percorsi PCTO').pk)").split("ID ")[1])
    pagina.goto(f"{portale}/procedure/{tutor}/valutazione/")
    riga = pagina.get_by_role("row").filter(
        has=pagina.get_by_role("link", name=re.compile("^Valuta"))).filter(
        has_not_text="Esposito Marco").first
    riga.get_by_role("link", name=re.compile("^Valuta")).click()
    pagina.wait_for_load_state()  # the deferred script listens for the paste: wait until it runs
    motivazione = pagina.get_by_label("Motivazione dell'esclusione")
    motivazione.fill("")
    pagina.evaluate("t => navigator.clipboard.writeText(t)", "Titolo non pertinente. " * 150)
    motivazione.focus()
    pagina.keyboard.press("Control+V")
    avviso = pagina.locator(".caratteri-rimasti")
    expect(avviso).to_contain_text("Il testo incollato non entra tutto: il massimo è di 2.000 "
                                   "caratteri e ne sono rimasti fuori 1.450.")
    assert len(motivazione.input_value()) == 2000
    motivazione.fill("Titolo non pertinente.")
    motivazione.press("End")
    pagina.keyboard.type("x")
    expect(avviso).to_have_text("")  # far from the limit: nothing to say
