"""Which identity providers the portal trusts, and their data (SSO/SLO addresses, keys).

Three sources, in this order:
- the local test identity provider, in development and tests only (both buttons);
- the metadata files in SPID_IDP_METADATA_DIR (`spid-*.xml`, `cie-*.xml`, `eidas-*.xml`,
  `ministero-*.xml`), explicitly configured by whoever runs the portal;
- the registry in the database (GestoreIdentita), when SPID_REGISTRO_ATTIVO (production):
  SPID identity providers, the CIE one of CIE_AMBIENTE, and any other registered IdP.

One query on the registry per call, whatever the number of identity providers.
"""

import base64
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as SafeET
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from .costanti import TIPI

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"
BINDING_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BINDING_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"


class MetadataNonValidi(ValueError):
    pass


@dataclass(frozen=True)
class IdentityProvider:
    entity_id: str
    nome: str
    tipo: str  # one of costanti.TIPI
    sso: tuple[tuple[str, str], ...] = ()  # (binding, location)
    slo: tuple[tuple[str, str], ...] = ()
    certificati: tuple[str, ...] = ()
    logo: str = ""
    di_test: bool = False
    metadata_originali: str = field(default="", compare=False, repr=False)

    def endpoint(self, servizio: str, preferito: str = BINDING_POST) -> tuple[str, str] | None:
        punti = dict(self.sso if servizio == "sso" else self.slo)
        for binding in (preferito, BINDING_POST, BINDING_REDIRECT):
            if binding in punti:
                return binding, punti[binding]
        return None

    @property
    def ha_slo(self) -> bool:
        return self.endpoint("slo") is not None

    @property
    def logo_url(self) -> str:
        return _logo_url(self.logo)

    @property
    def metadata_xml(self) -> str:
        """The IdP metadata pysaml2 trusts: the original document, or one built from the
        registry's data (the same entity ID, endpoints and signing keys)."""
        return self.metadata_originali or costruisci_metadata(self)


@cache
def _logo_url(logo: str) -> str:
    if logo.startswith("https://"):
        return logo
    if logo and finders.find(f"spid/idp/{logo}"):
        return static(f"spid/idp/{logo}")
    return ""


def costruisci_metadata(idp: IdentityProvider) -> str:
    parti = [f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
             f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID={quoteattr(idp.entity_id)}>',
             '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
             'WantAuthnRequestsSigned="true">']
    for certificato in idp.certificati:
        parti.append('<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>'
                     f'{escape(certificato)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>')
    for binding, location in idp.slo:
        parti.append(f'<md:SingleLogoutService Binding={quoteattr(binding)} Location={quoteattr(location)}/>')
    parti.append("<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>")
    for binding, location in idp.sso:
        parti.append(f'<md:SingleSignOnService Binding={quoteattr(binding)} Location={quoteattr(location)}/>')
    parti.append("</md:IDPSSODescriptor></md:EntityDescriptor>")
    return "".join(parti)


def dati_da_metadata(elemento: ET.Element) -> dict:
    """Entity ID, name, SSO/SLO endpoints and signing certificates of an IdP EntityDescriptor."""
    if elemento.tag != f"{MD}EntityDescriptor":
        raise MetadataNonValidi("non è un EntityDescriptor")
    entity_id = (elemento.get("entityID") or "").strip()
    idp = elemento.find(f"{MD}IDPSSODescriptor")
    if not entity_id or idp is None:
        raise MetadataNonValidi("entityID o IDPSSODescriptor mancanti")
    sso = [(e.get("Binding", ""), e.get("Location", "")) for e in idp.findall(f"{MD}SingleSignOnService")]
    slo = [(e.get("Binding", ""), e.get("Location", "")) for e in idp.findall(f"{MD}SingleLogoutService")]
    certificati = []
    for chiave in idp.findall(f"{MD}KeyDescriptor"):
        if chiave.get("use", "signing") != "signing":
            continue
        for cert in chiave.iter(f"{DS}X509Certificate"):
            testo = "".join((cert.text or "").split())
            if testo:
                base64.b64decode(testo, validate=True)
                certificati.append(testo)
    sso = [(b, loc) for b, loc in sso if b in (BINDING_POST, BINDING_REDIRECT) and loc]
    slo = [(b, loc) for b, loc in slo if b in (BINDING_POST, BINDING_REDIRECT) and loc]
    if not sso or not certificati:
        raise MetadataNonValidi(f"{entity_id}: mancano l'indirizzo SSO o il certificato di firma")
    nome = ""
    for percorso in (f"{MD}Organization/{MD}OrganizationDisplayName", f"{MD}Organization/{MD}OrganizationName"):
        trovato = elemento.find(percorso)
        if trovato is not None and (trovato.text or "").strip():
            nome = trovato.text.strip()
            break
    return {"entity_id": entity_id, "nome": nome, "sso": sso, "slo": slo,
            "certificati": list(dict.fromkeys(certificati))}


