"""Building SPID AuthnRequests and validating the identity provider's responses.

pysaml2 does the XML signatures (xmlsec1); the SPID rules it does not know are checked here.
Every refusal raises RispostaNonValida with the rule that failed (for the log) and an
Italian message for the person.
"""

import base64
import logging
from dataclasses import dataclass
from datetime import date

from saml2 import BINDING_HTTP_POST
from saml2.client import Saml2Client
from saml2.saml import (
    NAMEID_FORMAT_ENTITY,
    NAMEID_FORMAT_TRANSIENT,
    AuthnContextClassRef,
    Issuer,
)
from saml2.samlp import RequestedAuthnContext
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from .config import acs_url, configurazione_sp
from .costanti import ATTRIBUTE_CONSUMING_SERVICE_INDEX, LIVELLI, PREFISSO_CODICE_FISCALE, SPID_L2

logger = logging.getLogger(__name__)

MESSAGGIO_GENERICO = (
    "Non è stato possibile completare l'accesso: la risposta del gestore dell'identità "
    "non ha superato i controlli di sicurezza. Riprova l'accesso dall'inizio."
)


class RispostaNonValida(Exception):
    def __init__(self, regola: str, messaggio: str = MESSAGGIO_GENERICO):
        super().__init__(regola)
        self.regola = regola
        self.messaggio = messaggio


@dataclass(frozen=True)
class RichiestaAutenticazione:
    id: str
    destinazione: str
    saml_request: str  # base64, for the HTTP-POST binding


@dataclass(frozen=True)
class Identita:
    codice_fiscale: str
    nome: str
    cognome: str
    email: str
    data_nascita: date | None
    livello: int
    idp: str
    id_asserzione: str
    scadenza_asserzione: str
    name_id: str
    session_index: str


def _client() -> Saml2Client:
    return Saml2Client(config=configurazione_sp())


def crea_richiesta(idp_entity_id: str, livello_richiesto: str = SPID_L2) -> RichiestaAutenticazione:
    client = _client()
    sso = client.metadata.single_sign_on_service(idp_entity_id, BINDING_HTTP_POST)
    destinazione = next(iter(sso))["location"]
    sp_entity_id = client.config.entityid
    request_id, xml = client.create_authn_request(
        destination=destinazione,
        binding=BINDING_HTTP_POST,
        nameid_format=NAMEID_FORMAT_TRANSIENT,
        requested_authn_context=RequestedAuthnContext(
            authn_context_class_ref=[AuthnContextClassRef(text=livello_richiesto)],
            comparison="minimum",
        ),
        force_authn="true",
        attribute_consuming_service_index=ATTRIBUTE_CONSUMING_SERVICE_INDEX,
        assertion_consumer_service_url=acs_url(),
        issuer=Issuer(text=sp_entity_id, format=NAMEID_FORMAT_ENTITY, name_qualifier=sp_entity_id),
        sign=True,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    codificata = base64.b64encode(str(xml).encode()).decode()
    return RichiestaAutenticazione(id=request_id, destinazione=destinazione, saml_request=codificata)


def valida_risposta(saml_response: str, *, request_id: str, idp_atteso: str,
                    livello_richiesto: str = SPID_L2) -> Identita:
    """Check every rule on the response to `request_id`; return the asserted identity."""
    if not saml_response:
        raise RispostaNonValida("risposta_assente")
    client = _client()
    try:
        risposta = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={request_id: "/"}
        )
    except Exception as errore:  # noqa: BLE001 - pysaml2 raises many kinds; each is a refusal
        raise RispostaNonValida(f"pysaml2:{type(errore).__name__}:{errore}"[:300]) from errore
    if risposta is None:
        raise RispostaNonValida("risposta_non_interpretabile")
    if risposta.in_response_to != request_id:
        raise RispostaNonValida("in_response_to")
    if risposta.issuer() != idp_atteso:
        raise RispostaNonValida("issuer_diverso")
    asserzione = risposta.assertion
    if asserzione is None or asserzione.signature is None and not risposta.response.signature:
        raise RispostaNonValida("asserzione_non_firmata")
    contesti = [info[0] for info in risposta.authn_info()]
    livello = max((LIVELLI.get(c, 0) for c in contesti), default=0)
    if livello < LIVELLI[livello_richiesto]:
        raise RispostaNonValida(
            "livello_insufficiente",
            "Il livello di autenticazione ottenuto è inferiore a quello richiesto. "
            "Riprova l'accesso scegliendo un livello di sicurezza adeguato.",
        )
    attributi = risposta.ava or {}
    fiscale = (attributi.get("fiscalNumber") or [""])[0].strip().upper()
    if not fiscale.startswith(PREFISSO_CODICE_FISCALE):
        raise RispostaNonValida("codice_fiscale_assente")
    name_id = risposta.name_id
    return Identita(
        codice_fiscale=fiscale.removeprefix(PREFISSO_CODICE_FISCALE),
        nome=(attributi.get("name") or [""])[0],
        cognome=(attributi.get("familyName") or [""])[0],
        email=(attributi.get("email") or [""])[0],
        data_nascita=_data((attributi.get("dateOfBirth") or [""])[0]),
        livello=livello,
        idp=idp_atteso,
        id_asserzione=asserzione.id,
        scadenza_asserzione=asserzione.subject.subject_confirmation[0].subject_confirmation_data.not_on_or_after
        if asserzione.subject and asserzione.subject.subject_confirmation else "",
        name_id=name_id.text if name_id is not None else "",
        session_index=(risposta.session_index() or "") if hasattr(risposta, "session_index") else "",
    )


def _data(valore: str) -> date | None:
    try:
        return date.fromisoformat(valore)
    except ValueError:
        return None
