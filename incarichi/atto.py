"""The act of an incarico as PDF/A with the istituto letterhead: the «Lettera di incarico»
for school staff (art. 10, c. 3) or the «Contratto» for external subjects (art. 10, c. 2).
Generated once, at issue, inside the transaction that numbers it; frozen with its SHA-256."""

from portale.pdf import genera_pdf

from .models import Incarico


def contesto(incarico: Incarico, dirigente=None) -> dict:
    """`dirigente`: the Dirigente Scolastico who issues the act, named (with the title agreeing
    with her or him) where the act is signed."""
    return {"incarico": incarico, "persona": incarico.persona, "scheda": incarico.scheda,
            "dirigente": dirigente}


def genera(incarico: Incarico, dirigente=None) -> bytes:
    modello = "pdf/incarichi/lettera.html" if incarico.lettera else "pdf/incarichi/contratto.html"
    return genera_pdf(modello, contesto(incarico, dirigente), istituto=incarico.istituto, pdf_a=True,
                      titolo=f"{incarico.get_tipo_atto_display()} – {incarico.oggetto}")
