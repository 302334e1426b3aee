from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .spid.models import AsserzioneUsata


@shared_task
def pulisci_richieste_saml() -> int:
    """Forget consumed assertion ids once they are far past any validity window."""
    soglia = timezone.now() - timedelta(days=2)
    cancellate, _ = AsserzioneUsata.objects.filter(usata_il__lt=soglia).delete()
    return cancellate
