"""Which identity providers the portal trusts.

In development and tests: the local test identity provider (for both buttons).
Elsewhere: the metadata files in SPID_IDP_METADATA_DIR (one XML per identity provider,
`spid-*.xml` or `cie-*.xml`).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from saml2.md import EntityDescriptor, entity_descriptor_from_string


@dataclass(frozen=True)
class IdentityProvider:
    entity_id: str
    nome: str
    tipo: str  # "spid" or "cie"
    metadata_xml: str
    di_test: bool = False


@cache
def identity_providers() -> tuple[IdentityProvider, ...]:
    elenco: list[IdentityProvider] = []
    if settings.SPID_TEST_IDP_ENABLED:
        from accounts.spid_test_idp.server import ENTITY_ID, metadata_xml

        xml = metadata_xml()
        elenco.append(IdentityProvider(ENTITY_ID, "SPID Test", "spid", xml, di_test=True))
        elenco.append(IdentityProvider(ENTITY_ID, "CIE Test", "cie", xml, di_test=True))
    cartella = settings.SPID_IDP_METADATA_DIR
    if cartella:
        for file in sorted(Path(cartella).glob("*.xml")):
            xml = file.read_text()
            descrittore: EntityDescriptor = entity_descriptor_from_string(xml)
            tipo = "cie" if file.name.startswith("cie") else "spid"
            nome = file.stem.split("-", 1)[-1].replace("_", " ").title()
            elenco.append(IdentityProvider(descrittore.entity_id, nome, tipo, xml))
    return tuple(elenco)


def per_tipo(tipo: str) -> list[IdentityProvider]:
    return [idp for idp in identity_providers() if idp.tipo == tipo]


def trova(entity_id: str, tipo: str | None = None) -> IdentityProvider | None:
    for idp in identity_providers():
        if idp.entity_id == entity_id and (tipo is None or idp.tipo == tipo):
            return idp
    return None
