"""A step sent with htmx after the session has ended: the login page opens as a page (an
`HX-Redirect`), with a message saying the step's data were not saved, instead of being put
by htmx inside the old page with its header still saying «Esci»."""

from html import unescape
from urllib.parse import quote

import pytest

from portale.htmx_accesso import NON_SALVATO

pytestmark = pytest.mark.django_db

PASSO = "/avvisi/1/candidatura/passi/categoria/"


def test_htmx_senza_sessione_apre_la_pagina_di_accesso_e_dice_perche(client):
    risposta = client.post(PASSO, {"telefono": "3331234567", "vai": "titoli"},
                           headers={"HX-Request": "true"})
    assert risposta.status_code == 200 and risposta.content == b""
    assert risposta["HX-Redirect"] == f"/accounts/login/?next={quote(PASSO, safe='/')}"
    accesso = unescape(client.get(risposta["HX-Redirect"]).content.decode())
    assert NON_SALVATO in accesso


def test_senza_htmx_il_rinvio_resta_quello_di_django(client):
    risposta = client.post(PASSO, {"vai": "titoli"})
    assert risposta.status_code == 302 and risposta["Location"].startswith("/accounts/login/")
    assert "HX-Redirect" not in risposta


def test_htmx_con_sessione_nessun_rinvio(client, candidato):
    client.force_login(candidato)
    risposta = client.get("/avvisi/", headers={"HX-Request": "true"})
    assert risposta.status_code == 200 and "HX-Redirect" not in risposta


def test_modulo_senza_cookie_csrf_pagina_in_italiano(client, candidato):
    """A form sent without the CSRF cookie (cookies cleared, a very old tab): a page in
    Italian that says nothing was saved, not Django's English «CSRF verification failed»."""
    from django.test import Client

    protetto = Client(enforce_csrf_checks=True)
    protetto.force_login(candidato)
    risposta = protetto.post("/avvisi/1/candidatura/passi/categoria/", {"vai": "titoli"})
    assert risposta.status_code == 403
    pagina = unescape(risposta.content.decode())
    assert "La pagina è scaduta" in pagina and "non sono stati salvati" in pagina
    assert "CSRF" not in pagina
