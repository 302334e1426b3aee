"""Every staff page and action on the demo data, timed at the server (issue 16).

A fresh copy of the demo (`carica_demo`, the data of `make run`) in its own database; then,
for each office role of the demo (DS, DSGA, segreteria, referente, commissaria, amministrazione
centrale, supporto), a walk from the role's home through every link it is shown (at most
`--per-pattern` URLs of each URL pattern) that submits every POST form it meets once, filled
as a person would (dates in the future, a short text, the first choice, confirmations ticked).
Each request goes through the whole Django stack in this process (middleware, view, template,
queries, the transaction's commit): its time is the server's. Tasks the request queues
(PDFs, e-mails, receipts) are run right after it, outside its time, as a worker would: a
person does not wait for them. The same walk times the cheapest view of the same stack
(`/bench/minimo`), reported beside as the ratio.

Target: every action a role can complete (the answer is a redirect) and every page under 1 s;
no answer 500. Actions the form refuses (a 200 with errors: a file to attach, a rule the demo
data does not meet) are listed with their first error, not timed against the target.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_azioni .venv/bin/python -m bench.azioni_staff

The database is emptied and the demo loaded again at every run (about 15 s): the walk changes
the data (it publishes, closes, annuls, pays).
"""

import argparse
import os
import re
import statistics
import sys
import time
from datetime import timedelta
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

RADICE = Path(__file__).resolve().parent.parent
OBIETTIVO = 1.0
# (who, where the walk starts, the Ruolo of the demo membership, which of them): the DS of the
# demo, Maria Rossi, leads two istituti (the second, in reggenza, still empty); the commissaria
# is the referente Anna Gialli, nominated on «Tutor PCTO».
RUOLI = [
    ("ds", ["/area-riservata/"], "ds", 0),
    ("ds (2º istituto)", ["/area-riservata/"], "ds", 1),
    ("dsga", ["/area-riservata/"], "dsga", 0),
    ("segreteria", ["/area-riservata/"], "segreteria", 0),
    ("referente", ["/area-riservata/"], "referente", 0),
    ("commissaria", ["/commissioni/"], "referente", 0),
    ("amministrazione", ["/area-riservata/"], "amministrazione", 0),
    ("supporto", ["/area-riservata/"], "supporto", 0),
]
# Never followed or submitted: they end the session, switch the role, or leave the portal.
SALTA = {"account_logout", "spid_logout", "spid_sls", "spid_sls_fine", "spid_login",
         "spid_test_idp:sso", "spid_test_idp:slo", "account_login_cancelled",
         "accounts:cambia_istituto", "account_login"}
PUBBLICHE = re.compile(r"^/(avvisi|esiti|trasparenza|informazioni-utili|privacy|accessibilita|"
                       r"note-legali|static|media)/")
TESTO = "Prova del banco di misura delle azioni dello staff"
CODICE_FISCALE = "VRDGPP80A01H501U"


def prepara_database(url: str) -> None:
    """Create the database when missing, empty it, migrate, load the demo."""
    import psycopg
    from psycopg import sql

    nome = urlsplit(url).path.lstrip("/")
    if "bench" not in nome:
        sys.exit(f"Il database del benchmark deve contenere «bench» nel nome (è «{nome}»).")
    with psycopg.connect(urlsplit(url)._replace(path="/postgres").geturl(),
                         autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(nome)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nome)))


def compila(modulo: dict) -> dict:
    """The form's fields as a person would fill them."""
    from django.utils import timezone

    # far enough for a proroga of every demo avviso, near enough for every window of the demo;
    # each later date field a fortnight later (an opening before its closing)
    adesso = timezone.localtime() + timedelta(days=60)
    dati = {}
    for nome, valore in modulo["campi"].items():
        tipo = modulo["tipi"].get(nome, "text")
        lunghezza = modulo["lunghezze"].get(nome)
        if valore.strip():
            dati[nome] = valore
        elif tipo in ("datetime-local", "date"):
            adesso += timedelta(days=15)
            dati[nome] = (adesso.strftime("%Y-%m-%dT%H:%M") if tipo == "datetime-local"
                          else adesso.date().isoformat())
        elif tipo == "time":
            dati[nome] = "10:00"
        elif tipo == "number":
            dati[nome] = "1"
        elif tipo == "email":
            dati[nome] = "banco@example.it"
        elif tipo == "select":
            scelte = [o for o in modulo["opzioni"].get(nome, []) if o]
            dati[nome] = scelte[0] if scelte else ""
        elif "codice_fiscale" in nome:
            dati[nome] = CODICE_FISCALE
        elif tipo in ("text", "textarea", "tel", "url"):
            dati[nome] = TESTO[:lunghezza] if lunghezza else TESTO
        else:
            dati[nome] = valore
    if modulo["invio"]:
        dati[modulo["invio"][0]] = modulo["invio"][1]
    return dati


