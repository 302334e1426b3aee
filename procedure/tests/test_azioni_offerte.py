"""The detail page offers each lifecycle action once, only to the roles of procedure/stati.py,
and every button it shows opens (no 403 behind a button)."""

import re
from html import unescape

import pytest

from procedure import services
from procedure.stati import TRANSIZIONI
from tests.moduli_html import moduli_della_pagina

pytestmark = pytest.mark.django_db

BOTTONI = re.compile(r'href="(/procedure/\d+/azione/[a-z_]+/)"')


def _pagina(client, procedura):
    risposta = client.get(f"/procedure/{procedura.pk}/")
    assert risposta.status_code == 200
    return risposta.content.decode()


@pytest.mark.parametrize("ruolo", ["ds", "dsga", "segreteria"])
def test_bozza_un_solo_concludi_e_nessun_bottone_verso_un_403(
        ruolo, request, client_di, crea_procedura_completa):
    persona = request.getfixturevalue(ruolo)
    procedura = crea_procedura_completa()
    client = client_di(persona)
    html = _pagina(client, procedura)
    assert html.count("Concludi Procedura di Selezione") == 1
    assert f'/procedure/{procedura.pk}/azione/concludi/' not in html
    for indirizzo in BOTTONI.findall(html):
        assert client.get(indirizzo).status_code == 200, indirizzo


@pytest.mark.parametrize("stato", ["conclusa", "pubblicata", "aperta", "sospesa", "chiusa"])
@pytest.mark.parametrize("ruolo", ["ds", "dsga", "segreteria"])
def test_azioni_solo_ai_ruoli_della_tabella(
        stato, ruolo, request, client_di, crea_procedura_completa, porta_a):
    persona = request.getfixturevalue(ruolo)
    procedura = porta_a(crea_procedura_completa(), stato)
    client = client_di(persona)
    html = _pagina(client, procedura)
    assert "Concludi Procedura di Selezione" not in html
    offerte = {indirizzo.rstrip("/").rsplit("/", 1)[1] for indirizzo in BOTTONI.findall(html)}
    for nome in offerte:
        assert ruolo in TRANSIZIONI[nome].ruoli and procedura.stato in TRANSIZIONI[nome].da
    for indirizzo in BOTTONI.findall(html):
        assert client.get(indirizzo).status_code == 200, indirizzo
    if stato == "conclusa":
        assert ("pubblica" in offerte) == (ruolo == "ds")  # «Pubblicazione»: only the DS


def test_concludere_e_rimuovere_chiedono_conferma(client_di, ds, ds_membership,
                                                 crea_procedura_completa):
    """«Concludi Procedura di Selezione» and every «Rimuovi» post only from a dialog that says
    what follows: a click by mistake is not enough."""
    procedura = crea_procedura_completa()
    services.aggiungi_campo(autore=ds, membership=ds_membership, procedura=procedura,
                            etichetta="Disponibilità il sabato", tipo="si_no")
    client = client_di(ds)
    azioni = {}
    for pagina in ("", "criteri/", "funzionalita/"):
        html = client.get(f"/procedure/{procedura.pk}/{pagina}").content.decode()
        for modulo in moduli_della_pagina(html):
            cosa = re.search(r"/(concludi|rimuovi/\w+)/", modulo["action"])
            if cosa:
                azioni.setdefault(cosa.group(1), []).append(modulo["nel_dialogo"])
    assert set(azioni) == {"concludi", "rimuovi/criterio", "rimuovi/campo", "rimuovi/allegato"}
    assert all(all(nel_dialogo) for nel_dialogo in azioni.values()), azioni


def test_annullare_si_conferma_con_un_pulsante_che_dice_cosa_annulla(
        client_di, ds, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    html = client_di(ds).get(f"/procedure/{procedura.pk}/azione/annulla/").content.decode()
    assert ">Annulla la procedura</button>" in html and "Conferma: Annulla" not in html
    assert ">Torna indietro</a>" in html


def test_la_motivazione_dell_annullamento_ha_un_limite_e_il_testo_resta(
        client_di, ds, crea_procedura_completa, porta_a):
    """21.000 characters were accepted as the reason, published and sent to every candidate."""
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    risposta = client_di(ds).post(f"/procedure/{procedura.pk}/azione/annulla/",
                                  {"motivazione": "Definanziato. " * 200})
    pagina = risposta.content.decode()
    assert risposta.status_code == 200 and "non contenga più di 2000 caratteri (ne ha 2799)" in unescape(pagina)
    assert 'maxlength="2000"' in pagina and "Definanziato. Definanziato." in pagina
    procedura.refresh_from_db()
    assert procedura.stato == "conclusa"


@pytest.mark.parametrize("azione, dati, messaggio", [
    ("sospendi", {}, "Procedura sospesa: fino alla ripresa non si possono inviare candidature. "
                     "Chi ha una bozza o una candidatura inviata ne è avvisato."),
    ("annulla", {"motivazione": "Progetto definanziato"},
     "Procedura annullata: le sue candidature sono annullate e ogni candidato ne è avvisato "
     "con la motivazione."),
])
def test_dopo_l_azione_il_messaggio_dice_cosa_e_successo(
        client_di, ds, crea_procedura_completa, porta_a, azione, dati, messaggio):
    """«Operazione eseguita: «Annulla».» read as «the dialog was cancelled»."""
    procedura = porta_a(crea_procedura_completa(), "aperta")
    risposta = client_di(ds).post(f"/procedure/{procedura.pk}/azione/{azione}/", dati, follow=True)
    assert messaggio in unescape(risposta.content.decode())


def test_la_revisione_significativa_dice_che_annulla_e_sostituisce(
        client_di, ds, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    risposta = client_di(ds).post(f"/procedure/{procedura.pk}/azione/revisione_significativa/",
                                  {"motivazione": "Requisiti da riscrivere"}, follow=True)
    nuova = risposta.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    assert (f"Procedura n. {procedura.pk} annullata con le sue candidature (chi ne aveva è "
            f"avvisato) e sostituita dalla nuova bozza n. {nuova}: modificala e pubblicala come "
            "nuovo avviso.") in unescape(risposta.content.decode())
