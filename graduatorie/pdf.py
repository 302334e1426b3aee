"""The PDF of a published version of the ranking: rendered once, then read from the storage.

A version never changes after publication (rows sealed by their SHA-256, publication date
and reclami deadline set once), so its PDF is rendered at the first request and kept under
a name made of the version and its SHA-256 (portale.pdf.pdf_conservato, the same mechanism
as the frozen avviso): WeasyPrint costs 1.3–1.5 s of CPU, the public page must not pay it per
anonymous request.
"""

from django.utils import timezone

from accounts.selectors import dirigente_in_servizio
from portale.pdf import genera_pdf, pdf_conservato

from .models import Graduatoria
from .verbale import Verbale


def genera(versione: Graduatoria) -> bytes:
    procedura = versione.procedura
    return genera_pdf("pdf/graduatorie/graduatoria.html", {
        "versione": versione, "procedura": procedura}, istituto=procedura.istituto,
        titolo=f"Graduatoria {versione.get_tipo_display().lower()} – {procedura.oggetto}")


# Raised when the layout changes what a PDF discloses, so that a copy composed before is no
# longer served: 2 = the excluded candidates counted, no longer named with their reasons;
# 3 = the tie rule written under equal totals.
EDIZIONE = 3


def percorso_pdf(versione: Graduatoria) -> str:
    """The storage name of the version's PDF (rendered and saved the first time)."""
    procedura = versione.procedura
    pubblicata = int(versione.pubblicata_il.timestamp()) if versione.pubblicata_il else 0
    nome = (f"graduatorie/{procedura.istituto.codice_meccanografico}/procedura-{procedura.pk}-"
            f"graduatoria-v{versione.numero}-{versione.sha256}-{pubblicata}-e{EDIZIONE}.pdf")
    return pdf_conservato(nome, lambda: genera(versione))


def verbale(v: Verbale) -> bytes:
    """The commission's verbale, composed at each request: it says the state of the records
    at that moment (a reclamo accepted later changes scores and ranking), and staff ask for it
    a few times per procedure."""
    procedura = v.procedura
    return genera_pdf("pdf/graduatorie/verbale.html", {
        "v": v, "composto_il": timezone.now(),
        "dirigente": dirigente_in_servizio(procedura.istituto_id)}, istituto=procedura.istituto,
        titolo=f"Verbale della commissione di valutazione – {procedura.oggetto}")
