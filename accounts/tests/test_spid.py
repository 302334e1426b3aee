"""The SPID/CIE login: a real signed SAML exchange with the in-process test identity provider."""

import base64
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from freezegun import freeze_time
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string

from accounts.models import User
from accounts.spid import config as sp_config
from accounts.spid.chiavi import assicura_coppia_di_chiavi
from accounts.spid.costanti import SPID_L1
from accounts.spid_test_idp import server as test_idp
from accounts.spid_test_idp.identita import IDENTITA

pytestmark = pytest.mark.django_db
HOST = {"HTTP_HOST": "127.0.0.1:8000"}
MARIA = IDENTITA[0]


def _campo(html: str, nome: str) -> str:
    trovato = re.search(rf'name="{nome}" value="([^"]*)"', html)
    assert trovato, f"campo {nome} assente"
    return trovato.group(1)


def avvia_login(client, tipo="spid", next_url=""):
    """Press «Entra con SPID»: returns the signed AuthnRequest the portal POSTs to the IdP."""
    idp = test_idp.ENTITY_ID
    url = f"/accounts/spid/login/?tipo={tipo}&idp={idp}" + (f"&next={next_url}" if next_url else "")
    risposta = client.get(url, **HOST)
    assert risposta.status_code == 200
    html = risposta.content.decode()
    return _campo(html, "SAMLRequest"), _campo(html, "RelayState")


def invia_all_acs(client, saml_response):
    risposta = client.post("/accounts/spid/acs/", {"SAMLResponse": saml_response}, **HOST)
    assert risposta.status_code == 302
    return client.get(risposta["Location"], **HOST)


def test_richiesta_spid_firmata_con_livello_forceauthn_e_indice_attributi(client):
    saml_request, relay_state = avvia_login(client)
    xml = base64.b64decode(saml_request).decode()
    assert "https://www.spid.gov.it/SpidL2" in xml
    assert 'Comparison="minimum"' in xml
    assert 'ForceAuthn="true"' in xml
    assert 'AttributeConsumingServiceIndex="0"' in xml
    assert "SignatureValue>" in xml and "xmldsig-more#rsa-sha256" in xml
    assert relay_state  # never an empty RelayState
    # the test identity provider verifies the request signature with the SP metadata
    assert test_idp.leggi_richiesta(saml_request).force_authn == "true"


def test_percorso_completo_attraverso_le_pagine_del_test_idp(client):
    saml_request, relay_state = avvia_login(client, next_url="/area-riservata/notifiche/")
    pagina = client.post("/spid-test-idp/sso/", {"SAMLRequest": saml_request, "RelayState": relay_state}, **HOST)
    assert pagina.status_code == 200
    assert MARIA.codice_fiscale in pagina.content.decode()
    conferma = client.post("/spid-test-idp/sso/conferma/", {
        "SAMLRequest": saml_request, "RelayState": relay_state,
        "codice_fiscale": MARIA.codice_fiscale, "livello": "2",
    }, **HOST)
    saml_response = _campo(conferma.content.decode(), "SAMLResponse")
    assert _campo(conferma.content.decode(), "RelayState") == relay_state
    finale = invia_all_acs(client, saml_response)
    assert finale.status_code == 302
    assert finale["Location"] == "/area-riservata/notifiche/"
    utente = User.objects.get(codice_fiscale=MARIA.codice_fiscale)
    assert (utente.nome, utente.cognome, utente.email) == ("Maria", "Rossi", MARIA.email)
    assert str(utente.data_nascita) == MARIA.data_nascita
    assert utente.livello_spid == 2
    assert client.session["spid"]["livello"] == 2
    assert client.get("/area-riservata/", **HOST).status_code == 200


def test_il_login_si_collega_alla_persona_gia_nota_per_codice_fiscale(client, ds):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    invia_all_acs(client, test_idp.crea_risposta(richiesta, MARIA))
    assert get_user_model().objects.filter(codice_fiscale=MARIA.codice_fiscale).count() == 1
    assert int(client.session["_auth_user_id"]) == ds.pk


