"""Private uploaded files: type by content, size limit, clean names, SHA-256, download."""

import base64
import hashlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.datastructures import MultiValueDict

from portale import documenti
from portale.documenti import CampoDocumento, nome_sicuro, riconosci_tipo, verifica_file

from . import campioni_documenti as campioni


@pytest.fixture(autouse=True)
def archivio_privato(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None}}}
    return tmp_path / "media"


@pytest.mark.parametrize("nome, dati, tipo", [
    ("a.pdf", campioni.pdf(), "pdf"),
    ("a.pdf.p7m", campioni.p7m(), "p7m"),
    ("a.png", campioni.png(), "png"),
    ("a.jpg", campioni.jpeg(), "jpeg"),
    ("a.docx", campioni.docx(), "docx"),
    ("a.xlsx", campioni.xlsx(), "xlsx"),
    ("a.odt", campioni.odt(), "odt"),
    ("a.ods", campioni.ods(), "ods"),
])
def test_tipo_riconosciuto_dal_contenuto(nome, dati, tipo):
    assert riconosci_tipo(campioni.caricato(nome, dati)) == tipo
    verificato = verify(nome, dati, tipi=documenti.TIPI)
    assert verificato.tipo == tipo and verificato.mime == documenti.TIPI[tipo].mime
    assert verificato.dimensione == len(dati)
    assert verificato.sha256 == hashlib.sha256(dati).hexdigest()


def verify(nome, dati, tipi=("pdf",), content_type="application/octet-stream"):
    return verifica_file(campioni.caricato(nome, dati, content_type), tipi=tipi)


def test_p7m_in_base64_riconosciuto():
    codificato = base64.encodebytes(campioni.p7m())
    assert verify("atto.pdf.p7m", codificato, tipi=("p7m",)).tipo == "p7m"


@pytest.mark.parametrize("dati", [
    b"<html><script>alert(1)</script></html>",
    b"%PDF-1.4 troncato senza fine",
    campioni.png(),
    b"MZ\x90\x00eseguibile",
])
def test_un_falso_pdf_e_rifiutato_anche_se_il_browser_dice_pdf(dati):
    with pytest.raises(ValidationError) as errore:
        verify("domanda.pdf", dati, content_type="application/pdf")
    assert errore.value.messages == ["Il file «domanda.pdf» non è un PDF valido."]


def test_estensione_che_contraddice_il_contenuto_rifiutata():
    with pytest.raises(ValidationError, match="«foto.png» non è un'immagine PNG valida"):
        verify("foto.png", campioni.pdf(), tipi=("pdf", "png"))


def test_tipo_non_ammesso_elenca_i_tipi_accettati():
    with pytest.raises(ValidationError) as errore:
        verify("tabella.xlsx", campioni.xlsx(), tipi=("pdf", "png", "jpeg"))
    assert errore.value.messages == [
        "Il file «tabella.xlsx» non è di un tipo ammesso (tipi ammessi: PDF, immagine PNG o "
        "immagine JPEG)."]


def test_office_con_macro_e_zip_generico_non_passano_per_docx():
    with pytest.raises(ValidationError, match="non è un documento Word \\(DOCX\\) valido"):
        verify("modello.docx", campioni.docm(), tipi=("docx",))
    with pytest.raises(ValidationError):
        verify("archivio.docx", campioni.zip_semplice(), tipi=("docx", "xlsx"))
    assert riconosci_tipo(campioni.caricato("x.zip", campioni.zip_semplice())) is None


def test_p7m_che_non_e_signed_data_rifiutato():
    finto = bytes.fromhex("3082010a06092a864886f70d010701") + b"\x00" * 300  # PKCS#7 data, unsigned
    with pytest.raises(ValidationError, match="non è un file firmato P7M valido"):
        verify("atto.p7m", finto, tipi=("p7m",))


def test_file_vuoto_rifiutato():
    with pytest.raises(ValidationError) as errore:
        verify("vuoto.pdf", b"")
    assert errore.value.messages == ["Il file «vuoto.pdf» è vuoto."]


def test_dimensione_massima_dalle_impostazioni(settings):
    assert documenti.dimensione_massima() == 10 * 1024 * 1024
    settings.DOCUMENTI_DIMENSIONE_MASSIMA = 1024
    with pytest.raises(ValidationError) as errore:
        verify("grande.pdf", campioni.pdf() + b" " * 2000)
    assert errore.value.messages == ["Il file «grande.pdf» supera la dimensione massima di 1 KB."]
    settings.DOCUMENTI_DIMENSIONE_MASSIMA = 10 * 1024 * 1024
    dati = campioni.pdf()
    grande = dati[:-6] + b" " * (10 * 1024 * 1024) + dati[-6:]
    with pytest.raises(ValidationError, match="supera la dimensione massima di 10 MB"):
        verify("grande.pdf", grande)


