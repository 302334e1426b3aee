"""Registro eventi (solo in aggiunta) e PDF con carta intestata dell'istituto."""

import io
import logging
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader
from weasyprint.urls import URLFetchingError

from portale.models import Evento, RegistroImmutabileError
from portale.pdf import genera_pdf, url_fetcher_ristretto
from portale.services.eventi import registra_evento

pytestmark = pytest.mark.django_db


def _testo(pdf: bytes) -> str:
    lettore = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(pagina.extract_text() for pagina in lettore.pages).split())


def _immagini(pdf: bytes):
    return [immagine for pagina in PdfReader(io.BytesIO(pdf)).pages for immagine in pagina.images]


def _xmp(pdf: bytes) -> str:
    radice = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    if "/Metadata" not in radice:
        return ""
    return radice["/Metadata"].get_object().get_data().decode("utf-8")


# --- Registro eventi ------------------------------------------------------------------


def test_evento_registra_chi_cosa_e_istituto_dedotto_dall_oggetto(ds, istituto):
    membership = ds.memberships.get()
    evento = registra_evento(autore=ds, azione="ruolo.assegnato", oggetto=membership,
                             descrizione="Assegnato il ruolo di DS", dettagli={"ruolo": "ds"})
    evento.refresh_from_db()
    assert evento.autore == ds
    assert evento.istituto == istituto  # from membership.istituto
    assert evento.oggetto == membership
    assert evento.object_id == str(membership.pk)
    assert evento.oggetto_descrizione == str(membership)
    assert (evento.azione, evento.descrizione) == ("ruolo.assegnato", "Assegnato il ruolo di DS")
    assert evento.dettagli == {"ruolo": "ds"}
    assert evento.quando is not None


def test_istituto_esplicito_e_oggetto_senza_istituto(ds, istituto, altro_istituto, candidato):
    membership = ds.memberships.get()
    esplicito = registra_evento(autore=ds, azione="prova", descrizione="Esplicito",
                                oggetto=membership, istituto=altro_istituto)
    assert esplicito.istituto == altro_istituto
    # a person has no istituto: the event is national
    su_persona = registra_evento(autore=ds, azione="accesso", descrizione="Accesso", oggetto=candidato)
    assert su_persona.istituto is None
    assert su_persona.oggetto == candidato
    senza_oggetto = registra_evento(autore=ds, azione="prova", descrizione="Nessun oggetto")
    assert (senza_oggetto.content_type, senza_oggetto.object_id, senza_oggetto.istituto) == (
        None, "", None)


def test_autore_anonimo_o_sistema(istituto):
    anonimo = registra_evento(autore=AnonymousUser(), azione="x", descrizione="Anonimo",
                              istituto=istituto)
    sistema = registra_evento(autore=None, azione="x", descrizione="Sistema")
    assert anonimo.autore is None and sistema.autore is None
    assert anonimo.istituto == istituto


def test_descrizione_troncata_al_limite_del_campo(ds):
    evento = registra_evento(autore=ds, azione="x", descrizione="a" * 900)
    evento.refresh_from_db()
    assert len(evento.descrizione) == 500


def test_eventi_solo_in_aggiunta(ds, istituto):
    evento = registra_evento(autore=ds, azione="istituto.modificato", descrizione="Originale",
                             oggetto=istituto, istituto=istituto)
    evento.descrizione = "Riscritta"
    with pytest.raises(RegistroImmutabileError):
        evento.save()
    with pytest.raises(RegistroImmutabileError):
        Evento.objects.get(pk=evento.pk).delete()
    evento.refresh_from_db()
    assert evento.descrizione == "Originale"
    assert Evento.objects.count() == 1


# --- PDF ------------------------------------------------------------------------------


def test_pdf_cronologia_con_intestazione_dell_istituto(ds, istituto):
    eventi = [
        registra_evento(autore=ds, azione="istituto.modificato", oggetto=istituto,
                        istituto=istituto, descrizione="Aggiornato il recapito PEC"),
        registra_evento(autore=None, azione="sistema", descrizione="Controllo notturno eseguito"),
    ]
    pdf = genera_pdf("pdf/cronologia.html", {"eventi": eventi}, istituto=istituto,
                     titolo="Cronologia")
    assert pdf.startswith(b"%PDF-")
    testo = _testo(pdf)
    for atteso in ("IC Leonardo da Vinci", "RMIC8A7005", "rmic8a7005@pec.istruzione.it",
                   "97000010583", "Cronologia", "Aggiornato il recapito PEC",
                   "Controllo notturno eseguito", "istituto.modificato", "Sistema"):
        assert atteso in testo, atteso
    assert "pdfaid" not in _xmp(pdf)  # plain PDF unless asked


