"""The 403 of a page reserved to some roles says to whom, and the way that fits the person:
a candidate sent to «ask the Dirigente Scolastico for a role» for the Supporto's queue was
told something false; a DS in reggenza is told to switch school."""

from html import unescape

import pytest

from accounts.models import Membership, Ruolo

pytestmark = pytest.mark.django_db


def _messaggio(client, indirizzo) -> str:
    risposta = client.get(indirizzo)
    assert risposta.status_code == 403
    return unescape(risposta.content.decode())


def test_un_candidato_sulla_coda_del_supporto(client, candidato):
    client.force_login(candidato)
    pagina = _messaggio(client, "/assistenza/coda/")
    assert "Questa pagina è riservata a chi opera come Supporto." in pagina
    assert "Questo ruolo lo assegna l'Amministrazione centrale." in pagina
    assert "Dirigente Scolastico del tuo istituto" not in pagina


def test_una_segreteria_su_una_pagina_del_dirigente(client, con_ruolo, istituto):
    segreteria = con_ruolo("NREPLA85E10H501Q", Ruolo.SEGRETERIA, istituto)
    client.force_login(segreteria)
    pagina = _messaggio(client, "/gestione/personale/")
    assert "Questa pagina è riservata a chi opera come Dirigente Scolastico o Amministrazione centrale." in pagina
    # a clerk is not told to ask to become Dirigente: the DS does what is reserved to the DS
    assert ("Con il ruolo di Segreteria non puoi aprirla: se l'operazione serve, chiedi al "
            "Dirigente Scolastico del tuo istituto di eseguirla.") in pagina
    assert "assegnarti il ruolo" not in pagina
    # and the page leads back where the person came from, on this site only
    pagina = unescape(client.get("/gestione/personale/",
                                 HTTP_REFERER="http://testserver/procedure/").content.decode())
    assert 'href="/procedure/">Torna alla pagina precedente' in pagina
    pagina = unescape(client.get("/gestione/personale/",
                                 HTTP_REFERER="https://altrove.example/x").content.decode())
    assert "altrove.example" not in pagina and "Torna alla pagina precedente" not in pagina


def test_chi_non_ha_ruoli_nell_istituto_sa_a_chi_chiederlo(client, candidato):
    client.force_login(candidato)
    pagina = _messaggio(client, "/procedure/")
    assert "chiedi al Dirigente Scolastico del tuo istituto di assegnarti il ruolo" in pagina


def test_chi_ha_il_ruolo_in_un_altro_istituto_sa_dove_sceglierlo(client, ds, con_ruolo,
                                                                 altro_istituto):
    segreteria_altrove = con_ruolo("RSSMRA70A41H501W", Ruolo.SEGRETERIA, altro_istituto)
    assert segreteria_altrove == ds
    client.force_login(ds)
    client.post("/profilo/cambia-istituto/", {
        "membership": Membership.objects.get(user=ds, istituto=altro_istituto).pk})
    pagina = _messaggio(client, "/gestione/personale/")
    assert "Hai questo ruolo in un altro istituto: sceglilo da «Operi come», in alto." in pagina


def test_un_404_dice_al_reggente_di_cambiare_istituto(client, con_ruolo, istituto,
                                                      altro_istituto, settings):
    """A DS of two schools, operating as the second, opened a link to a page of the first:
    a bare «Pagina non trovata»; now where to switch."""
    settings.DEBUG = False
    ds = con_ruolo("RSSMRA70A41H501W", Ruolo.DS, istituto)
    client.force_login(ds)
    pagina = unescape(client.get("/incarichi/999999/").content.decode())
    assert "Pagina non trovata" in pagina and "Operi come»" not in pagina  # one role only
    con_ruolo("RSSMRA70A41H501W", Ruolo.DS, altro_istituto)
    risposta = client.get("/incarichi/999999/")
    assert risposta.status_code == 404
    assert "sceglilo in «Operi come», in alto, e riaprila" in unescape(risposta.content.decode())


def test_un_ruolo_nazionale_non_e_mandato_al_dirigente_del_suo_istituto(client, con_ruolo):
    """The Amministrazione centrale, on a page of the istituti's offices, was told to ask «the
    DS of your istituto»: it has none. The pages of an istituto's work are for its people."""
    amministrazione = con_ruolo("CNTFNC68L20H501F", Ruolo.AMMINISTRAZIONE)
    client.force_login(amministrazione)
    pagina = _messaggio(client, "/procedure/")
    assert "del tuo istituto" not in pagina
    assert ("Con il ruolo di Amministrazione centrale non operi per un istituto: questa pagina "
            "è del personale delle scuole.") in pagina
    # the support, on a page also of the Amministrazione centrale: not «of the schools»
    supporto = con_ruolo("MRNLRA90M50H501J", Ruolo.SUPPORTO)
    client.force_login(supporto)
    pagina = _messaggio(client, "/gestione/personale/")
    assert "Con il ruolo di Supporto non puoi aprirla." in pagina
    assert "del tuo istituto" not in pagina and "personale delle scuole" not in pagina
