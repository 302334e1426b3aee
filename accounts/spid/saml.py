"""SPID/CIE messages: AuthnRequest and LogoutRequest out, Response and LogoutResponse in.

pysaml2 does the XML signatures (xmlsec1); regole.py checks the SPID rules it does not know.
Every refusal raises RispostaNonValida with the rule that failed (for the log) and an
Italian message for the person.
"""

import base64
import binascii
import logging
import zlib
from dataclasses import dataclass
from datetime import date
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.conf import settings
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.saml import (
    NAMEID_FORMAT_ENTITY,
    NAMEID_FORMAT_TRANSIENT,
    AuthnContextClassRef,
    Issuer,
    NameID,
)
from saml2.samlp import LogoutRequest, RequestedAuthnContext, SessionIndex
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from .config import acs_url, configurazione_sp, sls_url
from .costanti import (
    ATTRIBUTE_CONSUMING_SERVICE_INDEX,
    INDICE_EIDAS,
    LIVELLI_PER_NUMERO,
    PREFISSO_CODICE_FISCALE,
)
from .registro import BINDING_POST, IdentityProvider
from .regole import (
    SAML,
    SAMLP,
    Attese,
    RispostaNonValida,
    controlla_risposta,
    controlla_stato,
    istante,
)

logger = logging.getLogger(__name__)

__all__ = ["RispostaNonValida", "crea_richiesta", "valida_risposta", "crea_richiesta_logout",
           "valida_risposta_logout"]


@dataclass(frozen=True)
class Messaggio:
    """A SAML message ready to leave: by auto-submitted form (POST) or by redirect."""

    id: str
    issue_instant: str
    binding: str
    destinazione: str
    campi: dict  # POST: the form fields
    url_redirect: str = ""  # Redirect: the whole signed URL


# Backwards-compatible name for the AuthnRequest.
RichiestaAutenticazione = Messaggio


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
    name_qualifier: str
    session_index: str


def _client(idp: IdentityProvider) -> Saml2Client:
    return Saml2Client(config=configurazione_sp(idp.metadata_xml))


def _issuer(entity_id: str) -> Issuer:
    return Issuer(text=entity_id, format=NAMEID_FORMAT_ENTITY, name_qualifier=entity_id)


def _in_uscita(client: Saml2Client, xml: str, id_messaggio: str, issue_instant: str,
               binding: str, destinazione: str, relay_state: str, *, risposta: bool = False) -> Messaggio:
    chiave = "SAMLResponse" if risposta else "SAMLRequest"
    if binding == BINDING_HTTP_POST:
        return Messaggio(id_messaggio, issue_instant, binding, destinazione,
                         {chiave: base64.b64encode(xml.encode()).decode(), "RelayState": relay_state})
    info = client.apply_binding(BINDING_HTTP_REDIRECT, xml, destinazione, relay_state,
                                response=risposta, sign=True, sigalg=SIG_RSA_SHA256)
    url = dict(info["headers"])["Location"]
    return Messaggio(id_messaggio, issue_instant, binding, destinazione, {}, url_redirect=url)


