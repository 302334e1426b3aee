"""Hostile input on every URL: no server error, no data changed by a refused request.

Built on the access sweep (`tests/test_accessi.py`): the same data set of istituto A
(`dati_a`) and the same classification of every URL pattern (`MAPPA`). Here every request
comes from the person entitled to the page (the owner of the object, the DS, the candidate;
anonymous for public pages), and carries hostile values:

- in each URL argument of the pattern (a `str` argument takes every value; an `int` one the
  values its converter accepts, e.g. 99999999999999999999);
- in each GET parameter the view reads, discovered from its source (`request.GET.get("…")`,
  `request.GET["…"]`, a filter form built on `request.GET`) and from the GET forms of its page;
- in every field of every POST form found on the pages (action, hidden fields and submit
  button included), one request per hostile value with all fields set to it, plus one per
  field with only that field hostile and the others as the page filled them.

Requirements: no 5xx; a control character (NUL…) is refused with 400 and changes nothing; a
page that answers with form errors changes nothing (the candidate's draft is the exception
by design: its valid fields are saved). A change of data is an INSERT, UPDATE or DELETE on a
project table during the request (the fingerprint of the access sweep, taken thousands of
times, would cost minutes). Each request runs in a savepoint rolled back after it, so the
data set is the same for every request.
"""

import inspect
import re
import time
from urllib.parse import urlsplit

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, get_resolver, resolve, reverse

from candidature.tests.istanze_fixtures import persone  # noqa: F401  (fixture of dati_a)
from tests.moduli_html import moduli_della_pagina
from tests.test_accessi import (  # noqa: F401  (dati_a is a fixture)
    ADMIN,
    MAPPA,
    OGGETTO,
    PROPRIETARIO,
    PUBBLICO,
    STAFF,
    UTENTE,
    dati_a,
    tutti_i_modelli,
)

OSTILI = (
    "\x00", "a\x00b", "\u202e\u0000\ufeff", "\x1b[31m",          # refused: 400
    "99999999999999999999", "-1", "-99999999999", "1e309", "NaN",
    "x" * 10_000, "2026-02-30", "31/13/2026", "\u202eavviso\ufeff",
    "' OR 1=1; --", '"><script>alert(1)</script>', "../../etc/passwd",
)
# For every single field of a form, and for the parameters of non-HTML pages (PDF, CSV,
# ZIP: each request renders a document): the values that exercise parsing and lengths.
RIDOTTI = ("\x00", "99999999999999999999", "-1", "x" * 10_000, "2026-02-30", "31/13/2026",
           "' OR 1=1; --")
# Login endpoints sign a SAML request (xmlsec) or hash a password at every request: the
# reduced values keep the sweep within its time.
PESANTI = ("spid_login", "spid_sls", "account_login", "spid_test_idp:sso",
           "spid_test_idp:conferma", "spid_test_idp:slo")
CONTROLLI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Who is the person entitled to a STAFF page (default: the DS of A).
STAFF_DI = {"portale:istituti": "amministrazione", "portale:nuovo_istituto": "amministrazione",
            "assistenza:coda": "supporto", "assistenza:report": "supporto",
            "strumenti:carica": "segreteria"}
# GET parameters read outside the view function (allauth, the SPID provider).
GET_NOTI = {"spid_login": ("tipo", "livello", "idp", "next", "process"),
            "spid_sls": ("SAMLRequest", "SAMLResponse", "RelayState", "Signature", "SigAlg"),
            "account_login": ("next",)}
# Pages that save the valid part of an invalid form on purpose (the candidate's draft).
SALVATAGGIO_PARZIALE = ("candidature:presenta", "candidature:passo")
# POST forms not swept while logged in: they end the session (logout, change of istituto),
# and the login forms are swept as anonymous.
AZIONI_ESCLUSE = ("/accounts/", "/profilo/", "/" + ADMIN)


# ---------------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------------
GET_LETTI = re.compile(r"""request\.GET(?:\.get|\.getlist)?[(\[]\s*["'](\w+)["']""")
FORM_SU_GET = re.compile(r"(\w+)\(\s*request\.GET")
TUPLA_DI_CHIAVI = re.compile(r"for\s+chiave\s+in\s*\(([^)]*)\)")
CHIAMATE = re.compile(r"\b(_?[a-z]\w*)\(\s*request\b")


def parametri_letti(callback) -> set[str]:
    """The GET parameters a view reads, from its source and the helpers it passes `request`."""
    funzione = inspect.unwrap(getattr(callback, "view_class", callback))
    try:
        sorgente = inspect.getsource(funzione)
    except (OSError, TypeError):
        return set()
    modulo = inspect.getmodule(funzione)
    sorgenti = [sorgente]
    for nome in set(CHIAMATE.findall(sorgente)):
        aiuto = getattr(modulo, nome, None)
        if inspect.isfunction(aiuto) and aiuto.__module__ == modulo.__name__:
            sorgenti.append(inspect.getsource(aiuto))
    chiavi = set()
    for testo in sorgenti:
        chiavi |= set(GET_LETTI.findall(testo))
        if "request.GET.get(chiave" in testo:
            for tupla in TUPLA_DI_CHIAVI.findall(testo):
                chiavi |= set(re.findall(r"""["'](\w+)["']""", tupla))
        for nome in FORM_SU_GET.findall(testo):
            classe = getattr(modulo, nome, None)
            if inspect.isclass(classe) and hasattr(classe, "base_fields"):
                chiavi |= set(classe.base_fields)
    return chiavi


