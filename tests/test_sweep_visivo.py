"""Visual sweep: every page each demo role reaches, at three viewports, in a real browser.

One portal (`portale`: migrate + carica_demo in its own SQLite, runserver — the data
`make run` shows), one Chromium, one context per role. For each role the sweep starts from
its home or dashboard and follows same-origin links breadth-first, visiting at most
`PER_PATTERN` URLs per Django URL pattern name (resolved with django.urls.resolve), and fails
on — all collected, reported together, grouped by kind, then role and page:

- overflow     horizontal overflow (documentElement.scrollWidth > innerWidth) at 390×844,
               1366×768, 1920×1080, with the elements sticking out;
- console      a console error or an uncaught exception, at all three viewports (the real
               Content-Security-Policy applies: axe is evaluated through DevTools, not as a
               <script>, so a CSP violation of the page shows here);
- richieste    a request of the page (asset, image, script, font…) answering 4xx/5xx or failing;
- link         a link shown to the role (any <a href> of the page, menu included) that answers
               403, 404, 405 or 5xx, or sends the role to the login page, when followed with GET
               in the role's own session (page.request); downloads (PDF, ZIP, CSV) are checked
               only this way, never visited as pages;
- form         a form whose target refuses the role: GET on the action answers 403, 404, 5xx or
               sends to login (405 is expected for a POST-only view: nothing is ever POSTed);
- tagliati     a link, button or field of a table that scrolls sideways inside its box
               (.table-responsive) drawn past the box's right edge, at all three viewports: at
               390 px «Rimuovi» or «Dettaglio» would be reached only by scrolling the table, a
               control the person does not know is there (the table should stack its rows:
               .tabella-impilata);
- sovrapposti  a label drawn over a form control or button that is not its own (Bootstrap
               Italia positions the labels of selects and text fields above the control: without
               room there they cover the line before), at all three viewports;
- axe          any axe-core violation, whatever its impact, at 1366, and at 390 on the first URL
               of each pattern (once for anonymous, once for logged-in roles: the mobile header
               hides text, a link may lose its name there);
- numeri       numbers written the English way in the visible text («27.00», «1,250»), outside
               codes, protocol numbers, dates, times, versions, IP addresses, hashes (1366 only);
- copertura    a URL pattern in `ATTESI` (what the role's menu leads to) never visited.

It also prints the URL pattern names no role visited (information, not a failure).
Screenshots: test-results/sweep/<role>/<viewport>/<page>.png, the defects also in
test-results/sweep/RAPPORTO.txt (test-results/ is git-ignored).

`TOLLERATI` below is the allow-list: a kind of defect may be tolerated only while a colleague
is fixing it, with the reason written beside it. Empty means every defect fails the test.
"""

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from portale.tests.browser import CHROMIUM, _manage

RADICE = Path(__file__).resolve().parents[1]
AXE = RADICE / "node_modules" / "axe-core" / "axe.min.js"
CARTELLA = RADICE / "test-results" / "sweep"
AXE_JS = AXE.read_text(encoding="utf-8") if AXE.exists() else ""

# Allow-list: kind → list of (regex on the defect's line, reason and who is fixing it).
# A defect matching one of these is printed as «tollerato» and does not fail the test.
# Kinds: overflow, tagliati, console, richieste, link, form, sovrapposti, axe, numeri, copertura.
TOLLERATI: dict[str, list[tuple[str, str]]] = {}

VIEWPORT = {"390": (390, 844), "1366": (1366, 768), "1920": (1920, 1080)}
PRINCIPALE = "1366"  # axe, numbers and links run here only
PER_PATTERN = 2  # distinct URLs visited per URL pattern name, per role (1 for the public
# pages when logged in: anonimo visits them twice). The second URL of a pattern (same template,
# other data) is loaded at 1366 and 390 only: what data can break (long words, wide tables) shows
# on the narrow screen; 1920 gives the template's answer once.
MAX_PAGINE = 80  # safety bound per role
IN_PARALLELO = int(os.environ.get("SWEEP_IN_PARALLELO", "3"))  # roles crawled at once (one context each)
# SWEEP_RUOLI=ds,supporto limits a local run to some roles (coverage is then partial).
SOLO = set(filter(None, os.environ.get("SWEEP_RUOLI", "").split(",")))

