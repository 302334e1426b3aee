"""The pages over HTTP: the journey of staff, commissari and candidates, forbidden paths for
every URL, public pages without personal data, constant query counts."""

import io
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from pypdf import PdfReader

from graduatorie import services
from graduatorie.models import Proposta, Reclamo, StatoProposta, Valutazione
from portale import formato
from portale.lingua import GIORNO_E_ORA, data_con
from portale.models import Notifica
from portale.tests.campioni_documenti import caricato, pdf
from procedure import services as procedure_services
from procedure.modulo import AUTOCERTIFICAZIONI

from .test_flusso import IMPEGNO, _criterio, _valuta_tutto


@pytest.fixture
def valutata(in_valutazione, ds, dsga, referente):
    """Evaluated by a commission of two, the provisional ranking not yet published."""
    s = in_valutazione
    membership = ds.memberships.get()
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    return s


@pytest.fixture
def completa(valutata, ds, persone):
    """Up to a definitive ranking with a pending proposal and a reclamo (answered)."""
    s = valutata
    membership = ds.memberships.get()
    services.pubblica_graduatoria(autore=ds, membership=membership, procedura=s.procedura)
    reclamo = services.presenta_reclamo(
        candidato=persone["sara"], candidatura=s.sara, testo="Rivedete il colloquio",
        documenti_caricati=[caricato("nota.pdf", pdf("Nota"))])
    services.respingi_reclamo(autore=ds, membership=membership, reclamo=reclamo,
                              risposta="Confermato.")
    dopo = services.finestra_reclami(s.procedura) + timedelta(seconds=1)
    services.approva_definitiva(autore=ds, membership=membership, procedura=s.procedura,
                                adesso=dopo)
    proposta = services.proponi_incarico(
        **IMPEGNO, autore=ds, membership=membership, procedura=s.procedura,
        scadenza=timezone.now() + timedelta(days=2))
    s.procedura.refresh_from_db()
    s.reclamo, s.proposta = reclamo, proposta
    return s


def _pubblicata_con_marco_escluso(s, ds, dsga, referente, *, motivazione):
    """The provisional ranking published: Alessia and Sara ranked, Marco excluded."""
    membership = ds.memberships.get()
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6)})
    services.escludi(autore=dsga, candidatura=s.marco, motivazione=motivazione)
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    services.pubblica_graduatoria(autore=ds, membership=membership, procedura=s.procedura)
    return s


def _url_staff(s):
    p = s.procedura.pk
    documento = s.reclamo.documenti.get()
    return [reverse("graduatorie:commissione", args=[p]),
            reverse("graduatorie:revoca_commissario", args=[p, s.procedura.commissari.first().pk]),
            reverse("graduatorie:concludi", args=[p]),
            reverse("graduatorie:graduatoria", args=[p]),
            reverse("graduatorie:pubblica", args=[p]),
            reverse("graduatorie:approva", args=[p]),
            reverse("graduatorie:reclamo", args=[p, s.reclamo.pk]),
            reverse("graduatorie:documento_reclamo", args=[p, s.reclamo.pk, documento.pk]),
            reverse("graduatorie:interpello", args=[p])]


def _url_commissione(s):
    p = s.procedura.pk
    allegato = s.alessia.allegati.first()
    return [reverse("graduatorie:valutazione", args=[p]),
            reverse("graduatorie:istanza", args=[p, s.alessia.pk]),
            reverse("graduatorie:allegato_istanza", args=[p, s.alessia.pk, allegato.pk])]


def _url_candidato(s):
    return [reverse("graduatorie:esito_candidato", args=[s.marco.pk]),
            reverse("graduatorie:presenta_reclamo", args=[s.marco.pk]),
            reverse("graduatorie:rispondi_proposta", args=[s.marco.pk, s.proposta.pk, "accetta"])]


def test_percorsi_vietati(completa, client, ds_altro, persone, referente, crea_persona):
    s = completa
    tutti = _url_staff(s) + _url_commissione(s) + _url_candidato(s)
    for url in tutti + [reverse("graduatorie:le_mie_commissioni")]:
        risposta = client.get(url)
        assert risposta.status_code == 302 and "/accounts/login/" in risposta["Location"], url
    # staff of another istituto: 404, as for a missing procedure
    client.force_login(ds_altro)
    for url in _url_staff(s) + _url_commissione(s) + _url_candidato(s):
        assert client.get(url).status_code == 404, url
    # a candidate: no staff role (403) and no door to the evaluation (404)
    client.force_login(persone["alessia"])
    for url in _url_staff(s):
        assert client.get(url).status_code == 403, url
    for url in _url_commissione(s) + _url_candidato(s):  # marco's application, not hers
        assert client.get(url).status_code == 404, url
    # a commissario (referente of the istituto) reaches only the evaluation pages
    client.force_login(referente)
    for url in _url_commissione(s):
        assert client.get(url).status_code == 200, url
    for url in _url_staff(s):
        assert client.get(url).status_code == 403, url
    # a person who is commissario of nothing
    estraneo = crea_persona("VRDGLI91M50H501O", nome="Giulia", cognome="Verdi")
    client.force_login(estraneo)
    for url in _url_commissione(s):
        assert client.get(url).status_code == 404, url


