"""The journey of `bench/candidature.py` follows the real form.

The benchmark is not part of `make test`, so a change to the form (a field moved, a step's
answer) used to break it silently until somebody ran it: the bench checks that every field it
fills is on the page and stops at the first unexpected answer. Here the same journey, with
the bench's own avviso, candidate and padded PDFs, runs through Django's test client (CSRF
enforced), with JavaScript (htmx, 7 requests) and without (12), and must end with the
application sent, protocolled and its two files stored with the SHA-256 of the bytes sent.
"""

from hashlib import sha256

import pytest
from django.test import Client

from accounts.models import User
from bench import candidature as bench
from candidature.models import Candidatura, StatoCandidatura
from tests.persone import codice_fiscale_di_prova

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "senza-javascript"])
def test_il_percorso_del_bench_invia_la_candidatura(javascript):
    ds = User.objects.create(codice_fiscale=bench.DS_CODICE_FISCALE, nome="Maria",
                             cognome="Rossi")
    avviso, elementi = bench._nuovo_avviso(ds)
    cf = codice_fiscale_di_prova(7)
    persona = User.objects.create(codice_fiscale=cf, nome="Candidato7", cognome="Bench",
                                  email="candidato7@example.it")
    client = Client(enforce_csrf_checks=True)
    client.force_login(persona)
    candidato = bench._candidato(7, cf, "", **elementi)
    dati = {**avviso, "seme": "prova"}
    file = bench.file_del_candidato(dati, candidato)
    richieste = []

    def richiesta(nome, metodo, percorso, corpo=None, tipo=None, htmx=False):
        richieste.append(nome)
        if metodo == "GET":
            risposta = client.get(percorso)
        else:
            risposta = client.generic("POST", percorso, corpo, content_type=tipo,
                                      **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        return (risposta.status_code, risposta.headers.get("Location")
                or risposta.headers.get("HX-Push-Url", ""), risposta.content.decode())

    pk = bench.percorso_candidato(richiesta, avviso["procedura"], avviso["allegati"],
                                  candidato, file, javascript)

    assert tuple(richieste) == bench.richieste_del_percorso(javascript)
    candidatura = Candidatura.objects.select_related("protocollo").get(pk=pk)
    assert candidatura.candidato == persona and candidatura.stato == StatoCandidatura.INVIATA
    assert candidatura.protocollo.numero == 1
    inviati = {avviso["allegati"][nome]: sha256(dati_file).hexdigest()
               for nome, dati_file in file.items()}
    assert {a.allegato_richiesto_id: a.sha256 for a in candidatura.allegati.all()} == inviati