# (role, demo person chosen on the SPID test IdP or None, start pages, regex of the paths the
# crawl keeps to or None). The commissario is not a Ruolo but a nomination per procedure: in the
# demo data (graduatorie/demo.py) Anna Gialli, referente of the Liceo Galilei, is the commissaria
# of «Tutor dei percorsi PCTO» (and Lucia Verdi, the DSGA, of the concluded ones), so
# that crawl keeps to the commission's pages.
RUOLI = [
    # the public list shows the avvisi open to applications first: the published rankings are
    # reached, as a visitor looking for an outcome does, from the closed ones
    ("anonimo", None, ["/", "/avvisi/?stato=chiuso"], None),
    ("candidato", "Alessia Ferrari", ["/area-riservata/", "/candidature/"], None),
    ("candidato-bozza", "Marco Esposito", ["/candidature/"], r"^/candidature/|/candidatura/"),
    # the request for integration the school sent her (art. 3.7: her administration's consent)
    ("candidata-istruttoria", "Sara Mancini", ["/candidature/"], r"^/candidature/"),
    # ...and the incarico she was given by affidamento diretto (incarichi/demo.py): her list,
    # the act, the register of hours she keeps
    ("incaricata", "Sara Mancini", ["/incarichi/i-miei/"], r"^/incarichi/"),
    ("ds", "Maria Rossi", ["/area-riservata/"], None),
    # pages deep in a procedure or a scheda (the drafts' preview, a criterion's edit, a scheda's
    # edit and conclusion, a reclamo's answer): the crawl of the whole office reaches its bound
    # before them
    ("ds-dettagli", "Maria Rossi", ["/procedure/?q=teatro+in+lingua+inglese",
                                    "/rilevazione-fabbisogno/schede/?q=teatro",
                                    "/procedure/?q=coding"],
     r"^/procedure/(\?|\d+/($|anteprima|criteri|graduatoria/$|reclami/))"
     r"|^/rilevazione-fabbisogno/schede/\d+/"),
    ("dsga", "Lucia Verdi", ["/area-riservata/"], None),
    ("segreteria", "Paolo Neri", ["/area-riservata/"], None),
    ("referente", "Anna Gialli", ["/area-riservata/"], None),
    ("commissario", "Anna Gialli", ["/commissioni/"], r"^/commissioni/|/valutazione/"),
    ("amministrazione", "Francesco Conti", ["/area-riservata/"], None),
    ("supporto", "Laura Marini", ["/area-riservata/"], None),
]

# What each role's menu (and its dashboard's main links) leads to: each of these URL patterns
# must be visited by that role, or the sweep missed part of what the role sees.
_PUBBLICHE = {"portale:home", "procedure:avvisi", "procedure:avviso", "strumenti:informazioni_utili",
              "portale:privacy", "portale:accessibilita", "portale:note_legali",
              "incarichi:trasparenza_indice"}
_UTENTE = _PUBBLICHE | {"portale:area_riservata", "portale:notifiche", "candidature:le_mie",
                        "incarichi:i_miei", "strumenti:elenco", "assistenza:monitoraggio"}
_ISTITUTO = _UTENTE | {"fabbisogno:schede", "fabbisogno:scheda"}
_UFFICIO = _ISTITUTO | {"incarichi:incarichi", "incarichi:incarico", "procedure:elenco",
                        "procedure:dettaglio"}
