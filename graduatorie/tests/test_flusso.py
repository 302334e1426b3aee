"""Valutazione → graduatoria provvisoria → reclamo → definitiva → interpello, through the real
services, on the applications of candidature's scenario (esperti grid + a Colloquio)."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from candidature.models import StatoCandidatura
from graduatorie import calcolo, estensioni, services
from graduatorie.models import (
    Correzione,
    Esito,
    Graduatoria,
    Proposta,
    SnapshotImmutabileError,
    StatoProposta,
    StatoReclamo,
    Valutazione,
)
from portale.lingua import GIORNO_E_ORA, a_chi, data_con
from portale.models import Evento, Notifica
from portale.termini import termine_in_giorni
from portale.tests.campioni_documenti import caricato, pdf
from procedure.models import Stato
from procedure.modulo import modulo_candidatura, nome_criterio

# the weekly commitment every offer states (seed 002)
IMPEGNO = {"ore_settimanali": Decimal("4"), "giorni_impegno": "martedì e giovedì, 14:30–16:30"}


def _criterio(procedura, inizio):
    return procedura.criteri.get(descrizione__startswith=inizio)


def _valuta_tutto(s, dsga, referente, *, colloquio):
    """colloquio: {candidatura: (marks of dsga, referente)}."""
    colloquio_c = _criterio(s.procedura, "Colloquio")
    for candidatura, (a, b) in colloquio.items():
        services.ammetti(autore=dsga, candidatura=candidatura)
        services.assegna_punteggi(autore=dsga, candidatura=candidatura,
                                  punteggi={colloquio_c: Decimal(a)})
        services.assegna_punteggi(autore=referente, candidatura=candidatura,
                                  punteggi={colloquio_c: Decimal(b)})


def test_pagina_valutazione_dice_cosa_resta_e_cosa_viene_dopo(in_valutazione, ds, dsga,
                                                               referente, client_di):
    """The commission's list: what is left to evaluate, «Valuta» only for a commissioner
    while the evaluation is open, the next step once every istanza is evaluated, read-only
    after the conclusion."""
    s = in_valutazione
    url = reverse("graduatorie:valutazione", args=[s.procedura.pk])
    pagina = client_di(dsga).get(url).content.decode()
    assert "Istanze (3): 3 da valutare" in pagina
    assert ">Valuta<span" in pagina and "Tutte le istanze sono valutate" not in pagina
    assert "Punteggi della commissione" in pagina  # the colloquio is marked by the commission
    # the DS, staff but not in the commission, reads the istanze: no «Valuta»
    pagina = client_di(ds).get(url).content.decode()
    assert ">Valuta<span" not in pagina and ">Vedi<span" in pagina

    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    pagina = client_di(referente).get(url).content.decode()  # commissioner, not dirigenza
    assert "Tutte le istanze sono valutate" in pagina and "da valutare" not in pagina
    assert "il Dirigente Scolastico o il DSGA, già avvisati, concludono la valutazione" in pagina
    pagina = client_di(ds).get(url).content.decode()
    assert "Ora puoi concludere la valutazione" in pagina

    services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                  procedura=s.procedura)
    pagina = client_di(dsga).get(url).content.decode()
    assert "Valutazione conclusa" in pagina and "Tutte le istanze sono valutate" not in pagina
    assert ">Valuta<span" not in pagina and ">Vedi<span" in pagina


def test_pagina_valutazione_prima_dell_avvio_non_si_dice_conclusa(scenario, ds, client_di):
    """Closed, not yet in evaluation: the staff can open the page, and it says neither that the
    evaluation is over nor that every istanza is evaluated."""
    assert scenario.procedura.stato == Stato.CHIUSA
    pagina = client_di(ds).get(reverse("graduatorie:valutazione",
                                       args=[scenario.procedura.pk])).content.decode()
    assert "Valutazione conclusa" not in pagina and "Tutte le istanze sono valutate" not in pagina


def test_commissione_solo_persone_dell_istituto_e_non_candidati(in_valutazione, ds, candidato,
                                                                 ds_altro):
    procedura = in_valutazione.procedura
    membership = ds.memberships.get()
    with pytest.raises(ValidationError, match="ruolo valido nell'istituto"):
        services.nomina_commissario(autore=ds, membership=membership, procedura=procedura,
                                    persona=ds_altro)
    # the commission's form offers only who is not on it yet
    from graduatorie.forms import NominaForm

    offerte = set(NominaForm(procedura=procedura).fields["persona"].queryset)
    assert ds in offerte and not offerte & {c.user for c in procedura.commissari.all()}
    lucia = procedura.commissari.get(user__codice_fiscale="VRDLCU80D55L219W").user
    with pytest.raises(ValidationError, match="Lucia Verdi è già commissaria di questa procedura"):
        services.nomina_commissario(autore=ds, membership=membership, procedura=procedura,
                                    persona=lucia)
    with pytest.raises(PermissionDenied):
        services.nomina_commissario(autore=ds_altro, membership=ds_altro.memberships.get(),
                                    procedura=procedura, persona=ds)
    assert procedura.commissari.count() == 2


def test_valutazione_correzioni_media_e_graduatoria_provvisoria(in_valutazione, ds, dsga,
                                                                referente):
    s = in_valutazione
    membership = ds.memberships.get()
    laurea = _criterio(s.procedura, "Laurea vecchio")

    # only commissari evaluate; a correction needs a note
    with pytest.raises(PermissionDenied):
        services.ammetti(autore=ds, candidatura=s.alessia)
    with pytest.raises(ValidationError, match="nota"):
        services.correggi_valore(autore=dsga, candidatura=s.sara, criterio=laurea,
                                 valore={"voto": 104, "lode": False}, nota="  ")
    services.correggi_valore(autore=dsga, candidatura=s.sara, criterio=laurea,
                             valore={"voto": 104, "lode": False},
                             nota="Il certificato allegato riporta 104/110")
    correzione = Correzione.objects.get()
    assert correzione.valore_dichiarato == {"voto": 110, "lode": False}
    assert Evento.objects.filter(azione="graduatorie.valore_corretto",
                                 descrizione__contains="104/110").exists()

    with pytest.raises(ValidationError, match="motivazione"):
        services.escludi(autore=dsga, candidatura=s.marco, motivazione="")
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6)})
    # not everything is evaluated yet: marco has no esito
    with pytest.raises(ValidationError, match="2 istanze valutate su 3"):
        services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    assert not Notifica.objects.filter(oggetto__startswith="Istanze valutate").exists()
    services.escludi(autore=referente, candidatura=s.marco, motivazione="Manca la firma")
    # the last outcome: the DS is told the evaluation can be concluded, once
    avviso = Notifica.objects.get(destinatario=ds, oggetto__startswith="Istanze valutate")
    assert "concludi la valutazione" in avviso.testo and "tutta la commissione" in avviso.testo
    s.marco.refresh_from_db()
    assert s.marco.stato == "esclusa"

    versione = services.concludi_valutazione(autore=ds, membership=membership,
                                             procedura=s.procedura)
    s.procedura.refresh_from_db()
    assert s.procedura.stato == Stato.VALUTATA and versione.pubblicata_il is None
    privati = versione.righe["sezioni"][0]
    # alessia 18 (108) + mean(8, 7) 7,5 = 25,5; sara 12 (corrected 104) + 6 = 18
    assert [(r["cognome"], r["punteggio"]) for r in privati["righe"]] == [
        ("Ferrari", "25.50"), ("Mancini", "18.00")]
    assert versione.righe["esclusi"][0]["motivazione"] == "Manca la firma"
    assert versione.sha256 == calcolo.sigillo(versione.righe)
    # an immutable snapshot
    versione.righe = {"sezioni": [], "esclusi": []}
    with pytest.raises(SnapshotImmutabileError):
        versione.save()
    with pytest.raises(SnapshotImmutabileError):
        Graduatoria.objects.filter(pk=versione.pk).update(righe={})
    # at publication the excluded candidate reads that and why, the others only the news
    services.pubblica_graduatoria(autore=ds, membership=membership, procedura=s.procedura)
    escluso = Notifica.objects.get(destinatario=s.marco.candidato,
                                   oggetto__startswith="Graduatoria provvisoria")
    assert "La tua istanza è esclusa dalla graduatoria: Manca la firma." in escluso.testo
    ammessa = Notifica.objects.get(destinatario=s.alessia.candidato,
                                   oggetto__startswith="Graduatoria provvisoria")
    assert "esclusa" not in ammessa.testo
    assert "trovi il tuo punteggio criterio per criterio" in ammessa.testo


def test_parita_il_piu_giovane_precede(in_valutazione, ds, dsga, referente, persone,
                                       client_di):
    s = in_valutazione
    # alessia (born 1992) and sara (1985) both 108/110 and 110/110 → 18, colloquio equal (5)
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (5, 5), s.sara: (5, 5),
                                                 s.marco: (5, 5)})
    versione = services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                             procedura=s.procedura)
    interni, privati = versione.righe["sezioni"]
    assert interni["categoria"] == "interno" and interni["righe"][0]["cognome"] == "Esposito"
    assert [r["cognome"] for r in privati["righe"]] == ["Ferrari", "Mancini"]
    # the order of the tie is not silent: the rule of the avviso beside the section, and
    # the candidate placed second is told why
    services.pubblica_graduatoria(autore=ds, membership=ds.memberships.get(),
                                  procedura=s.procedura)
    regola = "precede il candidato più giovane, poi l'ordine di protocollo, come stabilito dall'avviso."
    for pagina in (client_di(ds).get(reverse("graduatorie:graduatoria", args=[s.procedura.pk])),
                   client_di(ds).get(reverse("graduatorie:esito", args=[s.procedura.pk]))):
        testo = unescape(pagina.content.decode())
        assert testo.count(f"A parità di punteggio {regola}") == 1  # the private section only
    testo = unescape(client_di(persone["sara"]).get(
        reverse("graduatorie:esito_candidato", args=[s.sara.pk])).content.decode())
    assert ("Nella sezione «Soggetti privati» sei in posizione 2 con 23 punti. Un altro "
            f"candidato ha il tuo stesso punteggio; in questo caso {regola}") in testo
    # «posizione 2» among the privati, third in the order the proposals follow (Marco, an
    # interno, comes first): said with who comes before, or «posizione 2» and «3° posto» in
    # one sentence read as two rankings (a trial's candidate asked which one counts)
    assert ("Le proposte di incarico seguono prima la categoria (art. 3: personale interno, poi "
            "di altre scuole, di altre amministrazioni, privati), poi la posizione: prima di te "
            "è chiamato 1 candidato di una categoria che precede la tua, quindi nell'ordine "
            "delle proposte sei al 3° posto su 3.") in testo
    testo = unescape(client_di(persone["marco"]).get(
        reverse("graduatorie:esito_candidato", args=[s.marco.pk])).content.decode())
    assert "il tuo stesso punteggio" not in testo
    # the first category: nobody before him from another one
    assert ("Nella sezione «Personale interno» sei in posizione 1 con 11 punti. Nell'ordine "
            "delle proposte sei al 1° posto su 3.") in testo


def test_parita_senza_data_di_nascita_registrata_vale_quella_del_codice_fiscale(
        in_valutazione, ds, dsga, referente):
    """The identity provider did not give the birth date of the younger one (Ferrari, 1992):
    the codice fiscale has it; she was ranked as if the oldest."""
    s = in_valutazione
    type(s.alessia.candidato).objects.filter(pk=s.alessia.candidato_id).update(data_nascita=None)
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (5, 5), s.sara: (5, 5),
                                                 s.marco: (5, 5)})
    versione = services.concludi_valutazione(autore=ds, membership=ds.memberships.get(),
                                             procedura=s.procedura)
    _, privati = versione.righe["sezioni"]
    assert [r["cognome"] for r in privati["righe"]] == ["Ferrari", "Mancini"]


def test_valore_corretto_scritto_in_italiano_nella_pagina_dell_istanza(in_valutazione, dsga,
                                                                        client_di):
    """A number of years corrected to «2,5»: the istanza's page showed «2.5 corretto» beside
    the points «5»; now the value too as a reader writes it."""
    s = in_valutazione
    europea = _criterio(s.procedura, "Esperienza di progettazione europea")
    valore = services.valore_da_testo(europea, "2,5")
    services.correggi_valore(autore=dsga, candidatura=s.sara, criterio=europea, valore=valore,
                             nota="Un progetto durato metà anno")
    url = reverse("graduatorie:istanza", args=[s.procedura.pk, s.sara.pk])
    pagina = client_di(dsga).get(url).content.decode()
    riga = pagina[pagina.index("Esperienza di progettazione europea"):][:1500]
    assert '2,50 <span class="badge bg-warning">corretto</span>' in riga
    assert "2.5" not in riga
    # a second commissioner brings it back to what was declared: not «corretto» any more
    dichiarato = s.sara.dichiarazioni[str(europea.pk)]
    services.correggi_valore(autore=dsga, candidatura=s.sara, criterio=europea,
                             valore=dichiarato, nota="Il progetto è durato un anno intero")
    pagina = client_di(dsga).get(url).content.decode()
    riga = pagina[pagina.index("Esperienza di progettazione europea"):][:1500]
    assert "corretto</span>" not in riga.split("</tr>")[0]


def test_istanza_in_istruttoria_niente_ammetti_ne_escludi_ma_fino_a_quando(in_valutazione, ds,
                                                                           dsga, client_di):
    """An integration asked and not answered: the page offered «Ammetti» and refused it only
    after the click; now it says until when the candidate may answer, and offers neither."""
    from candidature import services as candidature_services

    s = in_valutazione
    scadenza = timezone.now() + timedelta(hours=48)
    candidature_services.richiedi_integrazione(
        autore=ds, membership=ds.memberships.get(), candidatura=s.sara,
        messaggio="Inviare il diploma firmato.", scadenza=scadenza)
    client = client_di(dsga)
    fino = f"fino {data_con('al', scadenza, GIORNO_E_ORA)}"
    for url in (reverse("graduatorie:istanza", args=[s.procedura.pk, s.sara.pk]),
                reverse("graduatorie:escludi_per_requisito", args=[s.procedura.pk, s.sara.pk])):
        pagina = unescape(client.get(url).content.decode())
        assert 'id="in-istruttoria"' in pagina and fino in pagina, url
        assert 'value="ammetti"' not in pagina and "Conferma l'esclusione" not in pagina, url
    # what can be done meanwhile: the corrections, and the scores where the form asks for them
    assert "Intanto puoi correggere i valori e registrare i tuoi punteggi." in unescape(
        client.get(reverse("graduatorie:istanza", args=[s.procedura.pk, s.sara.pk])
                   ).content.decode())
    altra = client.get(reverse("graduatorie:istanza", args=[s.procedura.pk, s.alessia.pk]))
    assert 'value="ammetti"' in altra.content.decode()


@pytest.fixture
def provvisoria(in_valutazione, ds, dsga, referente):
    s = in_valutazione
    laurea = _criterio(s.procedura, "Laurea vecchio")
    services.correggi_valore(autore=dsga, candidatura=s.sara, criterio=laurea,
                             valore={"voto": 104, "lode": False}, nota="Certificato: 104/110")
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    membership = ds.memberships.get()
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    services.pubblica_graduatoria(autore=ds, membership=membership, procedura=s.procedura)
    s.procedura.refresh_from_db()
    return s


def _righe_del_punteggio(pagina: str) -> list[str]:
    """The rows' text of the candidate's «punteggio, criterio per criterio»."""
    inizio = pagina.index('id="punteggio-per-criterio"')
    tabella = pagina[inizio:pagina.index("</table>", inizio)]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", riga)).strip()
            for riga in re.findall(r"<tr>(.*?)</tr>", tabella, re.S)]


def _riga(righe: list[str], inizio: str) -> str:
    return next(r for r in righe if r.startswith(inizio))


def test_esito_dice_al_candidato_il_punteggio_criterio_per_criterio(in_valutazione, ds, dsga,
                                                                    referente, persone,
                                                                    client_di):
    """The candidate read only the total: to argue a reclamo they need what each criterion
    gave, what the commission corrected and why. Shown once the ranking is published, never
    before, and never what no published version says."""
    s = in_valutazione
    laurea = _criterio(s.procedura, "Laurea vecchio")
    services.correggi_valore(autore=dsga, candidatura=s.sara, criterio=laurea,
                             valore={"voto": 104, "lode": False}, nota="Certificato: 104/110")
    triennale = _criterio(s.procedura, "Laurea triennale")
    services.correggi_valore(autore=dsga, candidatura=s.sara, criterio=triennale,
                             valore={"voto": 110, "lode": False}, nota="Anche la triennale")
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 7),
                                                 s.marco: (9, 9)})
    membership = ds.memberships.get()
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    client = client_di(persone["sara"])
    url = reverse("graduatorie:esito_candidato", args=[s.sara.pk])
    pagina = client.get(url).content.decode()
    assert "punteggio-per-criterio" not in pagina and "Certificato: 104/110" not in pagina

    services.pubblica_graduatoria(autore=ds, membership=membership, procedura=s.procedura)
    pagina = unescape(client.get(url).content.decode())
    righe = _righe_del_punteggio(pagina)
    # 110 declared, 104 recognised by the commission, with its note: 12 points
    assert re.search(r"lode: \+2 punti 110/110 Corretto dalla commissione il \d\d/\d\d/\d{4} da 110 a 104 \. "
                     r"Nota: Certificato: 104/110 12$", _riga(righe, "Laurea vecchio")), righe
    # the triennale, an alternative recognised by the commission, gives 9 points that do not
    # add up: the row says which alternative counts instead
    assert re.search(r"punto Non dichiarato Corretto dalla commissione il \S+ da non dichiarato a 110 \. "
                     r"Nota: Anche la triennale \(9\) non sommati: del gruppo «Laurea» conta una "
                     r"sola voce, «Laurea vecchio ordinamento", _riga(righe, "Laurea triennale"))
    assert _riga(righe, "Colloquio").endswith("Media dei punteggi dei commissari, arrotondata al centesimo 6,50")
    assert righe[-1] == "Totale 18,50"
    assert "posizione 2 con 18,50 punti" in pagina
    # who marked what stays with the commission: the candidate reads the mean
    assert dsga.cognome not in pagina and referente.cognome not in pagina
    # the DS answering a reclamo reads the same detail on the reclamo's page
    reclamo = services.presenta_reclamo(candidato=persone["sara"], candidatura=s.sara,
                                        testo="La triennale va sommata.")
    pagina = unescape(client_di(ds).get(reverse(
        "graduatorie:reclamo", args=[s.procedura.pk, reclamo.pk])).content.decode())
    assert "Il punteggio nella graduatoria in vigore, criterio per criterio" in pagina
    assert _righe_del_punteggio(pagina) == righe
    assert "posizione 2 nella versione 1 (provvisoria)" in pagina
    client = client_di(persone["sara"])  # the same test client, back to the candidate

    # a value changed after the publication (no service does it today): the detail never
    # shows what no published version says
    Valutazione.objects.filter(candidatura=s.sara).update(
        valori_corretti={str(laurea.pk): {"voto": 110, "lode": False}})
    pagina = client.get(url).content.decode()
    assert "punteggio-per-criterio" not in pagina and 'id="punteggio-in-aggiornamento"' in pagina
    assert "posizione 2 con 18,50 punti" in pagina


def test_pubblicazione_avvisa_i_candidati(provvisoria):
    s = provvisoria
    destinatari = set(Notifica.objects.filter(oggetto__startswith="Graduatoria provvisoria")
                      .values_list("destinatario__cognome", flat=True))
    assert destinatari == {"Ferrari", "Esposito", "Mancini"}
    versione = Graduatoria.objects.get(procedura=s.procedura)
    assert versione.scadenza_reclami == termine_in_giorni(versione.pubblicata_il,
                                                          s.procedura.giorni_reclami)


def test_reclami_fino_alla_fine_dell_ultimo_giorno_non_festivo(in_valutazione, ds, dsga,
                                                               referente, persone):
    """«Entro 5 giorni dalla pubblicazione», published on Tuesday 10/03/2026 at 16:00: the
    fifth day is a Sunday, so the term ends on Monday 16/03 at midnight (art. 2963 c.c.),
    not on Sunday at 16:00."""
    s = in_valutazione
    s.procedura.giorni_reclami = 5
    s.procedura.save(update_fields=["giorni_reclami"])
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    membership = ds.memberships.get()
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    ora = timezone.make_aware(datetime(2026, 3, 10, 16, 0))
    versione = services.pubblica_graduatoria(autore=ds, membership=membership,
                                             procedura=s.procedura, adesso=ora)
    assert timezone.localtime(versione.scadenza_reclami).strftime("%d/%m/%Y %H:%M") == (
        "16/03/2026 23:59")
    avviso = Notifica.objects.get(destinatario=s.alessia.candidato,
                                  oggetto__startswith="Graduatoria provvisoria")
    assert "entro il 16/03/2026 alle 23:59" in avviso.testo
    s.procedura.refresh_from_db()
    domenica_sera = timezone.make_aware(datetime(2026, 3, 15, 18, 0))
    services.presenta_reclamo(candidato=persone["alessia"], candidatura=s.alessia,
                              testo="Il colloquio merita di più", adesso=domenica_sera)
    with pytest.raises(ValidationError, match="scaduto"):
        services.presenta_reclamo(candidato=persone["sara"], candidatura=s.sara, testo="Tardi",
                                  adesso=timezone.make_aware(datetime(2026, 3, 17, 0, 0)))


def _file_archiviati(cartella: str) -> list:
    from pathlib import Path

    from django.core.files.storage import default_storage

    radice = Path(default_storage.path(cartella))
    return [p for p in radice.rglob("*") if p.is_file()] if radice.exists() else []


def test_reclamo_registrato_a_protocollo_e_termine_al_secondo_della_registrazione(
        provvisoria, ds, persone, client_di, monkeypatch):
    """A reclamo is a document a person sends to the school: it had no protocol number. Now it
    is registered in entrata (gapless after the applications' numbers), the candidate and the
    DS read the segnatura; and the deadline holds at the second of the registration: a reclamo
    whose registration falls after it leaves no number, no row and no file."""
    from portale.models import Protocollo
    from portale.services import protocollo as registro

    s = provvisoria
    ultimo = Protocollo.objects.filter(istituto=s.procedura.istituto).order_by("numero").last()
    reclamo = services.presenta_reclamo(
        candidato=persone["sara"], candidatura=s.sara, testo="Il voto è 110.",
        documenti_caricati=[caricato("certificato.pdf", pdf("Certificato di laurea"))])
    assert reclamo.protocollo.numero == ultimo.numero + 1
    assert reclamo.protocollo.verso == Protocollo.Verso.ENTRATA
    assert reclamo.presentato_il == reclamo.protocollo.registrato_il
    assert reclamo.protocollo.object_id == str(reclamo.pk)
    segnatura = reclamo.protocollo.segnatura
    for destinatario in (persone["sara"], ds):
        avviso = Notifica.objects.filter(destinatario=destinatario,
                                         oggetto__startswith="Reclamo").latest("pk")
        assert segnatura in avviso.testo, destinatario
    pagina = client_di(persone["sara"]).get(
        reverse("graduatorie:esito_candidato", args=[s.sara.pk])).content.decode()
    assert f"Registrato con {segnatura}" in unescape(pagina)

    # the check before the work passes; the registration's clock says one second too late
    scadenza = services.finestra_reclami(s.procedura)

    class OrologioDelRegistro:
        now = staticmethod(lambda: scadenza + timedelta(seconds=1))
        localtime = staticmethod(timezone.localtime)

    monkeypatch.setattr(registro, "timezone", OrologioDelRegistro)
    file_prima = set(_file_archiviati("reclami"))
    with pytest.raises(ValidationError, match="scaduto"):
        services.presenta_reclamo(
            candidato=persone["alessia"], candidatura=s.alessia, testo="Tardi di un secondo",
            documenti_caricati=[caricato("attestato.pdf", pdf("Attestato"))])
    assert not s.alessia.reclami.exists()
    assert Protocollo.objects.filter(istituto=s.procedura.istituto).order_by(
        "numero").last() == reclamo.protocollo
    assert set(_file_archiviati("reclami")) == file_prima


def test_reclamo_accolto_cambia_l_ordine_e_conserva_la_versione_precedente(provvisoria, ds,
                                                                          persone, client_di):
    s = provvisoria
    sara = persone["sara"]
    reclamo = services.presenta_reclamo(
        candidato=sara, candidatura=s.sara, testo="Il voto è 110 e lode: allego il certificato.",
        documenti_caricati=[caricato("certificato.pdf", pdf("Certificato di laurea"))])
    assert reclamo.documenti.get().nome == "certificato.pdf"
    with pytest.raises(ValidationError, match="già un reclamo"):
        services.presenta_reclamo(candidato=sara, candidatura=s.sara, testo="Di nuovo")
    with pytest.raises(ValidationError, match="PDF"):
        services.presenta_reclamo(candidato=persone["alessia"], candidatura=s.alessia,
                                  testo="Falso", documenti_caricati=[
                                      caricato("finto.pdf", b"MZ non un pdf")])

    laurea = _criterio(s.procedura, "Laurea vecchio")
    nuova = services.accogli_reclamo(
        autore=ds, membership=ds.memberships.get(), reclamo=reclamo,
        risposta="Verificato il certificato: 110 e lode.",
        correzioni=[(laurea, services.valore_da_testo(laurea, "110", True))])
    reclamo.refresh_from_db()
    assert reclamo.stato == StatoReclamo.ACCOLTO and reclamo.nuova_versione == nuova
    vecchia = Graduatoria.objects.get(procedura=s.procedura, numero=1)
    prima = [r["cognome"] for r in vecchia.righe["sezioni"][1]["righe"]]
    dopo = [(r["cognome"], r["punteggio"]) for r in nuova.righe["sezioni"][1]["righe"]]
    assert prima == ["Ferrari", "Mancini"]
    # sara: 18 + lode 2 = 20 + colloquio 6 = 26 > alessia 25,5
    assert dopo == [("Mancini", "26.00"), ("Ferrari", "25.50")]
    assert nuova.numero == 2 and nuova.pubblicata_il and vecchia.sha256 != nuova.sha256
    # named by the school's register, not by the database's id across every school
    protocollo = reclamo.protocollo
    assert nuova.motivo == f"Reclamo prot. n. {protocollo.numero}/{protocollo.anno} accolto"
    # the candidate reads which change the commission made and which the reclamo brought
    esito = " ".join(strip_tags(unescape(client_di(sara).get(reverse(
        "graduatorie:esito_candidato", args=[s.sara.pk])).content.decode())).split())
    assert re.search(r"Corretto dalla commissione il \S+ da 110 a 104\.", esito)
    assert re.search(r"Corretto dopo il reclamo il \S+ da 104 a 110 e lode\.", esito)


def test_reclamo_accolto_senza_cambiamenti_non_pubblica_una_copia(provvisoria, ds, persone):
    """The re-evaluation confirms the declared value: no new version identical to the
    published one; the answer says that nothing changed."""
    s = provvisoria
    reclamo = services.presenta_reclamo(candidato=persone["sara"], candidatura=s.sara,
                                        testo="Ricontrollate il voto di laurea.")
    laurea = _criterio(s.procedura, "Laurea vecchio")
    pubblicata = Graduatoria.objects.get(procedura=s.procedura)
    risultato = services.accogli_reclamo(  # the commission confirms its 104/110
        autore=ds, membership=ds.memberships.get(), reclamo=reclamo,
        risposta="Ricontrollato il certificato: 104/110.",
        correzioni=[(laurea, services.valore_da_testo(laurea, "104", False))])
    reclamo.refresh_from_db()
    assert risultato == pubblicata and Graduatoria.objects.filter(procedura=s.procedura).count() == 1
    assert reclamo.stato == StatoReclamo.ACCOLTO and reclamo.nuova_versione is None
    assert "non cambia la graduatoria pubblicata: resta valida la versione 1" in reclamo.risposta


def test_reclamo_respinto_e_termine_dei_reclami(provvisoria, ds, persone):
    s = provvisoria
    membership = ds.memberships.get()
    reclamo = services.presenta_reclamo(candidato=persone["alessia"], candidatura=s.alessia,
                                        testo="Il colloquio merita di più")
    with pytest.raises(ValidationError, match="dopo"):
        services.approva_definitiva(autore=ds, membership=membership, procedura=s.procedura)
    with pytest.raises(ValidationError, match="Motiva"):
        services.respingi_reclamo(autore=ds, membership=membership, reclamo=reclamo, risposta="")
    services.respingi_reclamo(autore=ds, membership=membership, reclamo=reclamo,
                              risposta="Il punteggio è la media dei commissari.")
    dopo_termine = services.finestra_reclami(s.procedura) + timedelta(seconds=1)
    with pytest.raises(ValidationError, match="scaduto"):
        services.presenta_reclamo(candidato=persone["sara"], candidatura=s.sara,
                                  testo="In ritardo", adesso=dopo_termine)
    definitiva = services.approva_definitiva(autore=ds, membership=membership,
                                             procedura=s.procedura, adesso=dopo_termine)
    s.procedura.refresh_from_db()
    assert s.procedura.stato == Stato.CONCLUSA_ESITO
    assert definitiva.tipo == "definitiva" and definitiva.numero == 2
    assert Graduatoria.objects.filter(procedura=s.procedura).count() == 2


@pytest.fixture
def definitiva(provvisoria, ds):
    s = provvisoria
    # marco readmitted by the commission before: all three in the ranking
    dopo_termine = services.finestra_reclami(s.procedura) + timedelta(seconds=1)
    services.approva_definitiva(autore=ds, membership=ds.memberships.get(),
                                procedura=s.procedura, adesso=dopo_termine)
    s.procedura.refresh_from_db()
    return s


def test_interpello_catena_di_rinunce_e_scadenza(definitiva, ds, persone, client_di):
    s = definitiva
    membership = ds.memberships.get()
    adesso = timezone.now()
    with pytest.raises(ValidationError, match="24 ore"):
        services.proponi_incarico(
            **IMPEGNO, autore=ds, membership=membership, procedura=s.procedura,
            scadenza=adesso + timedelta(hours=23))
    prima = services.proponi_incarico(
        **IMPEGNO, autore=ds, membership=membership, procedura=s.procedura,
        scadenza=adesso + timedelta(hours=48), adesso=adesso)
    # the interno comes first, whatever the score of the privati
    assert prima.candidatura == s.marco and prima.incarico == 1
    with pytest.raises(ValidationError, match="Tutti i posti"):
        services.proponi_incarico(
            **IMPEGNO, autore=ds, membership=membership, procedura=s.procedura,
            scadenza=adesso + timedelta(hours=48))
    with pytest.raises(PermissionDenied):
        services.accetta_proposta(candidato=persone["sara"], proposta=prima)

    services.rinuncia_proposta(candidato=persone["marco"], proposta=prima)
    seconda = Proposta.objects.get(stato=StatoProposta.IN_ATTESA)
    assert seconda.candidatura == s.alessia  # 25,5, best of the privati
    assert seconda.scadenza - seconda.creata_il == timedelta(hours=48)
    # the DS is told of the refusal and of where the post went, not left to find out
    avviso = Notifica.objects.get(destinatario=ds, oggetto__startswith="Rinuncia all'incarico")
    assert avviso.oggetto == f"Rinuncia all'incarico – {s.procedura.oggetto}"
    assert "ha rinunciato alla proposta (posto n. 1)" in avviso.testo
    assert f"La proposta è passata {a_chi(persone['alessia'])}" in avviso.testo
    prima.refresh_from_db()
    ricevuta = Notifica.objects.get(destinatario=persone["marco"],
                                    oggetto=f"Rinuncia registrata – {s.procedura.oggetto}")
    assert ricevuta.testo == (f"Hai rinunciato {data_con('il', prima.risposta_il, GIORNO_E_ORA)} "
                              f"alla proposta di incarico della procedura «{s.procedura.oggetto}».")

    # silence: at the deadline the sweep counts it as rinuncia and calls the next
    scaduta_il = seconda.scadenza + timedelta(seconds=1)
    assert services.scadi_proposte(adesso=seconda.scadenza) == 0  # not yet
    with pytest.raises(ValidationError, match="scaduto"):
        services.accetta_proposta(candidato=persone["alessia"], proposta=seconda,
                                  adesso=scaduta_il)  # refused by the clock, before the sweep
    assert services.scadi_proposte(adesso=scaduta_il) == 1
    assert services.scadi_proposte(adesso=scaduta_il) == 0  # idempotent
    seconda.refresh_from_db()
    assert seconda.stato == StatoProposta.SCADUTA
    # «Le mie candidature» says what became of each proposal, not only «Ammessa»
    for chi, frase in (
            ("marco", f"Proposta di incarico: hai rinunciato "
                      f"{data_con('il', prima.risposta_il, GIORNO_E_ORA)}"),
            ("alessia", f"Proposta di incarico scaduta "
                        f"{data_con('il', seconda.scadenza, GIORNO_E_ORA)} senza risposta "
                        "(vale come rinuncia)")):
        elenco = client_di(persone[chi]).get(reverse("candidature:le_mie")).content.decode()
        assert frase in elenco.replace("&#x27;", "'"), chi
    terza = Proposta.objects.get(stato=StatoProposta.IN_ATTESA)
    assert terza.candidatura == s.sara

    prima_di_accettare = Notifica.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    services.accetta_proposta(candidato=persone["sara"], proposta=terza)
    terza.refresh_from_db()
    assert terza.stato == StatoProposta.ACCETTATA
    # the acceptance prepares the Incarico (incarichi, through graduatorie.estensioni), to be
    # completed by the DS; its people and terms: incarichi/tests/test_posti_mai_bloccati.py
    incarico = estensioni.preparati(s.procedura)[terza.candidatura_id]
    assert incarico.in_preparazione and not incarico.atto_emesso
    assert incarico.url == f"/incarichi/{incarico.pk}/"
    avviso = Notifica.objects.filter(oggetto__startswith="Incarico accettato").latest("pk")
    # the post in the ranking and the Incarico have two numbers: each says which it is
    assert f"ha accettato la proposta (posto n. {terza.incarico})" in avviso.testo
    assert f"L'incarico n. {incarico.pk} è in preparazione" in avviso.testo
    assert avviso.url == incarico.url  # where the DS goes on
    # one notice per dirigente about the acceptance, not a second «Incarico da perfezionare»
    # and to the candidate one record of her answer
    dopo = Notifica.objects.filter(pk__gt=prima_di_accettare)
    assert list(dopo.filter(destinatario=persone["sara"]).values_list("oggetto", flat=True)) == [
        f"Proposta accettata – {s.procedura.oggetto}"]
    dopo = dopo.exclude(destinatario=persone["sara"])
    assert sorted(dopo.values_list("destinatario_id", flat=True)) == sorted(
        dopo.filter(oggetto__startswith="Incarico accettato").values_list("destinatario_id",
                                                                          flat=True))
    assert dopo.exists()
    assert Evento.objects.filter(azione="graduatorie.proposta_accettata").count() == 1
    with pytest.raises(ValidationError, match="già risposto"):
        services.rinuncia_proposta(candidato=persone["sara"], proposta=terza)


def test_graduatoria_esaurita(definitiva, ds, persone):
    s = definitiva
    adesso = timezone.now()
    proposta = services.proponi_incarico(**IMPEGNO, autore=ds, membership=ds.memberships.get(),
                                         procedura=s.procedura,
                                         scadenza=adesso + timedelta(days=2))
    for nome in ("marco", "alessia", "sara"):
        proposta = Proposta.objects.get(stato=StatoProposta.IN_ATTESA)
        services.rinuncia_proposta(candidato=persone[nome], proposta=proposta)
    assert not Proposta.objects.filter(stato=StatoProposta.IN_ATTESA).exists()
    assert Evento.objects.filter(azione="graduatorie.graduatoria_esaurita").exists()
    with pytest.raises(ValidationError, match="Non restano candidati"):
        services.proponi_incarico(**IMPEGNO, autore=ds, membership=ds.memberships.get(),
                                  procedura=s.procedura, scadenza=adesso + timedelta(days=2))


def test_le_mie_candidature_mostrano_la_proposta_in_attesa(definitiva, ds, persone, client_di):
    """The candidate sees the proposal waiting for the answer in «Le mie candidature», with
    its deadline and a link to it; nobody else does; gone once answered; same queries."""
    s = definitiva
    pagina = client_di(persone["marco"]).get(reverse("candidature:le_mie")).content.decode()
    assert "Proposta di incarico" not in pagina and "Esito e reclami" in pagina
    proposta = services.proponi_incarico(**IMPEGNO, autore=ds, membership=ds.memberships.get(),
                                         procedura=s.procedura,
                                         scadenza=timezone.now() + timedelta(days=2))
    assert proposta.candidatura == s.marco
    scadenza = timezone.localtime(proposta.scadenza)
    client = client_di(persone["marco"])
    pagina = unescape(client.get(reverse("candidature:le_mie")).content.decode())
    assert (f"Proposta di incarico: rispondi entro {data_con('il', scadenza, GIORNO_E_ORA)}"
            in pagina)
    assert (reverse("graduatorie:esito_candidato", args=[s.marco.pk])
            + f"#proposta-{proposta.pk}") in pagina
    for altro in ("alessia", "sara"):  # ranked too, but the proposal is not theirs
        assert "Proposta di incarico" not in client_di(persone[altro]).get(
            reverse("candidature:le_mie")).content.decode()
    # the proposals of the page's rows in one query, not one per row
    with CaptureQueriesContext(connection) as query:
        client.get(reverse("candidature:le_mie"))
    assert sum("graduatorie_proposta" in q["sql"] for q in query.captured_queries) == 1
    services.rinuncia_proposta(candidato=persone["marco"], proposta=proposta)
    assert "Proposta di incarico" not in client.get(
        reverse("candidature:le_mie")).content.decode()


def test_esito_da_valutare_non_entra_e_ritirate_escluse(in_valutazione):
    s = in_valutazione
    ids = {i.candidatura for i in services.selectors.istanze_per_graduatoria(s.procedura)}
    assert ids == {s.alessia.pk, s.marco.pk, s.sara.pk}  # not the withdrawn one, not the draft
    assert all(i.esito == Esito.DA_VALUTARE for i in
               services.selectors.istanze_per_graduatoria(s.procedura))


def test_l_avviso_pubblico_porta_alla_graduatoria_pubblicata(provvisoria, client):
    s = provvisoria
    pagina = client.get(f"/avvisi/{s.procedura.pk}/").content.decode()
    assert f'href="/esiti/{s.procedura.pk}/"' in pagina
    assert "Graduatoria provvisoria (esito della selezione)" in pagina
    esito = client.get(f"/esiti/{s.procedura.pk}/").content.decode()
    # the window for complaints leads to where a complaint is filed
    assert 'da «<a href="/candidature/">Le mie candidature</a>», alla voce «Esito e reclami»' in esito


def test_modulo_e_commissione_seguono_la_stessa_regola_dei_voti(crea_procedura_completa):
    procedura = crea_procedura_completa()
    laurea = procedura.criteri.filter(tipo="voto_laurea").first()
    nome = nome_criterio(laurea)
    Modulo = modulo_candidatura(procedura)
    errori = Modulo(data={nome: "105", f"{nome}_lode": "on"}).errors
    assert errori[nome] == ["La lode si dichiara solo con 110."]
    assert nome not in Modulo(data={nome: "110", f"{nome}_lode": "on"}).errors
    with pytest.raises(ValidationError, match="solo con 110"):
        services.valore_da_testo(laurea, "105", True)
    # a diploma marked out of 100: «100 e lode» and a 60 are both recorded
    laurea.scala_voto = 100
    laurea.save()
    Modulo = modulo_candidatura(procedura)
    assert nome not in Modulo(data={nome: "100", f"{nome}_lode": "on"}).errors
    assert services.valore_da_testo(laurea, "100", True) == {"voto": 100, "lode": True}
    assert services.valore_da_testo(laurea, "60", False) == {"voto": 60, "lode": False}


def test_proponi_incarico_offerto_solo_quando_puo_riuscire(client, definitiva, ds, persone):
    s = definitiva
    client.force_login(ds)
    url = reverse("graduatorie:interpello", args=[s.procedura.pk])
    pagina = client.get(url).content.decode()
    assert "Proponi incarico al prossimo candidato</button>" in pagina
    adesso = timezone.now()
    services.proponi_incarico(
        **IMPEGNO, autore=ds, membership=ds.memberships.get(), procedura=s.procedura,
        scadenza=adesso + timedelta(hours=48), adesso=adesso)
    # the only post is waiting for an answer: the page says so instead of the button
    pagina = client.get(url).content.decode()
    assert "Proponi incarico al prossimo candidato</button>" not in pagina
    assert services.POSTI_OCCUPATI in pagina
    # every candidate called and none accepted: the ranking is exhausted
    while (attesa := Proposta.objects.filter(stato=StatoProposta.IN_ATTESA).first()):
        services.rinuncia_proposta(candidato=attesa.candidatura.candidato, proposta=attesa)
    pagina = client.get(url).content.decode()
    assert services.GRADUATORIA_ESAURITA in pagina
    assert "Proponi incarico al prossimo candidato</button>" not in pagina
    # each answer with its day and time, not only the deadline that no longer matters
    for proposta in Proposta.objects.filter(stato=StatoProposta.RINUNCIATA):
        assert (f'<td data-etichetta="Stato">Rinuncia '
                f'<span class="text-nowrap">'
                f'{data_con("il", proposta.risposta_il, "%d/%m/%Y %H:%M")}</span></td>'
                ) in pagina.replace("&#x27;", "'")


def test_la_stessa_impronta_di_due_versioni_e_spiegata(definitiva, client):
    """The seal is computed on the rows: a definitive ranking that no complaint changed has
    the provisional one's SHA-256, and the public page says why instead of leaving two equal
    fingerprints unexplained; a version with other rows says nothing of the kind."""
    s = definitiva
    provvisoria, definitiva_ = s.procedura.graduatorie.order_by("numero")
    assert provvisoria.sha256 == definitiva_.sha256  # no complaint changed the rows
    url = reverse("graduatorie:esito", args=[s.procedura.pk])
    pagina = client.get(url).content.decode()
    assert "È uguale a quella della versione 1 perché le righe non sono cambiate." in pagina
    assert "(stesse righe e stessa impronta della versione 1)" in pagina
    pagina = client.get(reverse("graduatorie:esito_versione",
                                args=[s.procedura.pk, 1])).content.decode()
    assert "È uguale a quella" not in pagina  # the first of the two

    # versions are immutable: the rule on its own, with other rows in between
    versioni = services.selectors.con_righe_uguali([
        Graduatoria(numero=3, sha256="a"), Graduatoria(numero=1, sha256="a"),
        Graduatoria(numero=2, sha256="b")])
    assert [(v.numero, v.uguale_a) for v in versioni] == [(1, None), (2, None), (3, 1)]


def test_una_versione_sostituita_lo_dice_e_porta_a_quella_in_vigore(definitiva, client):
    """An old version's public page (a link shared before the definitive ranking) says at the
    top that it is not the one in force and links it; the version in force says nothing."""
    s = definitiva
    pagina = unescape(client.get(reverse("graduatorie:esito_versione",
                                         args=[s.procedura.pk, 1])).content.decode())
    in_vigore = s.procedura.graduatorie.order_by("numero").last()
    assert ("Questa versione è stata sostituita: la graduatoria in vigore è la versione 2 "
            f"(definitiva), pubblicata {data_con('il', in_vigore.pubblicata_il, GIORNO_E_ORA)}."
            ) in re.sub(r"<[^>]+>", "", pagina)
    assert pagina.index("è stata sostituita") < pagina.index("<table")
    assert f'href="{reverse("graduatorie:esito_versione", args=[s.procedura.pk, 2])}"' in pagina
    for url in (reverse("graduatorie:esito", args=[s.procedura.pk]),
                reverse("graduatorie:esito_versione", args=[s.procedura.pk, 2])):
        assert "è stata sostituita" not in client.get(url).content.decode()


def test_con_un_interpello_in_attesa_la_procedura_resta_in_corso(definitiva, ds, persone,
                                                                  client_di):
    """Concluded with an outcome, the procedure goes to «Storico»; but while a proposal waits
    for an answer the office still works on it: it stays in «In corso» until the answer."""
    s = definitiva
    client = client_di(ds)

    def elencata(storico: bool) -> bool:
        pagina = client.get("/procedure/" + ("?storico=1" if storico else "")).content.decode()
        return f'href="/procedure/{s.procedura.pk}/"' in pagina

    assert elencata(storico=True) and not elencata(storico=False)
    proposta = services.proponi_incarico(**IMPEGNO, autore=ds, membership=ds.memberships.get(),
                                         procedura=s.procedura,
                                         scadenza=timezone.now() + timedelta(days=2))
    assert elencata(storico=False) and not elencata(storico=True)
    # the phase chosen inside «Storico» narrows it; the dashboard's link (no tab) still finds it
    filtrata = "/procedure/?fase=conclusa_esito"
    assert f'href="/procedure/{s.procedura.pk}/"' in client.get(filtrata).content.decode()
    assert f'href="/procedure/{s.procedura.pk}/"' not in client.get(
        filtrata + "&storico=1").content.decode()
    services.accetta_proposta(candidato=proposta.candidatura.candidato, proposta=proposta)
    assert elencata(storico=True) and not elencata(storico=False)


def test_reclami_per_chi_non_li_decide_solo_dettaglio_e_nessun_da_fare(provvisoria, ds, dsga,
                                                                       persone, client_di):
    """Only the DS answers a reclamo: the DSGA reads «Dettaglio», not «Rispondi» (whose page
    would only tell her she cannot), and her dashboard does not list it as a task."""
    s = provvisoria
    services.presenta_reclamo(candidato=persone["sara"], candidatura=s.sara, testo="Rivedere")
    url = reverse("graduatorie:graduatoria", args=[s.procedura.pk])
    pagina = unescape(client_di(dsga).get(url).content.decode())
    assert "Dettaglio<span class=\"visually-hidden\"> del reclamo di" in pagina
    assert "Rispondi<span" not in pagina
    cruscotto = unescape(client_di(dsga).get("/area-riservata/").content.decode())
    riquadro = cruscotto[cruscotto.index("Graduatorie e interpello"):]
    assert "Reclamo da decidere" in riquadro
    assert "Da fare" not in riquadro[:riquadro.index("Reclamo da decidere") + 200]
    pagina = unescape(client_di(ds).get(url).content.decode())
    assert "Rispondi<span class=\"visually-hidden\"> al reclamo di" in pagina
    cruscotto = unescape(client_di(ds).get("/area-riservata/").content.decode())
    riquadro = cruscotto[cruscotto.index("Graduatorie e interpello"):]
    assert "Da fare" in riquadro[:riquadro.index("Reclamo da decidere") + 200]


def test_la_definitiva_non_chiede_conferma_di_cio_che_sarebbe_rifiutato(provvisoria, ds,
                                                                        client_di):
    """During the reclami window the confirmation page would ask for an approval the service
    refuses: the reason is said at once; once approved, the reason is that, not «pubblica
    prima la provvisoria»."""
    s = provvisoria
    client = client_di(ds)
    url = reverse("graduatorie:approva", args=[s.procedura.pk])
    risposta = client.get(url, follow=True)
    testo = unescape(risposta.content.decode())
    assert "I reclami si possono presentare fino" in testo and "si approva dopo" in testo
    assert risposta.redirect_chain[-1][0] == reverse("graduatorie:graduatoria",
                                                     args=[s.procedura.pk])
    Graduatoria.objects.filter(procedura=s.procedura).update(  # the window is over
        scadenza_reclami=timezone.now() - timedelta(days=1))
    assert "Approva graduatoria definitiva" in unescape(client.get(url).content.decode())
    client.post(url)
    s.procedura.refresh_from_db()
    assert s.procedura.stato == Stato.CONCLUSA_ESITO
    testo = unescape(client.post(url, follow=True).content.decode())
    assert "La graduatoria definitiva è già approvata." in testo
    assert "Pubblica prima la graduatoria provvisoria" not in testo


def test_conclusa_la_valutazione_chi_non_pubblica_sa_chi_lo_fa(in_valutazione, ds, dsga,
                                                               referente, client_di):
    s = in_valutazione
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    risposta = client_di(dsga).post(reverse("graduatorie:concludi", args=[s.procedura.pk]),
                                    follow=True)
    testo = unescape(risposta.content.decode())
    assert "la graduatoria provvisoria è generata. Controllala: la pubblica il Dirigente " \
           "Scolastico." in testo


@pytest.mark.django_db(transaction=True)
def test_approva_definitiva_in_una_transazione_propria(provvisoria, ds):
    """Outside a test's own transaction, as the view calls it: the protocol of the approval
    needs the service's transaction (a decorator moved onto a helper once left it without)."""
    s = provvisoria
    Graduatoria.objects.filter(procedura=s.procedura).update(  # the window is over
        scadenza_reclami=timezone.now() - timedelta(days=1))
    versione = services.approva_definitiva(autore=ds, membership=ds.memberships.get(),
                                           procedura=s.procedura)
    assert versione.protocollo is not None
    s.procedura.refresh_from_db()
    assert s.procedura.stato == Stato.CONCLUSA_ESITO


def test_le_mie_candidature_portano_all_esito_solo_quando_c_e(in_valutazione, ds, dsga, referente,
                                                              persone, client_di):
    """«Esito e reclami» under an admitted application led, before any ranking was published,
    to a page saying only «La graduatoria non è ancora pubblicata.»; a complaint waiting for
    its answer was not in the list."""
    s = in_valutazione
    elenco = reverse("candidature:le_mie")
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    s.sara.refresh_from_db()
    assert s.sara.stato == StatoCandidatura.AMMESSA
    assert "Esito e reclami" not in client_di(persone["sara"]).get(elenco).content.decode()
    membership = ds.memberships.get()
    services.concludi_valutazione(autore=ds, membership=membership, procedura=s.procedura)
    services.pubblica_graduatoria(autore=ds, membership=membership, procedura=s.procedura)
    pagina = client_di(persone["sara"]).get(elenco).content.decode()
    assert "Esito e reclami" in pagina and "Reclamo presentato" not in pagina
    reclamo = services.presenta_reclamo(candidato=persone["sara"], candidatura=s.sara,
                                        testo="Il mio voto di laurea è 110/110.")
    pagina = unescape(client_di(persone["sara"]).get(elenco).content.decode())
    assert (f"Reclamo presentato {data_con('il', reclamo.presentato_il, GIORNO_E_ORA)}: in attesa "
            "di risposta") in pagina


def test_la_conferma_di_concludi_valutazione_dice_ammesse_ed_escluse(in_valutazione, ds, dsga,
                                                                     referente, client_di):
    """Before the irreversible «Concludi valutazione istanze», the DS reads what is about to
    be fixed: how many are admitted, who is excluded and why."""
    s = in_valutazione
    _valuta_tutto(s, dsga, referente, colloquio={s.alessia: (8, 7), s.sara: (6, 6),
                                                 s.marco: (9, 9)})
    services.escludi(autore=dsga, candidatura=s.sara, motivazione="Curriculum non firmato")
    pagina = " ".join(unescape(client_di(ds).get(
        reverse("graduatorie:concludi", args=[s.procedura.pk])).content.decode()).split())
    protocollo = s.sara.protocollo
    assert "2 istanze ammesse, 1 esclusa:" in pagina
    assert (f"Mancini Sara (prot. {protocollo.numero}/{protocollo.anno}) – Curriculum non "
            "firmato") in pagina
    assert "Conferma: Concludi valutazione istanze" in pagina


def test_il_dirigente_e_avvisato_solo_quando_anche_i_punteggi_della_commissione_ci_sono(
        in_valutazione, ds, dsga, referente):
    """Every istanza admitted, no commission score yet: the DS was told «Ogni istanza ha un
    esito … concludi la valutazione», and concluding was refused («0 istanze valutate»). The
    notice comes with the last score that completes the evaluation, once."""
    s = in_valutazione
    colloquio = _criterio(s.procedura, "Colloquio")
    for candidatura in (s.alessia, s.sara, s.marco):
        services.ammetti(autore=dsga, candidatura=candidatura)
    assert services.valutazione_incompleta(s.procedura)
    assert not Notifica.objects.filter(oggetto__startswith="Istanze valutate").exists()
    for candidatura in (s.alessia, s.sara, s.marco):
        services.assegna_punteggi(autore=dsga, candidatura=candidatura,
                                  punteggi={colloquio: Decimal(7)})
    assert not Notifica.objects.filter(oggetto__startswith="Istanze valutate").exists()
    for candidatura in (s.alessia, s.sara, s.marco):
        services.assegna_punteggi(autore=referente, candidatura=candidatura,
                                  punteggi={colloquio: Decimal(8)})
    assert services.valutazione_incompleta(s.procedura) == ""
    assert Notifica.objects.filter(destinatario=ds, oggetto__startswith="Istanze valutate").count() == 1
    # a score changed afterwards tells nothing again
    services.assegna_punteggi(autore=referente, candidatura=s.marco,
                              punteggi={colloquio: Decimal(9)})
    assert Notifica.objects.filter(destinatario=ds, oggetto__startswith="Istanze valutate").count() == 1


def test_la_commissaria_legge_che_cosa_resta_a_lei(in_valutazione, dsga, referente, client_di):
    """Anna scored every application and still read «Valutate 0 di 4» and «1 di 2» on every
    row: nothing said that what was missing was the other commissioner's."""
    s = in_valutazione
    colloquio = _criterio(s.procedura, "Colloquio")
    url = reverse("graduatorie:valutazione", args=[s.procedura.pk])
    for candidatura in (s.alessia, s.sara, s.marco):
        services.ammetti(autore=dsga, candidatura=candidatura)
    pagina = re.sub(r"<[^>]+>", "", unescape(client_di(referente).get(url).content.decode()))
    assert "I tuoi punteggi: ti restano 3 istanze a cui dare il punteggio." in pagina
    for candidatura in (s.alessia, s.sara):
        services.assegna_punteggi(autore=referente, candidatura=candidatura,
                                  punteggi={colloquio: Decimal(8)})
    pagina = re.sub(r"<[^>]+>", "", unescape(client_di(referente).get(url).content.decode()))
    assert "I tuoi punteggi: ti resta 1 istanza a cui dare il punteggio." in pagina
    services.assegna_punteggi(autore=referente, candidatura=s.marco,
                              punteggi={colloquio: Decimal(8)})
    pagina = re.sub(r"<[^>]+>", "", unescape(client_di(referente).get(url).content.decode()))
    assert ("I tuoi punteggi sono completi: mancano quelli di Lucia Verdi "
            "(3 istanze).") in pagina
    # the other commissioner reads her own count; the DS, not in the commission, none
    pagina = re.sub(r"<[^>]+>", "", unescape(client_di(dsga).get(url).content.decode()))
    assert "I tuoi punteggi: ti restano 3 istanze a cui dare il punteggio." in pagina
