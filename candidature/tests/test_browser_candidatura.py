"""The candidate's journey in a real browser, on a phone (390 px): the application in steps
(issue 17) from «Le mie candidature» to the ricevuta, then «Ritira» and a new application
that starts from the withdrawn one. Every step is also looked at 1366 px wide; screenshots
in test-results/passi/."""

import io
import re
import time

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from candidature.demo import pdf_minimo
from portale.tests.browser import RADICE, apri_conferma, entra_come, guarda, spunta

pytestmark = pytest.mark.browser

TELEFONO = (390, 844)
CARTELLA = RADICE / "test-results" / "passi"


def _inizi_a_riposo(a, b, entro=5.0) -> tuple[float, float]:
    """The left edges of two elements once the layout has settled: measured while the page was
    still laying out (a loaded machine), the field read 8 px and the button 80 px."""
    fine = time.monotonic() + entro
    while True:
        xa, xb = a.bounding_box()["x"], b.bounding_box()["x"]
        if xa == xb or time.monotonic() > fine:
            return xa, xb
        time.sleep(0.1)


def _guarda(pagina, nome):
    guarda(pagina, nome, CARTELLA)


def _richieste_del_portale(pagina, portale) -> list:
    """The requests the page sends to the portal's views (static files apart), as they go."""
    inviate = []
    pagina.on("request", lambda r: inviate.append((r.method, r.url.removeprefix(portale)))
              if r.url.startswith(portale) and "/static/" not in r.url else None)
    return inviate


def _contrasto(primo: str, secondo: str) -> float:
    """WCAG contrast ratio of two CSS colours «rgb(r, g, b)»."""
    def luminanza(colore):
        canali = [int(c) / 255 for c in re.findall(r"\d+", colore)[:3]]
        lineari = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in canali]
        return 0.2126 * lineari[0] + 0.7152 * lineari[1] + 0.0722 * lineari[2]
    chiaro, scuro = sorted((luminanza(primo), luminanza(secondo)), reverse=True)
    return (chiaro + 0.05) / (scuro + 0.05)


