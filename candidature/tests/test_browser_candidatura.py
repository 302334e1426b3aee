"""Issue 5's key journey in a real browser: a candidate applies from a public avviso."""

import pytest

from candidature.demo import pdf_minimo
from portale.tests.browser import entra_come

pytestmark = pytest.mark.browser


def test_candidato_completa_la_bozza_e_invia(portale, pagina, tmp_path):
    curriculum = tmp_path / "curriculum.pdf"
    curriculum.write_bytes(pdf_minimo("Curriculum vitae di Marco Esposito"))
    identita = tmp_path / "documento.pdf"
    identita.write_bytes(pdf_minimo("Carta di identita"))
    falso = tmp_path / "falso.pdf"
    falso.write_bytes(b"MZ questo e un eseguibile")

    entra_come(pagina, portale, "Marco Esposito")
    pagina.get_by_role("link", name="Avvisi", exact=True).click()
    pagina.get_by_role("link", name="Esperto di robotica educativa").click()
    pagina.get_by_role("link", name="Presenta candidatura").click()
    assert pagina.get_by_text("ESPMRC88R03L736K").is_visible()  # from the identity, read-only

    # a fake file is refused with a clear message, and the rest of the draft is kept
    pagina.get_by_label("Telefono").fill("3351112233")
    pagina.get_by_label("Curriculum vitae in formato europeo").set_input_files(str(falso))
    pagina.get_by_role("button", name="Salva bozza").click()
    assert pagina.get_by_text("non è un PDF valido").first.is_visible()
    assert pagina.get_by_label("Telefono").input_value() == "3351112233"

    pagina.get_by_label("Curriculum vitae in formato europeo").set_input_files(str(curriculum))
    pagina.get_by_label("Documento d'identità").set_input_files(str(identita))
    pagina.get_by_role("button", name="Riepilogo e invio").click()
    assert pagina.get_by_text("Punteggio dalle tue dichiarazioni").is_visible()
    pagina.get_by_role("button", name="Invia").click()
    assert pagina.get_by_text("Candidatura ricevuta").is_visible()
    segnatura = pagina.get_by_text("Prot. n.").inner_text()
    assert "RMIC8A7005" in segnatura
    indirizzo = pagina.get_by_role("link", name="Scarica la ricevuta (PDF)").get_attribute("href")
    ricevuta = pagina.request.get(portale + indirizzo)
    assert ricevuta.ok and ricevuta.body().startswith(b"%PDF")
    pagina.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="Le mie candidature").click()
    riga = pagina.get_by_role("row").filter(has_text="Esperto di robotica educativa")
    assert riga.get_by_text("Inviata").is_visible()
