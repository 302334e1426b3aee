"""Celery tasks: thin, idempotent wrappers over the services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def scadi_proposte() -> int:
    """Beat sweep: proposals past their reply deadline count as rinuncia; the next candidate
    is called. Each proposal is locked and re-checked, so a repeated run changes nothing."""
    return services.scadi_proposte()
