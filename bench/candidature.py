"""Benchmark of the candidate's submission (issue 5).

One open procedura di selezione (two required PDF attachments, a question, three criteria),
200 candidates with an authenticated session, served by gunicorn on loopback. Each candidate
is a thread doing the real HTTP journey, CSRF included, as a browser does:

    GET  /avvisi/<pk>/candidatura/            form, csrftoken cookie and hidden token
    POST /avvisi/<pk>/candidatura/            complete form, multipart, two 1 MiB PDFs, «riepilogo»
    GET  /avvisi/<pk>/candidatura/riepilogo/  nothing missing, the «Invia» form
    POST /candidature/<id>/invia/             protocol number, SHA-256, notification

All 200 start within the ramp (40 s by default; the requirement is one minute). Afterwards
every journey must have ended with the redirect to the sent application, and the database
must hold 200 applications «inviata», protocol numbers 1..200 without gaps or duplicates, and
every attachment stored with the SHA-256 of the bytes sent. Exit status 1 if any check fails.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_candidature .venv/bin/python -m bench.candidature

The database is created when missing; its name must contain "bench" (the run writes test
data). The candidate users are created once; each run adds its own istituto and procedura (so
the istituto's protocol counter starts from 1) and fresh sessions (expired ones are deleted).
Uploaded files, the avviso PDF, the Celery messages (filesystem broker, no worker) and
gunicorn's log (with the traceback of any server error) go to a new private folder under the
system temp directory, never to the checkout's var/: removed after a successful run, kept
and named after a failed one. gunicorn listens on a free loopback port and is stopped on
exit, on Ctrl-C and on SIGTERM (and, on Linux, if this process dies).
"""

import argparse
import contextlib
import http.client
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import date, timedelta
from decimal import Decimal
from hashlib import sha256
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

RADICE = Path(__file__).resolve().parent.parent
CARTELLA = Path(tempfile.gettempdir())  # the run's own folder, made in esegui()
CANDIDATI = 200
DIMENSIONE_ALLEGATO = 1024 * 1024
TIMEOUT = 60  # seconds, for each request of a candidate
MARGINE = 240  # seconds after the last start within which every journey must have ended
WORKER = (os.cpu_count() or 1) + 1  # gthread workers: 3 on two cores
DS_CODICE_FISCALE = "RSSMRA70A41H501W"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INVIA_RE = re.compile(r'action="/candidature/(\d+)/invia/"')
NOME_RE = re.compile(r'name="([^"]+)"')


# --- data ------------------------------------------------------------------------------

def codice_fiscale(n: int) -> str:
    """A valid codice fiscale per candidate: CND + three consonants + 85A01H501 + check."""
    from stdnum.it import codicefiscale

    consonanti = "BCDFGHLMNPRSTVZ"
    base = (f"CND{consonanti[n // 225 % 15]}{consonanti[n // 15 % 15]}{consonanti[n % 15]}"
            "85A01H501")
    return base + codicefiscale.calc_check_digit(base)


def pdf_imbottito(testo: str, dimensione: int = DIMENSIONE_ALLEGATO) -> bytes:
    """A well-formed one-page PDF of exactly `dimensione` bytes.

    The page is real; the bulk is an unreferenced stream object of random bytes (so every
    file, and its SHA-256, is unique), listed in the cross-reference table like any object.
    """
    def costruisci(riempimento: int) -> bytes:
        flusso = f"BT /F1 12 Tf 72 720 Td ({testo}) Tj ET".encode("latin-1")
        imbottitura = os.urandom(riempimento)
        oggetti = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(flusso) + flusso + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(imbottitura) + imbottitura + b"\nendstream",
        ]
        corpo, posizioni = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
        for numero, oggetto in enumerate(oggetti, 1):
            posizioni.append(len(corpo))
            corpo += b"%d 0 obj\n" % numero + oggetto + b"\nendobj\n"
        xref = len(corpo)
        corpo += b"xref\n0 %d\n0000000000 65535 f \n" % (len(oggetti) + 1)
        corpo += b"".join(b"%010d 00000 n \n" % p for p in posizioni)
        corpo += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(oggetti) + 1, xref))
        return bytes(corpo)

    riempimento = dimensione - 1024
    for _ in range(4):
        dati = costruisci(riempimento)
        if len(dati) == dimensione:
            return dati
        riempimento += dimensione - len(dati)
    raise AssertionError("dimensione del PDF non raggiunta")


