"""Notifiche come outbox: la riga nasce con la modifica, l'e-mail parte dopo, una volta sola."""

import contextlib
import logging
import re
import time
from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connections, transaction
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.models import Membership, Ruolo
from config.celery import app
from portale.models import Notifica, StatoInvio
from portale.services import notifiche
from portale.tests.celery_reale import broker_configurato, punta_broker

pytestmark = pytest.mark.django_db

BROKER_CHIUSO = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused


class ErroreDellAtto(Exception):
    pass


class BackendSmtpGuasto(BaseEmailBackend):
    """An e-mail backend whose SMTP server hangs up on every message."""

    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def _notifica(destinatario, oggetto="Esito della domanda", **extra):
    return notifiche.notifica(destinatario=destinatario, oggetto=oggetto,
                              testo="La domanda è stata accolta.", **extra)


def _invecchia(riga, secondi):
    Notifica.objects.filter(pk=riga.pk).update(creata_il=timezone.now() - timedelta(seconds=secondi))


@pytest.fixture
def celery_eager():
    """Tasks run inline on `.delay()`: the on-commit hook really runs the e-mail task."""
    precedente = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = precedente


# --- Outbox ---------------------------------------------------------------------------


def test_riga_nella_transazione_e_mail_solo_al_commit(candidato, mailoutbox, celery_eager,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as richiamate:
        with transaction.atomic():
            riga = _notifica(candidato, url="/area-riservata/")
            # still inside the transaction: the row is there, nothing has been sent
            assert Notifica.objects.filter(pk=riga.pk, stato_email=StatoInvio.IN_ATTESA).exists()
            assert mailoutbox == []
        assert mailoutbox == []  # the atomic block is done but not committed: nothing queued
    assert len(richiamate) == 1  # one on-commit hook, run as the transaction commits

    riga.refresh_from_db()
    assert riga.stato_email == StatoInvio.INVIATA
    assert riga.tentativi_email == 1
    assert riga.email_inviata_il is not None
    assert len(mailoutbox) == 1
    messaggio = mailoutbox[0]
    assert messaggio.to == [candidato.email]
    assert messaggio.subject == "Esito della domanda"
    assert messaggio.from_email == django_settings.DEFAULT_FROM_EMAIL
    assert "La domanda è stata accolta." in messaggio.body
    assert f"{django_settings.PORTALE_BASE_URL}/area-riservata/" in messaggio.body

    # queued again (e.g. by the sweep): nothing more goes out
    assert notifiche.invia_email_notifica(riga.pk) is False
    assert len(mailoutbox) == 1


def test_transazione_annullata_nessuna_riga_nessuna_mail(candidato, mailoutbox, celery_eager,
                                                         django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as richiamate,
          pytest.raises(ErroreDellAtto), transaction.atomic()):
        _notifica(candidato)
        raise ErroreDellAtto
    assert richiamate == []
    assert not Notifica.objects.exists()
    assert mailoutbox == []


def test_utente_senza_email_solo_nel_portale(crea_persona, mailoutbox, celery_eager,
                                             django_capture_on_commit_callbacks):
    senza_email = crea_persona("VRDLCU80D55L219W", nome="Lucia", cognome="Verdi")
    senza_email.email = ""
    senza_email.save()
    with django_capture_on_commit_callbacks(execute=True) as richiamate:
        riga = _notifica(senza_email)
    assert richiamate == []
    riga.refresh_from_db()
    assert riga.stato_email == StatoInvio.NON_RICHIESTA
    assert notifiche.invia_email_notifica(riga.pk) is False
    assert mailoutbox == []


def test_email_false_solo_nel_portale(candidato, mailoutbox, celery_eager,
                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as richiamate:
        riga = _notifica(candidato, email=False)
    assert richiamate == []
    assert riga.stato_email == StatoInvio.NON_RICHIESTA
    assert mailoutbox == []


def test_invio_chiamato_due_volte_una_sola_mail(candidato, mailoutbox):
    riga = _notifica(candidato, mittente="Segreteria IC <segreteria@example.it>")
    assert notifiche.invia_email_notifica(riga.pk) is True
    assert notifiche.invia_email_notifica(riga.pk) is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].from_email == "Segreteria IC <segreteria@example.it>"
    riga.refresh_from_db()
    assert (riga.stato_email, riga.tentativi_email) == (StatoInvio.INVIATA, 1)


def test_oggetto_lungo_tagliato_a_fine_parola_con_i_puntini(candidato, mailoutbox):
    """A procedure's oggetto may be 255 characters: the notice's subject (200) ends on a whole
    word with «…», in the portal and in the e-mail, instead of in the middle of a word."""
    oggetto = "Nuova candidatura per «" + "Progettazione esecutiva degli ambienti " * 6 + "»"
    riga = _notifica(candidato, oggetto=oggetto)
    riga.refresh_from_db()
    inizio = riga.oggetto.removesuffix("…")
    assert len(riga.oggetto) <= 200 and riga.oggetto.endswith("…")
    assert oggetto.startswith(inizio) and oggetto[len(inizio)] == " "  # a whole word
    assert notifiche.invia_email_notifica(riga.pk) is True
    assert mailoutbox[0].subject == riga.oggetto


def test_invio_di_notifica_inesistente(mailoutbox):
    assert notifiche.invia_email_notifica(987654) is False
    assert mailoutbox == []


def test_rinvio_solo_delle_righe_in_attesa_oltre_il_ritardo(candidato, crea_persona, mailoutbox,
                                                           celery_eager, settings):
    settings.NOTIFICHE_RITARDO_RINVIO_SECONDI = 600
    vecchia = _notifica(candidato, oggetto="Vecchia in attesa")
    _invecchia(vecchia, 3600)
    recente = _notifica(candidato, oggetto="Recente in attesa")
    _invecchia(recente, 60)
    gia_inviata = _notifica(candidato, oggetto="Già inviata")
    assert notifiche.invia_email_notifica(gia_inviata.pk)
    _invecchia(gia_inviata, 3600)
    senza_email = _notifica(crea_persona("VRDLCU80D55L219W"), oggetto="Solo portale", email=False)
    _invecchia(senza_email, 3600)
    mailoutbox.clear()

    assert notifiche.rinvia_in_sospeso() == 1  # default delay from settings: 600 s

    assert [m.subject for m in mailoutbox] == ["Vecchia in attesa"]
    stati = dict(Notifica.objects.values_list("oggetto", "stato_email"))
    assert stati == {
        "Vecchia in attesa": StatoInvio.INVIATA,
        "Recente in attesa": StatoInvio.IN_ATTESA,
        "Già inviata": StatoInvio.INVIATA,
        "Solo portale": StatoInvio.NON_RICHIESTA,
    }

    # with an explicit shorter delay the recent one is picked up too, and only that one
    assert notifiche.rinvia_in_sospeso(ritardo_secondi=30) == 1
    assert [m.subject for m in mailoutbox] == ["Vecchia in attesa", "Recente in attesa"]
    assert notifiche.rinvia_in_sospeso(ritardo_secondi=0) == 0


# --- SMTP guasto ----------------------------------------------------------------------


def test_smtp_guasto_lascia_la_riga_in_attesa_e_il_tentativo_successivo_invia(
        candidato, mailoutbox, settings, caplog):
    riga = _notifica(candidato)
    settings.EMAIL_BACKEND = f"{__name__}.BackendSmtpGuasto"

    with caplog.at_level(logging.WARNING, logger="portale.services.notifiche"):
        assert notifiche.invia_email_notifica(riga.pk) is False
        assert notifiche.invia_email_notifica(riga.pk) is False
    riga.refresh_from_db()
    assert riga.stato_email == StatoInvio.IN_ATTESA
    assert riga.tentativi_email == 2
    assert "Connection unexpectedly closed" in riga.ultimo_errore
    assert riga.email_inviata_il is None
    assert "fallito" in caplog.text
    assert mailoutbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifiche.invia_email_notifica(riga.pk) is True
    assert notifiche.invia_email_notifica(riga.pk) is False
    riga.refresh_from_db()
    assert riga.stato_email == StatoInvio.INVIATA
    assert riga.tentativi_email == 3
    assert riga.ultimo_errore == ""
    assert len(mailoutbox) == 1


# --- Broker fermo ---------------------------------------------------------------------


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_broker_fermo_poi_ripristinato_mail_consegnata_una_volta(
        candidato, broker_ripristinabile, caplog):
    mail.outbox.clear()

    # 1. Broker down: the change commits, nothing reaches the caller, the row waits.
    punta_broker(BROKER_CHIUSO, {"socket_connect_timeout": 1, "max_retries": 0})
    inizio = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="portale.services.notifiche"):
        with transaction.atomic():  # a real commit: the on-commit hook tries the broker
            riga = _notifica(candidato, oggetto="Nomina a DSGA")
        assert notifiche.rinvia_in_sospeso(ritardo_secondi=0) == 0  # the sweep cannot queue either
    assert time.monotonic() - inizio < 10
    assert caplog.text.count(f"notifica {riga.pk} resta in attesa") == 2
    riga.refresh_from_db()
    assert riga.stato_email == StatoInvio.IN_ATTESA
    assert riga.tentativi_email == 0
    assert mail.outbox == []

    # 2. Broker back, a real worker running: the sweep queues the task twice.
    eseguiti = []  # (notifica_id, sent?) of every task the worker ran

    def dopo_il_task(sender=None, args=(), retval=None, **kwargs):
        if sender is not None and sender.name == "portale.tasks.invia_notifica":
            eseguiti.append((args[0], retval))
        connections.close_all()  # runs in the worker thread: its own DB connection

    url, opzioni = broker_configurato()
    punta_broker(url, opzioni)
    task_postrun.connect(dopo_il_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[broker_ripristinabile],
                          loglevel="WARNING", shutdown_timeout=15):
            assert notifiche.rinvia_in_sospeso(ritardo_secondi=0) == 1
            assert notifiche.rinvia_in_sospeso(ritardo_secondi=0) == 1
            scadenza = time.monotonic() + 15
            while len(eseguiti) < 2 and time.monotonic() < scadenza:
                time.sleep(0.05)
    finally:
        task_postrun.disconnect(dopo_il_task)
        with contextlib.suppress(Exception), app.connection_for_write() as conn:
            coda = app.amqp.queues[broker_ripristinabile](conn.default_channel)
            coda.declare()  # the channel learns the binding, so that delete removes it
            coda.delete()  # no keys of this test left in Redis

    # delivered twice, sent once: the first run sends, the second finds nothing pending
    assert eseguiti == [(riga.pk, True), (riga.pk, False)]
    riga.refresh_from_db()
    assert riga.stato_email == StatoInvio.INVIATA
    assert riga.tentativi_email == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [candidato.email]
    assert mail.outbox[0].subject == "Nomina a DSGA"


