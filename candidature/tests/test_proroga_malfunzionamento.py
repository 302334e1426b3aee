"""«Proroga per malfunzionamento del portale» (issue 19): an outage near the deadline — the
beat stopped, or the submission requests failing — extends the deadline by its length rounded
up to the hour, automatically, once; DS and candidates told; a new avviso version."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from candidature.views import passi as views_passi
from portale.models import Battito, Evento, Notifica, RichiesteAlMinuto, StatoInvio
from portale.services import notifiche
from portale.services.disponibilita import registra_battito
from procedure import calendario, services, tasks
from procedure.models import EsitoProroga, ProceduraSelezione, ProrogaMalfunzionamento, Stato

pytestmark = pytest.mark.django_db

MINUTO = timedelta(minutes=1)
VISTE = ("candidature:presenta", "candidature:passo", "candidature:riepilogo",
         "candidature:invia")


@pytest.fixture
def ora():
    return timezone.now().replace(second=0, microsecond=0)


@pytest.fixture
def b0(ora):
    """The first heartbeat of the simulated three hours before `ora`."""
    return ora - timedelta(hours=3)


def _battiti(da, minuti, salta=()):
    for m in range(minuti):
        if m not in salta:
            registra_battito(adesso=da + m * MINUTO)


def _scadenza(procedura, chiusura, apertura=None):
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_chiusura=chiusura, data_apertura=apertura or chiusura - timedelta(days=10))
    procedura.refresh_from_db()
    return procedura


def _beat_fermo_40_minuti(b0):
    """Heartbeats every minute for three hours, none from b0+31' to b0+69': the last before the
    gap at b0+30', the first after at b0+70' — 40 minutes without."""
    _battiti(b0, 180, salta=range(31, 70))


def _eventi(procedura, azione):
    return Evento.objects.filter(object_id=str(procedura.pk), azione=azione)


def test_beat_fermo_40_minuti_proroga_di_un_ora(ds, candidato, bozza_completa, b0, ora):
    procedura = _scadenza(bozza_completa.procedura, ora + timedelta(hours=5))
    chiusura = procedura.data_chiusura
    versioni = procedura.versioni_avviso.count()
    _beat_fermo_40_minuti(b0)

    assert services.compensa_malfunzionamenti(adesso=ora) == 1

    procedura.refresh_from_db()
    assert procedura.data_chiusura == chiusura + timedelta(hours=1)  # 40' rounded up to 1 hour
    assert procedura.stato == Stato.APERTA
    [proroga] = procedura.proroghe_malfunzionamento.all()
    assert (proroga.inizio, proroga.fine) == (b0 + 30 * MINUTO, b0 + 70 * MINUTO)
    assert proroga.esito == EsitoProroga.PROROGATA and proroga.minuti == 60
    assert proroga.cause == ["battito"]
    [evento] = _eventi(procedura, "procedura.proroga_malfunzionamento")
    assert evento.descrizione.startswith("Proroga per malfunzionamento del portale")
    assert evento.dettagli["inizio"] == (b0 + 30 * MINUTO).isoformat()
    assert evento.dettagli["fine"] == (b0 + 70 * MINUTO).isoformat()
    assert evento.dettagli["da"] == evento.dettagli["a"] == Stato.APERTA
    assert procedura.versioni_avviso.count() == versioni + 1
    assert procedura.versioni_avviso.first().motivo == "Proroga per malfunzionamento del portale"
    # the DS and the candidate with a draft: in the portal and by e-mail (the outbox)
    [al_ds] = ds.notifiche.filter(oggetto__startswith="Proroga per malfunzionamento del portale")
    assert "1 ora" in al_ds.testo
    [al_candidato] = candidato.notifiche.filter(
        oggetto__startswith="Termini prorogati per malfunzionamento del portale")
    fine = timezone.localtime(b0 + 70 * MINUTO)
    assert f"{fine:%d/%m/%Y alle %H:%M}" in al_candidato.testo
    assert al_candidato.stato_email == StatoInvio.IN_ATTESA
    assert notifiche.invia_email_notifica(al_candidato.pk)
    assert mail.outbox[-1].to == [candidato.email]
    assert mail.outbox[-1].subject.startswith("Termini prorogati per malfunzionamento")

    # the same outage never twice: the next minute, an hour later, through the task
    assert services.compensa_malfunzionamenti(adesso=ora + MINUTO) == 0
    with freeze_time(ora + timedelta(hours=1)):
        assert tasks.compensa_malfunzionamenti() == 0
    procedura.refresh_from_db()
    assert procedura.data_chiusura == chiusura + timedelta(hours=1)
    assert procedura.versioni_avviso.count() == versioni + 1
    assert _eventi(procedura, "procedura.proroga_malfunzionamento").count() == 1
    assert candidato.notifiche.filter(oggetto__contains="malfunzionamento").count() == 1


def test_invii_falliti_per_40_minuti_proroga_di_un_ora(settings, client, candidato, bozza_completa,
                                                      b0, ora, monkeypatch):
    """Real requests to the application form, answered 500 for 40 minutes (the beat fine)."""
    settings.DISPONIBILITA_VISTE = VISTE
    settings.DISPONIBILITA_RICHIESTE_MINIME = 3
    procedura = _scadenza(bozza_completa.procedura, ora + timedelta(hours=5))
    chiusura = procedura.data_chiusura
    _battiti(b0, 180)
    client.force_login(candidato)
    client.raise_request_exception = False
    url = f"/avvisi/{procedura.pk}/candidatura/"

    def guasto(*args, **kwargs):
        raise RuntimeError("database non raggiungibile")

    with monkeypatch.context() as patch:
        patch.setattr(views_passi, "render", guasto)
        for m in range(20, 60):
            with freeze_time(b0 + m * MINUTO + timedelta(seconds=5)):
                assert [client.get(url).status_code for _ in range(3)] == [500] * 3
    with freeze_time(b0 + 61 * MINUTO):  # working again (one answer: too few to judge)
        assert client.get(url).status_code in (200, 302)
    assert RichiesteAlMinuto.objects.filter(errori__gt=0).count() == 40

    assert services.compensa_malfunzionamenti(adesso=ora) == 1

    procedura.refresh_from_db()
    assert procedura.data_chiusura == chiusura + timedelta(hours=1)
    [proroga] = procedura.proroghe_malfunzionamento.all()
    assert (proroga.inizio, proroga.fine) == (b0 + 20 * MINUTO, b0 + 60 * MINUTO)
    assert proroga.cause == ["errori"]
    assert candidato.notifiche.filter(oggetto__contains="malfunzionamento").count() == 1
    assert services.compensa_malfunzionamenti(adesso=ora + MINUTO) == 0


def test_senza_interruzione_nessuna_proroga(settings, bozza_completa, candidato, b0, ora):
    settings.DISPONIBILITA_RICHIESTE_MINIME = 10
    procedura = _scadenza(bozza_completa.procedura, ora + timedelta(hours=5))
    chiusura = procedura.data_chiusura
    _battiti(b0, 180, salta=(40, 41, 42))  # 4 minutes without: under the threshold
    for m in range(20, 60):  # a few failures, never most of the answers
        RichiesteAlMinuto.objects.create(minuto=b0 + m * MINUTO, processo=1, richieste=20,
                                         errori=3)
    eventi = Evento.objects.count()

    assert services.compensa_malfunzionamenti(adesso=ora) == 0

    procedura.refresh_from_db()
    assert procedura.data_chiusura == chiusura and procedura.stato == Stato.APERTA
    assert not ProrogaMalfunzionamento.objects.exists()
    assert Evento.objects.count() == eventi
    assert not Notifica.objects.filter(oggetto__contains="malfunzionamento").exists()


def test_scadenza_fuori_dalla_finestra_nessuna_proroga(bozza_completa, b0, ora):
    _beat_fermo_40_minuti(b0)
    fine = b0 + 70 * MINUTO
    procedura = _scadenza(bozza_completa.procedura, fine + timedelta(hours=24, minutes=1))
    chiusura = procedura.data_chiusura
    assert services.compensa_malfunzionamenti(adesso=ora) == 0
    procedura.refresh_from_db()
    assert procedura.data_chiusura == chiusura
    # and a deadline before the outage began is not touched either
    assert not calendario.colpita_da_interruzione(
        _scadenza(procedura, b0 + 29 * MINUTO), b0 + 30 * MINUTO, fine, timedelta(hours=24))


def test_interruzione_prima_dell_apertura_non_conta(bozza_completa, b0, ora):
    _beat_fermo_40_minuti(b0)
    procedura = _scadenza(bozza_completa.procedura, ora + timedelta(hours=5),
                          apertura=b0 + 75 * MINUTO)
    assert services.compensa_malfunzionamenti(adesso=ora) == 0
    assert not procedura.proroghe_malfunzionamento.exists()


def test_scadenza_durante_l_interruzione_riapre_la_procedura_chiusa(ds, candidato, bozza_completa,
                                                                   b0, ora):
    procedura = _scadenza(bozza_completa.procedura, b0 + 50 * MINUTO)  # inside the gap
    services.allinea(procedura.pk, adesso=ora)  # the clock closed it
    procedura.refresh_from_db()
    assert procedura.stato == Stato.CHIUSA
    _beat_fermo_40_minuti(b0)

    assert services.compensa_malfunzionamenti(adesso=ora) == 1

    procedura.refresh_from_db()
    assert procedura.stato == Stato.APERTA
    # the old deadline has passed: the hour counts from now
    assert procedura.data_chiusura == ora + timedelta(hours=1)
    assert calendario.accetta_candidature(procedura, ora + timedelta(minutes=59))
    [proroga] = procedura.proroghe_malfunzionamento.all()
    assert proroga.esito == EsitoProroga.RIAPERTA
    [evento] = _eventi(procedura, "procedura.proroga_malfunzionamento")
    assert (evento.dettagli["da"], evento.dettagli["a"]) == (Stato.CHIUSA, Stato.APERTA)
    assert ds.notifiche.filter(oggetto__startswith="Proroga per malfunzionamento").count() == 1
    assert candidato.notifiche.filter(oggetto__contains="malfunzionamento").count() == 1
    assert services.compensa_malfunzionamenti(adesso=ora + MINUTO) == 0


def test_valutazione_avviata_nessuna_riapertura_il_ds_e_avvisato(ds, candidato, bozza_completa,
                                                                b0, ora, ds_membership):
    procedura = _scadenza(bozza_completa.procedura, b0 + 50 * MINUTO)
    services.allinea(procedura.pk, adesso=ora)
    services.avvia_valutazione(autore=ds, membership=ds_membership, procedura=procedura,
                               adesso=ora)
    procedura.refresh_from_db()
    chiusura = procedura.data_chiusura
    versioni = procedura.versioni_avviso.count()
    _beat_fermo_40_minuti(b0)

    assert services.compensa_malfunzionamenti(adesso=ora) == 1

    procedura.refresh_from_db()
    assert procedura.stato == Stato.IN_VALUTAZIONE and procedura.data_chiusura == chiusura
    assert procedura.versioni_avviso.count() == versioni
    [proroga] = procedura.proroghe_malfunzionamento.all()
    assert proroga.esito == EsitoProroga.NON_APPLICATA and proroga.minuti == 0
    assert _eventi(procedura, "procedura.proroga_malfunzionamento_non_applicata").count() == 1
    [al_ds] = ds.notifiche.filter(oggetto__startswith="Proroga per malfunzionamento")
    assert "valutazione delle istanze è già avviata" in al_ds.testo
    assert not candidato.notifiche.filter(oggetto__contains="malfunzionamento").exists()
    assert services.compensa_malfunzionamenti(adesso=ora + MINUTO) == 0
    assert ds.notifiche.filter(oggetto__startswith="Proroga per malfunzionamento").count() == 1


def test_un_interruzione_cresciuta_aggiunge_solo_la_differenza(bozza_completa, b0, ora):
    procedura = _scadenza(bozza_completa.procedura, ora + timedelta(hours=5))
    chiusura = procedura.data_chiusura
    inizio = b0 + 30 * MINUTO
    services.proroga_per_malfunzionamento(procedura=procedura, inizio=inizio,
                                          fine=inizio + 40 * MINUTO, adesso=ora)
    # the same outage, later seen longer (merged with a following span): 70' → 2 hours
    services.proroga_per_malfunzionamento(procedura=procedura, inizio=inizio,
                                          fine=inizio + 70 * MINUTO, adesso=ora)
    assert services.proroga_per_malfunzionamento(procedura=procedura, inizio=inizio,
                                                 fine=inizio + 70 * MINUTO, adesso=ora) is None
    procedura.refresh_from_db()
    assert procedura.data_chiusura == chiusura + timedelta(hours=2)
    assert [p.minuti for p in procedura.proroghe_malfunzionamento.order_by("pk")] == [60, 60]


def test_spenta_dalle_impostazioni(settings, bozza_completa, b0, ora):
    settings.PROROGA_MALFUNZIONAMENTO = False
    procedura = _scadenza(bozza_completa.procedura, ora + timedelta(hours=5))
    _beat_fermo_40_minuti(b0)
    assert services.compensa_malfunzionamenti(adesso=ora) == 0
    assert not ProrogaMalfunzionamento.objects.filter(procedura=procedura).exists()


@pytest.mark.parametrize(("minuti", "ore"), [(1, 1), (40, 1), (60, 1), (61, 2), (185, 4)])
def test_arrotondata_all_ora_per_eccesso(minuti, ore, ora):
    assert calendario.durata_proroga(ora, ora + timedelta(minutes=minuti),
                                     timedelta(hours=1)) == timedelta(hours=ore)


def test_il_conteggio_non_rompe_le_richieste(settings, client, candidato, procedura_aperta,
                                             monkeypatch):
    from portale import disponibilita

    settings.DISPONIBILITA_VISTE = VISTE

    def guasto(**kwargs):
        raise RuntimeError("tabella bloccata")

    monkeypatch.setattr(disponibilita, "conta_richiesta", guasto)
    client.force_login(candidato)
    assert client.get(f"/avvisi/{procedura_aperta.pk}/candidatura/").status_code in (200, 302)
    assert not RichiesteAlMinuto.objects.exists()


def test_il_conteggio_salta_altre_pagine_rifiuti_e_anonimi(settings, client, candidato,
                                                          procedura_aperta):
    settings.DISPONIBILITA_VISTE = VISTE
    url = f"/avvisi/{procedura_aperta.pk}/candidatura/"
    client.get(url)  # anonymous, sent to the login: no session cookie, not counted
    client.force_login(candidato)
    client.get("/candidature/")  # not the submission path
    client.get(f"/avvisi/{procedura_aperta.pk + 999}/candidatura/")  # a 404
    assert not RichiesteAlMinuto.objects.exists()
    client.get(url)
    assert RichiesteAlMinuto.objects.get().richieste == 1
    assert Battito.objects.count() == 0
