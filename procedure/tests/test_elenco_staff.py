"""«Gestione procedure di selezione»: what each row shows, scope, filters, search, pages.

The rows are prepared in the view (badge, link, dates) rather than per row in the template,
and only the listed columns are read (bench/procedure_staff.py): the page must still show
exactly what it showed before.
"""

import re
from datetime import UTC, datetime

import pytest

from procedure.models import ProceduraSelezione, Stato

pytestmark = pytest.mark.django_db


def _crea(istituto, autore, n, **campi):
    return ProceduraSelezione.objects.bulk_create([
        ProceduraSelezione(istituto=istituto, creata_da=autore, oggetto=f"Procedura {chr(97 + i)}",
                           **campi)
        for i in range(n)])


def _righe(html):
    # the cells carry their column's name for the phone (data-etichetta): matched loosely
    cella = r"<td[^>]*>"
    return re.findall(rf"<tr>\s*{cella}(\d+)</td>{cella}([^<]*)</td>{cella}<span class=\"badge "
                      rf"([^\"]+)\">([^<]+)</span>\s*</td>\s*{cella}([^<]+)</td>{cella}([^<]+)"
                      rf"</td>\s*<td><a href=\"([^\"]+)\">", html)


def test_riga_con_fase_date_locali_e_collegamento(client, ds, istituto):
    aperta = ProceduraSelezione.objects.create(
        istituto=istituto, creata_da=ds, oggetto="Esperto di robotica", stato=Stato.APERTA,
        data_apertura=datetime(2026, 7, 1, 7, 5, tzinfo=UTC),
        data_chiusura=datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
    bozza = ProceduraSelezione.objects.create(istituto=istituto, creata_da=ds, oggetto="Tutor <b>",
                                              stato=Stato.BOZZA)
    sospesa = ProceduraSelezione.objects.create(istituto=istituto, creata_da=ds, oggetto="Sospesa",
                                                stato=Stato.SOSPESA)
    client.force_login(ds)
    righe = {int(r[0]): r[1:] for r in _righe(client.get("/procedure/").content.decode())}
    # Europe/Rome: +2 in summer, +1 in winter (the next day at 23:30)
    assert righe[aperta.pk] == ("Esperto di robotica", "bg-success", "Aperta", "01/07/2026 09:05",
                                "31/12/2026 23:30", f"/procedure/{aperta.pk}/")
    assert righe[bozza.pk] == ("Tutor &lt;b&gt;", "bg-secondary", "In Bozza", "—", "—",
                               f"/procedure/{bozza.pk}/")
    assert righe[sospesa.pk][1:3] == ("bg-warning", "Sospesa")


def test_solo_il_proprio_istituto_con_filtri_ricerca_e_pagine(client, ds, istituto,
                                                               altro_istituto,
                                                               django_assert_max_num_queries):
    _crea(istituto, ds, 25, stato=Stato.CHIUSA)
    _crea(istituto, ds, 3, stato=Stato.ANNULLATA)
    _crea(altro_istituto, ds, 5, stato=Stato.CHIUSA)
    client.force_login(ds)
    with django_assert_max_num_queries(8):
        prima = client.get("/procedure/").content.decode()
    assert "Procedure (25)" in prima and len(_righe(prima)) == 20
    seconda = client.get("/procedure/?pagina=2").content.decode()
    assert len(_righe(seconda)) == 5
    assert {r[0] for r in _righe(prima)}.isdisjoint({r[0] for r in _righe(seconda)})
    propri = set(ProceduraSelezione.objects.filter(istituto=istituto)
                 .values_list("pk", flat=True))
    assert {int(r[0]) for r in _righe(prima) + _righe(seconda)} <= propri
    storico = client.get("/procedure/?storico=1").content.decode()
    assert "Procedure (3)" in storico and {r[3] for r in _righe(storico)} == {"Annullata"}
    assert "Nessuna procedura corrisponde" in client.get("/procedure/?fase=aperta").content.decode()
    una = ProceduraSelezione.objects.filter(istituto=istituto, stato=Stato.CHIUSA).first()
    per_numero = _righe(client.get(f"/procedure/?q={una.pk}").content.decode())
    assert [int(r[0]) for r in per_numero] == [una.pk]
    altrui = ProceduraSelezione.objects.filter(istituto=altro_istituto).first()
    assert not _righe(client.get(f"/procedure/?q={altrui.pk}").content.decode())


def test_una_fase_scelta_si_trova_in_qualunque_scheda(client, ds, istituto):
    """The dashboard links a phase's figure to the list filtered by that phase: a procedure
    «Conclusa con esito» is in the history, or still «in corso» while its interpello goes on,
    and either way the filtered list must show it (it said «Nessuna procedura» before)."""
    [conclusa] = _crea(istituto, ds, 1, stato=Stato.CONCLUSA_ESITO)
    _crea(istituto, ds, 2, stato=Stato.APERTA)
    client.force_login(ds)
    for indirizzo in ("/procedure/?fase=conclusa_esito", "/procedure/?fase=conclusa_esito&storico=1"):
        righe = _righe(client.get(indirizzo).content.decode())
        assert [int(r[0]) for r in righe] == [conclusa.pk], indirizzo
    # without a phase the two tabs still split them
    assert conclusa.pk not in [int(r[0]) for r in _righe(client.get("/procedure/").content.decode())]
