"""The SPID level: recorded in the session, required by pages, never lower than requested."""

import base64

import pytest

from accounts.spid.costanti import SPID_L1, SPID_L2
from accounts.spid_test_idp import server as test_idp
from accounts.tests.test_spid import HOST, MARIA, _campo, invia_all_acs

pytestmark = [pytest.mark.django_db, pytest.mark.urls("accounts.tests.urls_livello")]


def _entra(client, livello_richiesto, livello_ottenuto, next_url=""):
    url = f"/accounts/spid/login/?tipo=spid&idp={test_idp.ENTITY_ID}&livello={livello_richiesto}"
    html = client.get(url + (f"&next={next_url}" if next_url else ""), **HOST).content.decode()
    saml_request = _campo(html, "SAMLRequest")
    richiesta = test_idp.leggi_richiesta(saml_request)
    return richiesta, invia_all_acs(client, test_idp.crea_risposta(richiesta, MARIA, livello=livello_ottenuto))


def test_la_richiesta_chiede_il_livello_voluto(client, settings):
    settings.SPID_LIVELLO_PREDEFINITO = 1
    richiesta, _ = _entra(client, 1, SPID_L1)
    assert richiesta.requested_authn_context.authn_context_class_ref[0].text == SPID_L1
    assert client.session["spid"]["livello"] == 1


def test_mai_sotto_il_livello_predefinito(client, settings):
    settings.SPID_LIVELLO_PREDEFINITO = 2
    html = client.get(f"/accounts/spid/login/?tipo=spid&idp={test_idp.ENTITY_ID}&livello=1",
                      **HOST).content.decode()
    assert SPID_L2 in base64.b64decode(_campo(html, "SAMLRequest")).decode()


def test_pagina_di_livello_2_rifiuta_una_sessione_di_livello_1(client, settings, caplog):
    settings.SPID_LIVELLO_PREDEFINITO = 1
    _entra(client, 1, SPID_L1)
    risposta = client.get("/prova-livello-2/", **HOST)
    assert risposta.status_code == 403
    testo = risposta.content.decode()
    assert "richiede un accesso con SPID o CIE di livello 2" in testo
    assert "Hai effettuato l'accesso con livello 1" in testo
    assert "livello=2" in testo and "next=%2Fprova-livello-2%2F" in testo
    assert "Livello SPID insufficiente" in caplog.text


def test_dopo_un_nuovo_accesso_di_livello_2_la_pagina_si_apre(client, settings):
    settings.SPID_LIVELLO_PREDEFINITO = 1
    _entra(client, 1, SPID_L1)
    assert client.get("/prova-livello-2/", **HOST).status_code == 403
    richiesta, finale = _entra(client, 2, SPID_L2, next_url="/prova-livello-2/")
    assert richiesta.requested_authn_context.authn_context_class_ref[0].text == SPID_L2
    assert finale["Location"] == "/prova-livello-2/"
    assert client.session["spid"]["livello"] == 2
    assert client.get("/prova-livello-2/", **HOST).content == b"Contenuto riservato al livello 2"


def test_risposta_di_livello_1_a_una_richiesta_di_livello_2_rifiutata(client, caplog):
    _, risposta = _entra(client, 2, SPID_L1)
    assert risposta.status_code == 403
    assert "livello di autenticazione ottenuto è inferiore" in risposta.content.decode()
    assert "regola=livello_insufficiente" in caplog.text
    assert "_auth_user_id" not in client.session


def test_accesso_senza_spid_rifiutato_sulla_pagina_di_livello_2(client, ds):
    client.force_login(ds)  # e.g. an administrator's password login: no SPID level
    risposta = client.get("/prova-livello-2/", **HOST)
    assert risposta.status_code == 403
    assert "senza SPID o CIE" in risposta.content.decode()


def test_anonimo_mandato_all_accesso(client):
    risposta = client.get("/prova-livello-2/", **HOST)
    assert risposta.status_code == 302 and "/accounts/login/" in risposta["Location"]
