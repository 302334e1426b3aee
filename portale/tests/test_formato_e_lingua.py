"""Italian numbers (portale.formato, filters of {% load formato %}) and agreement (portale.lingua)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
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


@pytest.mark.parametrize(("ore", "atteso"), [
    (Decimal("20.00"), "20"), (Decimal("1.50"), "1,5"), (Decimal("2.25"), "2,25"),
    (Decimal("10.10"), "10,1"), (Decimal("1000"), "1.000"), (7, "7"), ("7.50", "7,5")])
def test_numero_ore_senza_zeri_in_coda(ore, atteso):
    """«1,50 ore» reads as a price: hours as people write them."""
    assert formato.numero_ore(ore) == atteso
    assert _rendi("{{ x|numero_ore }}", x=ore) == atteso


@pytest.mark.parametrize(("n", "nome", "atteso"), [
    (1, "allegato", "1 allegato"), (2, "allegato", "2 allegati"), (0, "allegato", "0 allegati"),
    (2, "esperienza", "2 esperienze"), (1, "esperienza", "1 esperienza"), (3, "anno", "3 anni"),
    (2, "incarico", "2 incarichi"), (2, "riga", "2 righe"), (4, "unità", "4 unità"),
    (2, "allegato richiesto", "2 allegati richiesti"), (2, "anno di servizio", "2 anni di servizio"),
    # a number written the Italian way: «1.00 ora» and «1157 giorni» before
    (Decimal("1.00"), "ora", "1 ora"), (Decimal("2.5"), "ora", "2,50 ore"),
    (1157, "giorno", "1.157 giorni"), ("3", "anno", "3 anni"),
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


@pytest.mark.parametrize(("preposizione", "testo", "atteso"), [
    ("dal", "12/01/2027", "dal 12/01/2027"), ("dal", "11/01/2027", "dall'11/01/2027"),
    ("al", "08/03/2027", "all'08/03/2027"), ("il", "11/12/2026", "l'11/12/2026"),
    ("del", "8 marzo", "dell'8 marzo"), ("nel", "11/2026", "nell'11/2026"),
    ("Il", "11/12/2026", "L'11/12/2026"), ("Dal", "08/01/2027", "Dall'08/01/2027"),
    ("il", "01/12/2026", "il 01/12/2026"), ("dal", "18/01/2027", "dal 18/01/2027"),
    ("al", "110 giorni", "al 110 giorni"), ("alle", "11:00", "alle 11:00"),
    ("entro il", "28/02/2027", "entro il 28/02/2027"),
])
def test_articolo_eliso_davanti_a_8_e_11(preposizione, testo, atteso):
    assert lingua.con_articolo(preposizione, testo) == atteso if " " not in preposizione \
        else lingua.data_con(preposizione, __import__("datetime").date(2027, 2, 28)) == atteso


def test_data_con_in_python_e_nei_template():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    alle_dieci_utc = datetime(2027, 1, 11, 9, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 in Rome
    assert lingua.data_con("dal", date(2027, 1, 11)) == "dall'11/01/2027"
    assert lingua.data_con("entro il", alle_dieci_utc, "%d/%m/%Y alle %H:%M") == \
        "entro l'11/01/2027 alle 10:00"
    assert _rendi('{% data_con "dal" d %} {% data_con "al" f %}', d=date(2027, 1, 8),
                  f=date(2027, 5, 31)) == "dall'08/01/2027 al 31/05/2027"
    assert _rendi('{% data_con "chiude il" t "d/m/Y H:i" %}', t=alle_dieci_utc) == \
        "chiude l'11/01/2027 10:00"
    assert _rendi('[{% data_con "dal" d %}]', d=None) == "[]"


def test_nessuna_data_scritta_dopo_un_articolo_senza_elisione():
    """«dal {{ d|date }}» and f"dal {d:%d/%m/%Y}" write «dal 11/01/2027»: the sites go through
    `{% data_con %}` and `lingua.data_con`, which write «dall'11/01/2027»."""
    import re
    from pathlib import Path

    radice = Path(__file__).resolve().parents[2]
    nel_template = re.compile(r"\b(il|dal|al|del|nel|sul)\s+\{\{[^}]*\|date\b", re.IGNORECASE)
    # also across the lines of an implicitly joined string: "… entro il "\n f"{d:%d/%m/%Y}"
    in_python = re.compile(r"\b(il|dal|al|del|nel|sul)\s(?:\"\s*\n\s*f\")?\{[^}]*(:%d|_quando\()",
                           re.IGNORECASE)
    trovati = []
    for percorso in sorted(radice.glob("**/*")):
        relativo = percorso.relative_to(radice)
        if relativo.parts[0] in {".venv", "node_modules", "staticfiles", "test-results", ".git"} \
                or "tests" in relativo.parts or percorso.suffix not in {".html", ".txt", ".py"}:
            continue
        testo = percorso.read_text(encoding="utf-8")
        for trovato in (nel_template if percorso.suffix != ".py" else in_python).finditer(testo):
            numero = testo.count("\n", 0, trovato.start()) + 1
            trovati.append(f"{relativo}:{numero}: {trovato.group(0)[:120]}")
    assert trovati == []


