"""Issue #15 (Sicurezza): the monitoraggio CSV and the `elenco.csv` of the ZIP archives
neutralise formulas in what people typed (procedure's object, candidate's name)."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from candidature import archivi
from procedure.models import ProceduraSelezione

pytestmark = pytest.mark.django_db


def test_monitoraggio_csv_senza_formule(procedura_aperta, client, ds):
    ProceduraSelezione.objects.filter(pk=procedura_aperta.pk).update(
        oggetto="=HYPERLINK(\"https://evil\";\"Esperto\")")
    client.force_login(ds)
    risposta = client.get(reverse("candidature:monitoraggio_csv", args=[procedura_aperta.pk]))
    righe = list(csv.reader(io.StringIO(risposta.content.decode("utf-8-sig")), delimiter=";"))
    assert righe[0][1] == "'=HYPERLINK(\"https://evil\";\"Esperto\")"
    assert righe[3][1:] == ["0", "0", "0", "0"]  # counts stay numbers


def test_elenco_csv_dello_zip_senza_formule():
    voce = archivi.Voce(nome="0000012-2025_cv.pdf", percorso="mancante/cv.pdf", dimensione=10,
                        sha256="0" * 64, protocollo="12/2025", candidato="=cmd|' /C calc'!A0",
                        documento="@SUM(1)")
    contenuto = b"".join(archivi.flusso_zip([voce]))
    with zipfile.ZipFile(io.BytesIO(contenuto)) as archivio:
        testo = archivio.read("elenco.csv").decode("utf-8-sig")
    righe = list(csv.reader(io.StringIO(testo), delimiter=";"))
    assert righe[1][:3] == ["12/2025", "'=cmd|' /C calc'!A0", "'@SUM(1)"]
    assert righe[1][4] == "10"
