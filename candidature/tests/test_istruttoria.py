"""«Istruttoria»: a request for integration, the candidate's answer, the deadline, the sweep."""

from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Ruolo
from candidature import services, tasks
from candidature.models import RichiestaIntegrazione, StatoCandidatura, StatoRichiesta
from portale.lingua import data_con
from portale.models import Evento, Notifica
from portale.tests.campioni_documenti import caricato, pdf

from .istanze_fixtures import invia

pytestmark = pytest.mark.django_db


def _richiedi(ds, candidatura, *, ore=48, messaggio="Inviare il diploma di laurea firmato."):
    return services.richiedi_integrazione(
        autore=ds, membership=ds.memberships.get(), candidatura=candidatura,
        messaggio=messaggio, scadenza=timezone.now() + timedelta(hours=ore))


def test_richiesta_mette_in_istruttoria_e_avvisa_il_candidato(ds, scenario):
    richiesta = _richiedi(ds, scenario.alessia)
    scenario.alessia.refresh_from_db()
    assert scenario.alessia.stato == StatoCandidatura.IN_ISTRUTTORIA
    assert richiesta.stato_candidatura_precedente == StatoCandidatura.INVIATA
    avviso = Notifica.objects.get(destinatario=scenario.alessia.candidato,
                                  oggetto__startswith="Richiesta di integrazione")
    assert "diploma di laurea firmato" in avviso.testo
    assert Evento.objects.filter(azione="candidatura.istruttoria",
                                 object_id=str(scenario.alessia.pk)).exists()


@pytest.mark.parametrize("ore, messaggio, campo", [
    (23, "Inviare il diploma", "scadenza"),
    (48, "   ", "messaggio"),
])
def test_richiesta_non_valida(ds, scenario, ore, messaggio, campo):
    with pytest.raises(ValidationError) as errore:
        _richiedi(ds, scenario.alessia, ore=ore, messaggio=messaggio)
    assert campo in errore.value.message_dict
    scenario.alessia.refresh_from_db()
    assert scenario.alessia.stato == StatoCandidatura.INVIATA


def test_non_prima_della_chiusura_ne_su_ritirate_ne_due_volte(ds, scenario, procedura_aperta,
                                                             persone):
    with pytest.raises(ValidationError, match="Ritirata"):
        _richiedi(ds, scenario.sara_ritirata)
    _richiedi(ds, scenario.marco)
    scenario.marco.refresh_from_db()
    with pytest.raises(ValidationError, match="In istruttoria"):
        _richiedi(ds, scenario.marco)


def test_prima_della_chiusura_rifiutata(ds, procedura_aperta, persone):
    inviata = invia(persone["alessia"], procedura_aperta)
    with pytest.raises(ValidationError, match="dopo la chiusura"):
        _richiedi(ds, inviata)


def test_solo_personale_dell_istituto(ds_altro, con_ruolo, istituto, scenario):
    with pytest.raises(PermissionDenied):
        _richiedi(ds_altro, scenario.alessia)
    referente = con_ruolo("BRNLCU80A01H501X", Ruolo.REFERENTE, istituto)
    with pytest.raises(PermissionDenied):
        _richiedi(referente, scenario.alessia)


def test_risposta_con_documenti_lascia_intatta_la_candidatura(ds, scenario):
    richiesta = _richiedi(ds, scenario.alessia)
    prima = scenario.alessia.sha256, dict(scenario.alessia.dichiarazioni)
    services.rispondi_integrazione(
        candidato=scenario.alessia.candidato, richiesta=richiesta, testo="Ecco il diploma.",
        documenti_verificati=[caricato("diploma.pdf", pdf("Diploma firmato"))])
    richiesta.refresh_from_db()
    scenario.alessia.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.RISPOSTA
    assert len(richiesta.sha256_risposta) == 64
    assert richiesta.documenti.get().nome == "diploma.pdf"
    assert scenario.alessia.stato == StatoCandidatura.INTEGRATA
    assert (scenario.alessia.sha256, scenario.alessia.dichiarazioni) == prima
    assert Notifica.objects.filter(destinatario=ds, oggetto__startswith="Integrazione ricevuta").exists()