class CodaTask:
    """Tasks queued by a request: collected, then run after its time as a worker would."""

    def __init__(self):
        self.in_attesa, self.durate = [], []

    def installa(self):
        from celery.app.task import Task

        coda = self

        def accoda(task, args=None, kwargs=None, **opzioni):
            coda.in_attesa.append((task, args or (), kwargs or {}))

        Task.apply_async = accoda

    def esegui(self):
        while self.in_attesa:
            task, args, kwargs = self.in_attesa.pop(0)
            inizio = time.perf_counter()
            task.apply(args, kwargs)
            self.durate.append((task.name, time.perf_counter() - inizio))


def primo_errore(html: str) -> str:
    for schema in (r'class="invalid-feedback[^"]*"[^>]*>(.*?)</',
                   r'class="alert alert-danger[^"]*"[^>]*>(.*?)</div>',
                   r'<ul class="errorlist[^"]*"[^>]*><li>(.*?)</li>'):
        trovato = re.search(schema, html, re.S)
        if trovato:
            return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", trovato.group(1)))).strip()[:120]
    return "modulo rifiutato"


def cammina(client, ruolo: str, inizio: list[str], per_pattern: int, coda: CodaTask,
            misure: list[dict]) -> None:
    from django.urls import Resolver404, resolve

    from tests.moduli_html import moduli_della_pagina

    def nome_di(percorso: str) -> str | None:
        try:
            corrispondenza = resolve(percorso)
        except Resolver404:
            return None
        for chiave in ("nome", "azione"):  # «procedure:azione», «incarichi:azione»: many actions
            if chiave in corrispondenza.kwargs:
                return f"{corrispondenza.view_name}/{corrispondenza.kwargs[chiave]}"
        return corrispondenza.view_name

    visti, per_nome, inviati, rivisite = set(), {}, set(), {}
    da_visitare = list(inizio)
    while da_visitare:
        percorso = da_visitare.pop(0)
        nome = nome_di(urlsplit(percorso).path)
        if nome is None or nome in SALTA or PUBBLICHE.match(percorso):
            continue
        if rivisite.get(percorso, 0) > 0:  # the page after an action: it offers the next ones
            rivisite[percorso] -= 1
        elif percorso in visti or per_nome.get(nome, 0) >= per_pattern:
            continue
        visti.add(percorso)
        per_nome[nome] = per_nome.get(nome, 0) + 1
        t = time.perf_counter()
        risposta = client.get(percorso)
        contenuto = (b"".join(risposta.streaming_content) if risposta.streaming
                     else risposta.content)
        durata = time.perf_counter() - t
        coda.esegui()
        misure.append({"ruolo": ruolo, "tipo": "pagina", "nome": nome, "percorso": percorso,
                       "stato": risposta.status_code, "secondi": durata})
        if risposta.status_code != 200 or "text/html" not in risposta.get("Content-Type", ""):
            continue
        html = contenuto.decode("utf-8", "replace")
        for collegamento in re.findall(r'href="(/[^"#]*)', html):
            collegamento = unescape(collegamento)
            if collegamento not in visti:
                da_visitare.append(collegamento)
        for modulo in moduli_della_pagina(html):
            if modulo["method"] != "post":
                continue
            azione = unescape(modulo["action"]) or percorso
            nome_azione = nome_di(urlsplit(azione).path)
            chiave = (nome_azione, modulo["invio"])
            if nome_azione is None or nome_azione in SALTA or chiave in inviati:
                continue
            inviati.add(chiave)
            dati = compila(modulo)
            t = time.perf_counter()
            risposta = client.post(azione, dati)
            durata = time.perf_counter() - t
            coda.esegui()
            esito = ("eseguita" if risposta.status_code in (301, 302, 303) else
                     "rifiutata" if risposta.status_code in (200, 400) else "negata"
                     if risposta.status_code in (403, 404, 405, 409) else "errore")
            misure.append({
                "ruolo": ruolo, "tipo": "azione", "nome": nome_azione, "percorso": azione,
                "invio": "=".join(modulo["invio"]) if modulo["invio"] else "",
                "stato": risposta.status_code, "secondi": durata, "esito": esito,
                "motivo": primo_errore(risposta.content.decode("utf-8", "replace"))
                if esito == "rifiutata" else ""})
            if esito == "eseguita":
                dove = risposta.get("Location", "")
                if dove.startswith("/"):
                    rivisite[dove] = rivisite.get(dove, 0) + 1
                    da_visitare.insert(0, dove)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-pattern", type=int, default=12,
                        help="URL visitati al più per ogni pattern e ruolo (predefinito 12: "
                             "ogni procedura e ogni incarico della demo)")
    parser.add_argument("--json", help="scrive le cifre in questo file (bench.tutti)")
    argomenti = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_azioni")
    if not url.startswith("postgres"):
        sys.exit("Serve PostgreSQL: DATABASE_URL=postgres://…/bench_azioni")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ.setdefault("VAR_DIR", str(RADICE / "var" / "bench-azioni"))
    sys.path.insert(0, str(RADICE))
    prepara_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from accounts.middleware import SESSION_KEY
    from accounts.models import Membership

    inizio = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("carica_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    preparazione = time.perf_counter() - inizio

    coda = CodaTask()
    coda.installa()
    misure: list[dict] = []
    minimi: list[float] = []
    for ruolo, partenze, ruolo_membership, quale in RUOLI:
        memberships = list(Membership.objects.valide().filter(ruolo=ruolo_membership)
                           .select_related("user").order_by("pk"))
        if len(memberships) <= quale:
            continue
        membership = memberships[quale]
        client = Client(raise_request_exception=False)
        client.force_login(membership.user)
        sessione = client.session
        sessione[SESSION_KEY] = membership.pk
        sessione.save()
        for _ in range(20):
            t = time.perf_counter()
            client.get("/bench/minimo")
            minimi.append(time.perf_counter() - t)
        cammina(client, ruolo, partenze, argomenti.per_pattern, coda, misure)

    minimo = statistics.median(minimi)
    eseguite = [m for m in misure if m["tipo"] == "azione" and m["esito"] == "eseguita"]
    pagine = [m for m in misure if m["tipo"] == "pagina" and m["stato"] == 200]
    errori = [m for m in misure if m["stato"] >= 500]
    lente = sorted((m for m in eseguite + pagine if m["secondi"] > OBIETTIVO),
                   key=lambda m: -m["secondi"])
    righe = [
        f"Demo caricata in {preparazione:.1f} s; vista minima {minimo * 1000:.1f} ms (mediana).",
        f"{len(pagine)} pagine e {len(eseguite)} azioni eseguite da {len(RUOLI)} ruoli; "
        f"{sum(m['tipo'] == 'azione' and m['esito'] == 'rifiutata' for m in misure)} azioni "
        f"rifiutate dal modulo, {len(errori)} risposte 500.",
    ]
    for titolo, gruppo in (("azioni eseguite", eseguite), ("pagine", pagine)):
        if gruppo:
            tempi = sorted(m["secondi"] for m in gruppo)
            righe.append(f"{titolo}: mediana {statistics.median(tempi) * 1000:.0f} ms, "
                         f"massimo {tempi[-1] * 1000:.0f} ms "
                         f"({tempi[-1] / minimo:.0f}× la vista minima)")
    righe.append("Le dieci più lente:")
    for m in sorted(eseguite + pagine, key=lambda m: -m["secondi"])[:10]:
        righe.append(f"  {m['secondi'] * 1000:7.0f} ms  {m['ruolo']:<15} {m['tipo']:<6} "
                     f"{m['nome']} {m.get('invio', '')}".rstrip())
    if coda.durate:
        per_task: dict[str, list[float]] = {}
        for nome, durata in coda.durate:
            per_task.setdefault(nome.rsplit(".", 1)[1], []).append(durata)
        righe.append("Lavoro dei worker, fuori dal tempo delle richieste (task: quanti, il più "
                     "lungo): " + ", ".join(f"{n} {len(d)}, {max(d):.2f} s" for n, d in sorted(
                         per_task.items(), key=lambda v: -max(v[1]))))
    for m in errori:
        righe.append(f"ERRORE {m['stato']}: {m['ruolo']} {m['tipo']} {m['percorso']}")
    for m in lente:
        righe.append(f"OLTRE {OBIETTIVO:.0f} s: {m['secondi']:.2f} s {m['ruolo']} {m['tipo']} "
                     f"{m['percorso']}")
    righe.append("Eseguite: " + ", ".join(sorted({m["nome"].split(":")[1] + (
        f" ({m['invio'].split('=')[-1]})" if m["invio"] else "") for m in eseguite})))
    rifiutate = sorted({(m["nome"], m["motivo"]) for m in misure
                        if m["tipo"] == "azione" and m["esito"] == "rifiutata"})
    righe.append(f"Rifiutate dal modulo ({len(rifiutate)}): " +
                 "; ".join(f"{n} ({mo})" for n, mo in rifiutate[:15]))
    superato = not errori and not lente and len(eseguite) > 0
    righe.append(f"Esito: {'OK' if superato else 'FALLITO'} (obiettivo: ogni azione e pagina "
                 f"sotto {OBIETTIVO:.0f} s, nessun 500)")
    print("\n".join(righe))

    from bench import esito

    esito.scrivi(argomenti.json, "azioni_staff", descrizione=(
        "every staff page and action of the demo, per role, timed in-process through the "
        "whole Django stack; queued tasks run after each request, outside its time"),
        figure={"pagine": len(pagine), "azioni_eseguite": len(eseguite),
                "azioni_rifiutate": len(rifiutate), "errori_500": len(errori),
                "minimo_ms": round(minimo * 1000, 2),
                "azione_mediana_ms": round(statistics.median(m["secondi"] for m in eseguite)
                                           * 1000, 1) if eseguite else None,
                "azione_max_ms": round(max(m["secondi"] for m in eseguite) * 1000, 1)
                if eseguite else None,
                "pagina_max_ms": round(max(m["secondi"] for m in pagine) * 1000, 1)
                if pagine else None},
        rapporti={"azione_max_su_minimo": round(max(m["secondi"] for m in eseguite) / minimo)
                  if eseguite else None},
        obiettivo="ogni azione e pagina < 1 s, nessun 500", superato=superato, righe=righe)
    sys.exit(0 if superato else 1)


if __name__ == "__main__":
    main()
