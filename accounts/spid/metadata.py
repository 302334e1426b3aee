"""The service provider's signed metadata: one document for SPID, one for CIE.

SPID (Regole tecniche, Avviso SPID n. 29 v3) and CIE (Manuale tecnico CIE, federazione) ask
for different ContactPerson extensions and attribute sets, and the CIE schema allows only its
own `cie:` extensions, so each federation gets its own document; the entityID, keys and
endpoints are the same. pysaml2 cannot emit these extensions, so the XML is built here and
signed with xmlsec1 (RSA-SHA256, enveloped, exclusive c14n).
"""

import base64
import secrets
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from saml2.sigver import CryptoBackendXmlSec1

from .config import acs_url, assicura_chiavi_sp, sls_url
from .costanti import (
    ATTRIBUTE_CONSUMING_SERVICE_INDEX,
    ATTRIBUTI_CIE,
    ATTRIBUTI_EIDAS,
    ATTRIBUTI_RICHIESTI,
    INDICE_EIDAS,
    NOME_SERVIZIO_EIDAS,
)

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
SPID_NS = "https://spid.gov.it/saml-extensions"
CIE_NS = "https://www.cartaidentita.interno.gov.it/saml-extensions"
XML_NS = "http://www.w3.org/XML/1998/namespace"
BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
NAMEID_TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
ATTRNAME_BASIC = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
SIG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
C14N_EXC = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

for _prefisso, _ns in {"md": MD, "ds": DS, "spid": SPID_NS, "cie": CIE_NS}.items():
    ET.register_namespace(_prefisso, _ns)


def _el(genitore, ns: str, nome: str, testo: str | None = None, **attributi) -> ET.Element:
    elemento = ET.SubElement(genitore, f"{{{ns}}}{nome}", {k: v for k, v in attributi.items()})
    if testo is not None:
        elemento.text = testo
    return elemento


def certificato_base64(cert_file: str) -> str:
    certificato = x509.load_pem_x509_certificate(Path(cert_file).read_bytes())
    return base64.b64encode(certificato.public_bytes(serialization.Encoding.DER)).decode()


def _firma_modello(genitore, riferimento: str, certificato: str) -> None:
    firma = _el(genitore, DS, "Signature")
    info = _el(firma, DS, "SignedInfo")
    _el(info, DS, "CanonicalizationMethod", Algorithm=C14N_EXC)
    _el(info, DS, "SignatureMethod", Algorithm=SIG_RSA_SHA256)
    reference = _el(info, DS, "Reference", URI=f"#{riferimento}")
    trasformazioni = _el(reference, DS, "Transforms")
    _el(trasformazioni, DS, "Transform", Algorithm=ENVELOPED)
    _el(trasformazioni, DS, "Transform", Algorithm=C14N_EXC)
    _el(reference, DS, "DigestMethod", Algorithm=DIGEST_SHA256)
    _el(reference, DS, "DigestValue", "")
    _el(firma, DS, "SignatureValue", "")
    dati = _el(_el(firma, DS, "KeyInfo"), DS, "X509Data")
    _el(dati, DS, "X509Certificate", certificato)


