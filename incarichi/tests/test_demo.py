"""Demo incarichi (by affidamento diretto from the demo schede): several states, internal and
external, both transparency sections filled; loading twice changes nothing."""

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from fabbisogno import demo as demo_fabbisogno
from incarichi import demo
from incarichi.models import Incarico, OreSvolte
from portale import demo as demo_portale

pytestmark = pytest.mark.django_db


def test_incarichi_demo_in_piu_stati_e_idempotenti(client):
    demo_portale.carica()
    demo_fabbisogno.carica()
    esito = demo.carica()
    assert esito["incarichi creati"] == 5
    stati = dict(Incarico.objects.values_list("persona__cognome", "stato"))
    assert stati == {"Bruni": "in_corso", "Neri": "conferito", "Verdi": "firmato",
                     "Rossi": "liquidato", "Mancini": "in_corso"}
    assert OreSvolte.objects.filter(incarico__stato="in_corso").count() == 5
    # a SPID test identity has an incarico in corso, two lines of which she annotated herself
    sara = Incarico.objects.get(persona__cognome="Mancini")
    assert set(sara.ore_svolte.values_list("inserita_da", flat=True)) == {sara.persona_id}
    html = client.get("/trasparenza/RMIC8A7005/").content.decode()
    consulenti, dipendenti = html.split("Incarichi conferiti ai dipendenti")
    assert "Giulia Verdi" in consulenti and "Laura Rossi" in consulenti
    assert "Sara Mancini" in consulenti
    assert "Luigi Bruni" in dipendenti and "Marco Neri" in dipendenti
    # the CV published for the public says who the expert is (it was a blank page)
    curriculum = Incarico.objects.get(persona__cognome="Verdi").documenti.get(tipo="curriculum")
    with default_storage.open(curriculum.percorso) as file:
        testo = "".join(pagina.extract_text() for pagina in PdfReader(file).pages)
    assert "Curriculum di Giulia Verdi" in testo and "Esperienze professionali" in testo
    assert demo.carica()["incarichi creati"] == 0
    assert Incarico.objects.count() == 5