def argomenti_ostili(chiave: str, kwargs: dict) -> list[str]:
    """URLs of the pattern with one argument replaced by a hostile value (when it reverses)."""
    indirizzi = []
    for nome in kwargs:
        for valore in OSTILI:
            try:
                indirizzi.append(reverse(chiave, kwargs={**kwargs, nome: valore}))
            except NoReverseMatch:
                continue  # e.g. "-1" for an <int:…>: the URL does not exist
    return indirizzi


# ---------------------------------------------------------------------------------------------
# The sweep
# ---------------------------------------------------------------------------------------------
SCRITTURE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
TABELLE_DI_SERVIZIO = ("django_session", "account_", "socialaccount_", "mfa_")


def _scritture(query) -> list[str]:
    """The writes to the project's tables among the queries of a request (the session and
    allauth's bookkeeping are the framework's, not data)."""
    testi = [q["sql"] or "" for q in query]  # None for a query the driver refused
    return [t[:80] for t in testi if SCRITTURE.match(t)
            and not any(f'"{s}' in t[:60] or f" {s}" in t[:60] for s in TABELLE_DI_SERVIZIO)]


class Esito:
    def __init__(self):
        self.problemi, self.richieste, self.tempi = [], 0, {}

    def controlla(self, client, metodo, url, dati=None, *, nome, pagina_con_bozza=False):
        """One request in a savepoint rolled back after it; the requirements checked. A change
        of data is any INSERT, UPDATE or DELETE on a table of the project during the request."""
        self.richieste += 1
        inizio = time.monotonic()
        connection.queries_log.clear()  # the log keeps 9000 queries: indices must not shift
        with transaction.atomic(), CaptureQueriesContext(connection) as query:
            if metodo == "get":
                risposta = client.get(url, dati or {})
            else:
                risposta = client.post(url, dati or {})
            transaction.set_rollback(True)
        self.tempi[nome] = self.tempi.get(nome, 0) + time.monotonic() - inizio
        stato = risposta.status_code
        cambiato = bool(_scritture(query.captured_queries))
        valori = " ".join(str(v) for v in (dati or {}).values()) + url
        descrizione = f"{metodo.upper()} {url[:120]} [{nome}] {_breve(dati)}"
        if stato >= 500:
            self.problemi.append(f"{descrizione}: errore del server {stato}")
        elif CONTROLLI.search(valori) and (stato != 400 or cambiato):
            self.problemi.append(f"{descrizione}: carattere di controllo accettato ({stato}, "
                                 f"dati cambiati: {cambiato})")
        elif cambiato and stato == 200 and not pagina_con_bozza and _errori_nel_form(risposta):
            self.problemi.append(f"{descrizione}: modulo rifiutato ma dati cambiati "
                                 f"{_scritture(query.captured_queries)[:3]}")
        return risposta


def _errori_nel_form(risposta) -> bool:
    corpo = risposta.content.decode("utf-8", "replace") if not getattr(
        risposta, "streaming", False) else ""
    return "is-invalid" in corpo or "errorlist" in corpo


def _breve(dati) -> str:
    return repr({k: (v[:20] + "…" if isinstance(v, str) and len(v) > 20 else v)
                 for k, v in (dati or {}).items()})[:200]


def _persona(dati, categoria, chiave):
    if categoria == PUBBLICO:
        return None
    if categoria == UTENTE:
        return dati.proprietari["candidato"]
    if categoria == STAFF:
        return dati.proprietari[STAFF_DI.get(chiave, "ds")]
    return dati.proprietari[PROPRIETARIO.get(chiave, "ds")]


def _accedi(client, persona):
    client.logout()
    if persona is not None:
        client.force_login(persona)


def pagine_con_chi_ne_ha_diritto(dati):
    """Every classified URL pattern outside the technical admin, as (pattern, its URL with the
    data set's arguments, the person entitled to it or None for a public page)."""
    for modello in tutti_i_modelli():
        if modello.percorso.startswith(ADMIN) or modello.chiave not in MAPPA:
            continue
        categoria, argomenti, _motivo = MAPPA[modello.chiave]
        kwargs = argomenti(dati)
        url = reverse(modello.chiave, kwargs=kwargs) if ":" in modello.chiave or (
            "/" not in modello.chiave) else "/" + modello.percorso
        yield modello, kwargs, url, _persona(dati, categoria, modello.chiave)


