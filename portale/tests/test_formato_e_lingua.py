"""Italian numbers (portale.formato, filters of {% load formato %}) and agreement (portale.lingua)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from accounts.validators import sesso_da_codice_fiscale
from portale import formato, lingua


@pytest.mark.parametrize(("valore", "atteso"), [
    (1234.5, "1.234,50"), (Decimal("154.00"), "154,00"), ("27.00", "27,00"), (0, "0,00"),
    (Decimal("-1234567.891"), "-1.234.567,89"), (Decimal("0.005"), "0,01"), (None, ""), ("", ""),
])
def test_numero(valore, atteso):
    assert formato.numero(valore) == atteso


def test_euro_e_punti():
    assert formato.euro(Decimal("38.5")) == "38,50 €"
    assert formato.euro(Decimal("2310")) == "2.310,00 €"
    assert formato.euro(None) == ""
    assert formato.punti("27.00") == "27"
    assert formato.punti(Decimal("38.5")) == "38,50"
    assert formato.punti(1200) == "1.200"


def _rendi(sorgente, **contesto):
    with translation.override("it"):
        return Template("{% load formato %}" + sorgente).render(Context(contesto))


def test_filtri_nei_template_qualunque_lingua_attiva():
    assert _rendi("{{ x|numero }}", x=1234.5) == "1.234,50"
    assert _rendi("{{ x|euro }}", x=Decimal("154")) == "154,00 €"
    assert _rendi("{{ x|punti }}", x="38.50") == "38,50"
    with translation.override("en"):
        assert Template("{% load formato %}{{ x|euro }}").render(Context({"x": 1234.5})) == "1.234,50 €"


@pytest.mark.parametrize(("n", "nome", "atteso"), [
    (1, "allegato", "1 allegato"), (2, "allegato", "2 allegati"), (0, "allegato", "0 allegati"),
    (2, "esperienza", "2 esperienze"), (1, "esperienza", "1 esperienza"), (3, "anno", "3 anni"),
    (2, "incarico", "2 incarichi"), (2, "riga", "2 righe"), (4, "unità", "4 unità"),
    (2, "allegato richiesto", "2 allegati richiesti"), (2, "anno di servizio", "2 anni di servizio"),
    (Decimal("1.00"), "ora", "1.00 ora"),
])
def test_quantita(n, nome, atteso):
    assert lingua.quantita(n, nome) == atteso


def test_plurale_con_pluralize_e_quantita_nei_template():
    assert _rendi('{{ n }} allegat{{ n|pluralize:"o,i" }}', n=1) == "1 allegato"
    assert _rendi('{{ n }} allegat{{ n|pluralize:"o,i" }}', n=2) == "2 allegati"
    assert _rendi('{{ n|quantita:"esperienza" }}', n=2) == "2 esperienze"


def test_genere_dal_codice_fiscale():
    maria = SimpleNamespace(codice_fiscale="RSSMRA70A41H501W")  # day 41: a woman born on the 1st
    giuseppe = SimpleNamespace(codice_fiscale="BNCGPP75C12F205U")
    ignoto = SimpleNamespace(codice_fiscale="")
    assert sesso_da_codice_fiscale(maria.codice_fiscale) == "F"
    assert sesso_da_codice_fiscale(giuseppe.codice_fiscale) == "M"
    assert sesso_da_codice_fiscale("12345678901") is None  # temporary (numeric) code
    assert f"nominat{lingua.desinenza(maria)}" == "nominata"
    assert f"nominat{lingua.desinenza(giuseppe)}" == "nominato"
    assert f"nominat{lingua.desinenza(ignoto)}" == "nominato/a"
    assert _rendi("nat{{ p|desinenza }}", p=maria) == "nata"


@pytest.mark.parametrize("byte, atteso", [(609, "609 byte"), (2048, "2 KB"),
                                          (1572864, "1,5 MB"), (None, "0 byte")])
def test_dimensione_dei_file_in_italiano(byte, atteso):
    with translation.override("it"):
        assert Template("{% load formato %}{{ b|dimensione }}").render(Context({"b": byte})) == atteso


def test_nessun_template_usa_filesizeformat():
    """Django's filesizeformat writes «609 bytes», «1.5 MB» whatever the language."""
    from pathlib import Path

    radice = Path(__file__).resolve().parents[2]
    usati = [str(p.relative_to(radice)) for p in radice.glob("*/templates/**/*.html")
             if "filesizeformat" in p.read_text(encoding="utf-8")]
    usati += [str(p.relative_to(radice)) for p in (radice / "templates").glob("**/*.html")
              if "filesizeformat" in p.read_text(encoding="utf-8")]
    assert usati == []


@pytest.mark.django_db
def test_benvenuta_e_collegata_per_le_candidate(client, candidato, crea_persona):
    """The welcome of the reserved area and allauth's message after the login agree with the
    person (from the codice fiscale), not always in the masculine."""
    uomo = crea_persona("SPSMRC80A01F839B", nome="Marco", cognome="Esposito")
    for persona, benvenuto, collegato in ((candidato, "Benvenuta, ", "Ti sei collegata come"),
                                          (uomo, "Benvenuto, ", "Ti sei collegato come")):
        client.force_login(persona)
        assert benvenuto + str(persona) in client.get("/area-riservata/").content.decode()
        messaggio = render_to_string("account/messages/logged_in.txt", {"user": persona})
        assert messaggio.strip() == f"{collegato} {persona.nome_completo}."


@pytest.mark.parametrize("nome, atteso", [("Alessia Ferrari", "ad Alessia Ferrari"),
                                          ("Marco Esposito", "a Marco Esposito"),
                                          ("anna Gialli", "ad anna Gialli"),
                                          ("Elena Neri", "a Elena Neri")])
def test_a_chi_con_la_d_eufonica(nome, atteso):
    from portale.lingua import a_chi

    assert a_chi(nome) == atteso
