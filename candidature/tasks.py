from celery import shared_task

from . import ricevuta, services


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def genera_ricevuta(candidatura_id: int) -> str:
    return ricevuta.assicura(candidatura_id)


@shared_task(acks_late=True)
def invia_promemoria_scadenze() -> int:
    return services.invia_promemoria()


@shared_task(acks_late=True)
def scadi_integrazioni() -> int:
    """Beat sweep: requests for integration past their deadline (idempotent, rows locked)."""
    return services.scadi_integrazioni()
