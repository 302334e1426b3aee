"""The budget of a scheda and the hours granted under real concurrency (PostgreSQL row
locks, parallel transactions). Skipped on SQLite, where writers are serialised anyway."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from incarichi.models import Incarico, OreSvolte, StatoIncarico
from incarichi.services import incarichi as servizi

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="serve PostgreSQL (DATABASE_URL) per lock di riga e transazioni "
                              "parallele"),
]


def in_parallelo(lavori) -> tuple[list, list, list]:
    """Run the callables at once; returns (results, ValidationErrors, other errors)."""
    barriera = threading.Barrier(len(lavori))
    riuscite, rifiutate, errori = [], [], []
    lock = threading.Lock()

    def esegui(lavoro):
        try:
            barriera.wait(timeout=30)
            risultato = lavoro()
            with lock:
                riuscite.append(risultato)
        except ValidationError as errore:
            with lock:
                rifiutate.append(errore)
        except Exception as errore:  # noqa: BLE001 - reported by the main thread
            with lock:
                errori.append(errore)
        finally:
            connection.close()

    fili = [threading.Thread(target=esegui, args=(lavoro,)) for lavoro in lavori]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join(timeout=120)
    assert not any(filo.is_alive() for filo in fili)
    return riuscite, rifiutate, errori


@pytest.mark.django_db(transaction=True)
def test_atti_in_parallelo_non_superano_il_budget(ds, crea_scheda, affida,
                                                  crea_persona, completa_requisiti):
    scheda = crea_scheda()  # 30 h × 19,25 = 577,50: room for three incarichi of 10 h
    incarichi = [completa_requisiti(affida(scheda, crea_persona(f"RSSMRA80A01H50{n}X",
                                                                cognome=f"Rossi{n}"), ore=10))
                 for n in range(5)]
    membership = ds.memberships.get()
    riuscite, rifiutate, errori = in_parallelo([
        (lambda i=i: servizi.emetti_atto(autore=ds, membership=membership, incarico=i))
        for i in incarichi])
    assert errori == [] and len(riuscite) == 3 and len(rifiutate) == 2
    assert all("supera il budget residuo" in e.messages[0] for e in rifiutate)
    conferiti = Incarico.objects.filter(stato=StatoIncarico.CONFERITO)
    assert sorted(conferiti.values_list("protocollo__numero", flat=True)) == [1, 2, 3]
    assert servizi.impegnato_sulla_scheda(scheda) == Decimal("577.50")


@pytest.mark.django_db(transaction=True)
def test_ore_registrate_in_parallelo_mai_oltre_le_assegnate(ds, crea_scheda,
                                                            affida, docente, porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")  # 30 h
    membership = ds.memberships.get()
    riuscite, rifiutate, errori = in_parallelo([
        (lambda n=n: servizi.registra_ore(autore=ds, membership=membership, incarico=incarico,
                                          data=date(2026, 2, 1 + n), ore=4, attivita=f"Turno {n}"))
        for n in range(10)])
    assert errori == [] and len(riuscite) == 7 and len(rifiutate) == 3
    assert sum(o.ore for o in OreSvolte.objects.filter(incarico=incarico)) == Decimal("28")


@pytest.mark.django_db(transaction=True)
def test_lo_stesso_affidamento_in_parallelo_crea_un_solo_incarico(ds, crea_scheda, affida,
                                                                   docente):
    """Two «Affida» for the same person from the same scheda at the same moment (a double
    click, two tabs): both passed the check «already has an incarico from this scheda» before
    either wrote. The scheda's row is locked first: one incarico, the other refused."""
    scheda = crea_scheda()
    riuscite, rifiutate, errori = in_parallelo([lambda: affida(scheda, docente)] * 4)
    assert errori == [] and len(riuscite) == 1 and len(rifiutate) == 3
    assert all("ha già un incarico da questa scheda" in e.messages[0] for e in rifiutate)
    assert Incarico.objects.filter(scheda=scheda, persona=docente).count() == 1
