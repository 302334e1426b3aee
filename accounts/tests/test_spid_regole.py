"""SPID response rules through the real login flow: responses of the test identity provider,
altered where a rule is under test and signed again with the identity provider's real key.
(spid-sp-test's 111 responses are run by `make spid-check`.)"""

import base64
import copy
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from saml2.sigver import CryptoBackendXmlSec1

from accounts.models import User
from accounts.spid import metadata as md
from accounts.spid.costanti import SPID_L3
from accounts.spid.regole import SAML, SAMLP
from accounts.spid_test_idp import server as test_idp
from accounts.tests.test_spid import MARIA, avvia_login, invia_all_acs

pytestmark = pytest.mark.django_db
ASSERTION = f"{{{SAML}}}Assertion"


def _risposta_non_firmata(client, tipo="spid", **kwargs):
    saml_request, _ = avvia_login(client, tipo=tipo)
    richiesta = test_idp.leggi_richiesta(saml_request)
    xml = base64.b64decode(test_idp.crea_risposta(
        richiesta, MARIA, firma_risposta=False, firma_asserzione=False, **kwargs))
    return ET.fromstring(xml)


def _firmata(radice: ET.Element) -> str:
    """Sign the (only or first) assertion with the test identity provider's key."""
    asserzione = radice.find(ASSERTION)
    modello = ET.Element("contenitore")
    md._firma_modello(modello, asserzione.get("ID"), md.certificato_base64(settings.SPID_TEST_IDP_CERT_FILE))
    issuer = asserzione.find(f"{{{SAML}}}Issuer")
    asserzione.insert(list(asserzione).index(issuer) + 1, modello[0])
    firmata = CryptoBackendXmlSec1(settings.SPID_XMLSEC_BINARY).sign_statement(
        ET.tostring(radice, encoding="unicode"), f"{SAML}:Assertion",
        settings.SPID_TEST_IDP_KEY_FILE, asserzione.get("ID"))
    return base64.b64encode(firmata.encode()).decode()


def _rifiutata(risposta, caplog, regola):
    assert risposta.status_code == 403
    testo = risposta.content.decode()
    assert "Accesso non riuscito" in testo and "Riprova" in testo
    assert f"regola={regola}" in caplog.text
    assert not User.objects.filter(codice_fiscale=MARIA.codice_fiscale).exists()
    return testo


def test_controllo_la_risposta_rifirmata_entra(client):
    radice = _risposta_non_firmata(client)
    finale = invia_all_acs(client, _firmata(radice))
    assert finale.status_code == 302 and client.session["spid"]["livello"] == 2


def test_destinazione_diversa_rifiutata(client, caplog):
    radice = _risposta_non_firmata(client)
    radice.set("Destination", "https://altrove.example.it/acs/")
    _rifiutata(invia_all_acs(client, _firmata(radice)), caplog, "response_destination_diversa")


def test_issuer_dell_asserzione_senza_format_rifiutato_per_spid(client, caplog):
    radice = _risposta_non_firmata(client)
    del radice.find(ASSERTION).find(f"{{{SAML}}}Issuer").attrib["Format"]
    _rifiutata(invia_all_acs(client, _firmata(radice)), caplog, "assertion_issuer_format_mancante")


def test_issuer_dell_asserzione_senza_format_ammesso_per_cie(client):
    radice = _risposta_non_firmata(client, tipo="cie")
    del radice.find(ASSERTION).find(f"{{{SAML}}}Issuer").attrib["Format"]
    assert invia_all_acs(client, _firmata(radice)).status_code == 302
    assert client.session["spid"]["tipo"] == "cie"


def test_seconda_asserzione_non_firmata_rifiutata(client, caplog):
    """XML signature wrapping: the signed assertion plus a forged one next to it."""
    radice = _risposta_non_firmata(client)
    falsa = copy.deepcopy(radice.find(ASSERTION))
    falsa.set("ID", "_falsa")
    firmata = ET.fromstring(base64.b64decode(_firmata(radice)))
    firmata.append(falsa)
    alterata = base64.b64encode(ET.tostring(firmata)).decode()
    _rifiutata(invia_all_acs(client, alterata), caplog, "asserzioni_multiple_o_annidate")


def test_istante_di_emissione_nel_futuro_rifiutato(client, caplog):
    radice = _risposta_non_firmata(client)
    radice.find(ASSERTION).set("IssueInstant", "2099-01-01T00:00:00Z")
    _rifiutata(invia_all_acs(client, _firmata(radice)), caplog, "assertion_issue_instant_nel_futuro")


def test_nameid_non_transient_rifiutato(client, caplog):
    radice = _risposta_non_firmata(client)
    name_id = radice.find(f"{ASSERTION}/{{{SAML}}}Subject/{{{SAML}}}NameID")
    name_id.set("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
    _rifiutata(invia_all_acs(client, _firmata(radice)), caplog, "name_id_format_non_transient")


def test_condizioni_mancanti_rifiutate(client, caplog):
    radice = _risposta_non_firmata(client)
    asserzione = radice.find(ASSERTION)
    asserzione.remove(asserzione.find(f"{{{SAML}}}Conditions"))
    _rifiutata(invia_all_acs(client, _firmata(radice)), caplog, "conditions_mancante")


def test_attributo_senza_valore_rifiutato(client, caplog):
    radice = _risposta_non_firmata(client)
    attributo = radice.find(f"{ASSERTION}/{{{SAML}}}AttributeStatement/{{{SAML}}}Attribute")
    for valore in list(attributo):
        attributo.remove(valore)
    _rifiutata(invia_all_acs(client, _firmata(radice)), caplog, "attributo_senza_valore")


def test_livello_superiore_al_richiesto_accettato(client):
    radice = _risposta_non_firmata(client, livello=SPID_L3)
    assert invia_all_acs(client, _firmata(radice)).status_code == 302
    assert client.session["spid"]["livello"] == 3


def test_anomalia_consenso_negato_con_il_messaggio_agid(client, caplog):
    radice = _risposta_non_firmata(client)
    radice.remove(radice.find(ASSERTION))
    stato = radice.find(f"{{{SAMLP}}}Status")
    stato.find(f"{{{SAMLP}}}StatusCode").set("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder")
    ET.SubElement(stato, f"{{{SAMLP}}}StatusMessage").text = "ErrorCode nr22"
    risposta = invia_all_acs(client, base64.b64encode(ET.tostring(radice)).decode())
    testo = _rifiutata(risposta, caplog, "anomalia_22")
    assert "non hai dato il consenso" in testo


@pytest.mark.parametrize("codice", ["19", "20", "21", "23", "25"])
def test_ogni_anomalia_agid_ha_il_suo_messaggio(client, caplog, codice):
    from accounts.spid.regole import MESSAGGI_ANOMALIA

    radice = _risposta_non_firmata(client)
    radice.remove(radice.find(ASSERTION))
    stato = radice.find(f"{{{SAMLP}}}Status")
    stato.find(f"{{{SAMLP}}}StatusCode").set("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder")
    ET.SubElement(stato, f"{{{SAMLP}}}StatusMessage").text = f"ErrorCode nr{codice}"
    testo = _rifiutata(invia_all_acs(client, base64.b64encode(ET.tostring(radice)).decode()), caplog,
                       f"anomalia_{codice}")
    assert MESSAGGI_ANOMALIA[codice].replace("'", "&#x27;") in testo