def test_pagina_pubblica_e_pdf_senza_dati_personali(completa, client):
    s = completa
    risposta = client.get(reverse("graduatorie:esito", args=[s.procedura.pk]))
    testo = risposta.content.decode()
    assert risposta.status_code == 200 and "Graduatoria definitiva" in testo
    assert "Ferrari" in testo and "Esposito" in testo and "25,50" in testo and "25.50" not in testo
    for persona in (s.alessia, s.marco, s.sara):
        assert persona.candidato.codice_fiscale not in testo
    assert "cv.pdf" not in testo
    versione_1 = client.get(reverse("graduatorie:esito_versione", args=[s.procedura.pk, 1]))
    assert "Graduatoria provvisoria" in versione_1.content.decode()
    documento = client.get(reverse("graduatorie:esito_pdf", args=[s.procedura.pk]))
    assert documento.status_code == 200
    assert b"".join(documento.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("graduatorie:esito", args=[s.procedura.pk + 999])).status_code == 404


def test_la_graduatoria_pubblica_non_nomina_gli_esclusi_ne_i_motivi(
        in_valutazione, client, ds, dsga, referente, persone):
    """Minimization (art. 5 GDPR; Garante, parere 23/03/2023 and FAQ on concorsi): the public
    page and PDF name the ranked candidates only; who was excluded and why is told to the
    person, and stays in the staff's ranking."""
    s = _pubblicata_con_marco_escluso(in_valutazione, ds, dsga, referente,
                                      motivazione="Domanda priva della firma")
    pagina = client.get(reverse("graduatorie:esito", args=[s.procedura.pk])).content.decode()
    documento = client.get(reverse("graduatorie:esito_pdf", args=[s.procedura.pk]))
    testo_pdf = " ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(b"".join(documento.streaming_content))).pages)
    for pubblico in (pagina, " ".join(testo_pdf.split())):
        assert "Ferrari" in pubblico and "Mancini" in pubblico
        assert "Esposito" not in pubblico and "priva della firma" not in pubblico
        assert "1 istanza esclusa" in pubblico
    client.force_login(ds)
    staff = client.get(reverse("graduatorie:graduatoria", args=[s.procedura.pk])).content.decode()
    assert "Esposito" in staff and "Domanda priva della firma" in staff
    client.force_login(persone["marco"])
    proprio = client.get(reverse("graduatorie:esito_candidato", args=[s.marco.pk])).content.decode()
    assert "Domanda priva della firma" in proprio


def test_graduatoria_non_pubblicata_non_e_pubblica(in_valutazione, client, ds, dsga, referente):
    s = in_valutazione
    membership = ds.memberships.get()
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (1, 1), s.sara: (1, 1),
                                                 s.marco: (1, 1)})
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    assert client.get(reverse("graduatorie:esito", args=[s.procedura.pk])).status_code == 404