ATTESI = {
    # the published ranking (art. 17) and the Amministrazione trasparente page are public by law:
    # the public site must lead to them
    "anonimo": _PUBBLICHE | {"account_login", "graduatorie:esito", "incarichi:trasparenza_pubblica"},
    # «Il mio profilo» (#17): its pages reached from the menu (the demo profile is empty: an
    # entry's edit and delete pages are covered by tests/test_accessibilita.py)
    "candidato": _UTENTE | {"candidature:dettaglio", "graduatorie:esito_candidato",
                            "candidature:profilo", "candidature:profilo_contatti",
                            "candidature:profilo_sezione", "candidature:profilo_nuova_voce",
                            "candidature:profilo_curriculum", "candidature:profilo_identita"},
    "candidato-bozza": {"candidature:le_mie", "candidature:presenta"},
    "candidata-istruttoria": {"candidature:le_mie", "candidature:dettaglio",
                              "candidature:rispondi_integrazione"},
    "incaricata": {"incarichi:i_miei", "incarichi:il_mio_incarico"},
    "ds": _UFFICIO | {"portale:personale", "candidature:istanze", "candidature:monitoraggio",
                      "graduatorie:graduatoria", "graduatorie:valutazione"},
    "ds-dettagli": {"procedure:dettaglio", "procedure:anteprima", "procedure:criteri",
                    "procedure:modifica_criterio", "fabbisogno:scheda", "fabbisogno:modifica_scheda",
                    "fabbisogno:conclusione_scheda", "graduatorie:graduatoria", "graduatorie:reclamo"},
    "dsga": _UFFICIO,
    "segreteria": _UFFICIO,
    "referente": _UTENTE | {"fabbisogno:schede"},  # no scheda of the Liceo Galilei in the demo
    "commissario": {"graduatorie:le_mie_commissioni", "graduatorie:valutazione", "graduatorie:istanza"},
    "amministrazione": _UTENTE | {"portale:istituti", "portale:istituto", "portale:personale"},
    "supporto": _UTENTE | {"assistenza:coda", "assistenza:ticket", "assistenza:report"},
}

# Never followed: they end the session or start a login.
SALTA = {"account_logout", "spid_logout", "spid_sls", "spid_sls_fine", "spid_login",
         "spid_test_idp:sso", "spid_test_idp:slo", "account_login_cancelled"}
DOWNLOAD = re.compile(r"\.(pdf|zip|csv|p7m|xlsx?|docx?|odt|ods|png|jpe?g)$|/(scarica|download)/",
                      re.I)

# Numbers in English format. In Italian the comma is the decimal mark, so «1,327» (an aliquota)
# is correct Italian: a comma group of three digits is English only when there are two groups
# («1,250,000») or money beside it («1,250 €», «€ 1,250»: no amount has three decimals).
# A point before exactly two final digits («27.00», «1,250.00») is English.
NUMERO_INGLESE = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})*\.\d{2}|\d+\.\d{2}|\d{1,3}(?:,\d{3}){2,}"
    r"|\d{1,3},\d{3}(?=\s*(?:€|euro\b))|(?<=€ )\d{1,3},\d{3}|(?<=€)\d{1,3},\d{3})(?![\w.,]*\d)")
# ... and the tokens that legitimately contain such patterns.
NON_NUMERI = re.compile(
    r"\d{1,3}(\.\d{1,3}){3}"  # IP
    r"|\d+\.\d+\.\d+"  # versions, dates with dots
    r"|\b[0-9a-f]{16,}\b"  # hashes
    r"|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"  # dates
    r"|\b(ore|alle|dalle)\s+\d{1,2}\.\d{2}\b",  # times written with a dot
    re.I)


def _nome_pattern(percorso: str) -> str | None:
    try:
        match = resolve(percorso)
    except Resolver404:
        return None
    return match.view_name or match.route


def _slug(url: str) -> str:
    parti = urlsplit(url)
    testo = (parti.path.strip("/") or "home") + (f"_{parti.query}" if parti.query else "")
    return re.sub(r"[^A-Za-z0-9._-]+", "-", testo)[:120]


def _numeri_inglesi(testo: str) -> list[str]:
    trovati = []
    for riga in testo.splitlines():
        for m in NUMERO_INGLESE.finditer(riga):
            inizio = max(0, m.start() - 12)
            intorno = riga[inizio:m.end() + 12]
            token = re.search(r"\S*" + re.escape(m.group(0)) + r"\S*", riga[max(0, m.start() - 40):])
            parola = token.group(0) if token else m.group(0)
            if NON_NUMERI.search(intorno) or re.search(r"[A-Za-z/_-]", parola.strip("€()[]:;,.")):
                continue  # a code (TCK-2026-…, protocol 12/2026), a date, a version, a hash…
            trovati.append(f"«{m.group(0)}» in «{riga.strip()[:100]}»")
    return trovati


