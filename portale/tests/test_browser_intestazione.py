"""Issue #14 in Chromium: the staff menu on one line at 1366 px and in the offcanvas at 390 px,
no page wider than the window, Titillium Web really loaded, no failed request."""

import re

import pytest
from playwright.sync_api import expect

from .browser import entra_come

pytestmark = pytest.mark.browser

LARGHEZZA_IN_ECCESSO = "document.documentElement.scrollWidth - window.innerWidth"
CARATTERE_CARICATO = """async () => { await document.fonts.ready;
  return [...document.fonts].some(f => f.family.replace(/["']/g, '') === 'Titillium Web'
                                        && f.status === 'loaded'); }"""
AREE = ["Area riservata", "Rilevazione del fabbisogno", "Procedure di selezione", "Incarichi",
        "Strumenti", "Assistenza"]


def _nessun_errore(pagina):
    errori = []
    pagina.on("console", lambda m: errori.append(m.text) if m.type == "error" else None)
    pagina.on("requestfailed", lambda r: errori.append(f"{r.url}: {r.failure}"))
    pagina.on("response", lambda r: errori.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return errori


# the text of the visible charts as drawn: the SVG's font size times its scale on the screen
TESTI_DEI_GRAFICI = """() => [...document.querySelectorAll('svg text')]
  .filter(t => t.getBoundingClientRect().width > 0)
  .map(t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))"""


def _grafici_leggibili(pagina, portale):
    """The monitoraggio's charts were drawn 720 units wide and shown ~640 px: words of 9 px."""
    pagina.goto(portale + "/procedure/3/istanze/monitoraggio/")
    dimensioni = pagina.evaluate(TESTI_DEI_GRAFICI)
    assert dimensioni and min(dimensioni) >= 12, (pagina.viewport_size, sorted(dimensioni)[:3])


def _controlla(pagina, portale, indirizzo):
    pagina.goto(portale + indirizzo)
    assert pagina.evaluate(LARGHEZZA_IN_ECCESSO) <= 0, (indirizzo, pagina.viewport_size)


def test_menu_del_personale_e_caratteri(portale, pagina):
    errori = _nessun_errore(pagina)
    pagina.set_viewport_size({"width": 1366, "height": 768})
    entra_come(pagina, portale, "Maria Rossi")
    menu = pagina.get_by_role("navigation", name="Navigazione principale")
    for indirizzo in ("/area-riservata/", "/incarichi/", "/assistenza/", "/procedure/",
                      "/procedure/3/istanze/monitoraggio/"):
        _controlla(pagina, portale, indirizzo)
    # one line: every area visible at the same height
    alture = {round(menu.get_by_role("button", name=a).bounding_box()["y"]) for a in AREE}
    assert len(alture) == 1
    # on an office page of the candidature app the active area is «Procedure di selezione»
    expect(menu.locator(".nav-link.active")).to_have_text("Procedure di selezione")

    _grafici_leggibili(pagina, portale)

    # the font of Bootstrap Italia, self-hosted
    famiglia = pagina.evaluate("getComputedStyle(document.body).fontFamily")
    assert famiglia.startswith('"Titillium Web"')
    assert pagina.evaluate(CARATTERE_CARICATO)
    assert pagina.evaluate("""document.fonts.check('16px "Titillium Web"')""")

    # keyboard: open an area, go down to its first entry, follow it
    menu.get_by_role("button", name="Incarichi", exact=True).focus()
    pagina.keyboard.press("Enter")
    pagina.keyboard.press("ArrowDown")
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.url == portale + "/incarichi/"

    # a phone: the role switcher keeps «Cambia» and «Esci» on screen; the menu in the offcanvas
    pagina.set_viewport_size({"width": 390, "height": 844})
    for indirizzo in ("/area-riservata/", "/procedure/", "/procedure/3/", "/incarichi/"):
        _controlla(pagina, portale, indirizzo)
    _grafici_leggibili(pagina, portale)
    for bottone in ("Cambia", "Esci"):
        riquadro = pagina.get_by_role("button", name=bottone).bounding_box()
        assert riquadro["x"] >= 0 and riquadro["x"] + riquadro["width"] <= 390, bottone
    # ... and shows the chosen role whole («IC Leonardo da Vinci – Dirigent» beside «Cambia»)
    assert pagina.evaluate(SPAZIO_PER_LA_SCELTA) >= 0
    pagina.get_by_role("button", name="Mostra o nascondi il menu").click()
    menu.get_by_role("button", name="Procedure di selezione").click()
    menu.get_by_role("link", name="Gestione procedure di selezione").click()
    pagina.wait_for_url(portale + "/procedure/")
    assert errori == []


# every width where the menu is shown expanded (Bootstrap Italia's lg breakpoint and up)
LARGHEZZE_DEL_MENU = (992, 1100, 1200, 1280, 1366, 1920)
VOCI_DEL_CANDIDATO = ["Home", "Avvisi", "Cruscotto", "Le mie candidature", "I miei incarichi",
                      "Il mio profilo", "Notifiche", "Strumenti", "Assistenza"]


@pytest.mark.parametrize(("persona", "voci"), [("Giuseppe Bianchi", AREE),
                                               ("Alessia Ferrari", VOCI_DEL_CANDIDATO)])
def test_il_menu_su_una_riga_a_ogni_larghezza(portale, pagina, persona, voci):
    """From 992 px the menu is a row: the candidate's nine entries and the staff's six areas
    stayed on one line only from 1200 and 1366 px, and widened the page below (1.244 px of
    page at 992)."""
    entra_come(pagina, portale, persona)
    menu = pagina.get_by_role("navigation", name="Navigazione principale")
    for larghezza in LARGHEZZE_DEL_MENU:
        pagina.set_viewport_size({"width": larghezza, "height": 768})
        assert pagina.evaluate(LARGHEZZA_IN_ECCESSO) <= 0, larghezza
        voci_viste = [menu.locator(".navbar-nav > li > .nav-link").nth(n)
                      for n in range(len(voci))]
        expect(menu.locator(".navbar-nav > li > .nav-link")).to_have_count(len(voci))
        riquadri = [v.bounding_box() for v in voci_viste]
        assert len({round(r["y"]) for r in riquadri}) == 1, larghezza
        assert max(r["x"] + r["width"] for r in riquadri) <= larghezza, larghezza
    expect(menu.locator(".navbar-nav > li > .nav-link")).to_have_text(
        [re.compile(rf"^\s*{re.escape(v)}") for v in voci])


# what the role switcher's select has left for its text, minus what the chosen option needs
SPAZIO_PER_LA_SCELTA = """() => { const s = document.getElementById('membership-attiva');
  const cs = getComputedStyle(s), c = document.createElement('canvas').getContext('2d');
  c.font = cs.font;
  return s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
         - c.measureText(s.selectedOptions[0].text).width; }"""
IN_CIMA = """([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.textContent.trim()"""


def test_esci_raggiungibile_con_il_cambio_di_ruolo_a_ogni_larghezza(portale, pagina):
    """A DS with two roles (a reggenza): between 992 and 1199 px the role switcher pushed her
    name and «Esci» to a second line of the slim band, drawn under the next band of the header:
    on every page, no way to log out."""
    entra_come(pagina, portale, "Maria Rossi")
    esci = pagina.get_by_role("button", name="Esci")
    for larghezza in LARGHEZZE_DEL_MENU:
        pagina.set_viewport_size({"width": larghezza, "height": 768})
        expect(pagina.get_by_role("button", name="Cambia")).to_be_visible()
        riquadro = esci.bounding_box()
        centro = [riquadro["x"] + riquadro["width"] / 2, riquadro["y"] + riquadro["height"] / 2]
        assert pagina.evaluate(IN_CIMA, centro) == "Esci", larghezza
        assert pagina.evaluate(LARGHEZZA_IN_ECCESSO) <= 0, larghezza
    pagina.set_viewport_size({"width": 1100, "height": 768})
    esci.click()
    expect(pagina.get_by_role("link", name="Accedi all'area personale")).to_be_visible()


def test_pagine_del_candidato_su_un_telefono(portale, pagina):
    errori = _nessun_errore(pagina)
    pagina.set_viewport_size({"width": 390, "height": 844})
    entra_come(pagina, portale, "Alessia Ferrari")
    for indirizzo in ("/area-riservata/", "/candidature/", "/avvisi/", "/avvisi/1/",
                      "/assistenza/", "/strumenti/"):
        _controlla(pagina, portale, indirizzo)
    pagina.get_by_role("button", name="Mostra o nascondi il menu").click()
    menu = pagina.get_by_role("navigation", name="Navigazione principale")
    menu.get_by_role("link", name="Le mie candidature").click()
    pagina.wait_for_url(portale + "/candidature/")
    assert pagina.evaluate(LARGHEZZA_IN_ECCESSO) <= 0
    expect(menu.locator(".nav-link.active")).to_have_text("Le mie candidature")
    assert errori == []


TABELLE_TROPPO_LARGHE = """() => [...document.querySelectorAll('table')]
  .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
  .map(t => (t.querySelector('caption') || t).innerText.slice(0, 60))"""


@pytest.mark.parametrize("persona, indirizzi", [
    ("Maria Rossi", ("/procedure/", "/rilevazione-fabbisogno/schede/", "/gestione/personale/",
                     "/procedure/12/interpello/", "/procedure/1/criteri/",
                     "/procedure/11/valutazione/", "/incarichi/", "/incarichi/cruscotto/",
                     "/trasparenza/RMIC8A7005/", "/procedure/11/istanze/",
                     "/procedure/3/istanze/4/")),
    ("Laura Marini", ("/assistenza/coda/", "/assistenza/report/")),
    ("Alessia Ferrari", ("/candidature/",)),
], ids=["dirigente", "supporto", "candidata"])
def test_le_tabelle_si_leggono_su_un_telefono_senza_scorrerle(portale, pagina, persona,
                                                              indirizzi):
    """At 390 px the lists are stacked rows with their labels (tabella-impilata): no table
    wider than its box, which would make a phone scroll sideways inside it."""
    pagina.set_viewport_size({"width": 390, "height": 844})
    entra_come(pagina, portale, persona)
    for indirizzo in indirizzi:
        risposta = pagina.goto(portale + indirizzo)
        assert risposta.status == 200, indirizzo
        assert pagina.locator("table").count() > 0, indirizzo  # the demo has rows here
        assert pagina.evaluate(TABELLE_TROPPO_LARGHE) == [], indirizzo
        assert pagina.evaluate(LARGHEZZA_IN_ECCESSO) <= 0, indirizzo


PAROLA_LUNGA = "a" * 300  # a pasted link or code: the longest «Attività svolta» accepted


def test_un_testo_senza_spazi_non_allarga_la_pagina(portale, pagina, nel_portale):
    """A registro ore line of 300 letters without a space pushed the incarico's table and the
    dashboard's «Ultime operazioni» 3,000 px wide: «Verifica» and «Elimina» out of sight."""
    nel_portale(f"""
from datetime import timedelta
from django.utils import timezone
from accounts.models import Membership
from incarichi.models import Incarico
from incarichi.services.incarichi import registra_ore
incarico = Incarico.objects.get(pk=1)
membership = Membership.objects.filter(user__cognome="Verdi", user__nome="Lucia",
                                       istituto=incarico.istituto).get()
registra_ore(autore=membership.user, membership=membership, incarico=incarico,
             data=max(incarico.data_inizio, timezone.localdate() - timedelta(days=1)),
             ore=1, attivita="{PAROLA_LUNGA}")
""")
    entra_come(pagina, portale, "Lucia Verdi")
    for larghezza, altezza in ((1366, 768), (390, 844)):
        pagina.set_viewport_size({"width": larghezza, "height": altezza})
        for indirizzo in ("/incarichi/1/", "/area-riservata/"):
            pagina.goto(portale + indirizzo)
            assert pagina.get_by_text(PAROLA_LUNGA[:50], exact=False).count(), indirizzo
            assert pagina.evaluate(LARGHEZZA_IN_ECCESSO) <= 0, (indirizzo, larghezza)
            assert pagina.evaluate(TABELLE_TROPPO_LARGHE) == [], (indirizzo, larghezza)


def test_prima_che_la_sessione_scada_la_pagina_avvisa_e_la_prolunga(portale, pagina):
    """WCAG 2.2.1: the session ends after 30 minutes without requests, and with it what a
    teacher typed in a long step of the form. Five minutes before, the page says when and
    offers «Resta collegato» (one click, the session goes on); someone typing keeps it alive
    without being asked; once over, the page says so before a click loses the text."""
    pagina.clock.install()
    entra_come(pagina, portale, "Sara Mancini")
    pagina.goto(portale + "/area-riservata/profilo/contatti/")
    avviso = pagina.locator(".avviso-sessione[role=alert]")
    pagina.clock.fast_forward("24:00")
    expect(avviso).to_have_count(0)
    pagina.clock.fast_forward("01:30")
    expect(avviso).to_contain_text("Per inattività la sessione scade alle")
    for larghezza in (1366, 390):  # over the page, never wider than the window
        pagina.set_viewport_size({"width": larghezza, "height": 844})
        assert pagina.evaluate(LARGHEZZA_IN_ECCESSO) <= 0
        riquadro = avviso.bounding_box()
        assert riquadro["x"] >= 0 and riquadro["x"] + riquadro["width"] <= larghezza
    with pagina.expect_response(portale + "/profilo/sessione/") as risposta:
        avviso.get_by_role("button", name="Resta collegato").click()
    assert risposta.value.status == 204
    expect(avviso).to_have_count(0)

    # typing after a while: the page renews the session by itself
    pagina.clock.fast_forward("06:00")
    campo = pagina.get_by_label("Telefono")
    with pagina.expect_response(portale + "/profilo/sessione/") as risposta:
        campo.press_sequentially("x")
    assert risposta.value.status == 204

    # away for longer than the session: said, with the way back to the same page
    pagina.clock.fast_forward("31:00")
    expect(avviso).to_contain_text("La sessione è scaduta per inattività")
    accedi = avviso.get_by_role("link", name="Accedi di nuovo")
    assert accedi.get_attribute("href") == "/accounts/login/?next=/area-riservata/profilo/contatti/"
