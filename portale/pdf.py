"""PDF documents from HTML templates under templates/pdf/, with the istituto letterhead.

WeasyPrint never reaches the network or the file system from a template: the url_fetcher
answers only data: URIs and the project's own static files.
"""

import base64
import mimetypes
from collections.abc import Callable

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

STATIC_PREFIX = "static:"


def url_fetcher_ristretto(url: str, headers=None) -> URLFetcherResponse:
    """Answer data: URIs and the project's static files; refuse everything else."""
    if url.startswith("data:"):
        return URLFetcher(allowed_protocols={"data"}).fetch(url, headers)
    if url.startswith(STATIC_PREFIX):
        percorso = finders.find(url.removeprefix(STATIC_PREFIX).lstrip("/"))
        if percorso:
            with open(percorso, "rb") as file:
                contenuto = file.read()
            tipo = mimetypes.guess_type(percorso)[0] or "application/octet-stream"
            return URLFetcherResponse(url, contenuto, {"Content-Type": tipo})
    raise URLFetchingError(f"risorsa non consentita nei PDF: {url[:80]}")


class FetcherRistretto(URLFetcher):
    """The fetcher WeasyPrint is given (since 68 it must be a URLFetcher, not a function).

    Every request, HTTP redirects included, goes through url_fetcher_ristretto.
    """

    def fetch(self, url, headers=None):
        return url_fetcher_ristretto(url, headers)


def logo_data_uri(istituto) -> str:
    if istituto is None or not istituto.logo:
        return ""
    with istituto.logo.open("rb") as file:
        contenuto = file.read()
    tipo = mimetypes.guess_type(istituto.logo.name)[0] or "image/png"
    return f"data:{tipo};base64,{base64.b64encode(contenuto).decode()}"


def contesto_carta_intestata(context: dict, *, istituto=None, titolo: str = "") -> dict:
    """`context` with what every PDF template needs: the istituto, its logo, the title."""
    return {**context, "istituto": istituto, "logo": logo_data_uri(istituto), "titolo": titolo}


def compila_pdf(html: str, *, pdf_a: bool = False) -> bytes:
    """Compose already rendered HTML to PDF bytes (PDF/A-3b when `pdf_a`): the slow part."""
    documento = HTML(string=html, base_url="static:/", url_fetcher=FetcherRistretto())
    opzioni = {"pdf_variant": "pdf/a-3b"} if pdf_a else {}
    return documento.write_pdf(**opzioni)


def genera_pdf(template_name: str, context: dict, *, istituto=None, pdf_a: bool = False,
               titolo: str = "") -> bytes:
    """Render `templates/pdf/<template_name>` to PDF bytes (PDF/A-3b when `pdf_a`)."""
    html = render_to_string(template_name, contesto_carta_intestata(context, istituto=istituto,
                                                                    titolo=titolo))
    return compila_pdf(html, pdf_a=pdf_a)


def pdf_conservato(percorso: str, genera: Callable[[], bytes]) -> str:
    """The storage name of an immutable document's PDF, rendered once.

    As the avviso's frozen versions (procedure.avviso): the PDF is rendered and saved to the
    default storage the first time, then only read. `percorso` must name the immutable
    content (e.g. the version number and its SHA-256), so a different content never finds
    another's file. Two first requests at once both render; the second file is saved under
    a suffixed name and the next requests read the first.
    """
    if default_storage.exists(percorso):
        return percorso
    return default_storage.save(percorso, ContentFile(genera()))
