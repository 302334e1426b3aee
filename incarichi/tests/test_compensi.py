"""Compensi computed by hand (seeds/003): hours × each CCNL rate, lordo stato × 1,327, the
rate valid at the start date, the 1/12 reduction per 21 days of absence."""

from datetime import date
from decimal import Decimal

import pytest

from fabbisogno.models import TariffaOraria
from incarichi import compensi

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("importo, ore, lordo, lordo_stato", [
    ("19.25", 30, "577.50", "766.34"),    # 577,50 × 1,327 = 766,3425
    ("38.50", 12, "462.00", "613.07"),    # 462,00 × 1,327 = 613,074
    ("15.95", 101, "1610.95", "2137.73"),  # 1610,95 × 1,327 = 2137,73065
    ("13.75", 21, "288.75", "383.17"),    # 288,75 × 1,327 = 383,17125
])
def test_ore_per_tariffa_ccnl_con_lordo_stato(importo, ore, lordo, lordo_stato):
    tariffa = TariffaOraria.objects.get(importo_orario=importo)
    compenso = compensi.compenso_personale(ore=ore, tariffa=tariffa, giorno=date(2026, 3, 1))
    assert compenso.lordo == Decimal(lordo)
    assert compenso.lordo_stato == Decimal(lordo_stato)
    assert compenso.tariffa_oraria == Decimal(importo)


def test_si_applica_la_tariffa_valida_alla_data_e_la_sua_aliquota():
    vecchia = TariffaOraria.objects.get(importo_orario="19.25")
    vecchia.valida_al = date(2026, 12, 31)
    vecchia.save()
    TariffaOraria.objects.create(descrizione=vecchia.descrizione, importo_orario=Decimal("20.00"),
                                 aliquota_oneri_stato=Decimal("0.3300"),
                                 valida_dal=date(2027, 1, 1))
    prima = compensi.compenso_personale(ore=30, tariffa=vecchia, giorno=date(2026, 12, 15))
    dopo = compensi.compenso_personale(ore=30, tariffa=vecchia, giorno=date(2027, 1, 15))
    assert (prima.lordo, prima.lordo_stato) == (Decimal("577.50"), Decimal("766.34"))
    assert (dopo.lordo, dopo.lordo_stato) == (Decimal("600.00"), Decimal("798.00"))  # × 1,33


def test_nessuna_tariffa_valida_alla_data():
    tariffa = TariffaOraria.objects.get(importo_orario="19.25")
    with pytest.raises(Exception, match="è valida al 01/01/2018"):
        compensi.compenso_personale(ore=1, tariffa=tariffa, giorno=date(2018, 1, 1))


@pytest.mark.parametrize("importo, lordo", [
    ("1500", "1130.37"),     # 1500 / 1,327 = 1130,369…; the lordo stato stays 1500,00
    ("1990.50", "1500.00"),  # the other way round of 1500,00 lordo dipendente
    ("100", "75.36"),        # 75,358…
])
def test_personale_pagato_con_un_importo_lordo_stato(importo, lordo):
    compenso = compensi.compenso_personale_lordo_stato(importo=Decimal(importo), ore=20,
                                                       giorno=date(2026, 3, 1))
    assert (compenso.lordo, compenso.lordo_stato) == (Decimal(lordo), Decimal(importo))
    assert (compenso.aliquota, compenso.ore) == (Decimal("0.3270"), 20)


def test_esterno_lordo_omnicomprensivo_senza_lordo_stato():
    compenso = compensi.compenso_esterno(importo=Decimal("2310"), ore=30)
    assert compenso.lordo == Decimal("2310.00") and compenso.tariffa_oraria == Decimal("77.00")
    assert compenso.lordo_stato is None


@pytest.mark.parametrize("giorni, dodicesimi, dovuto", [
    (0, 0, "1663.75"),
    (20, 0, "1663.75"),
    (21, 1, "1525.10"),   # 1663,75 × 11/12 = 1525,1041…
    (45, 2, "1386.46"),   # 1663,75 × 10/12 = 1386,4583…
    (62, 2, "1386.46"),
    (63, 3, "1247.81"),   # 1663,75 × 9/12 = 1247,8125
    (400, 12, "0.00"),    # never below zero
])
def test_riduzione_di_un_dodicesimo_ogni_21_giorni(giorni, dodicesimi, dovuto):
    importo, tagliati = compensi.importo_liquidabile(
        compenso=Decimal("1663.75"), forfettario=True, ore_assegnate=121,
        ore_verificate=Decimal("0"), giorni_assenza=giorni)
    assert (importo, tagliati) == (Decimal(dovuto), dodicesimi)


def test_liquidazione_oraria_sulle_ore_verificate_mai_oltre_le_assegnate():
    assert compensi.importo_liquidabile(
        compenso=Decimal("577.50"), forfettario=False, ore_assegnate=30,
        ore_verificate=Decimal("22.5"), tariffa_oraria=Decimal("19.25"),
    ) == (Decimal("433.13"), 0)  # 22,5 × 19,25 = 433,125
    assert compensi.importo_liquidabile(
        compenso=Decimal("577.50"), forfettario=False, ore_assegnate=30,
        ore_verificate=Decimal("31"), tariffa_oraria=Decimal("19.25"),
    ) == (Decimal("577.50"), 0)
    # an external expert's all-inclusive amount, pro rata of the hours: 2310 × 12/30
    assert compensi.importo_liquidabile(
        compenso=Decimal("2310.00"), forfettario=False, ore_assegnate=30,
        ore_verificate=Decimal("12"),
    ) == (Decimal("924.00"), 0)


@pytest.mark.parametrize(("recesso_dal", "avviato_il", "attesi"), [
    (date(2026, 3, 31), date(2026, 1, 12), (78, 170)),   # 12/01–30/03 of 12/01–30/06
    (date(2026, 3, 31), date(2026, 1, 7), (78, 170)),    # started early: from the period
    (date(2026, 3, 31), date(2026, 3, 2), (29, 170)),    # started late: from that day
    (date(2026, 1, 12), date(2026, 1, 12), (0, 170)),    # effective on the first day
    (date(2026, 8, 1), date(2026, 1, 12), (170, 170)),   # after the end: the whole period
    (date(2026, 3, 31), None, (0, 170)),                 # never started
])
def test_giorni_svolti_fino_al_recesso(recesso_dal, avviato_il, attesi):
    assert compensi.giorni_svolti(data_inizio=date(2026, 1, 12), data_fine=date(2026, 6, 30),
                                  recesso_dal=recesso_dal, avviato_il=avviato_il) == attesi
