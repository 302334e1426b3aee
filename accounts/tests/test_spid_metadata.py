"""The SP metadata (SPID and CIE documents) and the development certificate's AgID rules."""

import subprocess
import xml.etree.ElementTree as ET

import pytest
from cryptography import x509
from django.conf import settings

from accounts.spid import metadata as md
from accounts.spid.chiavi import assicura_certificato_sp, certificato_sp_conforme

HOST = {"HTTP_HOST": "127.0.0.1:8000"}
NS = {"md": md.MD, "ds": md.DS, "spid": md.SPID_NS, "cie": md.CIE_NS}


def _scarica(client, url):
    risposta = client.get(url, **HOST)
    assert risposta.status_code == 200
    assert risposta["Content-Type"] == "application/samlmetadata+xml"
    return risposta.content


def _firma_valida(xml: bytes, tmp_path) -> bool:
    file = tmp_path / "metadata.xml"
    file.write_bytes(xml)
    esito = subprocess.run(
        [settings.SPID_XMLSEC_BINARY, "--verify", "--pubkey-cert-pem", settings.SPID_CERT_FILE,
         "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor", str(file)],
        capture_output=True)
    return esito.returncode == 0


def test_metadata_spid_firmati_e_con_le_estensioni_spid(client, tmp_path):
    xml = _scarica(client, "/accounts/spid/metadata/")
    assert _firma_valida(xml, tmp_path)
    radice = ET.fromstring(xml)
    assert radice.get("entityID") == settings.SPID_SP_ENTITY_ID
    firma = radice.find("ds:Signature", NS)
    assert firma is not None and list(radice)[0] is firma
    assert firma.find("ds:SignedInfo/ds:SignatureMethod", NS).get("Algorithm") == md.SIG_RSA_SHA256
    sp = radice.find("md:SPSSODescriptor", NS)
    assert sp.get("AuthnRequestsSigned") == "true" and sp.get("WantAssertionsSigned") == "true"
    acs = sp.findall("md:AssertionConsumerService", NS)
    assert [(a.get("index"), a.get("isDefault")) for a in acs] == [("0", "true")]
    assert {s.get("Binding") for s in sp.findall("md:SingleLogoutService", NS)} == {
        md.BINDING_POST, md.BINDING_REDIRECT}
    servizi = {s.get("index"): [a.get("Name") for a in s.findall("md:RequestedAttribute", NS)]
               for s in sp.findall("md:AttributeConsumingService", NS)}
    assert servizi["0"] == ["fiscalNumber", "name", "familyName", "email", "dateOfBirth"]
    assert "fiscalNumber" in servizi["99"]  # eIDAS minimum set (FICEP)
    contatti = radice.findall("md:ContactPerson", NS)
    assert [c.get("contactType") for c in contatti] == ["other"]
    assert contatti[0].find("md:Extensions/spid:IPACode", NS).text == settings.SPID_ORGANIZZAZIONE["ipa_code"]
    assert contatti[0].find("md:Extensions/spid:Public", NS) is not None
    assert radice.find("md:Organization/md:OrganizationName", NS).get(
        "{http://www.w3.org/XML/1998/namespace}lang") == "it"


def test_metadata_cie_con_le_estensioni_cie_e_i_soli_attributi_cie(client, tmp_path):
    xml = _scarica(client, "/accounts/cie/metadata/")
    assert _firma_valida(xml, tmp_path)
    radice = ET.fromstring(xml)
    servizi = radice.findall("md:SPSSODescriptor/md:AttributeConsumingService", NS)
    assert len(servizi) == 1
    assert [a.get("Name") for a in servizi[0].findall("md:RequestedAttribute", NS)] == [
        "fiscalNumber", "name", "familyName", "dateOfBirth"]
    contatti = {c.get("contactType"): c for c in radice.findall("md:ContactPerson", NS)}
    assert set(contatti) == {"administrative", "technical"}
    amministrativo = contatti["administrative"]
    assert amministrativo.find("md:Extensions/cie:IPACode", NS).text == settings.SPID_ORGANIZZAZIONE["ipa_code"]
    assert amministrativo.find("md:Extensions/cie:Municipality", NS).text == "H501"
    assert amministrativo.find("md:Extensions/cie:Public", NS) is not None
    assert radice.find(".//spid:IPACode", NS) is None


def test_metadata_alterati_non_passano_la_verifica_della_firma(client, tmp_path):
    xml = _scarica(client, "/accounts/spid/metadata/")
    alterati = xml.replace(b"assistenza@", b"truffa@")
    assert alterati != xml
    assert not _firma_valida(alterati, tmp_path)


def test_certificato_di_sviluppo_conforme_alle_regole_agid(tmp_path):
    key, cert = str(tmp_path / "sp.key"), str(tmp_path / "sp.crt")
    entity_id = "https://portale.example.it/accounts/spid/metadata/"
    assert assicura_certificato_sp(key, cert, organizzazione="Portale", entity_id=entity_id, codice_ipa="m_pi")
    certificato = x509.load_pem_x509_certificate((tmp_path / "sp.crt").read_bytes())
    valori = {a.oid.dotted_string: a.value for a in certificato.subject}
    assert valori["2.5.4.97"] == "PA:IT-m_pi"  # organizationIdentifier
    assert valori["2.5.4.83"] == entity_id  # uri
    assert certificato.public_key().key_size >= 2048
    assert certificato.signature_hash_algorithm.name == "sha256"
    uso = certificato.extensions.get_extension_for_class(x509.KeyUsage)
    assert uso.critical and uso.value.digital_signature and uso.value.content_commitment
    politiche = {p.policy_identifier.dotted_string
                 for p in certificato.extensions.get_extension_for_class(x509.CertificatePolicies).value}
    assert {"1.3.76.16.6", "1.3.76.16.4.2.1"} <= politiche
    assert certificato_sp_conforme(cert, entity_id=entity_id, codice_ipa="m_pi")
    # Already conformant: kept as it is.
    assert not assicura_certificato_sp(key, cert, organizzazione="Portale", entity_id=entity_id,
                                       codice_ipa="m_pi")


def test_certificato_non_conforme_viene_sostituito(tmp_path):
    from accounts.spid.chiavi import assicura_coppia_di_chiavi

    key, cert = str(tmp_path / "sp.key"), str(tmp_path / "sp.crt")
    assicura_coppia_di_chiavi(key, cert, nome="Vecchio", entity_id="https://x.example/")
    assert not certificato_sp_conforme(cert, entity_id="https://x.example/", codice_ipa="m_pi")
    assert assicura_certificato_sp(key, cert, organizzazione="Portale", entity_id="https://x.example/",
                                   codice_ipa="m_pi")
    assert certificato_sp_conforme(cert, entity_id="https://x.example/", codice_ipa="m_pi")


@pytest.mark.django_db
def test_richiesta_con_l_indirizzo_e_l_issuer_dei_metadata(client):
    from accounts.spid_test_idp import server as test_idp
    from accounts.tests.test_spid import avvia_login

    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    assert richiesta.issuer.text == settings.SPID_SP_ENTITY_ID
    assert richiesta.issuer.format == "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
    assert richiesta.issuer.name_qualifier == settings.SPID_SP_ENTITY_ID
    assert richiesta.assertion_consumer_service_url == f"{settings.PORTALE_BASE_URL}/accounts/spid/acs/"
