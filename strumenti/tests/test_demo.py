"""Demo strumenti: the user guide rendered to PDF, every visibility, idempotent."""

import io

import pytest
from pypdf import PdfReader

from portale import demo as demo_portale
from strumenti import demo
from strumenti.models import Strumento, VersioneStrumento

pytestmark = pytest.mark.django_db


def test_guida_utente_e_strumenti_di_ogni_visibilita(client, archivio_privato):
    demo_portale.carica()
    esito = demo.carica()
    assert esito == {"strumenti": Strumento.objects.count(),
                     "versioni": VersioneStrumento.objects.count()}

    guida = Strumento.objects.get(titolo=demo.GUIDA_TITOLO)
    assert (guida.istituto, guida.visibilita, guida.categoria) == (None, "pubblico", "manuale")
    risposta = client.get(f"/strumenti/{guida.pk}/scarica/")  # anonymous: it is public
    pdf = PdfReader(io.BytesIO(b"".join(risposta.streaming_content)))
    testo = " ".join(pagina.extract_text().replace("-\n", "-") for pagina in pdf.pages)
    testo = " ".join(testo.split())
    assert len(pdf.pages) >= 4
    for frase in ("Entra con SPID", "Entra con CIE", "Operi come", "Notifiche",
                  "Carica strumenti", "Apri ticket", "Monitoraggio Tickets",
                  "Riapri il ticket", "assistenza@portale-incarichi.example.it"):
        assert frase in testo, frase
    assert "Guida utente del Portale" in client.get("/informazioni-utili/").content.decode()

    combinazioni = set(Strumento.objects.values_list("istituto__codice_meccanografico",
                                                     "visibilita"))
    for visibilita in ("pubblico", "utenti", "segreterie", "referenti"):
        assert (None, visibilita) in combinazioni
    assert {v for c, v in combinazioni if c == "RMIC8A7005"} == {
        "pubblico", "utenti", "segreterie", "referenti"}
    assert Strumento.objects.filter(versioni__numero=2).exists()  # a history to show


def test_demo_idempotente_e_nuova_revisione_della_guida(archivio_privato, monkeypatch):
    demo_portale.carica()
    demo.carica()
    prima = (Strumento.objects.count(), VersioneStrumento.objects.count())
    demo.carica()
    assert (Strumento.objects.count(), VersioneStrumento.objects.count()) == prima
    monkeypatch.setattr(demo, "GUIDA_REVISIONE", "1.1")
    demo.carica()
    guida = Strumento.objects.get(titolo=demo.GUIDA_TITOLO)
    assert guida.versione_corrente.numero == 2 and guida.versione_corrente.nota == "Revisione 1.1"


def test_le_tariffe_dicono_il_lordo_stato_al_centesimo_senza_ricalcolo():
    """The «Lordo Stato €/h» column held only formulas (=C2*1.327): 25,54475 in a spreadsheet,
    empty in a viewer that does not recalculate."""
    import io
    import re
    import zipfile

    from strumenti import demo

    (file,) = [v for s in demo._strumenti_da_caricare() if s[1].startswith("Tariffe orarie")
               for v in s[5]]
    foglio = zipfile.ZipFile(io.BytesIO(file[1]())).read("xl/worksheets/sheet1.xml").decode()
    assert re.findall(r'<c r="D\d"><f>([^<]*)</f><v>([^<]*)</v>', foglio) == [
        ("ROUND(C2*1.327,2)", "25.54"), ("ROUND(C3*1.327,2)", "51.09"),
        ("ROUND(C4*1.327,2)", "21.17"), ("ROUND(C5*1.327,2)", "18.25")]
