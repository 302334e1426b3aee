"""Keeping the registry of identity providers (GestoreIdentita) up to date.

The official sources first (the SPID registry's aggregated metadata, the ministry's CIE
metadata for production and pre-production), with a short timeout; when they cannot be
reached, the copy shipped in accounts/spid/registro/idp.json. Used by the management commands
`aggiorna_registro_idp` and `registra_idp`.
"""

import json
import logging
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from django.conf import settings
from django.db import transaction

from .models import GestoreIdentita
from .registro import BINDING_POST, BINDING_REDIRECT, MD, MetadataNonValidi, dati_da_metadata

logger = logging.getLogger(__name__)
FILE_DISTRIBUITO = Path(__file__).parent / "registro" / "idp.json"
DIMENSIONE_MASSIMA = 20 * 1024 * 1024


@dataclass
class Esito:
    tipo: str
    ambiente: str
    fonte: str
    voci: int
    attive: int
    errore: str = ""


def scarica(url: str, timeout: float) -> bytes:
    if not url.startswith("https://"):
        raise MetadataNonValidi(f"indirizzo non https: {url}")
    richiesta = urllib.request.Request(  # noqa: S310 - https only, checked above
        url, headers={"User-Agent": "portale-incarichi/registro-idp"})
    with urllib.request.urlopen(richiesta, timeout=timeout) as risposta:  # noqa: S310 - https only
        dati = risposta.read(DIMENSIONE_MASSIMA + 1)
    if len(dati) > DIMENSIONE_MASSIMA:
        raise MetadataNonValidi("metadata troppo grandi")
    return dati


def voci_da_metadata(xml: bytes) -> list[dict]:
    """Every IdP EntityDescriptor of a metadata document (single or aggregated)."""
    try:
        radice = SafeET.fromstring(xml)
    except (ET.ParseError, ValueError, DefusedXmlException) as errore:
        raise MetadataNonValidi(str(errore)) from errore
    if radice.tag == f"{MD}EntityDescriptor":
        entita = [radice]
    elif radice.tag == f"{MD}EntitiesDescriptor":
        entita = list(radice.iter(f"{MD}EntityDescriptor"))
    else:
        raise MetadataNonValidi("né EntityDescriptor né EntitiesDescriptor")
    voci = [dati_da_metadata(e) for e in entita if e.find(f"{MD}IDPSSODescriptor") is not None]
    if not voci:
        raise MetadataNonValidi("nessun identity provider nei metadata")
    return voci


def _preferito(punti: list) -> tuple[str, str]:
    per_binding = {binding: location for binding, location in punti}
    for binding in (BINDING_POST, BINDING_REDIRECT):
        if binding in per_binding:
            return binding, per_binding[binding]
    return "", ""


def salva(voce: dict, *, tipo: str, fonte: str, ambiente: str = "produzione") -> GestoreIdentita:
    sso_binding, sso_url = _preferito(voce.get("sso", []))
    slo_binding, slo_url = _preferito(voce.get("slo", []))
    certificati = list(voce.get("certificati", []))
    gestore = GestoreIdentita.objects.filter(entity_id=voce["entity_id"], tipo=tipo,
                                             ambiente=ambiente).first()
    gestore = gestore or GestoreIdentita(entity_id=voce["entity_id"], tipo=tipo, ambiente=ambiente)
    gestore.nome = voce.get("nome") or voce["entity_id"]
    gestore.logo = voce.get("logo", "")
    gestore.sso_url, gestore.sso_binding = sso_url, sso_binding
    gestore.slo_url, gestore.slo_binding = slo_url, slo_binding
    gestore.certificati = certificati
    gestore.url_metadata = voce.get("url_metadata", "")
    gestore.fonte = fonte
    # An identity provider is offered only with an SSO address and a signing key.
    gestore.attivo = bool(sso_url and certificati)
    gestore.full_clean()
    gestore.save()
    return gestore


def _distribuito() -> dict:
    return json.loads(FILE_DISTRIBUITO.read_text())


def aggiorna_spid(*, timeout: float, solo_file: bool = False) -> Esito:
    distribuito = {v["entity_id"]: v for v in _distribuito()["spid"]}
    errore = ""
    if solo_file:
        voci, fonte = list(distribuito.values()), GestoreIdentita.Fonte.FILE
    else:
        try:
            voci = voci_da_metadata(scarica(settings.SPID_REGISTRO_URL, timeout))
            fonte = GestoreIdentita.Fonte.REGISTRO
            for voce in voci:  # the official metadata carry no logo: keep the known one
                voce["logo"] = distribuito.get(voce["entity_id"], {}).get("logo", "")
        except (OSError, MetadataNonValidi, ValueError) as eccezione:
            errore = f"{type(eccezione).__name__}: {eccezione}"
            logger.warning("Registro SPID non raggiungibile (%s): uso la copia del portale", errore)
            voci, fonte = list(distribuito.values()), GestoreIdentita.Fonte.FILE
    with transaction.atomic():
        salvati = [salva(voce, tipo="spid", fonte=fonte) for voce in voci]
        # Identity providers no longer in the registry are switched off, never deleted.
        GestoreIdentita.objects.filter(
            tipo="spid", fonte__in=[GestoreIdentita.Fonte.REGISTRO, GestoreIdentita.Fonte.FILE],
        ).exclude(pk__in=[g.pk for g in salvati]).update(attivo=False)
    return Esito("spid", "produzione", fonte, len(salvati), sum(g.attivo for g in salvati), errore)


def aggiorna_cie(*, timeout: float, solo_file: bool = False) -> list[Esito]:
    distribuito = {v["ambiente"]: v for v in _distribuito()["cie"]}
    esiti = []
    for ambiente, url in settings.CIE_METADATA_URL.items():
        errore = ""
        voce, fonte = distribuito.get(ambiente), GestoreIdentita.Fonte.FILE
        if not solo_file:
            try:
                voce = voci_da_metadata(scarica(url, timeout))[0] | {"url_metadata": url}
                voce["nome"] = distribuito.get(ambiente, {}).get("nome") or voce["nome"]
                fonte = GestoreIdentita.Fonte.REGISTRO
            except (OSError, MetadataNonValidi, ValueError) as eccezione:
                errore = f"{type(eccezione).__name__}: {eccezione}"
                logger.warning("Metadata CIE (%s) non raggiungibili (%s): uso la copia del portale",
                               ambiente, errore)
        if voce is None:
            continue
        gestore = salva(voce, tipo="cie", fonte=fonte, ambiente=ambiente)
        esiti.append(Esito("cie", ambiente, fonte, 1, int(gestore.attivo), errore))
    return esiti


def registra(metadata: bytes, *, tipo: str, nome: str = "", logo: str = "",
             ambiente: str = "produzione", url_metadata: str = "") -> GestoreIdentita:
    """Add (or update) one identity provider from its metadata: eIDAS, the ministry's
    credentials, any other SAML IdP."""
    voce = voci_da_metadata(metadata)[0]
    voce.update({k: v for k, v in {"nome": nome, "logo": logo, "url_metadata": url_metadata}.items() if v})
    with transaction.atomic():
        return salva(voce, tipo=tipo, fonte=GestoreIdentita.Fonte.MANUALE, ambiente=ambiente)