def test_pdf_senza_istituto_e_senza_eventi():
    testo = _testo(genera_pdf("pdf/cronologia.html", {"eventi": []}, titolo="Cronologia"))
    assert "Portale Gestione Incarichi" in testo
    assert "Nessun evento registrato." in testo


def test_pdf_a_porta_l_identificazione_pdf_a_3b(ds, istituto):
    evento = registra_evento(autore=ds, azione="x", descrizione="Atto da conservare",
                             istituto=istituto)
    pdf = genera_pdf("pdf/cronologia.html", {"eventi": [evento]}, istituto=istituto,
                     titolo="Cronologia", pdf_a=True)
    xmp = _xmp(pdf)
    assert re.search(r'pdfaid:part(>|=")3', xmp), xmp
    assert re.search(r'pdfaid:conformance(>|=")B', xmp), xmp
    assert "/OutputIntents" in PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "Atto da conservare" in _testo(pdf)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://example.com/x.png",
    "https://example.com/x.css",
    "ftp://example.com/x",
    "/etc/passwd",
])
def test_url_fetcher_rifiuta_file_e_rete(url):
    with pytest.raises(URLFetchingError):
        url_fetcher_ristretto(url)


def test_url_fetcher_non_esce_dai_file_statici():
    with pytest.raises((URLFetchingError, SuspiciousFileOperation)):
        url_fetcher_ristretto("static:/../../../../../../etc/passwd")


def test_url_fetcher_consente_data_uri_e_file_statici():
    risposta = url_fetcher_ristretto("data:text/plain;base64,Y2lhbw==")
    assert risposta.read() == b"ciao"
    risposta = url_fetcher_ristretto("static:/portale/css/portale.css")
    assert risposta.content_type == "text/css"
    assert risposta.read()


@pytest.fixture
def template_con_risorse_esterne(settings, tmp_path):
    """A PDF template (in a template dir of the test) that tries to pull outside resources.

    Besides /etc/passwd it points at a real PNG on disk: a fetcher that let file: URLs
    through would embed it in the PDF.
    """
    (tmp_path / "pdf").mkdir()
    segreto = tmp_path / "segreto.png"
    Image.new("RGB", (30, 30), (255, 0, 0)).save(segreto, format="PNG")
    (tmp_path / "pdf" / "risorse_esterne.html").write_text(
        '{% extends "pdf/base.html" %}'
        "{% block stile %}<style>main { background: url('file:///etc/hostname'); }</style>"
        '<link rel="stylesheet" href="http://example.com/stile.css">{% endblock %}'
        '{% block contenuto %}<h1>Documento con risorse esterne</h1>'
        '<img src="file:///etc/passwd" alt="">'
        f'<img src="{segreto.as_uri()}" alt="">'
        '<img src="http://example.com/x.png" alt="">'
        "<p>Fine del documento</p>{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "pdf/risorse_esterne.html"


def test_template_con_risorse_esterne_viene_reso_senza_caricarle(
        istituto, template_con_risorse_esterne, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = genera_pdf(template_con_risorse_esterne, {}, istituto=istituto, titolo="Prova")
    testo = _testo(pdf)
    assert "Documento con risorse esterne" in testo and "Fine del documento" in testo
    assert "root:" not in testo and b"root:x:0:0" not in pdf
    assert _immagini(pdf) == []
    assert "file:///etc/passwd" in caplog.text  # WeasyPrint logged the refusal and went on
    assert "http://example.com/x.png" in caplog.text
    assert "segreto.png" in caplog.text
    assert "risorsa non consentita" in caplog.text


@pytest.fixture
def media_temporanei(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
    }
    return tmp_path / "media"


def test_logo_dell_istituto_incorporato_nel_pdf(istituto, media_temporanei):
    senza_logo = genera_pdf("pdf/cronologia.html", {"eventi": []}, istituto=istituto)
    assert _immagini(senza_logo) == []

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (0, 102, 204)).save(buffer, format="PNG")
    istituto.logo.save("logo.png", ContentFile(buffer.getvalue()))
    istituto.refresh_from_db()
    assert (media_temporanei / istituto.logo.name).is_file()

    pdf = genera_pdf("pdf/cronologia.html", {"eventi": []}, istituto=istituto)
    immagini = _immagini(pdf)
    assert len(immagini) == 1
    logo = immagini[0].image
    assert logo.size == (40, 20)
    assert logo.convert("RGB").getpixel((10, 10)) == (0, 102, 204)


@pytest.mark.django_db
def test_il_registro_rifiuta_anche_cancellazioni_e_modifiche_in_blocco(istituto):
    registra_evento(autore=None, azione="prova", descrizione="riga", istituto=istituto)
    with pytest.raises(RegistroImmutabileError):
        Evento.objects.all().delete()
    with pytest.raises(RegistroImmutabileError):
        Evento.objects.update(descrizione="alterata")
    assert Evento.objects.get().descrizione == "riga"
