"""The SPID/CIE rules on a Response that pysaml2 does not enforce, checked on the raw XML.

Each violated rule raises RispostaNonValida with a rule name for the log. The checks also
pin the document's shape (one Response, one Assertion, each signature a direct child of the
element it signs and referencing its ID, only the two allowed transforms), so that the
assertion checked here is the one whose signature pysaml2 verifies: the XML signature
wrapping attacks move or duplicate exactly these elements.

References: Regole tecniche SPID (response and assertion), Avvisi SPID n. 19 and 29, the
CIE technical manual; the spid-sp-test response suite exercises each rule.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .costanti import LIVELLI

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
NAMEID_ENTITY = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
NAMEID_TRANSIENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
TRASFORMAZIONI_AMMESSE = {
    "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
    "http://www.w3.org/2001/10/xml-exc-c14n#",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
}
# xs:dateTime in UTC, as SAML requires: seconds, optional fraction, "Z".
ISTANTE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")

MESSAGGIO_GENERICO = (
    "Non è stato possibile completare l'accesso: la risposta del gestore dell'identità "
    "non ha superato i controlli di sicurezza. Riprova l'accesso dall'inizio."
)
MESSAGGIO_LIVELLO = (
    "Il livello di autenticazione ottenuto è inferiore a quello richiesto. "
    "Riprova l'accesso scegliendo un livello di sicurezza adeguato."
)
# AgID, "Tabella messaggi di anomalia" (codes 19-25): what the person must be told.
MESSAGGI_ANOMALIA = {
    "19": "Accesso non riuscito: hai inserito più volte credenziali errate. "
          "Verifica le tue credenziali presso il gestore dell'identità e riprova.",
    "20": "Accesso non riuscito: la tua identità digitale non ha il livello di sicurezza "
          "richiesto da questo servizio. Riprova con credenziali di livello adeguato.",
    "21": "Accesso non riuscito: è scaduto il tempo a disposizione per autenticarti. Riprova.",
    "22": "Accesso non riuscito: non hai dato il consenso all'invio dei tuoi dati al portale. "
          "Riprova e acconsenti all'invio dei dati per accedere.",
    "23": "Accesso non riuscito: la tua identità digitale risulta sospesa, revocata o con "
          "credenziali bloccate. Contatta il tuo gestore dell'identità, poi riprova.",
    "25": "Accesso annullato: hai interrotto l'autenticazione. Riprova quando vuoi.",
}


class RispostaNonValida(Exception):
    def __init__(self, regola: str, messaggio: str = MESSAGGIO_GENERICO):
        super().__init__(regola)
        self.regola = regola
        self.messaggio = messaggio


@dataclass(frozen=True)
class Attese:
    """What the response must match: taken from the request we sent and our own data."""

    request_id: str
    request_issue_instant: str
    acs_url: str
    sp_entity_id: str
    idp_entity_id: str
    livello_richiesto: int
    tipo: str = "spid"
    tolleranza: int = 60


def _q(ns: str, nome: str) -> str:
    return f"{{{ns}}}{nome}"


def istante(valore: str | None, regola: str) -> datetime:
    if valore is None:
        raise RispostaNonValida(f"{regola}_mancante")
    if not valore or not ISTANTE_RE.match(valore):
        raise RispostaNonValida(f"{regola}_formato_non_valido")
    principale, _, frazione = valore[:-1].partition(".")
    microsecondi = int((frazione + "000000")[:6]) if frazione else 0
    return datetime.strptime(principale, "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=UTC, microsecond=microsecondi)


def _attributo(elemento: ET.Element, nome: str, regola: str) -> str:
    valore = elemento.get(nome)
    if valore is None:
        raise RispostaNonValida(f"{regola}_mancante")
    if not valore.strip():
        raise RispostaNonValida(f"{regola}_vuoto")
    return valore


def _unico(genitore: ET.Element, ns: str, nome: str, regola: str) -> ET.Element:
    trovati = genitore.findall(_q(ns, nome))
    if not trovati:
        raise RispostaNonValida(f"{regola}_mancante")
    if len(trovati) > 1:
        raise RispostaNonValida(f"{regola}_duplicato")
    return trovati[0]


def _testo(elemento: ET.Element, regola: str) -> str:
    testo = (elemento.text or "").strip()
    if not testo:
        raise RispostaNonValida(f"{regola}_vuoto")
    return testo


def _controlla_firma(elemento: ET.Element, regola: str, obbligatoria: bool) -> None:
    firme = [figlio for figlio in elemento if figlio.tag == _q(DS, "Signature")]
    if not firme:
        if obbligatoria:
            raise RispostaNonValida(f"{regola}_non_firmata")
        return
    if len(firme) > 1:
        raise RispostaNonValida(f"{regola}_firme_multiple")
    riferimenti = firme[0].findall(f"{_q(DS, 'SignedInfo')}/{_q(DS, 'Reference')}")
    if len(riferimenti) != 1 or riferimenti[0].get("URI") != f"#{elemento.get('ID')}":
        raise RispostaNonValida(f"{regola}_riferimento_firma")
    for trasformazione in riferimenti[0].iter(_q(DS, "Transform")):
        if trasformazione.get("Algorithm") not in TRASFORMAZIONI_AMMESSE or len(trasformazione):
            raise RispostaNonValida(f"{regola}_trasformazione_non_ammessa")
    if any(figlio.tag == _q(DS, "Object") for figlio in firme[0]):
        raise RispostaNonValida(f"{regola}_firma_con_oggetti")


def _controlla_issuer(genitore: ET.Element, attese: Attese, regola: str, formato_obbligatorio: bool):
    issuer = _unico(genitore, SAML, "Issuer", regola)
    if _testo(issuer, regola) != attese.idp_entity_id:
        raise RispostaNonValida(f"{regola}_diverso_da_idp")
    formato = issuer.get("Format")
    if formato is None and formato_obbligatorio:
        raise RispostaNonValida(f"{regola}_format_mancante")
    if formato is not None and formato != NAMEID_ENTITY:
        raise RispostaNonValida(f"{regola}_format_non_entity")


def _controlla_istante_emissione(valore: str | None, attese: Attese, adesso: datetime, regola: str):
    emesso = istante(valore, regola)
    richiesta = istante(attese.request_issue_instant, "issue_instant_richiesta")
    tolleranza = timedelta(seconds=attese.tolleranza)
    if emesso < richiesta - timedelta(seconds=1):
        raise RispostaNonValida(f"{regola}_precedente_alla_richiesta")
    if emesso > adesso + tolleranza:
        raise RispostaNonValida(f"{regola}_nel_futuro")


def controlla_stato(radice: ET.Element) -> None:
    stato = _unico(radice, SAMLP, "Status", "status")
    codice = _unico(stato, SAMLP, "StatusCode", "status_code")
    valore = _attributo(codice, "Value", "status_code_value")
    if valore == SUCCESS:
        return
    messaggio = stato.find(_q(SAMLP, "StatusMessage"))
    testo = (messaggio.text or "") if messaggio is not None else ""
    anomalia = re.search(r"ErrorCode nr\s*(\d+)", testo)
    if anomalia and anomalia.group(1) in MESSAGGI_ANOMALIA:
        raise RispostaNonValida(f"anomalia_{anomalia.group(1)}", MESSAGGI_ANOMALIA[anomalia.group(1)])
    raise RispostaNonValida(f"status_non_success:{valore[-60:]}")


def controlla_risposta(radice: ET.Element, attese: Attese, adesso: datetime | None = None) -> dict:
    """Check every structural rule. Returns what was read: level, NameID, session index."""
    adesso = adesso or datetime.now(UTC)
    tolleranza = timedelta(seconds=attese.tolleranza)
    if radice.tag != _q(SAMLP, "Response"):
        raise RispostaNonValida("non_e_una_response")
    _attributo(radice, "ID", "response_id")
    if radice.get("Version") != "2.0":
        raise RispostaNonValida("response_version")
    _controlla_istante_emissione(radice.get("IssueInstant"), attese, adesso, "response_issue_instant")
    if _attributo(radice, "InResponseTo", "response_in_response_to") != attese.request_id:
        raise RispostaNonValida("response_in_response_to_diverso")
    if _attributo(radice, "Destination", "response_destination") != attese.acs_url:
        raise RispostaNonValida("response_destination_diversa")
    _controlla_issuer(radice, attese, "response_issuer", formato_obbligatorio=False)
    controlla_stato(radice)
    _controlla_firma(radice, "response", obbligatoria=False)

    if radice.findall(f".//{_q(SAML, 'EncryptedAssertion')}"):
        raise RispostaNonValida("asserzione_cifrata_non_ammessa")
    tutte = list(radice.iter(_q(SAML, "Assertion")))
    dirette = radice.findall(_q(SAML, "Assertion"))
    if not tutte:
        raise RispostaNonValida("asserzione_mancante")
    if len(tutte) != 1 or len(dirette) != 1:
        raise RispostaNonValida("asserzioni_multiple_o_annidate")
    asserzione = dirette[0]
    _attributo(asserzione, "ID", "assertion_id")
    if asserzione.get("Version") != "2.0":
        raise RispostaNonValida("assertion_version")
    _controlla_istante_emissione(asserzione.get("IssueInstant"), attese, adesso, "assertion_issue_instant")
    # CIE does not make the Issuer's Format mandatory (spid-sp-test cie profile, tests 70-71).
    _controlla_issuer(asserzione, attese, "assertion_issuer", formato_obbligatorio=attese.tipo != "cie")
    _controlla_firma(asserzione, "assertion", obbligatoria=True)

    soggetto = _unico(asserzione, SAML, "Subject", "subject")
    name_id = _unico(soggetto, SAML, "NameID", "name_id")
    valore_name_id = _testo(name_id, "name_id")
    formato = _attributo(name_id, "Format", "name_id_format")
    if formato != NAMEID_TRANSIENT:
        raise RispostaNonValida("name_id_format_non_transient")
    qualificatore = _attributo(name_id, "NameQualifier", "name_id_name_qualifier")

    conferma = _unico(soggetto, SAML, "SubjectConfirmation", "subject_confirmation")
    if _attributo(conferma, "Method", "subject_confirmation_method") != BEARER:
        raise RispostaNonValida("subject_confirmation_method_non_bearer")
    dati = _unico(conferma, SAML, "SubjectConfirmationData", "subject_confirmation_data")
    if _attributo(dati, "Recipient", "subject_confirmation_recipient") != attese.acs_url:
        raise RispostaNonValida("subject_confirmation_recipient_diverso")
    if _attributo(dati, "InResponseTo", "subject_confirmation_in_response_to") != attese.request_id:
        raise RispostaNonValida("subject_confirmation_in_response_to_diverso")
    scadenza = istante(dati.get("NotOnOrAfter"), "subject_confirmation_not_on_or_after")
    if scadenza <= adesso - tolleranza:
        raise RispostaNonValida("subject_confirmation_scaduta")

    condizioni = _unico(asserzione, SAML, "Conditions", "conditions")
    non_prima = istante(condizioni.get("NotBefore"), "conditions_not_before")
    non_dopo = istante(condizioni.get("NotOnOrAfter"), "conditions_not_on_or_after")
    if non_prima > adesso + tolleranza:
        raise RispostaNonValida("conditions_non_ancora_valide")
    if non_dopo <= adesso - tolleranza:
        raise RispostaNonValida("conditions_scadute")
    restrizione = _unico(condizioni, SAML, "AudienceRestriction", "audience_restriction")
    audience = _unico(restrizione, SAML, "Audience", "audience")
    if _testo(audience, "audience") != attese.sp_entity_id:
        raise RispostaNonValida("audience_diversa_da_sp")

    dichiarazione = _unico(asserzione, SAML, "AuthnStatement", "authn_statement")
    contesto = _unico(dichiarazione, SAML, "AuthnContext", "authn_context")
    classe = _testo(_unico(contesto, SAML, "AuthnContextClassRef", "authn_context_class_ref"),
                    "authn_context_class_ref")
    if classe not in LIVELLI:
        raise RispostaNonValida("authn_context_class_ref_non_spid")
    livello = LIVELLI[classe]
    if livello < attese.livello_richiesto:
        raise RispostaNonValida("livello_insufficiente", MESSAGGIO_LIVELLO)

    for dichiarazione_attributi in asserzione.findall(_q(SAML, "AttributeStatement")):
        attributi = dichiarazione_attributi.findall(_q(SAML, "Attribute"))
        if not attributi:
            raise RispostaNonValida("attribute_statement_vuoto")
        for attributo in attributi:
            if not attributo.get("Name"):
                raise RispostaNonValida("attributo_senza_nome")
            if not attributo.findall(_q(SAML, "AttributeValue")):
                raise RispostaNonValida("attributo_senza_valore")
    return {"livello": livello, "name_id": valore_name_id, "name_qualifier": qualificatore,
            "session_index": dichiarazione.get("SessionIndex", "")}