def test_candidato_compila_i_passi_invia_ritira_e_riparte(portale, pagina, tmp_path):
    curriculum = tmp_path / "curriculum.pdf"
    curriculum.write_bytes(pdf_minimo("Curriculum vitae di Marco Esposito"))
    falso = tmp_path / "falso.pdf"
    falso.write_bytes(b"MZ questo e un eseguibile")

    entra_come(pagina, portale, "Marco Esposito")
    pagina.set_viewport_size({"width": TELEFONO[0], "height": TELEFONO[1]})
    pagina.goto(portale + "/candidature/")
    pagina.get_by_role("link", name=re.compile(
        "Completa la candidatura per Esperto di robotica educativa")).click()
    # the demo draft has everything «Invia» asks for: it resumes at the summary
    expect(pagina.get_by_role("heading", name="Riepilogo della candidatura")).to_be_visible()
    pagina.get_by_role("link", name="Candidatura", exact=True).click()

    # 1. Dati e contatti: the identity is read-only, the contacts are the candidate's
    expect(pagina.get_by_role("heading", name="Passo 1 di 6: Dati e contatti")).to_be_visible()
    expect(pagina.get_by_text("ESPMRC88R03L736K")).to_be_visible()
    expect(pagina.get_by_text("1/6")).to_be_visible()  # the step indicator on a phone
    pagina.get_by_label("Telefono").fill("3351112233")
    # the buttons start where the fields start (no empty slot for the missing «Indietro»)
    pulsante, campo = _inizi_a_riposo(pagina.get_by_role("button", name="Salva bozza"),
                                      pagina.get_by_label("Telefono"))
    assert pulsante == campo
    _guarda(pagina, "1-dati")
    inviate = _richieste_del_portale(pagina, portale)
    pagina.get_by_role("button", name="Avanti").click()

    # 2. Categoria e requisiti: with JavaScript one request a step (htmx), the page's address
    # is the step's, the keyboard and the screen reader go on from the step's title
    expect(pagina.get_by_role("heading", name="Passo 2 di 6: Categoria e requisiti")).to_be_visible()
    expect(pagina).to_have_url(re.compile(r"/candidatura/passi/categoria/$"))
    assert [metodo for metodo, _ in inviate] == ["POST"], inviate
    assert inviate[0][1].endswith("/candidatura/passi/dati/")
    expect(pagina.locator("#titolo-passo")).to_be_focused()
    expect(pagina).to_have_title(re.compile("^Categoria e requisiti – Candidatura"))
    assert pagina.get_by_label("Partecipo come").input_value() == "privato"
    _guarda(pagina, "2-categoria")
    pagina.get_by_role("button", name="Avanti").click()

    # 3. Titoli valutabili: one card per criterion; «Salva bozza» gives the points now
    laurea = pagina.get_by_role("group", name=re.compile("^Laurea vecchio ordinamento"))
    laurea.get_by_label(re.compile("voto su 110", re.IGNORECASE)).fill("110")
    spunta(laurea.get_by_label(re.compile("con lode")))  # the label covers the box
    pagina.get_by_role("button", name="Salva bozza").click()
    expect(pagina.get_by_text("Bozza salvata")).to_be_visible()
    laurea = pagina.get_by_role("group", name=re.compile("^Laurea vecchio ordinamento"))
    expect(laurea.get_by_text("Con i dati salvati: 20 punti")).to_be_visible()
    _guarda(pagina, "3-titoli")
    pagina.get_by_role("button", name="Avanti").click()

    # 4. Allegati: a fake file is refused in Italian, on the same step
    expect(pagina.get_by_role("heading", name="Passo 4 di 6: Allegati")).to_be_visible()
    expect(pagina.get_by_text("Già caricato:").first).to_be_visible()
    pagina.get_by_label("Curriculum vitae in formato europeo").set_input_files(str(falso))
    pagina.get_by_role("button", name="Avanti").click()
    expect(pagina.get_by_text("non è un PDF valido").first).to_be_visible()
    expect(pagina.get_by_role("heading", name="Passo 4 di 6: Allegati")).to_be_visible()
    pagina.get_by_label("Curriculum vitae in formato europeo").set_input_files(str(curriculum))
    _guarda(pagina, "4-allegati")
    pagina.get_by_role("button", name="Avanti").click()
    expect(pagina.get_by_role("heading", name="Passo 5 di 6: Dichiarazioni")).to_be_visible()
    pagina.get_by_role("button", name="Indietro").click()  # back and forth: the file stays
    expect(pagina.get_by_role("link", name="curriculum.pdf")).to_be_visible()
    pagina.go_back()  # the browser's Back: the step before, from the server
    expect(pagina.get_by_role("heading", name="Passo 5 di 6: Dichiarazioni")).to_be_visible()

    # 5. Dichiarazioni (DPR 445/2000)
    for casella in pagina.get_by_role("checkbox").all():
        spunta(casella)
    _guarda(pagina, "5-dichiarazioni")
    pagina.get_by_role("button", name="Avanti").click()

    # 6. Riepilogo e invio: every line with its points, on one screen
    expect(pagina.get_by_role("heading", name="Riepilogo della candidatura")).to_be_visible()
    expect(pagina).to_have_url(re.compile(r"/candidatura/riepilogo/$"))
    expect(pagina.get_by_text("110/110 e lode")).to_be_visible()
    expect(pagina.get_by_text("Totale dichiarato")).to_be_visible()
    _guarda(pagina, "6-riepilogo")
    # «Invia» asks first; «Annulla» leaves the draft as it is
    apri_conferma(pagina, pagina.get_by_role("button", name="Invia", exact=True))
    dialogo = pagina.get_by_role("dialog", name="Confermi l'invio?")
    expect(dialogo).to_be_visible()
    _guarda(pagina, "6b-conferma-invio")
    dialogo.get_by_role("button", name="Annulla").click()
    expect(dialogo).to_be_hidden()
    expect(pagina).to_have_url(re.compile(r"/candidatura/riepilogo/$"))
    assert not pagina.get_by_text("Candidatura ricevuta").count()
    pagina.get_by_role("button", name="Invia", exact=True).click()
    pagina.get_by_role("button", name="Invia la candidatura").click()
    expect(pagina.get_by_text("Candidatura ricevuta")).to_be_visible()
    # the protocol said once, as the receipt says it («Protocollo … Prot. n.» before)
    expect(pagina.get_by_text(re.compile(r"^Registrata con [A-Z0-9]+ - Prot\. n\. \d{7}/\d{4} del \d\d/\d\d/\d{4}$"))
           ).to_be_visible()
    _guarda(pagina, "7-inviata")
    indirizzo = pagina.get_by_role("link", name="Scarica la ricevuta (PDF)").get_attribute("href")
    ricevuta = pagina.request.get(portale + indirizzo)
    assert ricevuta.ok
    testo = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(ricevuta.body())).pages)
                    .split())
    assert "110/110elode" in testo and "Totaledichiarato" in testo and "curriculum.pdf" in testo

    # «Ritira», then a new application that starts from the withdrawn one
    pagina.get_by_role("button", name="Ritira la candidatura").click()
    pagina.get_by_role("dialog").get_by_role("button", name="Ritira").click()
    expect(pagina.get_by_text("Candidatura ritirata.")).to_be_visible()
    nuova = pagina.get_by_role("link", name="Presenta una nuova candidatura")
    # the way forward is readable: in a callout Bootstrap Italia paints every link blue, the
    # button's text too, blue on blue
    testo, sfondo = nuova.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert _contrasto(testo, sfondo) >= 4.5, (testo, sfondo)
    nuova.click()
    expect(pagina.get_by_text("riparte da quella ritirata")).to_be_visible()
    assert pagina.get_by_label("Telefono").input_value() == "3351112233"
    for numero in (2, 3, 4):
        pagina.get_by_role("button", name="Avanti").click()
        expect(pagina.get_by_role("heading", name=re.compile(f"^Passo {numero} di 6"))).to_be_visible()
    expect(pagina.get_by_role("link", name="curriculum.pdf")).to_be_visible()

    # Without JavaScript the same form posts and follows the redirect: two requests a step
    contesto = pagina.context.browser.new_context(
        java_script_enabled=False, storage_state=pagina.context.storage_state(),
        viewport={"width": TELEFONO[0], "height": TELEFONO[1]}, locale="it-IT")
    senza_script = contesto.new_page()
    senza_script.goto(pagina.url.split("/candidatura/")[0] + "/candidatura/")
    expect(senza_script.get_by_role("heading", name="Passo 1 di 6: Dati e contatti")).to_be_visible()
    inviate = _richieste_del_portale(senza_script, portale)
    senza_script.get_by_role("button", name="Avanti").click()
    expect(senza_script.get_by_role("heading", name="Passo 2 di 6: Categoria e requisiti")
           ).to_be_visible()
    expect(senza_script).to_have_url(re.compile(r"/candidatura/passi/categoria/$"))
    assert [metodo for metodo, _ in inviate] == ["POST", "GET"], inviate
    contesto.close()


