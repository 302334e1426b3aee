"""Security headers on every page and the rate limit on logging in (sending: candidature)."""

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIMITI_BASSI = {"accesso": (2, 60), "invio": (2, 60)}


@pytest.mark.parametrize("indirizzo", ["/", "/avvisi/", "/accounts/login/"])
def test_intestazioni_di_sicurezza(client, indirizzo):
    risposta = client.get(indirizzo)
    assert risposta.status_code == 200
    politica = dict(p.strip().split(" ", 1) for p in risposta["Content-Security-Policy"].split(";"))
    assert politica["script-src"] == "'self'"  # no inline script, no eval
    assert politica["object-src"] == "'none'" and politica["frame-ancestors"] == "'none'"
    assert risposta["X-Frame-Options"] == "DENY"
    assert risposta["Referrer-Policy"] == "same-origin"
    assert risposta["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in risposta["Permissions-Policy"]
    # the policy would block inline scripts: none may be in the page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", risposta.content.decode())


def test_nessuno_script_inline_nei_template():
    """Every template's <script> loads a file: the CSP forbids inline code."""
    radice = Path(__file__).resolve().parents[2]
    colpevoli = [str(p.relative_to(radice)) for p in radice.glob("**/templates/**/*.html")
                 if ".venv" not in p.parts and "node_modules" not in p.parts
                 and re.search(r"<script(?![^>]*\bsrc=)[^>]*>", p.read_text())]
    assert colpevoli == []


@override_settings(LIMITI=LIMITI_BASSI)
def test_troppi_accessi_dallo_stesso_indirizzo(orologio_fermo, client):
    cache.clear()
    indirizzo = reverse("spid_login")
    for _ in range(2):
        assert client.get(indirizzo).status_code != 429
    risposta = client.get(indirizzo)
    assert risposta.status_code == 429
    assert int(risposta["Retry-After"]) >= 1
    assert "Troppe richieste" in risposta.content.decode()
    # another address is not affected
    assert client.get(indirizzo, REMOTE_ADDR="10.0.0.9").status_code != 429