def test_risposta_al_secondo_della_scadenza(ds, scenario):
    richiesta = _richiedi(ds, scenario.alessia)
    candidato = scenario.alessia.candidato
    RichiestaIntegrazione.objects.filter(pk=richiesta.pk).update(
        scadenza=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="scaduto"):
        services.rispondi_integrazione(candidato=candidato, richiesta=richiesta, testo="Tardi")
    RichiestaIntegrazione.objects.filter(pk=richiesta.pk).update(
        scadenza=timezone.now() + timedelta(seconds=1))
    services.rispondi_integrazione(candidato=candidato, richiesta=richiesta, testo="In tempo")
    richiesta.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.RISPOSTA
    with pytest.raises(ValidationError, match="già risposto"):
        services.rispondi_integrazione(candidato=candidato, richiesta=richiesta, testo="Ancora")


def test_risposta_registrata_a_protocollo_e_termine_al_secondo_della_registrazione(
        ds, scenario, client_di, monkeypatch):
    """The answer is a document the person sends to the school: it had no protocol number.
    Now it is registered in entrata and its time is the registration's; a registration that
    falls after the deadline leaves no answer, no number and no file."""
    from pathlib import Path

    from django.core.files.storage import default_storage

    from portale.models import Protocollo
    from portale.services import protocollo as registro

    def archiviati():
        radice = Path(default_storage.path("integrazioni"))
        return {p for p in radice.rglob("*") if p.is_file()} if radice.exists() else set()

    istituto = scenario.procedura.istituto
    candidato = scenario.alessia.candidato
    richiesta = _richiedi(ds, scenario.alessia)
    # the registration's clock one second after the deadline, the service's check before
    # the work still in time
    scadenza = richiesta.scadenza

    class OrologioDelRegistro:
        now = staticmethod(lambda: scadenza + timedelta(seconds=1))
        localtime = staticmethod(timezone.localtime)

    ultimo = Protocollo.objects.filter(istituto=istituto).order_by("numero").last()
    prima = archiviati()
    with monkeypatch.context() as m:
        m.setattr(registro, "timezone", OrologioDelRegistro)
        with pytest.raises(ValidationError, match="scaduto"):
            services.rispondi_integrazione(
                candidato=candidato, richiesta=richiesta, testo="Tardi di un secondo",
                documenti_verificati=[caricato("diploma.pdf", pdf("Diploma firmato"))])
    richiesta.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.APERTA and richiesta.protocollo_risposta is None
    assert Protocollo.objects.filter(istituto=istituto).order_by("numero").last() == ultimo
    assert archiviati() == prima

    services.rispondi_integrazione(candidato=candidato, richiesta=richiesta, testo="In tempo",
                                   documenti_verificati=[caricato("diploma.pdf", pdf("Diploma"))])
    richiesta.refresh_from_db()
    protocollo = richiesta.protocollo_risposta
    assert protocollo.numero == ultimo.numero + 1 and protocollo.verso == Protocollo.Verso.ENTRATA
    assert richiesta.risposta_il == protocollo.registrato_il
    for destinatario in (ds, candidato):
        avviso = Notifica.objects.filter(destinatario=destinatario,
                                         oggetto__startswith="Integrazione").latest("pk")
        assert protocollo.segnatura in avviso.testo, destinatario
    pagine = (client_di(candidato).get(reverse("candidature:dettaglio",
                                               args=[scenario.alessia.pk])),
              client_di(ds).get(f"/procedure/{scenario.procedura.pk}/istanze/"
                                f"{scenario.alessia.pk}/"))
    for pagina in pagine:
        assert pagina.status_code == 200
        assert f"Registrata con {protocollo.segnatura}." in unescape(pagina.content.decode())


def test_un_altro_candidato_non_risponde(ds, scenario):
    richiesta = _richiedi(ds, scenario.alessia)
    with pytest.raises(PermissionDenied):
        services.rispondi_integrazione(candidato=scenario.marco.candidato, richiesta=richiesta,
                                       testo="Non è mia")


def test_scadenza_senza_risposta_una_sola_volta(ds, con_ruolo, istituto, scenario):
    segreteria = con_ruolo("VRDLGU75B02F205R", Ruolo.SEGRETERIA, istituto)
    richiesta = services.richiedi_integrazione(
        autore=segreteria, membership=segreteria.memberships.get(), candidatura=scenario.marco,
        messaggio="Manca il curriculum firmato", scadenza=timezone.now() + timedelta(days=2))
    assert services.scadi_integrazioni() == 0  # not yet
    dopo = richiesta.scadenza + timedelta(seconds=1)
    assert services.scadi_integrazioni(adesso=dopo) == 1
    assert services.scadi_integrazioni(adesso=dopo) == 0  # idempotent
    richiesta.refresh_from_db()
    scenario.marco.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.SCADUTA
    assert scenario.marco.stato == StatoCandidatura.INVIATA  # back to before
    avvisati = set(Notifica.objects.filter(oggetto__startswith="Integrazione non pervenuta")
                   .values_list("destinatario_id", flat=True))
    assert avvisati == {segreteria.pk, ds.pk}  # who asked and the DS, once each
    assert Evento.objects.filter(azione="candidatura.integrazione_scaduta").count() == 1