# --- Casella nel portale --------------------------------------------------------------


def test_elenco_mostra_solo_le_proprie_notifiche(client, candidato, ds):
    _notifica(candidato, oggetto="Esito della domanda", email=False)
    _notifica(ds, oggetto="Riservata alla dirigente", email=False)
    client.force_login(candidato)
    risposta = client.get("/area-riservata/notifiche/")
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert "Esito della domanda" in html
    assert "Riservata alla dirigente" not in html
    assert [n.oggetto for n in risposta.context["pagina"]] == ["Esito della domanda"]


def test_il_numero_nel_menu_si_legge_al_singolare_e_al_plurale(client, ds):
    """A screen reader read «1 notifiche da leggere» on the badge of «Area riservata»."""
    _notifica(ds, oggetto="Prima", email=False)
    client.force_login(ds)
    html = client.get("/area-riservata/notifiche/").content.decode()
    assert '1<span class="visually-hidden"> notifica da leggere</span>' in html
    _notifica(ds, oggetto="Seconda", email=False)
    html = client.get("/area-riservata/notifiche/").content.decode()
    assert '2<span class="visually-hidden"> notifiche da leggere</span>' in html


def test_filtro_da_leggere(client, candidato):
    letta = _notifica(candidato, oggetto="Già letta", email=False)
    notifiche.segna_letta(notifica=letta)
    _notifica(candidato, oggetto="Ancora da leggere", email=False)
    client.force_login(candidato)
    risposta = client.get("/area-riservata/notifiche/?stato=non_lette")
    assert [n.oggetto for n in risposta.context["pagina"]] == ["Ancora da leggere"]


