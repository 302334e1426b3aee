"""The pysaml2 configuration of the portal as a SPID/CIE service provider."""

from functools import cache
from pathlib import Path

from django.conf import settings
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_TRANSIENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from . import registro
from .chiavi import assicura_coppia_di_chiavi
from .costanti import ATTRIBUTI_RICHIESTI

ATTRIBUTE_MAP_DIR = str(Path(__file__).parent / "attribute_maps")


def url_assoluto(percorso: str) -> str:
    return f"{settings.PORTALE_BASE_URL}{percorso}"


def acs_url() -> str:
    return url_assoluto("/accounts/spid/acs/")


def sls_url() -> str:
    return url_assoluto("/accounts/spid/sls/")


def _dizionario(con_idp: bool) -> dict:
    if not settings.PRODUCTION:
        assicura_coppia_di_chiavi(settings.SPID_KEY_FILE, settings.SPID_CERT_FILE,
                                  nome=settings.SPID_ORGANIZZAZIONE["nome"],
                                  entity_id=settings.SPID_SP_ENTITY_ID)
    org = settings.SPID_ORGANIZZAZIONE
    configurazione = {
        "entityid": settings.SPID_SP_ENTITY_ID,
        "xmlsec_binary": settings.SPID_XMLSEC_BINARY,
        "key_file": settings.SPID_KEY_FILE,
        "cert_file": settings.SPID_CERT_FILE,
        "attribute_map_dir": ATTRIBUTE_MAP_DIR,
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,
        "organization": {
            "name": [(org["nome"], "it")],
            "display_name": [(org["nome"], "it")],
            "url": [(org["url"], "it")],
        },
        "service": {
            "sp": {
                "name": org["nome"],
                "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                "endpoints": {
                    "assertion_consumer_service": [(acs_url(), BINDING_HTTP_POST)],
                    "single_logout_service": [
                        (sls_url(), BINDING_HTTP_POST),
                        (sls_url(), BINDING_HTTP_REDIRECT),
                    ],
                },
                "required_attributes": ATTRIBUTI_RICHIESTI,
                "requested_attribute_name_format": NAME_FORMAT_BASIC,
                "authn_requests_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "only_use_keys_in_metadata": True,
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
                "name_id_format_allow_create": False,
            }
        },
    }
    if con_idp:
        configurazione["metadata"] = {
            "inline": list(dict.fromkeys(i.metadata_xml for i in registro.identity_providers()))
        }
    return configurazione


@cache
def configurazione_sp() -> SPConfig:
    configurazione = SPConfig()
    configurazione.load(_dizionario(con_idp=True))
    return configurazione


@cache
def metadata_xml() -> str:
    """The SP metadata, signed with the SP key."""
    configurazione = SPConfig()
    configurazione.load(_dizionario(con_idp=False))
    xml = create_metadata_string(
        None, config=configurazione, valid=24 * 365, sign=True, sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return xml.decode() if isinstance(xml, bytes) else xml
