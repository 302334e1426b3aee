"""Benchmark of the staff list of procedure against the Django admin changelist (issue 9).

2,000 procedure di selezione of one istituto (plus 2,700 of nine other istituti) in
PostgreSQL, served by gunicorn on loopback. The same closed-loop clients request, in
alternating rounds, «Gestione procedure di selezione» (`procedure:elenco`, as the istituto's
DS: first page, a fase, a search, a deep page, the storico, fase and search together) and the
admin changelist of ProceduraSelezione on the same rows (as a superuser after password and
TOTP: the same istituto, the same filters, search and page). Target: the staff list serves at
least 2× the admin's requests per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_procedure .venv/bin/python -m bench.procedure_staff

The database is created when missing (its name must contain "bench"); the procedure are
created once with bulk inserts and reused by later runs. The DS's session is written
directly (as after an SPID login); the superuser logs in over HTTP with password and a TOTP
code, as in portale/tests/test_amministrazione_tecnica.py. The admin registration is the
benchmark's own (bench.admin_procedure) while the portal does not register the model.
"""

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

RADICE = Path(__file__).resolve().parent.parent
PROCEDURE, ALTRI_ISTITUTI, PROCEDURE_ALTRI = 2_000, 9, 300
OBIETTIVO = 2.0
CODICE_ISTITUTO = "RMPS00001B"
DS_CODICE_FISCALE = "BNCDSA70A41H501X"
SUPERUTENTE = "BNCSPR68L20H501Y"
PASSWORD = "Bench-procedure-staff-2026"  # noqa: S105 - a throwaway account of the bench database
OGGETTI = ["Esperto di robotica", "Tutor di matematica", "Progettista rete LAN",
           "Collaudatore laboratorio", "Formatore orientamento", "Esperto madrelingua inglese",
           "Psicologo scolastico", "Esperto di teatro", "Tutor PCTO", "Esperto di coding"]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepara_dati() -> dict:
    """Istituti, procedure, the DS and the superuser once; a fresh DS session at every run."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Istituto, Membership, Ruolo, User
    from procedure.models import ProceduraSelezione, Stato

    principale = Istituto.objects.filter(codice_meccanografico=CODICE_ISTITUTO).first()
    if principale is None or principale.procedure.count() < PROCEDURE:
        with transaction.atomic():
            principale = _crea_procedure(Istituto, User, ProceduraSelezione, Stato)
    ds, _ = User.objects.get_or_create(codice_fiscale=DS_CODICE_FISCALE,
                                       defaults={"nome": "Dirigente", "cognome": "Bench"})
    if not Membership.objects.valide().filter(user=ds, istituto=principale).exists():
        Membership.objects.create(user=ds, ruolo=Ruolo.DS, istituto=principale,
                                  valido_dal=timezone.localdate() - timedelta(days=1))
    superutente = User.objects.filter(codice_fiscale=SUPERUTENTE).first()
    if superutente is None:
        superutente = User.objects.create_superuser(SUPERUTENTE, PASSWORD, nome="Tecnico",
                                                    cognome="Bench")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    qs = ProceduraSelezione.objects.filter(istituto=principale)
    storico = (Stato.CONCLUSA_ESITO, Stato.ANNULLATA)
    return {"istituto": principale.pk, "ds": ds, "superutente": superutente,
            "procedure": qs.count(), "in_corso": qs.exclude(stato__in=storico).count(),
            "storico": qs.filter(stato__in=storico).count(),
            "totale": ProceduraSelezione.objects.count(), "istituti": Istituto.objects.count()}


def _crea_procedure(Istituto, User, ProceduraSelezione, Stato):
    from django.db import connection
    from django.utils import timezone

    from procedure.models import INFORMATIVA_PRIVACY

    casuale = random.Random(9)
    autore, _ = User.objects.get_or_create(codice_fiscale="RSSMRA70A41H501W")
    istituti = []
    for i in range(ALTRI_ISTITUTI + 1):
        codice = CODICE_ISTITUTO if i == 0 else f"MIPS{i:05d}B"
        istituto, _ = Istituto.objects.get_or_create(codice_meccanografico=codice, defaults=dict(
            denominazione=f"Istituto di istruzione superiore n. {i}",
            codice_fiscale="97000010583", indirizzo="Via Roma 1", comune=f"Comune {i}",
            provincia="RM" if i == 0 else "MI", regione="Lazio" if i == 0 else "Lombardia",
            email=f"ps{i}@istruzione.it", pec=f"ps{i}@pec.istruzione.it"))
        istituti.append(istituto)
    ProceduraSelezione.objects.filter(istituto__in=istituti).delete()
    stati = [s for s in Stato]
    pesi = [10, 4, 4, 14, 20, 2, 3, 10, 8, 20, 5]  # many open and closed, some history
    adesso = timezone.now()
    righe = []
    for indice, istituto in enumerate(istituti):
        for n in range(PROCEDURE if indice == 0 else PROCEDURE_ALTRI):
            stato = casuale.choices(stati, pesi)[0]
            pubblicata = stato not in (Stato.BOZZA, Stato.CONCLUSA, Stato.IN_REVISIONE)
            apertura = adesso - timedelta(days=casuale.randint(0, 700), minutes=n)
            righe.append(ProceduraSelezione(
                istituto=istituto, creata_da=autore, stato=stato,
                oggetto=f"{OGGETTI[n % len(OGGETTI)]} – modulo {n} – PNRR DM 65",
                tipologia_incarico=["esperto", "tutor", "progettista", "collaudatore"][n % 4],
                profilo="Laurea magistrale, esperienza documentata con studenti. " * 8,
                compenso=Decimal("1500.00"), modalita_pagamento="30 ore a 50 € l'ora",
                requisiti_ammissione="Laurea magistrale o vecchio ordinamento. " * 4,
                informativa_privacy=INFORMATIVA_PRIVACY, luogo="Sede centrale",
                pubblicata_il=apertura if pubblicata else None,
                data_apertura=apertura if pubblicata else None,
                data_chiusura=apertura + timedelta(days=15) if pubblicata else None,
                data_inizio_attivita=date(2027, 1, 1), data_fine_attivita=date(2027, 6, 1)))
    ProceduraSelezione.objects.bulk_create(righe, batch_size=1000)
    tabella = ProceduraSelezione._meta.db_table
    with connection.cursor() as cursor:  # auto_now gave every row the same aggiornata_il
        cursor.execute(f"UPDATE {tabella} SET aggiornata_il = aggiornata_il "  # noqa: S608
                       "- (id %% 997) * interval '7 hours' WHERE istituto_id = ANY(%s)",
                       [[i.pk for i in istituti]])
    return istituti[0]


def sessione_ds(ds) -> str:
    """A session as the SPID login leaves it (the SAML exchange is out of scope)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.spid.sessione import ATTIVITA, INIZIO

    sessione = import_module(settings.SESSION_ENGINE).SessionStore()
    sessione[SESSION_KEY] = ds._meta.pk.value_to_string(ds)
    sessione[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    sessione[HASH_SESSION_KEY] = ds.get_session_auth_hash()
    sessione[INIZIO] = sessione[ATTIVITA] = time.time()
    sessione.create()
    return sessione.session_key


class Browser:
    """Cookies over one loopback connection per request (enough for a login)."""

    def __init__(self, porta: int):
        self.porta, self.cookie = porta, {}

    def richiesta(self, metodo: str, percorso: str, campi: dict | None = None):
        intestazioni = {"Accept": "text/html",
                        "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookie.items())}
        corpo = None
        if metodo == "POST":
            corpo = urlencode({"csrfmiddlewaretoken": self.cookie.get("csrftoken", ""),
                               **(campi or {})}).encode()
            intestazioni |= {"Content-Type": "application/x-www-form-urlencoded",
                             "Origin": f"http://127.0.0.1:{self.porta}",
                             "Referer": f"http://127.0.0.1:{self.porta}{percorso}"}
        conn = http.client.HTTPConnection("127.0.0.1", self.porta, timeout=30)
        try:
            conn.request(metodo, percorso, body=corpo, headers=intestazioni)
            risposta = conn.getresponse()
            testo = risposta.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for nome, valore in risposta.getheaders():
            if nome.lower() == "set-cookie":
                for morsel in SimpleCookie(valore).values():
                    self.cookie[morsel.key] = morsel.value
        return risposta.status, risposta.getheader("Location", ""), testo


def accesso_superutente(porta: int, superutente) -> str:
    """Password, then a TOTP code (a new secret at every run): the admin's own login."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    Authenticator.objects.filter(user=superutente).delete()
    segreto = generate_totp_secret()
    TOTP.activate(superutente, segreto)
    browser = Browser(porta)
    browser.richiesta("GET", "/accounts/login/")
    stato, dove, _ = browser.richiesta("POST", "/accounts/login/",
                                       {"login": SUPERUTENTE, "password": PASSWORD})
    if stato != 302 or "/2fa/authenticate/" not in dove:
        sys.exit(f"accesso del superutente con password non riuscito: {stato} {dove}")
    codice = format_hotp_value(hotp_value(segreto, next(yield_hotp_counters_from_time())))
    stato, dove, _ = browser.richiesta("POST", "/accounts/2fa/authenticate/", {"code": codice})
    if stato != 302:
        sys.exit(f"codice TOTP del superutente rifiutato: {stato} {dove}")
    return browser.cookie["sessionid"]


def verifica_pagina(porta: int, percorso: str, sessione: str, attesi: list[str]) -> str:
    browser = Browser(porta)
    browser.cookie["sessionid"] = sessione
    stato, dove, testo = browser.richiesta("GET", percorso)
    mancanti = [a for a in attesi if a not in testo]
    if stato != 200 or mancanti:
        sys.exit(f"{percorso}: risposta {stato} {dove}, manca {mancanti}")
    return testo


def main() -> int:
    argomenti = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argomenti.add_argument("--secondi", type=float, default=5.0,
                           help="durata di ogni turno di misura (predefinita 5 s)")
    argomenti.add_argument("--turni", type=int, default=4,
                           help="turni alternati elenco/admin (predefiniti 4)")
    argomenti.add_argument("--client", type=int, default=4, help="client a ciclo chiuso")
    argomenti.add_argument("--worker", type=int, default=2, help="processi gunicorn")
    argomenti.add_argument("--json", metavar="PERCORSO", help="scrive le cifre in JSON")
    opzioni = argomenti.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Serve DATABASE_URL verso PostgreSQL "
                 "(es. postgres://postgres@127.0.0.1:5432/bench_procedure)")
    from bench.candidature import assicura_database, porta_libera

    assicura_database(url)
    os.environ |= {"DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_ENV": "development"}
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 50)
    sys.path.insert(0, str(RADICE))
    if subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=RADICE,
                      env=os.environ).returncode:
        sys.exit("migrate non è riuscito: il benchmark non parte")
    dati = prepara_dati()
    from bench.carico import misura, misura_alternata

    porta = porta_libera()
    base = f"http://127.0.0.1:{porta}"
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "bench.wsgi:application", "--bind",
         f"127.0.0.1:{porta}", "--workers", str(opzioni.worker), "--log-level", "warning"],
        cwd=RADICE, env=os.environ)
    i = dati["istituto"]
    elenco = ["/procedure/", "/procedure/?fase=aperta", "/procedure/?q=robotica",
              "/procedure/?pagina=40", "/procedure/?storico=1", "/procedure/?fase=chiusa&q=tutor"]
    cambio = f"/amministrazione-tecnica/procedure/proceduraselezione/?istituto__id__exact={i}"
    admin = [cambio, cambio + "&stato__exact=aperta", cambio + "&q=robotica", cambio + "&p=40",
             cambio + "&stato__in=conclusa_esito,annullata",
             cambio + "&stato__exact=chiusa&q=tutor"]
    try:
        for _ in range(150):
            try:
                Browser(porta).richiesta("GET", "/bench/minimo")
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit(f"gunicorn è terminato (codice {server.returncode})")
                time.sleep(0.2)
        ds = sessione_ds(dati["ds"])
        tecnico = accesso_superutente(porta, dati["superutente"])
        pagina = verifica_pagina(porta, elenco[0], ds, ["Gestione procedure di selezione",
                                                         f"Procedure ({dati['in_corso']})"])
        righe_elenco = pagina.count("> della procedura ")
        pagina = verifica_pagina(porta, admin[0], tecnico,
                                 [f"{dati['procedure']} procedure di selezione"])
        righe_admin = pagina.count('name="_selected_action"')
        for percorso in elenco[1:]:
            verifica_pagina(porta, percorso, ds, ["Gestione procedure di selezione"])
        for percorso in admin[1:]:
            verifica_pagina(porta, percorso, tecnico, ["proceduraselezione"])
        cookie_ds, cookie_admin = {"Cookie": f"sessionid={ds}"}, {"Cookie": f"sessionid={tecnico}"}
        misura(base, elenco, secondi=2, thread=opzioni.client, intestazioni=cookie_ds)  # warm-up
        misura(base, admin, secondi=2, thread=opzioni.client, intestazioni=cookie_admin)
        misure = misura_alternata(  # alternated: a neighbour's load hits both sides alike
            base, {"elenco": elenco, "admin": admin}, turni=opzioni.turni,
            secondi=opzioni.secondi, thread=opzioni.client,
            intestazioni={"elenco": cookie_ds, "admin": cookie_admin})
    finally:
        server.terminate()
        server.wait(timeout=20)

    lista, cambio = misure["elenco"], misure["admin"]
    rapporto = lista["rps"] / cambio["rps"] if cambio["rps"] else 0.0
    per_turno = [e / a for e, a in zip(lista["rps_turni"], cambio["rps_turni"], strict=True) if a]
    superato = rapporto >= OBIETTIVO and not lista["errori"] and not cambio["errori"]
    righe = [
        f"procedure, elenco del personale contro admin ({dati['procedure']} procedure "
        f"dell'istituto, {dati['totale']} in {dati['istituti']} istituti; gunicorn "
        f"{opzioni.worker} worker, {opzioni.client} client, {opzioni.turni} turni alternati "
        f"da {opzioni.secondi:.0f} s)",
        f"  elenco del personale: {lista['rps']:.0f} req/s  p50 {lista['p50_ms']:.1f} ms  "
        f"p95 {lista['p95_ms']:.1f} ms  errori {lista['errori']}  ({righe_elenco} righe a pagina)",
        f"  admin (changelist):   {cambio['rps']:.0f} req/s  p50 {cambio['p50_ms']:.1f} ms  "
        f"p95 {cambio['p95_ms']:.1f} ms  errori {cambio['errori']}  ({righe_admin} righe a pagina)",
        f"  rapporto elenco/admin: {rapporto:.2f} (per turno "
        f"{', '.join(f'{r:.2f}' for r in per_turno)}; obiettivo ≥ {OBIETTIVO:.0f}) "
        + ("OK" if superato else "SOTTO OBIETTIVO"),
    ]
    print("\n".join(righe))
    from bench import admin_procedure, esito

    esito.scrivi(
        opzioni.json, "procedure_staff", righe=righe, superato=superato,
        descrizione=f"{dati['procedure']} procedure dell'istituto ({dati['totale']} in "
                    f"{dati['istituti']} istituti): elenco del personale e changelist dell'admin, "
                    f"gunicorn {opzioni.worker} worker, {opzioni.client} client",
        obiettivo=f"elenco/admin ≥ {OBIETTIVO:.0f}×",
        figure={"elenco": lista, "admin": cambio, "procedure_istituto": dati["procedure"],
                "procedure_totali": dati["totale"], "istituti": dati["istituti"],
                "righe_a_pagina": {"elenco": righe_elenco, "admin": righe_admin},
                "admin_del_benchmark": admin_procedure.REGISTRATA_DAL_BENCHMARK},
        rapporti={"elenco/admin": rapporto, "per_turno": per_turno})
    return 0 if superato else 1


if __name__ == "__main__":
    sys.exit(main())
