"""Issue #15 (Sicurezza): the applications of a procedure are closed to staff and commission
until the closing second (candidature.selectors.access_istanze_della_procedura). Before the
fix `access_valutazione` let any staff role of the istituto list the applicants and download
a candidate's CV while the procedure was still open."""

import pytest
from django.urls import reverse

from candidature.tests.istanze_fixtures import chiudi, invia
from graduatorie import selectors


@pytest.fixture
def aperta_con_istanza(procedura_aperta, persone):
    istanza = invia(persone["alessia"], procedura_aperta,
                    descrizione="Politecnico di Milano, 2015")
    return procedura_aperta, istanza


def _url_istanze(procedura, istanza):
    p, allegato = procedura.pk, istanza.allegati.first()
    return [reverse("graduatorie:valutazione", args=[p]),
            reverse("graduatorie:istanza", args=[p, istanza.pk]),
            reverse("graduatorie:allegato_istanza", args=[p, istanza.pk, allegato.pk]),
            reverse("graduatorie:graduatoria", args=[p]),
            reverse("graduatorie:interpello", args=[p]),
            reverse("candidature:istanza", args=[p, istanza.pk]),
            reverse("candidature:istanza_allegato", args=[p, istanza.pk, allegato.pk]),
            reverse("candidature:istanza_zip", args=[p, istanza.pk]),
            reverse("candidature:istanze_zip", args=[p])]


def test_procedura_aperta_nessuna_istanza_allo_staff(aperta_con_istanza, client, ds, dsga,
                                                      segreteria):
    procedura, istanza = aperta_con_istanza
    for persona in (segreteria, dsga, ds):
        client.force_login(persona)
        for url in _url_istanze(procedura, istanza):
            risposta = client.get(url)
            assert risposta.status_code == 404, (persona, url, risposta.status_code)
            assert b"Ferrari" not in risposta.content


def test_dal_secondo_di_chiusura_lo_staff_le_legge(aperta_con_istanza, client, segreteria):
    procedura, istanza = aperta_con_istanza
    chiudi(procedura)
    client.force_login(segreteria)
    risposta = client.get(reverse("graduatorie:valutazione", args=[procedura.pk]))
    assert risposta.status_code == 200 and istanza.candidato.cognome in risposta.content.decode()
    allegato = istanza.allegati.first()
    scaricato = client.get(reverse("graduatorie:allegato_istanza",
                                   args=[procedura.pk, istanza.pk, allegato.pk]))
    assert scaricato.status_code == 200


def test_access_valutazione_applica_la_regola_delle_istanze(aperta_con_istanza, ds):
    from django.http import Http404

    procedura, _ = aperta_con_istanza
    with pytest.raises(Http404):
        selectors.access_valutazione(ds, ds.memberships.get(), procedura.pk)
    chiudi(procedura)
    assert selectors.access_valutazione(ds, ds.memberships.get(), procedura.pk).staff


def test_monitoraggio_della_procedura_aperta_solo_conteggi(aperta_con_istanza, client,
                                                          segreteria):
    procedura, istanza = aperta_con_istanza
    client.force_login(segreteria)
    for nome in ("candidature:monitoraggio", "candidature:monitoraggio_csv"):
        risposta = client.get(reverse(nome, args=[procedura.pk]))
        testo = risposta.content.decode()
        assert risposta.status_code == 200
        for dato in (istanza.candidato.cognome, istanza.candidato.nome,
                     istanza.candidato.codice_fiscale):
            assert dato not in testo, (nome, dato)
