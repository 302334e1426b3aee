"""`form-action 'self'` everywhere; the SAML HTTP-POST page may post only to its IdP."""

import re
from types import SimpleNamespace

import pytest

from accounts.spid.csp import origine, politica_per_invio
from accounts.spid.provider import invia
from accounts.spid_test_idp import server as test_idp

HOST = {"HTTP_HOST": "127.0.0.1:8000"}


def _form_action(risposta) -> str:
    trovato = re.search(r"form-action ([^;]*)", risposta["Content-Security-Policy"])
    assert trovato, risposta["Content-Security-Policy"]
    return trovato.group(1).strip()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/avvisi/", "/accounts/login/", "/informazioni-utili/"])
def test_le_pagine_inviano_moduli_solo_al_portale(client, url):
    risposta = client.get(url, **HOST)
    assert risposta.status_code == 200
    assert _form_action(risposta) == "'self'"
    assert "https:" not in risposta["Content-Security-Policy"]


@pytest.mark.django_db
def test_la_pagina_di_invio_saml_puo_inviare_solo_al_gestore(client):
    risposta = client.get(f"/accounts/spid/login/?tipo=spid&idp={test_idp.ENTITY_ID}", **HOST)
    assert risposta.status_code == 200
    destinazione = re.search(r'<form method="post" action="([^"]+)"', risposta.content.decode())
    assert _form_action(risposta) == origine(destinazione.group(1)) == "http://127.0.0.1:8000"
    # the rest of the policy is the portal's
    assert "script-src 'self'" in risposta["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in risposta["Content-Security-Policy"]


def test_un_gestore_esterno_e_l_unica_destinazione(rf, settings):
    messaggio = SimpleNamespace(url_redirect="", destinazione="https://id.esempio.it:8443/sso?x=1",
                                campi={"SAMLRequest": "abc", "RelayState": "r"})
    risposta = invia(rf.get("/"), messaggio, SimpleNamespace(nome="Esempio ID"), "Prova")
    politica = risposta["Content-Security-Policy"]
    assert "form-action https://id.esempio.it:8443" in politica
    assert politica.count("form-action") == 1
    assert "'self'" not in re.search(r"form-action ([^;]*)", politica).group(1)


def test_destinazioni_non_http_non_sono_ammesse(settings):
    assert politica_per_invio("javascript:alert(1)").endswith("form-action 'none'")
    assert origine("https://utente:segreto@idp.it/sso") == "https://idp.it"
    settings.CONTENT_SECURITY_POLICY = ""
    risposta = invia(None, SimpleNamespace(url_redirect="https://idp.it/sso?SAMLRequest=x"),
                     None, "")
    assert risposta.status_code == 302  # Redirect binding: no page, no policy of its own
