"""Scheduled opening and closing with a real Celery worker (Redis in CI), not eager mode."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import OperationalError, connections
from django.utils import timezone

from config.celery import app
from portale.tests.celery_reale import broker_configurato, punta_broker
from procedure import services
from procedure.models import ProceduraSelezione, Stato


def _attendi(condizione, secondi=60):
    scadenza = time.monotonic() + secondi
    while time.monotonic() < scadenza:
        try:
            if condizione():
                return True
        except OperationalError:
            # SQLite's shared in-memory test database answers "table is locked" while the
            # worker thread writes; PostgreSQL never does. Read again at the next turn.
            pass
        time.sleep(0.1)
    return False


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_apertura_e_chiusura_eseguite_dal_worker_all_ora_giusta(
        crea_procedura_completa, porta_a, ds, broker_ripristinabile):
    url, opzioni = broker_configurato()
    punta_broker(url, opzioni)
    procedura = porta_a(crea_procedura_completa(), "pubblicata")
    eseguiti = []

    def dopo_il_task(sender=None, args=(), retval=None, **kwargs):
        if sender is not None and sender.name.startswith("procedure.tasks."):
            eseguiti.append((sender.name.rsplit(".", 1)[1], retval, timezone.now()))
        connections.close_all()

    task_postrun.connect(dopo_il_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False,
                          queues=[broker_ripristinabile], loglevel="WARNING", shutdown_timeout=15):
            adesso = timezone.now()
            apertura = adesso + timedelta(seconds=2)
            # the chiusura is moved close too, so the test sees both tasks run; 10 s after the
            # apertura: a worker late by 2 s on a loaded machine (CI with the browser tests
            # beside) ran the apertura past the chiusura and went straight to «chiusa»
            ProceduraSelezione.objects.filter(pk=procedura.pk).update(
                data_apertura=adesso, data_chiusura=adesso + timedelta(seconds=12))
            # the same «now» as the times above: on a loaded machine the service's own clock
            # could pass the apertura before it checks that it is in the future
            services.programma_apertura(autore=ds, membership=ds.memberships.get(),
                                        procedura=procedura, data_apertura=apertura,
                                        adesso=adesso)
            assert ProceduraSelezione.objects.get(pk=procedura.pk).stato == Stato.PUBBLICATA
            assert _attendi(lambda: ProceduraSelezione.objects.get(pk=procedura.pk).stato
                            == Stato.CHIUSA), eseguiti
    finally:
        task_postrun.disconnect(dopo_il_task)
    nomi = [nome for nome, _, _ in eseguiti]
    assert "apri_procedura_programmata" in nomi and "chiudi_procedura" in nomi
    quando_aperta = next(t for nome, esito, t in eseguiti if esito == Stato.APERTA)
    assert quando_aperta >= apertura  # never before the programmed second
    assert ds.notifiche.filter(oggetto__endswith="aperta").count() == 1
    assert ds.notifiche.filter(oggetto__endswith="chiusa").count() == 1