def verifica_campione(dati: bytes) -> None:
    """The padded PDF passes the portal's own content check and a real PDF parser."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfReader

    from portale import documenti

    verificato = documenti.verifica_file(SimpleUploadedFile("cv.pdf", dati), tipi=("pdf",))
    assert verificato.tipo == "pdf" and verificato.dimensione == len(dati)
    assert len(PdfReader(io.BytesIO(dati), strict=True).pages) == 1


def assicura_database(url: str) -> None:
    """CREATE DATABASE on the server's `postgres` database when the bench one is missing."""
    import psycopg
    from psycopg import sql

    parti = urlsplit(url)
    nome = parti.path.lstrip("/")
    if "bench" not in nome:
        sys.exit(f"Il database «{nome}» non sembra dedicato al benchmark (il nome deve contenere "
                 "«bench»): il benchmark vi cancella tutte le sessioni.")
    amministrazione = parti._replace(path="/postgres").geturl()
    with psycopg.connect(amministrazione, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (nome,)).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nome)))
            print(f"creato il database {nome}")


def prepara(candidati: int) -> dict:
    """Users once; istituto, open procedura and sessions at every run."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Istituto, Membership, Ruolo, User
    from accounts.spid.sessione import ATTIVITA, INIZIO
    from procedure import services
    from procedure.models import FormatoAllegato, TipoCampo, TipoCriterio

    codici = [codice_fiscale(n) for n in range(candidati)]
    esistenti = set(User.objects.filter(codice_fiscale__in=codici).values_list("codice_fiscale",
                                                                                flat=True))
    nuovi = []
    for n, cf in enumerate(codici):
        if cf not in esistenti:
            persona = User(codice_fiscale=cf, nome=f"Candidato{n}", cognome="Bench",
                           email=f"candidato{n}@example.it", data_nascita=date(1985, 1, 1))
            persona.set_unusable_password()
            nuovi.append(persona)
    User.objects.bulk_create(nuovi)
    utenti = {u.codice_fiscale: u for u in User.objects.filter(codice_fiscale__in=codici)}

    numero = Istituto.objects.count() + 1
    while Istituto.objects.filter(codice_meccanografico=f"RMIC{numero:05d}B").exists():
        numero += 1
    istituto = Istituto.objects.create(
        codice_meccanografico=f"RMIC{numero:05d}B", denominazione=f"IC Bench n. {numero}",
        codice_fiscale="97000010583", indirizzo="Via dei Quattro Venti 10", comune="Roma",
        provincia="RM", regione="Lazio", email=f"rmic{numero:05d}b@istruzione.it",
        pec=f"rmic{numero:05d}b@pec.istruzione.it")
    ds, _ = User.objects.get_or_create(codice_fiscale=DS_CODICE_FISCALE,
                                       defaults={"nome": "Maria", "cognome": "Rossi"})
    membership = Membership.objects.create(user=ds, ruolo=Ruolo.DS, istituto=istituto,
                                           valido_dal=timezone.localdate())
    kw = {"autore": ds, "membership": membership}
    procedura = services.crea_procedura(
        **kw, oggetto="Esperto di robotica educativa – PNRR DM 65", tipologia_incarico="esperto",
        profilo="Laurea in ingegneria, esperienza di robotica con studenti.", numero_incarichi=1,
        compenso=Decimal("2310.00"), modalita_pagamento="30 ore a 77 € l'ora, al termine",
        data_inizio_attivita=date(2027, 1, 10), data_fine_attivita=date(2027, 5, 31),
        luogo="Sede centrale", ammette_interni=True, ammette_privati=True,
        requisiti_ammissione="Laurea magistrale o vecchio ordinamento")
    cv = services.aggiungi_allegato(**kw, procedura=procedura, nome="Curriculum vitae",
                                    formati=[FormatoAllegato.PDF])
    identita = services.aggiungi_allegato(**kw, procedura=procedura,
                                          nome="Documento d'identità",
                                          formati=[FormatoAllegato.PDF])
    sabato = services.aggiungi_campo(**kw, procedura=procedura,
                                     etichetta="Disponibilità il sabato", tipo=TipoCampo.SI_NO)
    laurea = services.aggiungi_criterio(
        **kw, procedura=procedura, descrizione="Laurea magistrale", tipo=TipoCriterio.VOTO_LAUREA,
        fasce=[[100, 6], [105, 12], [110, 18]], bonus_lode=Decimal(2))
    lingue = services.aggiungi_criterio(
        **kw, procedura=procedura, descrizione="Certificazioni linguistiche",
        tipo=TipoCriterio.PER_UNITA, punti=Decimal(1), massimo=Decimal(3), unita="certificazione")
    ecdl = services.aggiungi_criterio(**kw, procedura=procedura, descrizione="Patente ECDL",
                                      tipo=TipoCriterio.FISSO, punti=Decimal(3))
    services.concludi(**kw, procedura=procedura)
    adesso = timezone.now()
    services.pubblica(**kw, procedura=procedura, data_apertura=adesso + timedelta(minutes=1),
                      data_chiusura=adesso + timedelta(days=1))
    services.apri(**kw, procedura=procedura)

    # Sessions as a login leaves them (the SAML exchange itself is out of scope).
    Session.objects.filter(expire_date__lt=timezone.now()).delete()  # previous runs'
    from importlib import import_module

    motore = import_module(settings.SESSION_ENGINE)
    sessioni = []
    for cf in codici:
        utente = utenti[cf]
        sessione = motore.SessionStore()
        sessione[SESSION_KEY] = utente._meta.pk.value_to_string(utente)
        sessione[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        sessione[HASH_SESSION_KEY] = utente.get_session_auth_hash()
        sessione[INIZIO] = sessione[ATTIVITA] = time.time()
        sessione.create()
        sessioni.append(sessione.session_key)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    campi = []
    for n, (cf, chiave) in enumerate(zip(codici, sessioni, strict=True)):
        campi.append({
            "codice_fiscale": cf, "utente": utenti[cf].pk, "sessione": chiave,
            "dati": [
                ("categoria", "privato"), ("amministrazione_appartenenza", ""),
                ("email", f"candidato{n}@example.it"), ("pec", ""),
                ("telefono", f"333{n:07d}"), ("indirizzo", f"Via Verdi {n + 1}, Milano"),
                (f"campo_{sabato.pk}", "si"),
                (f"criterio_{laurea.pk}", str(100 + n % 11)), (f"criterio_{laurea.pk}_lode", "on"),
                (f"criterio_{laurea.pk}_descrizione", "Laurea in ingegneria, Università di Pisa"),
                (f"criterio_{lingue.pk}", str(n % 4)),
                (f"criterio_{lingue.pk}_descrizione", "B2 inglese (Cambridge FCE)"),
                (f"criterio_{ecdl.pk}", "on"), (f"criterio_{ecdl.pk}_descrizione", "ECDL Full"),
                ("dichiara_incompatibilita", "on"), ("dichiara_conflitto_interessi", "on"),
                ("dichiara_codice_comportamento", "on"), ("dichiara_dpr_445", "on"),
                ("presa_visione_privacy", "on"), ("riepilogo", ""),
            ],
        })
    return {"procedura": procedura.pk, "istituto": istituto.pk,
            "allegati": {"cv": cv.pk, "identita": identita.pk}, "candidati": campi}


# --- the journey -------------------------------------------------------------------------

def multipart(campi: list[tuple[str, str]], file: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    confine = "----bench" + uuid.uuid4().hex
    parti = []
    for nome, valore in campi:
        parti.append(f'--{confine}\r\nContent-Disposition: form-data; name="{nome}"\r\n\r\n'
                     f"{valore}\r\n".encode())
    for nome, nome_file, dati in file:
        parti.append(f'--{confine}\r\nContent-Disposition: form-data; name="{nome}"; '
                     f'filename="{nome_file}"\r\nContent-Type: application/pdf\r\n\r\n'.encode())
        parti.append(dati)
        parti.append(b"\r\n")
    parti.append(f"--{confine}--\r\n".encode())
    return b"".join(parti), f"multipart/form-data; boundary={confine}"


class Errore(Exception):
    pass


class Browser:
    """One candidate's cookies over a new loopback connection per request."""

    def __init__(self, porta: int, sessione: str):
        self.porta = porta
        self.origine = f"http://127.0.0.1:{porta}"
        self.cookie = {"sessionid": sessione}

    def richiesta(self, metodo: str, percorso: str, corpo: bytes | None = None,
                  tipo: str | None = None) -> tuple[int, dict, str, float]:
        intestazioni = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookie.items()),
                        "Accept": "text/html", "User-Agent": "bench-candidature"}
        if metodo == "POST":
            intestazioni |= {"Origin": self.origine, "Referer": self.origine + percorso,
                             "Content-Type": tipo}
        inizio = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.porta, timeout=TIMEOUT)
        try:
            conn.request(metodo, percorso, body=corpo, headers=intestazioni)
            risposta = conn.getresponse()
            testo = risposta.read().decode("utf-8", "replace")
        finally:
            conn.close()
        durata = time.perf_counter() - inizio
        for nome, valore in risposta.getheaders():
            if nome.lower() == "set-cookie":
                for morsel in SimpleCookie(valore).values():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookie.pop(morsel.key, None)
                    else:
                        self.cookie[morsel.key] = morsel.value
        return risposta.status, dict(risposta.getheaders()), testo, durata


