"""The pysaml2 identity provider that runs inside the portal in development and tests."""

import base64
import secrets
from functools import cache

from django.conf import settings
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from accounts.spid.chiavi import assicura_coppia_di_chiavi
from accounts.spid.config import ATTRIBUTE_MAP_DIR
from accounts.spid.costanti import SPID_L2
from accounts.spid.metadata import metadata_sp

from .identita import IdentitaDemo

ENTITY_ID = f"{settings.PORTALE_BASE_URL}/spid-test-idp/metadata/"
SSO_URL = f"{settings.PORTALE_BASE_URL}/spid-test-idp/sso/"
# The same provider's CIE door: the portal's CIE requests come here, so the page says «CIE
# Test» and asks no SPID level (the AuthnRequest alone does not tell SPID from CIE).
SSO_URL_CIE = f"{settings.PORTALE_BASE_URL}/spid-test-idp/cie/sso/"
NOMI = {"spid": "SPID Test", "cie": "CIE Test"}
SLO_URL = f"{settings.PORTALE_BASE_URL}/spid-test-idp/slo/"


def _dizionario(key_file: str, cert_file: str, con_sp: bool, sp_extra=(),
                sso=(SSO_URL, SSO_URL_CIE), nome="SPID Test") -> dict:
    configurazione = {
        "entityid": ENTITY_ID,
        "xmlsec_binary": settings.SPID_XMLSEC_BINARY,
        "key_file": key_file,
        "cert_file": cert_file,
        "attribute_map_dir": ATTRIBUTE_MAP_DIR,
        "allow_unknown_attributes": True,
        "service": {
            "idp": {
                "name": nome,
                "endpoints": {
                    "single_sign_on_service": [
                        (url, binding) for url in sso
                        for binding in (BINDING_HTTP_POST, BINDING_HTTP_REDIRECT)],
                    "single_logout_service": [(SLO_URL, BINDING_HTTP_POST)],
                },
                "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                "want_authn_requests_signed": True,
                "sign_response": True,
                "sign_assertion": True,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
                "policy": {
                    "default": {
                        "lifetime": {"minutes": 5},
                        "attribute_restrictions": None,
                        "name_form": NAME_FORMAT_BASIC,
                    }
                },
            }
        },
    }
    if con_sp:
        configurazione["metadata"] = {"inline": [metadata_sp(), *sp_extra]}
    return configurazione


def _chiavi() -> tuple[str, str]:
    key, cert = settings.SPID_TEST_IDP_KEY_FILE, settings.SPID_TEST_IDP_CERT_FILE
    assicura_coppia_di_chiavi(key, cert, nome="SPID Test IdP", entity_id=ENTITY_ID)
    return key, cert


@cache
def metadata_xml(tipo: str = "spid") -> str:
    """The provider as the portal knows it, through its SPID or its CIE door."""
    configurazione = IdPConfig()
    configurazione.load(_dizionario(*_chiavi(), con_sp=False, nome=NOMI[tipo],
                                    sso=(SSO_URL_CIE if tipo == "cie" else SSO_URL,)))
    xml = create_metadata_string(None, config=configurazione, valid=24 * 365, sign=False)
    return xml.decode() if isinstance(xml, bytes) else xml


def server(key_file: str | None = None, cert_file: str | None = None, sp_extra=()) -> Server:
    """The identity provider. Another key pair makes it a forger the SP must refuse;
    `sp_extra` (metadata XML) lets it answer other service providers too."""
    key, cert = _chiavi()
    configurazione = IdPConfig()
    configurazione.load(_dizionario(key_file or key, cert_file or cert, con_sp=True, sp_extra=sp_extra))
    return Server(config=configurazione)


def leggi_richiesta(saml_request: str):
    """Parse and verify the signature of an AuthnRequest received by HTTP-POST."""
    return server().parse_authn_request(saml_request, BINDING_HTTP_POST).message