def test_il_task_del_beat_scade_le_richieste(ds, scenario):
    richiesta = _richiedi(ds, scenario.alessia)
    RichiestaIntegrazione.objects.filter(pk=richiesta.pk).update(
        scadenza=timezone.now() - timedelta(seconds=1))
    assert tasks.scadi_integrazioni.apply().get() == 1
    richiesta.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.SCADUTA


def test_ritirata_nel_frattempo_si_chiude_senza_avvisi(ds, scenario):
    richiesta = _richiedi(ds, scenario.alessia)
    scenario.alessia.refresh_from_db()
    type(scenario.alessia).objects.filter(pk=scenario.alessia.pk).update(
        stato=StatoCandidatura.ANNULLATA)
    assert services.scadi_integrazioni(adesso=richiesta.scadenza) == 1
    assert not Notifica.objects.filter(oggetto__startswith="Integrazione non pervenuta").exists()
    scenario.alessia.refresh_from_db()
    assert scenario.alessia.stato == StatoCandidatura.ANNULLATA


# --- through HTTP ----------------------------------------------------------------------

def test_percorso_http_richiesta_e_risposta(client, ds, scenario):
    client.force_login(ds)
    indirizzo = reverse("candidature:istanza_istruttoria",
                        args=[scenario.procedura.pk, scenario.alessia.pk])
    pagina = client.get(indirizzo)
    assert pagina.status_code == 200
    # the DS is not told «tu e il Dirigente Scolastico»: she is the DS
    testo = unescape(pagina.content.decode())
    assert "non arriva risposta, sarai avvisat" in testo and "tu e il Dirigente" not in testo
    troppo_presto = timezone.localtime() + timedelta(hours=2)
    errata = client.post(indirizzo, {"messaggio": "Inviare il diploma",
                                     "scadenza": troppo_presto.strftime("%Y-%m-%dT%H:%M")})
    assert errata.status_code == 200
    assert "almeno 24 ore" in errata.content.decode()
    assert "Inviare il diploma" in errata.content.decode()  # the text typed is kept
    # no message and a deadline too close: both said at once, each beside its field
    errata = client.post(indirizzo, {"messaggio": "",
                                     "scadenza": troppo_presto.strftime("%Y-%m-%dT%H:%M")})
    assert set(errata.context["form"].errors) == {"messaggio", "scadenza"}
    assert errata.context["form"].errors["scadenza"] == [
        "La scadenza deve lasciare al candidato almeno 24 ore."]
    # a mistyped year: refused beside the field, with the last day allowed
    lontana = timezone.localtime() + timedelta(days=31)
    errata = client.post(indirizzo, {"messaggio": "Inviare il diploma",
                                     "scadenza": lontana.strftime("%Y-%m-%dT%H:%M")})
    assert errata.context["form"].errors["scadenza"][0].startswith(
        "La scadenza può essere al più tra 30 giorni, ")
    assert not RichiestaIntegrazione.objects.filter(candidatura=scenario.alessia).exists()
    scadenza = timezone.localtime() + timedelta(days=3)
    risposta = client.post(indirizzo, {"messaggio": "Inviare il diploma",
                                       "scadenza": scadenza.strftime("%Y-%m-%dT%H:%M")})
    assert risposta.status_code == 302
    richiesta = RichiestaIntegrazione.objects.get(candidatura=scenario.alessia)
    assert Notifica.objects.filter(destinatario=scenario.alessia.candidato,
                                   oggetto__startswith="Richiesta di integrazione").count() == 1

    client.force_login(scenario.alessia.candidato)
    dettaglio = client.get(reverse("candidature:dettaglio", args=[scenario.alessia.pk]))
    assert "Inviare il diploma" in dettaglio.content.decode()
    rispondi = reverse("candidature:rispondi_integrazione",
                       args=[scenario.alessia.pk, richiesta.pk])
    # what the candidate has to do is the first thing said, in the list and on the page
    entro = data_con("il", richiesta.scadenza, "%d/%m/%Y alle %H:%M")
    # unescaped: «l'08/12» (a date with an elided article) is «l&#x27;08/12» in the HTML
    elenco = unescape(client.get(reverse("candidature:le_mie")).content.decode())
    assert f'<a class="d-inline-block py-1" href="{rispondi}">Integrazione richiesta: rispondi entro {entro}' in elenco
    pagina = dettaglio.content.decode()
    assert pagina.index(f'href="{rispondi}">Leggi la richiesta e rispondi') < pagina.index("Candidatura ricevuta")
    # the answer cannot be sent from the detail: only from its page, after the confirmation
    assert f'action="{rispondi}"' not in pagina and 'type="file"' not in pagina
    assert f'href="{rispondi}">Rispondi alla richiesta</a>' in pagina
    assert 'data-bs-target="#conferma-integrazione"' in client.get(rispondi).content.decode()
    # the same words everywhere, the article elided where the day is read with a vowel
    for testo in (pagina, client.get(rispondi).content.decode()):
        assert f"Rispondi entro <strong>{entro}</strong>" in testo
    falso = client.post(rispondi, {"testo": "Allego", "documenti": caricato(
        "diploma.pdf", b"MZ\x90\x00 not a pdf")})
    assert falso.status_code == 200
    assert "Allego" in falso.content.decode()  # what was written is kept
    richiesta.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.APERTA
    buona = client.post(rispondi, {"testo": "Allego il diploma", "documenti": caricato(
        "diploma.pdf", pdf("Diploma"))})
    assert buona.status_code == 302
    richiesta.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.RISPOSTA
    assert "Integrazione richiesta" not in client.get(reverse("candidature:le_mie")).content.decode()
    pagina = client.get(reverse("candidature:dettaglio", args=[scenario.alessia.pk]))
    assert "Leggi la richiesta e rispondi" not in pagina.content.decode()
    # answered: the deadline is stated, no longer asked
    assert "Rispondi entro" not in pagina.content.decode()
    assert f"Termine per rispondere: {timezone.localtime(richiesta.scadenza):%d/%m/%Y alle %H:%M}" \
        in pagina.content.decode()
    documento = richiesta.documenti.get()
    assert client.get(reverse("candidature:documento_integrazione",
                              args=[scenario.alessia.pk, documento.pk])).status_code == 200
    # staff download it from the application's page
    client.force_login(ds)
    assert client.get(reverse("candidature:istanza_integrazione", args=[
        scenario.procedura.pk, scenario.alessia.pk, documento.pk])).status_code == 200