JS_OVERFLOW = """() => {
    const w = window.innerWidth, d = document.documentElement;
    if (d.scrollWidth <= w) return null;
    const sporge = el => {
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.right > w + 1 && getComputedStyle(el).position !== 'fixed';
    };
    const fuori = [];
    for (const el of document.body.querySelectorAll('*')) {
        // the outermost elements sticking out, and absolutely positioned ones (they escape
        // the clipping of their ancestors)
        if (!sporge(el) || (el.parentElement && sporge(el.parentElement)
                            && getComputedStyle(el).position !== 'absolute')) continue;
        const id = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.classList.length ? '.' + [...el.classList].slice(0, 3).join('.') : '');
        fuori.push(id + ' (right ' + Math.round(el.getBoundingClientRect().right) + ')');
    }
    return {scrollWidth: d.scrollWidth, innerWidth: w, elementi: fuori.slice(0, 5)};
}"""

JS_TAGLIATI = """() => {
    const nome = el => (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 40) || el.tagName.toLowerCase();
    const trovati = [];
    for (const box of document.querySelectorAll('.table-responsive')) {
        if (box.scrollWidth <= box.clientWidth + 1) continue;
        const b = box.getBoundingClientRect();
        const fuori = [...box.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
            .filter(el => {
                const r = el.getBoundingClientRect();
                return r.width >= 1 && getComputedStyle(el).visibility !== 'hidden' && r.right > b.right + 1;
            });
        if (fuori.length) trovati.push('tabella «' + ((box.querySelector('caption') || {}).innerText || '?')
            .trim().slice(0, 40) + '»: ' + fuori.slice(0, 3).map(el => '«' + nome(el) + '»').join(', ')
            + (fuori.length > 3 ? ' e altri ' + (fuori.length - 3) : '') + ' oltre il bordo destro');
    }
    return trovati.slice(0, 5);
}"""

JS_SOVRAPPOSTI = """() => {
    const visibile = el => {
        const r = el.getBoundingClientRect(), st = getComputedStyle(el);
        return r.width >= 4 && r.height >= 4 && st.visibility !== 'hidden' && st.opacity !== '0';
    };
    const nome = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.name ? '[name=' + el.name + ']' : '');
    const controlli = [...document.querySelectorAll(
        'input:not([type=hidden]), select, textarea, button, a.btn')].filter(visibile);
    const trovati = [];
    for (const label of document.querySelectorAll('label')) {
        if (!visibile(label) || !label.innerText.trim()) continue;
        const l = label.getBoundingClientRect();
        for (const c of controlli) {
            if (c === label.control || label.contains(c) || c.contains(label)) continue;
            const r = c.getBoundingClientRect();
            const w = Math.min(l.right, r.right) - Math.max(l.left, r.left);
            const h = Math.min(l.bottom, r.bottom) - Math.max(l.top, r.top);
            if (w > 4 && h > 4) {
                trovati.push('«' + label.innerText.trim().slice(0, 40) + '» copre ' + nome(c));
                break;
            }
        }
    }
    return trovati.slice(0, 5);
}"""

JS_COLLEGAMENTI = """() => ({
    link: [...document.querySelectorAll('a[href]')].map(a => ({
        href: a.href, testo: (a.innerText || a.getAttribute('aria-label') || a.title || '')
            .trim().replace(/\\s+/g, ' ').slice(0, 60),
        menu: !!a.closest('#nav-principale')})),
    form: [...document.querySelectorAll('form')].map(f => ({
        action: f.action, metodo: (f.getAttribute('method') || 'get').toLowerCase(),
        testo: ([...f.querySelectorAll('button, input[type=submit]')]
            .map(b => (b.innerText || b.value || '').trim()).filter(Boolean)[0] || '')
            .replace(/\\s+/g, ' ').slice(0, 60)})),
})"""