def test_apri_segna_letta_e_reindirizza(client, candidato):
    con_link = _notifica(candidato, url="/area-riservata/", email=False)
    senza_link = _notifica(candidato, oggetto="Promemoria", email=False)
    link_esterno = _notifica(candidato, oggetto="Sospetta", url="https://esempio.example/x",
                             email=False)
    client.force_login(candidato)

    risposta = client.post(f"/area-riservata/notifiche/{con_link.pk}/apri/")
    assert risposta.status_code == 302 and risposta["Location"] == "/area-riservata/"
    risposta = client.post(f"/area-riservata/notifiche/{senza_link.pk}/apri/")
    assert risposta.status_code == 302 and risposta["Location"] == "/area-riservata/notifiche/"
    risposta = client.post(f"/area-riservata/notifiche/{link_esterno.pk}/apri/")
    assert risposta.status_code == 302 and risposta["Location"] == "/area-riservata/notifiche/"

    for riga in (con_link, senza_link, link_esterno):
        riga.refresh_from_db()
        assert riga.letta_il is not None
    # opening again keeps the first reading time
    prima = con_link.letta_il
    client.post(f"/area-riservata/notifiche/{con_link.pk}/apri/")
    con_link.refresh_from_db()
    assert con_link.letta_il == prima


def test_apri_solo_in_post(client, candidato):
    riga = _notifica(candidato, email=False)
    client.force_login(candidato)
    assert client.get(f"/area-riservata/notifiche/{riga.pk}/apri/").status_code == 405
    riga.refresh_from_db()
    assert riga.letta_il is None


