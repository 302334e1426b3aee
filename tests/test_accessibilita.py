"""Accessibility in a real browser: axe-core on the public pages and on the key pages of the
candidate's and the DS's journeys (no violation of impact serious or critical), and the two
key forms used with the keyboard alone.

axe-core comes from npm (package.json, `npm ci` in `make setup`) and is injected from
node_modules: the portal never serves it.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidature.demo import pdf_minimo
from portale.tests.browser import CHROMIUM, entra_come

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
GRAVI = ("serious", "critical")


@pytest.fixture
def pagina_axe(portale, request):
    """A Chromium page whose context ignores the Content-Security-Policy.

    Why: Playwright's add_script_tag injects axe-core as an inline <script> (from a path it
    reads the file and inlines it), and the portal's CSP (`script-src 'self'`, no inline, no
    external host — portale/sicurezza.py) rightly blocks that. bypass_csp is set on this
    context only, for the axe checks; every other browser test runs under the real policy.
    """
    if not AXE.exists():
        pytest.fail("axe-core non installato: esegui `npm ci` (make setup)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        contesto = browser.new_context(viewport={"width": 1280, "height": 900}, locale="it-IT",
                                       bypass_csp=True)
        pagina = contesto.new_page()
        yield pagina
        if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
            cartella = Path(__file__).resolve().parents[1] / "test-results"
            cartella.mkdir(exist_ok=True)
            pagina.screenshot(path=str(cartella / f"{request.node.name}.png"), full_page=True)
        browser.close()


def violazioni(pagina, minori=None) -> list[str]:
    """axe-core on the page as it is now: the serious and critical violations, readable.
    The rule ids of the minor and moderate ones go to `minori` (reported, not failing)."""
    pagina.add_script_tag(path=str(AXE))
    risultato = pagina.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations'],
        rules: {'target-size': {enabled: true}}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary
                                     .replace(/\\s+/g, ' ').slice(0, 300))}));
    }""")
    if minori is not None:
        minori.update(v["id"] for v in risultato if v["impact"] not in GRAVI)
    return [f"{pagina.url}: [{v['impact']}] {v['id']} ({v['help']})\n      "
            + "\n      ".join(v["nodes"][:8])
            for v in risultato if v["impact"] in GRAVI]


class Raccolta:
    """Visit pages, run axe on each, collect the problems; fail once at the end."""

    def __init__(self, pagina):
        self.pagina, self.problemi, self.pagine, self.minori = pagina, [], [], set()

    def controlla(self, descrizione):
        self.pagina.wait_for_load_state("load")
        self.pagine.append(descrizione)
        self.problemi += [f"{descrizione} – {v}" for v in violazioni(self.pagina, self.minori)]

    def vai(self, url, descrizione):
        risposta = self.pagina.goto(url)
        assert risposta.ok, f"{descrizione}: {url} risponde {risposta.status}"
        self.controlla(descrizione)

    def verifica(self):
        print(f"\naxe-core su {len(self.pagine)} pagine: {', '.join(self.pagine)}; "
              f"regole minori/moderate violate (non bloccanti): {sorted(self.minori) or '-'}")
        assert not self.problemi, ("Violazioni di accessibilità gravi o critiche:\n  "
                                   + "\n  ".join(self.problemi))


def _href(pagina, selettore) -> str:
    return pagina.locator(selettore).first.get_attribute("href")


def _dettaglio_procedura(raccolta, portale, testo) -> str:
    """The address of a procedure's page, found as the staff find it: by searching (the
    concluded ones are in the «storico»)."""
    for storico in ("", "storico=1&"):
        raccolta.pagina.goto(f"{portale}/procedure/?{storico}q={testo.replace(' ', '+')}")
        link = raccolta.pagina.get_by_role("row").filter(has_text=testo).get_by_role(
            "link", name="Dettaglio")
        if link.count():
            return link.first.get_attribute("href")
    raise AssertionError(f"procedura «{testo}» non trovata")