def test_data_di_nascita_dal_codice_fiscale_se_il_gestore_non_la_invia(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    senza_data = IDENTITA[2].__class__(**{**IDENTITA[2].__dict__, "data_nascita": ""})
    invia_all_acs(client, test_idp.crea_risposta(richiesta, senza_data))
    assert str(User.objects.get(codice_fiscale=senza_data.codice_fiscale).data_nascita) == "1980-04-15"


def _rifiutata(risposta):
    assert risposta.status_code == 403
    testo = risposta.content.decode()
    assert "Accesso non riuscito" in testo and "Riprova" in testo
    return True


def test_risposta_non_firmata_rifiutata(client, caplog):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    non_firmata = test_idp.crea_risposta(richiesta, MARIA, firma_risposta=False, firma_asserzione=False)
    assert _rifiutata(invia_all_acs(client, non_firmata))
    assert "regola=" in caplog.text
    assert not User.objects.filter(codice_fiscale=MARIA.codice_fiscale).exists()


def test_risposta_firmata_da_chiave_estranea_rifiutata(client, tmp_path: Path):
    key, cert = str(tmp_path / "falsario.key"), str(tmp_path / "falsario.crt")
    assicura_coppia_di_chiavi(key, cert, nome="Falsario", entity_id=test_idp.ENTITY_ID)
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    falsa = test_idp.crea_risposta(richiesta, MARIA, idp=test_idp.server(key, cert))
    assert _rifiutata(invia_all_acs(client, falsa))


def test_risposta_alterata_dopo_la_firma_rifiutata(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    xml = base64.b64decode(test_idp.crea_risposta(richiesta, MARIA)).decode()
    alterata = xml.replace(MARIA.codice_fiscale, IDENTITA[1].codice_fiscale)
    assert alterata != xml
    assert _rifiutata(invia_all_acs(client, base64.b64encode(alterata.encode()).decode()))


def test_risposta_scaduta_rifiutata(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    risposta = test_idp.crea_risposta(richiesta, MARIA)
    with freeze_time(timedelta(minutes=20), tick=True):
        assert _rifiutata(invia_all_acs(client, risposta))


def test_risposta_riusata_rifiutata(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    risposta = test_idp.crea_risposta(richiesta, MARIA)
    assert invia_all_acs(client, risposta).status_code == 302
    client.logout()
    assert _rifiutata(invia_all_acs(client, risposta))


def test_risposta_riusata_in_un_altro_browser_rifiutata(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    risposta = test_idp.crea_risposta(richiesta, MARIA)
    assert invia_all_acs(client, risposta).status_code == 302
    altro = Client()
    avvia_login(altro)  # the attacker's own session has a pending request, not this one
    assert _rifiutata(invia_all_acs(altro, risposta))


def test_risposta_per_altro_destinatario_rifiutata(client):
    """A genuine response of our IdP, but addressed (Audience) to another service provider."""
    altro_sp = "https://altro-sp.example.it/metadata/"
    dizionario = sp_config._dizionario(con_idp=False) | {"entityid": altro_sp}
    configurazione = SPConfig()
    configurazione.load(dizionario)
    metadata_altro = create_metadata_string(None, config=configurazione, valid=1, sign=False).decode()
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    idp = test_idp.server(sp_extra=[metadata_altro])
    altrove = test_idp.crea_risposta(richiesta, MARIA, audience=altro_sp, idp=idp)
    assert altro_sp in base64.b64decode(altrove).decode()
    assert _rifiutata(invia_all_acs(client, altrove))


def test_livello_inferiore_al_richiesto_rifiutato(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    risposta = invia_all_acs(client, test_idp.crea_risposta(richiesta, MARIA, livello=SPID_L1))
    assert _rifiutata(risposta)
    assert "livello di autenticazione" in risposta.content.decode()


def test_risposta_non_richiesta_rifiutata(client):
    """IdP-initiated or stolen: this browser never asked for it."""
    altro_saml, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(altro_saml)
    risposta = test_idp.crea_risposta(richiesta, MARIA)
    client.cookies.clear()
    assert _rifiutata(invia_all_acs(client, risposta))


@pytest.mark.parametrize("spazzatura", ["", "non-base64!!", base64.b64encode(b"<xml").decode(),
                                        base64.b64encode(b"<a/>").decode()])
def test_input_malformato_mai_un_500(client, spazzatura):
    avvia_login(client)
    assert _rifiutata(invia_all_acs(client, spazzatura))


def test_acs_senza_sessione_intermedia(client):
    assert _rifiutata(client.get("/accounts/spid/acs/fine/", **HOST))


def test_metadata_sp_firmati(client):
    risposta = client.get("/accounts/spid/metadata/", **HOST)
    assert risposta.status_code == 200
    xml = risposta.content.decode()
    assert ":Signature" in xml and "AssertionConsumerService" in xml
    assert 'AuthnRequestsSigned="true"' in xml and 'WantAssertionsSigned="true"' in xml
    assert "fiscalNumber" in xml


def test_pagina_di_login_con_i_pulsanti(client):
    html = client.get("/accounts/login/", **HOST).content.decode()
    assert "Entra con SPID" in html and "Entra con CIE" in html


def test_con_un_solo_gestore_si_va_diretti(client):
    html = client.get("/accounts/spid/login/?tipo=cie", **HOST).content.decode()
    assert "Stai per essere reindirizzato a CIE Test" in html and "SAMLRequest" in html


def test_cie_test_si_presenta_come_cie(client):
    """«Entra con CIE» opened «SPID Test» with «Livello SPID: SpidL1/L2/L3»: a new user trying
    the demo with the CIE wondered whether she had pressed the wrong button. The test provider
    now has its CIE door, says «CIE Test», and asks no SPID level."""
    html = client.get(f"/accounts/spid/login/?tipo=cie&idp={test_idp.ENTITY_ID}",
                      **HOST).content.decode()
    assert 'action="http://127.0.0.1:8000/spid-test-idp/cie/sso/"' in html
    saml_request, relay_state = _campo(html, "SAMLRequest"), _campo(html, "RelayState")
    pagina = client.post("/spid-test-idp/cie/sso/", {"SAMLRequest": saml_request,
                                                     "RelayState": relay_state},
                         **HOST).content.decode()
    principale = pagina[pagina.index("<main"):pagina.index("</main>")]
    assert "<strong>CIE Test</strong>" in principale
    assert "SPID" not in principale and "Spid" not in principale
    conferma = client.post("/spid-test-idp/sso/conferma/", {
        "SAMLRequest": saml_request, "RelayState": relay_state, "tipo": "cie",
        "codice_fiscale": MARIA.codice_fiscale}, **HOST)
    finale = invia_all_acs(client, _campo(conferma.content.decode(), "SAMLResponse"))
    assert finale.status_code == 302
    assert client.session["spid"]["tipo"] == "cie"
    assert client.session["spid"]["livello"] == 3  # a CIE login is a level-3 one


def test_gestore_sconosciuto_mostra_la_scelta(client):
    html = client.get("/accounts/spid/login/?tipo=spid&idp=https://ignoto.example/", **HOST).content.decode()
    assert "Scegli il tuo gestore" in html and "SPID Test" in html


def _altra_persona(client, **campi) -> dict:
    """The POST of «Un'altra persona» on the test provider's page, for a login just started."""
    saml_request, relay_state = avvia_login(client)
    return {"SAMLRequest": saml_request, "RelayState": relay_state, "livello": "2",
            "nuova": "1"} | campi


def test_spid_test_fa_entrare_anche_una_persona_nuova(client):
    """To try a first access (someone with nothing in the portal), «Un'altra persona» of the
    test identity provider asserts the name and the codice fiscale typed, if valid."""
    from html import unescape

    dati = _altra_persona(client, nome="Giulia", cognome="De Santis",
                          codice_fiscale="RSSMRA80A01H501X")
    sbagliata = client.post("/spid-test-idp/sso/conferma/", dati, **HOST)
    pagina = unescape(sbagliata.content.decode())
    assert sbagliata.status_code == 400 and "Il codice fiscale non è valido" in pagina
    assert 'value="De Santis"' in pagina  # what was typed is kept
    conferma = client.post("/spid-test-idp/sso/conferma/",
                           dati | {"codice_fiscale": "dsngli90a41h501f"}, **HOST)
    finale = invia_all_acs(client, _campo(conferma.content.decode(), "SAMLResponse"))
    assert finale.status_code == 302
    utente = User.objects.get(codice_fiscale="DSNGLI90A41H501F")
    # no e-mail typed, none invented (an example.it address became the candidate's address
    # for communications without her noticing): the portal asks for it
    assert (utente.nome, utente.cognome, utente.email) == ("Giulia", "De Santis", "")
    assert str(utente.data_nascita) == "1990-01-01"


def test_a_ogni_accesso_nome_e_data_sono_quelli_che_spid_attesta(client):
    """The identity provider is the authority on who the person is: a name corrected at the
    registry (or a surname added) reaches the portal at the next login. Before, once the
    account existed, the name stored at the first login stayed for ever; the e-mail is the
    person's own choice in the portal and is kept."""
    saml_request, _ = avvia_login(client)
    invia_all_acs(client, test_idp.crea_risposta(test_idp.leggi_richiesta(saml_request), MARIA))
    utente = User.objects.get(codice_fiscale=MARIA.codice_fiscale)
    utente.email = "maria.scelta.da.lei@example.it"
    utente.save(update_fields=["email"])
    client.logout()
    corretta = MARIA.__class__(**{**MARIA.__dict__, "nome": "Maria Grazia",
                                  "cognome": "Rossi Bianchi", "email": "altra@example.it",
                                  "data_nascita": "1975-03-02"})
    saml_request, _ = avvia_login(client)
    invia_all_acs(client, test_idp.crea_risposta(test_idp.leggi_richiesta(saml_request), corretta))
    utente.refresh_from_db()
    assert int(client.session["_auth_user_id"]) == utente.pk
    assert (utente.nome, utente.cognome) == ("Maria Grazia", "Rossi Bianchi")
    assert str(utente.data_nascita) == "1975-03-02"
    assert utente.email == "maria.scelta.da.lei@example.it"
    assert User.objects.filter(codice_fiscale=MARIA.codice_fiscale).count() == 1


def test_un_altra_persona_con_il_codice_fiscale_di_chi_e_gia_nel_portale(client):
    """«Un'altra persona» typed with a demo candidate's codice fiscale and another name logged
    in as her and (SPID being believed at every login) renamed her: the test provider says
    whose code it is instead; with her own name it lets the tester in as her."""
    from html import unescape

    User.objects.create_user(codice_fiscale="FRRLSS92P45F839O", nome="Alessia",
                             cognome="Ferrari", email="alessia.ferrari@example.it")
    dati = _altra_persona(client, nome="Mario", cognome="Rossi", codice_fiscale="frrlss92p45f839o")
    rifiutata = client.post("/spid-test-idp/sso/conferma/", dati, **HOST)
    pagina = unescape(rifiutata.content.decode())
    assert rifiutata.status_code == 400
    assert "Questo codice fiscale è di Alessia Ferrari, già nel portale" in pagina
    assert 'value="Mario"' in pagina  # what was typed is kept
    assert "SAMLResponse" not in pagina
    conferma = client.post("/spid-test-idp/sso/conferma/",
                           dati | {"nome": "alessia", "cognome": "FERRARI"}, **HOST)
    assert conferma.status_code == 200 and "SAMLResponse" in conferma.content.decode()
