"""Benchmark of the ranking (issue 6): 1,000 → 10,000 → 100,000 applications × 12 criteria.

Each size is a procedure with the esperti grid of art. 17 (11 criteria declared by the
candidates) plus a «Colloquio» scored by two commissari (their mean counts), candidates of
the four categories, 5 % excluded. Timed: `graduatorie.services.calcola_righe` — the bulk
read of applications and commission marks, the scoring, the sort by category, score, age and
protocol — plus the SHA-256 seal of the rows. Targets: 10,000 ≤ 2 s, 100,000 ≤ 20 s, linear.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_graduatorie .venv/bin/python -m bench.graduatorie

The data are created once (bulk inserts) and reused by later runs.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

DIMENSIONI = (1_000, 10_000, 100_000)
OBIETTIVI = {10_000: 2.0, 100_000: 20.0}
LOTTO = 5_000


def _prepara(n: int, istituto, autore, contatore):
    from django.utils import timezone

    from accounts.models import User
    from candidature.models import Candidatura
    from graduatorie.models import Commissario, PunteggioCommissione, Valutazione
    from portale.models import Protocollo
    from procedure import griglie
    from procedure.models import Criterio, ProceduraSelezione, Stato

    oggetto = f"Bench graduatoria {n}"
    procedura = ProceduraSelezione.objects.filter(oggetto=oggetto).first()
    if procedura and procedura.candidature.count() == n:
        return procedura
    casuale = random.Random(n)
    procedura = ProceduraSelezione.objects.create(
        istituto=istituto, creata_da=autore, oggetto=oggetto, stato=Stato.IN_VALUTAZIONE,
        ammette_interni=True, ammette_altre_scuole=True, ammette_altre_pa=True,
        ammette_privati=True)
    criteri = Criterio.objects.bulk_create(
        [Criterio(procedura=procedura, ordine=i, **riga)
         for i, riga in enumerate(griglie.ESPERTI[:11], 1)]
        + [Criterio(procedura=procedura, ordine=12, descrizione="Colloquio", tipo="manuale",
                    massimo=Decimal(10))])
    commissari = []
    for k in range(2):
        persona, _ = User.objects.get_or_create(codice_fiscale=f"CMM{n:07d}{k:06d}",
                                                defaults={"nome": "Commissario", "cognome": str(k)})
        commissari.append(persona)
        Commissario.objects.create(procedura=procedura, user=persona, nominato_da=autore)
    adesso = timezone.now()
    categorie = ["interno", "altra_scuola", "altra_pa", "privato"]
    for inizio in range(0, n, LOTTO):
        quanti = min(LOTTO, n - inizio)
        persone = User.objects.bulk_create([User(
            codice_fiscale=f"B{n:06d}{inizio + i:09d}", nome=f"Nome{inizio + i}",
            cognome=f"Cognome{casuale.randint(0, 5000)}",
            data_nascita=date(1960, 1, 1) + timedelta(days=casuale.randint(0, 14000)))
            for i in range(quanti)])
        protocolli = Protocollo.objects.bulk_create([Protocollo(
            istituto=istituto, anno=2026, numero=next(contatore), registrato_il=adesso,
            verso="E", oggetto="Candidatura") for _ in range(quanti)])
        candidature = []
        for persona, protocollo in zip(persone, protocolli, strict=True):
            dichiarazioni = {}
            for c in criteri[:11]:
                if c.tipo == "voto_laurea":
                    if casuale.random() < 0.8:
                        voto = casuale.randint(85, 110)
                        dichiarazioni[str(c.pk)] = {"voto": voto,
                                                    "lode": voto == 110 and casuale.random() < .3}
                elif c.tipo == "per_unita":
                    dichiarazioni[str(c.pk)] = str(casuale.randint(0, 8))
                else:
                    dichiarazioni[str(c.pk)] = casuale.random() < 0.5
            candidature.append(Candidatura(
                procedura=procedura, candidato=persona, categoria=casuale.choice(categorie),
                stato="esclusa" if casuale.random() < 0.05 else "ammessa",
                dichiarazioni=dichiarazioni, protocollo=protocollo, inviata_il=adesso,
                sha256="0" * 64))
        candidature = Candidatura.objects.bulk_create(candidature)
        valutazioni = Valutazione.objects.bulk_create([Valutazione(
            candidatura=c, procedura=procedura, esito=c.stato,
            motivazione="Requisiti non posseduti" if c.stato == "esclusa" else "")
            for c in candidature])
        PunteggioCommissione.objects.bulk_create([
            PunteggioCommissione(valutazione=v, criterio=criteri[11], commissario=k,
                                 punti=Decimal(casuale.randint(0, 20)) / 2)
            for v in valutazioni for k in commissari])
    return procedura


def main():
    argomenti = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argomenti.add_argument("--json", metavar="PERCORSO", help="scrive le cifre in JSON")
    opzioni = argomenti.parse_args()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from accounts.models import Istituto, User
    from graduatorie import calcolo, services

    if connection.vendor != "postgresql":
        sys.exit("Serve PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_graduatorie")
    call_command("migrate", verbosity=0)
    istituto, _ = Istituto.objects.get_or_create(
        codice_meccanografico="BNIC00000B", defaults=dict(
            denominazione="Istituto del benchmark", codice_fiscale="97000010583",
            indirizzo="Via Roma 1", comune="Roma", provincia="RM", regione="Lazio",
            email="bench@istruzione.it", pec="bench@pec.istruzione.it"))
    autore, _ = User.objects.get_or_create(codice_fiscale="RSSMRA70A41H501W")
    from portale.models import Protocollo

    ultimo = Protocollo.objects.filter(istituto=istituto).order_by("-numero").first()
    contatore = iter(range((ultimo.numero if ultimo else 0) + 1, 10**9))
    print(f"database {settings.DATABASES['default']['NAME']} – {os.cpu_count()} CPU")
    tempi, minimi, righe = {}, {}, []
    for n in DIMENSIONI:
        with transaction.atomic():
            procedura = _prepara(n, istituto, autore, contatore)
        misure = []
        for _ in range(3):
            inizio = time.perf_counter()
            righe_calcolate = services.calcola_righe(procedura)
            calcolo.sigillo(righe_calcolate)
            misure.append(time.perf_counter() - inizio)
        ammessi = sum(len(s["righe"]) for s in righe_calcolate["sezioni"])
        tempi[n], minimi[n] = statistics.median(misure), min(misure)
        obiettivo = OBIETTIVI.get(n)
        esito = "" if obiettivo is None else (
            f" (obiettivo ≤ {obiettivo:.0f} s: {'OK' if tempi[n] <= obiettivo else 'NON RAGGIUNTO'})")
        righe.append(f"{n:>7} istanze × 12 criteri: mediana {tempi[n]:.3f} s su 3 "
                     f"(min {min(misure):.3f}); {ammessi} in graduatoria, "
                     f"{len(righe_calcolate['esclusi'])} esclusi{esito}")
        print(righe[-1])
    crescite = {}
    for piccola, grande in zip(DIMENSIONI, DIMENSIONI[1:], strict=False):
        crescite[f"{piccola}→{grande}"] = tempi[grande] / tempi[piccola]
        righe.append(f"crescita {piccola:,} → {grande:,} (×{grande // piccola}): "
                     f"×{tempi[grande] / tempi[piccola]:.1f}")
        print(righe[-1])
    superato = all(tempi[n] <= limite for n, limite in OBIETTIVI.items())
    from bench import esito as risultati

    risultati.scrivi(
        opzioni.json, "graduatorie", righe=righe, superato=superato,
        descrizione="calcolo della graduatoria (lettura in blocco, punteggi, ordinamento, "
                    "SHA-256) di 1.000, 10.000 e 100.000 istanze × 12 criteri; mediana di 3",
        obiettivo="10.000 ≤ 2 s, 100.000 ≤ 20 s, crescita lineare",
        figure={"mediana_s": tempi, "min_s": minimi}, rapporti={"crescita": crescite})
    if not superato:
        sys.exit(1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    main()