def test_pagine_pubbliche(portale, pagina_axe):
    r = Raccolta(pagina_axe)
    r.vai(portale + "/", "home")
    r.vai(portale + "/avvisi/", "elenco avvisi")
    pagina_axe.get_by_role("link", name="Esperto di robotica educativa").first.click()
    r.controlla("dettaglio avviso")
    r.vai(portale + "/informazioni-utili/", "informazioni utili")
    r.vai(portale + "/strumenti/", "strumenti pubblici")
    r.vai(portale + "/accounts/login/", "accesso")
    r.vai(portale + "/trasparenza/RMIC8A7005/", "Amministrazione trasparente")
    r.vai(portale + "/accessibilita/", "dichiarazione di accessibilità")
    # a public ranking: its address from the candidate's page
    entra_come(pagina_axe, portale, "Alessia Ferrari")
    pagina_axe.goto(portale + "/candidature/")
    pagina_axe.get_by_role("row").filter(has_text="Esperto di coding").get_by_role(
        "link", name=re.compile("Esito e reclami")).click()
    r.controlla("esito e reclami (candidato)")
    esito = _href(pagina_axe, "a[href^='/esiti/']")
    pagina_axe.context.clear_cookies()
    r.vai(portale + esito, "graduatoria pubblica")
    r.verifica()


def test_percorso_del_candidato(portale, pagina_axe):
    r = Raccolta(pagina_axe)
    entra_come(pagina_axe, portale, "Marco Esposito")
    r.controlla("area riservata (candidato)")
    r.vai(portale + "/candidature/", "le mie candidature")
    pagina_axe.get_by_role("link", name=re.compile(
        "Completa la candidatura per Esperto di robotica educativa")).click()
    r.controlla("riepilogo della candidatura")  # the demo draft is complete: its summary
    pagina_axe.get_by_role("link", name="Candidatura", exact=True).click()
    r.controlla("presenta candidatura (modulo)")
    pagina_axe.goto(portale + "/candidature/")
    pagina_axe.get_by_role("link", name=re.compile("Dettaglio della candidatura")).first.click()
    r.controlla("dettaglio della candidatura")
    r.vai(portale + "/assistenza/apri/", "apri ticket (candidato)")
    r.vai(portale + "/area-riservata/notifiche/", "notifiche")
    r.verifica()


def test_profilo_del_candidato(portale, pagina_axe, tmp_path):
    """«Il mio profilo» (issue 17): the profile, its forms (with an error shown), a section,
    an entry's edit and delete pages, the two documents' pages."""
    r = Raccolta(pagina_axe)
    entra_come(pagina_axe, portale, "Alessia Ferrari")
    r.vai(portale + "/area-riservata/profilo/", "il mio profilo (vuoto)")
    r.vai(portale + "/area-riservata/profilo/contatti/", "profilo: contatti")
    pagina_axe.get_by_role("link", name="Il mio profilo").last.click()
    pagina_axe.get_by_role("link", name="Aggiungi: titoli di studio", exact=True).click()
    r.controlla("profilo: aggiungi titolo di studio")
    pagina_axe.get_by_label("Tipo di titolo").select_option("laurea_magistrale")
    pagina_axe.locator("#id_titolo").fill("Laurea in Lettere classiche")
    pagina_axe.get_by_label("Voto", exact=True).fill("105")
    pagina_axe.get_by_label("Voto massimo della scala").select_option("110")
    # Bootstrap Italia draws the box on the label: a forced click on the input itself did
    # not always toggle it on a loaded machine («Clicking the checkbox did not change its
    # state»); the label is what a person clicks
    pagina_axe.locator("label[for=id_lode]").click()
    expect(pagina_axe.get_by_label("Con lode")).to_be_checked()
    pagina_axe.get_by_role("button", name="Salva").click()
    expect(pagina_axe.get_by_text("La lode si dichiara solo con 110.")).to_be_visible()
    r.controlla("profilo: titolo di studio con errore")
    pagina_axe.locator("label[for=id_lode]").click()
    expect(pagina_axe.get_by_label("Con lode")).not_to_be_checked()
    pagina_axe.get_by_role("button", name="Salva").click()
    r.controlla("profilo: sezione titoli di studio")
    pagina_axe.get_by_role("link", name="Modifica: Laurea magistrale", exact=False).click()
    r.controlla("profilo: modifica voce")
    pagina_axe.goto(portale + "/area-riservata/profilo/")
    r.controlla("il mio profilo (con voci)")
    pagina_axe.get_by_role("link", name="Elimina: Laurea magistrale", exact=False).click()
    r.controlla("profilo: conferma eliminazione")
    pagina_axe.get_by_role("button", name="Elimina").click()  # Alessia's profile left empty
    r.vai(portale + "/area-riservata/profilo/curriculum/", "profilo: curriculum")
    r.vai(portale + "/area-riservata/profilo/documento-identita/", "profilo: documento d'identità")
    identita = tmp_path / "ci.pdf"
    identita.write_bytes(pdf_minimo("Carta d'identità"))
    pagina_axe.get_by_label("Documento d'identità (PDF, JPEG o PNG)").set_input_files(str(identita))
    pagina_axe.get_by_role("button", name="Salva").click()
    pagina_axe.get_by_role("link", name="Elimina il documento d'identità").click()
    r.controlla("profilo: conferma eliminazione del documento")
    pagina_axe.get_by_role("button", name="Elimina").click()
    r.verifica()