def test_apri_notifica_altrui_404(client, candidato, ds):
    altrui = _notifica(ds, oggetto="Riservata alla dirigente", email=False)
    client.force_login(candidato)
    assert client.post(f"/area-riservata/notifiche/{altrui.pk}/apri/").status_code == 404
    assert client.post("/area-riservata/notifiche/987654/apri/").status_code == 404
    altrui.refresh_from_db()
    assert altrui.letta_il is None


def test_anonimo_rimandato_al_login(client, candidato):
    riga = _notifica(candidato, email=False)
    risposta = client.get("/area-riservata/notifiche/")
    assert risposta.status_code == 302
    assert risposta["Location"].startswith("/accounts/login/?next=/area-riservata/notifiche/")
    risposta = client.post(f"/area-riservata/notifiche/{riga.pk}/apri/")
    assert risposta.status_code == 302
    assert risposta["Location"].startswith("/accounts/login/")
    riga.refresh_from_db()
    assert riga.letta_il is None


def test_apri_notifica_di_un_altro_istituto_dove_ho_un_ruolo_cambia_il_ruolo_attivo(
        client, con_ruolo, istituto, altro_istituto):
    """A DS reggente of a second school, working as DS of the first, opens a notice about a
    procedura of the second: the page it leads to is scoped to the active role, so the portal
    switches to the role at that school (and says so) instead of leading to «Pagina non
    trovata»."""
    reggente = con_ruolo("RSSMRA70A41H501W", Ruolo.DS, istituto, nome="Maria", cognome="Rossi")
    con_ruolo("RSSMRA70A41H501W", Ruolo.DS, altro_istituto)
    nuovo = con_ruolo("VRDLCU80A41F205X", Ruolo.DSGA, altro_istituto, nome="Lucia", cognome="Verdi")
    ruolo_nuovo = Membership.objects.get(user=nuovo)
    prima = Membership.objects.get(user=reggente, istituto=istituto)
    pagina = f"/gestione/personale/{ruolo_nuovo.pk}/"
    riga = _notifica(reggente, oggetto="Nuovo DSGA", istituto=altro_istituto, url=pagina,
                     email=False)
    client.force_login(reggente)
    sessione = client.session
    sessione[SESSION_KEY] = prima.pk
    sessione.save()
    assert client.get(pagina).status_code == 404  # outside the active role's scope

    risposta = client.post(f"/area-riservata/notifiche/{riga.pk}/apri/", follow=True)
    assert risposta.status_code == 200
    assert risposta.redirect_chain == [(pagina, 302)]
    assert client.session[SESSION_KEY] == Membership.objects.get(user=reggente, istituto=altro_istituto).pk
    assert "Ora operi come Dirigente Scolastica presso Liceo Galilei" in risposta.content.decode()


def test_le_notifiche_di_un_altro_istituto_dicono_di_quale(client, con_ruolo, istituto,
                                                           altro_istituto):
    """Working as reggente of the second school, the cruscotto and «Notifiche» listed the
    first school's notices as if they were of the second: each notice of another istituto
    names it; those of the active one, and those of no istituto, do not."""
    reggente = con_ruolo("RSSMRA70A41H501W", Ruolo.DS, istituto, nome="Maria", cognome="Rossi")
    con_ruolo("RSSMRA70A41H501W", Ruolo.DS, altro_istituto)
    _notifica(reggente, oggetto="Incarico da perfezionare", istituto=istituto, email=False)
    _notifica(reggente, oggetto="Nuovo DSGA", istituto=altro_istituto, email=False)
    _notifica(reggente, oggetto="Benvenuta", istituto=None, email=False)
    client.force_login(reggente)
    sessione = client.session
    sessione[SESSION_KEY] = Membership.objects.get(user=reggente, istituto=altro_istituto).pk
    sessione.save()
    for url in ("/area-riservata/", "/area-riservata/notifiche/"):
        testo = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(url).content.decode()))
        assert f"Incarico da perfezionare · {istituto.denominazione}" in testo, url
        assert "Nuovo DSGA · " not in testo and "Benvenuta · " not in testo, url