def test_percorso_della_commissione_via_http(scenario, client, ds, dsga, referente,
                                             django_assert_max_num_queries):
    s = scenario
    procedure_services.avvia_valutazione(autore=ds, membership=ds.memberships.get(),
                                         procedura=s.procedura)
    client.force_login(ds)
    url = reverse("graduatorie:commissione", args=[s.procedura.pk])
    assert client.post(url, {"persona": "abc"}).status_code == 200  # invalid choice, no 500
    for persona in (dsga, referente):
        assert client.post(url, {"persona": persona.pk}).status_code == 302
    assert s.procedura.commissari.count() == 2
    # nobody left to nominate but the DS: then nobody at all, said instead of an empty list
    assert client.post(url, {"persona": ds.pk}).status_code == 302
    pagina = unescape(client.get(url).content.decode())
    assert "Tutte le persone dell'istituto con un ruolo nel portale sono già nominate." in pagina
    assert "Nomina commissario</button>" not in pagina and "Data di nomina" in pagina
    assert reverse("portale:assegna_ruolo") in pagina  # how an external member is added
    nomina_del_ds = s.procedura.commissari.get(user=ds)
    assert client.post(reverse("graduatorie:revoca_commissario",
                               args=[s.procedura.pk, nomina_del_ds.pk])).status_code == 302

    client.force_login(dsga)
    istanza = reverse("graduatorie:istanza", args=[s.procedura.pk, s.alessia.pk])
    laurea = _criterio(s.procedura, "Laurea vecchio")
    colloquio = _criterio(s.procedura, "Colloquio")
    risposta = client.post(istanza, {"azione": "correggi", "correzione-criterio": laurea.pk,
                                     "correzione-valore": "abc", "correzione-nota": "x"})
    html = risposta.content.decode()
    assert "Il voto è un numero intero." in html
    # said at the top too, and the field to correct brought into view: the form is far below
    assert "Non registrato: correggi i dati indicati nel modulo." in html
    assert re.search(r'<input[^>]*name="correzione-valore"[^>]*autofocus|<input[^>]*autofocus[^>]*name="correzione-valore"', html)
    risposta = client.post(istanza, {"azione": "punteggi", f"punteggi-criterio_{colloquio.pk}": "11"})
    assert risposta.status_code == 200 and "10" in risposta.content.decode()
    assert client.post(istanza, {"azione": "punteggi",
                                 f"punteggi-criterio_{colloquio.pk}": "7,5"}).status_code in (200, 302)
    risposta = client.post(istanza, {"azione": "punteggi",
                                     f"punteggi-criterio_{colloquio.pk}": "7.5"})
    # back where the scores are (on a phone far below the top), with the heading to land on
    assert risposta["Location"] == f"{istanza}#i-tuoi-punteggi"
    assert 'id="i-tuoi-punteggi"' in client.get(istanza).content.decode()
    risposta = client.post(istanza, {"azione": "ammetti"})
    assert risposta["Location"] == f"{istanza}#ammissione"
    risposta = client.post(istanza, {"azione": "escludi", "escludi-motivazione": ""})
    assert "obbligatorio" in risposta.content.decode()
    assert client.post(istanza, {"azione": "boh"}).status_code == 404

    elenco = reverse("graduatorie:valutazione", args=[s.procedura.pk])
    # 15: the marks each commissioner still owes are one more query, whatever their number
    with django_assert_max_num_queries(15):
        risposta = client.get(elenco)
    assert "Valutate 0 di 3" in risposta.content.decode()  # the referente has not scored yet
    client.force_login(referente)
    client.post(istanza, {"azione": "punteggi", f"punteggi-criterio_{colloquio.pk}": "6"})
    with django_assert_max_num_queries(15):
        risposta = client.get(elenco)
    assert "Valutate 1 di 3" in risposta.content.decode()

    # concluding too early: the confirmation says why and offers no irreversible button; a
    # POST all the same gets a clear message, nothing changes
    client.force_login(ds)
    conferma = unescape(client.get(reverse("graduatorie:concludi", args=[s.procedura.pk])
                                   ).content.decode())
    assert "1 istanza valutata su 3: completa la valutazione di tutte" in conferma
    assert "Conferma: Concludi valutazione istanze" not in conferma
    risposta = client.post(reverse("graduatorie:concludi", args=[s.procedura.pk]), follow=True)
    assert "1 istanza valutata su 3" in risposta.content.decode()


def test_chi_dipende_da_un_altra_amministrazione_sa_prima_di_accettare_dell_autorizzazione(
        completa, client, persone):
    """Accepting said only «ti impegni a svolgere l'incarico»: a teacher of another school (or
    an employee of another administration) needs her own administration's authorisation
    before the conferimento (art. 53, c. 7, d.lgs. 165/2001), which the school then asks for.
    Said on the page where she accepts; not to whoever has no employer to ask."""
    from candidature.models import Candidatura
    from procedure.models import Categoria

    s = completa
    client.force_login(persone["marco"])
    accetta = reverse("graduatorie:rispondi_proposta", args=[s.marco.pk, s.proposta.pk, "accetta"])
    Candidatura.objects.filter(pk=s.marco.pk).update(categoria=Categoria.PRIVATO)
    assert "autorizzazione" not in client.get(accetta).content.decode()
    Candidatura.objects.filter(pk=s.marco.pk).update(
        categoria=Categoria.ALTRA_SCUOLA, amministrazione_appartenenza="IC Alessandro Manzoni")
    pagina = unescape(client.get(accetta).content.decode())
    assert ("La tua amministrazione di appartenenza (IC Alessandro Manzoni) deve autorizzarti "
            "prima del conferimento (art. 53, c. 7, d.lgs. 165/2001): senza l'autorizzazione la "
            "scuola non può emettere l'atto. Chiedila subito.") in pagina
    # after the answer the page says what was answered, not the note
    services.accetta_proposta(candidato=persone["marco"], proposta=s.proposta)
    assert "deve autorizzarti" not in client.get(accetta).content.decode()
    # the outcome page keeps saying it until the act is issued: the reminder vanished exactly
    # when she had to ask for it (a trial's candidate)
    esito = unescape(client.get(reverse("graduatorie:esito_candidato",
                                        args=[s.marco.pk])).content.decode())
    assert ("La tua amministrazione di appartenenza (IC Alessandro Manzoni) deve autorizzarti "
            "prima del conferimento") in esito
    Candidatura.objects.filter(pk=s.marco.pk).update(categoria=Categoria.PRIVATO)
    assert "deve autorizzarti" not in client.get(reverse(
        "graduatorie:esito_candidato", args=[s.marco.pk])).content.decode()


