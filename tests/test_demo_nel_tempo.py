"""`carica_demo` runs again minutes, days or a year after the first time (a user who restarts
`make run` later): it exits cleanly and leaves a coherent demo, where what the clock already
decided is taken as done and never re-applied, and there is always an avviso open to apply to.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from procedure.models import ProceduraSelezione, Stato
from procedure.services import procedure_da_allineare


def _stati():
    return dict(ProceduraSelezione.objects.values_list("oggetto", "stato"))


@pytest.mark.parametrize("dopo", [timedelta(hours=1), timedelta(days=10), timedelta(days=400)],
                         ids=["un'ora", "dieci giorni", "un anno e più"])
def test_carica_demo_riparte_dopo(db, dopo):
    call_command("carica_demo", verbosity=0)
    primo = _stati()
    with freeze_time(timezone.now() + dopo, tick=True):
        call_command("carica_demo", verbosity=0)
        adesso = timezone.now()
        # nothing the dates decided is left pending, nothing went backwards
        assert list(procedure_da_allineare(adesso)) == []
        dopo_il_secondo = _stati()
        for oggetto, stato in primo.items():
            assert oggetto in dopo_il_secondo
            if stato in (Stato.BOZZA, Stato.ANNULLATA, Stato.CONCLUSA_ESITO):
                assert dopo_il_secondo[oggetto] == stato, oggetto
        # at least one avviso open with time left to apply, shown on the public list
        aperte = ProceduraSelezione.objects.filter(
            stato=Stato.APERTA, data_apertura__lte=adesso,
            data_chiusura__gt=adesso + timedelta(days=1))
        assert aperte.exists()
        pagina = Client().get("/avvisi/")
        assert pagina.status_code == 200
        assert any(p.oggetto in pagina.content.decode() for p in aperte)
        # a third run changes nothing more
        prima_del_terzo = (ProceduraSelezione.objects.count(), _stati())
        call_command("carica_demo", verbosity=0)
        assert (ProceduraSelezione.objects.count(), _stati()) == prima_del_terzo


def test_carica_demo_riparte_dopo_le_revoche(db):
    """Somebody trying the demo as a DS revokes the roles a DS may revoke (DSGA, segreteria,
    referenti) and the central administration's: the next `make run` loads the demo again
    without failing on the missing roles."""
    from accounts.models import Membership

    call_command("carica_demo", verbosity=0)
    Membership.objects.exclude(ruolo="ds").update(revocato_il=timezone.localdate())
    call_command("carica_demo", verbosity=0)


def test_la_demo_non_pubblica_graduatorie_prima_di_generarle(db):
    """What a new user reads in «Versioni»: no version published before it was generated
    (the demo backdates the publication so that the reclami window is over)."""
    from graduatorie.models import Graduatoria

    call_command("carica_demo", verbosity=0)
    pubblicate = Graduatoria.objects.filter(pubblicata_il__isnull=False)
    assert pubblicate.filter(tipo="provvisoria").exists()
    al_minuto = timedelta(minutes=1)  # the pages show minutes; the services take microseconds
    assert [(v.procedura_id, v.numero) for v in pubblicate
            if v.pubblicata_il + al_minuto < v.creata_il] == []


def test_gli_avvisi_della_demo_dicono_le_date_delle_pagine(db):
    """The demo lets terms run in the past and opens avvisi before their announced date: the
    avviso in force (its PDF) states the same opening and closing as the procedure's page."""
    from django.utils.dateformat import format as formatta

    from portale.lingua import data_con

    def ore(preposizione, istante):
        return (f"ore {formatta(timezone.localtime(istante), 'H:i')} "
                f"{data_con(preposizione, istante, 'd/m/Y', formatta=formatta)}")

    call_command("carica_demo", verbosity=0)
    pubblicate = ProceduraSelezione.objects.filter(versioni_avviso__isnull=False).distinct()
    assert pubblicate.count() >= 5
    for procedura in pubblicate:
        in_vigore = procedura.versioni_avviso.order_by("-numero").first().sorgente
        assert f"dalle {ore('del', procedura.data_apertura)}" in in_vigore, procedura.oggetto
        assert f"alle {ore('del', procedura.data_chiusura)}" in in_vigore, procedura.oggetto


def test_gli_incarichi_diretti_della_demo_non_tolgono_il_budget_alle_procedure(db):
    """A new DS took «Progettista della rete LAN» to its end and could not emit the winner's
    act: the scheda it was generated from had been spent by a demo incarico by affidamento
    diretto. Each demo incarico by affidamento diretto has a scheda no procedure pays from."""
    from incarichi.models import Conferimento, Incarico

    call_command("carica_demo", verbosity=0)
    diretti = Incarico.objects.filter(conferimento=Conferimento.AFFIDAMENTO_DIRETTO)
    assert diretti.count() == 5
    assert not diretti.filter(scheda__procedure__isnull=False).exists()
