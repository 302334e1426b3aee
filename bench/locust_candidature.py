"""Locust users of bench.candidature (run by it: `locust -f … Candidato|Ricevente --headless`).

One user per candidate: user i takes candidate i of the run's data (BENCH_CANDIDATURE_DATI,
written by bench.candidature) and does its journey once, then stays idle; when every
candidate has finished, the run stops. Every request Locust times (its `request` event) and
every journey (start, end, error, SHA-256 of the bytes actually sent) are written at the end
to BENCH_CANDIDATURE_ESITO, which bench.candidature reads and checks against the database.

    Candidato   the real journey of the form in steps (bench.candidature.percorso_candidato)
    Ricevente   one POST of the same two files to bench/ricevi, the minimal view
"""

import itertools
import json
import os
import time
from hashlib import sha256
from http.cookiejar import Cookie
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task

from bench.candidature import (
    FILE,
    TIMEOUT,
    Errore,
    file_del_candidato,
    multipart,
    percorso_candidato,
)

DATI = json.loads(Path(os.environ["BENCH_CANDIDATURE_DATI"]).read_text(encoding="utf-8"))
ESITO = Path(os.environ["BENCH_CANDIDATURE_ESITO"])
CANDIDATI = DATI["candidati"]
JAVASCRIPT = bool(os.environ.get("BENCH_CANDIDATURE_JAVASCRIPT"))
richieste: list[tuple[str, float, bool]] = []
percorsi: list[dict] = []
partiti: dict[int, dict] = {}  # every started journey: start and SHA-256 sent, ended or not
prossimo = itertools.count()
# candidate i starts at inizio + i × PASSO, whatever the moment Locust spawned its user (Locust
# spawns faster than that): the ramp does not drift when the spawning greenlet is late
PASSO = float(os.environ.get("BENCH_CANDIDATURE_PASSO", "0"))
inizio = 0.0


@events.test_start.add_listener
def _inizio(**_):
    global inizio
    inizio = time.time() + 0.5


@events.request.add_listener
def _registra(name, response_time, exception, **_):
    richieste.append((name, response_time, exception is None))


@events.quitting.add_listener
def _scrivi(**_):
    ESITO.write_text(json.dumps({"richieste": richieste, "percorsi": percorsi,
                                 "partiti": list(partiti.values())}), encoding="utf-8")


class _Candidato(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    network_timeout = connection_timeout = TIMEOUT
    concurrency = 1  # one request at a time, as one browser tab

    def on_start(self):
        self.indice = next(prossimo)
        gevent.sleep(max(0.0, inizio + self.indice * PASSO - time.time()))
        self.inizio = time.time()
        self.fatto = self.indice >= len(CANDIDATI)  # more users than candidates: idle

    @task
    def una_volta(self):
        if self.fatto:
            gevent.sleep(3600)
            return
        self.fatto = True
        candidato = CANDIDATI[self.indice]
        file = file_del_candidato(DATI, candidato)
        voce = {"indice": self.indice, "inizio": self.inizio,
                "sha256": {nome: sha256(contenuto).hexdigest() for nome, contenuto in file.items()}}
        partiti[self.indice] = dict(voce)
        try:
            voce["candidatura"] = self.percorso(candidato, file)
        except Exception as errore:  # every failure is counted and shown
            voce["errore"] = f"{candidato['codice_fiscale']}: {errore!r}"
        voce["fine"] = time.time()
        percorsi.append(voce)
        if len(percorsi) >= len(CANDIDATI):  # the last one: stop the run (from another
            gevent.spawn(self.environment.runner.quit)  # greenlet: quit() stops this one)

    def richiesta(self, nome: str, metodo: str, percorso: str, corpo: bytes | None = None,
                  tipo: str | None = None, htmx: bool = False) -> tuple[int, str, str]:
        # a new connection per request: a POST sent on a keep-alive connection the server is
        # closing at that moment would fail (status 0), and no client retries a POST
        intestazioni = {"Accept": "text/html", "User-Agent": "bench-candidature",
                        "Connection": "close"}
        if metodo == "POST":
            intestazioni |= {"Origin": self.host, "Referer": self.host + percorso,
                             "Content-Type": tipo}
        if htmx:  # what htmx adds to the requests of a page with JavaScript
            intestazioni |= {"HX-Request": "true", "HX-Current-URL": self.host + percorso}
        with self.client.request(metodo, percorso, name=nome, data=corpo, headers=intestazioni,
                                 allow_redirects=False, catch_response=True) as risposta:
            stato = risposta.status_code
            if risposta.headers is None:  # no answer at all: the connection failed
                risposta.failure(f"{metodo} {percorso}: {risposta.error!r}")
                raise Errore(f"{nome}: nessuna risposta ({risposta.error!r})")
            if stato in (200, 302):
                risposta.success()
            else:
                risposta.failure(f"{metodo} {percorso}: {stato}")
            return (stato, risposta.headers.get("Location") or risposta.headers.get("HX-Push-Url")
                    or "", risposta.text or "")


class Candidato(_Candidato):
    def percorso(self, candidato: dict, file: dict) -> int:
        self.client.cookiejar.set_cookie(Cookie(
            0, "sessionid", candidato["sessione"], None, False, urlhost(self.host), False, False,
            "/", True, False, None, True, None, None, {}))
        return percorso_candidato(self.richiesta, DATI["procedura"], DATI["allegati"], candidato,
                                  file, javascript=JAVASCRIPT)


class Ricevente(_Candidato):
    def percorso(self, candidato: dict, file: dict) -> int:
        corpo, tipo = multipart([], [(nome, nome_file, file[nome]) for nome, nome_file in FILE])
        stato, _, testo = self.richiesta("ricevi POST", "POST", "/bench/ricevi", corpo, tipo)
        if stato != 200 or testo.split() != [str(len(file[nome])) for nome, _ in FILE]:
            raise Errore(f"POST bench/ricevi: {stato} {testo[:200]}")
        return 0


def urlhost(base: str) -> str:
    return base.split("://", 1)[1].split(":", 1)[0].split("/", 1)[0]
