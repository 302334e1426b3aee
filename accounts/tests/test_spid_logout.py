"""Logout: always local; single logout with the identity provider where it offers one."""

import base64
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from accounts.spid import registro
from accounts.spid.chiavi import assicura_coppia_di_chiavi
from accounts.spid_test_idp import server as test_idp
from accounts.tests.test_spid import HOST, MARIA, _campo, avvia_login, invia_all_acs

pytestmark = pytest.mark.django_db


def _entra(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    assert invia_all_acs(client, test_idp.crea_risposta(richiesta, MARIA)).status_code == 302


def _esci(client):
    """Press «Esci»: the local session ends; the page sends the signed LogoutRequest."""
    risposta = client.post("/accounts/logout/", **HOST)
    assert "_auth_user_id" not in client.session
    return risposta


def _al_portale(client, saml_response):
    parcheggio = client.post("/accounts/spid/sls/", {"SAMLResponse": saml_response}, **HOST)
    assert parcheggio.status_code == 302
    return client.get(parcheggio["Location"], **HOST, follow=True)


def test_single_logout_completo_attraverso_il_test_idp(client, caplog):
    _entra(client)
    sessione = client.session["spid"]
    pagina = _esci(client)
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert f'action="{test_idp.SLO_URL}"' in html
    saml_request = _campo(html, "SAMLRequest")
    xml = base64.b64decode(saml_request).decode()
    assert "xmldsig-more#rsa-sha256" in xml and sessione["name_id"] in xml
    assert sessione["session_index"] and sessione["session_index"] in xml
    assert 'Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity"' in xml
    # The test identity provider verifies the signature and answers.
    idp = client.post("/spid-test-idp/slo/", {"SAMLRequest": saml_request,
                                              "RelayState": _campo(html, "RelayState")}, **HOST)
    assert idp.status_code == 200
    saml_response = _campo(idp.content.decode(), "SAMLResponse")
    finale = _al_portale(client, saml_response)
    assert "Sei uscita anche da SPID Test" in finale.content.decode()  # Maria
    assert "Single logout non confermato" not in caplog.text


def test_logout_request_non_firmata_rifiutata_dal_test_idp(client):
    _entra(client)
    html = _esci(client).content.decode()
    radice = ET.fromstring(base64.b64decode(_campo(html, "SAMLRequest")))
    firma = radice.find("{http://www.w3.org/2000/09/xmldsig#}Signature")
    radice.remove(firma)
    senza_firma = base64.b64encode(ET.tostring(radice)).decode()
    assert client.post("/spid-test-idp/slo/", {"SAMLRequest": senza_firma}, **HOST).status_code == 400


def test_logout_response_di_un_falsario_non_confermata(client, tmp_path, caplog):
    _entra(client)
    html = _esci(client).content.decode()
    richiesta = test_idp.leggi_richiesta_logout(_campo(html, "SAMLRequest"))
    key, cert = str(tmp_path / "f.key"), str(tmp_path / "f.crt")
    assicura_coppia_di_chiavi(key, cert, nome="Falsario", entity_id=test_idp.ENTITY_ID)
    _, falsa = test_idp.crea_risposta_logout(richiesta, idp=test_idp.server(key, cert))
    finale = _al_portale(client, falsa)
    assert "non ha confermato" in finale.content.decode()
    assert "regola=logout_firma_o_saml" in caplog.text
    assert "_auth_user_id" not in client.session  # logged out all the same


def test_logout_response_per_un_altra_richiesta_non_confermata(client, caplog):
    _entra(client)
    html = _esci(client).content.decode()
    richiesta = test_idp.leggi_richiesta_logout(_campo(html, "SAMLRequest"))
    _, risposta = test_idp.crea_risposta_logout(richiesta, firma=False, in_response_to="_altra")
    finale = _al_portale(client, risposta)
    assert "non ha confermato" in finale.content.decode()
    assert "regola=logout_in_response_to" in caplog.text


def test_logout_response_non_firmata_non_confermata(client, caplog):
    _entra(client)
    html = _esci(client).content.decode()
    richiesta = test_idp.leggi_richiesta_logout(_campo(html, "SAMLRequest"))
    _, risposta = test_idp.crea_risposta_logout(richiesta, firma=False)
    _al_portale(client, risposta)
    assert "regola=logout_non_firmata" in caplog.text


def test_logout_response_non_richiesta(client, caplog):
    finale = _al_portale(client, base64.b64encode(b"<x/>").decode())
    assert finale.status_code == 200
    assert "regola=logout_non_richiesto" in caplog.text


@pytest.mark.parametrize("spazzatura", ["", "%%%", base64.b64encode(b"<a").decode()])
def test_input_malformato_all_sls_mai_un_500(client, spazzatura):
    _entra(client)
    _esci(client)
    assert _al_portale(client, spazzatura).status_code == 200
    assert client.get("/accounts/spid/sls/", {"SAMLResponse": spazzatura}, **HOST).status_code == 302


def test_senza_slo_presso_il_gestore_solo_logout_locale(client, monkeypatch):
    _entra(client)
    originale = registro.trova

    def senza_slo(entity_id, tipo=None):
        idp = originale(entity_id, tipo)
        return idp.__class__(**{**idp.__dict__, "slo": ()}) if idp else None

    monkeypatch.setattr(registro, "trova", senza_slo)
    risposta = _esci(client)
    assert risposta.status_code == 302 and risposta["Location"] == "/"


def test_logout_di_chi_non_e_entrato_con_spid(client, ds):
    client.force_login(ds)
    risposta = _esci(client)
    assert risposta.status_code == 302 and risposta["Location"] == "/"


def test_logout_in_get_chiede_conferma(client):
    _entra(client)
    risposta = client.get("/accounts/logout/", **HOST)
    assert risposta.status_code == 200
    assert "_auth_user_id" in client.session


def _risposta_redirect(client, *, idp_server=None, altera=False):
    from urllib.parse import urlsplit

    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.xmldsig import SIG_RSA_SHA256

    _entra(client)
    html = _esci(client).content.decode()
    richiesta = test_idp.leggi_richiesta_logout(_campo(html, "SAMLRequest"))
    idp = idp_server or test_idp.server()
    risposta = idp.create_logout_response(richiesta, [BINDING_HTTP_REDIRECT], sign=False)
    info = idp.apply_binding(BINDING_HTTP_REDIRECT, str(risposta), "http://127.0.0.1:8000/accounts/spid/sls/",
                             "stato", response=True, sign=True, sigalg=SIG_RSA_SHA256)
    indirizzo = urlsplit(dict(info["headers"])["Location"])
    query = indirizzo.query.replace("RelayState=stato", "RelayState=altro") if altera else indirizzo.query
    return client.get(f"{indirizzo.path}?{query}", **HOST, follow=True)


def test_logout_response_http_redirect_firmata_nell_url(client, caplog):
    finale = _risposta_redirect(client)
    assert "Sei uscita anche da SPID Test" in finale.content.decode()  # Maria


def test_logout_response_http_redirect_con_url_alterato_non_confermata(client, caplog):
    finale = _risposta_redirect(client, altera=True)
    assert "non ha confermato" in finale.content.decode()
    assert "regola=logout_firma_redirect_non_valida" in caplog.text


def test_logout_chiesto_dal_gestore_chiude_la_sessione_e_risponde_firmato(client):
    _entra(client)
    sessione = client.session["spid"]
    richiesta = test_idp.crea_richiesta_logout_idp(name_id=sessione["name_id"],
                                                   session_index=sessione["session_index"])
    parcheggio = client.post("/accounts/spid/sls/", {"SAMLRequest": richiesta, "RelayState": "r1"}, **HOST)
    pagina = client.get(parcheggio["Location"], **HOST)
    assert "_auth_user_id" not in client.session
    html = pagina.content.decode()
    assert f'action="{test_idp.SLO_URL}"' in html and _campo(html, "RelayState") == "r1"
    risposta = test_idp.leggi_risposta_logout(_campo(html, "SAMLResponse"))
    assert risposta.status.status_code.value == "urn:oasis:names:tc:SAML:2.0:status:Success"
    assert risposta.issuer.text == settings.SPID_SP_ENTITY_ID
    assert risposta.in_response_to
    seguente = client.get("/", **HOST)
    assert "hai chiuso la sessione presso SPID Test" in seguente.content.decode()


def test_logout_chiesto_per_un_altra_persona_non_chiude_questa_sessione(client):
    _entra(client)
    richiesta = test_idp.crea_richiesta_logout_idp(name_id="qualcun-altro")
    parcheggio = client.post("/accounts/spid/sls/", {"SAMLRequest": richiesta}, **HOST)
    assert client.get(parcheggio["Location"], **HOST).status_code == 200
    assert "_auth_user_id" in client.session


def test_logout_chiesto_da_un_falsario_rifiutato(client, tmp_path, caplog):
    _entra(client)
    key, cert = str(tmp_path / "f.key"), str(tmp_path / "f.crt")
    assicura_coppia_di_chiavi(key, cert, nome="Falsario", entity_id=test_idp.ENTITY_ID)
    richiesta = test_idp.crea_richiesta_logout_idp(name_id=client.session["spid"]["name_id"],
                                                   idp=test_idp.server(key, cert))
    parcheggio = client.post("/accounts/spid/sls/", {"SAMLRequest": richiesta}, **HOST)
    pagina = client.get(parcheggio["Location"], **HOST)
    assert pagina.status_code == 400 and "Uscita non riuscita" in pagina.content.decode()
    assert "regola=logout_request_firma_o_saml" in caplog.text
    assert "_auth_user_id" in client.session