@pytest.mark.django_db
@pytest.mark.lunga
def test_input_ostile_su_ogni_url(client, dati_a, capsys):  # noqa: F811
    inizio = time.monotonic()
    client.raise_request_exception = False  # a 500 is a response to collect, not a stop
    esito = Esito()
    conteggi = {"url": 0, "parametri_get": 0, "argomenti_url": 0, "moduli": 0, "campi": 0}
    moduli_visti = {}  # (action, persona) → (form, page pattern)
    for modello, kwargs, url, persona in pagine_con_chi_ne_ha_diritto(dati_a):
        _accedi(client, persona)
        conteggi["url"] += 1
        pagina = esito.controlla(client, "get", url, nome=modello.chiave)
        html = ""
        if pagina.status_code == 200 and "html" in pagina.get("Content-Type", ""):
            html = pagina.content.decode("utf-8", "replace")
        moduli = moduli_della_pagina(html)
        # URL arguments
        indirizzi = argomenti_ostili(modello.chiave, kwargs) if ":" in modello.chiave else []
        conteggi["argomenti_url"] += len(indirizzi)
        for indirizzo in indirizzi:
            esito.controlla(client, "get", indirizzo, nome=modello.chiave)
        # GET parameters
        parametri = parametri_letti(resolve(urlsplit(url).path).func)
        parametri |= set(GET_NOTI.get(modello.chiave, ()))
        for modulo in moduli:
            if modulo["method"] == "get" and modulo["action"] in ("", url):
                parametri |= set(modulo["campi"])
        conteggi["parametri_get"] += len(parametri)
        valori = OSTILI if (html or pagina.status_code != 200) and (
            modello.chiave not in PESANTI) else RIDOTTI
        for parametro in sorted(parametri):
            for valore in valori:
                esito.controlla(client, "get", url, {parametro: valore}, nome=modello.chiave)
        for modulo in moduli:
            if modulo["method"] != "post":
                continue
            azione = urlsplit(modulo["action"]).path or urlsplit(url).path
            if persona is not None and azione.startswith(AZIONI_ESCLUSE):
                continue
            moduli_visti.setdefault((azione, getattr(persona, "pk", None)),
                                    (modulo, persona, modello.chiave))
    # POST forms, each once per (action, person)
    for (azione, _pk), (modulo, persona, pagina) in moduli_visti.items():
        campi = {k: v for k, v in modulo["campi"].items() if k != "csrfmiddlewaretoken"}
        base = dict(campi)
        if modulo["invio"]:
            base[modulo["invio"][0]] = modulo["invio"][1]
        try:
            nome = resolve(azione).view_name
        except Exception:  # noqa: BLE001 - an action outside the URLconf is itself a finding
            esito.problemi.append(f"modulo di {pagina} verso {azione}: indirizzo inesistente")
            continue
        bozza = nome in SALVATAGGIO_PARZIALE
        _accedi(client, persona)
        conteggi["moduli"] += 1
        conteggi["campi"] += len(campi)
        for valore in RIDOTTI if nome in PESANTI else OSTILI:
            esito.controlla(client, "post", azione, {**base, **dict.fromkeys(campi, valore)},
                            nome=nome, pagina_con_bozza=bozza)
        for campo in campi if nome not in PESANTI else ():
            for valore in RIDOTTI[1:]:  # NUL: once per form above, refused before the view
                esito.controlla(client, "post", azione, {**base, campo: valore}, nome=nome,
                                pagina_con_bozza=bozza)
    durata = time.monotonic() - inizio
    riepilogo = (f"Input ostile: {conteggi['url']} URL, {conteggi['argomenti_url']} URL con "
                 f"argomenti ostili, {conteggi['parametri_get']} parametri GET × {len(OSTILI)} "
                 f"valori, {conteggi['moduli']} moduli POST con {conteggi['campi']} campi × "
                 f"{len(OSTILI)} valori: {esito.richieste} richieste in {durata:.0f} s")
    with capsys.disabled():
        print("\n" + riepilogo)
        lenti = sorted(esito.tempi.items(), key=lambda t: -t[1])[:8]
        print("  più lenti: " + ", ".join(f"{n} {t:.1f} s" for n, t in lenti))
    assert conteggi["url"] > 150 and conteggi["parametri_get"] > 30 and conteggi["moduli"] > 30, (
        riepilogo)
    esito.problemi.sort(key=lambda p: "errore del server" not in p)  # the 500s first
    assert not esito.problemi, riepilogo + "\n  " + "\n  ".join(esito.problemi[:80]) + (
        f"\n  … e altri {len(esito.problemi) - 80}" if len(esito.problemi) > 80 else "")


def test_gli_url_ostili_di_ogni_pattern_sono_costruibili():
    """The sweep reaches the converters: a str argument takes a NUL, an int one does not."""
    indirizzi = argomenti_ostili("assistenza:ticket", {"codice": "TCK-2026-000001"})
    assert "/assistenza/ticket/%00/" in indirizzi
    assert argomenti_ostili("procedure:avviso", {"pk": 1}) == ["/avvisi/99999999999999999999/"]
    assert get_resolver()  # the URLconf loads
