"""Benchmark of the candidate's submission (issues 5 and 19), driven by Locust (headless).

One open procedura di selezione (two required PDF attachments, a question, three criteria),
600 candidates with an authenticated session, served by gunicorn on loopback. Each candidate
is a Locust user (bench/locust_candidature.py) doing once the real HTTP journey of the form in
steps, CSRF included, following every redirect as a browser does (every step's form is
multipart/form-data, as the page declares):

    GET  /avvisi/<pk>/candidatura/                       step «Dati e contatti»
    POST /avvisi/<pk>/candidatura/passi/dati/            → 302 → GET …/passi/categoria/
    POST …/passi/categoria/                              → 302 → GET …/passi/titoli/
    POST …/passi/titoli/                                 → 302 → GET …/passi/allegati/
    POST …/passi/allegati/   (two 1 MiB PDFs)            → 302 → GET …/passi/dichiarazioni/
    POST …/passi/dichiarazioni/                          → 302 → GET …/candidatura/riepilogo/
    POST /candidature/<id>/invia/                        → 302 to the sent application

All 600 start within the ramp (60 s: 10 applications a second). Afterwards every journey
must have ended with the redirect to the sent application, and the database must hold 600
applications «inviata», protocol numbers 1..600 without gaps or duplicates, and every
attachment stored with the SHA-256 of the bytes Locust sent. Targets: p95 of each request
≤ 1 s; backends waiting for a lock (pg_stat_activity sampled every 0.2 s) near zero (on
average ≤ 0.05); server CPU per application ≤ 3× that of `bench/ricevi`, a minimal view that
only receives and stores the same two files, driven right after by the same Locust setup (one
request per candidate, same count and ramp) on the same gunicorn. Exit status 1 if any check
fails or a target is missed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_candidature .venv/bin/python -m bench.candidature
    … -m bench.candidature --candidati 60 --rampa 10      a quick check
    … -m bench.candidature --profilo                       where the CPU goes, in-process

`--profilo` starts no server: it runs the same journey in-process (Django's test client,
CSRF enforced) for a few candidates, measures the CPU of each request without a profiler
(first half) and profiles it with cProfile (second half): per request, the share of the own
time by area (templates, forms, ORM, driver, upload, hashing, …) and the top functions.

The database is created when missing; its name must contain "bench" (the run writes test
data). The candidate users are created once; each run adds its own istituto and procedura (so
the istituto's protocol counter starts from 1) and fresh sessions (expired ones are deleted).
Uploaded files, the avviso PDF, the Celery messages (filesystem broker, no worker), Locust's
and gunicorn's logs (with the traceback of any server error) go to a new private folder under
the system temp directory, never to the checkout's var/: removed after a successful run, kept
and named after a failed one. gunicorn listens on a free loopback port and is stopped on
exit, on Ctrl-C and on SIGTERM (and, on Linux, if this process dies).
"""

import argparse
import contextlib
import json
import os
import random
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
from pathlib import Path
from urllib.parse import urlsplit

RADICE = Path(__file__).resolve().parent.parent
CARTELLA = Path(tempfile.gettempdir())  # the run's own folder, made in esegui()
CANDIDATI = 600
RAMPA = 60.0
DIMENSIONE_ALLEGATO = 1024 * 1024
TIMEOUT = 60  # seconds, for each request of a candidate
MARGINE = 240  # seconds after the last start within which every journey must have ended
WORKER = (os.cpu_count() or 1) + 1  # 3 on two cores, as docker-compose.yml and the Dockerfile
P95_MASSIMO_MS = 1000
RAPPORTO_MASSIMO = 3.0
ATTESA_LOCK_MASSIMA = 0.05  # backends waiting for a lock, on average over the samples
DS_CODICE_FISCALE = "RSSMRA70A41H501W"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INVIA_RE = re.compile(r'action="/candidature/(\d+)/invia/"')
NOME_RE = re.compile(r'name="([^"]+)"')
# (step, the step its «Avanti» leads to): the order of candidature/passi.py
SEQUENZA = (("dati", "categoria"), ("categoria", "titoli"), ("titoli", "allegati"),
            ("allegati", "dichiarazioni"), ("dichiarazioni", "riepilogo"))
# the requests of one journey, in order, as named in Locust's statistics
# the requests of one journey, by name: without JavaScript each step's POST is followed by the
# GET of the redirect; with it (htmx) the POST's answer is the next page
RICHIESTE_SENZA_JAVASCRIPT = (
    "modulo GET", "dati POST", "categoria GET", "categoria POST", "titoli GET", "titoli POST",
    "allegati GET", "allegati POST", "dichiarazioni GET", "dichiarazioni POST", "riepilogo GET",
    "invia POST")
RICHIESTE_CON_JAVASCRIPT = tuple(n for n in RICHIESTE_SENZA_JAVASCRIPT
                                 if n == "modulo GET" or not n.endswith(" GET"))


def richieste_del_percorso(javascript: bool) -> tuple[str, ...]:
    return RICHIESTE_CON_JAVASCRIPT if javascript else RICHIESTE_SENZA_JAVASCRIPT
FILE = (("cv", "curriculum.pdf"), ("identita", "carta-identita.pdf"))


# --- data ------------------------------------------------------------------------------


def pdf_imbottito(testo: str, dimensione: int = DIMENSIONE_ALLEGATO,
                  seme: str | None = None) -> bytes:
    """A well-formed one-page PDF of exactly `dimensione` bytes.

    The page is real; the bulk is an unreferenced stream object of random bytes (so every
    file, and its SHA-256, is unique), listed in the cross-reference table like any object.
    With `seme` the bytes are pseudo-random from that seed (Locust makes each candidate's
    files when the candidate starts, instead of holding 1.2 GiB from the beginning).
    """
    def costruisci(riempimento: int) -> bytes:
        flusso = f"BT /F1 12 Tf 72 720 Td ({testo}) Tj ET".encode("latin-1")
        imbottitura = (random.Random(seme).randbytes(riempimento) if seme is not None
                       else os.urandom(riempimento))
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


