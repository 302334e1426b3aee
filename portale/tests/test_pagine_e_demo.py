import json
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Istituto, Membership, Ruolo, User
from accounts.spid_test_idp.identita import IDENTITA

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url, testo", [
    ("/", "Incarichi individuali nelle scuole"),
    ("/privacy/", "Regolamento (UE) 2016/679"),
    ("/accessibilita/", "WCAG 2.1"),
    ("/note-legali/", "Note legali"),
    ("/accounts/login/", "Entra con SPID"),
])
def test_pagine_pubbliche_in_italiano_con_footer(client, url, testo):
    risposta = client.get(url)
    html = risposta.content.decode()
    assert risposta.status_code == 200
    assert '<html lang="it">' in html and testo in html
    assert "Dichiarazione di accessibilità" in html and "Informativa privacy" in html


def test_la_home_porta_agli_avvisi_senza_passare_dal_menu(client, candidato):
    """On a phone the avvisi were reachable only through the ☰ menu: the home offers them
    beside the login, and after it beside the dashboard."""
    for persona in (None, candidato):
        if persona:
            client.force_login(persona)
        pagina = client.get("/").content.decode()
        principale = pagina[pagina.index("<main"):pagina.index("</main>")]
        assert '<a class="btn btn-outline-primary btn-lg" href="/avvisi/">Consulta gli avvisi</a>' in principale
        # the three cards lead somewhere: they looked like links and were not
        assert '<a class="stretched-link" href="/avvisi/?stato=aperto">Per i candidati</a>' in principale
        assert '<a class="stretched-link" href="/trasparenza/">Trasparenza</a>' in principale
        segreterie = "/area-riservata/" if persona else "/accounts/login/"
        assert f'<a class="stretched-link" href="{segreterie}">Per le segreterie</a>' in principale


def test_pagina_inesistente_404_in_italiano(client):
    risposta = client.get("/non-esiste/")
    assert risposta.status_code == 404


def test_healthz_database_e_broker(client):
    risposta = client.get("/healthz")
    dati = json.loads(risposta.content)
    assert risposta.status_code == 200 and dati["database"] and dati["broker"]


def test_healthz_riporta_il_battito_senza_farne_lo_stato(client, settings):
    """The worker and the beat write the heartbeat; near a deadline a stopped one extends the
    terms, and /healthz said nothing of it. Now it reports the last heartbeat and whether it
    is regular; the status stays the web's (a web container is not restarted for the queue)."""
    from datetime import timedelta

    from django.utils import timezone

    from portale.services.disponibilita import registra_battito

    dati = json.loads(client.get("/healthz").content)
    assert dati["battito"] == {"ultimo": None, "regolare": False} and dati["stato"] == "ok"
    adesso = timezone.now()
    vecchio = adesso - timedelta(minutes=settings.DISPONIBILITA_SOGLIA_BATTITO_MINUTI, seconds=5)
    registra_battito(adesso=vecchio)
    risposta = client.get("/healthz")
    dati = json.loads(risposta.content)
    assert risposta.status_code == 200 and dati["stato"] == "ok"
    assert dati["battito"] == {"ultimo": vecchio.isoformat(), "regolare": False}
    registra_battito(adesso=adesso)
    dati = json.loads(client.get("/healthz").content)
    assert dati["battito"] == {"ultimo": adesso.isoformat(), "regolare": True}


def test_healthz_segnala_il_broker_irraggiungibile(client, settings):
    from kombu import pools

    from config.celery import app

    chiavi = ("broker_url", "broker_read_url", "broker_write_url")
    originali = {chiave: app.conf.get(chiave) for chiave in chiavi}
    # CELERY_BROKER_URL in the environment wins over broker_url: override read/write too.
    app.conf.update({chiave: "redis://127.0.0.1:1/0" for chiave in chiavi})
    pools.reset()
    try:
        risposta = client.get("/healthz")
    finally:
        app.conf.update(originali)
        pools.reset()
    assert risposta.status_code == 503
    assert json.loads(risposta.content) == {
        "database": True, "broker": False, "stato": "degradato", "ambiente": "development",
        "battito": {"ultimo": None, "regolare": False}}


