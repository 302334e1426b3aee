"""The registry of identity providers kept as data: loading, activation, login through it."""

import base64
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography import x509
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.spid import aggiornamento, registro
from accounts.spid.models import GestoreIdentita
from accounts.spid_test_idp import server as test_idp
from accounts.tests.test_spid import HOST, MARIA, _campo, invia_all_acs

pytestmark = pytest.mark.django_db
RADICE = Path(__file__).resolve().parents[2]
IRRAGGIUNGIBILE = "https://127.0.0.1:9/registro.xml"  # nothing listens on the discard port


@pytest.fixture
def senza_rete(settings):
    settings.SPID_REGISTRO_URL = IRRAGGIUNGIBILE
    settings.CIE_METADATA_URL = {"produzione": IRRAGGIUNGIBILE, "preproduzione": IRRAGGIUNGIBILE}


@pytest.fixture
def solo_registro(settings):
    """Production-like: the registry is offered, the test identity provider is not."""
    registro.identity_providers.cache_clear()
    settings.SPID_TEST_IDP_ENABLED = False
    settings.SPID_IDP_METADATA_DIR = ""
    settings.SPID_REGISTRO_ATTIVO = True
    yield
    registro.identity_providers.cache_clear()


def test_la_copia_distribuita_ha_certificati_leggibili():
    dati = json.loads(aggiornamento.FILE_DISTRIBUITO.read_text())
    assert len(dati["spid"]) >= 12
    for voce in dati["spid"]:
        assert voce["entity_id"].startswith("https://") and voce["sso"] and voce["slo"]
        for certificato in voce["certificati"]:
            x509.load_der_x509_certificate(base64.b64decode(certificato, validate=True))
    assert {v["ambiente"] for v in dati["cie"]} == {"produzione", "preproduzione"}


def test_senza_rete_il_comando_usa_la_copia_distribuita(senza_rete):
    uscita = StringIO()
    call_command("aggiorna_registro_idp", "--timeout", "2", stdout=uscita)
    testo = uscita.getvalue()
    assert "copia distribuita con il portale" in testo and "non raggiungibile" in testo
    spid = GestoreIdentita.objects.filter(tipo="spid")
    assert spid.count() == 12 and all(g.attivo and g.certificati for g in spid)
    assert spid.get(entity_id="https://posteid.poste.it").nome == "Poste ID"
    # CIE: addresses known, keys only from the ministry's metadata: not offered until then.
    cie = GestoreIdentita.objects.filter(tipo="cie")
    assert {g.ambiente for g in cie} == {"produzione", "preproduzione"}
    assert not any(g.attivo for g in cie)
    # Idempotent.
    call_command("aggiorna_registro_idp", "--timeout", "2", stdout=StringIO())
    assert GestoreIdentita.objects.count() == 14


def test_con_la_fonte_ufficiale_aggiorna_e_spegne_chi_non_c_e_piu(settings, monkeypatch):
    """The network fetch is replaced by a document; parsing, upsert and switch-off are real."""
    call_command("aggiorna_registro_idp", "--solo-file", stdout=StringIO())
    entita = test_idp.metadata_xml().replace('<?xml version=\'1.0\' encoding=\'UTF-8\'?>', "")
    aggregato = ('<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">'
                 f"{entita}</md:EntitiesDescriptor>").encode()
    monkeypatch.setattr(aggiornamento, "scarica", lambda url, timeout: aggregato)
    uscita = StringIO()
    call_command("aggiorna_registro_idp", stdout=uscita)
    assert "registro ufficiale" in uscita.getvalue()
    attivi = GestoreIdentita.objects.filter(tipo="spid", attivo=True)
    assert [g.entity_id for g in attivi] == [test_idp.ENTITY_ID]
    assert attivi[0].fonte == GestoreIdentita.Fonte.REGISTRO
    assert GestoreIdentita.objects.filter(tipo="spid", attivo=False).count() == 12


def test_in_sviluppo_solo_l_idp_di_test(senza_rete):
    registro.identity_providers.cache_clear()
    call_command("aggiorna_registro_idp", "--timeout", "2", stdout=StringIO())
    assert [i.nome for i in registro.per_tipo("spid")] == ["SPID Test"]


def test_il_pulsante_spid_elenca_tutti_i_gestori_del_registro(client, senza_rete, solo_registro):
    call_command("aggiorna_registro_idp", "--timeout", "2", stdout=StringIO())
    html = client.get("/accounts/spid/login/?tipo=spid", **HOST).content.decode()
    for gestore in GestoreIdentita.objects.filter(tipo="spid"):
        assert gestore.nome in html
    assert "cie" not in [i.tipo for i in registro.identity_providers()]  # no CIE key yet


def test_query_costanti_sulla_scelta_del_gestore(client, solo_registro):
    def conta():
        with CaptureQueriesContext(connection) as contesto:
            assert client.get("/accounts/spid/login/?tipo=spid", **HOST).status_code == 200
        return len(contesto)

    call_command("aggiorna_registro_idp", "--solo-file", stdout=StringIO())
    GestoreIdentita.objects.filter(tipo="spid").exclude(
        entity_id__in=["https://posteid.poste.it", "https://loginspid.aruba.it"]).update(attivo=False)
    con_due = conta()
    GestoreIdentita.objects.update(attivo=True)
    GestoreIdentita.objects.filter(certificati=[]).update(attivo=False)
    assert conta() == con_due


