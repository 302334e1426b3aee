"""Enqueue a Celery task by its dotted name.

Services never import their app's `tasks.py`: the tasks import the services they wrap, and a
service that queues work after commit names the task here (`"candidature.tasks.genera_ricevuta"`).
The task module is imported only when something is queued, so there is no import circle, and
the call is the task's own `delay`/`apply_async`: eager mode in tests and a patched `delay`
behave as before.
"""

from importlib import import_module


def task(nome: str):
    """The task object registered under `nome` (`"<app>.tasks.<funzione>"`)."""
    modulo, _, funzione = nome.rpartition(".")
    return getattr(import_module(modulo), funzione)


def accoda(nome: str, *args, eta=None):
    """Queue `nome(*args)`, at `eta` if given. Broker errors propagate: the caller decides
    what a missing worker means (a sweep, a first download, a pending outbox row)."""
    if eta is None:
        return task(nome).delay(*args)
    return task(nome).apply_async(args, eta=eta)
