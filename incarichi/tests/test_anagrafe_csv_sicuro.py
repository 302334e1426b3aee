"""Issue #15 (Sicurezza): the CSV for the Anagrafe delle prestazioni neutralises formulas in
what people typed (name, object, amministrazione) and keeps the amounts as numbers."""

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def test_anagrafe_csv_senza_formule(client, ds, crea_scheda, affida, crea_persona,
                                    porta_incarico):
    persona = crea_persona("BRNLGU80A01H501T", nome='=HYPERLINK("https://evil";"Luigi")',
                           cognome="@SUM(1+1)")
    incarico = porta_incarico(affida(crea_scheda("+Tutor di matematica"), persona), "conferito")
    client.force_login(ds)
    risposta = client.get(f"/incarichi/trasparenza/anagrafe-prestazioni.csv"
                          f"?anno={incarico.conferito_il.year}")
    righe = list(csv.reader(io.StringIO(risposta.content.decode("utf-8-sig")), delimiter=";"))
    riga = dict(zip(righe[0], righe[1], strict=True))
    assert riga["nome"] == "'" + persona.nome
    assert riga["cognome"] == "'@SUM(1+1)"
    assert riga["oggetto_incarico"].startswith("'+Tutor di matematica"), riga
    assert riga["importo_previsto"] == "577,50"  # a number, no quote
    for valore in righe[1]:
        assert not valore.startswith(("=", "+", "-", "@", "\t", "\r")), valore
