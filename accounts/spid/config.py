"""The pysaml2 configuration of the portal as a SPID/CIE service provider."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import SPConfig
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_TRANSIENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from .chiavi import assicura_certificato_sp
from .costanti import ATTRIBUTI_RICHIESTI

ATTRIBUTE_MAP_DIR = str(Path(__file__).parent / "attribute_maps")


def url_assoluto(percorso: str) -> str:
    return f"{settings.PORTALE_BASE_URL}{percorso}"


def acs_url() -> str:
    return url_assoluto("/accounts/spid/acs/")


def sls_url() -> str:
    return url_assoluto("/accounts/spid/sls/")


def assicura_chiavi_sp() -> None:
    """Outside production, a conformant development key pair is made when missing."""
    if settings.PRODUCTION:
        return
    org = settings.SPID_ORGANIZZAZIONE
    assicura_certificato_sp(settings.SPID_KEY_FILE, settings.SPID_CERT_FILE,
                            organizzazione=org["nome"], entity_id=settings.SPID_SP_ENTITY_ID,
                            codice_ipa=org["ipa_code"], localita=org.get("localita", "Roma"))


def _dizionario(con_idp: bool, metadata_idp: tuple[str, ...] = ()) -> dict:
    assicura_chiavi_sp()
    org = settings.SPID_ORGANIZZAZIONE
    configurazione = {
        "entityid": settings.SPID_SP_ENTITY_ID,
        "xmlsec_binary": settings.SPID_XMLSEC_BINARY,
        "key_file": settings.SPID_KEY_FILE,
        "cert_file": settings.SPID_CERT_FILE,
        "attribute_map_dir": ATTRIBUTE_MAP_DIR,
        "allow_unknown_attributes": True,
        "accepted_time_diff": settings.SPID_TOLLERANZA_OROLOGIO,
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
                "logout_requests_signed": True,
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
        configurazione["metadata"] = {"inline": list(metadata_idp)}
    return configurazione


@lru_cache(maxsize=64)
def configurazione_sp(*metadata_idp: str) -> SPConfig:
    """The SP configuration trusting exactly the identity providers whose metadata is given
    (one, for each exchange: the one the request was sent to)."""
    configurazione = SPConfig()
    configurazione.load(_dizionario(con_idp=True, metadata_idp=metadata_idp))
    return configurazione
