"""The ricevuta of a sent application: a PDF/A with protocol, timestamp and SHA-256."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from portale.pdf import genera_pdf

from . import dichiarato
from .models import Candidatura


def genera(candidatura: Candidatura) -> bytes:
    procedura = candidatura.procedura
    return genera_pdf("pdf/ricevuta.html", {
        "candidatura": candidatura, "procedura": procedura,
        "allegati": list(candidatura.allegati.select_related("allegato_richiesto", "criterio")),
        **dichiarato.contesto(candidatura, campi=list(procedura.campi.all()),
                              criteri=list(procedura.criteri.all())),
    }, istituto=procedura.istituto, pdf_a=True,
        titolo=f"Ricevuta di candidatura – prot. {candidatura.protocollo.numero}")


def assicura(candidatura_id: int) -> str:
    """The stored ricevuta of a sent application, generated now if still missing."""
    with transaction.atomic():
        candidatura = (Candidatura.objects.select_for_update(no_key=True, of=("self",))
                       .select_related("procedura__istituto", "protocollo", "candidato")
                       .get(pk=candidatura_id))
        if candidatura.ricevuta or candidatura.protocollo_id is None:
            return candidatura.ricevuta
        percorso = default_storage.save(
            f"ricevute/{candidatura.procedura.istituto_id}/ricevuta-{candidatura.pk}.pdf",
            ContentFile(genera(candidatura)))
        candidatura.ricevuta = percorso
        candidatura.save(update_fields=["ricevuta"])
        return percorso