def test_percorso_del_ds(portale, pagina_axe):
    r = Raccolta(pagina_axe)
    entra_come(pagina_axe, portale, "Maria Rossi")
    r.controlla("area riservata (DS)")
    r.vai(portale + "/procedure/", "procedure di selezione")
    r.vai(portale + "/procedure/?q=rete+LAN", "procedure di selezione (ricerca)")
    dettaglio = _href(pagina_axe, "a[href^='/procedure/']:has-text('Dettaglio')")
    r.vai(portale + dettaglio, "dettaglio procedura (chiusa)")
    r.vai(portale + dettaglio + "criteri/", "criteri di valutazione")
    r.vai(portale + dettaglio + "informazioni/", "informazioni generali")
    r.vai(portale + dettaglio + "istanze/", "gestione istanze")
    istanza = _href(pagina_axe, "a[href*='/istanze/']:has-text('Dettaglio')")
    r.vai(portale + istanza, "dettaglio istanza")
    r.vai(portale + istanza + "istruttoria/", "richiedi istruttoria")
    r.vai(portale + dettaglio + "istanze/monitoraggio/", "monitoraggio")
    bozza = _dettaglio_procedura(r, portale, "teatro in lingua inglese")
    r.vai(portale + bozza + "funzionalita/", "funzionalità (bozza)")
    r.vai(portale + bozza + "criteri/", "criteri (bozza)")
    r.vai(portale + bozza + "simula/", "simula il modulo")
    # valutazione and graduatorie
    coding = _dettaglio_procedura(r, portale, "coding")
    r.vai(portale + coding + "commissione/", "commissione")
    r.vai(portale + coding + "valutazione/", "valutazione delle istanze")
    r.vai(portale + coding + "graduatoria/", "graduatoria (personale)")
    fotografia = _dettaglio_procedura(r, portale, "fotografia")
    r.vai(portale + fotografia + "interpello/", "interpello")
    r.vai(portale + "/rilevazione-fabbisogno/schede/", "schede progettuali")
    r.vai(portale + _href(pagina_axe, "main a[href^='/rilevazione-fabbisogno/schede/']"
                                      ":not([href$='nuova/'])"), "dettaglio scheda")
    r.vai(portale + "/rilevazione-fabbisogno/schede/nuova/", "nuova scheda progettuale")
    r.vai(portale + "/incarichi/", "incarichi")
    r.vai(portale + _href(pagina_axe, "main a[href^='/incarichi/']:not([href*='cruscotto'])"
                                      ":not([href*='trasparenza'])"), "dettaglio incarico")
    r.vai(portale + "/procedure/nuova/", "nuova procedura")
    r.vai(portale + "/assistenza/", "monitoraggio ticket")
    r.vai(portale + "/assistenza/apri/", "apri ticket")
    ticket = pagina_axe.locator("a[href^='/assistenza/ticket/']")
    if ticket.count():
        r.vai(portale + ticket.first.get_attribute("href"), "dettaglio ticket")
    r.vai(portale + "/strumenti/", "strumenti (DS)")
    r.vai(portale + "/gestione/personale/", "personale e ruoli")
    r.vai(portale + "/gestione/personale/assegna/", "assegna un ruolo (con la conferma)")
    r.vai(portale + "/incarichi/trasparenza/", "trasparenza degli incarichi (con la conferma)")
    r.vai(portale + "/incarichi/cruscotto/", "spesa e budget degli incarichi")
    r.vai(portale + "/commissioni/", "le mie commissioni (nessuna nomina)")
    r.verifica()