def test_apri_notifica_di_un_istituto_dove_non_ho_ruolo_non_cambia_nulla(
        client, con_ruolo, istituto, altro_istituto):
    """The same person as a candidate at another school (no role there): the notice leads to
    the candidate's page, the active role stays, no message about roles."""
    persona = con_ruolo("RSSMRA70A41H501W", Ruolo.SEGRETERIA, istituto, nome="Maria", cognome="Rossi")
    attiva = Membership.objects.get(user=persona)
    riga = _notifica(persona, istituto=altro_istituto, url="/candidature/", email=False)
    client.force_login(persona)
    sessione = client.session
    sessione[SESSION_KEY] = attiva.pk
    sessione.save()
    risposta = client.post(f"/area-riservata/notifiche/{riga.pk}/apri/")
    assert risposta.status_code == 302 and risposta["Location"] == "/candidature/"
    assert client.session[SESSION_KEY] == attiva.pk
    assert not list(get_messages(risposta.wsgi_request))


def test_segna_tutte_come_lette_solo_le_proprie(client, candidato, crea_persona):
    """Eleven unread notices after a busy week: «Segna tutte come lette» at once, with the
    count; the notices of another person stay as they are."""
    altra = crea_persona("BNCLRA95M41F205Z", nome="Laura", cognome="Bianchi")
    for numero in range(3):
        _notifica(candidato, oggetto=f"Avviso {numero}", email=False)
    sua = _notifica(altra, email=False)
    client.force_login(candidato)
    pagina = client.get("/area-riservata/notifiche/").content.decode()
    assert "Segna tutte come lette (3)" in pagina
    risposta = client.post("/area-riservata/notifiche/segna-tutte-lette/", follow=True)
    assert "3 notifiche segnate come lette." in risposta.content.decode()
    assert not Notifica.objects.filter(destinatario=candidato, letta_il__isnull=True).exists()
    sua.refresh_from_db()
    assert sua.letta_il is None
    assert "Segna tutte come lette" not in client.get("/area-riservata/notifiche/").content.decode()
    assert client.get("/area-riservata/notifiche/segna-tutte-lette/").status_code == 405


@pytest.mark.parametrize(("testo", "saluti"), [
    ("Lo stato della tua richiesta è ora: Chiuso.", 1),
    ("Gentile Marco,\nci servono alcune informazioni in più.", 1),
    ("Buongiorno, il file è stato ricevuto.", 1)])
def test_l_email_saluta_una_volta_sola(candidato, testo, saluti):
    """A message that greets already («Gentile Marco,», a reply of the Supporto) is not
    preceded by a second greeting («Gentile Marco Esposito,» then «Gentile Marco,»)."""
    riga = Notifica(destinatario=candidato, oggetto="Risposta", testo=testo)
    corpo = notifiche._corpo_email(riga)
    assert corpo.count("Gentile") + corpo.count("Buongiorno") == saluti
    assert testo in corpo


def test_le_notifiche_recenti_del_cruscotto_si_aprono(client, candidato, celery_eager):
    """«Graduatoria provvisoria – …» on the dashboard was plain text: the person went to «Tutte
    le notifiche», then «Apri». A notice with a page opens from the dashboard (and is marked as
    read on the way); one without a page stays text."""
    con_pagina = _notifica(candidato, oggetto="Graduatoria provvisoria – Tutor PCTO",
                           url="/avvisi/")
    _notifica(candidato, oggetto="Benvenuta nel portale")
    client.force_login(candidato)
    html = client.get("/area-riservata/").content.decode()
    azione = f'action="/area-riservata/notifiche/{con_pagina.pk}/apri/"'
    assert azione in html
    riga = html[html.index(azione):]
    assert "Graduatoria provvisoria – Tutor PCTO</button>" in riga[:600]
    assert "Benvenuta nel portale</button>" not in html and "Benvenuta nel portale" in html
    risposta = client.post(f"/area-riservata/notifiche/{con_pagina.pk}/apri/")
    assert risposta["Location"] == "/avvisi/"
    con_pagina.refresh_from_db()
    assert con_pagina.letta_il is not None