def percorso_candidato(porta: int, procedura: int, allegati: dict, candidato: dict,
                       file: dict) -> dict:
    """The four requests of one candidate; raises Errore at the first unexpected answer."""
    browser = Browser(porta, candidato["sessione"])
    modulo = f"/avvisi/{procedura}/candidatura/"
    tempi = {}

    stato, _, testo, tempi["modulo"] = browser.richiesta("GET", modulo)
    token = CSRF_RE.search(testo)
    if stato != 200 or not token or "csrftoken" not in browser.cookie:
        raise Errore(f"GET modulo: {stato}, token {'sì' if token else 'no'}")
    campi = candidato["dati"]
    allegati_inviati = [(f"allegato_{allegati['cv']}", "curriculum.pdf", file["cv"]),
                        (f"allegato_{allegati['identita']}", "carta-identita.pdf",
                         file["identita"])]
    nel_modulo = set(NOME_RE.findall(testo))
    assenti = [nome for nome, *_ in campi + allegati_inviati if nome not in nel_modulo]
    if assenti:  # the form changed: a field the bench fills would be silently ignored
        raise Errore(f"GET modulo: campi non presenti nel modulo {assenti}")

    corpo, tipo = multipart([("csrfmiddlewaretoken", token.group(1)), *campi],
                            allegati_inviati)
    stato, intestazioni, testo, tempi["salva"] = browser.richiesta("POST", modulo, corpo, tipo)
    if stato != 302 or intestazioni.get("Location") != modulo + "riepilogo/":
        raise Errore(f"POST modulo: {_spiega(browser, stato, intestazioni, testo)}")

    stato, _, testo, tempi["riepilogo"] = browser.richiesta("GET", modulo + "riepilogo/")
    invia, token = INVIA_RE.search(testo), CSRF_RE.search(testo)
    if stato != 200 or not invia or not token:
        raise Errore(f"GET riepilogo: {stato}, form di invio {'sì' if invia else 'no'} "
                     f"{_avviso(testo)}")

    candidatura = invia.group(1)
    stato, intestazioni, testo, tempi["invia"] = browser.richiesta(
        "POST", f"/candidature/{candidatura}/invia/",
        urlencode({"csrfmiddlewaretoken": token.group(1)}).encode(),
        "application/x-www-form-urlencoded")
    if stato != 302 or intestazioni.get("Location") != f"/candidature/{candidatura}/":
        raise Errore(f"POST invia: {_spiega(browser, stato, intestazioni, testo)}")
    return tempi


