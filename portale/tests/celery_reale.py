"""A real Celery worker in tests, against the configured broker (Redis in CI).

Shared by the tests that must see tasks run for real (outbox delivery, scheduled opening).
"""

import uuid

import pytest
from django.conf import settings as django_settings
from kombu import pools as kombu_pools

from config.celery import app

CHIAVI_BROKER = (
    "broker_url", "broker_read_url", "broker_write_url", "broker_transport_options",
    "task_default_queue", "task_always_eager", "worker_hijack_root_logger",
)


def chiudi_connessioni_celery():
    """Close the pooled broker connections so the next publish connects to the new URL.

    kombu keeps one pool per broker address in a process-wide registry: `pools.reset()`
    closes and forgets them all, the app then builds fresh ones on the next publish.
    """
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def punta_broker(url, opzioni):
    # broker_read_url / broker_write_url win over broker_url, and the CELERY_BROKER_URL
    # environment variable (set in CI) wins over app.conf.broker_url: set all three.
    for chiave in ("broker_url", "broker_read_url", "broker_write_url"):
        app.conf[chiave] = url
    app.conf.broker_transport_options = opzioni
    chiudi_connessioni_celery()


@pytest.fixture
def broker_ripristinabile():
    """Lets a test move the Celery app to another broker; puts everything back afterwards."""
    salvato = {chiave: app.conf.get(chiave) for chiave in CHIAVI_BROKER}
    coda = f"test-{uuid.uuid4().hex[:12]}"
    code_prima = set(app.amqp.queues)
    # A queue of this test only: stale messages of other runs never reach its worker.
    app.conf.task_default_queue = coda
    app.conf.task_always_eager = False
    app.conf.worker_hijack_root_logger = False
    try:
        yield coda
    finally:
        for chiave, valore in salvato.items():
            app.conf[chiave] = valore
        for nome in set(app.amqp.queues) - code_prima:
            app.amqp.queues.pop(nome, None)
        app.amqp.queues.select([salvato["task_default_queue"]])
        chiudi_connessioni_celery()


def broker_configurato():
    """The broker of the settings (Redis in CI); the embedded filesystem one becomes memory://."""
    url = django_settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        return "memory://", {"polling_interval": 0.1}
    return url, dict(django_settings.CELERY_BROKER_TRANSPORT_OPTIONS)


