"""The live «Importo» box of a scheda in a real browser: integer cents, and no amount from
values the server refuses."""

import re

import pytest
from playwright.sync_api import expect

from portale.tests.browser import entra_come

pytestmark = pytest.mark.browser

NESSUN_IMPORTO = re.compile(r"^—")  # a dash (and why), never an amount


def _scheda_nuova(pagina, portale) -> None:
    entra_come(pagina, portale, "Maria Rossi")
    pagina.goto(portale + "/rilevazione-fabbisogno/schede/nuova/")


def _scegli(pagina, ore: str, tariffa: str) -> None:
    """Hours typed and the CCNL rate whose option reads `tariffa`."""
    pagina.locator("[name=ore_previste]").fill(ore)
    scelta = pagina.locator("[name=tariffa] option", has_text=tariffa).get_attribute("value")
    pagina.locator("[name=tariffa]").select_option(scelta)


def test_importo_in_centesimi_e_solo_per_valori_accettati(portale, pagina):
    _scheda_nuova(pagina, portale)
    lordo = pagina.locator("#importo-lordo-dipendente")
    stato = pagina.locator("#importo-lordo-stato")
    # 20 h × 19,25 € = 385,00 €; × 1,327 = 510,895 → 510,90 € as the server rounds it
    # (in floating point 385 × 132,7 is 51089,4999…: 510,89 €)
    _scegli(pagina, "20", "19,25")
    expect(lordo).to_have_text(re.compile(r"^385,00\s€$"))
    expect(stato).to_have_text(re.compile(r"^510,90\s€$"))
    # what the server refuses gives no amount: a dash, never a number
    pagina.locator("[name=ore_previste]").fill("99999999")
    pagina.locator("[name=tariffa_manuale]").fill("99999999999")
    expect(lordo).to_have_text("— (ore previste: un numero intero da 1 a 2.000)")
    expect(stato).to_have_text("—")
    expect(pagina.locator("#importo-avvertenza")).to_be_hidden()
    pagina.locator("[name=ore_previste]").fill("30")
    expect(lordo).to_have_text("— (compenso orario: da 0,01 a 999.999,99 €, al massimo due "
                               "cifre dopo la virgola)")
    for ore, tariffa in (("2001", "45"), ("30", "1.000.000"), ("30", "35,555"),
                         ("12,5", "45")):
        pagina.locator("[name=ore_previste]").fill(ore)
        pagina.locator("[name=tariffa_manuale]").fill(tariffa)
        expect(lordo).to_have_text(NESSUN_IMPORTO)
    # the bounds themselves are accepted: 2.000 h × 999.999,99 €
    pagina.locator("[name=ore_previste]").fill("2.000")
    pagina.locator("[name=tariffa_manuale]").fill("999.999,99")
    expect(lordo).to_have_text(re.compile(r"^1\.999\.999\.980,00\s€$"))
    # the bounds come from the page (the form's), not written a second time in the script
    modulo = pagina.locator("#form-scheda")
    expect(modulo).to_have_attribute("data-ore-massime", "2000")
    expect(modulo).to_have_attribute("data-compenso-massimo", "999999.99")


def test_lordo_stato_con_gli_oneri_della_tariffa_scelta(portale, pagina, nel_portale):
    """The box multiplied every rate by a fixed 1,327; the server uses each CCNL rate's own
    State charges. A rate with 35 % (a new table) gives its own lordo Stato, and says it."""
    nel_portale("import datetime; from decimal import Decimal as D; "
                "from fabbisogno.models import TariffaOraria as T; "
                "T.objects.create(descrizione='Tabella di prova con oneri al 35%', "
                "importo_orario=D('21.10'), aliquota_oneri_stato=D('0.3500'), "
                "valida_dal=datetime.date(2020, 1, 1))")
    try:
        _scheda_nuova(pagina, portale)
        stato = pagina.locator("#importo-lordo-stato")
        fattore = pagina.locator("#importo-fattore")
        _scegli(pagina, "33", "oneri al 35%")
        # 33 h × 21,10 € = 696,30 €; × 1,35 = 940,005 → 940,01 € (× 1,327 gave 923,99 €)
        expect(pagina.locator("#importo-lordo-dipendente")).to_have_text(re.compile(r"^696,30\s€$"))
        expect(stato).to_have_text(re.compile(r"^940,01\s€$"))
        expect(fattore).to_have_text(" (× 1,35)")
        _scegli(pagina, "33", "19,25")
        expect(fattore).to_have_text(" (× 1,327)")
        expect(stato).to_have_text(re.compile(r"^842,98\s€$"))  # 635,25 × 1,327 = 842,976…
        pagina.locator("[name=tariffa_manuale]").fill("45")  # omnicomprensivo: no factor
        expect(fattore).to_have_text("")
    finally:
        nel_portale("from fabbisogno.models import TariffaOraria as T; "
                    "T.objects.filter(descrizione='Tabella di prova con oneri al 35%').delete()")