def _avviso(testo: str) -> str:
    trovato = re.search(r'class="(?:invalid-feedback|alert[^"]*)"[^>]*>(.{0,300})', testo, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", trovato.group(1)).strip() if trovato else ""


def _spiega(browser: "Browser", stato: int, intestazioni: dict, testo: str) -> str:
    """An unexpected answer in words: after a redirect the message is on the next page."""
    destinazione = intestazioni.get("Location", "")
    if stato == 302 and destinazione.startswith("/"):
        with contextlib.suppress(OSError, http.client.HTTPException):
            testo = browser.richiesta("GET", destinazione)[2]
    return f"{stato} {destinazione} {_avviso(testo)}".strip()


# --- observation of the server -----------------------------------------------------------

class Osservatore(threading.Thread):
    """Samples pg_stat_activity (active backends, lock waits by table) every 0.2 s."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.fermo = url, threading.Event()
        self.campioni = self.attivi = 0
        self.in_attesa: dict[str, int] = {}

    def run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self.fermo.is_set():
                righe = conn.execute(
                    "SELECT state, wait_event_type, query FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND state = 'active'").fetchall()
                self.campioni += 1
                self.attivi += len(righe)
                for _, attesa, query in righe:
                    if attesa == "Lock":
                        # the text may be cut at track_activity_query_size: the first
                        # qualified column or the INSERT/UPDATE target names the table
                        tabella = re.search(r'(?:INTO|UPDATE) "(\w+)"|"(\w+)"\."', query)
                        chiave = (tabella.group(1) or tabella.group(2)) if tabella else query[:40]
                        self.in_attesa[chiave] = self.in_attesa.get(chiave, 0) + 1
                time.sleep(0.2)


def cpu_macchina() -> tuple[int, int]:
    valori = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return sum(valori), valori[3] + valori[4]  # total, idle + iowait


def cpu_processi(pid_padre: int) -> dict[str, float]:
    """Seconds of CPU used so far by gunicorn's workers (children of `pid_padre`), by the
    PostgreSQL processes and by this process (the clients)."""
    totali = {"gunicorn": 0, "postgres": 0}
    for voce in Path("/proc").iterdir():
        if not voce.name.isdigit():
            continue
        try:
            nome, resto = (voce / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        campi = resto.split()
        tempo = int(campi[11]) + int(campi[12])
        if int(campi[1]) == pid_padre:
            totali["gunicorn"] += tempo
        elif nome.endswith("(postgres"):
            totali["postgres"] += tempo
    risultato = {k: v / os.sysconf("SC_CLK_TCK") for k, v in totali.items()}
    uso = resource.getrusage(resource.RUSAGE_SELF)
    risultato["client"] = uso.ru_utime + uso.ru_stime
    return risultato


def percentile(valori: list[float], p: float) -> float:
    ordinati = sorted(valori)
    return ordinati[min(len(ordinati) - 1, int(len(ordinati) * p))] * 1000 if ordinati else 0.0


# --- checks in the database --------------------------------------------------------------

def verifica(dati: dict, attese: dict[tuple[str, int], str]) -> list[str]:
    """What is wrong in the database after the run (empty when everything holds)."""
    from django.core.files.storage import default_storage

    from candidature.models import AllegatoCandidatura, Candidatura
    from portale.models import ContatoreProtocollo, Protocollo

    problemi = []
    candidature = list(Candidatura.objects.filter(procedura_id=dati["procedura"])
                       .select_related("candidato", "protocollo"))
    inviate = [c for c in candidature if c.stato == "inviata"]
    attese_inviate = len(dati["candidati"])
    if len(inviate) != attese_inviate:
        problemi.append(f"candidature inviate {len(inviate)} su {attese_inviate} "
                        f"(stati: {sorted({c.stato for c in candidature})})")
    if len({c.candidato_id for c in inviate}) != len(inviate):
        problemi.append("più candidature inviate per lo stesso candidato")
    numeri = sorted(c.protocollo.numero for c in inviate if c.protocollo)
    if numeri != list(range(1, len(inviate) + 1)):
        doppi = len(numeri) - len(set(numeri))
        problemi.append(f"numeri di protocollo non consecutivi da 1: {len(numeri)} numeri, "
                        f"{doppi} ripetuti, min {numeri[:1]}, max {numeri[-1:]}")
    registrati = Protocollo.objects.filter(istituto_id=dati["istituto"]).count()
    contatore = ContatoreProtocollo.objects.filter(istituto_id=dati["istituto"]).first()
    if registrati != len(inviate) or (contatore and contatore.ultimo_numero != len(inviate)):
        problemi.append(f"registro di protocollo: {registrati} righe, contatore "
                        f"{contatore and contatore.ultimo_numero}, inviate {len(inviate)}")
    if any(not c.sha256 or not c.inviata_il for c in inviate):
        problemi.append("candidature inviate senza impronta o data di invio")
    inviati = {c["codice_fiscale"]: dict(c["dati"]) for c in dati["candidati"]}
    diversi = sum(
        1 for c in inviate
        if (c.categoria, c.telefono, c.indirizzo) != tuple(
            inviati[c.candidato.codice_fiscale][k] for k in ("categoria", "telefono", "indirizzo"))
        or not all(c.autocertificazioni.values()) or len(c.risposte) != 1)
    if diversi:
        problemi.append(f"{diversi} candidature inviate con dati diversi da quelli del modulo")
    allegati = list(AllegatoCandidatura.objects.filter(candidatura__procedura_id=dati["procedura"])
                    .select_related("candidatura__candidato"))
    if len(allegati) != 2 * attese_inviate:
        problemi.append(f"allegati {len(allegati)} su {2 * attese_inviate}")
    sbagliati = 0
    for allegato in allegati:
        chiave = (allegato.candidatura.candidato.codice_fiscale, allegato.allegato_richiesto_id)
        with default_storage.open(allegato.percorso, "rb") as file:
            contenuto = file.read()
        impronta = sha256(contenuto).hexdigest()
        if not (impronta == allegato.sha256 == attese.get(chiave)
                and len(contenuto) == allegato.dimensione == DIMENSIONE_ALLEGATO):
            sbagliati += 1
    if sbagliati:
        problemi.append(f"{sbagliati} allegati con SHA-256 o dimensione diversi da quelli inviati")
    return problemi


# --- the server --------------------------------------------------------------------------

# gunicorn's settings: bench.settings plus a log handler, so that a server error leaves its
# traceback in gunicorn.log (bench.settings disables Django's loggers and has no handler).
IMPOSTAZIONI_SERVER = """from bench.settings import *  # noqa: F403

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"stderr": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["stderr"], "level": "WARNING"}}
"""


def porta_libera() -> int:
    with socket.socket() as prova:
        prova.bind(("127.0.0.1", 0))
        return prova.getsockname()[1]


def _muori_con_il_padre(padre: int):
    """In gunicorn's master before exec: SIGTERM when this process dies, even by SIGKILL."""
    def prepara_figlio():
        if sys.platform.startswith("linux"):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
            if os.getppid() != padre:  # the parent died before prctl
                os.kill(os.getpid(), signal.SIGTERM)
    return prepara_figlio