def crea_richiesta(idp: IdentityProvider, livello: int = 2, relay_state: str = "") -> Messaggio:
    """A signed AuthnRequest for `idp` asking for SpidL<livello> or more."""
    client = _client(idp)
    binding, destinazione = idp.endpoint("sso")
    entity_id = client.config.entityid
    per_post = binding == BINDING_HTTP_POST
    request_id, richiesta = client.create_authn_request(
        destination=destinazione,
        binding=BINDING_HTTP_POST,  # the binding the response comes back with (to our ACS)
        nameid_format=NAMEID_FORMAT_TRANSIENT,
        requested_authn_context=RequestedAuthnContext(
            authn_context_class_ref=[AuthnContextClassRef(text=LIVELLI_PER_NUMERO[livello])],
            comparison="minimum",
        ),
        # SPID: ForceAuthn for SpidL2 and SpidL3 (and harmless at L1: a fresh authentication).
        force_authn="true",
        attribute_consuming_service_index=INDICE_EIDAS if idp.tipo == "eidas"
        else ATTRIBUTE_CONSUMING_SERVICE_INDEX,
        assertion_consumer_service_url=acs_url(),
        issuer=_issuer(entity_id),
        sign=per_post,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    xml = str(richiesta)
    return _in_uscita(client, xml, request_id, _issue_instant(xml), binding, destinazione,
                      relay_state or request_id)


def _issue_instant(xml: str) -> str:
    return SafeET.fromstring(xml).get("IssueInstant", "")


def decodifica(valore: str, *, deflate: bool = False) -> bytes:
    try:
        dati = base64.b64decode(valore, validate=False)
        return zlib.decompress(dati, -15) if deflate else dati
    except (binascii.Error, ValueError, zlib.error) as errore:
        raise RispostaNonValida("base64_non_valido") from errore


def leggi_xml(dati: bytes):
    try:
        return SafeET.fromstring(dati, forbid_dtd=True)
    except (ParseError, ValueError, DefusedXmlException) as errore:
        raise RispostaNonValida("xml_non_valido") from errore


def in_response_to(saml_response: str) -> str:
    """The request a response claims to answer (to find our pending request)."""
    if not saml_response:
        raise RispostaNonValida("risposta_assente")
    radice = leggi_xml(decodifica(saml_response))
    if radice.tag not in (f"{{{SAMLP}}}Response", f"{{{SAMLP}}}LogoutResponse"):
        raise RispostaNonValida("non_e_una_response")
    valore = radice.get("InResponseTo", "")
    if not valore:
        raise RispostaNonValida("in_response_to_assente")
    return valore


def valida_risposta(saml_response: str, *, request_id: str, request_issue_instant: str,
                    idp: IdentityProvider, livello_richiesto: int = 2, tipo: str = "spid") -> Identita:
    """Check every rule on the response to `request_id`; return the asserted identity."""
    if not saml_response:
        raise RispostaNonValida("risposta_assente")
    radice = leggi_xml(decodifica(saml_response))
    attese = Attese(
        request_id=request_id, request_issue_instant=request_issue_instant, acs_url=acs_url(),
        sp_entity_id=settings.SPID_SP_ENTITY_ID, idp_entity_id=idp.entity_id,
        livello_richiesto=livello_richiesto, tipo=tipo, tolleranza=settings.SPID_TOLLERANZA_OROLOGIO,
    )
    letti = controlla_risposta(radice, attese)

    client = _client(idp)
    try:
        risposta = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={request_id: "/"}
        )
    except Exception as errore:  # noqa: BLE001 - pysaml2 raises many kinds; each is a refusal
        raise RispostaNonValida(f"firma_o_saml:{type(errore).__name__}:{errore}"[:300]) from errore
    if risposta is None or risposta.assertion is None:
        raise RispostaNonValida("risposta_non_interpretabile")
    asserzione = risposta.assertion
    if risposta.in_response_to != request_id:
        raise RispostaNonValida("in_response_to")
    if risposta.issuer() != idp.entity_id:
        raise RispostaNonValida("issuer_diverso")
    if asserzione.signature is None:
        raise RispostaNonValida("asserzione_non_firmata")
    if asserzione.id != radice.find(f"{{{SAML}}}Assertion").get("ID"):
        raise RispostaNonValida("asserzione_verificata_diversa")

    attributi = risposta.ava or {}
    fiscale = (attributi.get("fiscalNumber") or [""])[0].strip().upper()
    if not fiscale.startswith(PREFISSO_CODICE_FISCALE):
        raise RispostaNonValida("codice_fiscale_assente")
    codice_fiscale = fiscale.removeprefix(PREFISSO_CODICE_FISCALE)
    from accounts.validators import valida_codice_fiscale_persona

    try:
        valida_codice_fiscale_persona(codice_fiscale)
    except Exception as errore:  # noqa: BLE001 - django ValidationError
        raise RispostaNonValida("codice_fiscale_non_valido") from errore
    conferma = asserzione.subject.subject_confirmation[0].subject_confirmation_data
    return Identita(
        codice_fiscale=codice_fiscale,
        nome=(attributi.get("name") or [""])[0],
        cognome=(attributi.get("familyName") or [""])[0],
        email=(attributi.get("email") or [""])[0],
        data_nascita=_data((attributi.get("dateOfBirth") or [""])[0]),
        livello=letti["livello"],
        idp=idp.entity_id,
        id_asserzione=asserzione.id,
        scadenza_asserzione=conferma.not_on_or_after or "",
        name_id=letti["name_id"],
        name_qualifier=letti["name_qualifier"],
        session_index=letti["session_index"],
    )


def _data(valore: str) -> date | None:
    try:
        return date.fromisoformat(valore.strip())
    except ValueError:
        return None


# --- Single logout --------------------------------------------------------------------------

def crea_richiesta_logout(idp: IdentityProvider, *, name_id: str, name_qualifier: str,
                          session_index: str, relay_state: str = "") -> Messaggio:
    """A signed LogoutRequest for the session opened at `idp`."""
    client = _client(idp)
    binding, destinazione = idp.endpoint("slo", preferito=BINDING_POST)
    per_post = binding == BINDING_HTTP_POST
    request_id, richiesta = client._message(
        LogoutRequest, destinazione,
        sign=per_post, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
        issuer=_issuer(client.config.entityid),
        name_id=NameID(text=name_id, format=NAMEID_FORMAT_TRANSIENT,
                       name_qualifier=name_qualifier or idp.entity_id),
        session_index=[SessionIndex(text=session_index)] if session_index else None,
    )
    xml = str(richiesta)
    return _in_uscita(client, xml, request_id, _issue_instant(xml), binding, destinazione,
                      relay_state or request_id)


