"""Celery tasks: take ids, re-read, call a service; idempotent by the state guard."""

from celery import shared_task

from . import avviso, services


@shared_task(acks_late=True)
def apri_procedura_programmata(procedura_id: int) -> str:
    return services.allinea(procedura_id)


@shared_task(acks_late=True)
def chiudi_procedura(procedura_id: int) -> str:
    return services.allinea(procedura_id)


@shared_task(acks_late=True)
def allinea_procedure() -> int:
    """Safety sweep: whatever a missed or early task left undone is applied here."""
    ids = list(services.procedure_da_allineare())
    for procedura_id in ids:
        services.allinea(procedura_id)
    return len(ids)


@shared_task(acks_late=True)
def componi_avviso(versione_id: int) -> str:
    return avviso.componi_pdf(versione_id).sha256


@shared_task(acks_late=True)
def compensa_malfunzionamenti() -> int:
    """«Proroga per malfunzionamento del portale» for every procedure an outage hit."""
    return services.compensa_malfunzionamenti()