def test_carica_demo_idempotente(capsys):
    call_command("carica_demo")
    prima = (Istituto.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("carica_demo")
    assert (Istituto.objects.count(), User.objects.count(), Membership.objects.count()) == prima
    assert prima[0] == 3 and prima[2] == 8 and prima[1] >= len(IDENTITA)
    uscita = capsys.readouterr().out
    assert "Maria Rossi (RSSMRA70A41H501W)" in uscita and "SPID Test" in uscita
    reggente = User.objects.get(codice_fiscale="RSSMRA70A41H501W")
    assert sorted(reggente.memberships.valide().values_list(
        "istituto__codice_meccanografico", flat=True)) == ["RMIC8A7005", "RMIC8B4002"]
    dirigenti = Membership.objects.valide().filter(ruolo=Ruolo.DS).values_list(
        "istituto__codice_meccanografico", flat=True)
    assert sorted(dirigenti) == ["MIPS01000A", "RMIC8A7005", "RMIC8B4002"]  # one DS each


def test_carica_demo_revoca_la_reggenza_di_un_demo_precedente():
    """A database loaded by an earlier demo (Maria reggente of the Liceo Galilei, which has
    its own DS) keeps one DS per istituto when the demo is loaded again."""
    call_command("carica_demo")
    galilei = Istituto.objects.get(codice_meccanografico="MIPS01000A")
    vecchia = Membership.objects.create(user=User.objects.get(codice_fiscale="RSSMRA70A41H501W"),
                                        ruolo=Ruolo.DS, istituto=galilei)
    call_command("carica_demo")
    vecchia.refresh_from_db()
    assert vecchia.revocato_il == timezone.localdate()
    assert [m.user.cognome for m in Membership.objects.valide().filter(
        ruolo=Ruolo.DS, istituto=galilei)] == ["Bianchi"]


def test_favicon_servita(client):
    from django.contrib.staticfiles import finders

    risposta = client.get("/favicon.ico")
    assert risposta.status_code == 301
    assert risposta["Location"].endswith("portale/img/favicon.ico")
    assert "max-age=86400" in risposta["Cache-Control"]
    icona = finders.find("portale/img/favicon.ico")
    assert icona and Path(icona).read_bytes()[:4] == b"\x00\x00\x01\x00"  # ICO header


def test_robots_txt_tiene_i_motori_fuori_dalle_aree_riservate(client):
    # Crawlers asked /robots.txt on every page and got a 404; the reserved areas were left to
    # each crawler's courtesy. The public pages stay indexable (avvisi and esiti are published
    # for transparency), the reserved ones are excluded.
    risposta = client.get("/robots.txt")
    assert risposta.status_code == 200
    assert risposta["Content-Type"].startswith("text/plain")
    regole = risposta.content.decode().splitlines()
    assert "User-agent: *" in regole
    escluse = {r.removeprefix("Disallow: ") for r in regole if r.startswith("Disallow: ")}
    for riservata in ("/area-riservata/", "/gestione/", "/procedure/", "/candidature/",
                      "/incarichi/", "/commissioni/", "/profilo/", "/accounts/",
                      "/amministrazione-tecnica/", "/assistenza/", "/strumenti/",
                      "/rilevazione-fabbisogno/", "/spid-test-idp/"):
        assert riservata in escluse, riservata
    for pubblica in ("/avvisi/", "/esiti/", "/trasparenza/", "/"):
        assert not any(pubblica.startswith(e) for e in escluse), pubblica


@pytest.mark.django_db
def test_ultime_operazioni_delle_persone_dell_istituto(client, ds, ds_altro, istituto,
                                                      altro_istituto):
    """The dashboard lists what people of the istituto did, not the portal's own technical
    entries (they stay in the history of their object), nor another istituto's."""
    from portale.services.eventi import registra_evento

    registra_evento(autore=ds, azione="procedura.salvata", istituto=istituto,
                    descrizione="Informazioni generali salvate")
    registra_evento(autore=None, azione="avviso_composto", istituto=istituto,
                    descrizione="PDF dell'avviso composto (versione 1)")
    registra_evento(autore=ds_altro, azione="procedura.salvata", istituto=altro_istituto,
                    descrizione="Salvata nell'altro istituto")
    client.force_login(ds)
    pagina = unescape(client.get("/area-riservata/").content.decode())
    operazioni = pagina[pagina.index("Ultime operazioni"):]
    assert "Informazioni generali salvate" in operazioni and "Maria Rossi" in operazioni
    assert "PDF dell'avviso composto" not in operazioni and "(Sistema)" not in operazioni
    assert "Salvata nell'altro istituto" not in operazioni


def test_informativa_e_dichiarazione_di_accessibilita_complete(client):
    """The privacy notice lacked the controller, the legal basis, the recipients and the right
    to complain to the Garante (GDPR art. 13); the accessibility statement the AgID model's
    parts (state of compliance, what is not accessible, date, feedback, Difensore civico)."""
    from html import unescape

    privacy = unescape(client.get("/privacy/").content.decode())
    for titolo in ("Titolare del trattamento", "Responsabile della protezione dei dati",
                   "Finalità e base giuridica", "Conferimento dei dati", "A chi sono comunicati",
                   "Per quanto tempo", "I tuoi diritti"):
        assert f'<h2 class="h4">{titolo}</h2>' in privacy, titolo
    assert "art. 6, par. 1, lett. c ed e, GDPR" in privacy and "www.garanteprivacy.it" in privacy
    assert "l'IBAN indicato per il pagamento" in privacy  # asked in «Il mio incarico»
    accessibilita = unescape(client.get("/accessibilita/").content.decode())
    for titolo in ("Stato di conformità", "Redazione della dichiarazione",
                   "Meccanismo di feedback", "Modalità di attuazione"):
        assert f'<h2 class="h4">{titolo}</h2>' in accessibilita, titolo
    assert "Contenuti non accessibili" in accessibilita and "form.agid.gov.it" in accessibilita
    assert 'href="/assistenza/nuovo/"' in accessibilita or "apri un ticket" in accessibilita

