"""The avviso: its HTML frozen at the action (publication, proroga, revision), the PDF composed
from that HTML once, with its SHA-256; never silently changed (revisions and proroghe add a
version; old versions stay downloadable).

Composing the PDF (WeasyPrint, PDF/A) takes seconds, so the action only renders the HTML
(milliseconds) and a task composes the PDF after the commit. Whatever the workers do, the
first download of a version not yet composed composes it there, under the version's row lock:
the avviso is always available, and only one PDF per version is ever stored.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string

from accounts.selectors import dirigente_in_servizio
from portale.accoda import accoda
from portale.pdf import compila_pdf, contesto_carta_intestata
from portale.services.eventi import registra_evento

from . import criteri as regole
from .models import Categoria, ProceduraSelezione, VersioneAvviso

logger = logging.getLogger(__name__)
TEMPLATE = "pdf/avviso.html"


def contesto_avviso(procedura: ProceduraSelezione) -> dict:
    criteri = list(procedura.criteri.all())
    return {
        "procedura": procedura,
        "criteri": criteri,
        "massimo": regole.punteggio_massimo(criteri, procedura.categorie_ammesse),
        "categorie": [Categoria(c) for c in procedura.categorie_ammesse],
        "campi": list(procedura.campi.select_related("sezione")),
        "allegati": list(procedura.allegati_richiesti.all()),
        # the avviso is the DS's act: signed by who is in service when a version is made
        "dirigente": dirigente_in_servizio(procedura.istituto_id),
    }


def sorgente(procedura: ProceduraSelezione) -> str:
    """The avviso's HTML as it is now."""
    contesto = contesto_carta_intestata(contesto_avviso(procedura), istituto=procedura.istituto,
                                        titolo=f"Avviso di selezione – {procedura.oggetto}")
    return render_to_string(TEMPLATE, contesto)


def genera_versione(procedura: ProceduraSelezione, motivo: str) -> VersioneAvviso:
    """A new version with the avviso's HTML as it is now; its PDF is composed after commit."""
    numero = (procedura.versioni_avviso.aggregate(n=Max("numero"))["n"] or 0) + 1
    versione = VersioneAvviso.objects.create(procedura=procedura, numero=numero, motivo=motivo,
                                             sorgente=sorgente(procedura))
    transaction.on_commit(lambda: _accoda_composizione(versione.pk))
    return versione


def _accoda_composizione(versione_id: int) -> None:
    try:
        accoda("procedure.tasks.componi_avviso", versione_id)
    except Exception:  # noqa: BLE001 - the first download composes it anyway
        logger.warning("Broker non raggiungibile: il PDF dell'avviso (versione %s) sarà "
                       "composto al primo download", versione_id)


def componi_pdf(versione_id: int) -> VersioneAvviso:
    """«Composizione del PDF dell'avviso» from the frozen HTML, once (idempotent).

    The version's row is locked while composing: a task and a download at the same moment
    compose it once; the later one finds the file.
    """
    with transaction.atomic():
        versione = (VersioneAvviso.objects.select_for_update().select_related(
            "procedura__istituto").get(pk=versione_id))
        if versione.file:
            return versione
        pdf = compila_pdf(versione.sorgente, pdf_a=True)
        versione.sha256 = hashlib.sha256(pdf).hexdigest()
        procedura = versione.procedura
        versione.file.save(f"{procedura.istituto.codice_meccanografico}/procedura-{procedura.pk}"
                           f"-avviso-v{versione.numero}.pdf", ContentFile(pdf), save=False)
        versione.save(update_fields=["file", "sha256"])
        registra_evento(autore=None, azione="avviso_composto", oggetto=procedura,
                        descrizione=f"PDF dell'avviso composto (versione {versione.numero}, "
                                    f"SHA-256 {versione.sha256[:12]}…)",
                        dettagli={"versione": versione.numero, "sha256": versione.sha256})
    return versione


def versione_composta(versione: VersioneAvviso) -> VersioneAvviso:
    """The version with its PDF, composing it now if no worker has yet."""
    return versione if versione.file else componi_pdf(versione.pk)
