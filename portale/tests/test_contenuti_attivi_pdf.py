"""Issue #15 (Sicurezza): a PDF with JavaScript, a launch action or embedded files is marked
at upload (portale.documenti.verifica_file → FileVerificato.contenuti_attivi)."""

import io
import zlib

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from portale import documenti
from portale.tests.campioni_documenti import caricato, p7m, pdf


def _pypdf(*, js: str = "", allegato: bytes = b"") -> bytes:
    scrittore = PdfWriter()
    scrittore.add_blank_page(width=595, height=842)
    if js:
        scrittore.add_open_action(JavaScript(js))
    if allegato:
        scrittore.add_attachment("dati.txt", allegato)
    uscita = io.BytesIO()
    scrittore.write(uscita)
    return uscita.getvalue()


def _con_oggetti(*oggetti: bytes) -> bytes:
    """A minimal PDF whose extra objects are given as they are (streams included)."""
    uscita = io.BytesIO()
    uscita.write(b"%PDF-1.7\n")
    corpi = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
             *oggetti]
    for numero, corpo in enumerate(corpi, start=1):
        uscita.write(b"%d 0 obj\n" % numero + corpo + b"\nendobj\n")
    uscita.write(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return uscita.getvalue()


def _compresso(testo: bytes) -> bytes:
    dati = zlib.compress(testo)
    return (b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
            % len(dati) + dati + b"\nendstream")


def _verifica(contenuto: bytes, nome="documento.pdf", tipi=("pdf",)):
    return documenti.verifica_file(caricato(nome, contenuto), tipi=tipi)


def test_pdf_pulito_nessun_contenuto_attivo():
    assert _verifica(pdf("Curriculum vitae")).contenuti_attivi == ()
    assert _verifica(_pypdf()).contenuti_attivi == ()


def test_pdf_con_javascript():
    assert _verifica(_pypdf(js="app.alert(1);")).contenuti_attivi == ("javascript",)


def test_pdf_con_file_incorporati():
    assert _verifica(_pypdf(allegato=b"ciao")).contenuti_attivi == ("file_incorporati",)


@pytest.mark.parametrize(("oggetto", "attesi"), [
    (b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", ("javascript",)),
    (b"<< /OpenAction << /S /J#61vaScript /J#53 (x) >> >>", ("javascript",)),
    (b"<< /S /Launch /F (cmd.exe) >>", ("avvio",)),
    (_compresso(b"1 0 << /Names << /EmbeddedFiles 9 0 R >> /AA << /O << /S /JavaScript "
                b"/JS (x) >> >> >>"), ("javascript", "file_incorporati")),
])
def test_nomi_in_chiaro_escapati_o_compressi(oggetto, attesi):
    assert _verifica(_con_oggetti(oggetto)).contenuti_attivi == attesi


def test_p7m_che_porta_un_pdf_con_javascript():
    verificato = _verifica(p7m(_pypdf(js="app.alert(1);")), nome="cv.pdf.p7m", tipi=("p7m",))
    assert verificato.contenuti_attivi == ("javascript",)


def test_altri_tipi_non_si_esaminano():
    from portale.tests.campioni_documenti import png

    assert _verifica(png(), nome="foto.png", tipi=("png",)).contenuti_attivi == ()