def _primo_passo_della_bozza(pagina, portale):
    """Marco Esposito's draft for «Esperto di robotica educativa», at its first step, whatever
    the test before left in it."""
    entra_come(pagina, portale, "Marco Esposito")
    pagina.goto(portale + "/candidature/")
    completa = pagina.get_by_role("link", name=re.compile(
        "Completa la candidatura per Esperto di robotica educativa"))
    pagina.goto(portale + completa.get_attribute("href").split("?")[0])
    expect(pagina.get_by_role("heading", name="Passo 1 di 6: Dati e contatti")).to_be_visible()


def test_lasciare_un_passo_con_modifiche_non_inviate_chiede_conferma(portale, pagina):
    _primo_passo_della_bozza(pagina, portale)
    avviso = pagina.get_by_role("link", name=re.compile(r"^Avviso n\. \d+$"))

    pagina.get_by_label("Telefono").press_sequentially("9")  # typed, as a person does
    dialoghi = []
    pagina.once("dialog", lambda d: (dialoghi.append(d.type), d.dismiss()))
    avviso.click()
    expect(pagina.get_by_role("heading", name="Passo 1 di 6: Dati e contatti")).to_be_visible()
    assert dialoghi == ["beforeunload"]  # the person chose to stay: the page and its data too

    # «Avanti» saves: on the next step, leaving asks nothing
    pagina.get_by_label("Telefono").fill("0612345678")
    pagina.get_by_role("button", name="Avanti").click()
    expect(pagina.get_by_role("heading", name="Passo 2 di 6: Categoria e requisiti")).to_be_visible()
    pagina.on("dialog", lambda d: dialoghi.append(d.type))
    avviso.click()
    expect(pagina).to_have_url(re.compile(r"/avvisi/\d+/$"))
    assert dialoghi == ["beforeunload"]


def test_l_indicatore_dei_passi_porta_a_ogni_passo_salvando(portale, pagina):
    """«puoi andare avanti e indietro tra i passi», but the six steps were plain text: fixing
    step 1 from step 5 took four «Indietro». Each step of the indicator is now a button of the
    step's form: it saves what was typed and opens that step (with htmx, one request)."""
    pagina.set_viewport_size({"width": 1366, "height": 900})
    _primo_passo_della_bozza(pagina, portale)
    pagina.get_by_label("Telefono").fill("0698765432")
    indicatore = pagina.locator(".steppers-header")
    expect(indicatore.get_by_role("button")).to_have_count(5)  # every step but the current one
    indicatore.get_by_role("button", name=re.compile("Dichiarazioni")).click()
    expect(pagina.get_by_role("heading", name="Passo 5 di 6: Dichiarazioni")).to_be_visible()
    expect(pagina).to_have_url(re.compile(r"/candidatura/passi/dichiarazioni/$"))
    pagina.locator(".steppers-header").get_by_role("button", name=re.compile("Dati e contatti")).click()
    expect(pagina.get_by_role("heading", name="Passo 1 di 6: Dati e contatti")).to_be_visible()
    expect(pagina.get_by_label("Telefono")).to_have_value("0698765432")  # saved on the way
    pagina.locator(".steppers-header").get_by_role("button", name=re.compile("Riepilogo")).click()
    expect(pagina.get_by_role("heading", name=re.compile("Riepilogo"))).to_be_visible()
    # on the summary the steps are links to them
    pagina.locator(".steppers-header").get_by_role("link", name=re.compile("Titoli valutabili")).click()
    expect(pagina.get_by_role("heading", name="Passo 3 di 6: Titoli valutabili")).to_be_visible()
