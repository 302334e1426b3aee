"""Celery tasks: thin wrappers that take ids and call a service."""

from celery import shared_task
from django.utils import timezone

from .services import disponibilita, notifiche


@shared_task(acks_late=True, max_retries=0)
def invia_notifica(notifica_id: int) -> bool:
    return notifiche.invia_email_notifica(notifica_id)


@shared_task(acks_late=True)
def rinvia_notifiche_in_sospeso() -> int:
    return notifiche.rinvia_in_sospeso()


@shared_task(acks_late=False, ignore_result=True)
def registra_battito() -> None:
    """The heartbeat (portale.disponibilita): the time of the run, not of the schedule."""
    disponibilita.registra_battito(adesso=timezone.now())
