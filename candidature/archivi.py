"""ZIP archives of the documents of applications, streamed while they are written.

The archive is never held whole in memory nor in a file: zipfile writes into a small buffer
that is emptied after every block read from the storage (64 KB), and the response sends
each piece as soon as it exists. The applications are read in chunks with their documents
prefetched, so the number of queries does not grow with their number.

Names inside are sanitised (portale.documenti.nome_sicuro, slugs for labels: no path
separators, no "..", no control characters) and prefixed by the protocol number and year:
`0000012-2025_curriculum-vitae_cv.pdf`; in the archive of a whole procedure each
application has its folder `0000012-2025_rossi-mario/`. An `elenco.csv` lists every file with
its stored SHA-256 and the result of checking it while streaming.
"""

import hashlib
import io
import logging
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

from portale import csv_sicuro
from portale.documenti import nome_sicuro

logger = logging.getLogger(__name__)

BLOCCO = 64 * 1024


@dataclass(frozen=True)
class Voce:
    nome: str          # name inside the archive
    percorso: str      # private storage name
    dimensione: int
    sha256: str
    protocollo: str
    candidato: str
    documento: str
    data: object = None


def prefisso(candidatura) -> str:
    protocollo = candidatura.protocollo
    return f"{protocollo.numero:07d}-{protocollo.anno}"


def _slug(testo: str, massimo: int = 40) -> str:
    return (slugify(testo)[:massimo].strip("-")) or "documento"


def voci_istanza(candidatura, cartella: str = "") -> list[Voce]:
    """The files of one application (attachments, title documents, integrations)."""
    testa = prefisso(candidatura)
    segnatura = f"{candidatura.protocollo.numero}/{candidatura.protocollo.anno}"
    nominativo = candidatura.candidato.nome_completo or candidatura.candidato.codice_fiscale
    usati: set[str] = set()
    voci = []

    def aggiungi(etichetta: str, documento, descrizione: str) -> None:
        nome = f"{cartella}{testa}_{_slug(etichetta)}_{nome_sicuro(documento.nome)}"
        radice, punto, estensione = nome.rpartition(".")
        if not punto:
            radice, estensione = nome, ""
        numero = 2
        while nome in usati:
            nome = f"{radice}-{numero}{punto}{estensione}"
            numero += 1
        usati.add(nome)
        voci.append(Voce(nome=nome, percorso=documento.percorso, dimensione=documento.dimensione,
                         sha256=documento.sha256, protocollo=segnatura, candidato=nominativo,
                         documento=descrizione, data=documento.caricato_il))

    for allegato in candidatura.allegati.all():
        if allegato.allegato_richiesto_id:
            etichetta = allegato.allegato_richiesto.nome
        elif allegato.criterio_id:
            etichetta = f"titolo {allegato.criterio.descrizione}"
        else:
            etichetta = "documento"
        aggiungi(etichetta, allegato, etichetta)
    for numero, richiesta in enumerate(candidatura.richieste_integrazione.all(), start=1):
        for documento in richiesta.documenti.all():
            aggiungi(f"integrazione {numero}", documento,
                     f"Integrazione {numero} ({timezone.localtime(richiesta.creata_il):%d/%m/%Y})")
    return voci


def cartella_istanza(candidatura) -> str:
    persona = candidatura.candidato
    return f"{prefisso(candidatura)}_{_slug(f'{persona.cognome} {persona.nome}')}/"


class _Buffer:
    """What zipfile writes into: emptied by the generator after every block."""

    def __init__(self):
        self._pezzi: list[bytes] = []

    def write(self, dati) -> int:
        self._pezzi.append(bytes(dati))
        return len(dati)

    def flush(self) -> None:
        pass

    def svuota(self) -> bytes:
        dati = b"".join(self._pezzi)
        self._pezzi.clear()
        return dati


def _data_zip(istante) -> tuple:
    if istante is None:
        istante = timezone.now()
    locale = timezone.localtime(istante)
    return (max(locale.year, 1980), locale.month, locale.day, locale.hour, locale.minute,
            locale.second)


def flusso_zip(voci: Iterable[Voce]) -> Iterator[bytes]:
    """Write the archive piece by piece; the last entry is `elenco.csv`."""
    buffer = _Buffer()
    elenco = io.StringIO()
    riga = csv_sicuro.scrittore(elenco, delimiter=";", lineterminator="\r\n").writerow
    riga(["protocollo", "candidato", "documento", "file", "byte", "sha256", "verifica"])
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for voce in voci:
            try:
                sorgente = default_storage.open(voce.percorso, "rb")
            except FileNotFoundError:
                logger.error("File archiviato mancante nello ZIP: %s", voce.percorso)
                riga([voce.protocollo, voce.candidato, voce.documento, voce.nome, voce.dimensione,
                      voce.sha256, "MANCANTE nell'archivio"])
                continue
            info = zipfile.ZipInfo(voce.nome, date_time=_data_zip(voce.data))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = voce.dimensione
            impronta = hashlib.sha256()
            with sorgente, zf.open(info, "w") as destinazione:
                for blocco in iter(lambda s=sorgente: s.read(BLOCCO), b""):
                    impronta.update(blocco)
                    destinazione.write(blocco)
                    pezzo = buffer.svuota()
                    if pezzo:
                        yield pezzo
            esito = "ok" if impronta.hexdigest() == voce.sha256 else "SHA-256 DIVERSO"
            if esito != "ok":
                logger.error("SHA-256 diverso da quello registrato: %s", voce.percorso)
            riga([voce.protocollo, voce.candidato, voce.documento, voce.nome, voce.dimensione,
                  voce.sha256, esito])
            pezzo = buffer.svuota()
            if pezzo:
                yield pezzo
        zf.writestr(zipfile.ZipInfo("elenco.csv", date_time=_data_zip(None)),
                    "\ufeff" + elenco.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
    yield buffer.svuota()


def risposta_zip(voci: Iterable[Voce], *, nome: str) -> StreamingHttpResponse:
    risposta = StreamingHttpResponse(flusso_zip(voci), content_type="application/zip")
    risposta["Content-Disposition"] = f'attachment; filename="{nome_sicuro(nome)}"'
    risposta["X-Content-Type-Options"] = "nosniff"
    risposta["Cache-Control"] = "private, no-store"
    return risposta