def leggi_richiesta_logout(saml_request: str):
    """Parse and verify the signature of a LogoutRequest received by HTTP-POST."""
    richiesta = server().parse_logout_request(saml_request, BINDING_HTTP_POST)
    if richiesta is None or richiesta.message.signature is None:
        raise ValueError("LogoutRequest non firmata")
    return richiesta.message


def crea_risposta_logout(richiesta, *, idp: Server | None = None, firma: bool = True,
                         in_response_to: str | None = None) -> tuple[str, str]:
    """A signed LogoutResponse to `richiesta`: (SP's SLO address, base64 for HTTP-POST)."""
    idp = idp or server()
    destinazione = next(iter(idp.metadata.single_logout_service(
        richiesta.issuer.text, BINDING_HTTP_POST, "spsso")))["location"]
    risposta = idp.create_logout_response(richiesta, [BINDING_HTTP_POST], sign=firma,
                                          sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
    xml = str(risposta)
    if in_response_to is not None:
        xml = xml.replace(f'InResponseTo="{richiesta.id}"', f'InResponseTo="{in_response_to}"')
    return destinazione, base64.b64encode(xml.encode()).decode()


def crea_risposta(richiesta, identita: IdentitaDemo, *, livello: str = SPID_L2,
                  firma_risposta: bool = True, firma_asserzione: bool = True,
                  audience: str | None = None, idp: Server | None = None) -> str:
    """A signed SAML Response for `richiesta`, base64-encoded for the HTTP-POST binding."""
    idp = idp or server()
    attributi = {
        "fiscalNumber": [f"TINIT-{identita.codice_fiscale}"],
        "name": [identita.nome],
        "familyName": [identita.cognome],
        "email": [identita.email],
        "dateOfBirth": [identita.data_nascita],
    }
    risposta = idp.create_authn_response(
        attributi,
        in_response_to=richiesta.id,
        destination=richiesta.assertion_consumer_service_url,
        sp_entity_id=audience or richiesta.issuer.text,
        name_id=NameID(format=NAMEID_FORMAT_TRANSIENT, name_qualifier=ENTITY_ID,
                       text=secrets.token_hex(16)),
        authn={"class_ref": livello, "authn_auth": ENTITY_ID},
        sign_response=firma_risposta,
        sign_assertion=firma_asserzione,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return base64.b64encode(str(risposta).encode()).decode()


def crea_richiesta_logout_idp(*, name_id: str, session_index: str = "", idp: Server | None = None,
                              sp_entity_id: str | None = None) -> str:
    """A signed LogoutRequest from the identity provider to the portal (the person logged out
    elsewhere), base64-encoded for HTTP-POST."""
    from saml2.saml import NAMEID_FORMAT_ENTITY, Issuer
    from saml2.samlp import LogoutRequest, SessionIndex

    idp = idp or server()
    sp_entity_id = sp_entity_id or settings.SPID_SP_ENTITY_ID
    destinazione = next(iter(idp.metadata.single_logout_service(
        sp_entity_id, BINDING_HTTP_POST, "spsso")))["location"]
    _, richiesta = idp._message(
        LogoutRequest, destinazione, sign=True, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
        issuer=Issuer(text=ENTITY_ID, format=NAMEID_FORMAT_ENTITY, name_qualifier=ENTITY_ID),
        name_id=NameID(text=name_id, format=NAMEID_FORMAT_TRANSIENT, name_qualifier=ENTITY_ID),
        session_index=[SessionIndex(text=session_index)] if session_index else None,
    )
    return base64.b64encode(str(richiesta).encode()).decode()


def leggi_risposta_logout(saml_response: str):
    """Parse and verify the portal's LogoutResponse (HTTP-POST)."""
    risposta = server().parse_logout_request_response(saml_response, BINDING_HTTP_POST)
    if risposta is None or risposta.response.signature is None:
        raise ValueError("LogoutResponse non firmata")
    return risposta.response
