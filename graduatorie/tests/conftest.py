from decimal import Decimal

import pytest

from accounts.models import Ruolo
from candidature.tests.istanze_fixtures import persone, scenario  # noqa: F401
from graduatorie import services
from procedure import services as procedure_services


@pytest.fixture
def procedura_aperta(crea_procedura_completa, porta_a, ds):
    """The esperti grid of art. 17 plus a «Colloquio» scored by the commission (max 10)."""
    procedura = crea_procedura_completa()
    membership = ds.memberships.get()
    procedure_services.aggiungi_campo(autore=ds, membership=membership, procedura=procedura,
                                      etichetta="Disponibilità il sabato", tipo="si_no")
    procedure_services.aggiungi_criterio(autore=ds, membership=membership, procedura=procedura,
                                         descrizione="Colloquio", tipo="manuale",
                                         massimo=Decimal(10))
    return porta_a(procedura, "aperta")


@pytest.fixture
def referente(con_ruolo, istituto):
    return con_ruolo("BLUGNN80A01H501C", Ruolo.REFERENTE, istituto, nome="Gianni", cognome="Blu")


@pytest.fixture
def in_valutazione(scenario, ds, dsga, referente):  # noqa: F811 - the imported fixture
    """The evaluation started, the DSGA and the referente named commissari."""
    membership = ds.memberships.get()
    procedure_services.avvia_valutazione(autore=ds, membership=membership,
                                         procedura=scenario.procedura)
    for persona in (dsga, referente):
        services.nomina_commissario(autore=ds, membership=membership,
                                    procedura=scenario.procedura, persona=persona)
    scenario.procedura.refresh_from_db()
    return scenario