def documento(tipo: str, *, entity_id: str, acs_url: str, sls_url: str, certificato: str,
              organizzazione: dict) -> tuple[str, str]:
    """The unsigned metadata (with the signature template) and its ID."""
    if tipo not in {"spid", "cie"}:
        raise ValueError(tipo)
    identificativo = f"_{secrets.token_hex(16)}"
    radice = ET.Element(f"{{{MD}}}EntityDescriptor", {"entityID": entity_id, "ID": identificativo})
    _firma_modello(radice, identificativo, certificato)

    sp = _el(radice, MD, "SPSSODescriptor",
             protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol",
             AuthnRequestsSigned="true", WantAssertionsSigned="true")
    chiave = _el(sp, MD, "KeyDescriptor", use="signing")
    _el(_el(_el(chiave, DS, "KeyInfo"), DS, "X509Data"), DS, "X509Certificate", certificato)
    _el(sp, MD, "SingleLogoutService", Binding=BINDING_POST, Location=sls_url)
    _el(sp, MD, "SingleLogoutService", Binding=BINDING_REDIRECT, Location=sls_url)
    _el(sp, MD, "NameIDFormat", NAMEID_TRANSIENT)
    _el(sp, MD, "AssertionConsumerService", Binding=BINDING_POST, Location=acs_url,
        index="0", isDefault="true")
    servizio = _el(sp, MD, "AttributeConsumingService", index=ATTRIBUTE_CONSUMING_SERVICE_INDEX)
    nome_servizio = _el(servizio, MD, "ServiceName", organizzazione["nome"])
    nome_servizio.set(f"{{{XML_NS}}}lang", "it")
    for attributo in (ATTRIBUTI_CIE if tipo == "cie" else ATTRIBUTI_RICHIESTI):
        _el(servizio, MD, "RequestedAttribute", Name=attributo, NameFormat=ATTRNAME_BASIC)
    if tipo == "spid":
        # The same metadata serves eIDAS logins through the Italian node (FICEP).
        eidas = _el(sp, MD, "AttributeConsumingService", index=INDICE_EIDAS)
        _el(eidas, MD, "ServiceName", NOME_SERVIZIO_EIDAS).set(f"{{{XML_NS}}}lang", "it")
        for attributo in ATTRIBUTI_EIDAS:
            _el(eidas, MD, "RequestedAttribute", Name=attributo, NameFormat=ATTRNAME_BASIC)

    org = _el(radice, MD, "Organization")
    for nome, valore in (("OrganizationName", organizzazione["nome"]),
                         ("OrganizationDisplayName", organizzazione["nome"]),
                         ("OrganizationURL", organizzazione["url"])):
        _el(org, MD, nome, valore).set(f"{{{XML_NS}}}lang", "it")

    if tipo == "spid":
        contatto = _el(radice, MD, "ContactPerson", contactType="other")
        estensioni = _el(contatto, MD, "Extensions")
        _el(estensioni, SPID_NS, "IPACode", organizzazione["ipa_code"])
        _el(estensioni, SPID_NS, "Public", "")
        _el(contatto, MD, "EmailAddress", organizzazione["email"])
        _el(contatto, MD, "TelephoneNumber", organizzazione["telefono"])
    else:
        for tipo_contatto in ("administrative", "technical"):
            contatto = _el(radice, MD, "ContactPerson", contactType=tipo_contatto)
            estensioni = _el(contatto, MD, "Extensions")
            _el(estensioni, CIE_NS, "Public", "")
            if tipo_contatto == "administrative":
                _el(estensioni, CIE_NS, "IPACode", organizzazione["ipa_code"])
            _el(estensioni, CIE_NS, "Municipality", organizzazione["comune"])
            _el(estensioni, CIE_NS, "Country", "IT")
            _el(contatto, MD, "Company", organizzazione["nome"])
            _el(contatto, MD, "EmailAddress", organizzazione["email"])
            _el(contatto, MD, "TelephoneNumber", organizzazione["telefono"])
    return ET.tostring(radice, encoding="unicode"), identificativo


def firma(xml: str, identificativo: str, *, key_file: str, xmlsec: str) -> str:
    backend = CryptoBackendXmlSec1(xmlsec)
    firmato = backend.sign_statement(xml, f"{MD}:EntityDescriptor", key_file, identificativo)
    return firmato.removeprefix('<?xml version="1.0"?>').lstrip()


@cache
def _firmato(tipo: str, entity_id: str, acs_url: str, sls_url: str, cert_file: str, key_file: str,
             mtime: float, organizzazione: tuple) -> str:
    xml, identificativo = documento(
        tipo, entity_id=entity_id, acs_url=acs_url, sls_url=sls_url,
        certificato=certificato_base64(cert_file), organizzazione=dict(organizzazione),
    )
    return firma(xml, identificativo, key_file=key_file, xmlsec=settings.SPID_XMLSEC_BINARY)


def metadata_sp(tipo: str = "spid") -> str:
    """The signed metadata of the portal for `tipo` ("spid" or "cie"), cached until the
    certificate changes."""
    assicura_chiavi_sp()
    cert_file = settings.SPID_CERT_FILE
    return _firmato(tipo, settings.SPID_SP_ENTITY_ID, acs_url(), sls_url(), cert_file,
                    settings.SPID_KEY_FILE, Path(cert_file).stat().st_mtime,
                    tuple(sorted(settings.SPID_ORGANIZZAZIONE.items())))