def test_il_candidato_presenta_reclamo_e_risponde_alla_proposta(completa, client, persone):
    s = completa
    marco = persone["marco"]
    client.force_login(marco)
    esito = client.get(reverse("graduatorie:esito_candidato", args=[s.marco.pk])).content.decode()
    assert "Proposta di incarico" in esito and "Accetta" in esito
    # what is being offered, before «Accetta» commits the candidate to it
    procedura = s.procedura
    assert formato.euro(procedura.compenso) in esito
    # on the base of his category, not every base of the avviso
    assert procedura.compenso_per(s.marco.categoria) in unescape(esito)
    assert f"{data_con('dal', procedura.data_inizio_attivita)} {data_con('al', procedura.data_fine_attivita)}" in esito
    assert f"Rispondi entro {data_con('il', s.proposta.scadenza, GIORNO_E_ORA)}" in esito
    # and whom to ask (seed 002, §7 c: «tutti gli idonei contatti della scuola»)
    istituto = procedura.istituto
    assert "Contatti della scuola" in esito and f'href="mailto:{istituto.pec}"' in esito
    avviso = Notifica.objects.get(destinatario=marco, oggetto__startswith="Proposta di incarico")
    assert f"Per informazioni: {istituto.denominazione}, {istituto.email} (PEC {istituto.pec})." in (
        avviso.testo)
    # the reclami window is over: the form says so, a POST is refused with a message
    url = reverse("graduatorie:presenta_reclamo", args=[s.marco.pk])
    risposta = client.post(url, {"testo": "Troppo tardi"}, follow=True)
    assert Reclamo.objects.filter(candidatura=s.marco).count() == 0
    assert "scaduto" in risposta.content.decode()

    rispondi = reverse("graduatorie:rispondi_proposta", args=[s.marco.pk, s.proposta.pk,
                                                              "accetta"])
    assert "Confermo l&#x27;accettazione" in client.get(rispondi).content.decode()
    assert client.get(reverse("graduatorie:rispondi_proposta", args=[
        s.marco.pk, s.proposta.pk, "forse"])).status_code == 404
    client.post(rispondi)
    s.proposta.refresh_from_db()
    assert s.proposta.stato == StatoProposta.ACCETTATA
    # the candidate's own record of the answer, with the hour it was given
    ricevuta = Notifica.objects.get(destinatario=marco, oggetto__startswith="Proposta accettata")
    assert ricevuta.testo == (
        f"Hai accettato {data_con('il', s.proposta.risposta_il, GIORNO_E_ORA)} la proposta di "
        f"incarico della procedura «{procedura.oggetto}». L'istituto ti contatterà per il "
        "conferimento dell'incarico.")
    assert ricevuta.url == reverse("graduatorie:esito_candidato", args=[s.marco.pk])
    elenco = client.get(reverse("candidature:le_mie")).content.decode()
    assert ("Proposta di incarico accettata "
            f"{data_con('il', s.proposta.risposta_il, GIORNO_E_ORA)}") in elenco.replace("&#x27;", "'")
    assert "Proposta di incarico: rispondi entro" not in elenco
    # the rinuncia page opened afterwards (the e-mail's link, the back button) says what was
    # answered and when, not «no longer possible» with a deadline still ahead, and leads back
    rinuncia = reverse("graduatorie:rispondi_proposta", args=[s.marco.pk, s.proposta.pk,
                                                              "rinuncia"])
    pagina = client.get(rinuncia).content.decode().replace("&#x27;", "'")
    assert "Hai già risposto" in pagina and "Risposta non più possibile" not in pagina
    assert (f"Hai accettato la proposta "
            f"{data_con('il', s.proposta.risposta_il, GIORNO_E_ORA)}.") in pagina
    assert "la rinuncia dopo l'accettazione la registra il Dirigente Scolastico" in pagina
    assert reverse("graduatorie:esito_candidato", args=[s.marco.pk]) in pagina
    assert "Confermo la rinuncia" not in pagina
    # a second answer changes nothing
    client.post(rinuncia)
    assert Proposta.objects.get(pk=s.proposta.pk).stato == StatoProposta.ACCETTATA
    esito = client.get(reverse("graduatorie:esito_candidato", args=[s.marco.pk])).content.decode()
    # said as the rinuncia is («Hai rinunciato alla proposta il …»), with what comes next
    assert (f"Hai accettato la proposta {data_con('il', s.proposta.risposta_il, GIORNO_E_ORA)}: "
            "l'istituto ti contatterà per il conferimento dell'incarico."
            ) in esito.replace("&#x27;", "'")
    assert "Stato: Accettata" not in esito and "Rispondi entro" not in esito


def test_il_dettaglio_della_candidatura_porta_all_esito_e_alla_proposta(completa, client, persone):
    """The application's own page (where «Candidatura inviata» and its notification lead) leads
    to the outcome and complaints, and to a proposal waiting for an answer, highlighted."""
    s = completa
    esito = reverse("graduatorie:esito_candidato", args=[s.marco.pk])
    client.force_login(persone["marco"])
    pagina = client.get(reverse("candidature:dettaglio", args=[s.marco.pk])).content.decode()
    seguiti = pagina[pagina.index('id="seguiti"'):]
    assert f'href="{esito}"' in seguiti and "Esito e reclami" in seguiti
    assert f'href="{esito}#proposta-{s.proposta.pk}"' in seguiti
    assert "Proposta di incarico: rispondi entro" in seguiti
    assert 'class="callout warning" id="seguiti"' in pagina
    # Sara, admitted without a proposal: the outcome only, not highlighted
    client.force_login(persone["sara"])
    pagina = client.get(reverse("candidature:dettaglio", args=[s.sara.pk])).content.decode()
    assert 'class="callout" id="seguiti"' in pagina and "Esito e reclami" in pagina
    assert "Proposta di incarico" not in pagina


