"""portale.csv_sicuro: text cells that a spreadsheet would run as a formula get a quote;
numbers (and numbers the code formatted) stay numbers."""

import csv
import io
from decimal import Decimal

import pytest

from portale import csv_sicuro


@pytest.mark.parametrize("testo", ["=1+1", "+39 333", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                                   "=HYPERLINK(\"https://evil\";\"x\")"])
def test_testo_pericoloso_diventa_testo(testo):
    assert csv_sicuro.neutralizza(testo) == "'" + testo


@pytest.mark.parametrize("valore", ["Rossi", "12/2025", "", " =1", "a=b", 5, -5,
                                    Decimal("-12.50"), -1.5, None])
def test_il_resto_resta_com_e(valore):
    assert csv_sicuro.neutralizza(valore) == valore


def test_scrittore_numeri_del_codice_restano_numeri():
    uscita = io.StringIO()
    scrittore = csv_sicuro.scrittore(uscita, delimiter=";")
    scrittore.writerow(["=cmd|' /C calc'!A0", -3, Decimal("-7.25"),
                        csv_sicuro.numero(Decimal("-12.5")), "-12,50"])
    scrittore.writerows([["@x"], ["ok"]])
    righe = list(csv.reader(io.StringIO(uscita.getvalue()), delimiter=";"))
    assert righe[0] == ["'=cmd|' /C calc'!A0", "-3", "-7.25", "-12,50", "'-12,50"]
    assert righe[1:] == [["'@x"], ["ok"]]
