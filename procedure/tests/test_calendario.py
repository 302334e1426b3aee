"""Whether an avviso accepts applications is decided by the server clock against the stored
dates, at the exact second, with no worker running."""

from datetime import timedelta

import pytest
from django.utils import timezone

from procedure import calendario, services
from procedure.models import ProceduraSelezione, Stato

pytestmark = pytest.mark.django_db


def test_chiusura_al_secondo_senza_worker(crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    chiusura = procedura.data_chiusura
    assert calendario.accetta_candidature(procedura, chiusura - timedelta(seconds=1))
    assert not calendario.accetta_candidature(procedura, chiusura)
    assert not calendario.accetta_candidature(procedura, chiusura + timedelta(seconds=1))
    procedura.refresh_from_db()
    assert procedura.stato == Stato.APERTA  # nobody closed it: the rule alone decides


def test_apertura_programmata_al_secondo_senza_worker(crea_procedura_completa, porta_a, ds,
                                                      ds_membership):
    procedura = porta_a(crea_procedura_completa(), "pubblicata")
    apertura = timezone.now() + timedelta(minutes=10)
    services.programma_apertura(autore=ds, membership=ds_membership, procedura=procedura,
                                data_apertura=apertura)
    procedura.refresh_from_db()
    assert not calendario.accetta_candidature(procedura, apertura - timedelta(seconds=1))
    assert calendario.accetta_candidature(procedura, apertura)
    assert calendario.accetta_candidature(procedura, apertura + timedelta(seconds=1))


def test_sospesa_non_accetta(crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "sospesa")
    assert not calendario.accetta_candidature(procedura, timezone.now() + timedelta(days=2))


def test_allinea_e_idempotente_e_rispetta_il_rinvio(crea_procedura_completa, porta_a, ds,
                                                    ds_membership, mailoutbox):
    procedura = porta_a(crea_procedura_completa(), "pubblicata")
    ora = timezone.now()
    services.programma_apertura(autore=ds, membership=ds_membership, procedura=procedura,
                                data_apertura=ora + timedelta(minutes=5))
    # the DS postpones: an early task (or the sweep) must not open it
    services.programma_apertura(autore=ds, membership=ds_membership, procedura=procedura,
                                data_apertura=ora + timedelta(hours=3))
    assert services.allinea(procedura.pk, adesso=ora + timedelta(minutes=6)) == Stato.PUBBLICATA
    assert services.allinea(procedura.pk, adesso=ora + timedelta(hours=3)) == Stato.APERTA
    assert services.allinea(procedura.pk, adesso=ora + timedelta(hours=3)) == Stato.APERTA
    eventi = procedura.__class__.objects.get(pk=procedura.pk)
    assert eventi.stato == Stato.APERTA


def test_il_controllo_periodico_trova_solo_le_scadute(crea_procedura_completa, porta_a):
    aperta = porta_a(crea_procedura_completa(), "aperta")
    porta_a(crea_procedura_completa(), "pubblicata")
    assert list(services.procedure_da_allineare()) == []
    assert list(services.procedure_da_allineare(aperta.data_chiusura)) == [aperta.pk]


def test_chiusura_notifica_il_ds(crea_procedura_completa, porta_a, ds):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_apertura=timezone.now() - timedelta(days=1),
        data_chiusura=timezone.now() - timedelta(seconds=1))
    assert services.allinea(procedura.pk) == Stato.CHIUSA
    assert ds.notifiche.filter(oggetto__contains="chiusa").exists()
    assert ds.notifiche.filter(oggetto__contains="aperta").count() == 0  # opened by hand


def test_azioni_dopo_la_scadenza_vedono_la_procedura_chiusa(crea_procedura_completa, porta_a,
                                                            ds, ds_membership):
    """«Avvio valutazione istanze» right after the deadline works even if no task ran."""
    procedura = porta_a(crea_procedura_completa(), "aperta")
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_apertura=timezone.now() - timedelta(days=1),
        data_chiusura=timezone.now() - timedelta(seconds=1))
    procedura.refresh_from_db()
    assert procedura.stato == Stato.APERTA
    risultato = services.avvia_valutazione(autore=ds, membership=ds_membership, procedura=procedura)
    assert risultato.stato == Stato.IN_VALUTAZIONE