def test_il_reclamo_mostra_al_candidato_i_documenti_allegati(completa, client, persone):
    client.force_login(persone["sara"])
    esito = client.get(reverse("graduatorie:esito_candidato", args=[completa.sara.pk]))
    documento = completa.reclamo.documenti.get()
    scarica = reverse("graduatorie:documento_del_mio_reclamo",
                      args=[completa.sara.pk, completa.reclamo.pk, documento.pk])
    assert f'Documenti allegati: <a href="{scarica}">nota.pdf</a>' in esito.content.decode()
    # the answer with its date: the candidate's own record of when the school decided
    completa.reclamo.refresh_from_db()
    risposto = data_con("del", completa.reclamo.risposto_il, "%d/%m/%Y %H:%M")
    assert (f"<strong>Risposta {risposto}:</strong> {completa.reclamo.risposta}"
            in esito.content.decode().replace("&#x27;", "'"))  # «dell'08/12»: elided article


def test_la_risposta_al_reclamo_offre_la_riammissione_solo_all_istanza_esclusa(
        in_valutazione, ds, dsga, referente, persone, client_di):
    """Against an exclusion the answer is a readmission: asked first, with the reason of the
    exclusion; against a score, no «Riammetti» that the service would only refuse."""
    s = _pubblicata_con_marco_escluso(in_valutazione, ds, dsga, referente,
                                      motivazione="Manca la firma")
    contro_esclusione = services.presenta_reclamo(
        candidato=persone["marco"], candidatura=s.marco, testo="Il CV è firmato digitalmente")
    contro_punteggio = services.presenta_reclamo(
        candidato=persone["sara"], candidatura=s.sara, testo="Rivedete il colloquio")
    cliente = client_di(ds)

    url = reverse("graduatorie:reclamo", args=[s.procedura.pk, contro_esclusione.pk])
    modulo = cliente.get(url).content.decode()
    modulo = modulo[modulo.index('id="modulo-risposta"'):]
    campi = re.findall(r'name="(\w+)"', modulo)
    assert campi.index("riammetti") < campi.index("criterio_1")
    assert "Esclusa per «Manca la firma»" in strip_tags(modulo)
    risposta = cliente.post(url, {"decisione": "accogli", "risposta": "Firma verificata.",
                                  "riammetti": "on"})
    assert risposta.status_code == 302
    s.marco.refresh_from_db()
    assert s.marco.stato != "esclusa"

    url = reverse("graduatorie:reclamo", args=[s.procedura.pk, contro_punteggio.pk])
    modulo = cliente.get(url).content.decode()
    assert 'name="criterio_1"' in modulo and 'name="riammetti"' not in modulo
    assert "Riammetti" not in modulo


