"""The public list is cached for anonymous visitors, but never shows a stale state."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from procedure import selectors, services
from procedure.models import ProceduraSelezione

pytestmark = pytest.mark.django_db


def test_una_modifica_si_vede_subito(client, ds, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "aperta")
    assert "Esperto di robotica" in client.get("/avvisi/?stato=aperto").content.decode()
    services.annulla(autore=ds, membership=ds.memberships.get(), procedura=procedura,
                     motivazione="Definanziato")
    assert "Esperto di robotica" not in client.get("/avvisi/?stato=aperto").content.decode()
    assert "Esperto di robotica" in client.get("/avvisi/?stato=annullato").content.decode()


def test_la_copia_in_cache_scade_al_secondo_della_chiusura(client, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "aperta")
    adesso = timezone.now()
    chiusura = adesso + timedelta(seconds=5)
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(data_chiusura=chiusura,
                                                              aggiornata_il=adesso)
    with freeze_time(adesso):
        assert selectors.firma_avvisi(adesso)[1] == 5  # expires at the closing second, not after
        assert "Esperto di robotica" in client.get("/avvisi/?stato=aperto").content.decode()
    with freeze_time(chiusura):
        pagina = client.get("/avvisi/?stato=aperto").content.decode()
        assert "Esperto di robotica" not in pagina
        assert "Esperto di robotica" in client.get("/avvisi/?stato=chiuso").content.decode()


def test_visitatore_anonimo_una_query_dalla_cache(client, crea_procedura_completa, porta_a,
                                                  django_assert_num_queries):
    porta_a(crea_procedura_completa(), "aperta")
    client.get("/avvisi/")
    with django_assert_num_queries(1):  # the signature only
        assert client.get("/avvisi/").status_code == 200


def test_utente_autenticato_non_riceve_la_pagina_di_un_altro(client, candidato, ds,
                                                            crea_procedura_completa, porta_a):
    porta_a(crea_procedura_completa(), "aperta")
    client.force_login(candidato)
    assert "Alessia Ferrari" in client.get("/avvisi/").content.decode()
    client.force_login(ds)
    pagina = client.get("/avvisi/").content.decode()
    assert "Maria Rossi" in pagina and "Alessia Ferrari" not in pagina