def test_altri_non_raggiungono_la_richiesta_ne_i_documenti(client, ds, ds_altro, scenario):
    richiesta = _richiedi(ds, scenario.alessia)
    services.rispondi_integrazione(
        candidato=scenario.alessia.candidato, richiesta=richiesta, testo="Ecco",
        documenti_verificati=[caricato("diploma.pdf", pdf("Diploma"))])
    documento = richiesta.documenti.get()
    candidato_url = reverse("candidature:documento_integrazione",
                            args=[scenario.alessia.pk, documento.pk])
    rispondi_url = reverse("candidature:rispondi_integrazione",
                           args=[scenario.alessia.pk, richiesta.pk])
    staff_url = reverse("candidature:istanza_integrazione",
                        args=[scenario.procedura.pk, scenario.alessia.pk, documento.pk])
    assert client.get(candidato_url).status_code == 302  # anonymous → login
    client.force_login(scenario.marco.candidato)
    assert client.get(candidato_url).status_code == 404
    assert client.get(rispondi_url).status_code == 404
    client.force_login(ds_altro)
    assert client.get(staff_url).status_code == 404
    # a document through another application's address
    client.force_login(ds)
    assert client.get(reverse("candidature:istanza_integrazione", args=[
        scenario.procedura.pk, scenario.marco.pk, documento.pk])).status_code == 404


