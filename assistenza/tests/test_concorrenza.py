"""Ticket ids under real concurrency: PostgreSQL row locks, parallel transactions.

Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/assistenza (skipped on SQLite,
where writers are serialised anyway).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assistenza import services
from assistenza.models import ContatoreTicket, Ticket
from portale.tests import campioni_documenti as campioni


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_venti_aperture_parallele_numeri_da_1_a_17_senza_buchi(candidato):
    if connection.vendor != "postgresql":
        pytest.skip("serve PostgreSQL (DATABASE_URL) per lock di riga e transazioni parallele")
    quanti, fallite = 20, {3, 9, 15}  # these three fail after taking a number: it is given back
    barriera = threading.Barrier(quanti)
    codici, errori, rifiutate = [], [], []
    lock = threading.Lock()

    def lavoro(indice):
        try:
            barriera.wait(timeout=30)
            allegati = [campioni.caricato("x.pdf", b"non un pdf")] if indice in fallite else []
            try:
                ticket = services.apri_ticket(autore=candidato, membership=None,
                                              tipologia="tecnica", oggetto=f"Parallelo {indice}",
                                              descrizione="Prova", allegati=allegati)
            except ValidationError:
                with lock:
                    rifiutate.append(indice)
                return
            with lock:
                codici.append(ticket.numero)
        except Exception as errore:  # noqa: BLE001 - reported by the main thread
            with lock:
                errori.append(errore)
        finally:
            connection.close()

    fili = [threading.Thread(target=lavoro, args=(i,)) for i in range(quanti)]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join(timeout=60)

    assert not any(filo.is_alive() for filo in fili)
    assert errori == [] and sorted(rifiutate) == sorted(fallite)
    riuscite = quanti - len(fallite)
    assert sorted(codici) == list(range(1, riuscite + 1))
    assert Ticket.objects.count() == riuscite
    assert ContatoreTicket.objects.get().ultimo_numero == riuscite
