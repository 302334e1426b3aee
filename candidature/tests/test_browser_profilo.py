"""«Il mio profilo» in a real browser (issue 17, «una volta sola»): the candidate fills the
profile once, applies to two avvisi, and the second application arrives with contacts,
titles, CV and identity document already there: it asks only the category, the avviso's own
question and the DPR 445 self-certifications. Every page looked at 390 and 1366 px
(test-results/profilo/)."""

import re

import pytest
from playwright.sync_api import expect

from candidature.demo import pdf_minimo
from portale.tests.browser import RADICE, entra_come, guarda, spunta
from procedure.modulo import AUTOCERTIFICAZIONI

pytestmark = pytest.mark.browser

INDIRIZZO = "Via Toledo 12, 80134 Napoli"
TELEFONO = (390, 844)
CARTELLA = RADICE / "test-results" / "profilo"


def _guarda(pagina, nome):
    guarda(pagina, nome, CARTELLA)


def _prepara(nel_portale) -> tuple[int, int]:
    """Marco's demo draft removed (he starts from nothing); the «Tutor del laboratorio di
    robotica» avviso opened now (the demo opens it in five minutes)."""
    uscita = nel_portale(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from candidature.models import Candidatura\n"
        "from procedure import services\n"
        "from procedure.models import ProceduraSelezione as P\n"
        "Candidatura.objects.filter(candidato__codice_fiscale='ESPMRC88R03L736K', stato='bozza').delete()\n"
        "t = P.objects.get(oggetto='Tutor del laboratorio di robotica')\n"
        "P.objects.filter(pk=t.pk).update(data_apertura=timezone.now() - timedelta(minutes=1))\n"
        "services.allinea(t.pk)\n"
        "e = P.objects.get(oggetto='Esperto di robotica educativa')\n"
        "print('PK', e.pk, t.pk)\n")
    riga = next(r for r in uscita.splitlines() if r.startswith("PK "))
    _, primo, secondo = riga.split()
    return int(primo), int(secondo)


def _candidati(pagina, portale, pk, categoria="privato"):
    """From the first step to «Titoli valutabili»: the contacts arrive from the profile, the
    category and the avviso's own question are asked (see _solo_autocertificazioni); returns
    the laurea card."""
    pagina.goto(f"{portale}/avvisi/{pk}/candidatura/")
    expect(pagina.get_by_text("precompilata dal tuo profilo")).to_be_visible()
    assert pagina.get_by_label("Telefono").input_value() == "3470001122"
    assert pagina.get_by_label("PEC").input_value() == "marco.esposito@pec.example.it"
    assert pagina.get_by_label("Indirizzo di residenza o domicilio").input_value() == INDIRIZZO
    assert pagina.get_by_label("E-mail per le comunicazioni").input_value()
    pagina.get_by_role("button", name="Avanti").click()
    pagina.get_by_label("Partecipo come").select_option(categoria)
    pagina.get_by_label("Disponibilità oraria prevalente").select_option("Mattina")
    pagina.get_by_role("button", name="Avanti").click()
    expect(pagina.get_by_role("heading", name="Passo 3 di 6: Titoli valutabili")).to_be_visible()
    laurea = pagina.get_by_role("group", name=re.compile("^Laurea vecchio ordinamento"))
    assert laurea.get_by_label(re.compile("voto su 110", re.IGNORECASE)).input_value() == "110"
    assert laurea.get_by_label(re.compile("con lode")).is_checked()
    expect(laurea.get_by_text("Dal tuo profilo (1):")).to_be_visible()
    return laurea