def valida_risposta_logout(saml_response: str, *, binding: str, request_id: str,
                           idp: IdentityProvider, query: dict | None = None) -> None:
    """Check the IdP's LogoutResponse to our LogoutRequest `request_id`."""
    if not saml_response:
        raise RispostaNonValida("risposta_logout_assente")
    deflate = binding == BINDING_HTTP_REDIRECT
    radice = leggi_xml(decodifica(saml_response, deflate=deflate))
    if radice.tag != f"{{{SAMLP}}}LogoutResponse":
        raise RispostaNonValida("non_e_una_logout_response")
    if radice.get("InResponseTo") != request_id:
        raise RispostaNonValida("logout_in_response_to")
    if radice.get("Version") != "2.0":
        raise RispostaNonValida("logout_version")
    istante(radice.get("IssueInstant"), "logout_issue_instant")
    destinazione = radice.get("Destination")
    if destinazione is not None and destinazione != sls_url():
        raise RispostaNonValida("logout_destination")
    issuer = radice.find(f"{{{SAML}}}Issuer")
    if issuer is None or (issuer.text or "").strip() != idp.entity_id:
        raise RispostaNonValida("logout_issuer")
    controlla_stato(radice)
    client = _client(idp)
    try:
        if deflate:
            firmati = query or {}
            if not firmati.get("Signature"):
                raise RispostaNonValida("logout_non_firmata")
            risposta = client.parse_logout_request_response(
                saml_response, BINDING_HTTP_REDIRECT,
            )
            _verifica_firma_redirect(client, idp, firmati)
        else:
            if radice.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None:
                raise RispostaNonValida("logout_non_firmata")
            risposta = client.parse_logout_request_response(saml_response, BINDING_HTTP_POST)
    except RispostaNonValida:
        raise
    except Exception as errore:  # noqa: BLE001 - pysaml2 raises many kinds; each is a refusal
        raise RispostaNonValida(f"logout_firma_o_saml:{type(errore).__name__}:{errore}"[:300]) from errore
    if risposta is None:
        raise RispostaNonValida("logout_non_interpretabile")


def _verifica_firma_redirect(client: Saml2Client, idp: IdentityProvider, query: dict,
                             chiave: str = "SAMLResponse") -> None:
    from saml2.sigver import verify_redirect_signature

    if not query.get("Signature") or not query.get("SigAlg") or chiave not in query:
        raise RispostaNonValida("firma_redirect_assente")
    for certificato in idp.certificati:
        try:
            if verify_redirect_signature(query, client.sec.sec_backend, cert=certificato):
                return
        except Exception:  # noqa: BLE001, S112 - a malformed signature is just not valid
            continue
    raise RispostaNonValida("logout_firma_redirect_non_valida")


# --- Single logout started by the identity provider -------------------------------------------

@dataclass(frozen=True)
class RichiestaLogoutIdp:
    idp: IdentityProvider
    messaggio: object  # pysaml2 LogoutRequest
    name_id: str


def leggi_richiesta_logout_idp(saml_request: str, *, binding: str, query: dict | None = None) -> RichiestaLogoutIdp:
    """Check a LogoutRequest sent by an identity provider: known issuer, our address, signed."""
    if not saml_request:
        raise RispostaNonValida("logout_request_assente")
    deflate = binding == BINDING_HTTP_REDIRECT
    radice = leggi_xml(decodifica(saml_request, deflate=deflate))
    if radice.tag != f"{{{SAMLP}}}LogoutRequest":
        raise RispostaNonValida("non_e_una_logout_request")
    issuer = radice.find(f"{{{SAML}}}Issuer")
    from . import registro

    idp = registro.trova((issuer.text or "").strip()) if issuer is not None else None
    if idp is None:
        raise RispostaNonValida("logout_request_emittente_sconosciuto")
    destinazione = radice.get("Destination")
    if destinazione is not None and destinazione != sls_url():
        raise RispostaNonValida("logout_request_destination")
    name_id = radice.find(f"{{{SAML}}}NameID")
    if name_id is None or not (name_id.text or "").strip():
        raise RispostaNonValida("logout_request_name_id")
    client = _client(idp)
    try:
        if deflate:
            _verifica_firma_redirect(client, idp, query or {}, chiave="SAMLRequest")
        elif radice.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is None:
            raise RispostaNonValida("logout_request_non_firmata")
        richiesta = client.parse_logout_request(saml_request, binding)
    except RispostaNonValida:
        raise
    except Exception as errore:  # noqa: BLE001 - pysaml2 raises many kinds; each is a refusal
        raise RispostaNonValida(f"logout_request_firma_o_saml:{type(errore).__name__}"[:300]) from errore
    if richiesta is None:
        raise RispostaNonValida("logout_request_non_interpretabile")
    return RichiestaLogoutIdp(idp, richiesta.message, name_id.text.strip())


def crea_risposta_logout_idp(richiesta: RichiestaLogoutIdp, relay_state: str = "") -> Messaggio:
    """Our signed LogoutResponse (Success) to the identity provider's LogoutRequest."""
    client = _client(richiesta.idp)
    binding, destinazione = richiesta.idp.endpoint("slo", preferito=BINDING_POST)
    per_post = binding == BINDING_HTTP_POST
    risposta = client.create_logout_response(
        richiesta.messaggio, [binding], sign=per_post, sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256, issuer=_issuer(client.config.entityid))
    xml = str(risposta)
    return _in_uscita(client, xml, SafeET.fromstring(xml).get("ID", ""), _issue_instant(xml), binding,
                      destinazione, relay_state, risposta=True)