def avvia_server(opzioni, porta: int, log) -> subprocess.Popen:
    (CARTELLA / "impostazioni_bench_candidature.py").write_text(IMPOSTAZIONI_SERVER)
    ambiente = os.environ | {
        "DJANGO_SETTINGS_MODULE": "impostazioni_bench_candidature",
        "PYTHONPATH": os.pathsep.join([str(RADICE), str(CARTELLA)]),
    }
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "bench.wsgi:application",
         "--bind", f"127.0.0.1:{porta}", "--workers", str(opzioni.worker),
         "--worker-class", "gthread", "--threads", str(opzioni.thread),
         "--timeout", "120", "--graceful-timeout", "10", "--log-level", "warning"],
        cwd=RADICE, env=ambiente, stdout=log, stderr=subprocess.STDOUT,
        preexec_fn=_muori_con_il_padre(os.getpid()))  # no other thread runs yet


def attendi_server(server: subprocess.Popen, base: str, secondi: float = 30) -> None:
    """Until the minimal view answers; SystemExit if gunicorn exits or never answers."""
    fine = time.monotonic() + secondi
    while time.monotonic() < fine:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn è terminato (codice {server.returncode}): "
                             f"vedi {CARTELLA / 'gunicorn.log'}")
        try:
            urllib.request.urlopen(base + "/bench/minimo", timeout=1)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn non risponde dopo {secondi:.0f} s: "
                     f"vedi {CARTELLA / 'gunicorn.log'}")