@pytest.mark.parametrize(("singolare", "atteso"), [
    ("Aperta", "Aperte"), ("Conclusa con esito", "Concluse con esito"), ("In Bozza", "In Bozza"),
    ("In valutazione", "In valutazione"), ("anno di servizio", "anni di servizio"),
])
def test_plurale_delle_etichette_di_stato(singolare, atteso):
    assert lingua.plurale_locuzione(singolare) == atteso


@pytest.mark.django_db
def test_un_indirizzo_e_mail_non_valido_si_dice_come_sulle_etichette():
    """«e-mail» as on every label of the portal, with an example, not Django's «email»."""
    from accounts.models import Ruolo
    from portale.forms import EMAIL_NON_VALIDO, AssegnaRuoloForm, IstitutoForm

    messaggio = EMAIL_NON_VALIDO["invalid"]
    assert "e-mail" in messaggio
    istituto = IstitutoForm(data={"email": "segreteria", "pec": "pec@"})
    assert istituto.errors["email"] == [messaggio] and istituto.errors["pec"] == [messaggio]
    ruolo = AssegnaRuoloForm(data={"email": "nome.cognome"}, ruoli=(Ruolo.DSGA,), con_istituto=False)
    assert ruolo.errors["email"] == [messaggio]


@pytest.mark.parametrize(("voci", "congiunzione", "atteso"), [
    ([], "e", ""), (["PDF"], "o", "PDF"), (["PDF", "P7M"], "o", "PDF o P7M"),
    (["«a.pdf»", "«b.pdf»", "«c.pdf»"], "e", "«a.pdf», «b.pdf» e «c.pdf»"),
])
def test_elenco_senza_virgola_prima_dell_ultimo(voci, congiunzione, atteso):
    assert lingua.elenco(voci, congiunzione) == atteso


@pytest.mark.parametrize(("testo", "valido"), [
    ("1.234,50", "1234.50"), ("1234,5", "1234.5"), ("1.500", "1500"), ("70.5", "70.5"),
    ("1,234.50", None), ("1.234,5.0", None), ("1,2,3", None),
])
def test_un_importo_scritto_all_inglese_non_diventa_un_altro(testo, valido):
    """«1,234.50» was read as 1,23450 (the comma as the decimal one, the point dropped): the
    person was told «non più di 2 cifre decimali», and «1,234.5» would have been saved as
    1,2345 rounded. Both separators in the English order are refused, with the Italian way."""
    from portale.formato import da_testo
    from portale.forms import DecimaleInItaliano

    assert da_testo(testo) == valido
    campo = DecimaleInItaliano(max_digits=10, decimal_places=2)
    if valido is None:
        with pytest.raises(ValidationError) as errore:
            campo.clean(testo)
        assert errore.value.messages == [
            "Scrivi un numero con la virgola per i decimali, ad esempio 1.234,50 o 2,5."]
