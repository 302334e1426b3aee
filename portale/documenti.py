"""Private uploaded files: type checked by content, size-limited, names sanitised, SHA-256 kept.

The one path for a file that a user uploads, whatever app keeps it:

    verificato = verifica_file(upload, tipi=("pdf", "p7m"))   # ValidationError in Italian
    percorso = archivia(verificato, cartella="candidature")    # private default storage
    ...  # store verificato.nome, .mime, .dimensione, .sha256 and percorso on the model
    return risposta_download(percorso, nome=..., mime=...)     # after the caller's access_*

The type is recognised from the bytes (magic numbers, and for office documents the zip's
`mimetype` / `[Content_Types].xml`), never from the name or the browser's Content-Type. A file
whose extension names another type than its content is refused. Files are stored under a
random name: the user's name is kept only as data, for the download's Content-Disposition.

A PDF (or a signed P7M, which carries its PDF) that contains JavaScript, a launch action or
embedded files is accepted but marked (`FileVerificato.contenuti_attivi`, stored on the
document): staff see a badge before opening it. The check is a bounded byte scan for the
PDF name tokens, as pdfid does, also inside the compressed streams (object streams hide
them), with a cap on the bytes decompressed; pypdf is not a runtime dependency.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import re
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.functional import lazy

from .lingua import elenco

logger = logging.getLogger(__name__)

DIMENSIONE_MASSIMA_PREDEFINITA = 10 * 1024 * 1024
LUNGHEZZA_MASSIMA_NOME = 150
LETTURA_INIZIALE = 4096
MASSIMO_XML_IN_ZIP = 1024 * 1024  # [Content_Types].xml larger than this is not an office file

# OID 1.2.840.113549.1.7.2 (PKCS#7 / CMS signedData), DER-encoded with its tag and length.
OID_SIGNED_DATA = bytes.fromhex("06092a864886f70d010702")

OOXML_PRINCIPALE = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ODF_MIMETYPE = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


@dataclass(frozen=True)
class TipoDocumento:
    codice: str
    etichetta: str
    mime: str
    estensioni: tuple[str, ...]
    valido: str  # how the refusal names it: "non è {valido}"


TIPI: dict[str, TipoDocumento] = {
    t.codice: t
    for t in (
        TipoDocumento("pdf", "PDF", "application/pdf", (".pdf",), "un PDF valido"),
        TipoDocumento("p7m", "file firmato P7M", "application/pkcs7-mime", (".p7m",),
                      "un file firmato P7M valido"),
        TipoDocumento("png", "immagine PNG", "image/png", (".png",), "un'immagine PNG valida"),
        TipoDocumento("jpeg", "immagine JPEG", "image/jpeg", (".jpg", ".jpeg"),
                      "un'immagine JPEG valida"),
        TipoDocumento("docx", "documento Word (DOCX)",
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      (".docx",), "un documento Word (DOCX) valido"),
        TipoDocumento("xlsx", "foglio Excel (XLSX)",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      (".xlsx",), "un foglio Excel (XLSX) valido"),
        TipoDocumento("odt", "documento ODT", ODF_MIMETYPE["odt"], (".odt",),
                      "un documento ODT valido"),
        TipoDocumento("ods", "foglio ODS", ODF_MIMETYPE["ods"], (".ods",),
                      "un foglio ODS valido"),
    )
}
TIPI_PER_ESTENSIONE = {est: t.codice for t in TIPI.values() for est in t.estensioni}


@dataclass(frozen=True)
class FileVerificato:
    """An uploaded file that passed every check; `file` is rewound and ready to be stored."""

    file: File
    nome: str
    tipo: str
    mime: str
    dimensione: int
    sha256: str
    contenuti_attivi: tuple[str, ...] = ()  # codes of CONTENUTI_ATTIVI found in a PDF

    @property
    def estensione(self) -> str:
        return TIPI[self.tipo].estensioni[0]


def dimensione_massima() -> int:
    return int(getattr(settings, "DOCUMENTI_DIMENSIONE_MASSIMA", DIMENSIONE_MASSIMA_PREDEFINITA))


def descrivi_dimensione(byte: int) -> str:
    """10485760 → "10 MB", 1572864 → "1,5 MB", 2048 → "2 KB" (Italian decimal comma)."""
    for unita, fattore in (("MB", 1024 * 1024), ("KB", 1024)):
        if byte >= fattore:
            valore = f"{byte / fattore:.1f}".rstrip("0").rstrip(".")
            return f"{valore.replace('.', ',')} {unita}"
    return f"{byte} byte"


def nome_sicuro(nome: str, *, predefinito: str = "documento") -> str:
    """The last path component, without control or reserved characters, at most 150 chars."""
    nome = unicodedata.normalize("NFC", str(nome or ""))
    nome = re.split(r"[/\\]", nome)[-1]
    nome = re.sub(r"[\t\r\n\v\f]", " ", nome)
    nome = "".join(
        " " if unicodedata.category(c) in {"Zs", "Zl", "Zp"} else c
        for c in nome
        if not unicodedata.category(c).startswith("C")  # Cc, Cf (bidi overrides), Co, Cs, Cn
    )
    nome = re.sub(r'[<>:"|?*;]', "_", nome)
    nome = re.sub(r"\s+", " ", nome).strip().lstrip(".").strip()
    if not nome or nome.startswith(".") or set(nome) <= {".", "_", " "}:
        return predefinito
    if len(nome) > LUNGHEZZA_MASSIMA_NOME:
        radice, punto, estensione = nome.rpartition(".")
        if punto and 0 < len(estensione) <= 10 and radice:
            nome = radice[: LUNGHEZZA_MASSIMA_NOME - len(estensione) - 1].rstrip() + "." + estensione
        else:
            nome = nome[:LUNGHEZZA_MASSIMA_NOME].rstrip()
    return nome


def _estensione(nome: str) -> str:
    _, punto, estensione = nome.lower().rpartition(".")
    return f".{estensione}" if punto else ""


# --- Recognition by content -------------------------------------------------------------

def _e_pdf(file, inizio: bytes, dimensione: int) -> bool:
    if not inizio.startswith(b"%PDF-"):
        return False
    file.seek(max(0, dimensione - 1024))
    return b"%%EOF" in file.read(1024)


def _e_der_signed_data(dati: bytes) -> bool:
    """A DER/BER SEQUENCE whose first element is the signedData content-type OID."""
    if len(dati) < 2 + len(OID_SIGNED_DATA) or dati[0] != 0x30:
        return False
    primo = dati[1]
    if primo <= 0x80:  # short form, or indefinite length (BER, used by some signing tools)
        inizio_contenuto = 2
    elif primo <= 0x84:
        inizio_contenuto = 2 + (primo & 0x7F)
    else:
        return False
    return dati[inizio_contenuto:inizio_contenuto + len(OID_SIGNED_DATA)] == OID_SIGNED_DATA


def _e_p7m(inizio: bytes) -> bool:
    if _e_der_signed_data(inizio):
        return True
    # Some signing tools save the DER structure base64-encoded (with or without PEM armour).
    testo = inizio[:512]
    testo = re.sub(rb"-----BEGIN [A-Z0-9 ]+-----", b"", testo)
    testo = re.sub(rb"\s", b"", testo)
    testo = testo[: len(testo) - len(testo) % 4]
    if len(testo) < 24 or not re.fullmatch(rb"[A-Za-z0-9+/=]+", testo):
        return False
    try:
        return _e_der_signed_data(base64.b64decode(testo))
    except (binascii.Error, ValueError):
        return False


def _tipo_da_zip(file) -> str | None:
    try:
        archivio = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archivio:
        nomi = {info.filename: info for info in archivio.infolist()}
        mimetype = nomi.get("mimetype")
        if mimetype is not None and mimetype.file_size <= 200:
            try:
                valore = archivio.read("mimetype").decode("ascii", "replace").strip()
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
                return None
            for codice, atteso in ODF_MIMETYPE.items():
                if valore == atteso:
                    return codice
            return None
        tipi = nomi.get("[Content_Types].xml")
        if tipi is None or tipi.file_size > MASSIMO_XML_IN_ZIP:
            return None
        try:
            xml = archivio.read("[Content_Types].xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
            return None
        for codice, principale in OOXML_PRINCIPALE.items():
            # Exact main-part content type: macro-enabled .docm/.xlsm have another one.
            if f'ContentType="{principale}"' in xml:
                return codice
    return None


def riconosci_tipo(file) -> str | None:
    """The code of the type the content of `file` has (one of TIPI), or None."""
    file.seek(0)
    inizio = file.read(LETTURA_INIZIALE)
    dimensione = _dimensione(file)
    tipo = None
    if inizio.startswith(b"%PDF-"):
        tipo = "pdf" if _e_pdf(file, inizio, dimensione) else None
    elif inizio.startswith(b"\x89PNG\r\n\x1a\n"):
        tipo = "png"
    elif inizio.startswith(b"\xff\xd8\xff"):
        tipo = "jpeg"
    elif inizio.startswith(b"PK\x03\x04"):
        file.seek(0)
        tipo = _tipo_da_zip(file)
    elif _e_p7m(inizio):
        tipo = "p7m"
    file.seek(0)
    return tipo


# --- Active content in PDFs ----------------------------------------------------------------

# The PDF names that make a document run something or carry other files, by what staff are
# told (the badge). /OpenAction or /AA alone only open a page: they matter with /JS.
CONTENUTI_ATTIVI = {
    "javascript": "Contiene JavaScript",
    "avvio": "Avvia programmi esterni",
    "file_incorporati": "Contiene file incorporati",
}
NOMI_ATTIVI = {
    b"JS": "javascript", b"JavaScript": "javascript", b"Launch": "avvio",
    b"EmbeddedFile": "file_incorporati", b"EmbeddedFiles": "file_incorporati",
}
_NOME_PDF = re.compile(rb"/((?:[A-Za-z0-9]|#[0-9A-Fa-f]{2}){2,20})(?![A-Za-z0-9#])")
# "stream" not preceded by "end" (checked in _flussi: a look-behind makes the regex engine
# try every byte, 27 ms a MiB instead of 1)
_FLUSSO = re.compile(rb"stream\r?\n")
MASSIMO_DECOMPRESSO = 32 * 1024 * 1024  # over every stream of one file (no zip bomb)
MASSIMO_FLUSSI = 2000


def _nomi_attivi(dati: bytes) -> set[str]:
    trovati = set()
    for nome in _NOME_PDF.findall(dati):
        if b"#" in nome:  # /J#61vaScript is /JavaScript
            nome = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), nome)
        codice = NOMI_ATTIVI.get(nome)
        if codice:
            trovati.add(codice)
    return trovati


def _flussi(dati: bytes):
    for trovato in _FLUSSO.finditer(dati):
        if dati[max(trovato.start() - 3, 0):trovato.start()] != b"end":
            yield trovato


def contenuti_attivi_pdf(file) -> tuple[str, ...]:
    """The codes of CONTENUTI_ATTIVI whose names appear in the PDF, in clear or inside a
    Flate-compressed stream (object streams). Reads the whole file, already size-limited."""
    file.seek(0)
    dati = file.read()
    file.seek(0)
    trovati = _nomi_attivi(dati)
    residuo = MASSIMO_DECOMPRESSO
    for numero, inizio in enumerate(_flussi(dati)):
        if residuo <= 0 or numero >= MASSIMO_FLUSSI or len(trovati) == len(CONTENUTI_ATTIVI):
            break
        fine = dati.find(b"endstream", inizio.end())
        if fine < 0:
            break
        decompressore = zlib.decompressobj()
        try:
            chiaro = decompressore.decompress(dati[inizio.end():fine], residuo)
        except zlib.error:
            continue  # not Flate (images, other filters): its bytes were scanned in clear
        residuo -= len(chiaro)
        trovati |= _nomi_attivi(chiaro)
    return tuple(c for c in CONTENUTI_ATTIVI if c in trovati)


def _dimensione(file) -> int:
    dimensione = getattr(file, "size", None)
    if dimensione is None:
        posizione = file.tell()
        file.seek(0, 2)
        dimensione = file.tell()
        file.seek(posizione)
    return dimensione


def calcola_sha256(file) -> str:
    file.seek(0)
    impronta = hashlib.sha256()
    for blocco in iter(lambda: file.read(64 * 1024), b""):
        impronta.update(blocco)
    file.seek(0)
    return impronta.hexdigest()


def elenco_tipi(tipi: Iterable[str]) -> str:
    etichette = [TIPI[t].etichetta for t in tipi]
    return elenco(etichette, "o")


def verifica_file(file, *, tipi: Iterable[str], dimensione_massima_byte: int | None = None,
                  ) -> FileVerificato:
    """Check an uploaded file; raise ValidationError (Italian) or return its verified data."""
    if isinstance(file, FileVerificato):
        if file.tipo not in tuple(tipi):
            raise ValidationError(f"Il file «{file.nome}» non è di un tipo ammesso.")
        return file
    tipi = tuple(tipi)
    sconosciuti = [t for t in tipi if t not in TIPI]
    if not tipi or sconosciuti:
        raise ValueError(f"tipi di documento non previsti: {sconosciuti or tipi}")
    massimo = dimensione_massima() if dimensione_massima_byte is None else dimensione_massima_byte
    nome = nome_sicuro(getattr(file, "name", ""))
    dimensione = _dimensione(file)
    if dimensione == 0:
        raise ValidationError(f"Il file «{nome}» è vuoto.", code="vuoto")
    if dimensione > massimo:
        raise ValidationError(
            f"Il file «{nome}» supera la dimensione massima di {descrivi_dimensione(massimo)}.",
            code="troppo_grande",
        )
    tipo = riconosci_tipo(file)
    dal_nome = TIPI_PER_ESTENSIONE.get(_estensione(nome))
    if tipo is None or tipo not in tipi or (dal_nome is not None and dal_nome != tipo):
        atteso = dal_nome if dal_nome in tipi else (tipi[0] if len(tipi) == 1 else None)
        if atteso is not None:
            messaggio = f"Il file «{nome}» non è {TIPI[atteso].valido}."
        else:
            messaggio = (f"Il file «{nome}» non è di un tipo ammesso "
                         f"(tipi ammessi: {elenco_tipi(tipi)}).")
        raise ValidationError(messaggio, code="tipo_non_ammesso")
    if dal_nome is None:  # no or unknown extension: give it the one of its content
        nome = nome_sicuro(nome + TIPI[tipo].estensioni[0])
    attivi = contenuti_attivi_pdf(file) if tipo in ("pdf", "p7m") else ()
    return FileVerificato(file=file, nome=nome, tipo=tipo, mime=TIPI[tipo].mime,
                          dimensione=dimensione, sha256=calcola_sha256(file),
                          contenuti_attivi=attivi)


def archivia(verificato: FileVerificato, *, cartella: str) -> str:
    """Store in the private default storage under a random name; returns the stored name."""
    cartella = "/".join(p for p in re.split(r"[/\\]", cartella) if p not in {"", ".", ".."})
    oggi = timezone.localdate()
    percorso = f"{cartella}/{oggi:%Y/%m}/{uuid.uuid4().hex}{verificato.estensione}"
    verificato.file.seek(0)
    salvato = default_storage.save(percorso, verificato.file)
    verificato.file.seek(0)
    return salvato


def elimina_archiviato(percorso: str) -> None:
    """Remove a stored file (e.g. when the transaction that referenced it failed)."""
    if percorso:
        default_storage.delete(percorso)


@contextmanager
def rimossi_se_fallisce() -> Iterator[list[str]]:
    """The list where an action records the files it stores; when the action fails, at any
    step or at its commit, they are removed. Wrap the whole transaction with it."""
    archiviati: list[str] = []
    try:
        yield archiviati
    except BaseException:
        for percorso in archiviati:
            elimina_archiviato(percorso)
        raise


def risposta_download(percorso: str, *, nome: str, mime: str) -> FileResponse:
    """Stream a stored file as an attachment. The caller has checked the permission.

    A file missing from the storage is logged and answered with 404, not a server error.
    """
    try:
        contenuto = default_storage.open(percorso, "rb")
    except FileNotFoundError:
        logger.error("File archiviato mancante: %s", percorso)
        raise Http404("File non disponibile") from None
    risposta = FileResponse(
        contenuto, as_attachment=True,
        filename=nome_sicuro(nome), content_type=mime or "application/octet-stream",
    )
    risposta["X-Content-Type-Options"] = "nosniff"
    risposta["Cache-Control"] = "private, no-store"
    risposta["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return risposta


# --- Form fields --------------------------------------------------------------------------

# the setting read at each render, not when the form class is defined
_MASSIMO_BYTE = lazy(lambda: str(dimensione_massima()), str)()


class _InputFileMultiplo(forms.FileInput):
    allow_multiple_selected = True


class CampoDocumento(forms.FileField):
    """A form field that verifies by content and cleans to a FileVerificato (or a list)."""

    def __init__(self, *args, tipi: Iterable[str], multiplo: bool = False, massimo_file: int = 5,
                 **kwargs):
        self.tipi = tuple(tipi)
        self.multiplo = multiplo
        self.massimo_file = massimo_file
        if multiplo:
            kwargs.setdefault("widget", _InputFileMultiplo())
        # a file dropped in the browser for its type left Django's «Questo campo è
        # obbligatorio.», the reason gone: say what to choose
        kwargs["error_messages"] = {
            "required": f"Scegli il file da caricare: {elenco_tipi(self.tipi)}.",
            **kwargs.get("error_messages", {})}
        super().__init__(*args, **kwargs)
        accept = ",".join(e for t in self.tipi for e in TIPI[t].estensioni)
        self.widget.attrs.setdefault("accept", accept)
        # read by assets/file-scelti.js: a file too large or of another type is dropped as
        # soon as it is chosen, before the upload, and the others stay chosen
        self.widget.attrs.setdefault("data-massimo-byte", _MASSIMO_BYTE)
        if multiplo:
            self.widget.attrs.setdefault("data-massimo-file", massimo_file)
        if not self.help_text:
            self.help_text = (
                f"{elenco_tipi(self.tipi)}, al massimo {descrivi_dimensione(dimensione_massima())}"
                + (f" per file, fino a {massimo_file} file." if multiplo else ".")
            )

    def to_python(self, data):
        """Only the shape here: emptiness, size and type are judged by verifica_file."""
        if data in self.empty_values:
            return None
        if not hasattr(data, "name") or not hasattr(data, "size"):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return data

    def clean(self, data, initial=None):
        if not self.multiplo:
            file = super().clean(data, initial)
            return verifica_file(file, tipi=self.tipi) if file else file
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.massimo_file:
            raise ValidationError(f"Puoi allegare al massimo {self.massimo_file} file.")
        errori, verificati = [], []
        for file in files:
            try:
                verificati.append(verifica_file(super().clean(file, initial), tipi=self.tipi))
            except ValidationError as errore:
                errori.extend(errore.messages)
        if errori:
            if verificati:  # the browser forgets every chosen file once the send is refused
                nomi = [f"«{v.nome}»" for v in verificati]
                validi = elenco(nomi) + (", che era valido" if len(nomi) == 1 else
                                         ", che erano validi")
                errori.append(f"Nessun file è stato allegato: scegli di nuovo anche {validi}.")
            raise ValidationError(errori)
        return verificati