@pytest.mark.parametrize("grezzo, pulito", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\mario\\Desktop\\CV Mario.pdf", "CV Mario.pdf"),
    ("curriculum\x00\x1b[31m.pdf", "curriculum[31m.pdf"),
    ("fattura\u202egnp.pdf", "fatturagnp.pdf"),  # right-to-left override
    ("  .nascosto.pdf ", "nascosto.pdf"),
    ('a<b>:c"d|e?f*.pdf', "a_b__c_d_e_f_.pdf"),
    ("Attestato  di\tpartecipazione.pdf", "Attestato di partecipazione.pdf"),
    ("...", "documento"),
    ("", "documento"),
    ("Dichiarazione art. 3 – più lunga.pdf", "Dichiarazione art. 3 – più lunga.pdf"),
])
def test_nome_sicuro(grezzo, pulito):
    assert nome_sicuro(grezzo) == pulito


def test_nome_troppo_lungo_conserva_l_estensione():
    nome = nome_sicuro("a" * 400 + ".pdf")
    assert len(nome) == 150 and nome.endswith(".pdf")


def test_nome_senza_estensione_prende_quella_del_contenuto():
    assert verify("scansione", campioni.png(), tipi=("png",)).nome == "scansione.png"


@pytest.mark.django_db
def test_archivia_in_modo_privato_con_nome_casuale(archivio_privato, client):
    verificato = verify("../Curriculum di Mario.pdf", campioni.pdf())
    percorso = documenti.archivia(verificato, cartella="../candidature/")
    assert percorso.startswith("candidature/") and percorso.endswith(".pdf")
    assert "Mario" not in percorso and ".." not in percorso
    assert (archivio_privato / percorso).read_bytes() == campioni.pdf()
    for indirizzo in (f"/{percorso}", f"/media/{percorso}", default_storage.url(percorso)):
        assert client.get(indirizzo).status_code == 404  # no URL serves the storage
    documenti.elimina_archiviato(percorso)
    assert not default_storage.exists(percorso)


@pytest.mark.django_db
def test_risposta_download_allegato_e_nosniff():
    verificato = verify("Curriculum.pdf", campioni.pdf())
    percorso = documenti.archivia(verificato, cartella="prove")
    risposta = documenti.risposta_download(percorso, nome="Curriculum «2026».pdf",
                                           mime=verificato.mime)
    assert risposta["Content-Type"] == "application/pdf"
    assert risposta["Content-Disposition"].startswith("attachment;")
    assert "Curriculum" in risposta["Content-Disposition"]
    assert risposta["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in risposta["Cache-Control"]
    assert b"".join(risposta.streaming_content) == campioni.pdf()
    risposta.close()


def test_file_mancante_nello_storage_risponde_404(caplog):
    from django.http import Http404

    with pytest.raises(Http404):
        documenti.risposta_download("prove/2026/01/non-esiste.pdf", nome="x.pdf",
                                    mime="application/pdf")
    assert "File archiviato mancante" in caplog.text


class ModuloProva(forms.Form):
    singolo = CampoDocumento(label="Documento", tipi=("pdf",))
    allegati = CampoDocumento(label="Allegati", tipi=("pdf", "png"), multiplo=True,
                              required=False, massimo_file=2)


def test_campo_di_form_singolo_e_multiplo():
    files = MultiValueDict({
        "singolo": [campioni.caricato("a.pdf", campioni.pdf())],
        "allegati": [campioni.caricato("b.pdf", campioni.pdf()),
                     campioni.caricato("c.png", campioni.png())],
    })
    modulo = ModuloProva(data={}, files=files)
    assert modulo.is_valid(), modulo.errors
    assert modulo.cleaned_data["singolo"].tipo == "pdf"
    assert [v.tipo for v in modulo.cleaned_data["allegati"]] == ["pdf", "png"]
    html = str(modulo["allegati"])
    assert "multiple" in html and 'accept=".pdf,.png"' in html


def test_campo_di_form_riporta_ogni_file_rifiutato():
    files = MultiValueDict({
        "singolo": [campioni.caricato("a.pdf", b"non un pdf")],
        "allegati": [campioni.caricato("b.pdf", b""), campioni.caricato("c.png", b"testo"),
                     campioni.caricato("d.png", campioni.png())],
    })
    modulo = ModuloProva(data={}, files=files)
    assert not modulo.is_valid()
    assert modulo.errors["singolo"] == ["Il file «a.pdf» non è un PDF valido."]
    assert modulo.errors["allegati"] == ["Puoi allegare al massimo 2 file."]
    files.setlist("allegati", files.getlist("allegati")[:2])
    modulo = ModuloProva(data={}, files=files)
    assert not modulo.is_valid()
    assert modulo.errors["allegati"] == ["Il file «b.pdf» è vuoto.",
                                         "Il file «c.png» non è un'immagine PNG valida."]
    # a good file sent with a bad one is not kept by the browser: the page says to choose it
    # again, not only what was wrong with the other
    files.setlist("allegati", [campioni.caricato("b.pdf", campioni.pdf()),
                               campioni.caricato("c.png", b"testo")])
    modulo = ModuloProva(data={}, files=files)
    assert modulo.errors["allegati"] == [
        "Il file «c.png» non è un'immagine PNG valida.",
        "Nessun file è stato allegato: scegli di nuovo anche «b.pdf», che era valido."]