def test_reclamo_via_http_con_file_falso(scenario, client, ds, dsga, referente, persone):
    s = scenario
    membership = ds.memberships.get()
    procedure_services.avvia_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    for persona in (dsga, referente):
        services.nomina_commissario(autore=ds, membership=membership, procedura=s.procedura,
                                    persona=persona)
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (1, 1), s.sara: (1, 1),
                                                 s.marco: (1, 1)})
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    services.pubblica_graduatoria(autore=ds, membership=membership, procedura=s.procedura)
    client.force_login(persone["alessia"])
    url = reverse("graduatorie:presenta_reclamo", args=[s.alessia.pk])
    risposta = client.post(url, {"testo": "Motivi", "documenti": caricato("x.pdf", b"MZ falso")})
    assert risposta.status_code == 200 and "non è un PDF valido" in risposta.content.decode()
    assert not Reclamo.objects.exists()
    esito = reverse("graduatorie:esito_candidato", args=[s.alessia.pk])
    assert f'href="{url}"' in client.get(esito).content.decode()
    risposta = client.post(url, {"testo": "Motivi", "documenti": caricato("x.pdf", pdf("Prova"))})
    assert risposta.status_code == 302
    reclamo = Reclamo.objects.get()
    # one reclamo waits for its answer: no «Presenta reclamo» that the portal would refuse
    attesa = "Hai già un reclamo in attesa di risposta: potrai presentarne un altro dopo la risposta"
    pagina_esito = client.get(esito).content.decode()
    assert f'href="{url}"' not in pagina_esito and attesa in pagina_esito
    modulo = client.get(url).content.decode()
    assert attesa in modulo and 'id="modulo-reclamo"' not in modulo
    # the candidate opens what they attached, from the esito; nobody else through that address
    documento = reclamo.documenti.get()
    scarica = reverse("graduatorie:documento_del_mio_reclamo",
                      args=[s.alessia.pk, reclamo.pk, documento.pk])
    assert f'<a href="{scarica}">x.pdf</a>' in pagina_esito
    assert b"".join(client.get(scarica).streaming_content) == pdf("Prova")
    assert client.get(reverse("graduatorie:documento_del_mio_reclamo", args=[
        s.alessia.pk, reclamo.pk, documento.pk + 1])).status_code == 404
    for altro in (persone["marco"], ds):
        client.force_login(altro)
        assert client.get(scarica).status_code == 404
    # the DS answers from the staff page: accept without saying what changes → a clear error
    client.force_login(ds)
    pagina = reverse("graduatorie:reclamo", args=[s.procedura.pk, reclamo.pk])
    risposta = client.post(pagina, {"decisione": "accogli", "risposta": "Sì"})
    assert "Indica la nuova valutazione" in risposta.content.decode()
    laurea = _criterio(s.procedura, "Laurea vecchio")
    europea = _criterio(s.procedura, "Esperienza di progettazione europea")
    # a reclamo disputing two titles is corrected on both (one title only could be before);
    # a wrong value is said beside its own row, the same title twice is refused
    due = {"decisione": "accogli", "risposta": "Sì", "criterio_1": laurea.pk, "valore_1": "110",
           "lode_1": "on", "criterio_2": europea.pk, "valore_2": "tre"}
    risposta = client.post(pagina, due)
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["valore_2"] == ["Indica un numero (es. 3 o 2,5)."]
    risposta = client.post(pagina, due | {"criterio_2": laurea.pk, "valore_2": "108"})
    assert "Lo stesso titolo è indicato due volte" in unescape(risposta.content.decode())
    reclamo.refresh_from_db()
    assert reclamo.stato == "presentato"
    risposta = client.post(pagina, due | {"valore_2": "3"})
    assert risposta.status_code == 302
    reclamo.refresh_from_db()
    assert reclamo.stato == "accolto" and reclamo.nuova_versione.numero == 2
    corretti = Valutazione.objects.get(candidatura=s.alessia).valori_corretti
    assert corretti[str(laurea.pk)] == {"voto": 110, "lode": True}
    assert corretti[str(europea.pk)] == "3"


def test_le_mie_commissioni_senza_nomine_dice_a_ciascuno_cosa_fare(client, ds, segreteria):
    client.force_login(ds)
    pagina = client.get(reverse("graduatorie:le_mie_commissioni")).content.decode()
    assert "Nessuna nomina" in pagina and "nomini la commissione dalla procedura" in pagina
    assert f'href="{reverse("procedure:elenco")}"' in pagina
    assert "la nomina il Dirigente Scolastico" not in pagina  # not said to the DS
    client.force_login(segreteria)
    pagina = client.get(reverse("graduatorie:le_mie_commissioni")).content.decode()
    assert "la commissione la nomina il Dirigente Scolastico" in pagina


def test_pubblica_e_approva_solo_il_ds_vede_la_conferma(completa, client, dsga, segreteria):
    for persona in (dsga, segreteria):
        client.force_login(persona)
        for nome in ("pubblica", "approva"):
            url = reverse(f"graduatorie:{nome}", args=[completa.procedura.pk])
            risposta = client.get(url)
            assert risposta.status_code == 403, (persona, nome)
            assert "riservata a chi opera come Dirigente Scolastico" in risposta.content.decode()


def test_la_conferma_della_pubblicazione_dice_fino_a_quando_i_reclami(valutata, client, ds):
    from portale.lingua import quantita
    from portale.termini import termine_in_giorni

    s = valutata
    client.force_login(ds)
    pagina = client.get(reverse("graduatorie:pubblica", args=[s.procedura.pk])).content.decode()
    giorni = s.procedura.giorni_reclami
    fino = data_con("al", termine_in_giorni(timezone.now(), giorni))
    assert (f"Da ora decorrono {quantita(giorni, 'giorno')} per i reclami: pubblicando adesso, "
            f"si presentano fino {fino} compreso.") in pagina.replace("&#x27;", "'")


def test_con_i_reclami_aperti_la_graduatoria_dice_quando_si_approva(valutata, client, ds, dsga):
    """The provisional ranking published, the reclami open: the page says what comes next and
    from when, instead of leaving the DS without a way forward."""
    s = valutata
    services.pubblica_graduatoria(autore=ds, membership=ds.memberships.get(), procedura=s.procedura)
    url = reverse("graduatorie:graduatoria", args=[s.procedura.pk])
    client.force_login(ds)
    pagina = client.get(url).content.decode()
    assert ("Chiusi i reclami, potrai approvare la graduatoria definitiva; fino ad allora si "
            "risponde ai reclami presentati.") in pagina
    assert "Approva graduatoria definitiva" not in pagina
    client.force_login(dsga)
    assert "il Dirigente Scolastico potrà approvare" in client.get(url).content.decode()


