"""An address that only receives a form, opened with GET: a page re-rendered there after an
error («Registra le ore» with a wrong date) then reopened from the history, a bookmark, a new
tab. It answered an empty 405 (a blank browser page); now a page that says what happened and
leads to the page the form belongs to."""

from html import unescape

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("indirizzo, genitore", [
    ("/incarichi/7/ore/", "/incarichi/7/"),
    ("/incarichi/trasparenza/comunicazione-negativa/", "/incarichi/trasparenza/"),
    ("/procedure/7/rimuovi/criterio/3/", "/procedure/7/"),  # the nearest address that is a page
])
def test_aperto_con_get_dice_cosa_fare_e_porta_alla_pagina(client_di, ds, indirizzo, genitore):
    risposta = client_di(ds).get(indirizzo)
    assert risposta.status_code == 405 and risposta["Allow"] == "POST"
    pagina = unescape(risposta.content.decode())
    assert "<h1" in pagina and "Questo indirizzo riceve solo l'invio di un modulo" in pagina
    assert f'href="{genitore}"' in pagina


def test_anche_senza_accesso_nessuna_pagina_vuota(client):
    risposta = client.get("/candidature/1/ritira/")
    assert risposta.status_code in (302, 405)  # to the login first, or the page: never blank
    assert risposta.status_code == 302 or "riceve solo l'invio" in risposta.content.decode()