def _solo_autocertificazioni(pagina, nome):
    """From «Titoli valutabili» straight to the riepilogo: nothing is missing but the DPR 445
    self-certifications, which are asked again on purpose (a declaration is made for each
    application, under criminal liability: it is never copied). The category is asked again
    too: «interno», «altra scuola» are relative to the istituto of the avviso and each avviso
    admits its own categories. Then the self-certifications, and «Invia»."""
    pagina.get_by_role("button", name="Riepilogo e invio", exact=True).click()
    expect(pagina.get_by_role("heading", name="Riepilogo della candidatura")).to_be_visible()
    da_completare = pagina.get_by_role("alert").filter(has_text="Prima di inviare completa")
    voci = da_completare.get_by_role("listitem").all_inner_texts()
    assert len(voci) == len(AUTOCERTIFICAZIONI), voci
    assert all(v.startswith("Manca la dichiarazione:") for v in voci), voci
    for documento in ("curriculum-marco.pdf", "identita.pdf"):  # both from the profile
        expect(pagina.get_by_text(documento).first).to_be_visible()
    _guarda(pagina, f"{nome}-riepilogo")
    pagina.get_by_role("link", name="Indietro: Dichiarazioni").first.click()
    # the step's own heading first: .all() does not wait, and read on the riepilogo it finds
    # no box, ticks nothing, and the riepilogo comes back with every declaration missing
    expect(pagina.get_by_role("heading", name="Passo 5 di 6: Dichiarazioni")).to_be_visible()
    caselle = pagina.get_by_role("checkbox").all()
    assert len(caselle) >= len(AUTOCERTIFICAZIONI), len(caselle)
    for casella in caselle:
        spunta(casella)
    pagina.get_by_role("button", name="Avanti: Riepilogo e invio").click()
    expect(pagina.get_by_role("heading", name="Riepilogo della candidatura")).to_be_visible()
    assert not pagina.get_by_text("Prima di inviare completa").count()
    pagina.get_by_role("button", name="Invia", exact=True).click()
    pagina.get_by_role("button", name="Invia la candidatura").click()
    expect(pagina.get_by_text("Candidatura ricevuta")).to_be_visible()