def test_supporto_ticket(portale, pagina_axe):
    r = Raccolta(pagina_axe)
    entra_come(pagina_axe, portale, "Laura Marini")
    r.vai(portale + "/assistenza/coda/", "coda del supporto")
    r.vai(portale + _href(pagina_axe, "a[href^='/assistenza/ticket/']"),
          "dettaglio ticket (supporto)")
    r.vai(portale + "/assistenza/report/", "report dei tempi")
    r.verifica()


# ---------------------------------------------------------------------------------------------
# Keyboard only
# ---------------------------------------------------------------------------------------------
ATTIVO = """() => { const e = document.activeElement;
    return e ? (e.id || e.name || e.tagName + ':' + (e.textContent || '').trim().slice(0, 40))
             : null; }"""


def _campi(pagina, form) -> list[str]:
    """The ids of the form's fields a person fills in (visible, enabled); those folded in a
    closed <details> (a title that does not count for the chosen category) are reached by
    opening its <summary>, which Tab reaches like any other control."""
    return pagina.evaluate("""(form) => Array.from(form.querySelectorAll(
        'input:not([type=hidden]), select, textarea')).filter(e => !e.disabled &&
        !e.closest('details:not([open])') &&
        (e.offsetParent !== null || e.type === 'file' || e.type === 'checkbox' ||
         e.type === 'radio')).map(e => e.id)""", form.element_handle())


def _tab_fino_a(pagina, id_campo, massimo=400, percorso=None):
    for _ in range(massimo):
        pagina.keyboard.press("Tab")
        attivo = pagina.evaluate(ATTIVO)
        if percorso is not None:
            percorso.append(attivo)
        if attivo == id_campo:
            return
    raise AssertionError(f"#{id_campo} non si raggiunge con Tab")


def _percorri(pagina, form):
    """Tab from the top of the page through the whole form and past it: every field is
    reached, and the focus leaves the form (no trap)."""
    campi = _campi(pagina, form)
    assert campi, "il modulo non ha campi"
    pagina.locator("body").focus()
    pagina.evaluate("() => document.activeElement && document.activeElement.blur()")
    percorso = []
    for _ in range(500):
        pagina.keyboard.press("Tab")
        percorso.append(pagina.evaluate(ATTIVO))
        if set(campi) <= set(percorso):
            break
    mancanti = [c for c in campi if c not in percorso]
    assert not mancanti, f"campi non raggiungibili con Tab: {mancanti}"
    # no focus trap: going on, the focus leaves the form
    for _ in range(300):
        pagina.keyboard.press("Tab")
        if not pagina.evaluate("(f) => f.contains(document.activeElement)",
                               form.element_handle()):
            return campi
    raise AssertionError("il focus resta intrappolato nel modulo")