def test_istanza_dice_quali_commissari_hanno_dato_il_punteggio(in_valutazione, dsga, referente,
                                                              ds, client_di):
    """Seed 004: who coordinates sees which evaluators have entered their marks and the mean
    of theirs; the mean of one commissioner out of two is said to be partial."""
    s = in_valutazione
    colloquio = _criterio(s.procedura, "Colloquio")
    services.ammetti(autore=dsga, candidatura=s.alessia)
    url = reverse("graduatorie:istanza", args=[s.procedura.pk, s.alessia.pk])
    client = client_di(ds)
    riga = _riga_colloquio(client.get(url))
    assert "Mancano i punteggi di Gianni Blu e Lucia Verdi." in riga
    assert riga.endswith('<td><span aria-label="nessun punteggio">—</span></td> </tr>')
    services.assegna_punteggi(autore=dsga, candidatura=s.alessia,
                              punteggi={colloquio: Decimal("8")})
    riga = _riga_colloquio(client.get(url))
    assert "Media della commissione: 8" in riga
    assert "Finora 1 punteggio su 2: manca quello di Gianni Blu." in riga
    services.assegna_punteggi(autore=referente, candidatura=s.alessia,
                              punteggi={colloquio: Decimal("7")})
    riga = _riga_colloquio(client_di(referente).get(url))
    assert "Media della commissione: 7,5" in riga and "Media dei punteggi di 2 commissari." in riga
    assert "manca" not in riga.lower()


def test_il_commissario_non_vede_i_punteggi_altrui_prima_di_dare_il_suo(in_valutazione, dsga,
                                                                        referente, ds, client_di):
    """Seed 004: each evaluator gives their own mark; the mean is read by who coordinates. A
    commissario who has not marked yet read «Media della commissione: 8» (the colleague's mark)
    above the empty field: the marks were no longer independent. Hidden, the total too, until
    the own mark is given; the DS who coordinates, not on the commission, sees it all along."""
    s = in_valutazione
    colloquio = _criterio(s.procedura, "Colloquio")
    services.ammetti(autore=dsga, candidatura=s.alessia)
    services.assegna_punteggi(autore=dsga, candidatura=s.alessia,
                              punteggi={colloquio: Decimal("8")})
    url = reverse("graduatorie:istanza", args=[s.procedura.pk, s.alessia.pk])
    risposta = client_di(referente).get(url)
    riga = _riga_colloquio(risposta)
    assert "8" not in riga.split("</td>", 1)[1]  # neither the mean nor its points
    assert ("Media della commissione: la vedrai dopo aver dato il tuo punteggio "
            "(finora 1 punteggio su 2).") in unescape(riga)
    pagina = unescape(risposta.content.decode())
    assert "Criteri di valutazione – totale: dopo il tuo punteggio su «Colloquio»" in pagina
    assert "Media della commissione: 8" in _riga_colloquio(client_di(ds).get(url))
    assert "Media della commissione: 8" in _riga_colloquio(client_di(dsga).get(url))
    services.assegna_punteggi(autore=referente, candidatura=s.alessia,
                              punteggi={colloquio: Decimal("7")})
    assert "Media della commissione: 7,5" in _riga_colloquio(client_di(referente).get(url))


def test_la_commissione_legge_le_dichiarazioni_sostitutive(in_valutazione, dsga, client_di):
    """Admitting or excluding, the commission read the titles and the documents but not what
    the candidate declared under DPR 445/2000 — the requisiti di ammissione among it."""
    s = in_valutazione
    url = reverse("graduatorie:istanza", args=[s.procedura.pk, s.alessia.pk])
    pagina = " ".join(unescape(client_di(dsga).get(url).content.decode()).split())
    sezione = pagina.split("Dichiarazioni sostitutive (DPR 445/2000)</h2>", 1)[1].split("</ul>")[0]
    for testo in AUTOCERTIFICAZIONI.values():
        assert f"{testo} Sì" in strip_tags(sezione), testo


@pytest.mark.parametrize("dati, attesa", [
    ((), "Mancano il tuo punteggio e quelli di Gianni Blu e Lucia Verdi."),
    (("Lucia",), "Finora 1 punteggio su 3: mancano il tuo e quello di Gianni Blu."),
    (("Lucia", "Gianni"), "Finora 2 punteggi su 3: manca il tuo."),
    (("io",), "Finora 1 punteggio su 3: mancano quelli di Gianni Blu e Lucia Verdi."),
    (("io", "Lucia"), "Finora 2 punteggi su 3: manca quello di Gianni Blu."),
])
def test_chi_manca_detto_a_chi_legge(dati, attesa):
    from types import SimpleNamespace

    from graduatorie.views import _punteggi_dati
    persone = {nome: SimpleNamespace(pk=pk, nome_completo=completo) for pk, nome, completo in (
        (1, "Gianni", "Gianni Blu"), (2, "io", "Maria Rossi"), (3, "Lucia", "Lucia Verdi"))}
    assert _punteggi_dati(list(persone.values()), {persone[n].pk for n in dati},
                          persone["io"]) == attesa


