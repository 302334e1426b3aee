"""The cruscotto of each role on the demo data: the figures the office needs, each linking to a
list that the same person can open, and a number of queries that does not grow with the data.
"""

from datetime import timedelta
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.models import Membership, Ruolo, User

CRUSCOTTO = "/area-riservata/"

# (codice fiscale, ruolo, istituto) of the demo identities, and the titles their cruscotto shows
RUOLI = {
    "DS": ("RSSMRA70A41H501W", Ruolo.DS, "RMIC8A7005",
           {"Il mio istituto", "Rilevazione del fabbisogno", "Procedure di selezione", "Istanze",
            "Graduatorie e interpello", "Incarichi", "Strumenti"}),
    "DSGA": ("VRDLCU80D55L219W", Ruolo.DSGA, "RMIC8A7005",
             {"Rilevazione del fabbisogno", "Procedure di selezione", "Istanze", "Incarichi"}),
    "segreteria": ("NREPLA85E10H501Q", Ruolo.SEGRETERIA, "RMIC8A7005",
                   {"Procedure di selezione", "Istanze", "Incarichi"}),
    "referente e commissaria": ("GLLNNA82H48F205R", Ruolo.REFERENTE, "MIPS01000A",
                                {"Le mie commissioni", "Rilevazione del fabbisogno", "Strumenti"}),
    "amministrazione": ("CNTFNC68L20H501F", Ruolo.AMMINISTRAZIONE, None, {"Portale"}),
    "supporto": ("MRNLRA90M50H501J", Ruolo.SUPPORTO, None, {"Portale", "Assistenza"}),
}


@pytest.fixture
def demo(db):
    call_command("carica_demo", verbosity=0)


def _entra(client, codice_fiscale, ruolo, istituto):
    persona = User.objects.get(codice_fiscale=codice_fiscale)
    client.force_login(persona)
    membership = Membership.objects.valide().get(user=persona, ruolo=ruolo,
                                                 istituto__codice_meccanografico=istituto)
    sessione = client.session
    sessione[SESSION_KEY] = membership.pk
    sessione.save()


@pytest.mark.parametrize("chi", list(RUOLI))
def test_ogni_cifra_porta_a_una_pagina_che_il_ruolo_apre(client, demo, chi):
    codice_fiscale, ruolo, istituto, attesi = RUOLI[chi]
    _entra(client, codice_fiscale, ruolo, istituto)
    risposta = client.get(CRUSCOTTO)
    assert risposta.status_code == 200
    riquadri = risposta.context["riquadri"]
    titoli = {r.titolo for r in riquadri}
    assert attesi <= titoli, f"{chi}: mancano {attesi - titoli}"
    collegamenti = {c.url for r in riquadri for c in r.cifre if c.url}
    collegamenti |= {riga.url for r in riquadri for riga in r.righe if riga.url}
    assert collegamenti
    for url in sorted(collegamenti):
        assert client.get(url).status_code == 200, f"{chi}: {url}"
    pagina = risposta.content.decode()
    for r in riquadri:
        assert r.titolo in pagina


def test_le_cifre_del_ds_sono_quelle_dei_dati(client, demo):
    codice_fiscale, ruolo, istituto, _ = RUOLI["DS"]
    _entra(client, codice_fiscale, ruolo, istituto)
    riquadri = {r.titolo: r for r in client.get(CRUSCOTTO).context["riquadri"]}
    procedure = {c.testo: c.valore for c in riquadri["Procedure di selezione"].cifre}
    from procedure.models import ProceduraSelezione, Stato

    aperte = ProceduraSelezione.objects.filter(istituto__codice_meccanografico=istituto,
                                               stato=Stato.APERTA).count()
    # the label agrees with the figure: «1 Aperta», «2 Aperte»
    assert procedure["Aperta" if aperte == 1 else "Aperte"] == aperte > 0
    istanze = {c.etichetta: c.valore for c in riquadri["Istanze"].cifre}
    # «Progettista della rete LAN» is closed with five sent applications; one istruttoria open
    assert istanze["Istanze da valutare"] == 5
    assert istanze["Istruttorie in attesa di risposta"] == 1
    graduatorie = {c.etichetta: c.valore for c in riquadri["Graduatorie e interpello"].cifre}
    assert graduatorie["Proposte in attesa di risposta"] == 1


def test_nessuna_istanza_conta_prima_della_chiusura(client, demo):
    """An open procedure's applications are not counted: not even a number before the deadline."""
    from candidature.models import Candidatura
    from procedure.models import ProceduraSelezione, Stato

    codice_fiscale, ruolo, istituto, _ = RUOLI["DS"]
    _entra(client, codice_fiscale, ruolo, istituto)
    aperta = ProceduraSelezione.objects.get(oggetto="Esperto di robotica educativa")
    assert aperta.stato == Stato.APERTA
    assert Candidatura.objects.filter(procedura=aperta, protocollo__isnull=False).exists()
    riquadri = {r.titolo: r for r in client.get(CRUSCOTTO).context["riquadri"]}
    assert all(riga.testo != aperta.oggetto for riga in riquadri["Istanze"].righe)


