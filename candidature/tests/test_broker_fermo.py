"""Broker outage (issue 9): with the broker unreachable, applications are still sent and
protocolled through HTTP; when it comes back, every notification is e-mailed exactly once.

The broker is made unreachable by pointing the Celery app at a closed port, which is what a
stopped Redis looks like to the portal (connection refused), without stopping the server
the rest of the suite shares.
"""

import contextlib
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.urls import reverse

from candidature.models import Candidatura, StatoCandidatura
from config.celery import app
from portale.models import Notifica, StatoInvio
from portale.services import notifiche
from portale.tests.celery_reale import broker_configurato, punta_broker

from .istanze_fixtures import salva

BROKER_CHIUSO = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_invii_con_broker_fermo_poi_notifiche_consegnate_una_volta(
        client, procedura_aperta, persone, broker_ripristinabile):
    mail.outbox.clear()
    punta_broker(BROKER_CHIUSO, {"socket_connect_timeout": 1, "max_retries": 0})
    candidati = [persone[n] for n in ("alessia", "marco", "sara")]
    inizio = time.monotonic()
    for candidato in candidati:
        bozza = salva(candidato, procedura_aperta)
        client.force_login(candidato)
        risposta = client.post(reverse("candidature:invia", args=[bozza.pk]))
        assert risposta.status_code == 302
        assert risposta["Location"] == reverse("candidature:dettaglio", args=[bozza.pk])
    durata = time.monotonic() - inizio
    assert durata < 30, f"3 invii in {durata:.1f} s"  # the broker never makes a candidate wait long
    inviate = list(Candidatura.objects.filter(procedura=procedura_aperta)
                   .select_related("protocollo").order_by("protocollo__numero"))
    assert [c.stato for c in inviate] == [StatoCandidatura.INVIATA] * 3
    assert [c.protocollo.numero for c in inviate] == [1, 2, 3]
    # the ricevuta does not need the worker: generated at the first request
    client.force_login(candidati[0])
    ricevuta = client.get(reverse("candidature:ricevuta", args=[inviate[0].pk]))
    assert ricevuta.status_code == 200
    in_attesa = list(Notifica.objects.filter(destinatario__in=candidati)
                     .values_list("pk", flat=True))
    assert len(in_attesa) == 3
    assert set(Notifica.objects.filter(pk__in=in_attesa).values_list("stato_email", flat=True)) \
        == {StatoInvio.IN_ATTESA}
    assert mail.outbox == []

    # the broker is back with a real worker; the sweep runs twice, as beat would
    eseguiti = []

    def dopo_il_task(sender=None, args=(), retval=None, **kwargs):
        if sender is not None and sender.name == "portale.tasks.invia_notifica":
            eseguiti.append((args[0], retval))
        connections.close_all()

    url, opzioni = broker_configurato()
    punta_broker(url, opzioni)
    # both sweeps before the worker consumes: with the worker already running, a quick one had
    # sent the three before the second sweep looked, which then found none pending (CI, once)
    assert notifiche.rinvia_in_sospeso(ritardo_secondi=0) == 3
    assert notifiche.rinvia_in_sospeso(ritardo_secondi=0) == 3
    task_postrun.connect(dopo_il_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False,
                          queues=[broker_ripristinabile], loglevel="WARNING",
                          shutdown_timeout=15):
            # it ends as soon as the six have run; the margin is for a machine busy with the
            # rest of the suite (the worker thread shares two cores with browsers and servers)
            scadenza = time.monotonic() + 90
            while len(eseguiti) < 6 and time.monotonic() < scadenza:
                time.sleep(0.05)
    finally:
        task_postrun.disconnect(dopo_il_task)
        with contextlib.suppress(Exception), app.connection_for_write() as conn:
            coda = app.amqp.queues[broker_ripristinabile](conn.default_channel)
            coda.declare()
            coda.delete()

    assert sorted(eseguiti) == sorted([(pk, True) for pk in in_attesa]
                                      + [(pk, False) for pk in in_attesa]), \
        f"task eseguiti: {eseguiti}; notifiche {in_attesa}"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in candidati)
    assert set(Notifica.objects.filter(pk__in=in_attesa).values_list("stato_email", flat=True)) \
        == {StatoInvio.INVIATA}