def idp_da_metadata(xml: str, *, tipo: str, nome: str = "", di_test: bool = False) -> IdentityProvider:
    try:
        radice = SafeET.fromstring(xml)
    except (ET.ParseError, ValueError) as errore:
        raise MetadataNonValidi(str(errore)) from errore
    dati = dati_da_metadata(radice)
    return IdentityProvider(
        entity_id=dati["entity_id"], nome=nome or dati["nome"] or dati["entity_id"], tipo=tipo,
        sso=tuple(dati["sso"]), slo=tuple(dati["slo"]), certificati=tuple(dati["certificati"]),
        di_test=di_test, metadata_originali=xml,
    )


@cache
def _test_idp() -> tuple[IdentityProvider, ...]:
    from accounts.spid_test_idp.server import metadata_xml

    return (idp_da_metadata(metadata_xml("spid"), tipo="spid", nome="SPID Test", di_test=True),
            idp_da_metadata(metadata_xml("cie"), tipo="cie", nome="CIE Test", di_test=True))


@cache
def _da_cartella(cartella: str) -> tuple[IdentityProvider, ...]:
    elenco = []
    for file in sorted(Path(cartella).glob("*.xml")):
        prefisso, _, resto = file.stem.partition("-")
        tipo = prefisso if prefisso in TIPI else "spid"
        nome = (resto or file.stem).replace("_", " ").title()
        elenco.append(idp_da_metadata(file.read_text(), tipo=tipo, nome=nome))
    return tuple(elenco)


def _da_registro(**filtri) -> list[IdentityProvider]:
    from .models import GestoreIdentita

    righe = GestoreIdentita.objects.filter(attivo=True, **filtri).exclude(
        tipo="cie", ambiente__in=[a for a in GestoreIdentita.Ambiente.values if a != settings.CIE_AMBIENTE])
    return [da_riga(riga) for riga in righe]


def da_riga(riga) -> IdentityProvider:
    sso = ((riga.sso_binding, riga.sso_url),)
    slo = ((riga.slo_binding, riga.slo_url),) if riga.slo_url else ()
    return IdentityProvider(entity_id=riga.entity_id, nome=riga.nome, tipo=riga.tipo, sso=sso,
                            slo=slo, certificati=tuple(riga.certificati), logo=riga.logo)


def identity_providers(**filtri) -> tuple[IdentityProvider, ...]:
    elenco: list[IdentityProvider] = []
    tipo = filtri.get("tipo")
    entity_id = filtri.get("entity_id")

    def adatto(idp: IdentityProvider) -> bool:
        return (tipo is None or idp.tipo == tipo) and (entity_id is None or idp.entity_id == entity_id)

    if settings.SPID_TEST_IDP_ENABLED:
        elenco += [i for i in _test_idp() if adatto(i)]
    if settings.SPID_IDP_METADATA_DIR:
        elenco += [i for i in _da_cartella(settings.SPID_IDP_METADATA_DIR) if adatto(i)]
    if settings.SPID_REGISTRO_ATTIVO:
        elenco += _da_registro(**filtri)
    return tuple(elenco)


def _svuota_cache() -> None:
    _test_idp.cache_clear()
    _da_cartella.cache_clear()
    _logo_url.cache_clear()


identity_providers.cache_clear = _svuota_cache


def per_tipo(tipo: str) -> list[IdentityProvider]:
    return list(identity_providers(tipo=tipo))


def tipi_disponibili() -> list[str]:
    return list(dict.fromkeys(idp.tipo for idp in identity_providers()))


def trova(entity_id: str, tipo: str | None = None) -> IdentityProvider | None:
    if not entity_id:
        return None
    filtri = {"entity_id": entity_id} | ({"tipo": tipo} if tipo else {})
    return next(iter(identity_providers(**filtri)), None)