JS_AXE = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations'],
        rules: {'target-size': {enabled: true}}});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '')
            .replace(/\\s+/g, ' ').slice(0, 200))}));
}"""


class Sweep:
    def __init__(self, base):
        self.base = base
        self.difetti = defaultdict(list)  # kind → [(role, page, detail)]
        self.rotti = defaultdict(list)  # (kind, role, link) → pages showing it
        self.visitati = defaultdict(set)  # role → pattern names
        self.pagine = defaultdict(list)  # role → urls
        self.caricamenti = 0
        self.tempi = defaultdict(float)  # phase → seconds (summed over the roles run at once)
        self.link_controllati = 0
        self.controllati = set()  # pattern names of the links and form targets checked
        self.axe_mobile = set()  # (anonymous?, pattern) already checked with axe at 390
        self.navigazione = 0  # how many pages the sweep has opened
        self.richieste = {}  # request in flight → the navigation that started it

    def della_pagina(self, richiesta):
        """Whether the request was started by the page being checked, not by the one before."""
        return self.richieste.pop(richiesta, self.navigazione) == self.navigazione

    def difetto(self, tipo, ruolo, pagina, dettaglio):
        voce = (ruolo, pagina, dettaglio)
        if voce not in self.difetti[tipo]:
            self.difetti[tipo].append(voce)

    def link_rotto(self, tipo, ruolo, pagina, dettaglio, nodi=""):
        """The same broken link or form (menu, header), or axe rule, is reported once per role:
        on the first page showing it, with the other pages showing it."""
        self.rotti[(tipo, ruolo, dettaglio)].append((pagina, nodi))

    # -- one role ---------------------------------------------------------------------------
    async def ruolo(self, browser, ruolo, persona, partenze, prefissi):
        shutil.rmtree(CARTELLA / ruolo, ignore_errors=True)  # no screenshot of an earlier run
        contesto = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="it-IT",
                                       timezone_id="Europe/Rome")
        pagina = await contesto.new_page()
        pagina.set_default_timeout(20_000)
        eventi = []
        pagina.on("console", lambda m: m.type == "error" and eventi.append(
            ("console", f"{m.text[:300]} @ {m.location.get('url', '')}:{m.location.get('lineNumber', '')}")))
        pagina.on("pageerror", lambda e: eventi.append(("console", f"eccezione: {str(e)[:300]}")))
        # A request belongs to the page that started it: one still in flight when the sweep
        # moves on (a font of the page after the login) is aborted by the navigation, and that
        # is not a defect of the next page.
        pagina.on("request", lambda r: self.richieste.__setitem__(r, self.navigazione))
        pagina.on("requestfinished", lambda r: self.richieste.pop(r, None))
        pagina.on("response", lambda r: r.status >= 400 and self.della_pagina(r.request) and eventi.append(
            ("richieste", f"{r.status} {r.request.resource_type} {r.url}")))
        pagina.on("requestfailed", lambda r: self.della_pagina(r) and eventi.append(
            ("richieste", f"{r.failure} {r.resource_type} {r.url}")))
        if persona:
            await pagina.goto(self.base + "/accounts/login/")
            await pagina.get_by_role("link", name="Entra con SPID").click()
            await pagina.get_by_role("button", name=persona).click()
            await pagina.wait_for_url(self.base + "/area-riservata/")
        esiti_link = {}  # url → status description or None when fine (cached per role)
        per_nome = defaultdict(int)
        coda = deque(self.base + p for p in partenze)
        visti = set(coda)
        menu_nomi = set()
        while coda and len(self.pagine[ruolo]) < MAX_PAGINE:
            url = coda.popleft()
            nome = _nome_pattern(urlsplit(url).path)
            limite = 1 if persona and nome in _PUBBLICHE else PER_PATTERN  # same content as anonimo
            if nome is None or nome in SALTA or per_nome[nome] >= limite:
                continue
            per_nome[nome] += 1
            trovati = await self.visita(pagina, eventi, ruolo, url, prima=per_nome[nome] == 1)
            if trovati is None:
                continue
            finale, link, form = trovati
            nome_finale = _nome_pattern(urlsplit(finale).path)
            self.visitati[ruolo].add(nome)
            if nome_finale:
                self.visitati[ruolo].add(nome_finale)
            for voce in link:
                href = urldefrag(voce["href"])[0].removesuffix("?")
                if not href.startswith(self.base + "/"):
                    continue
                nome_link = _nome_pattern(urlsplit(href).path)
                if voce["menu"] and nome_link:
                    menu_nomi.add(nome_link)
                if nome_link in SALTA:
                    continue
                esito = await self.controlla_link(pagina, esiti_link, href, anonimo=not persona)
                if esito:
                    self.link_rotto("link", ruolo, url[len(self.base):],
                                    f"«{voce['testo']}» → {href[len(self.base):]}: {esito}")
                    continue
                if (href not in visti and not DOWNLOAD.search(urlsplit(href).path)
                        and esiti_link.get(href + "#html", True)
                        and (prefissi is None or re.search(prefissi, urlsplit(href).path))):
                    visti.add(href)
                    coda.append(href)
            for voce in form:
                azione = urldefrag(voce["action"])[0]
                if not azione.startswith(self.base + "/"):
                    continue
                if _nome_pattern(urlsplit(azione).path) in SALTA:
                    continue
                esito = await self.controlla_link(pagina, esiti_link, azione, form=voce["metodo"] == "post",
                                                  anonimo=not persona)
                if esito:
                    self.link_rotto("form", ruolo, url[len(self.base):], f"«{voce['testo']}» ({voce['metodo'].upper()} "
                                 f"{azione[len(self.base):]}): {esito}")
        # the menu's patterns too, unless the crawl of this role keeps to some paths
        dal_menu = menu_nomi - SALTA if prefissi is None else set()
        mancanti = (ATTESI.get(ruolo, set()) | dal_menu) - self.visitati[ruolo]
        for nome in sorted(mancanti):
            self.difetto("copertura", ruolo, "-", f"pattern {nome} mai visitato")
        await contesto.close()

    async def controlla_link(self, pagina, esiti, url, form=False, anonimo=False):
        chiave = ("F " if form else "") + url
        if chiave in esiti:
            return esiti[chiave]
        self.controllati.add(_nome_pattern(urlsplit(url).path))
        self.link_controllati += 1
        esito = None
        t = time.monotonic()
        try:
            r = await pagina.request.get(url, max_redirects=0, timeout=30_000)
            stato = r.status
            if 300 <= stato < 400:
                dove = urljoin(url, r.headers.get("location", ""))
                if urlsplit(dove).path.startswith("/accounts/login"):
                    # for a visitor not logged in this is how a private page answers
                    esito = None if anonimo else f"{stato} verso l'accesso (il ruolo è rifiutato)"
                    esiti[url + "#html"] = False
                    esiti[chiave] = esito
                    return esito
                else:
                    r = await pagina.request.get(dove, timeout=30_000)
                    stato = r.status
            tipo = r.headers.get("content-type", "")
            esiti[url + "#html"] = "text/html" in tipo and stato == 200
            if esito is None and (stato in (403, 404) or stato >= 500 or (stato == 405 and not form)):
                esito = f"risponde {stato}"
        except Exception as errore:  # noqa: BLE001 - reported, not raised
            esito = f"errore {str(errore)[:120]}"
        esiti[chiave] = esito
        self.tempi["link"] += time.monotonic() - t
        return esito

    # -- one page at three viewports --------------------------------------------------------
    async def visita(self, pagina, eventi, ruolo, url, prima=True):
        risultato = None
        breve = url[len(self.base):]
        for etichetta in (PRINCIPALE, "390", "1920") if prima else (PRINCIPALE, "390"):
            larghezza, altezza = VIEWPORT[etichetta]
            await pagina.set_viewport_size({"width": larghezza, "height": altezza})
            eventi.clear()
            try:
                t = time.monotonic()
                self.navigazione += 1
                risposta = await pagina.goto(url, wait_until="load")
                self.tempi["caricamento"] += time.monotonic() - t
            except Exception as errore:  # noqa: BLE001 - reported, not raised
                self.difetto("link", ruolo, breve, f"navigazione non riuscita: {str(errore)[:200]}")
                return None
            self.caricamenti += 1
            if risposta is not None and risposta.status >= 400:
                self.difetto("link", ruolo, breve, f"la pagina risponde {risposta.status}")
                return None
            for tipo, testo in list(eventi):
                self.difetto(tipo, ruolo, breve, f"[{etichetta}] {testo}")
            fuori = await pagina.evaluate(JS_OVERFLOW)
            if fuori:
                self.difetto("overflow", ruolo, breve,
                             f"[{larghezza}×{altezza}] scrollWidth {fuori['scrollWidth']} > "
                             f"{fuori['innerWidth']}: {', '.join(fuori['elementi']) or '?'}")
            for tagliato in await pagina.evaluate(JS_TAGLIATI):
                self.difetto("tagliati", ruolo, breve, f"[{larghezza}×{altezza}] {tagliato}")
            for sovrapposto in await pagina.evaluate(JS_SOVRAPPOSTI):
                self.difetto("sovrapposti", ruolo, breve, f"[{larghezza}×{altezza}] {sovrapposto}")
            cartella = CARTELLA / ruolo / f"{larghezza}x{altezza}"
            cartella.mkdir(parents=True, exist_ok=True)
            t = time.monotonic()
            # whole page at 390 and 1366; at 1920 the window (the desktop layout is the 1366 one)
            await pagina.screenshot(path=str(cartella / f"{_slug(pagina.url)}.png"),
                                    full_page=etichetta != "1920")
            self.tempi["screenshot"] += time.monotonic() - t
            if etichetta == PRINCIPALE or (etichetta == "390" and prima and self.primo_mobile(ruolo, url)):
                t = time.monotonic()
                await pagina.evaluate(AXE_JS)
                for v in await pagina.evaluate(JS_AXE):
                    # the same rule broken in the shared layout shows on every page: once per
                    # role and viewport, with the other pages counted
                    self.link_rotto("axe", ruolo, breve, f"[{etichetta}] [{v['impact']}] {v['id']} "
                                    f"({v['help']})", " | ".join(v["nodes"][:4]))
                self.tempi["axe"] += time.monotonic() - t
            if etichetta == PRINCIPALE:
                self.pagine[ruolo].append(breve)
                testo = await pagina.evaluate("() => document.body.innerText")
                for numero in _numeri_inglesi(testo):
                    self.difetto("numeri", ruolo, breve, numero)
                collegamenti = await pagina.evaluate(JS_COLLEGAMENTI)
                risultato = (pagina.url, collegamenti["link"], collegamenti["form"])
        return risultato

    def primo_mobile(self, ruolo, url):
        """axe at 390 once per URL pattern for the visitors not logged in and once for those
        logged in (the header differs), not per role: the page's layout is the template's."""
        chiave = (ruolo == "anonimo", _nome_pattern(urlsplit(url).path))
        if chiave in self.axe_mobile:
            return False
        self.axe_mobile.add(chiave)
        return True

    # -- the report -------------------------------------------------------------------------
    def rapporto(self, durata, tutti_i_nomi):
        righe, tollerati = [], []
        for (tipo, ruolo, dettaglio), pagine in self.rotti.items():
            altre = [p for p, _ in pagine[1:]]
            testo = f" (e in altre {len(altre)} pagine: {', '.join(altre[:4])}{' …' if len(altre) > 4 else ''})"
            self.difetto(tipo, ruolo, pagine[0][0], dettaglio + (f": {pagine[0][1]}" if pagine[0][1] else "")
                         + (testo if altre else ""))
        for tipo in ("link", "form", "console", "richieste", "overflow", "tagliati", "sovrapposti", "axe",
                     "numeri", "copertura"):
            voci = []
            for ruolo, pagina, dettaglio in sorted(self.difetti.get(tipo, [])):
                linea = f"{ruolo} {pagina}: {dettaglio}"
                motivo = next((m for r, m in TOLLERATI.get(tipo, []) if re.search(r, linea)), None)
                (tollerati if motivo else voci).append(f"    {linea}" + (f"  [tollerato: {motivo}]" if motivo else ""))
            if voci:
                righe.append(f"  {tipo} ({len(voci)}):")
                righe += voci
        visitati = set().union(*self.visitati.values())
        mai = sorted(n for n in tutti_i_nomi - visitati if ":" in n and not n.startswith("spid_test_idp"))
        nemmeno = [n for n in mai if n not in self.controllati]
        pagine = sum(len(v) for v in self.pagine.values())
        print(f"\nSweep visivo: {pagine} pagine distinte × {len(VIEWPORT)} viewport = {self.caricamenti} "
              f"caricamenti, {len(self.pagine)} ruoli, {self.link_controllati} link/form controllati, "
              f"{durata:.0f} s (tempo per fase, sommato sui ruoli in parallelo: "
              + ", ".join(f"{k} {v:.0f} s" for k, v in self.tempi.items()) + ")")
        for ruolo, urls in self.pagine.items():
            print(f"  {ruolo}: {len(urls)} pagine, {len(self.visitati[ruolo])} pattern")
        print(f"Pattern delle app mai visitati come pagina da nessun ruolo ({len(mai)}; download e "
              f"azioni POST sono solo controllati): {', '.join(mai)}")
        print(f"… e nemmeno controllati come link o destinazione di un form ({len(nemmeno)}): "
              f"{', '.join(nemmeno)}")
        if tollerati:
            print("Difetti tollerati (TOLLERATI):\n" + "\n".join(tollerati))
        return righe


def _tutti_i_nomi():
    from django.urls import URLPattern, URLResolver, get_resolver

    def cammina(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if "amministrazione-tecnica" in str(p.pattern):
                    continue
                yield from cammina(p.url_patterns, ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern) and p.name:
                yield ns + p.name
    return set(cammina(get_resolver().url_patterns))


async def _sweep(sweep):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        turni = asyncio.Semaphore(IN_PARALLELO)

        async def uno(ruolo, persona, partenze, prefissi):
            async with turni:
                await sweep.ruolo(browser, ruolo, persona, partenze, prefissi)
        try:
            await asyncio.gather(*(uno(*voce) for voce in RUOLI if not SOLO or voce[0] in SOLO))
        finally:
            await browser.close()


@pytest.fixture(scope="module")
def base_sweep(ambiente_portale):
    """The portal to sweep: SWEEP_URL (a portal already running with the demo data, e.g.
    `make run`), or one started here as portale/tests/browser.py does (migrate, carica_demo,
    runserver in its own SQLite), waiting up to 90 s for it: on a busy machine runserver needs
    more than the 20 s that fixture gives."""
    if os.environ.get("SWEEP_URL"):
        yield os.environ["SWEEP_URL"].rstrip("/")
        return
    # Its own VAR_DIR, not pytest's tmp_path: pytest removes old basetemp folders when another
    # session starts, and on a shared machine that deleted the demo's files under a running sweep.
    var = tempfile.mkdtemp(prefix="sweep-visivo-")
    ambiente_portale = {**ambiente_portale, "VAR_DIR": var}
    base = ambiente_portale["PORTALE_BASE_URL"]
    for comando in (["migrate", "--noinput"], ["carica_demo"]):
        subprocess.run(_manage(*comando), env=ambiente_portale, check=True,  # noqa: S603
                       capture_output=True, cwd=RADICE)
    server = subprocess.Popen(_manage("runserver", "--noreload", base.removeprefix("http://")),  # noqa: S603
                              env=ambiente_portale, cwd=RADICE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        limite = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"runserver è terminato (codice {server.returncode})")
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                if time.monotonic() > limite:
                    pytest.fail("il portale non risponde dopo 90 s")
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(var, ignore_errors=True)


def test_numeri_in_formato_inglese():
    """The number check itself (no browser): what it flags and what it leaves alone."""
    assert [n.split("»")[0] for n in _numeri_inglesi(
        "punti 46.00.\nimporto 1,250.00 €\n1,250 €\n€ 1,250\n1,250,000 abitanti\n"
        "Compenso liquidato: 600.00 € (Maria Rossi)")] == [
        "«46.00", "«1,250.00", "«1,250", "«1,250", "«1,250,000", "«600.00"]
    assert _numeri_inglesi(
        "Lordo Stato (× 1,327)\n19,25 €\n1.234,56 €\nProtocollo 12/2026\nTCK-2026-000001\n"
        "versione 2.18.3\nalle 10.30\n192.168.1.10\n05.11.2026\nSHA-256 ab12cd34ef56ab12cd34\n"
        "3.14159") == []


@pytest.mark.browser
@pytest.mark.lunga
def test_sweep_visivo(base_sweep):
    portale = base_sweep
    if not AXE.exists():
        pytest.fail("axe-core non installato: esegui `npm ci` (make setup)")
    inizio = time.monotonic()
    sweep = Sweep(portale)
    asyncio.run(_sweep(sweep))
    righe = sweep.rapporto(time.monotonic() - inizio, _tutti_i_nomi())
    CARTELLA.mkdir(parents=True, exist_ok=True)
    (CARTELLA / "RAPPORTO.txt").write_text("\n".join(righe) + "\n", encoding="utf-8")
    assert not righe, "Difetti trovati dallo sweep visivo (per tipo, poi ruolo e pagina):\n" + "\n".join(righe)