def test_modulo_di_candidatura_solo_tastiera(portale, pagina, tmp_path):
    curriculum = tmp_path / "curriculum.pdf"
    curriculum.write_bytes(pdf_minimo("Curriculum vitae di Anna Gialli"))
    identita = tmp_path / "documento.pdf"
    identita.write_bytes(pdf_minimo("Carta di identita"))
    entra_come(pagina, portale, "Anna Gialli")  # a referente of another school applies
    pagina.goto(portale + "/avvisi/")
    pagina.get_by_role("link", name="Esperto di robotica educativa").first.click()
    pagina.get_by_role("link", name="Presenta candidatura").click()

    def scegli(scelta):
        """The operating system's file dialog, answered: the CV, or the identity document."""
        etichetta = scelta.element.evaluate("e => e.labels[0].textContent.toLowerCase()")
        scelta.set_files(str(curriculum if "curriculum" in etichetta else identita))

    pagina.on("filechooser", scegli)  # registered early: the chooser is intercepted from now

    # the form in steps (issue 17): every step filled from the keyboard, «Avanti» with Enter
    for numero in range(1, 6):
        expect(pagina.get_by_role("heading", name=re.compile(f"^Passo {numero} di 6"))).to_be_visible()
        form = pagina.locator("form:has(button:has-text('Salva bozza'))")
        campi = _percorri(pagina, form)
        pagina.evaluate("() => document.activeElement && document.activeElement.blur()")
        visti = set()
        for _ in range(600):
            pagina.keyboard.press("Tab")
            info = pagina.evaluate("""() => { const e = document.activeElement;
                return {id: e.id, tag: e.tagName.toLowerCase(), type: e.type || '',
                        name: e.name || '', value: e.value || '', checked: !!e.checked,
                        required: !!e.required, inForm: !!e.form,
                        numerico: e.inputMode === 'numeric'}; }""")
            if info["id"] not in campi or info["id"] in visti:
                if visti >= set(campi):
                    break
                continue
            visti.add(info["id"])
            if info["type"] == "file":
                if "allegato" in info["name"]:
                    pagina.keyboard.press("Space")  # opens the file chooser, answered by scegli()
                    pagina.wait_for_function("(id) => document.getElementById(id).files.length > 0",
                                             arg=info["id"])
            elif info["type"] == "checkbox":
                if not info["checked"] and (info["required"] or info["name"].startswith(
                        ("dichiara", "presa_visione"))):
                    pagina.keyboard.press("Space")
            elif info["type"] == "radio":
                if not info["checked"]:
                    pagina.keyboard.press("Space")
            elif info["tag"] == "select":
                if not info["value"]:
                    pagina.keyboard.press("ArrowDown")
            elif (info["type"] in ("text", "email", "tel", "number", "")
                  or info["tag"] == "textarea") and not info["value"]:
                # a whole number is a text field with the numeric keypad (InteroInItaliano)
                pagina.keyboard.type("110" if info["numerico"] else
                                         "3331234567" if info["type"] == "tel" else
                                         "anna.gialli@example.it" if info["type"] == "email" else
                                         "Laurea in informatica, Università di Pisa, 2018")
        assert visti >= set(campi)
        if numero == 1:  # submit from the keyboard: Tab to «Salva bozza» and press Enter
            pagina.get_by_role("button", name="Salva bozza").focus()
            pagina.keyboard.press("Enter")
            expect(pagina.get_by_text("Bozza salvata")).to_be_visible()
        if numero < 5:
            pagina.get_by_role("button", name="Avanti").focus()
            pagina.keyboard.press("Enter")
    pagina.get_by_role("button", name="Avanti").focus()
    pagina.keyboard.press("Space")
    expect(pagina.get_by_text("Punteggio dalle tue dichiarazioni")).to_be_visible()
    # nothing is missing: every required field was filled from the keyboard
    expect(pagina.get_by_text("Prima di inviare completa")).to_have_count(0)