def test_accesso_attraverso_un_gestore_del_registro(client, solo_registro):
    """A registry row (no original metadata: built from its fields) performs the real exchange."""
    dati = registro.idp_da_metadata(test_idp.metadata_xml(), tipo="spid")
    GestoreIdentita.objects.create(
        entity_id=dati.entity_id, tipo="spid", nome="Gestore di prova", sso_url=dati.sso[0][1],
        sso_binding=dati.sso[0][0], certificati=list(dati.certificati), fonte="registro")
    risposta = client.get("/accounts/spid/login/?tipo=spid", **HOST)  # the only one: straight on
    saml_request = _campo(risposta.content.decode(), "SAMLRequest")
    richiesta = test_idp.leggi_richiesta(saml_request)
    assert invia_all_acs(client, test_idp.crea_risposta(richiesta, MARIA)).status_code == 302
    assert client.session["spid"]["idp"] == test_idp.ENTITY_ID


def test_cie_solo_nell_ambiente_configurato(settings, solo_registro):
    dati = registro.idp_da_metadata(test_idp.metadata_xml(), tipo="cie")
    for ambiente in ("produzione", "preproduzione"):
        GestoreIdentita.objects.create(
            entity_id=f"https://cie-{ambiente}.example/", tipo="cie", nome=f"CIE {ambiente}",
            ambiente=ambiente, sso_url=dati.sso[0][1], sso_binding=dati.sso[0][0],
            certificati=list(dati.certificati))
    settings.CIE_AMBIENTE = "preproduzione"
    assert [i.nome for i in registro.per_tipo("cie")] == ["CIE preproduzione"]
    settings.CIE_AMBIENTE = "produzione"
    assert [i.nome for i in registro.per_tipo("cie")] == ["CIE produzione"]


def test_eidas_si_registra_con_i_suoi_metadata(client, tmp_path, solo_registro):
    file = tmp_path / "eidas.xml"
    file.write_text(test_idp.metadata_xml())
    uscita = StringIO()
    call_command("registra_idp", "--tipo", "eidas", "--metadata", str(file), "--nome", "eIDAS",
                 stdout=uscita)
    assert "attivo" in uscita.getvalue()
    assert registro.tipi_disponibili() == ["eidas"]
    html = client.get("/accounts/spid/login/?tipo=eidas", **HOST).content.decode()
    richiesta = base64.b64decode(_campo(html, "SAMLRequest")).decode()
    assert 'AttributeConsumingServiceIndex="99"' in richiesta  # FICEP minimum attribute set


def test_metadata_non_validi_non_registrati(tmp_path):
    file = tmp_path / "rotto.xml"
    file.write_text("<md:EntityDescriptor xmlns:md='urn:oasis:names:tc:SAML:2.0:metadata' entityID='x'/>")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Metadata non utilizzabili"):
        call_command("registra_idp", "--tipo", "ministero", "--metadata", str(file), stdout=StringIO())
    assert not GestoreIdentita.objects.exists()


def test_le_impostazioni_di_produzione_non_attivano_mai_l_idp_di_test():
    codice = ("import django, json; django.setup(); from django.conf import settings as s; "
              "print(json.dumps([s.SPID_TEST_IDP_ENABLED, 'accounts.spid_test_idp' in s.INSTALLED_APPS, "
              "s.SPID_REGISTRO_ATTIVO]))")
    ambiente = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x" * 50, "SPID_TEST_IDP": "1",
                "DJANGO_ALLOWED_HOSTS": "portale.example.it", "DJANGO_SETTINGS_MODULE": "config.settings",
                "PATH": "/usr/bin:/bin", "VAR_DIR": "/tmp/spid-prod-check"}
    esito = subprocess.run([sys.executable, "-c", codice], env=ambiente, cwd=RADICE,
                           capture_output=True, text=True, check=True)
    assert json.loads(esito.stdout.strip().splitlines()[-1]) == [False, False, True]


def test_gestore_con_solo_http_redirect_riceve_la_richiesta_firmata_nell_url(client, settings, solo_registro):
    """Most registry entries list an HTTP-Redirect SSO address: the AuthnRequest travels
    deflated in the URL, signed with SigAlg/Signature (checked here with the SP certificate)."""
    import zlib
    from urllib.parse import parse_qs, urlsplit

    from saml2.sigver import RSACrypto, verify_redirect_signature

    from accounts.spid.metadata import certificato_base64

    dati = registro.idp_da_metadata(test_idp.metadata_xml(), tipo="spid")
    GestoreIdentita.objects.create(
        entity_id=dati.entity_id, tipo="spid", nome="Solo redirect", sso_url=test_idp.SSO_URL,
        sso_binding=registro.BINDING_REDIRECT, certificati=list(dati.certificati))
    risposta = client.get("/accounts/spid/login/?tipo=spid", **HOST)
    assert risposta.status_code == 302
    indirizzo = urlsplit(risposta["Location"])
    assert f"{indirizzo.scheme}://{indirizzo.netloc}{indirizzo.path}" == test_idp.SSO_URL
    parametri = {k: v[0] for k, v in parse_qs(indirizzo.query).items()}
    assert parametri["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    backend = RSACrypto(None)
    certificato = certificato_base64(settings.SPID_CERT_FILE)
    assert verify_redirect_signature(parametri, backend, cert=certificato)
    alterati = parametri | {"RelayState": "altro"}
    assert not verify_redirect_signature(alterati, backend, cert=certificato)
    xml = zlib.decompress(base64.b64decode(parametri["SAMLRequest"]), -15).decode()
    assert 'ForceAuthn="true"' in xml and "SpidL2" in xml and "<ds:Signature" not in xml
