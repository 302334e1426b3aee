"""Ticket services: ids, the transition table, replies, notes, reopening, the report."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from assistenza import selectors, services
from assistenza.models import TRANSIZIONI, ContatoreTicket, Messaggio, Stato, Ticket
from assistenza.services import TransizioneNonConsentita
from portale.models import Evento, Notifica
from portale.services.notifiche import invia_email_notifica
from portale.tests import campioni_documenti as campioni

pytestmark = pytest.mark.django_db


def test_id_ticket_senza_buchi_per_anno(apri_ticket, candidato, settings):
    primo = apri_ticket(candidato)
    secondo = apri_ticket(candidato)
    anno = timezone.localdate().year
    assert (primo.codice, secondo.codice) == (f"TCK-{anno}-000001", f"TCK-{anno}-000002")
    with pytest.raises(ValidationError):  # refused attachment: the whole opening rolls back
        apri_ticket(candidato, allegati=[campioni.caricato("x.pdf", b"falso")])
    assert apri_ticket(candidato).codice == f"TCK-{anno}-000003"
    capodanno = timezone.make_aware(timezone.datetime(anno + 1, 1, 1, 0, 5))
    assert apri_ticket(candidato, quando=capodanno).codice == f"TCK-{anno + 1}-000001"
    assert ContatoreTicket.objects.get(anno=anno).ultimo_numero == 3


def test_apertura_con_allegati_evento_e_email_di_conferma(apri_ticket, candidato, settings,
                                                         pdf_caricato, archivio_privato):
    ticket = apri_ticket(candidato, riferimento_procedura=" PROC-2026-12 ",
                         allegati=[pdf_caricato(), campioni.caricato("errore.png", campioni.png())])
    assert ticket.stato == Stato.APERTO and ticket.riferimento_procedura == "PROC-2026-12"
    assert ticket.istituto_richiedente is None
    primo = ticket.messaggi.get()
    assert primo.testo == "Il pulsante non risponde." and not primo.dal_supporto
    assert sorted(a.nome_file for a in primo.allegati.all()) == ["errore.png", "schermata.pdf"]
    assert all((archivio_privato / a.file.name).exists() for a in primo.allegati.all())
    evento = Evento.objects.get(azione="ticket.aperto")
    assert evento.istituto is None and evento.autore == candidato
    conferma = Notifica.objects.get(destinatario=candidato)
    assert conferma.mittente == settings.ASSISTENZA_FROM_EMAIL
    assert ticket.codice in conferma.oggetto and conferma.url == f"/assistenza/ticket/{ticket.codice}/"
    assert invia_email_notifica(conferma.pk)
    email = mail.outbox[-1]
    assert email.from_email == settings.ASSISTENZA_FROM_EMAIL and email.to == [candidato.email]
    assert ticket.codice in email.body and "Monitoraggio Tickets" in email.body


def test_il_ticket_del_personale_ricorda_istituto_ma_non_lo_mostra_al_ds(apri_ticket, con_ruolo,
                                                                          istituto, ds):
    dsga = con_ruolo("VRDLCU80D55L219W", "dsga", istituto)
    ticket = apri_ticket(dsga)
    assert ticket.istituto_richiedente == istituto and ticket.ruolo_richiedente == "DSGA"
    assert not Evento.objects.filter(istituto=istituto, azione__startswith="ticket.").exists()


@pytest.mark.parametrize("da", list(Stato))
@pytest.mark.parametrize("a", list(Stato))
def test_tabella_delle_transizioni(apri_ticket, candidato, supporto, come, da, a):
    ticket = apri_ticket(candidato)
    conclusi = {Stato.RISOLTO, Stato.CHIUSO}
    Ticket.objects.filter(pk=ticket.pk).update(
        stato=da, concluso_il=timezone.now() if da in conclusi else None)
    ticket.refresh_from_db()
    if a == da:
        services.cambia_stato(**come(supporto), ticket=ticket, stato=a)  # no-op
        assert not Evento.objects.filter(azione="ticket.stato").exists()
    elif a in TRANSIZIONI[da]:
        services.cambia_stato(**come(supporto), ticket=ticket, stato=a)
        ticket.refresh_from_db()
        assert ticket.stato == a
        assert (ticket.concluso_il is not None) == (a in conclusi)
    else:
        with pytest.raises(TransizioneNonConsentita):
            services.cambia_stato(**come(supporto), ticket=ticket, stato=a)
        ticket.refresh_from_db()
        assert ticket.stato == da


def test_solo_il_supporto_gestisce(apri_ticket, candidato, ds, amministrazione, come):
    ticket = apri_ticket(candidato)
    for persona in (candidato, ds, amministrazione):
        for azione in (services.prendi_in_carico, services.aggiungi_nota_interna,
                       services.rispondi, services.cambia_stato):
            extra = {"testo": "x"} if azione in (services.rispondi,
                                                 services.aggiungi_nota_interna) else {}
            if azione is services.cambia_stato:
                extra = {"stato": Stato.RISOLTO}
            with pytest.raises(PermissionDenied):
                azione(**come(persona), ticket=ticket, **extra)
    ticket.refresh_from_db()
    assert ticket.stato == Stato.APERTO and not ticket.messaggi.filter(dal_supporto=True).exists()


def test_presa_in_carico_e_assegnazione(apri_ticket, candidato, supporto, supporto2, ds, come):
    ticket = apri_ticket(candidato)
    services.prendi_in_carico(**come(supporto), ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_LAVORAZIONE and ticket.assegnato_a == supporto
    avviso = Notifica.objects.filter(destinatario=candidato).latest("id")
    assert "in lavorazione" in avviso.oggetto and avviso.stato_email == "non_richiesta"
    services.assegna(**come(supporto), ticket=ticket, operatore=supporto2)
    ticket.refresh_from_db()
    assert ticket.assegnato_a == supporto2
    assert Notifica.objects.filter(destinatario=supporto2, oggetto__contains="assegnato").exists()
    with pytest.raises(ValidationError, match="non è un operatore del Supporto"):
        services.assegna(**come(supporto), ticket=ticket, operatore=ds)
    assert Evento.objects.filter(azione="ticket.assegnato").count() == 1


def test_risposta_prima_risposta_ed_email_dal_mittente_dell_assistenza(
        apri_ticket, candidato, supporto, come, settings, pdf_caricato):
    ticket = apri_ticket(candidato)
    with freeze_time(ticket.creato_il + timedelta(hours=2)):
        services.rispondi(**come(supporto), ticket=ticket, testo="Prova a svuotare la cache.",
                          allegati=[pdf_caricato("istruzioni.pdf")])
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_ATTESA and ticket.assegnato_a == supporto
    assert ticket.prima_risposta_il - ticket.creato_il == timedelta(hours=2)
    with freeze_time(ticket.creato_il + timedelta(hours=5)):
        services.rispondi(**come(supporto), ticket=ticket, testo="Risolto.", stato=Stato.RISOLTO)
    ticket.refresh_from_db()
    assert ticket.prima_risposta_il - ticket.creato_il == timedelta(hours=2)  # unchanged
    assert ticket.risolto_il - ticket.creato_il == timedelta(hours=5)
    risposte = Notifica.objects.filter(destinatario=candidato, oggetto__contains="risposta")
    assert risposte.count() == 2
    assert all(n.mittente == settings.ASSISTENZA_FROM_EMAIL for n in risposte)
    invia_email_notifica(risposte.order_by("id").first().pk)
    assert mail.outbox[-1].from_email == settings.ASSISTENZA_FROM_EMAIL
    assert "Prova a svuotare la cache." in mail.outbox[-1].body


def test_nota_interna_mai_al_richiedente(apri_ticket, candidato, supporto, come):
    ticket = apri_ticket(candidato)
    notifiche_prima = Notifica.objects.filter(destinatario=candidato).count()
    services.aggiungi_nota_interna(**come(supporto), ticket=ticket, testo="Utente già noto")
    assert Notifica.objects.filter(destinatario=candidato).count() == notifiche_prima
    assert [m.testo for m in selectors.messaggi_visibili(ticket, None)] == ["Il pulsante non risponde."]
    visti_dal_supporto = selectors.messaggi_visibili(ticket, come(supporto)["membership"])
    assert [m.interno for m in visti_dal_supporto] == [False, True]
    with pytest.raises(Exception):  # noqa: B017 - the database refuses a requester's internal note
        Messaggio.objects.create(ticket=ticket, autore=candidato, testo="x", interno=True)


def test_riscontro_del_richiedente_riporta_il_ticket_al_supporto(apri_ticket, candidato,
                                                                altro_candidato, supporto, come):
    ticket = apri_ticket(candidato)
    services.rispondi(**come(supporto), ticket=ticket, testo="Che browser usi?")
    with pytest.raises(PermissionDenied):
        services.invia_riscontro(autore=altro_candidato, ticket=ticket, testo="Io")
    services.invia_riscontro(autore=candidato, ticket=ticket, testo="Firefox 128")
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_LAVORAZIONE
    assert Notifica.objects.filter(destinatario=supporto, oggetto__contains="riscontro").exists()


def test_riapertura_entro_i_giorni_previsti(apri_ticket, candidato, supporto, come, settings):
    settings.ASSISTENZA_GIORNI_RIAPERTURA = 10
    ticket = apri_ticket(candidato)
    services.rispondi(**come(supporto), ticket=ticket, testo="Fatto", stato=Stato.RISOLTO)
    ticket.refresh_from_db()
    with freeze_time(ticket.concluso_il + timedelta(days=9)):
        services.riapri(**come(candidato), ticket=ticket, motivazione="Di nuovo lo stesso errore")
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_LAVORAZIONE and ticket.riaperture == 1
    assert ticket.risolto_il is None and ticket.concluso_il is None
    assert ticket.messaggi.last().testo == "Di nuovo lo stesso errore"
    services.chiudi(**come(candidato), ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.stato == Stato.CHIUSO
    with freeze_time(ticket.concluso_il + timedelta(days=10, minutes=1)), \
            pytest.raises(TransizioneNonConsentita, match="entro 10 giorni"):
        services.riapri(**come(candidato), ticket=ticket, motivazione="Ancora")
    # The Supporto may still reopen it, with no time limit.
    with freeze_time(ticket.concluso_il + timedelta(days=40)):
        services.cambia_stato(**come(supporto), ticket=ticket, stato=Stato.IN_LAVORAZIONE)
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_LAVORAZIONE and ticket.riaperture == 2


def test_riapertura_solo_del_proprio_ticket_e_solo_se_concluso(apri_ticket, candidato,
                                                               altro_candidato, come):
    ticket = apri_ticket(candidato)
    with pytest.raises(TransizioneNonConsentita, match="ancora aperto"):
        services.riapri(**come(candidato), ticket=ticket, motivazione="x")
    services.chiudi(**come(candidato), ticket=ticket)
    with pytest.raises(PermissionDenied):
        services.riapri(**come(altro_candidato), ticket=ticket, motivazione="x")
    with pytest.raises(PermissionDenied):
        services.chiudi(**come(altro_candidato), ticket=ticket)


def test_nessuna_risposta_su_un_ticket_chiuso(apri_ticket, candidato, supporto, come):
    ticket = apri_ticket(candidato)
    services.chiudi(**come(supporto), ticket=ticket, motivazione="Duplicato di un altro ticket")
    with pytest.raises(TransizioneNonConsentita, match="va riaperto"):
        services.rispondi(**come(supporto), ticket=ticket, testo="x")
    with pytest.raises(TransizioneNonConsentita):
        services.invia_riscontro(autore=candidato, ticket=ticket, testo="x")
    chiusura = Notifica.objects.filter(destinatario=candidato).latest("id")
    assert "Duplicato di un altro ticket" in chiusura.testo and chiusura.stato_email == "in_attesa"


def test_un_messaggio_con_il_cambio_di_stato_e_la_prima_risposta(apri_ticket, candidato,
                                                                   supporto, come):
    """Closed (or resolved) with a message to the requester: that message is the Supporto's
    first answer («Prima risposta —» on the ticket, the report's response time missed it);
    a change of state said without a word is not an answer."""
    muto, con_messaggio = apri_ticket(candidato), apri_ticket(candidato, oggetto="Altro")
    services.chiudi(**come(supporto), ticket=muto)
    services.chiudi(**come(supporto), ticket=con_messaggio, motivazione="Duplicato del TCK-1")
    muto.refresh_from_db()
    con_messaggio.refresh_from_db()
    assert muto.prima_risposta_il is None
    assert con_messaggio.prima_risposta_il == con_messaggio.concluso_il is not None
    assert selectors.report_tempi()["totale"]["con_risposta"] == 1


def _ticket_con_tempi(apri_ticket, persona, tipologia, creato, risposta_h=None, risolto_h=None):
    ticket = apri_ticket(persona, tipologia=tipologia, quando=creato)
    Ticket.objects.filter(pk=ticket.pk).update(
        prima_risposta_il=creato + timedelta(hours=risposta_h) if risposta_h is not None else None,
        risolto_il=creato + timedelta(hours=risolto_h) if risolto_h is not None else None,
        stato=Stato.RISOLTO if risolto_h is not None else Stato.APERTO,
        concluso_il=creato + timedelta(hours=risolto_h) if risolto_h is not None else None)
    return ticket


def test_report_medie_e_mediane_per_tipologia(apri_ticket, candidato,
                                              django_assert_num_queries):
    inizio = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))
    for ore_risposta, ore_risoluzione in ((1, 4), (2, 10), (9, None)):
        _ticket_con_tempi(apri_ticket, candidato, "accesso", inizio, ore_risposta, ore_risoluzione)
    _ticket_con_tempi(apri_ticket, candidato, "tecnica", inizio, None, None)
    _ticket_con_tempi(apri_ticket, candidato, "accesso", inizio - timedelta(days=40), 100, 200)
    with django_assert_num_queries(2):
        report = selectors.report_tempi(dal=inizio.date(), al=inizio.date() + timedelta(days=1))
    righe = {r["tipologia"]: r for r in report["righe"]}
    accesso = righe["Accesso al portale"]
    assert (accesso["aperti"], accesso["con_risposta"], accesso["risolti"], accesso["attivi"]) == (3, 3, 2, 1)
    assert accesso["risposta_media"] == pytest.approx(4 * 3600, abs=2)
    assert accesso["risposta_mediana"] == pytest.approx(2 * 3600, abs=2)
    assert accesso["risoluzione_media"] == pytest.approx(7 * 3600, abs=2)
    assert accesso["risoluzione_mediana"] == pytest.approx(7 * 3600, abs=2)
    tecnica = righe["Segnalazione tecnica"]
    assert tecnica["risposta_media"] is None and tecnica["risposta_mediana"] is None
    assert report["totale"]["aperti"] == 4
    assert report["totale"]["risposta_mediana"] == pytest.approx(2 * 3600, abs=2)
    tutto = selectors.report_tempi()
    assert tutto["totale"]["aperti"] == 5


def test_il_messaggio_al_richiedente_di_un_cambio_di_stato_resta_nel_ticket(apri_ticket,
                                                                           candidato, supporto,
                                                                           come):
    """«Messaggio al richiedente» of «Cambia stato» reached only the notification and the
    e-mail: neither the Supporto nor the requester found it again in the ticket. It is a
    message of the thread, from the Supporto, visible to the requester."""
    ticket = apri_ticket(candidato)
    services.cambia_stato(**come(supporto), ticket=ticket, stato=Stato.CHIUSO,
                          motivazione="Risolto con l'aggiornamento di stanotte.")
    ultimo = ticket.messaggi.order_by("creato_il", "id").last()
    assert (ultimo.testo, ultimo.dal_supporto, ultimo.interno, ultimo.autore) == (
        "Risolto con l'aggiornamento di stanotte.", True, False, supporto)
    # no message, no empty line in the thread
    quanti = ticket.messaggi.count()
    services.cambia_stato(**come(supporto), ticket=ticket, stato=Stato.IN_LAVORAZIONE)
    assert ticket.messaggi.count() == quanti


def test_tipologie_del_personale_solo_al_personale(apri_ticket, candidato, ds):
    with pytest.raises(ValidationError) as errore:
        apri_ticket(candidato, tipologia="strumenti")
    assert errore.value.message_dict["tipologia"] == ["Scegli una tipologia tra quelle proposte."]
    assert not Ticket.objects.exists()
    assert apri_ticket(ds, tipologia="strumenti").get_tipologia_display() == "Strumenti"


def test_il_supporto_sa_del_ticket_nuovo_e_del_riscontro_quando_nessuno_lo_segue(
        apri_ticket, candidato, supporto, supporto2, come):
    """A new ticket, or the requester's answer on a ticket nobody has taken, reached nobody:
    the queue had to be watched. Every Supporto operator in office is told in the portal (the
    e-mail stays for whom the ticket is assigned to: a team-wide e-mail per ticket is noise)."""
    from accounts.models import Membership

    Membership.objects.filter(user=supporto2).update(revocato_il=timezone.localdate())
    ticket = apri_ticket(candidato, oggetto="Il curriculum non si carica")
    avviso = Notifica.objects.get(destinatario=supporto)
    assert ticket.codice in avviso.oggetto and "nuovo ticket" in avviso.oggetto
    assert "Il curriculum non si carica" in avviso.testo
    assert avviso.url == f"/assistenza/ticket/{ticket.codice}/"
    assert avviso.stato_email == "non_richiesta"
    assert not Notifica.objects.filter(destinatario=supporto2).exists()  # revoked: not told

    services.cambia_stato(**come(supporto), ticket=ticket, stato=Stato.IN_ATTESA)
    services.invia_riscontro(autore=candidato, ticket=ticket, testo="Ecco la schermata")
    riscontro = Notifica.objects.filter(destinatario=supporto).latest("pk")
    assert "nuovo riscontro" in riscontro.oggetto and riscontro.url == avviso.url

    services.prendi_in_carico(**come(supporto), ticket=ticket)
    prima = Notifica.objects.filter(destinatario=supporto).count()
    services.cambia_stato(**come(supporto), ticket=ticket, stato=Stato.IN_ATTESA)
    services.invia_riscontro(autore=candidato, ticket=ticket, testo="Di nuovo")
    assert Notifica.objects.filter(destinatario=supporto).count() == prima + 1  # its operator


def test_il_ticket_aperto_da_un_operatore_non_avvisa_lui_stesso(apri_ticket, supporto, supporto2):
    apri_ticket(supporto, tipologia="tecnica")
    assert Notifica.objects.filter(destinatario=supporto2, oggetto__contains="nuovo ticket").exists()
    assert not Notifica.objects.filter(destinatario=supporto,
                                       oggetto__contains="nuovo ticket").exists()


def test_prendere_in_carico_avvisa_il_richiedente_solo_se_per_lui_cambia_qualcosa(
        apri_ticket, candidato, supporto, supporto2, come):
    """Taking a ticket that waits for the requester told them «richiesta in lavorazione»
    while it still waited for them, and setting «In lavorazione» right after told them again.
    The notice goes when the ticket really passes to «In lavorazione»."""
    ticket = apri_ticket(candidato)

    def avvisi():
        return list(Notifica.objects.filter(destinatario=candidato)
                    .exclude(oggetto__contains="ricevuta").values_list("oggetto", flat=True))

    services.prendi_in_carico(**come(supporto), ticket=ticket)  # aperto → in lavorazione
    assert avvisi() == [f"{ticket.codice} – richiesta in lavorazione"]
    services.cambia_stato(**come(supporto), ticket=ticket, stato=Stato.IN_ATTESA,
                          motivazione="Ci mandi una schermata?")
    assert len(avvisi()) == 2
    services.prendi_in_carico(**come(supporto2), ticket=ticket)  # still waits for the requester
    ticket.refresh_from_db()
    assert ticket.stato == Stato.IN_ATTESA and ticket.assegnato_a == supporto2
    assert len(avvisi()) == 2
    services.cambia_stato(**come(supporto2), ticket=ticket, stato=Stato.IN_LAVORAZIONE)
    assert len(avvisi()) == 3
