"""Real sample files for the tests of uploads (portale.documenti and the apps that use it)."""

import io
import struct
import zipfile
import zlib
from datetime import UTC, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(testo: str = "Documento di prova") -> bytes:
    """A minimal but well-formed one-page PDF."""
    flusso = f"BT /F1 12 Tf 72 720 Td ({testo}) Tj ET".encode("latin-1")
    oggetti = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(flusso) + flusso + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    uscita = io.BytesIO()
    uscita.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    posizioni = []
    for numero, corpo in enumerate(oggetti, start=1):
        posizioni.append(uscita.tell())
        uscita.write(b"%d 0 obj\n" % numero + corpo + b"\nendobj\n")
    xref = uscita.tell()
    uscita.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(oggetti) + 1))
    for posizione in posizioni:
        uscita.write(b"%010d 00000 n \n" % posizione)
    uscita.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                 % (len(oggetti) + 1, xref))
    return uscita.getvalue()


def png() -> bytes:
    """A 1×1 PNG."""
    def blocco(tipo, dati):
        return (struct.pack(">I", len(dati)) + tipo + dati
                + struct.pack(">I", zlib.crc32(tipo + dati) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + blocco(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + blocco(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + blocco(b"IEND", b""))


def jpeg() -> bytes:
    """The start of a JFIF file (enough for recognition by content)."""
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xdb\x00\x43\x00" + bytes(range(64)) + b"\xff\xd9")


def p7m(contenuto: bytes | None = None) -> bytes:
    """A real CAdES-like signed envelope (DER CMS signedData) around `contenuto`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    chiave = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    nome = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Mario Rossi")])
    adesso = datetime.now(UTC)
    certificato = (x509.CertificateBuilder().subject_name(nome).issuer_name(nome)
                   .public_key(chiave.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(adesso).not_valid_after(adesso + timedelta(days=1))
                   .sign(chiave, hashes.SHA256()))
    return (pkcs7.PKCS7SignatureBuilder().set_data(contenuto or pdf())
            .add_signer(certificato, chiave, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]))


def _zip(membri: list[tuple[str, bytes]]) -> bytes:
    uscita = io.BytesIO()
    with zipfile.ZipFile(uscita, "w", zipfile.ZIP_DEFLATED) as archivio:
        for nome, dati in membri:
            tipo = zipfile.ZIP_STORED if nome == "mimetype" else zipfile.ZIP_DEFLATED
            archivio.writestr(zipfile.ZipInfo(nome), dati, compress_type=tipo)
    return uscita.getvalue()


def _ooxml(principale: str, parte: str) -> bytes:
    tipi = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{parte}" ContentType="{principale}"/></Types>'
    )
    return _zip([("[Content_Types].xml", tipi.encode()), (parte, b"<documento/>")])


def docx() -> bytes:
    return _ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                  "word/document.xml")


def docm() -> bytes:
    """A macro-enabled Word document: must not pass as DOCX."""
    return _ooxml("application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml")


def xlsx() -> bytes:
    return _ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                  "xl/workbook.xml")


def odf(mimetype: str) -> bytes:
    return _zip([("mimetype", mimetype.encode()), ("content.xml", b"<office:document-content/>")])


def odt() -> bytes:
    return odf("application/vnd.oasis.opendocument.text")


def ods() -> bytes:
    return odf("application/vnd.oasis.opendocument.spreadsheet")


def zip_semplice() -> bytes:
    return _zip([("leggimi.txt", b"ciao")])


def caricato(nome: str, dati: bytes, content_type: str = "application/octet-stream"):
    """An uploaded file as Django hands it to a view (the browser's Content-Type is ignored)."""
    return SimpleUploadedFile(nome, dati, content_type=content_type)