def _riga_colloquio(risposta):
    assert risposta.status_code == 200
    html = re.sub(r"\s+", " ", risposta.content.decode())
    return re.search(r"<tr> <td>Colloquio.*?</tr>", html).group(0)


def test_revoca_di_un_commissario_rifiutata_prima_della_conferma(valutata, client, ds, dsga):
    """After the evaluation is concluded the commission no longer changes: «Revoca» was no
    longer offered, but its address still opened a confirmation («Revochi la nomina di…»)
    refused only after confirming. Now the refusal comes first, on the commission's page."""
    s = valutata
    nomina = s.procedura.commissari.get(user=dsga)
    url = reverse("graduatorie:revoca_commissario", args=[s.procedura.pk, nomina.pk])
    commissione = reverse("graduatorie:commissione", args=[s.procedura.pk])
    client.force_login(ds)
    risposta = client.get(url, follow=True)
    assert risposta.redirect_chain == [(commissione, 302)]
    pagina = unescape(risposta.content.decode())
    assert "La commissione non si modifica dopo la conclusione della valutazione." in pagina
    assert "Revochi la nomina" not in pagina
    nomina.refresh_from_db()
    assert nomina.revocato_il is None
    # the DSGA, staff but not the one who revokes: told so before any confirmation as well
    client.force_login(dsga)
    risposta = client.get(url, follow=True)
    assert risposta.redirect_chain == [(commissione, 302)]
    assert "Revochi la nomina" not in unescape(risposta.content.decode())


def test_revoca_di_un_commissario_durante_la_valutazione(in_valutazione, client, ds, dsga):
    s = in_valutazione
    nomina = s.procedura.commissari.get(user=dsga)
    url = reverse("graduatorie:revoca_commissario", args=[s.procedura.pk, nomina.pk])
    client.force_login(ds)
    assert "Revochi la nomina di Lucia Verdi" in unescape(client.get(url).content.decode())
    risposta = client.post(url, follow=True)
    assert "Revocata la nomina di Lucia Verdi." in unescape(risposta.content.decode())
    nomina.refresh_from_db()
    assert nomina.revocato_il is not None


def test_punteggi_della_graduatoria_con_due_decimali(valutata, client, ds):
    """A ranking column read «32» over «42,25»: every score with two decimals, aligned."""
    client.force_login(ds)
    pagina = client.get(reverse("graduatorie:graduatoria", args=[valutata.procedura.pk])
                        ).content.decode()
    punteggi = re.findall(r'<td class="text-end">([^<]*)</td>', pagina)
    assert punteggi and all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{2}", p) for p in punteggi), punteggi
    assert any(p.endswith(",00") for p in punteggi), punteggi  # a whole score among them


@pytest.mark.django_db(transaction=True)
def test_revoca_di_un_commissario_in_una_transazione_propria(in_valutazione, client, ds, dsga):
    """Outside the test's own transaction, as in production: the service locks its rows inside
    a transaction of its own (without it, «select_for_update» fails: a 500 on «Revoca»)."""
    nomina = in_valutazione.procedura.commissari.get(user=dsga)
    client.force_login(ds)
    client.post(reverse("graduatorie:revoca_commissario",
                        args=[in_valutazione.procedura.pk, nomina.pk]))
    nomina.refresh_from_db()
    assert nomina.revocato_il is not None


def test_il_massimo_di_un_criterio_si_legge_in_italiano():
    """«Colloquio (da 0 a 10.5)» beside the error «al massimo 10,50»: the label's maximum
    in English notation, for a commissioner typing with a comma."""
    from types import SimpleNamespace

    from graduatorie.forms import PunteggiForm

    criteri = [SimpleNamespace(pk=1, descrizione="Colloquio", massimo=Decimal("10.50")),
               SimpleNamespace(pk=2, descrizione="Laurea", massimo=Decimal("20.00")),
               SimpleNamespace(pk=3, descrizione="Esperienze", massimo=Decimal("1200"))]
    form = PunteggiForm(criteri=criteri)
    assert [form.fields[f"criterio_{c.pk}"].label for c in criteri] == [
        "Colloquio (da 0 a 10,50)", "Laurea (da 0 a 20)", "Esperienze (da 0 a 1.200)"]


@pytest.mark.parametrize("scritto, messaggio", [
    # «Scrivi un numero …, ad esempio 1.234,50»: an amount, for a score from 0 to 10
    ("otto", "Scrivi il punteggio in cifre, con la virgola per i decimali: per esempio «8» o "
             "«7,5»."),
    # «Il valore deve essere di almeno 0.»
    ("-1", "Il punteggio non può essere negativo."),
])
def test_un_punteggio_sbagliato_detto_da_punteggio(scritto, messaggio):
    from types import SimpleNamespace

    from graduatorie.forms import PunteggiForm

    form = PunteggiForm({"criterio_1": scritto}, criteri=[
        SimpleNamespace(pk=1, descrizione="Colloquio", massimo=Decimal("10.00"))])
    assert not form.is_valid()
    assert form.errors == {"criterio_1": [messaggio]}
