"""The portal knows its own availability: the heartbeat, the submission path's answers, the
outages read from both (portale.disponibilita)."""

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from portale import tasks
from portale.disponibilita import BATTITO, ERRORI, Interruzione, interruzioni, unisci
from portale.models import Battito, RichiesteAlMinuto
from portale.services.disponibilita import (
    conta_richiesta,
    registra_battito,
    scrivi_conteggi_in_attesa,
)

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
MINUTO = timedelta(minutes=1)


def _battiti(da, minuti, salta=()):
    for m in range(minuti):
        if m not in salta:
            registra_battito(adesso=da + m * MINUTO + timedelta(seconds=3))


def test_battito_dal_task_ogni_minuto_e_potatura():
    with freeze_time(T0):
        tasks.registra_battito()
    assert Battito.objects.get().istante == T0
    vecchio = T0 - timedelta(days=8)
    Battito.objects.create(istante=vecchio)
    RichiesteAlMinuto.objects.create(minuto=vecchio, processo=1, richieste=3, errori=0)
    registra_battito(adesso=T0 + MINUTO)
    assert not Battito.objects.filter(istante=vecchio).exists()
    assert not RichiesteAlMinuto.objects.exists()
    assert Battito.objects.count() == 2


def test_nessun_battito_per_40_minuti_e_un_interruzione():
    _battiti(T0, 120, salta=range(31, 70))  # last at 9:30, next at 10:10
    adesso = T0 + timedelta(hours=2)
    [interruzione] = interruzioni(da=adesso - timedelta(hours=24), adesso=adesso)
    assert interruzione.inizio == T0 + 30 * MINUTO + timedelta(seconds=3)
    assert interruzione.fine == T0 + 70 * MINUTO + timedelta(seconds=3)
    assert interruzione.durata == timedelta(minutes=40)
    assert interruzione.cause == (BATTITO,)


def test_battiti_regolari_o_buchi_brevi_nessuna_interruzione():
    _battiti(T0, 120, salta=(10, 11, 12, 50))  # 4 minutes without: under the threshold (5)
    adesso = T0 + timedelta(hours=2)
    assert interruzioni(da=adesso - timedelta(hours=24), adesso=adesso) == []


def test_interruzione_conta_solo_quando_e_finita():
    _battiti(T0, 30)  # the beat stopped at 9:29 and has not come back
    assert interruzioni(da=T0, adesso=T0 + timedelta(hours=2)) == []
    _battiti(T0 + timedelta(minutes=70), 2)  # back at 10:10
    assert interruzioni(da=T0, adesso=T0 + timedelta(minutes=72)) == []  # not yet over
    [interruzione] = interruzioni(da=T0, adesso=T0 + timedelta(minutes=76))
    assert interruzione.durata == timedelta(minutes=41)


def _minuto(quando, richieste, errori, processo=1):
    RichiesteAlMinuto.objects.create(minuto=quando, processo=processo, richieste=richieste,
                                     errori=errori)


def test_minuti_con_la_maggior_parte_degli_invii_falliti(settings):
    settings.DISPONIBILITA_RICHIESTE_MINIME = 10
    _battiti(T0, 120)
    for m in range(20, 60):  # 40 minutes: two processes, 12 of 20 answers are 5xx
        _minuto(T0 + m * MINUTO, 10, 6, processo=1)
        _minuto(T0 + m * MINUTO, 10, 6, processo=2)
    _minuto(T0 + 70 * MINUTO, 10, 5)   # exactly half: not «most»
    _minuto(T0 + 90 * MINUTO, 9, 9)    # every answer failed, but too few to tell
    adesso = T0 + timedelta(hours=2)
    [interruzione] = interruzioni(da=adesso - timedelta(hours=24), adesso=adesso)
    assert (interruzione.inizio, interruzione.fine) == (T0 + 20 * MINUTO, T0 + 60 * MINUTO)
    assert interruzione.cause == (ERRORI,)


def test_spazi_vicini_si_uniscono():
    a = Interruzione(T0, T0 + 10 * MINUTO, (BATTITO,))
    b = Interruzione(T0 + 13 * MINUTO, T0 + 20 * MINUTO, (ERRORI,))
    c = Interruzione(T0 + 40 * MINUTO, T0 + 41 * MINUTO, (ERRORI,))
    assert unisci([c, b, a], timedelta(minutes=5)) == [
        Interruzione(T0, T0 + 20 * MINUTO, (BATTITO, ERRORI)), c]


def test_conteggio_per_minuto_e_processo():
    conta_richiesta(adesso=T0, errore=True)
    conta_richiesta(adesso=T0 + timedelta(seconds=59), errore=False)
    riga = RichiesteAlMinuto.objects.get()
    assert (riga.richieste, riga.errori) == (2, 1)


def _righe():
    return sorted(RichiesteAlMinuto.objects.values_list("minuto", "richieste", "errori"))


def test_i_conteggi_aspettano_in_memoria_e_nessuno_si_perde(settings):
    """At the peak the successes wait in memory: one UPSERT every few seconds, not one per
    request; a 5xx and a new minute are written at once; what waits is written at exit."""
    settings.DISPONIBILITA_SCRITTURA_SECONDI = 5
    secondi = lambda n: T0 + timedelta(seconds=n)  # noqa: E731
    scrivi_conteggi_in_attesa()
    conta_richiesta(adesso=secondi(0), errore=False)  # the first one: written
    assert _righe() == [(T0, 1, 0)]
    for n in (1, 2, 3, 4):
        conta_richiesta(adesso=secondi(n), errore=False)
    assert _righe() == [(T0, 1, 0)]  # four answers in memory
    conta_richiesta(adesso=secondi(5), errore=False)  # five seconds later: written
    assert _righe() == [(T0, 6, 0)]
    conta_richiesta(adesso=secondi(6), errore=False)
    conta_richiesta(adesso=secondi(7), errore=True)  # a 5xx: written at once, with the rest
    assert _righe() == [(T0, 8, 1)]
    conta_richiesta(adesso=secondi(58), errore=False)  # 51 s later: written
    conta_richiesta(adesso=secondi(59), errore=False)  # waits
    assert _righe() == [(T0, 9, 1)]
    conta_richiesta(adesso=secondi(61), errore=False)  # a new minute: both written at once
    assert _righe() == [(T0, 10, 1), (T0 + MINUTO, 1, 0)]
    conta_richiesta(adesso=secondi(62), errore=False)
    assert _righe() == [(T0, 10, 1), (T0 + MINUTO, 1, 0)]
    scrivi_conteggi_in_attesa()  # at exit (atexit)
    assert _righe() == [(T0, 10, 1), (T0 + MINUTO, 2, 0)]