def ferma_server(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def _interrompi(segnale, frame):
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: the finally blocks stop gunicorn


# --- main --------------------------------------------------------------------------------

def main():
    argomenti = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argomenti.add_argument("--candidati", type=int, default=CANDIDATI)
    argomenti.add_argument("--rampa", type=float, default=40.0,
                           help="secondi entro cui partono tutti i candidati (0: insieme); "
                                "il requisito è un minuto")
    argomenti.add_argument("--worker", type=int, default=WORKER,
                           help=f"processi gunicorn (predefinito {WORKER}: uno più uno per core)")
    argomenti.add_argument("--thread", type=int, default=4, help="thread per processo")
    argomenti.add_argument("--porta", type=int, default=0,
                           help="porta su 127.0.0.1 (predefinita: una libera)")
    argomenti.add_argument("--json", metavar="PERCORSO", help="scrive le cifre in JSON")
    opzioni = argomenti.parse_args()
    if opzioni.candidati < 1 or opzioni.rampa < 0 or opzioni.worker < 1 or opzioni.thread < 1:
        argomenti.error("candidati, worker e thread almeno 1, rampa non negativa")

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Serve DATABASE_URL verso PostgreSQL "
                 "(es. postgres://postgres@127.0.0.1:5432/bench_candidature)")
    signal.signal(signal.SIGTERM, _interrompi)
    try:
        return esegui(opzioni, url)
    except KeyboardInterrupt:
        print(f"interrotto: gunicorn fermato; file della prova in {CARTELLA}", file=sys.stderr)
        return 130


