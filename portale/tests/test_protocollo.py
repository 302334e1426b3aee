"""Registro di protocollo: numeri senza buchi per istituto e anno, anche in concorrenza."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from portale.models import ContatoreProtocollo, Protocollo, RegistroImmutabileError
from portale.services.protocollo import protocolla

pytestmark = pytest.mark.django_db


def _quando(anno, mese=3, giorno=15, ora=10):
    return datetime(anno, mese, giorno, ora, 0, tzinfo=UTC)


class ErroreDellAtto(Exception):
    pass


def test_numeri_progressivi_per_istituto_e_anno(istituto, altro_istituto):
    with transaction.atomic():
        primi = [protocolla(istituto=istituto, oggetto=f"Atto {i}", quando=_quando(2025))
                 for i in range(3)]
        altro = protocolla(istituto=altro_istituto, oggetto="Atto", quando=_quando(2025))
        anno_nuovo = [protocolla(istituto=istituto, oggetto="Atto", quando=_quando(2026, 1, 2))
                      for _ in range(2)]
        ancora_2025 = protocolla(istituto=istituto, oggetto="Atto tardivo", quando=_quando(2025, 12))

    assert [(p.anno, p.numero) for p in primi] == [(2025, 1), (2025, 2), (2025, 3)]
    assert (altro.istituto_id, altro.anno, altro.numero) == (altro_istituto.pk, 2025, 1)
    assert [(p.anno, p.numero) for p in anno_nuovo] == [(2026, 1), (2026, 2)]
    assert (ancora_2025.anno, ancora_2025.numero) == (2025, 4)
    contatori = dict(
        ContatoreProtocollo.objects.filter(istituto=istituto).values_list("anno", "ultimo_numero")
    )
    assert contatori == {2025: 4, 2026: 2}


def test_anno_e_segnatura_seguono_l_ora_italiana(istituto):
    """Le 23:30 UTC del 31 dicembre sono già il 1° gennaio a Roma: protocollo del nuovo anno."""
    with transaction.atomic():
        riga = protocolla(istituto=istituto, oggetto="Capodanno", verso=Protocollo.Verso.USCITA,
                          quando=datetime(2024, 12, 31, 23, 30, tzinfo=UTC))
    assert riga.anno == 2025
    assert riga.segnatura == "RMIC8A7005 - Prot. n. 0000001/2025 del 01/01/2025"
    assert str(riga) == riga.segnatura
    riga.refresh_from_db()
    assert riga.verso == Protocollo.Verso.USCITA
    assert riga.segnatura == "RMIC8A7005 - Prot. n. 0000001/2025 del 01/01/2025"


def test_riferimento_all_oggetto_protocollato(istituto, ds):
    membership = ds.memberships.get()
    with transaction.atomic():
        riga = protocolla(istituto=istituto, oggetto="Nomina DS", riferimento=membership)
    riga.refresh_from_db()
    assert riga.content_type.model_class() is type(membership)
    assert riga.object_id == str(membership.pk)


@pytest.mark.django_db(transaction=True)
def test_annullamento_della_transazione_non_lascia_buchi(istituto):
    # Il primo atto in assoluto viene annullato: sparisce anche il contatore appena creato.
    with pytest.raises(ErroreDellAtto), transaction.atomic():
        protocolla(istituto=istituto, oggetto="Annullato", quando=_quando(2025))
        raise ErroreDellAtto
    assert not Protocollo.objects.exists()

    with transaction.atomic():
        primo = protocolla(istituto=istituto, oggetto="Primo", quando=_quando(2025))
    with pytest.raises(ErroreDellAtto), transaction.atomic():
        annullato = protocolla(istituto=istituto, oggetto="Annullato", quando=_quando(2025))
        assert annullato.numero == 2
        raise ErroreDellAtto
    with transaction.atomic():
        secondo = protocolla(istituto=istituto, oggetto="Secondo", quando=_quando(2025))

    assert (primo.numero, secondo.numero) == (1, 2)
    assert list(Protocollo.objects.values_list("numero", "oggetto")) == [(1, "Primo"), (2, "Secondo")]
    assert ContatoreProtocollo.objects.get(istituto=istituto, anno=2025).ultimo_numero == 2


@pytest.mark.django_db(transaction=True)
def test_fuori_da_una_transazione_solleva(istituto):
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError, match="dentro la transazione"):
        protocolla(istituto=istituto, oggetto="Senza transazione")
    assert not Protocollo.objects.exists()
    assert not ContatoreProtocollo.objects.exists()


def test_registro_solo_in_aggiunta(istituto):
    with transaction.atomic():
        riga = protocolla(istituto=istituto, oggetto="Originale", quando=_quando(2025))

    riga.oggetto = "Modificato"
    with pytest.raises(RegistroImmutabileError):
        riga.save()
    with pytest.raises(RegistroImmutabileError):
        Protocollo.objects.get(pk=riga.pk).delete()

    riga.refresh_from_db()
    assert riga.oggetto == "Originale"
    assert Protocollo.objects.filter(pk=riga.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concorrenza_venti_transazioni_numeri_distinti_da_1_a_20(istituto):
    if connection.vendor != "postgresql":
        pytest.skip("serve PostgreSQL (DATABASE_URL) per lock di riga e transazioni parallele")

    quanti = 20
    barriera = threading.Barrier(quanti)
    numeri, errori = [], []
    lock = threading.Lock()

    def lavoro(indice):
        try:
            barriera.wait(timeout=30)
            with transaction.atomic():
                riga = protocolla(istituto=istituto, oggetto=f"Concorrente {indice}",
                                  quando=_quando(2025))
            with lock:
                numeri.append(riga.numero)
        except Exception as errore:  # noqa: BLE001 - reported by the main thread
            with lock:
                errori.append(errore)
        finally:
            connection.close()

    fili = [threading.Thread(target=lavoro, args=(i,)) for i in range(quanti)]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join(timeout=60)

    assert not any(filo.is_alive() for filo in fili)
    assert errori == []
    assert sorted(numeri) == list(range(1, quanti + 1))
    assert sorted(Protocollo.objects.filter(istituto=istituto, anno=2025)
                  .values_list("numero", flat=True)) == list(range(1, quanti + 1))
    assert ContatoreProtocollo.objects.get(istituto=istituto, anno=2025).ultimo_numero == quanti


def test_capodanno_durante_l_attesa_del_contatore(istituto, monkeypatch):
    """The year is read before the counter's lock and the time after it: a registration that
    waited across midnight of 31 December takes the new year's number, and gives back the old
    year's one (no gap in either register)."""
    from portale.services import protocollo

    with transaction.atomic():
        protocolla(istituto=istituto, oggetto="Ultimo atto dell'anno", quando=_quando(2025, 12))
    istanti = iter([datetime(2025, 12, 31, 22, 59, 59, 900000, tzinfo=UTC),   # 23:59:59 in Italy
                    datetime(2025, 12, 31, 23, 0, 0, 100000, tzinfo=UTC)])     # 00:00:00 of 2026
    monkeypatch.setattr(protocollo.timezone, "now", lambda: next(istanti))
    with transaction.atomic():
        atto = protocolla(istituto=istituto, oggetto="Atto a mezzanotte")
    assert (atto.anno, atto.numero) == (2026, 1)
    assert atto.registrato_il == datetime(2025, 12, 31, 23, 0, 0, 100000, tzinfo=UTC)
    contatori = dict(
        ContatoreProtocollo.objects.filter(istituto=istituto).values_list("anno", "ultimo_numero")
    )
    assert contatori == {2025: 1, 2026: 1}