def test_l_ufficio_chiude_l_istruttoria_con_una_nota(ds, dsga, scenario):
    """Nobody waits for the reply deadline: the office closes the request with a note, the
    application returns to its state, the candidate and the requester are told."""
    richiesta = _richiedi(ds, scenario.alessia)
    membership = dsga.memberships.get()
    with pytest.raises(ValidationError) as errore:
        services.chiudi_istruttoria(autore=dsga, membership=membership, richiesta=richiesta,
                                    nota="  ")
    assert "nota" in errore.value.message_dict
    services.chiudi_istruttoria(autore=dsga, membership=membership, richiesta=richiesta,
                                nota="Il diploma è arrivato per PEC il 3 marzo.")
    richiesta.refresh_from_db()
    scenario.alessia.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.CHIUSA and richiesta.chiusa_da == dsga
    assert scenario.alessia.stato == StatoCandidatura.INVIATA
    assert Notifica.objects.get(destinatario=scenario.alessia.candidato,
                                oggetto__startswith="Richiesta di integrazione chiusa"
                                ).testo.endswith("Il diploma è arrivato per PEC il 3 marzo.")
    assert Notifica.objects.filter(destinatario=ds, oggetto__startswith="Istruttoria chiusa").exists()
    assert Evento.objects.filter(azione="candidatura.istruttoria_chiusa").count() == 1
    with pytest.raises(ValidationError):  # once only
        services.chiudi_istruttoria(autore=dsga, membership=membership, richiesta=richiesta,
                                    nota="di nuovo")
    # the candidate can no longer answer a closed request
    with pytest.raises(ValidationError):
        services.rispondi_integrazione(candidato=scenario.alessia.candidato, richiesta=richiesta,
                                       testo="Allego")


def test_istruttoria_in_attesa_visibile_e_avvertita_prima_della_valutazione(client, ds, scenario):
    richiesta = _richiedi(ds, scenario.alessia, ore=72)
    client.force_login(ds)
    procedura = scenario.procedura
    elenco = client.get(reverse("candidature:istanze", args=[procedura.pk])).content.decode()
    scadenza = timezone.localtime(richiesta.scadenza)
    assert f"risposta attesa entro {data_con('il', scadenza, '%d/%m/%Y %H:%M')}" in elenco
    avvio = client.get(f"/procedure/{procedura.pk}/azione/avvia_valutazione/").content.decode()
    assert "1 istanza in istruttoria, con risposta attesa fino al" in avvio
    assert "chiudi l&#x27;istruttoria da «Gestione istanze»" in avvio
    # closing it from the istanza page (HTTP), then the warning is gone
    dettaglio = reverse("candidature:istanza", args=[procedura.pk, scenario.alessia.pk])
    assert "Chiudi l'istruttoria senza attendere la risposta" in client.get(dettaglio).content.decode()
    chiudi = reverse("candidature:istanza_chiudi_istruttoria",
                     args=[procedura.pk, scenario.alessia.pk, richiesta.pk])
    assert client.get(chiudi).status_code == 405
    assert client.post(chiudi, {"nota": ""}, follow=True).status_code == 200
    richiesta.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.APERTA  # an empty note closes nothing
    assert client.post(chiudi, {"nota": "Documento acquisito d'ufficio."})["Location"] == dettaglio
    richiesta.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.CHIUSA
    assert client.post(chiudi, {"nota": "ancora"}).status_code == 404  # no longer open
    avvio = client.get(f"/procedure/{procedura.pk}/azione/avvia_valutazione/").content.decode()
    assert "in istruttoria" not in avvio


def test_chiusura_dell_istruttoria_vietata_agli_estranei(client, ds, ds_altro, scenario):
    richiesta = _richiedi(ds, scenario.alessia)
    chiudi = reverse("candidature:istanza_chiudi_istruttoria",
                     args=[scenario.procedura.pk, scenario.alessia.pk, richiesta.pk])
    assert client.post(chiudi, {"nota": "x"})["Location"].startswith("/accounts/login/")
    client.force_login(scenario.marco.candidato)
    assert client.post(chiudi, {"nota": "x"}).status_code == 403
    client.force_login(ds_altro)
    assert client.post(chiudi, {"nota": "x"}).status_code == 404
    richiesta.refresh_from_db()
    assert richiesta.stato == StatoRichiesta.APERTA


def test_la_dsga_sa_che_sara_avvisata_con_il_dirigente(client, dsga, scenario):
    client.force_login(dsga)
    testo = unescape(client.get(reverse("candidature:istanza_istruttoria", args=[
        scenario.procedura.pk, scenario.alessia.pk])).content.decode())
    assert "non arriva risposta, tu e il Dirigente Scolastico sarete avvisati." in testo