def test_richiedi_istruttoria_solo_tastiera(portale, pagina):
    entra_come(pagina, portale, "Lucia Verdi")
    pagina.goto(portale + "/procedure/?q=rete+LAN")
    pagina.get_by_role("row").filter(has_text="Progettista della rete LAN").get_by_role(
        "link", name="Dettaglio").click()
    pagina.get_by_role("link", name="Gestione istanze").click()
    pagina.get_by_role("link", name="Dettaglio dell'istanza di Francesca Longo").click()
    pagina.get_by_role("link", name="Richiedi istruttoria").click()
    form = pagina.locator("form:has(button:has-text('Conferma: invia la richiesta'))")
    campi = _percorri(pagina, form)
    assert len(campi) >= 2

    indirizzo = pagina.url
    quando = timezone.localtime() + timedelta(days=5)
    # a datetime-local field is typed segment by segment, in the order of Chromium's own
    # locale (month first in the default build, day first in an Italian one): try both
    for ordine in ("%m%d%Y", "%d%m%Y"):
        pagina.goto(indirizzo)
        messaggio = pagina.get_by_label("Che cosa deve integrare il candidato").get_attribute("id")
        scadenza = pagina.get_by_label("Rispondere entro").get_attribute("id")
        _tab_fino_a(pagina, messaggio)
        pagina.keyboard.type("Inviare copia firmata del curriculum.")
        _tab_fino_a(pagina, scadenza)
        pagina.keyboard.type(quando.strftime(ordine))  # each segment advances to the next
        pagina.keyboard.press("Tab")  # Tab moves to the time segments of the same field
        pagina.keyboard.type("1030")
        pagina.keyboard.type("A")  # AM in a 12-hour locale; ignored in a 24-hour one
        if pagina.locator(f"#{scadenza}").input_value() == quando.strftime("%Y-%m-%dT10:30"):
            break
    assert pagina.locator(f"#{scadenza}").input_value() == quando.strftime("%Y-%m-%dT10:30")
    pagina.keyboard.press("Tab")
    attivo = pagina.evaluate(ATTIVO)
    for _ in range(10):
        if "Conferma" in attivo:
            break
        pagina.keyboard.press("Tab")
        attivo = pagina.evaluate(ATTIVO)
    assert "Conferma" in attivo, attivo
    pagina.keyboard.press("Enter")
    expect(pagina.get_by_text("Richiesta di integrazione inviata")).to_be_visible()


def test_importo_della_scheda_scritto_in_italiano(portale, pagina):
    """The live amount of a new scheda is written as the server writes amounts: 1.021,79 €,
    with the thousands point (Italian leaves four-digit numbers ungrouped by default)."""
    entra_come(pagina, portale, "Maria Rossi")
    pagina.goto(portale + "/rilevazione-fabbisogno/schede/nuova/")
    pagina.locator("[name=ore_previste]").fill("100")
    pagina.locator("[name=tariffa]").select_option(index=1)
    expect(pagina.locator("#importo-lordo-dipendente")).to_have_text(
        re.compile(r"^\d{1,3}(\.\d{3})+,\d{2}\s€$"))
    expect(pagina.locator("#importo-lordo-stato")).to_have_text(
        re.compile(r"^\d{1,3}(\.\d{3})+,\d{2}\s€$"))
    expect(pagina.locator("#importo-etichetta")).to_have_text("Lordo dipendente")
    # an external expert's rate typed in: omnicomprensivo, no lordo stato
    pagina.locator("[name=tariffa_manuale]").fill("45")
    expect(pagina.locator("#importo-etichetta")).to_have_text("Lordo omnicomprensivo")
    expect(pagina.locator("#importo-lordo-dipendente")).to_have_text(
        re.compile(r"^4\.500,00\s€$"))
    expect(pagina.locator("#importo-lordo-stato")).to_have_text(
        "non applicabile (compenso omnicomprensivo)")
    # typed the Italian way, read as the server reads it; a slip asks for a second look
    pagina.locator("[name=tariffa_manuale]").fill("70,50")
    expect(pagina.locator("#importo-lordo-dipendente")).to_have_text(re.compile(r"^7\.050,00\s€$"))
    expect(pagina.locator("#importo-avvertenza")).to_be_hidden()
    pagina.locator("[name=tariffa_manuale]").fill("7050")
    expect(pagina.locator("#importo-lordo-dipendente")).to_have_text(
        re.compile(r"^705\.000,00\s€$"))
    expect(pagina.locator("#importo-avvertenza")).to_contain_text(
        "Il compenso orario inserito è 7.050,00 € l'ora, oltre 100,00 €: controlla la cifra")
