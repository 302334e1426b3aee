"""The avviso PDF: generated at publication, frozen with its SHA-256; never silently changed
(revisions and proroghe add a version; old versions stay downloadable)."""

import hashlib

from django.core.files.base import ContentFile
from django.db.models import Max

from portale.pdf import genera_pdf

from . import criteri as regole
from .models import Categoria, ProceduraSelezione, VersioneAvviso


def contesto_avviso(procedura: ProceduraSelezione) -> dict:
    criteri = list(procedura.criteri.all())
    return {
        "procedura": procedura,
        "criteri": criteri,
        "massimo": regole.punteggio_massimo(criteri, procedura.categorie_ammesse),
        "categorie": [Categoria(c) for c in procedura.categorie_ammesse],
        "campi": list(procedura.campi.select_related("sezione")),
        "allegati": list(procedura.allegati_richiesti.all()),
    }


def genera_versione(procedura: ProceduraSelezione, motivo: str) -> VersioneAvviso:
    pdf = genera_pdf("pdf/avviso.html", contesto_avviso(procedura), istituto=procedura.istituto,
                     pdf_a=True, titolo=f"Avviso di selezione – {procedura.oggetto}")
    numero = (procedura.versioni_avviso.aggregate(n=Max("numero"))["n"] or 0) + 1
    versione = VersioneAvviso(procedura=procedura, numero=numero,
                              sha256=hashlib.sha256(pdf).hexdigest(), motivo=motivo)
    versione.file.save(
        f"{procedura.istituto.codice_meccanografico}/procedura-{procedura.pk}-avviso-v{numero}.pdf",
        ContentFile(pdf), save=False)
    versione.save()
    return versione