def test_profilo_una_volta_sola_due_candidature(portale, pagina, nel_portale, tmp_path):
    esperto, tutor = _prepara(nel_portale)
    curriculum = tmp_path / "curriculum-marco.pdf"
    curriculum.write_bytes(pdf_minimo("Curriculum vitae di Marco Esposito"))
    identita = tmp_path / "identita.pdf"
    identita.write_bytes(pdf_minimo("Carta d'identità di Marco Esposito"))

    entra_come(pagina, portale, "Marco Esposito")
    pagina.set_viewport_size({"width": TELEFONO[0], "height": TELEFONO[1]})
    pagina.goto(portale + "/area-riservata/profilo/")
    expect(pagina.get_by_role("heading", name="Il mio profilo", exact=True)).to_be_visible()
    assert pagina.locator("a[href='/area-riservata/profilo/']").count()  # in the menu
    _guarda(pagina, "1-profilo-vuoto")

    # contacts and PEC
    pagina.get_by_role("link", name="Modifica i contatti").click()
    pagina.get_by_label("Domicilio digitale (PEC)").fill("non una pec")
    pagina.get_by_role("button", name="Salva").click()
    expect(pagina.get_by_text("Inserisci un indirizzo PEC valido")).to_be_visible()
    assert pagina.get_by_label("Domicilio digitale (PEC)").input_value() == "non una pec"
    _guarda(pagina, "2-contatti-errore")
    pagina.get_by_label("Domicilio digitale (PEC)").fill("marco.esposito@pec.example.it")
    pagina.get_by_label("Telefono").fill("3470001122")
    pagina.get_by_label("Indirizzo di residenza o domicilio").fill(INDIRIZZO)
    pagina.get_by_role("button", name="Salva").click()
    expect(pagina.get_by_text("Contatti salvati")).to_be_visible()

    # a title of study: lode with 108 is refused, the typed data stay
    pagina.get_by_role("link", name="Aggiungi: titoli di studio", exact=True).click()
    pagina.get_by_label("Tipo di titolo").select_option("laurea_magistrale")
    pagina.locator("#id_titolo").fill("Laurea in Ingegneria dell'automazione")
    pagina.get_by_label("Università o istituto").fill("Università Federico II di Napoli")
    pagina.get_by_label("Voto", exact=True).fill("108")
    pagina.get_by_label("Voto massimo della scala").select_option("110")
    spunta(pagina.get_by_label("Con lode"))
    pagina.get_by_role("button", name="Salva").click()
    expect(pagina.get_by_text("La lode si dichiara solo con 110.")).to_be_visible()
    assert pagina.get_by_label("Università o istituto").input_value() == \
        "Università Federico II di Napoli"
    _guarda(pagina, "3-titolo-errore")
    pagina.get_by_label("Voto", exact=True).fill("110")
    pagina.get_by_role("button", name="Salva").click()
    expect(pagina.get_by_text("Titolo di studio salvato nel profilo")).to_be_visible()

    # a school experience, the CV, the identity document
    pagina.goto(portale + "/area-riservata/profilo/")
    pagina.get_by_role("link", name="Aggiungi: esperienze nella scuola", exact=True).click()
    pagina.get_by_label("Istituzione scolastica").fill("IC Leonardo da Vinci")
    pagina.get_by_label("Ruolo").fill("Esperto PON di robotica")
    pagina.get_by_label("Dal").fill("2019-09-01")
    pagina.get_by_label("Al", exact=True).fill("2022-08-31")
    pagina.get_by_role("button", name="Salva").click()
    pagina.goto(portale + "/area-riservata/profilo/")
    pagina.get_by_role("link", name="Carica il curriculum").click()
    pagina.get_by_label("Curriculum vitae (PDF)").set_input_files(str(curriculum))
    pagina.get_by_role("button", name="Salva").click()
    expect(pagina.get_by_text("Curriculum vitae salvato nel profilo")).to_be_visible()
    expect(pagina.get_by_role("link", name="curriculum-marco.pdf")).to_be_visible()
    pagina.get_by_role("link", name="Carica il documento d'identità").click()
    expect(pagina.get_by_label("Documento d'identità (PDF, JPEG o PNG)")).to_be_visible()
    _guarda(pagina, "4-carica-identita")
    pagina.get_by_label("Documento d'identità (PDF, JPEG o PNG)").set_input_files(str(identita))
    pagina.get_by_role("button", name="Salva").click()
    expect(pagina.get_by_text("Documento d'identità salvato nel profilo")).to_be_visible()
    expect(pagina.get_by_role("link", name="identita.pdf")).to_be_visible()
    _guarda(pagina, "4-profilo-compilato")
    # the links carry the whole name: found by role and name
    pagina.get_by_role("link", name="Elimina: Esperto PON di robotica, IC Leonardo da Vinci, "
                                    "dal 01/09/2019 al 31/08/2022", exact=True).click()
    expect(pagina.get_by_role("heading", name="Eliminare dal profilo?")).to_be_visible()
    _guarda(pagina, "5-conferma-elimina")
    pagina.get_by_role("link", name="Annulla").click()
    expect(pagina.get_by_role("link", name="Modifica: Esperto PON di robotica, IC Leonardo da "
                                           "Vinci, dal 01/09/2019 al 31/08/2022")).to_be_visible()
    pagina.get_by_role("link", name="Torna al profilo").click()
    pagina.get_by_role("link", name="Elimina il documento d'identità").click()
    expect(pagina.get_by_text("identita.pdf")).to_be_visible()
    _guarda(pagina, "5-conferma-elimina-identita")
    pagina.get_by_role("link", name="Annulla").click()

    # first avviso: arrives prefilled, the documents already attached
    _candidati(pagina, portale, esperto)
    _guarda(pagina, "6-titoli-precompilati")
    pagina.get_by_role("button", name="Avanti: Allegati").click()
    expect(pagina.get_by_role("heading", name="Passo 4 di 6: Allegati")).to_be_visible()
    for documento in ("curriculum-marco.pdf", "identita.pdf"):  # copies of the profile's
        expect(pagina.get_by_role("link", name=documento)).to_be_visible()
    _guarda(pagina, "7-allegati-dal-profilo")
    pagina.get_by_role("button", name="Indietro: Titoli valutabili").click()
    _solo_autocertificazioni(pagina, "8-prima")

    # second avviso: the same, and the candidate changes one value only
    laurea = _candidati(pagina, portale, tutor)
    spunta(laurea.get_by_label(re.compile("con lode")), False)
    _solo_autocertificazioni(pagina, "9-seconda")

    # the profile did not change with the application; the sent one did not change either
    pagina.goto(portale + "/area-riservata/profilo/")
    expect(pagina.get_by_text("110/110 e lode").first).to_be_visible()