def prepara(candidati: int, riscaldamento: int = 0) -> dict:
    """Users once; istituto, open procedura and sessions at every run. With `riscaldamento`,
    a second avviso (its own istituto, so the run's protocol numbers still start from 1) to
    which the first `riscaldamento` candidates apply before the run, warming the workers."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from accounts.spid.sessione import ATTIVITA, INIZIO
    from tests.persone import codice_fiscale_di_prova

    codici = [codice_fiscale_di_prova(n) for n in range(max(candidati, riscaldamento))]
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
    ds, _ = User.objects.get_or_create(codice_fiscale=DS_CODICE_FISCALE,
                                       defaults={"nome": "Maria", "cognome": "Rossi"})
    avviso = _nuovo_avviso(ds)
    di_riscaldamento = _nuovo_avviso(ds) if riscaldamento else None

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

    seme = uuid.uuid4().hex

    def per(avviso: tuple[dict, dict], quanti: int) -> dict:
        dati, elementi = avviso
        return {**dati, "seme": seme, "candidati": [
            _candidato(n, cf, chiave, **elementi)
            for n, (cf, chiave) in enumerate(zip(codici[:quanti], sessioni, strict=False))]}

    dati = per(avviso, candidati)
    if di_riscaldamento:
        dati["riscaldamento"] = per(di_riscaldamento, riscaldamento)
    return dati


def _nuovo_avviso(ds) -> tuple[dict, dict]:
    """A new istituto with its DS and an open avviso: what the run's candidates apply to, and
    the ids of the elements their steps fill in."""
    from django.utils import timezone

    from accounts.models import Istituto, Membership, Ruolo
    from procedure import services
    from procedure.models import FormatoAllegato, TipoCampo, TipoCriterio

    numero = Istituto.objects.count() + 1
    while Istituto.objects.filter(codice_meccanografico=f"RMIC{numero:05d}B").exists():
        numero += 1
    istituto = Istituto.objects.create(
        codice_meccanografico=f"RMIC{numero:05d}B", denominazione=f"IC Bench n. {numero}",
        codice_fiscale="97000010583", indirizzo="Via dei Quattro Venti 10", comune="Roma",
        provincia="RM", regione="Lazio", email=f"rmic{numero:05d}b@istruzione.it",
        pec=f"rmic{numero:05d}b@pec.istruzione.it")
    membership = Membership.objects.create(user=ds, ruolo=Ruolo.DS, istituto=istituto,
                                           valido_dal=timezone.localdate())
    kw = {"autore": ds, "membership": membership}
    procedura = services.crea_procedura(
        **kw, oggetto="Esperto di robotica educativa – PNRR DM 65", tipologia_incarico="esperto",
        profilo="Laurea in ingegneria, esperienza di robotica con studenti.", numero_incarichi=1,
        compenso=Decimal("2310.00"), base_compenso="lordo_stato",
        modalita_pagamento="30 ore a 77 € l'ora, al termine",
        # months ahead of any run: the portal refuses an avviso whose activities have begun
        data_inizio_attivita=timezone.localdate() + timedelta(days=90),
        data_fine_attivita=timezone.localdate() + timedelta(days=240),
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
    return ({"procedura": procedura.pk, "istituto": istituto.pk,
             "allegati": {"cv": cv.pk, "identita": identita.pk}},
            {"sabato": sabato.pk, "laurea": laurea.pk, "lingue": lingue.pk, "ecdl": ecdl.pk})


def _candidato(n: int, cf: str, sessione: str, *, sabato: int, laurea: int, lingue: int,
               ecdl: int) -> dict:
    """Candidate n of a run: the fields each step posts (its own fields only)."""
    from procedure.modulo import AUTOCERTIFICAZIONI

    voto = 100 + n % 11
    return {
        "codice_fiscale": cf, "sessione": sessione,
        "passi": {
            "dati": [("email", f"candidato{n}@example.it"), ("pec", ""),
                     ("telefono", f"333{n:07d}"), ("indirizzo", f"Via Verdi {n + 1}, Milano")],
            "categoria": [("categoria", "privato"),
                          (f"campo_{sabato}", "si")],
            "titoli": [
                (f"criterio_{laurea}", str(voto)),
                *([(f"criterio_{laurea}_lode", "on")] if voto == 110 else []),
                (f"criterio_{laurea}_descrizione", "Laurea in ingegneria, Università di Pisa"),
                (f"criterio_{lingue}", str(n % 4)),
                (f"criterio_{lingue}_descrizione", "B2 inglese (Cambridge FCE)"),
                (f"criterio_{ecdl}", "on"), (f"criterio_{ecdl}_descrizione", "ECDL Full"),
            ],
            "allegati": [],
            "dichiarazioni": [(nome, "on") for nome in AUTOCERTIFICAZIONI],
        },
    }


def file_del_candidato(dati: dict, candidato: dict) -> dict[str, bytes]:
    """The two PDFs a candidate sends, the same wherever they are made (seeded by the run)."""
    cf = candidato["codice_fiscale"]
    return {nome: pdf_imbottito(f"{nome} di {cf}", seme=f"{dati['seme']}-{cf}-{nome}")
            for nome, _ in FILE}


# --- the journey (run by Locust, and in-process by --profilo) ------------------------------

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


def url_passo(procedura: int, slug: str) -> str:
    modulo = f"/avvisi/{procedura}/candidatura/"
    return modulo + ("riepilogo/" if slug == "riepilogo" else f"passi/{slug}/")


def percorso_candidato(richiesta, procedura: int, allegati: dict, candidato: dict,
                       file: dict[str, bytes], javascript: bool = True) -> int:
    """The requests of one candidate; the id of the sent application. Raises Errore at the
    first unexpected answer.

    With `javascript` (a browser running the page's htmx, as most do) each step is one POST
    answered by the next step's page and its address (HX-Push-Url): 7 requests. Without, each
    POST is answered by a redirect that the browser follows: 12 requests.

    `richiesta(nome, metodo, percorso, corpo=None, tipo=None, htmx=False)` sends one request
    without following redirects and returns (status, Location or HX-Push-Url, text); the
    caller times it.
    """
    stato, _, testo = richiesta("modulo GET", "GET", f"/avvisi/{procedura}/candidatura/")
    if f'action="{url_passo(procedura, "dati")}"' not in testo:
        raise Errore(f"GET modulo: {stato}, il primo passo non invia a passi/dati/ "
                     f"{_avviso(testo)}")
    for slug, prossimo in SEQUENZA:
        token = CSRF_RE.search(testo)
        if stato != 200 or not token:
            raise Errore(f"{slug}: {stato}, token {'sì' if token else 'no'} {_avviso(testo)}")
        campi = candidato["passi"][slug]
        inviati = ([(f"allegato_{allegati[nome]}", nome_file, file[nome])
                    for nome, nome_file in FILE] if slug == "allegati" else [])
        nel_modulo = set(NOME_RE.findall(testo))
        assenti = [nome for nome, *_ in campi + inviati if nome not in nel_modulo]
        if assenti:  # the form changed: a field the bench fills would be silently ignored
            raise Errore(f"{slug}: campi non presenti nel passo {assenti}")
        corpo, tipo = multipart([("csrfmiddlewaretoken", token.group(1)), *campi,
                                 ("vai", prossimo)], inviati)
        stato, destinazione, testo = richiesta(f"{slug} POST", "POST", url_passo(procedura, slug),
                                               corpo, tipo, htmx=javascript)
        if destinazione != url_passo(procedura, prossimo) or stato != (200 if javascript else 302):
            raise Errore(f"POST {slug}: {_spiega(richiesta, stato, destinazione, testo)}")
        if not javascript:
            stato, _, testo = richiesta(f"{prossimo} GET", "GET", destinazione)

    invia, token = INVIA_RE.search(testo), CSRF_RE.search(testo)
    if stato != 200 or not invia or not token or "Prima di inviare completa" in testo:
        raise Errore(f"GET riepilogo: {stato}, form di invio {'sì' if invia else 'no'} "
                     f"{_avviso(testo)}")
    candidatura = invia.group(1)
    corpo = f"csrfmiddlewaretoken={token.group(1)}".encode()
    stato, destinazione, testo = richiesta("invia POST", "POST",
                                           f"/candidature/{candidatura}/invia/", corpo,
                                           "application/x-www-form-urlencoded")
    if stato != 302 or destinazione != f"/candidature/{candidatura}/":
        raise Errore(f"POST invia: {_spiega(richiesta, stato, destinazione, testo)}")
    return int(candidatura)


def _avviso(testo: str) -> str:
    trovato = re.search(r'class="(?:invalid-feedback|alert[^"]*)"[^>]*>(.{0,300})', testo, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", trovato.group(1)).strip() if trovato else ""


def _spiega(richiesta, stato: int, destinazione: str, testo: str) -> str:
    """An unexpected answer in words: after a redirect the message is on the next page."""
    if stato == 302 and destinazione.startswith("/"):
        with contextlib.suppress(Exception):
            testo = richiesta("diagnosi GET", "GET", destinazione)[2]
    return f"{stato} {destinazione} {_avviso(testo)}".strip()


# --- observation of the server -----------------------------------------------------------

class Osservatore(threading.Thread):
    """Samples pg_stat_activity (active backends, lock waits by table) every 0.2 s.

    A backend waiting for a row lock or a table lock has wait_event_type «Lock»."""

    def __init__(self, url: str, cpu: "ContaCPU | None" = None):
        super().__init__(daemon=True)
        self.url, self.fermo, self.cpu = url, threading.Event(), cpu
        self.campioni = self.attivi = 0
        self.con_attese = self.massimo_in_attesa = 0  # samples with a lock wait; the most at once
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
                if self.cpu and self.campioni % 5 == 0:  # once a second
                    self.cpu.campiona()
                attese = sum(1 for _, attesa, _ in righe if attesa == "Lock")
                self.con_attese += bool(attese)
                self.massimo_in_attesa = max(self.massimo_in_attesa, attese)
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


def cpu_per_processo(pid_padre: int, database: str) -> dict[str, dict[int, float]]:
    """Seconds of CPU used so far by each of gunicorn's workers (children of `pid_padre`) and
    each PostgreSQL backend of `database` (its process title names it): other databases'
    backends on the same server (test suites running beside) are not counted."""
    tick = os.sysconf("SC_CLK_TCK")
    per = {"gunicorn": {}, "postgres": {}}
    for voce in Path("/proc").iterdir():
        if not voce.name.isdigit():
            continue
        try:
            nome, resto = (voce / "stat").read_text().rsplit(")", 1)
            campi = resto.split()
            if int(campi[1]) == pid_padre:
                chiave = "gunicorn"
            elif nome.endswith("(postgres") and f" {database} " in (
                    voce / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                chiave = "postgres"
            else:
                continue
        except (OSError, IndexError, ValueError):
            continue
        per[chiave][int(voce.name)] = (int(campi[11]) + int(campi[12])) / tick
    return per


class ContaCPU:
    """CPU of gunicorn's workers and of the bench database's backends over a phase, process
    by process: a backend that ends during the phase counts with its last sampled value."""

    def __init__(self, pid_padre: int, database: str):
        self.pid_padre, self.database = pid_padre, database
        self.base = cpu_per_processo(pid_padre, database)
        self.ultimo = {k: dict(v) for k, v in self.base.items()}
        self.figli = _cpu_figli()
        self.macchina = cpu_macchina()
        self.proprio = time.process_time()

    def campiona(self):
        for chiave, valori in cpu_per_processo(self.pid_padre, self.database).items():
            self.ultimo[chiave].update(valori)

    def totali(self) -> dict[str, float]:
        self.campiona()
        risultato = {k: sum(v - self.base[k].get(pid, 0.0) for pid, v in self.ultimo[k].items())
                     for k in self.ultimo}
        risultato["client"] = _cpu_figli() - self.figli  # Locust, once it has ended
        risultato["bench"] = time.process_time() - self.proprio
        totale, inattivo = cpu_macchina()
        occupato = ((totale - self.macchina[0]) - (inattivo - self.macchina[1])) / os.sysconf(
            "SC_CLK_TCK")
        risultato["altri"] = max(0.0, occupato - sum(risultato.values()))
        risultato["macchina"] = 1 - (inattivo - self.macchina[1]) / max(1, totale - self.macchina[0])
        return risultato


def _cpu_figli() -> float:
    uso = resource.getrusage(resource.RUSAGE_CHILDREN)
    return uso.ru_utime + uso.ru_stime


def percentile(valori: list[float], p: float) -> float:
    ordinati = sorted(valori)
    return ordinati[min(len(ordinati) - 1, int(len(ordinati) * p))] * 1000 if ordinati else 0.0


# --- checks in the database --------------------------------------------------------------

def verifica(dati: dict, attese: dict[tuple[str, int], str]) -> list[str]:
    """What is wrong in the database after the run (empty when everything holds).

    `attese`: {(codice fiscale, allegato richiesto id): SHA-256 of the bytes Locust sent}."""
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
    inviati = {c["codice_fiscale"]: dict(v for campi in c["passi"].values() for v in campi)
               for c in dati["candidati"]}
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
         # sync workers, one request at a time each, as deployed (Dockerfile); with threads,
         # gthread: then a thread holding the protocol counter waits for the GIL of its process
         *(("--worker-class", "gthread", "--threads", str(opzioni.thread)) if opzioni.thread > 1
           else ("--worker-class", "sync")),
         "--timeout", "120", "--graceful-timeout", "10", "--log-level", "warning"],
        cwd=RADICE, env=ambiente, stdout=log, stderr=subprocess.STDOUT,
        preexec_fn=_muori_con_il_padre(os.getpid()))  # no other thread runs yet


def _server(opzioni) -> str:
    if opzioni.thread > 1:
        return f"{opzioni.worker} worker gthread × {opzioni.thread} thread"
    return f"{opzioni.worker} worker sync"


def attendi_server(server: subprocess.Popen, base: str, secondi: float = 120) -> None:
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


# --- the load: Locust, headless, in its own process ------------------------------------------

def carico(opzioni, base: str, classe: str, dati: dict, server: subprocess.Popen,
           url: str, fase: str = "") -> dict:
    """One Locust run of `classe` (Candidato: the journey; Ricevente: bench/ricevi) with one
    user per candidate, candidate i started at i × rampa/n s; what it measured and cost.
    `fase` names the run's files (default: the class)."""
    n = len(dati["candidati"])
    nome = fase or classe.lower()
    percorso_dati = CARTELLA / f"locust_dati_{nome}.json"
    percorso_esito = CARTELLA / f"locust_{nome}.json"
    percorso_dati.write_text(json.dumps(dati), encoding="utf-8")
    tasso = n / opzioni.rampa if opzioni.rampa > 0 else n  # candidates started a second
    comando = [str(Path(sys.executable).parent / "locust"),
               "-f", str(RADICE / "bench" / "locust_candidature.py"), classe,
               "--headless", "--users", str(n), "--spawn-rate", f"{max(tasso, 50):.6f}",
               "--run-time", f"{int(opzioni.rampa + MARGINE)}s", "--stop-timeout", "5",
               "--host", base, "--only-summary", "--loglevel", "WARNING",
               "--exit-code-on-error", "0"]
    ambiente = os.environ | {"BENCH_CANDIDATURE_DATI": str(percorso_dati),
                             "BENCH_CANDIDATURE_JAVASCRIPT": "1" if opzioni.javascript else "",
                             "BENCH_CANDIDATURE_ESITO": str(percorso_esito),
                             "BENCH_CANDIDATURE_PASSO": str(1 / tasso),
                             "PYTHONPATH": str(RADICE)}
    conta = ContaCPU(server.pid, urlsplit(url).path.lstrip("/"))
    osservatore = Osservatore(url, conta)
    with open(CARTELLA / f"locust_{nome}.log", "w") as log:
        osservatore.start()
        inizio = time.monotonic()
        try:
            codice = subprocess.run(comando, cwd=RADICE, env=ambiente, stdout=log,
                                    stderr=subprocess.STDOUT).returncode
        finally:
            osservatore.fermo.set()
        durata = time.monotonic() - inizio
    osservatore.join(5)
    processi = conta.totali()
    if not percorso_esito.exists():
        raise SystemExit(f"Locust ({classe}) non ha scritto le sue misure (codice {codice}): "
                         f"vedi {CARTELLA / f'locust_{nome}.log'}")
    esito = json.loads(percorso_esito.read_text(encoding="utf-8"))
    percorsi = esito["percorsi"]
    partiti = esito.get("partiti", percorsi)  # started, ended or not
    partenze = sorted(p["inizio"] for p in partiti)
    primo = partenze[0] if partenze else 0
    completati = [p for p in percorsi if "errore" not in p]
    tempi: dict[str, list[float]] = {}
    fallite = 0
    for nome_richiesta, ms, riuscita in esito["richieste"]:
        tempi.setdefault(nome_richiesta, []).append(ms / 1000)
        fallite += not riuscita
    return {
        "n": n, "durata": durata, "codice": codice, "percorsi": percorsi, "partiti": partiti,
        "completati": completati, "errori": [p["errore"] for p in percorsi if "errore" in p],
        "ultima_partenza": (partenze[-1] - primo) if partenze else 0.0,
        "ultimo_fine": max((p["fine"] - primo for p in completati), default=0.0),
        "tempi": tempi, "richieste": len(esito["richieste"]), "fallite": fallite,
        "cpu_macchina": processi.pop("macchina"), "cpu_s": processi,
        "carico": os.getloadavg(), "osservatore": osservatore,
    }


# --- where the CPU goes: the journey in-process under cProfile -------------------------------

AREE = (  # (area, substrings of the file or function name), the first match wins
    ("modelli e widget (template)", ("django/template/", "templatetags", "crispy_forms",
                                     "crispy_bootstrap", "django/forms/renderers",
                                     "django/forms/boundfield", "django/forms/widgets",
                                     "django/utils/html", "django/utils/safestring")),
    ("form e validazione", ("django/forms/", "django/core/validators")),
    ("ORM (Django)", ("django/db/",)),
    ("driver PostgreSQL", ("psycopg",)),
    ("upload multipart", ("multipartparser", "uploadhandler", "uploadedfile",
                          "django/http/request")),
    ("SHA-256", ("_hashlib", "hashlib", "sha256")),
    ("file e storage", ("django/core/files/", "django/core/files/storage", "<built-in method posix",
                        "<built-in method io.open", "_io.", "shutil", "tempfile")),
    ("PDF (controllo del contenuto)", ("pypdf",)),
    ("sessione, utente, middleware", ("django/contrib/sessions", "django/contrib/auth",
                                      "django/middleware", "django/contrib/messages",
                                      "whitenoise", "allauth")),
    ("URL, traduzioni, date", ("django/urls", "django/utils/translation", "django/utils/formats",
                               "django/utils/dateformat", "django/utils/timezone",
                               "django/utils/numberformat")),
    ("codice del portale", (str(RADICE) + "/",)),
    ("Celery (accodamento)", ("celery", "kombu")),
)


def _area(chiave: tuple) -> str:
    file, _, funzione = chiave
    testo = f"{file} {funzione}"
    if "site-packages" not in file and file.startswith(str(RADICE) + "/"):
        return "codice del portale"
    for area, pezzi in AREE:
        if any(p in testo for p in pezzi):
            return area
    return "Python e altro"


def profila(opzioni, dati: dict) -> int:
    """The journey in-process for --candidati candidates: CPU per request without the
    profiler (first half), cProfile's own time by area and top functions (second half)."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client

    candidati = dati["candidati"]
    meta = max(1, len(candidati) // 2)
    nomi_richieste = richieste_del_percorso(opzioni.javascript)
    cpu: dict[str, list[float]] = {}
    query: dict[str, list[int]] = {}
    contate = []
    testi_sql: dict[str, list[str]] = {}  # the queries of the last unprofiled request

    def conta_query(execute, sql, params, many, context):
        contate.append(sql)
        return execute(sql, params, many, context)

    profili: dict[str, cProfile.Profile] = {}
    for indice, candidato in enumerate(candidati):
        client = Client(enforce_csrf_checks=True)
        client.cookies["sessionid"] = candidato["sessione"]
        profilato = indice >= meta

        def richiesta(nome, metodo, percorso, corpo=None, tipo=None, htmx=False, client=client,
                      profilato=profilato):
            # CPU time of this thread, not wall time: waiting for PostgreSQL is not CPU here
            profilo = (profili.setdefault(nome, cProfile.Profile(time.thread_time))
                       if profilato else None)
            contate.clear()
            inizio = time.thread_time()
            if profilo:
                profilo.enable()
            try:
                with connection.execute_wrapper(conta_query):
                    if metodo == "GET":
                        risposta = client.get(percorso)
                    else:
                        risposta = client.generic("POST", percorso, corpo, content_type=tipo,
                                                  **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
                testo = risposta.content.decode()
            finally:
                if profilo:
                    profilo.disable()
            if not profilo:
                cpu.setdefault(nome, []).append(time.thread_time() - inizio)
                query.setdefault(nome, []).append(len(contate))
                testi_sql[nome] = list(contate)
            return (risposta.status_code, risposta.headers.get("Location")
                    or risposta.headers.get("HX-Push-Url", ""), testo)

        percorso_candidato(richiesta, dati["procedura"], dati["allegati"], candidato,
                           file_del_candidato(dati, candidato), opzioni.javascript)
        if not profilato:  # the floor: the cheapest view with this candidate's session
            richiesta("minimo GET (con sessione)", "GET", "/bench/minimo")

    righe = [f"Dove va la CPU: il percorso in-process (client di test di Django, CSRF attivo), "
             f"{len(candidati)} candidati: CPU senza profiler sui primi {meta}, cProfile sugli "
             f"altri {len(candidati) - meta}", ""]
    totale = sum(percentile(v, 0.5) for k, v in cpu.items() if k in nomi_richieste)
    righe.append(f"CPU di Django per richiesta (mediana, ms; senza PostgreSQL) e query SQL, "
                 f"totale del percorso {totale:.0f} ms e "
                 f"{sum(max(v) for k, v in query.items() if k in nomi_richieste)} query:")
    for nome in (*nomi_richieste, "minimo GET (con sessione)"):
        if nome in cpu:
            righe.append(f"  {nome:<26} {percentile(cpu[nome], 0.5):7.1f} ms  "
                         f"{max(query[nome]):3d} query")
    for nome in nomi_richieste:
        if nome not in profili:
            continue
        statistiche = pstats.Stats(profili[nome])
        voci = statistiche.stats  # {(file, riga, funzione): (cc, nc, tt, ct, chiamanti)}
        proprio = sum(v[2] for v in voci.values()) or 1
        per_area: dict[str, float] = {}
        for chiave, (_, _, tt, _, _) in voci.items():
            area = _area(chiave)
            per_area[area] = per_area.get(area, 0) + tt
        righe += ["", f"== {nome}: tempo proprio per area (sotto profiler, "
                      f"{proprio / max(1, len(candidati) - meta) * 1000:.0f} ms di CPU a richiesta)"]
        righe += [f"  {area:<32} {100 * t / proprio:5.1f}%"
                  for area, t in sorted(per_area.items(), key=lambda x: -x[1]) if t / proprio >= 0.01]
        tabelle: dict[str, int] = {}
        for sql in testi_sql.get(nome, []):
            trovato = re.match(r'\s*(SELECT|INSERT INTO|UPDATE|DELETE|SAVEPOINT|RELEASE|ROLLBACK)'
                               r'(?:.*? FROM)? "?(\w*)', sql, re.S)
            chiave = " ".join(trovato.groups()).strip() if trovato else sql[:30]
            tabelle[chiave] = tabelle.get(chiave, 0) + 1
        righe.append("  query: " + ", ".join(f"{k} ×{v}" for k, v in
                                             sorted(tabelle.items(), key=lambda x: -x[1])))
        righe.append("  funzioni con più tempo proprio (tt) e cumulato (ct), secondi totali:")
        for (file, riga, funzione), (_, nc, tt, ct, _) in sorted(
                voci.items(), key=lambda x: -x[1][2])[:opzioni.profilo_righe]:
            file = file.replace(str(RADICE) + "/", "").split("site-packages/")[-1]
            righe.append(f"    tt {tt:7.3f} ct {ct:7.3f} ×{nc:<6} {funzione} ({file}:{riga})")
        # the portal's functions (and Django's render) by cumulative time, without the
        # wrappers that contain the whole request (middleware, decorators, the view itself)
        portale = [(k, v) for k, v in voci.items()
                   if (k[0].startswith(str(RADICE) + "/") and "site-packages" not in k[0]
                       or k[0].endswith("django/shortcuts.py")) and v[3] < 0.75 * proprio]
        righe.append("  funzioni del portale (e render di Django) per tempo cumulato, senza "
                     "middleware e vista:")
        for (file, riga, funzione), (_, nc, _, ct, _) in sorted(
                portale, key=lambda x: -x[1][3])[:opzioni.profilo_righe]:
            righe.append(f"    ct {ct:7.3f} ×{nc:<6} {funzione} "
                         f"({file.replace(str(RADICE) + '/', '')}:{riga})")
    print("\n".join(righe))
    return 0


# --- main --------------------------------------------------------------------------------

def main():
    argomenti = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argomenti.add_argument("--candidati", type=int,
                           help=f"candidati (predefinito {CANDIDATI}; con --profilo 30)")
    argomenti.add_argument("--rampa", type=float, default=RAMPA,
                           help="secondi entro cui partono tutti i candidati (0: insieme); "
                                f"predefinito {RAMPA:.0f}")
    argomenti.add_argument("--worker", type=int, default=WORKER,
                           help=f"processi gunicorn (predefinito {WORKER}: uno più uno per core)")
    argomenti.add_argument("--thread", type=int, default=1,
                           help="thread per processo (predefinito 1: worker sync, come nel "
                                "Dockerfile; più di 1: gthread)")
    argomenti.add_argument("--porta", type=int, default=0,
                           help="porta su 127.0.0.1 (predefinita: una libera)")
    argomenti.add_argument("--json", metavar="PERCORSO", help="scrive le cifre in JSON")
    argomenti.add_argument("--profilo", action="store_true",
                           help="nessun server: il percorso in-process sotto cProfile, le "
                                "funzioni che costano di più per ogni richiesta")
    argomenti.add_argument("--senza-javascript", dest="javascript", action="store_false",
                           help="il percorso di un browser senza JavaScript: ogni passo è un "
                                "POST e il GET del redirect (12 richieste invece di 7)")
    argomenti.add_argument("--profilo-righe", type=int, default=12,
                           help="funzioni elencate per richiesta con --profilo")
    opzioni = argomenti.parse_args()
    if opzioni.candidati is None:
        opzioni.candidati = 30 if opzioni.profilo else CANDIDATI
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
    dati = prepara(opzioni.candidati,
                   riscaldamento=0 if opzioni.profilo else 2 * opzioni.worker * opzioni.thread)
    verifica_campione(file_del_candidato(dati, dati["candidati"][0])["cv"])
    if opzioni.profilo:
        try:
            return profila(opzioni, dati)
        finally:
            shutil.rmtree(CARTELLA, ignore_errors=True)

    porta = opzioni.porta or porta_libera()
    base = f"http://127.0.0.1:{porta}"
    dati["base"] = base
    n = len(dati["candidati"])
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
        senza_token = stato_senza_token(porta, dati["candidati"][0]["sessione"])
        # A portal at its deadline peak has served forms for days: each worker has loaded its
        # templates and code paths. Two journeys per thread, all at once, on another avviso,
        # before the measured run, so that run measures the peak, not the workers' first pages.
        riscaldamento = carico(argparse.Namespace(**vars(opzioni) | {"rampa": 0.0}), base,
                               "Candidato", dati.pop("riscaldamento"), server, url,
                               fase="riscaldamento")
        if riscaldamento["errori"] or len(riscaldamento["completati"]) != riscaldamento["n"]:
            raise SystemExit(f"riscaldamento non riuscito: {riscaldamento['errori'][:3]}; "
                             f"vedi {CARTELLA / 'gunicorn.log'}")
        percorso = carico(opzioni, base, "Candidato", dati, server, url)
        # the files bench/ricevi stored are not the application's: removed before its run
        shutil.rmtree(CARTELLA / "media" / "bench-ricevi", ignore_errors=True)
        ricevi = carico(opzioni, base, "Ricevente", dati, server, url)
    finally:
        ferma_server(server)
        log.close()

    completati = percorso["completati"]
    errori = percorso["errori"]
    problemi = [f"{len(errori)} percorsi con errori"] if errori else []
    if len(percorso["percorsi"]) != n:
        problemi.append(f"percorsi conclusi {len(percorso['percorsi'])} su {n} entro "
                        f"{MARGINE} s dopo la rampa")
    if senza_token != 403:
        problemi.append(f"POST senza token CSRF: {senza_token}, atteso 403")
    if len(percorso["partiti"]) != n or percorso["ultima_partenza"] > max(60.0, opzioni.rampa + 1):
        problemi.append(f"partiti {len(percorso['partiti'])} candidati su {n}, l'ultimo dopo "
                        f"{percorso['ultima_partenza']:.1f} s")
    if ricevi["errori"] or len(ricevi["completati"]) != n:
        problemi.append(f"bench/ricevi: {len(ricevi['completati'])} su {n} riusciti, "
                        f"{len(ricevi['errori'])} errori ({ricevi['errori'][:3]})")
    attese = {}
    for voce in percorso["partiti"]:  # a journey cut short may have stored its files too
        cf = dati["candidati"][voce["indice"]]["codice_fiscale"]
        for nome, impronta in voce["sha256"].items():
            attese[(cf, dati["allegati"][nome])] = impronta
    problemi += verifica(dati, attese)

    # targets (measured, never assumed): p95 of each request, lock waits, CPU ratio
    mancati = []
    nomi_richieste = richieste_del_percorso(opzioni.javascript)
    p95 = {nome: percentile(percorso["tempi"].get(nome, []), 0.95) for nome in nomi_richieste}
    lenti = {nome: v for nome, v in p95.items() if v > P95_MASSIMO_MS}
    if lenti:
        mancati.append("p95 oltre 1 s: " + ", ".join(f"{k} {v:.0f} ms" for k, v in lenti.items()))
    osservatore = percorso["osservatore"]
    campioni = max(1, osservatore.campioni)
    attesa_media = sum(osservatore.in_attesa.values()) / campioni
    if attesa_media > ATTESA_LOCK_MASSIMA:
        mancati.append(f"backend in attesa di lock in media {attesa_media:.2f} "
                       f"(obiettivo ≤ {ATTESA_LOCK_MASSIMA})")
    cpu_candidatura = percorso["cpu_s"]["gunicorn"] / max(1, len(completati))
    cpu_ricevi = ricevi["cpu_s"]["gunicorn"] / max(1, len(ricevi["completati"]))
    rapporto = cpu_candidatura / cpu_ricevi if cpu_ricevi else float("inf")
    if rapporto > RAPPORTO_MASSIMO:
        mancati.append(f"CPU per candidatura {rapporto:.1f}× quella di bench/ricevi "
                       f"(obiettivo ≤ {RAPPORTO_MASSIMO:.0f}×)")

    durata = percorso["durata"]
    mb = 2 * DIMENSIONE_ALLEGATO * len(completati) / 1024 / 1024
    attese_lock = ", ".join(f"{t} {v / campioni:.2f}" for t, v in
                            sorted(osservatore.in_attesa.items(), key=lambda x: -x[1])[:3])
    tutte = [t for nome in nomi_richieste for t in percorso["tempi"].get(nome, [])]
    righe = [
        f"candidature ({n} candidati in {opzioni.rampa:.0f} s con Locust headless, gunicorn "
        f"{_server(opzioni)}, modulo a passi: "
        f"{len(nomi_richieste)} richieste a candidato, due allegati PDF da 1 MiB ciascuno)",
        f"  percorsi completati {len(completati)}/{n}, errori {len(errori)}, richieste "
        f"{percorso['richieste']} (fallite {percorso['fallite']}), ultima partenza a "
        f"{percorso['ultima_partenza']:.1f} s, ultimo invio concluso a "
        f"{percorso['ultimo_fine']:.1f} s",
        f"  durata {durata:.1f} s (con l'avvio di Locust), "
        f"{len(completati) / durata:.2f} candidature/s, {percorso['richieste'] / durata:.1f} "
        f"req/s, {mb / durata:.1f} MiB/s caricati",
    ]
    for nome in nomi_richieste:
        valori = percorso["tempi"].get(nome, [])
        righe.append(f"  {nome:<20} p50 {percentile(valori, 0.5):7.1f} ms   "
                     f"p95 {percentile(valori, 0.95):7.1f} ms   "
                     f"max {max(valori, default=0) * 1000:7.1f} ms")
    viaggi = [p["fine"] - p["inizio"] for p in completati]
    righe += [
        f"  {'tutte le richieste':<20} p50 {percentile(tutte, 0.5):7.1f} ms   "
        f"p95 {percentile(tutte, 0.95):7.1f} ms   max {max(tutte, default=0) * 1000:7.1f} ms",
        f"  {'percorso intero':<20} p50 {percentile(viaggi, 0.5):7.1f} ms   "
        f"p95 {percentile(viaggi, 0.95):7.1f} ms   max {max(viaggi, default=0) * 1000:7.1f} ms",
        f"  CPU macchina {percorso['cpu_macchina'] * 100:.0f}% di {os.cpu_count()} core; "
        f"secondi di CPU: worker gunicorn {percorso['cpu_s']['gunicorn']:.1f}, PostgreSQL "
        f"(backend del database del bench) {percorso['cpu_s']['postgres']:.1f}, Locust "
        f"{percorso['cpu_s']['client']:.1f}, altri processi della macchina "
        f"{percorso['cpu_s']['altri']:.1f} (carico medio a 1 min alla fine "
        f"{percorso['carico'][0]:.1f})",
        f"  backend PostgreSQL attivi in media {osservatore.attivi / campioni:.1f}; in attesa di "
        f"lock: in media {attesa_media:.2f} ({attese_lock or 'nessuno'}), al massimo "
        f"{osservatore.massimo_in_attesa} insieme, in {osservatore.con_attese} campioni su "
        f"{osservatore.campioni} (uno ogni 0,2 s)",
        f"  bench/ricevi (stessi due file, {n} richieste in {opzioni.rampa:.0f} s): "
        f"{len(ricevi['completati'])}/{n} riuscite, p50 "
        f"{percentile(ricevi['tempi'].get('ricevi POST', []), 0.5):.1f} ms, p95 "
        f"{percentile(ricevi['tempi'].get('ricevi POST', []), 0.95):.1f} ms; CPU gunicorn "
        f"{ricevi['cpu_s']['gunicorn']:.1f} s, PostgreSQL {ricevi['cpu_s']['postgres']:.1f} s",
        f"  CPU del server per candidatura {cpu_candidatura * 1000:.0f} ms, per ricezione dei "
        f"due file {cpu_ricevi * 1000:.0f} ms: rapporto {rapporto:.1f}× "
        f"(obiettivo ≤ {RAPPORTO_MASSIMO:.0f}×)",
    ]
    righe += [f"  ERRORE: {e}" for e in errori[:10]]
    righe += [f"  VERIFICA FALLITA: {p}" for p in problemi]
    righe += [f"  OBIETTIVO MANCATO: {m}" for m in mancati]
    righe.append("  esito: " + ("OK" if not problemi and not mancati else
                                "FALLITO" if problemi else "verifiche OK, obiettivi mancati"))
    print("\n".join(righe))
    from bench import esito

    passi = {nome: {"p50_ms": percentile(percorso["tempi"].get(nome, []), 0.5),
                    "p95_ms": percentile(percorso["tempi"].get(nome, []), 0.95),
                    "max_ms": max(percorso["tempi"].get(nome, []), default=0) * 1000}
             for nome in nomi_richieste}
    passi["percorso"] = {"p50_ms": percentile(viaggi, 0.5), "p95_ms": percentile(viaggi, 0.95),
                         "max_ms": max(viaggi, default=0) * 1000}
    esito.scrivi(
        opzioni.json, "candidature", righe=righe, superato=not problemi and not mancati,
        descrizione=f"{n} candidati autenticati partiti entro {opzioni.rampa:.0f} s (Locust "
                    f"headless), percorso HTTP reale del modulo a passi ({len(nomi_richieste)} "
                    "richieste: cinque passi, riepilogo, «Invia», due PDF da 1 MiB, CSRF), "
                    f"gunicorn {_server(opzioni)}; "
                    "accanto, la vista minima bench/ricevi con gli stessi file",
        obiettivo="0 errori, 0 persi, protocollo 1..N, SHA-256 uguali; p95 di ogni richiesta "
                  "≤ 1 s; attese di lock ≈ 0; CPU per candidatura ≤ 3× bench/ricevi",
        figure={"candidati": n, "completati": len(completati), "errori": len(errori),
                "durata_s": durata, "candidature_al_s": len(completati) / durata,
                "richieste_al_s": percorso["richieste"] / durata, "passi": passi,
                "cpu_macchina": percorso["cpu_macchina"], "cpu_s": percorso["cpu_s"],
                "cpu_ms_candidatura": cpu_candidatura * 1000, "cpu_ms_ricevi": cpu_ricevi * 1000,
                "lock_in_attesa_media": attesa_media,
                "lock_in_attesa_massimo": osservatore.massimo_in_attesa,
                "problemi": problemi, "obiettivi_mancati": mancati},
        rapporti={"cpu candidatura/ricevi": rapporto})
    if problemi:
        print(f"  (log di gunicorn e di Locust e file caricati in {CARTELLA})")
    else:
        shutil.rmtree(CARTELLA, ignore_errors=True)  # 2 MiB per candidate, twice
    return 0 if not problemi and not mancati else 1


def stato_senza_token(porta: int, sessione: str) -> int:
    """CSRF stays on: a POST without the token is refused before any view runs."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", porta, timeout=TIMEOUT)
    try:
        conn.request("POST", "/candidature/0/invia/", body=b"",
                     headers={"Cookie": f"sessionid={sessione}",
                              "Content-Type": "application/x-www-form-urlencoded"})
        return conn.getresponse().status
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
