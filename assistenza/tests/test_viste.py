"""Assistenza pages: Apri ticket, Monitoraggio Tickets, the queue, forbidden paths, queries."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from accounts.models import Ruolo
from assistenza import selectors, services, urls
from assistenza.models import Messaggio, RispostaPredefinita, Stato, Ticket
from portale.tests import campioni_documenti as campioni

pytestmark = pytest.mark.django_db


def test_apri_ticket_dal_portale_con_allegato(client, candidato, settings):
    client.force_login(candidato)
    pagina = client.get("/assistenza/apri/").content.decode()
    for etichetta in ("Tipologia", "Oggetto", "Descrizione", "Procedura di selezione",
                      "Allegati", "Accesso al portale", "Segnalazione tecnica"):
        assert etichetta in pagina
    risposta = client.post("/assistenza/apri/", {
        "tipologia": "candidature", "oggetto": "Allegato rifiutato",
        "descrizione": "Il sistema non accetta il mio CV", "riferimento_procedura": "12/2026",
        "allegati": [campioni.caricato("cv.pdf", campioni.pdf()),
                     campioni.caricato("errore.png", campioni.png())]})
    ticket = Ticket.objects.get()
    assert risposta.status_code == 302
    assert risposta["Location"] == f"/assistenza/ticket/{ticket.codice}/"
    pagina = client.get(risposta["Location"]).content.decode()
    assert f"Ticket {ticket.codice} aperto" in pagina and candidato.email in pagina
    assert "cv.pdf" in pagina and "errore.png" in pagina and "12/2026" in pagina
    assert ticket.messaggi.get().allegati.count() == 2


def test_apri_ticket_con_dati_mancanti_o_file_falso(client, candidato):
    client.force_login(candidato)
    risposta = client.post("/assistenza/apri/", {
        "tipologia": "", "oggetto": "Prova", "descrizione": "",
        "allegati": [campioni.caricato("cv.pdf", b"MZ eseguibile")]})
    html = risposta.content.decode()
    assert risposta.status_code == 200
    assert "Il file «cv.pdf» non è un PDF valido." in html
    assert 'value="Prova"' in html  # the user's typing is kept
    assert not Ticket.objects.exists()


def test_apri_ticket_rifiutato_dice_di_scegliere_di_nuovo_l_allegato_valido(client, candidato):
    """The subject forgotten, a valid screenshot chosen: the browser drops the file when the
    page comes back; the page says so, by name, and says the ticket was not opened."""
    client.force_login(candidato)
    html = unescape(client.post("/assistenza/apri/", {
        "tipologia": "accesso", "oggetto": "", "descrizione": "Non entro con SPID",
        "allegati": [campioni.caricato("errore.png", campioni.png())]}).content.decode())
    assert "Il ticket non è stato aperto: correggi i campi indicati." in html
    assert ("Il file «errore.png» era valido ma non è stato allegato, per gli errori negli "
            "altri campi: sceglilo di nuovo.") in html
    assert "Non entro con SPID" in html and not Ticket.objects.exists()


def test_monitoraggio_filtri_e_stati_vuoti(client, candidato, apri_ticket, supporto, come):
    client.force_login(candidato)
    assert "Non hai ancora aperto nessun ticket" in client.get("/assistenza/").content.decode()
    uno = apri_ticket(candidato, oggetto="Accesso SPID", tipologia="accesso")
    due = apri_ticket(candidato, oggetto="Graduatoria", tipologia="graduatorie")
    vecchio = apri_ticket(candidato, oggetto="Vecchio", tipologia="altro",
                          quando=timezone.now() - timedelta(days=30))
    services.rispondi(**come(supporto), ticket=due, testo="Ok", stato=Stato.RISOLTO)

    def oggetti(query):
        risposta = client.get("/assistenza/" + query)
        assert risposta.status_code == 200
        return sorted(t.oggetto for t in risposta.context["pagina"].object_list)

    assert oggetti("") == ["Accesso SPID", "Graduatoria", "Vecchio"]
    assert oggetti(f"?codice={uno.codice[-3:]}") == ["Accesso SPID"]
    assert oggetti(f"?codice={uno.codice.lower()}") == ["Accesso SPID"]
    assert oggetti("?tipologia=graduatorie") == ["Graduatoria"]
    assert oggetti("?stato=risolto") == ["Graduatoria"]
    oggi = timezone.localdate()
    assert oggetti(f"?dal={oggi - timedelta(days=1)}") == ["Accesso SPID", "Graduatoria"]
    assert oggetti(f"?al={oggi - timedelta(days=1)}") == ["Vecchio"]
    assert vecchio.codice in client.get("/assistenza/?tipologia=altro").content.decode()
    vuota = client.get("/assistenza/?tipologia=procedure").content.decode()
    assert "Nessun ticket corrisponde ai filtri" in vuota
    pagina = client.get("/assistenza/").content.decode()
    assert "Id ticket" in pagina and "Tipologia" in pagina and "Risolto" in pagina


def test_il_richiedente_vede_solo_i_propri_ticket(client, candidato, altro_candidato,
                                                  apri_ticket, pdf_caricato):
    mio = apri_ticket(candidato, allegati=[pdf_caricato()])
    altrui = apri_ticket(altro_candidato, oggetto="Ticket di Marco", allegati=[pdf_caricato()])
    client.force_login(candidato)
    assert [t.codice for t in client.get("/assistenza/").context["pagina"]] == [mio.codice]
    allegato_altrui = altrui.messaggi.get().allegati.get()
    for metodo, url in [
        ("get", f"/assistenza/ticket/{altrui.codice}/"),
        ("post", f"/assistenza/ticket/{altrui.codice}/messaggio/"),
        ("post", f"/assistenza/ticket/{altrui.codice}/riapri/"),
        ("post", f"/assistenza/ticket/{altrui.codice}/chiudi/"),
        ("get", f"/assistenza/allegati/{allegato_altrui.pk}/"),
        ("get", "/assistenza/ticket/TCK-2026-999999/"),
    ]:
        assert getattr(client, metodo)(url).status_code == 404, url
    altrui.refresh_from_db()
    assert altrui.stato == Stato.APERTO and altrui.messaggi.count() == 1
    allegato_mio = mio.messaggi.get().allegati.get()
    scaricato = client.get(f"/assistenza/allegati/{allegato_mio.pk}/")
    assert scaricato.status_code == 200 and scaricato["X-Content-Type-Options"] == "nosniff"
    assert scaricato["Content-Disposition"].startswith('attachment; filename="schermata.pdf"')


@pytest.mark.parametrize("ruolo", [Ruolo.DS, Ruolo.SEGRETERIA, Ruolo.AMMINISTRAZIONE])
def test_il_personale_non_supporto_non_vede_i_ticket_altrui(client, con_ruolo, istituto,
                                                            candidato, apri_ticket, ruolo):
    ticket = apri_ticket(candidato)
    persona = con_ruolo("RSSMRA70A41H501W", ruolo,
                        None if ruolo == Ruolo.AMMINISTRAZIONE else istituto)
    client.force_login(persona)
    assert client.get(f"/assistenza/ticket/{ticket.codice}/").status_code == 404
    allegati_qs = Messaggio.objects.filter(ticket=ticket)
    assert allegati_qs.exists()
    for url in ["/assistenza/coda/", "/assistenza/report/"]:
        assert client.get(url).status_code == 403
    for azione in ("prendi", "assegna", "rispondi", "nota", "stato"):
        assert client.post(f"/assistenza/ticket/{ticket.codice}/{azione}/",
                           {"testo": "x", "stato": "risolto", "nota-testo": "x",
                            "cambio-stato": "risolto"}).status_code == 403
    ticket.refresh_from_db()
    assert ticket.stato == Stato.APERTO and ticket.assegnato_a is None
    assert client.get("/assistenza/").context["pagina"].paginator.count == 0


def test_anonimo_rimandato_al_login_su_ogni_indirizzo_dell_assistenza(client, candidato,
                                                                     apri_ticket):
    ticket = apri_ticket(candidato)
    allegato_pk = 1
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        argomenti = {k: ticket.codice if k == "codice" else allegato_pk
                     for k in pattern.pattern.converters}
        url = reverse(f"assistenza:{pattern.name}", kwargs=argomenti)
        for metodo in ("get", "post"):
            risposta = getattr(client, metodo)(url)
            assert risposta.status_code == 302, (metodo, url)
            assert risposta["Location"].startswith("/accounts/login/"), url


def test_percorso_completo_del_supporto(client, candidato, supporto, apri_ticket, settings):
    ticket = apri_ticket(candidato, oggetto="Non vedo la procedura")
    RispostaPredefinita.objects.create(
        titolo="Cache del browser", testo="Gentile {nome}, per {codice} svuoti la cache.")
    client.force_login(supporto)
    coda = client.get("/assistenza/coda/")
    assert [t.codice for t in coda.context["pagina"]] == [ticket.codice]
    assert client.get("/assistenza/coda/?vista=miei").context["pagina"].paginator.count == 0

    assert client.post(f"/assistenza/ticket/{ticket.codice}/prendi/").status_code == 302
    assert client.get("/assistenza/coda/").context["pagina"].paginator.count == 0
    assert [t.codice for t in client.get("/assistenza/coda/?vista=miei").context["pagina"]] == [
        ticket.codice]

    pagina = client.get(f"/assistenza/ticket/{ticket.codice}/").content.decode()
    assert "Cache del browser" in pagina and "Gentile Alessia, per " in pagina  # JSON for the JS
    predefinita = RispostaPredefinita.objects.get()
    # With JavaScript the reply was copied into the text: emptied by the operator, it is not sent
    rifiutata = client.post(f"/assistenza/ticket/{ticket.codice}/rispondi/", {
        "risposta_predefinita": predefinita.pk, "testo": "  ", "stato": "in_attesa",
        "con_javascript": "1"})
    assert rifiutata.status_code == 400  # the form again, with the error
    assert "Il testo della risposta è vuoto" in unescape(rifiutata.content.decode())
    assert not ticket.messaggi.filter(dal_supporto=True, interno=False).exists()
    # Without JavaScript: the canned reply chosen with an empty text is sent as it is.
    assert client.post(f"/assistenza/ticket/{ticket.codice}/rispondi/", {
        "risposta_predefinita": predefinita.pk, "testo": "", "stato": "in_attesa",
    }).status_code == 302
    assert client.post(f"/assistenza/ticket/{ticket.codice}/nota/",
                       {"nota-testo": "Verificare la configurazione SPID"}).status_code == 302
    client.get(f"/assistenza/ticket/{ticket.codice}/")  # shows (and consumes) the flash messages
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_ATTESA and ticket.prima_risposta_il is not None
    risposta = ticket.messaggi.get(dal_supporto=True, interno=False)
    assert risposta.testo == f"Gentile Alessia, per {ticket.codice} svuoti la cache."

    client.force_login(candidato)
    vista = client.get(f"/assistenza/ticket/{ticket.codice}/").content.decode()
    assert "svuoti la cache" in vista and "Invia il riscontro richiesto" in vista
    assert "Verificare la configurazione SPID" not in vista and "Nota interna" not in vista
    assert "Laura Marini" not in vista  # the requester sees «Assistenza», not the operator
    assert client.post(f"/assistenza/ticket/{ticket.codice}/messaggio/", {
        "testo": "Fatto, ora funziona", "allegati": [campioni.caricato("ok.jpg", campioni.jpeg())],
    }).status_code == 302
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_LAVORAZIONE

    client.force_login(supporto)
    pagina = client.get(f"/assistenza/ticket/{ticket.codice}/").content.decode()
    assert "Verificare la configurazione SPID" in pagina and "ok.jpg" in pagina
    assert "Cronologia" in pagina
    # one operator only, already in charge: no «Assegna a» offering nobody else
    assert ticket.assegnato_a == supporto and "Assegna a" not in pagina
    # concluding asks first, saying what follows, and keeps the message to the requester
    domanda = client.post(f"/assistenza/ticket/{ticket.codice}/stato/",
                          {"cambio-stato": "risolto", "cambio-motivazione": "Chiudiamo"})
    assert domanda.status_code == 200
    testo = unescape(domanda.content.decode())
    assert "Confermi che il ticket è risolto?" in testo
    assert 'name="cambio-confermato" value="1"' in testo
    assert re.search(r'name="cambio-motivazione"[^>]*>\s*Chiudiamo</textarea>', testo)
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_LAVORAZIONE
    assert client.post(f"/assistenza/ticket/{ticket.codice}/stato/",
                       {"cambio-stato": "risolto", "cambio-motivazione": "Chiudiamo",
                        "cambio-confermato": "1"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.stato == Stato.RISOLTO
    # A move the table forbids is refused on the page, with the choices of the current state.
    rifiuto = client.post(f"/assistenza/ticket/{ticket.codice}/stato/",
                          {"cambio-stato": "in_attesa"})
    assert rifiuto.status_code == 400
    ticket.refresh_from_db()
    assert ticket.stato == Stato.RISOLTO

    client.force_login(candidato)
    vista = client.get(f"/assistenza/ticket/{ticket.codice}/").content.decode()
    assert "Riapri il ticket" in vista
    assert client.post(f"/assistenza/ticket/{ticket.codice}/riapri/",
                       {"motivazione": "Di nuovo"}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_LAVORAZIONE


def test_risposta_vuota_rifiutata_e_assegnazione(client, candidato, supporto, supporto2,
                                                 apri_ticket):
    ticket = apri_ticket(candidato)
    client.force_login(supporto)
    rifiuto = client.post(f"/assistenza/ticket/{ticket.codice}/rispondi/",
                          {"testo": " ", "stato": "in_attesa"})
    assert rifiuto.status_code == 400
    assert "Scrivi la risposta o scegli una risposta predefinita" in rifiuto.content.decode()
    assert client.post(f"/assistenza/ticket/{ticket.codice}/assegna/",
                       {"operatore": supporto2.pk}).status_code == 302
    ticket.refresh_from_db()
    assert ticket.assegnato_a == supporto2 and ticket.stato == Stato.IN_LAVORAZIONE
    assert client.get("/assistenza/coda/?vista=tutti&q=" + ticket.codice).context[
        "pagina"].paginator.count == 1
    assert client.get("/assistenza/coda/?vista=tutti&q=FRRLSS92P45F839O").context[
        "pagina"].paginator.count == 1
    assert client.get("/assistenza/coda/?vista=tutti&stato=chiuso").context[
        "pagina"].paginator.count == 0
    vuota = client.get("/assistenza/coda/?vista=tutti&stato=chiuso").content.decode()
    assert "Nessun ticket in questa vista" in vuota


def test_chiusura_del_richiedente_con_conferma(client, candidato, apri_ticket):
    ticket = apri_ticket(candidato)
    client.force_login(candidato)
    pagina = client.get(f"/assistenza/ticket/{ticket.codice}/").content.decode()
    assert "Confermi la chiusura?" in pagina
    assert client.get(f"/assistenza/ticket/{ticket.codice}/chiudi/").status_code == 405
    assert client.post(f"/assistenza/ticket/{ticket.codice}/chiudi/").status_code == 302
    ticket.refresh_from_db()
    assert ticket.stato == Stato.CHIUSO


def test_report_del_supporto(client, supporto, candidato, apri_ticket, come):
    ticket = apri_ticket(candidato, tipologia="accesso")
    client.force_login(supporto)
    assert "Nessun ticket aperto nel periodo" in client.get(
        "/assistenza/report/?dal=2020-01-01&al=2020-01-31").content.decode()
    services.rispondi(**come(supporto), ticket=ticket, testo="Ok", stato=Stato.RISOLTO)
    pagina = client.get("/assistenza/report/").content.decode()
    assert "Accesso al portale" in pagina and "Totale" in pagina and "min" in pagina
    errore = client.get("/assistenza/report/?dal=2026-02-01&al=2026-01-01").content.decode()
    assert "non può precedere" in errore
    # the figures of every period were shown under the error, as if they were the period's
    assert "Accesso al portale" not in errore and "Nessun ticket aperto nel periodo" not in errore


def test_periodo_rovesciato_detto_in_ogni_filtro(client, supporto, candidato, apri_ticket):
    """The requester's list answered an inverted period with «Nessun ticket corrisponde ai
    filtri», as if the period were right and empty; the queue of the Supporto as well."""
    apri_ticket(candidato)
    client.force_login(candidato)
    pagina = client.get("/assistenza/?dal=2026-12-10&al=2026-11-01").content.decode()
    assert "La fine del periodo non può precedere l'inizio." in unescape(pagina)
    client.force_login(supporto)
    pagina = client.get("/assistenza/coda/?dal=2026-12-10&al=2026-11-01").content.decode()
    assert "La fine del periodo non può precedere l'inizio." in unescape(pagina)


def _molti_ticket(richiedente, quanti):
    adesso = timezone.now()
    for numero in range(quanti):
        Ticket.objects.create(codice=f"TCK-2000-{numero:06d}", anno=2000, numero=numero,
                              richiedente=richiedente, tipologia="altro", oggetto=f"T{numero}",
                              creato_il=adesso, aggiornato_il=adesso)


@pytest.mark.parametrize("quanti", [2, 45])
def test_query_costanti_negli_elenchi(client, candidato, supporto, quanti,
                                      django_assert_max_num_queries):
    _molti_ticket(candidato, quanti)
    client.force_login(candidato)
    with django_assert_max_num_queries(6):
        assert client.get("/assistenza/?pagina=2").status_code == 200
    client.force_login(supporto)
    with django_assert_max_num_queries(7):
        assert client.get("/assistenza/coda/?vista=tutti&pagina=2").status_code == 200
    with django_assert_max_num_queries(7):  # a search of many words: still one query
        assert client.get("/assistenza/coda/?vista=tutti&q=Ferrari Alessia Sant'Anna T1"
                          "&tipologia=altro&stato=").status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get("/assistenza/report/").status_code == 200


@pytest.mark.parametrize("messaggi", [1, 15])
def test_query_costanti_nella_pagina_del_ticket(client, candidato, supporto, apri_ticket, come,
                                                messaggi, pdf_caricato,
                                                django_assert_max_num_queries):
    ticket = apri_ticket(candidato, allegati=[pdf_caricato()])
    for numero in range(messaggi):
        services.aggiungi_nota_interna(**come(supporto), ticket=ticket, testo=f"nota {numero}")
    # the operator's page: 13 with the question whether anyone else could take the ticket
    for persona, massimo in ((candidato, 7), (supporto, 13)):
        client.force_login(persona)
        with django_assert_max_num_queries(massimo):
            assert client.get(f"/assistenza/ticket/{ticket.codice}/").status_code == 200


def test_navigazione_per_ruolo(client, candidato, supporto):
    client.force_login(candidato)
    html = client.get("/area-riservata/").content.decode()
    assert 'href="/assistenza/"' in html and 'href="/strumenti/"' in html
    client.force_login(supporto)
    html = client.get("/area-riservata/").content.decode()
    assert 'href="/assistenza/coda/"' in html


def test_risposte_predefinite_nell_amministrazione_tecnica():
    from django.contrib import admin

    assert admin.site.is_registered(RispostaPredefinita)
    modello = admin.site._registry[RispostaPredefinita]
    assert {"titolo", "testo", "tipologia", "attiva"} <= set(modello.fields)


def test_da_quanto_e_durate_senza_a_capo():
    """«adesso», not «0 minuti fa»; a number never apart from its unit (a phone's column)."""
    from datetime import timedelta

    from django.utils import timezone

    from assistenza.templatetags.assistenza_tags import da_quanto, durata

    assert da_quanto(timezone.now() - timedelta(seconds=20)) == "adesso"
    assert da_quanto(timezone.now() - timedelta(hours=3, minutes=1)).endswith(" fa")
    assert durata(3 * 3600) == "3\u00a0h 0\u00a0min"


def test_le_schede_della_coda_mostrano_quanti_ticket_dice_il_numero(client, candidato, supporto,
                                                                   apri_ticket, come):
    """Each tab's figure counts the tickets to work on, and the tab opens that list: «Tutti 5»
    opened 8, the resolved and closed ones too, because the tab's link lost the default
    «Da lavorare»; choosing «Tutti» in the filter still shows every state."""
    aperto = apri_ticket(candidato, oggetto="Da lavorare")
    risolto = apri_ticket(candidato, oggetto="Già risolto")
    services.rispondi(**come(supporto), ticket=risolto, testo="Fatto", stato=Stato.RISOLTO)
    client.force_login(supporto)
    # the queue opened from the menu (no parameter) says what it lists too: it read «Tutti»
    assert '<option value="attivi" selected>' in client.get("/assistenza/coda/").content.decode()
    for vista in ("non_assegnati", "tutti"):
        risposta = client.get(f"/assistenza/coda/?vista={vista}")
        assert risposta.context["contatori"][vista] == risposta.context["pagina"].paginator.count == 1
        assert [t.codice for t in risposta.context["pagina"]] == [aperto.codice]
        assert '<option value="attivi" selected>' in risposta.content.decode()
    tutti = client.get("/assistenza/coda/?vista=tutti&stato=")
    assert {t.codice for t in tutti.context["pagina"]} == {aperto.codice, risolto.codice}


def test_da_lavorare_non_conta_chi_aspetta_il_riscontro_del_richiedente(
        client, candidato, supporto, apri_ticket, come):
    """A ticket «In attesa di riscontro» waits for the person, not for the Supporto: it was
    counted and listed as «da lavorare» (queue, dashboard, report), and an operator could not
    tell what needed her. It is found choosing its state."""
    aperto = apri_ticket(candidato, oggetto="Da lavorare")
    in_attesa = apri_ticket(candidato, oggetto="Aspetta la persona")
    services.rispondi(**come(supporto), ticket=in_attesa, testo="Ci mandi la schermata?",
                      stato=Stato.IN_ATTESA)
    client.force_login(supporto)
    coda = client.get("/assistenza/coda/?vista=tutti")
    assert [t.codice for t in coda.context["pagina"]] == [aperto.codice]
    assert coda.context["contatori"]["tutti"] == 1
    filtrata = client.get("/assistenza/coda/?vista=tutti&stato=in_attesa")
    assert [t.codice for t in filtrata.context["pagina"]] == [in_attesa.codice]
    report = selectors.report_tempi()
    assert report["totale"]["attivi"] == 1
    # for the person who asked, a ticket waiting for her is still open
    client.force_login(candidato)
    assert "I miei ticket aperti" in client.get("/area-riservata/").content.decode()


def test_apri_ticket_propone_a_ciascuno_le_sue_tipologie(client, candidato, ds):
    """Schede progettuali and Strumenti are the school staff's work: a candidate is not
    offered them, and a request that sends one anyway is refused with the reason."""
    client.force_login(candidato)
    pagina = unescape(client.get("/assistenza/apri/").content.decode())
    assert ">Candidature</option>" in pagina and ">Accesso al portale</option>" in pagina
    assert ">Schede progettuali</option>" not in pagina and ">Strumenti</option>" not in pagina
    risposta = client.post("/assistenza/apri/", {
        "tipologia": "schede", "oggetto": "Prova", "descrizione": "Prova"})
    assert risposta.status_code == 200 and not Ticket.objects.exists()
    assert "Scegli una tipologia tra quelle proposte." in unescape(risposta.content.decode())
    # an incaricato's questions (the act, the hours, the payment) have their own type
    assert ">Incarichi (atto, ore, compenso)</option>" in pagina
    # nor does «Monitoraggio Tickets» filter by what the candidate could never open
    filtri = unescape(client.get("/assistenza/").content.decode())
    assert ">Candidature</option>" in filtri and ">Incarichi (atto, ore, compenso)</option>" in filtri
    assert ">Schede progettuali</option>" not in filtri and ">Strumenti</option>" not in filtri
    client.force_login(ds)
    pagina = unescape(client.get("/assistenza/apri/").content.decode())
    assert ">Schede progettuali</option>" in pagina and ">Strumenti</option>" in pagina
    assert ">Strumenti</option>" in unescape(client.get("/assistenza/").content.decode())


def test_un_testo_oltre_il_limite_si_rifiuta_e_resta_nel_modulo(client, candidato):
    """60.000 characters pasted in «Descrizione» went into the ticket and its e-mails: the
    limit is said, with the count, and what was typed stays in the form."""
    client.force_login(candidato)
    lungo = "Il caricamento non riesce. " * 400  # 10.800 characters
    risposta = client.post("/assistenza/apri/", {"tipologia": "candidature", "oggetto": "Prova",
                                                 "descrizione": lungo})
    assert risposta.status_code == 200 and not Ticket.objects.exists()
    pagina = unescape(risposta.content.decode())
    assert "Il testo è troppo lungo: al massimo 10.000 caratteri." in pagina
    assert 'maxlength="10000"' in pagina and lungo.strip() in pagina


def test_la_stessa_richiesta_inviata_di_nuovo_porta_al_ticket_gia_aperto(client, candidato):
    """«Indietro» after «Invia» shows the form still filled: sending it again opened a second,
    identical ticket. Now it leads to the first; a different request is a new ticket."""
    client.force_login(candidato)
    dati = {"tipologia": "candidature", "oggetto": "Non carico il CV",
            "descrizione": "Il pulsante non risponde."}
    primo = client.post("/assistenza/apri/", dati)
    ticket = Ticket.objects.get()
    risposta = client.post("/assistenza/apri/", dati, follow=True)
    assert Ticket.objects.count() == 1
    assert risposta.redirect_chain[-1][0] == primo["Location"]
    assert (f"Questa richiesta è già stata inviata: è il ticket {ticket.codice}."
            in unescape(risposta.content.decode()))
    client.post("/assistenza/apri/", dati | {"descrizione": "Ora dà un errore 413."})
    assert Ticket.objects.count() == 2


@pytest.mark.parametrize("stato", [Stato.RISOLTO, Stato.CHIUSO])
def test_nota_interna_anche_dopo_la_risoluzione(client, apri_ticket, candidato, supporto, come,
                                                stato):
    """«Risolto» or «Chiuso», the ticket lost its «Nota interna» form: the operator could not
    write down, for colleagues, what was found afterwards. The service always allowed it."""
    ticket = apri_ticket(candidato)
    services.cambia_stato(**come(supporto), ticket=ticket, stato=stato)
    client.force_login(supporto)
    pagina = client.get(f"/assistenza/ticket/{ticket.codice}/").content.decode()
    assert f'action="/assistenza/ticket/{ticket.codice}/nota/"' in pagina
    assert "Rispondi al richiedente" not in pagina  # a reply needs the ticket reopened
    assert client.post(f"/assistenza/ticket/{ticket.codice}/nota/",
                       {"nota-testo": "Stesso errore su altri due istituti"}).status_code == 302
    assert ticket.messaggi.filter(interno=True, testo__startswith="Stesso errore").exists()


def _codici(client, query):
    return {t.codice for t in client.get("/assistenza/coda/" + query).context["pagina"]}


def test_la_coda_trova_nome_e_cognome_in_ogni_ordine_e_ogni_apostrofo(
        client, candidato, altro_candidato, supporto, apri_ticket):
    """Laura Marini searched «Esposito Marco» and got «Nessun ticket»: the whole text was
    looked for in the surname alone. Each word must now be found (in the name, the surname,
    the object…), in any order; «Sant'Anna» typed with ' finds the one stored with ’ and the
    other way round."""
    di_marco = apri_ticket(altro_candidato, oggetto="Domanda per l’IC Sant’Anna")
    di_alessia = apri_ticket(candidato, oggetto="Liceo Sant'Anna: curriculum")
    client.force_login(supporto)
    for cerca in ("Esposito Marco", "Marco Esposito", "marco", "esposito  MARCO"):
        assert _codici(client, f"?vista=tutti&q={cerca}") == {di_marco.codice}, cerca
    assert _codici(client, "?vista=tutti&q=Esposito Alessia") == set()
    for cerca in ("Sant'Anna", "Sant’Anna"):
        assert _codici(client, f"?vista=tutti&q={cerca}") == {di_marco.codice,
                                                               di_alessia.codice}, cerca
    # the words may come from different fields: the requester and the object
    assert _codici(client, "?vista=tutti&q=Ferrari Sant’Anna") == {di_alessia.codice}
    assert _codici(client, f"?vista=tutti&q={di_marco.codice.lower()}") == {di_marco.codice}


def test_le_schede_della_coda_tengono_ricerca_e_filtri(client, candidato, altro_candidato,
                                                       supporto, apri_ticket):
    """«Non assegnati / Assegnati a me / Tutti» opened the view without the search and the
    filters just entered: the links carry them (all but the view and the page), and each
    tab's figure counts what the tab then lists."""
    di_marco = apri_ticket(altro_candidato, oggetto="Curriculum", tipologia="candidature")
    apri_ticket(candidato, oggetto="Curriculum", tipologia="candidature")
    client.force_login(supporto)
    risposta = client.get("/assistenza/coda/?vista=tutti&q=Esposito+Marco&stato="
                          "&tipologia=candidature&dal=2020-01-01&al=&pagina=1")
    pagina = unescape(risposta.content.decode())
    schede = re.findall(r'<a class="nav-link[^"]*"[^>]*href="\?([^"]*)"', pagina)
    assert len(schede) == 3
    for chiave, scheda in zip(("non_assegnati", "miei", "tutti"), schede, strict=True):
        parametri = scheda.split("&")
        assert [p for p in parametri if p.startswith("vista=")] == [f"vista={chiave}"]
        assert {"q=Esposito+Marco", "stato=", "tipologia=candidature",
                "dal=2020-01-01"} <= set(parametri), scheda
        assert not any(p.startswith("pagina=") for p in parametri)
    seguita = client.get("/assistenza/coda/?" + schede[0])
    assert seguita.context["vista"] == "non_assegnati"
    assert [t.codice for t in seguita.context["pagina"]] == [di_marco.codice]
    assert seguita.context["contatori"]["non_assegnati"] == 1
    assert seguita.context["contatori"]["tutti"] == 1 and seguita.context["contatori"]["miei"] == 0


def test_i_tempi_di_risposta_hanno_un_solo_nome(client, supporto):
    """One page, three names: «Report dei tempi» (menu), «Tempi di risposta» (the queue's
    button), «Tempi di risposta e di risoluzione» (its heading). The heading, the most precise,
    is the name of the button, of the tab's title and of the user guide."""
    from django.template.loader import render_to_string

    nome = "Tempi di risposta e di risoluzione"
    client.force_login(supporto)
    coda = unescape(client.get("/assistenza/coda/").content.decode())
    assert re.search(r'<a [^>]*href="/assistenza/report/"[^>]*>([^<]*)</a>', coda).group(1) == nome
    report = unescape(client.get("/assistenza/report/").content.decode())
    assert f"<title>{nome} – " in report and f'<h1 class="h2">{nome}</h1>' in report
    guida = render_to_string("pdf/strumenti/guida_utente.html", {"giorni_riapertura": 10})
    assert f'<span class="etichetta">{nome}</span>' in guida



def test_il_modulo_della_risposta_predefinita_dice_i_segnaposto(rf, admin_user):
    """Who writes a canned reply learns, in the form itself, which words the portal fills in
    (the admin is behind password and TOTP: its form is built here as the admin builds it)."""
    from django.contrib import admin

    modello = admin.site._registry[RispostaPredefinita]
    richiesta = rf.get("/")
    richiesta.user = admin_user
    modulo = modello.get_form(richiesta)()
    assert "{giorni_riapertura}" in modulo.fields["testo"].help_text
