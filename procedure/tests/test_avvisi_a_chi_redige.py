"""The segreteria drafts a procedure, the DS publishes it; at the opening and at the closing
only the DS was told. The person who drafted it (and then works its applications in «Gestione
istanze») now hears it too; nobody else of the office, and nobody twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from procedure import services
from procedure.models import ProceduraSelezione, Stato

pytestmark = pytest.mark.django_db


def _programmata(procedura, ds):
    """«Programma apertura» at the date of the avviso: the portal opens it by itself."""
    return services.programma_apertura(autore=ds, membership=ds.memberships.get(),
                                       procedura=procedura, data_apertura=procedura.data_apertura)


def test_chi_ha_redatto_la_procedura_sa_quando_si_apre_e_si_chiude(
        ds, dsga, segreteria, crea_procedura_completa, porta_a):
    procedura = crea_procedura_completa(oggetto="Tutor PCTO")
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(creata_da=segreteria)
    procedura = _programmata(porta_a(ProceduraSelezione.objects.get(pk=procedura.pk),
                                     "pubblicata"), ds)

    assert services.allinea(procedura.pk, adesso=procedura.data_apertura + timedelta(seconds=1)) \
        == Stato.APERTA
    assert services.allinea(procedura.pk, adesso=procedura.data_chiusura + timedelta(seconds=1)) \
        == Stato.CHIUSA

    for persona in (ds, segreteria):
        assert sorted(persona.notifiche.values_list("oggetto", flat=True)) == [
            "Procedura «Tutor PCTO» aperta", "Procedura «Tutor PCTO» chiusa"]
    assert not dsga.notifiche.exists()


def test_la_ds_che_l_ha_redatta_non_e_avvisata_due_volte(ds, crea_procedura_completa, porta_a):
    procedura = _programmata(porta_a(crea_procedura_completa(oggetto="Tutor PCTO"), "pubblicata"),
                             ds)
    services.allinea(procedura.pk, adesso=procedura.data_apertura + timedelta(seconds=1))
    assert list(ds.notifiche.values_list("oggetto", flat=True)) == ["Procedura «Tutor PCTO» aperta"]


def test_chi_non_e_piu_dell_ufficio_non_e_avvisato(ds, segreteria, crea_procedura_completa,
                                                   porta_a):
    procedura = crea_procedura_completa(oggetto="Tutor PCTO")
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(creata_da=segreteria)
    procedura = _programmata(porta_a(ProceduraSelezione.objects.get(pk=procedura.pk),
                                     "pubblicata"), ds)
    segreteria.memberships.update(revocato_il=timezone.localdate())  # «Revoca» today
    services.allinea(procedura.pk, adesso=procedura.data_apertura + timedelta(seconds=1))
    assert not segreteria.notifiche.exists()
