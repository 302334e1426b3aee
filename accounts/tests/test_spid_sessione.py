"""Session rules: a new key at login, idle and absolute timeouts, cookie attributes."""

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from freezegun import freeze_time

from accounts.spid_test_idp import server as test_idp
from accounts.tests.test_spid import HOST, MARIA, avvia_login, invia_all_acs

pytestmark = pytest.mark.django_db
RADICE = Path(__file__).resolve().parents[2]


def _entra(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    return invia_all_acs(client, test_idp.crea_risposta(richiesta, MARIA))


def test_nuova_chiave_di_sessione_all_accesso(client):
    avvia_login(client)
    prima = client.session.session_key
    assert prima
    _entra(client)
    dopo = client.session.session_key
    assert dopo and dopo != prima
    assert client.session["_auth_user_id"]


def test_scadenza_per_inattivita(client, settings):
    settings.SESSIONE_INATTIVITA_MASSIMA = 15 * 60
    with freeze_time(tick=True) as orologio:
        _entra(client)
        assert client.get("/area-riservata/", **HOST).status_code == 200
        orologio.tick(timedelta(minutes=10))
        assert client.get("/area-riservata/", **HOST).status_code == 200  # activity refreshes
        orologio.tick(timedelta(minutes=10))
        assert client.get("/area-riservata/", **HOST).status_code == 200
        orologio.tick(timedelta(minutes=16))
        risposta = client.get("/area-riservata/", **HOST, follow=True)
    assert risposta.redirect_chain[0][0].startswith("/accounts/login/")
    assert "scaduta per inattività" in risposta.content.decode()
    assert "_auth_user_id" not in client.session


def test_resta_collegato_prolunga_la_sessione_inattiva(client, settings):
    """WCAG 2.2.1: the warning before the idle timeout extends it with one action (the page's
    «Resta collegato», assets/sessione.js): a POST with the page's token; nothing else."""
    from django.test import Client

    settings.SESSIONE_INATTIVITA_MASSIMA = 30 * 60
    with freeze_time(tick=True) as orologio:
        _entra(client)
        pagina = client.get("/area-riservata/", **HOST).content.decode()
        assert 'data-sessione-inattivita="1800"' in pagina
        assert 'data-sessione-rinnovo="/profilo/sessione/"' in pagina
        orologio.tick(timedelta(minutes=26))
        assert client.post("/profilo/sessione/", **HOST).status_code == 204
        orologio.tick(timedelta(minutes=26))  # 52 minutes after the last page, 26 after «Resta»
        assert client.get("/area-riservata/", **HOST).status_code == 200
        orologio.tick(timedelta(minutes=31))
        scaduta = client.post("/profilo/sessione/", **HOST)
    assert scaduta.status_code == 302 and scaduta["Location"].startswith("/accounts/login/")
    assert client.get("/profilo/sessione/", **HOST).status_code == 302  # anonymous: login
    # the page's token is required: a request from another site cannot keep a session alive
    senza_token = Client(enforce_csrf_checks=True)
    _entra(senza_token)
    assert senza_token.post("/profilo/sessione/", **HOST).status_code == 403


def test_scadenza_assoluta_anche_se_attivo(client, settings):
    settings.SESSIONE_INATTIVITA_MASSIMA = 30 * 60
    settings.SESSIONE_DURATA_MASSIMA = 60 * 60
    with freeze_time(tick=True) as orologio:
        _entra(client)
        for _ in range(3):
            orologio.tick(timedelta(minutes=20))
            assert client.get("/area-riservata/", **HOST).status_code == 200
        orologio.tick(timedelta(minutes=5))
        risposta = client.get("/area-riservata/", **HOST, follow=True)
    assert "aperta da troppo tempo" in risposta.content.decode()
    assert "_auth_user_id" not in client.session


def test_cookie_di_sessione_httponly_e_samesite(client):
    _entra(client)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser; the server enforces the timeouts


def test_cookie_del_passaggio_dall_idp_httponly_e_di_breve_durata(client):
    saml_request, _ = avvia_login(client)
    richiesta = test_idp.leggi_richiesta(saml_request)
    risposta = client.post("/accounts/spid/acs/", {"SAMLResponse": test_idp.crea_risposta(richiesta, MARIA)},
                           **HOST)
    cookie = risposta.cookies["spid_acs"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert int(cookie["max-age"]) <= 120


def test_in_produzione_cookie_secure_e_host_prefix():
    codice = ("import django, json; django.setup(); from django.conf import settings as s; "
              "from accounts.spid.views import _nome_cookie; "
              "print(json.dumps([s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
              "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_NAME, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, "
              "_nome_cookie('acs')]))")
    ambiente = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x" * 50,
                "DJANGO_ALLOWED_HOSTS": "portale.example.it", "DJANGO_SETTINGS_MODULE": "config.settings",
                "PATH": "/usr/bin:/bin", "VAR_DIR": "/tmp/spid-prod-check"}
    esito = subprocess.run([sys.executable, "-c", codice], env=ambiente, cwd=RADICE,
                           capture_output=True, text=True, check=True)
    assert json.loads(esito.stdout.strip().splitlines()[-1]) == [
        "__Host-sessionid", True, True, "Lax", "__Host-csrftoken", True, True, "__Host-spid_acs"]