def test_query_costanti_al_crescere_dei_dati(client, demo):
    from procedure.models import ProceduraSelezione

    codice_fiscale, ruolo, istituto, _ = RUOLI["DS"]
    _entra(client, codice_fiscale, ruolo, istituto)
    client.get(CRUSCOTTO)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as prima:
        client.get(CRUSCOTTO)
    modello = ProceduraSelezione.objects.filter(istituto__codice_meccanografico=istituto).first()
    adesso = timezone.now()
    for n in range(15):
        modello.pk = None
        modello.oggetto = f"Copia {n}"
        modello.stato = "aperta"
        modello.data_apertura, modello.data_chiusura = adesso, adesso + timedelta(days=2)
        modello.save()
    with CaptureQueriesContext(connection) as dopo:
        risposta = client.get(CRUSCOTTO)
    assert len(dopo) == len(prima), "\n".join(q["sql"][:120] for q in dopo.captured_queries)
    scadenze = {r.titolo: r for r in risposta.context["riquadri"]}["Procedure di selezione"].righe
    assert len(scadenze) == 10  # the next deadlines, bounded


def test_ultime_operazioni_senza_le_azioni_dei_candidati_e_per_il_referente_solo_le_sue(
        client, demo):
    """«Ultime operazioni» tells the office what its people did: a candidate's draft or
    application is never there (applications stay closed to staff until the deadline, and a
    draft never opens to them); a referente, who cannot open most of the istituto's objects,
    reads only what she did. The 7-day figure counts the same operations."""
    from candidature import services as candidature_services
    from portale.models import Evento
    from procedure.models import ProceduraSelezione, Stato

    aperta = ProceduraSelezione.objects.get(oggetto="Esperto di robotica educativa")
    assert aperta.stato == Stato.APERTA
    # a name no demo person has (the demo's Sara Mancini is also an incaricata the DS sees)
    candidata = User.objects.create(codice_fiscale="ZNRTTV85T41H501X", nome="Ottavia",
                                    cognome="Zanardelli")
    candidature_services.apri_bozza(candidato=candidata, procedura=aperta)
    assert Evento.objects.filter(azione="candidatura.bozza", autore=candidata).exists()

    codice_fiscale, ruolo, istituto, _ = RUOLI["DS"]
    _entra(client, codice_fiscale, ruolo, istituto)
    eventi = client.get(CRUSCOTTO).context["eventi"]
    assert eventi and all(not e.azione.startswith(("candidatura.bozza", "candidatura.inviata",
                                                   "profilo."))
                          for e in eventi)
    assert "Zanardelli" not in client.get(CRUSCOTTO).content.decode()

    codice_fiscale, ruolo, istituto, _ = RUOLI["referente e commissaria"]
    _entra(client, codice_fiscale, ruolo, istituto)
    risposta = client.get(CRUSCOTTO)
    referente = User.objects.get(codice_fiscale=codice_fiscale)
    assert all(e.autore_id == referente.pk for e in risposta.context["eventi"])
    sue = Evento.objects.filter(autore=referente, istituto__codice_meccanografico=istituto,
                                quando__gte=timezone.now() - timedelta(days=7)).count()
    assert dict(risposta.context["contatori"])["Operazioni negli ultimi 7 giorni"] == sue

    # the amministrazione: no help-desk lines (tickets it cannot open, between the person who
    # asked and the support); the DS counted as people (Maria Rossi is also reggente of Manzi)
    assert Evento.objects.filter(azione__startswith="ticket.").exists()
    codice_fiscale, ruolo, istituto, _ = RUOLI["amministrazione"]
    _entra(client, codice_fiscale, ruolo, istituto)
    risposta = client.get(CRUSCOTTO)
    assert risposta.context["eventi"]
    assert not [e for e in risposta.context["eventi"] if e.azione.startswith("ticket.")]
    persone_ds = {m.user_id for m in Membership.objects.valide().filter(ruolo=Ruolo.DS)}
    assert Membership.objects.valide().filter(ruolo=Ruolo.DS).count() > len(persone_ds)
    assert dict(risposta.context["contatori"])["Dirigenti Scolastici in servizio"] == len(
        persone_ds)



def test_il_supporto_legge_le_proprie_operazioni_sui_ticket(client, demo):
    """The help desk took, answered and closed tickets, and its dashboard still said «Nessuna
    operazione registrata»: it has no istituto, and tickets are not an istituto's operations.
    Its own work on the tickets is what it reads there; nobody else's, and no candidate's."""
    from portale.models import Evento

    codice_fiscale, ruolo, istituto, _ = RUOLI["supporto"]
    _entra(client, codice_fiscale, ruolo, istituto)
    supporto = User.objects.get(codice_fiscale=codice_fiscale)
    risposta = client.get(CRUSCOTTO)
    eventi = risposta.context["eventi"]
    assert eventi and all(e.autore_id == supporto.pk and e.azione.startswith("ticket.")
                          for e in eventi)
    assert Evento.objects.filter(azione__startswith="ticket.").exclude(autore=supporto).exists()
    html = risposta.content.decode()
    assert "Nessuna operazione registrata" not in html and "Le tue ultime operazioni" in html
    # each line says which ticket: the support works on many at once
    assert f"{eventi[0].oggetto_descrizione}: {eventi[0].descrizione}" in unescape(html)