def esegui(opzioni, url: str) -> int:
    global CARTELLA
    assicura_database(url)
    CARTELLA = Path(tempfile.mkdtemp(prefix="bench_candidature-"))
    os.environ |= {"DJANGO_SETTINGS_MODULE": "bench.settings", "VAR_DIR": str(CARTELLA),
                   "CELERY_BROKER_URL": "filesystem://", "DJANGO_ENV": "development"}
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 50)
    sys.path.insert(0, str(RADICE))
    if subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=RADICE,
                      env=os.environ).returncode:
        sys.exit("migrate non è riuscito: il benchmark non parte")
    dati = prepara(opzioni.candidati)
    file, attese = [], {}
    for candidato in dati["candidati"]:
        coppia = {nome: pdf_imbottito(f"{nome} di {candidato['codice_fiscale']}")
                  for nome in ("cv", "identita")}
        file.append(coppia)
        for nome, contenuto in coppia.items():
            attese[(candidato["codice_fiscale"], dati["allegati"][nome])] = sha256(contenuto).hexdigest()
    verifica_campione(file[0]["cv"])

    porta = opzioni.porta or porta_libera()
    base = f"http://127.0.0.1:{porta}"
    n = len(dati["candidati"])
    risultati: list[dict | None] = [None] * n
    errori: list[str] = []
    partenze: list[float] = []
    blocco = threading.Lock()
    osservatore = Osservatore(url)
    server = None
    log = open(CARTELLA / "gunicorn.log", "w")  # noqa: SIM115 - closed after the server
    try:
        server = avvia_server(opzioni, porta, log)
        attendi_server(server, base)
        try:
            for _ in range(4 * opzioni.worker):  # every worker imports and renders once
                urllib.request.urlopen(f"{base}/avvisi/{dati['procedura']}/", timeout=30)  # noqa: S310
        except OSError as errore:
            raise SystemExit(f"la pagina dell'avviso non risponde ({errore}): "
                             f"vedi {CARTELLA / 'gunicorn.log'}") from None

        # CSRF stays on: a POST without the token is refused before any view runs.
        senza_token = Browser(porta, dati["candidati"][0]["sessione"]).richiesta(
            "POST", "/candidature/0/invia/", b"", "application/x-www-form-urlencoded")[0]

        passo = opzioni.rampa / max(1, n - 1)
        cpu_prima, cpu_idle_prima = cpu_macchina()
        processi_prima = cpu_processi(server.pid)
        inizio = time.monotonic()

        def candidato(i: int):
            time.sleep(max(0.0, inizio + i * passo - time.monotonic()))
            partito = time.monotonic()
            with blocco:
                partenze.append(partito - inizio)
            try:
                tempi = percorso_candidato(porta, dati["procedura"], dati["allegati"],
                                           dati["candidati"][i], file[i])
            except Exception as errore:  # every failure is counted and shown
                with blocco:
                    errori.append(f"{dati['candidati'][i]['codice_fiscale']}: {errore!r}")
                return
            tempi["percorso"] = time.monotonic() - partito
            tempi["fine"] = time.monotonic() - inizio
            risultati[i] = tempi

        osservatore.start()
        fili = [threading.Thread(target=candidato, args=(i,), daemon=True) for i in range(n)]
        for filo in fili:
            filo.start()
        scadenza = inizio + opzioni.rampa + MARGINE
        for filo in fili:
            filo.join(max(0.0, scadenza - time.monotonic()))
        durata = time.monotonic() - inizio
        osservatore.fermo.set()
        cpu_dopo, cpu_idle_dopo = cpu_macchina()
        processi = {k: v - processi_prima[k] for k, v in cpu_processi(server.pid).items()}
        with blocco:  # a journey still running past the deadline is not counted as done
            completati = [r for r in risultati if r]
            errori, partenze = list(errori), list(partenze)
        in_corso = sum(filo.is_alive() for filo in fili)
    finally:
        osservatore.fermo.set()
        ferma_server(server)
        log.close()

    problemi = [f"{len(errori)} percorsi con errori"] if errori else []
    if in_corso:
        problemi.append(f"{in_corso} percorsi non conclusi {MARGINE} s dopo l'ultima partenza")
    if len(completati) != n and not errori and not in_corso:
        problemi.append(f"percorsi completati {len(completati)} su {n}")
    if senza_token != 403:
        problemi.append(f"POST senza token CSRF: {senza_token}, atteso 403")
    if len(partenze) != n or max(partenze, default=0) > 60:
        problemi.append(f"partiti {len(partenze)} candidati su {n}, l'ultimo dopo "
                        f"{max(partenze, default=0):.1f} s (al massimo 60 s)")
    problemi += verifica(dati, attese)

    occupata = 1 - (cpu_idle_dopo - cpu_idle_prima) / max(1, cpu_dopo - cpu_prima)
    campioni = max(1, osservatore.campioni)
    attese_lock = ", ".join(f"{t} {v / campioni:.2f}" for t, v in
                            sorted(osservatore.in_attesa.items(), key=lambda x: -x[1])[:3])
    mb = 2 * DIMENSIONE_ALLEGATO * len(completati) / 1024 / 1024
    righe = [
        f"candidature ({n} candidati in {opzioni.rampa:.0f} s, gunicorn {opzioni.worker} worker "
        f"gthread × {opzioni.thread} thread, due allegati PDF da 1 MiB ciascuno)",
        f"  percorsi completati {len(completati)}/{n}, errori {len(errori)}, "
        f"ultima partenza a {max(partenze, default=0):.1f} s, ultimo invio concluso a "
        f"{max((r['fine'] for r in completati), default=0):.1f} s",
        f"  durata totale {durata:.1f} s, {len(completati) / durata:.2f} candidature/s, "
        f"{4 * len(completati) / durata:.1f} req/s, {mb / durata:.1f} MiB/s caricati",
    ]
    for passo_nome in ("modulo", "salva", "riepilogo", "invia", "percorso"):
        valori = [r[passo_nome] for r in completati]
        righe.append(f"  {passo_nome:<10} p50 {percentile(valori, 0.5):8.1f} ms   "
                     f"p95 {percentile(valori, 0.95):8.1f} ms   "
                     f"max {max(valori, default=0) * 1000:8.1f} ms")
    tutte = [r[passo_nome] for r in completati for passo_nome in
             ("modulo", "salva", "riepilogo", "invia")]
    righe += [
        f"  {'richieste':<10} p50 {percentile(tutte, 0.5):8.1f} ms   "
        f"p95 {percentile(tutte, 0.95):8.1f} ms   max {max(tutte, default=0) * 1000:8.1f} ms",
        f"  CPU macchina {occupata * 100:.0f}% di {os.cpu_count()} core; secondi di CPU: worker "
        f"gunicorn {processi['gunicorn']:.1f}, PostgreSQL {processi['postgres']:.1f}, "
        f"client {processi['client']:.1f}",
        f"  backend PostgreSQL attivi in media {osservatore.attivi / campioni:.1f}, "
        f"in attesa di lock in media: {attese_lock or 'nessuno'}",
    ]
    righe += [f"  ERRORE: {e}" for e in errori[:10]]
    righe += [f"  VERIFICA FALLITA: {p}" for p in problemi]
    righe.append("  esito: " + ("OK" if not problemi else "FALLITO"))
    print("\n".join(righe))
    from bench import esito

    passi = {nome: {"p50_ms": percentile([r[nome] for r in completati], 0.5),
                    "p95_ms": percentile([r[nome] for r in completati], 0.95),
                    "max_ms": max((r[nome] for r in completati), default=0) * 1000}
             for nome in ("modulo", "salva", "riepilogo", "invia", "percorso")}
    esito.scrivi(
        opzioni.json, "candidature", righe=righe, superato=not problemi,
        descrizione=f"{n} candidati autenticati partiti entro {opzioni.rampa:.0f} s, percorso "
                    "HTTP reale (modulo, POST con due PDF da 1 MiB, riepilogo, «Invia», CSRF), "
                    f"gunicorn {opzioni.worker} worker gthread × {opzioni.thread} thread",
        obiettivo="0 errori, 0 persi, tutte «inviata» con protocollo 1..N, SHA-256 degli "
                  "allegati uguali a quelli inviati",
        figure={"candidati": n, "completati": len(completati), "errori": len(errori),
                "durata_s": durata, "candidature_al_s": len(completati) / durata,
                "richieste_al_s": 4 * len(completati) / durata, "passi": passi,
                "cpu_macchina": occupata, "cpu_s": processi, "problemi": problemi})
    if problemi:
        print(f"  (log di gunicorn e file caricati in {CARTELLA})")
    else:
        shutil.rmtree(CARTELLA, ignore_errors=True)  # 2 MiB per candidate
    return 0 if not problemi else 1


if __name__ == "__main__":
    sys.exit(main())