# (codice fiscale, the start of the line under «Da fare», the avviso it concerns)
DA_FARE = {
    "Sara Mancini": ("MNCSRA85B45F205W", "Integrazione richiesta: rispondi entro ",
                     "Progettista della rete LAN"),
    "Marco Esposito": ("ESPMRC88R03L736K", "Completa e invia entro ", "Esperto di robotica educativa"),
    "Alessia Ferrari": ("FRRLSS92P45F839O", "Proposta di incarico: rispondi entro ",
                        "Esperto del laboratorio di fotografia"),
}


@pytest.mark.parametrize("chi", list(DA_FARE))
def test_il_candidato_trova_per_primo_cosa_deve_fare_e_entro_quando(client, demo, chi):
    codice_fiscale, inizio, oggetto = DA_FARE[chi]
    client.force_login(User.objects.get(codice_fiscale=codice_fiscale))
    risposta = client.get(CRUSCOTTO)
    riquadro = {r.titolo: r for r in risposta.context["riquadri"]}["Le mie candidature"]
    righe = [r for r in riquadro.righe if r.testo.startswith(inizio)]
    assert len(righe) == 1, [r.testo for r in riquadro.righe]
    assert oggetto in righe[0].dettaglio and " alle " in righe[0].testo + righe[0].dettaglio
    pagina = unescape(risposta.content.decode())
    assert f'<a href="{righe[0].url}">{righe[0].testo}</a>' in pagina
    cifre = {c.etichetta: c for c in riquadro.cifre}
    da_dare = cifre["Bozze da inviare" if inizio.startswith("Completa") else "Risposte da dare"]
    assert da_dare.valore == 1 and da_dare.in_attesa and da_dare.testo in pagina
    assert client.get(righe[0].url, follow=True).status_code == 200
    # the same line, highlighted, under the application in «Le mie candidature»
    elenco = unescape(client.get("/candidature/").content.decode())
    assert f'<a class="d-inline-block py-1" href="{righe[0].url}">{righe[0].testo}' in elenco


def test_il_cruscotto_del_candidato_con_query_costanti_e_mai_per_l_ufficio(client, demo):
    from candidature.models import Candidatura
    from procedure.models import ProceduraSelezione, Stato

    marco = User.objects.get(codice_fiscale=DA_FARE["Marco Esposito"][0])
    client.force_login(marco)
    client.get(CRUSCOTTO)  # warm caches
    with CaptureQueriesContext(connection) as prima:
        client.get(CRUSCOTTO)
    modello = ProceduraSelezione.objects.filter(stato=Stato.APERTA).first()
    for n in range(6):
        modello.pk = None
        modello.oggetto = f"Avviso copia {n}"
        modello.save()
        Candidatura.objects.create(procedura=modello, candidato=marco)
    with CaptureQueriesContext(connection) as dopo:
        risposta = client.get(CRUSCOTTO)
    assert len(dopo) == len(prima), "\n".join(q["sql"][:120] for q in dopo.captured_queries)
    riquadro = {r.titolo: r for r in risposta.context["riquadri"]}["Le mie candidature"]
    assert {c.etichetta: c.valore for c in riquadro.cifre}["Bozze da inviare"] == 7
    # the office's cruscotto is the office's: the DS's own applications are not in it
    codice_fiscale, ruolo, istituto, _ = RUOLI["DS"]
    _entra(client, codice_fiscale, ruolo, istituto)
    assert "Le mie candidature" not in {r.titolo for r in client.get(CRUSCOTTO).context["riquadri"]}


def test_chi_entra_per_la_prima_volta_sa_da_dove_cominciare(client, demo, crea_persona):
    """A teacher at her first access read four zeros and «Niente da fare per ora»: now where
    to begin, the open avvisi and the profile every application starts from."""
    nuova = crea_persona("DSNGLI90A41H501F", nome="Giulia", cognome="De Santis")
    client.force_login(nuova)
    risposta = client.get(CRUSCOTTO)
    riquadro = {r.titolo: r for r in risposta.context["riquadri"]}["Le mie candidature"]
    assert riquadro.titolo_righe == "Per cominciare"
    assert [(r.testo, r.url) for r in riquadro.righe] == [
        ("Consulta gli avvisi aperti e presenta la tua candidatura", "/avvisi/?stato=aperto"),
        ("Compila il tuo profilo: ogni candidatura lo riprende già compilato",
         "/area-riservata/profilo/")]
    for riga in riquadro.righe:
        assert client.get(riga.url).status_code == 200
    # the first application sent: back to what to do
    marco = User.objects.get(codice_fiscale=DA_FARE["Marco Esposito"][0])
    client.force_login(marco)
    riquadro = {r.titolo: r for r in client.get(CRUSCOTTO).context["riquadri"]}[
        "Le mie candidature"]
    assert riquadro.titolo_righe == "Da fare"
