"""The staff pages and the public transparency page through HTTP: paths, forbidden paths,
query budgets, downloads, the CSV; never a codice fiscale on the public page."""

import csv
import hashlib
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from freezegun import freeze_time

from accounts.models import Ruolo
from incarichi import selectors as selettori
from incarichi import urls
from incarichi.models import Incarico, StatoIncarico
from incarichi.services import incarichi as servizi
from portale.formato import euro
from portale.models import Evento
from portale.tests.campioni_documenti import caricato, p7m, pdf
from procedure.models import ProceduraSelezione

from .conftest import TUTTE_LE_AUTOCERTIFICAZIONI, atto_del, documento

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_incarichi(crea_scheda, affida, docente, esperta, ds, porta_incarico):
    """An internal one liquidated, an external one signed with a published CV; both published."""
    interno = porta_incarico(affida(crea_scheda(), docente), "concluso")
    membership = ds.memberships.get()
    for giorno in (2, 3):  # 30 hours: two days (a day has 24)
        servizi.registra_ore(autore=ds, membership=membership, incarico=interno,
                             data=date(2026, 3, giorno), ore=15, attivita="Tutoraggio")
    servizi.verifica_ore(autore=ds, membership=membership, incarico=interno)
    interno = servizi.liquida(autore=ds, membership=membership, incarico=interno)
    esterno = porta_incarico(affida(crea_scheda("Esperto di coding", tipologia="esperto",
                                                tariffa_manuale=Decimal("70"),
                                                cup="D34D22000350008"),
                                    esperta, rapporto="privato"), "firmato")
    for incarico in (interno, esterno):
        servizi.pubblica(autore=ds, membership=membership, incarico=incarico)
    servizi.pubblica_curriculum(autore=ds, membership=membership, incarico=esterno,
                                file=caricato("cv.pdf", pdf("Curriculum di Giulia Verdi")))
    return interno, esterno


def test_affidamento_diretto_via_http_poi_requisiti_atto_e_firma(client, ds, crea_scheda):
    scheda = crea_scheda()
    client.force_login(ds)
    assert "Affidamento diretto" in client.get(f"/rilevazione-fabbisogno/schede/{scheda.pk}/").content.decode()
    url = f"/rilevazione-fabbisogno/schede/{scheda.pk}/affidamento-diretto/"
    risposta = client.post(url, {"codice_fiscale": "brnlgu80a01h501t", "nome": "Luigi",
                                 "cognome": "Bruni", "email": "luigi@example.it",
                                 "rapporto": "interno", "motivazione": "deserta",
                                 "giustificazione": "L'avviso interno è andato deserto."})
    assert risposta.status_code == 302, risposta.context["form"].errors
    incarico = Incarico.objects.get()
    assert risposta["Location"] == f"/incarichi/{incarico.pk}/"
    assert incarico.persona.codice_fiscale == "BRNLGU80A01H501T"
    pagina = client.get(risposta["Location"]).content.decode()
    assert "Manca la data di acquisizione del certificato del casellario giudiziale." in pagina
    assert "30 ore × 19,25 € = 577,50 €" in pagina and "577,50 € lordo dipendente (766,34 € lordo Stato)" in pagina
    client.post(f"/incarichi/{incarico.pk}/emetti_atto/")
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.IN_PREPARAZIONE
    # a certificate «acquired» in 2030: refused on its field, the ticks kept, nothing saved
    futuro = client.post(f"/incarichi/{incarico.pk}/requisiti/", {
        "casellario_acquisito_il": "2030-01-01", "tipo_atto": "lettera", "luogo": "Aula magna",
        **{k: "on" for k in TUTTE_LE_AUTOCERTIFICAZIONI}})
    assert futuro.status_code == 200  # the page again, not a redirect to an empty form
    modulo = futuro.context["requisiti_form"]
    assert modulo.errors["casellario_acquisito_il"] == [
        "Il certificato non può essere acquisito in una data futura (01/01/2030): indica il "
        "giorno in cui l'istituto lo ha ricevuto."]
    testo = unescape(futuro.content.decode())
    assert 'value="Aula magna"' in testo and 'value="2030-01-01"' in testo
    assert all(re.search(rf'name="{k}"[^>]*checked', testo) for k in TUTTE_LE_AUTOCERTIFICAZIONI)
    assert "I requisiti non sono stati salvati" in testo
    incarico.refresh_from_db()
    assert incarico.casellario_acquisito_il is None and incarico.luogo == ""
    client.post(f"/incarichi/{incarico.pk}/requisiti/", {
        "casellario_acquisito_il": "2026-01-05", "tipo_atto": "lettera",
        **{k: "on" for k in TUTTE_LE_AUTOCERTIFICAZIONI}})
    conferma = client.post(f"/incarichi/{incarico.pk}/emetti_atto/").content.decode()
    assert "Conferma: Emetti l&#x27;atto" in conferma and "577,50 €" in conferma
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.IN_PREPARAZIONE  # nothing happens before the «sì»
    client.post(f"/incarichi/{incarico.pk}/emetti_atto/", {"conferma": "1"})
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.CONFERITO
    client.post(f"/incarichi/{incarico.pk}/registra_firma/",
                {"file": caricato("firmata.p7m", p7m(pdf("firmata")))})
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.FIRMATO
    firmato = incarico.documenti.get(tipo="atto_firmato")
    scaricato = client.get(f"/incarichi/{incarico.pk}/documenti/{firmato.pk}/")
    assert scaricato.status_code == 200 and scaricato["X-Content-Type-Options"] == "nosniff"
    originale = client.get(f"/incarichi/{incarico.pk}/documenti/{documento(incarico).pk}/")
    assert b"".join(originale.streaming_content).startswith(b"%PDF-")


def test_errori_dell_affidamento_restano_nel_form(client, ds, crea_scheda):
    scheda = crea_scheda()
    client.force_login(ds)
    risposta = client.post(f"/rilevazione-fabbisogno/schede/{scheda.pk}/affidamento-diretto/",
                           {"codice_fiscale": "XXX", "nome": "Luigi", "cognome": "Bruni",
                            "email": "l@example.it", "rapporto": "interno",
                            "motivazione": "deserta", "giustificazione": "Deserta"})
    assert risposta.status_code == 200 and 'value="Luigi"' in risposta.content.decode()
    assert not Incarico.objects.exists()


def test_affidamento_con_fine_prima_dell_inizio_errore_in_italiano_sul_campo(client, ds,
                                                                             crea_scheda):
    """It reached the page as the database's «Il vincolo “incarico_periodo_coerente” è stato
    violato»; the fine left empty takes the scheda's, so the check is the service's."""
    oggi = timezone.localdate()
    fine = oggi + timedelta(days=100)
    scheda = crea_scheda(inizio=oggi + timedelta(days=10), fine=fine)
    client.force_login(ds)
    inizio = fine + timedelta(days=10)
    risposta = client.post(f"/rilevazione-fabbisogno/schede/{scheda.pk}/affidamento-diretto/",
                           {"codice_fiscale": "VRDGLI85M41F205R", "nome": "Giulia",
                            "cognome": "Verdi", "email": "g@example.it", "rapporto": "interno",
                            "motivazione": "occasionale", "giustificazione": "Poche ore",
                            "data_inizio": f"{inizio:%Y-%m-%d}"})
    pagina = unescape(risposta.content.decode())
    assert risposta.status_code == 200 and 'value="Giulia"' in pagina
    assert f"La fine ({fine:%d/%m/%Y}) non può precedere l'inizio ({inizio:%d/%m/%Y})." in pagina
    assert "vincolo" not in pagina
    assert not Incarico.objects.exists()


def test_affidamento_con_inizio_gia_passato_rifiutato_sul_campo(client, ds, crea_scheda):
    """An act for activities already begun (or long over) is not a conferimento: the start
    typed in the form may not be past; today is allowed."""
    oggi = timezone.localdate()
    scheda = crea_scheda(inizio=oggi, fine=oggi + timedelta(days=90))
    client.force_login(ds)
    url = f"/rilevazione-fabbisogno/schede/{scheda.pk}/affidamento-diretto/"
    dati = {"codice_fiscale": "VRDGLI85M41F205R", "nome": "Giulia", "cognome": "Verdi",
            "email": "g@example.it", "rapporto": "interno", "motivazione": "occasionale",
            "giustificazione": "Poche ore", "data_inizio": "2020-01-01", "data_fine": "2020-02-01"}
    risposta = client.post(url, dati)
    assert risposta.context["form"].errors["data_inizio"] == [
        "L'inizio (01/01/2020) non può essere già passato: l'incarico si conferisce prima che "
        "le attività inizino."]
    assert not Incarico.objects.exists()
    dati |= {"data_inizio": f"{oggi:%Y-%m-%d}", "data_fine": f"{oggi + timedelta(days=30):%Y-%m-%d}"}
    assert client.post(url, dati).status_code == 302


def test_registro_ore_via_http_mai_oltre_le_ore(client, ds, crea_scheda, affida, docente,
                                               porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    client.force_login(ds)
    for giorno, ore in (("2026-02-02", "8"), ("2026-02-03", "20")):
        client.post(f"/incarichi/{incarico.pk}/ore/", {"data": giorno, "ore": ore,
                                                      "attivita": "Tutoraggio"})
    risposta = client.post(f"/incarichi/{incarico.pk}/ore/", {"data": "2026-02-04", "ore": "3",
                                                             "attivita": "Oltre"}, follow=True)
    assert "Superate le ore assegnate" in risposta.content.decode()
    assert incarico.ore_svolte.count() == 2
    # the same line sent twice (a double click, the back button) is refused, the work kept
    doppia = unescape(client.post(f"/incarichi/{incarico.pk}/ore/", {
        "data": "2026-02-03", "ore": "20", "attivita": "tutoraggio "}).content.decode())
    assert ("Una riga identica del 03/02/2026 è già registrata (20 ore, «tutoraggio»): se è "
            "un'altra attività dello stesso giorno, descrivila.") in doppia
    assert incarico.ore_svolte.count() == 2


def test_un_giorno_del_registro_ore_ha_24_ore(client, ds, crea_scheda, affida, docente,
                                             porta_incarico):
    """«30» typed for «3,0» went in as a day of 30 hours: refused beside the field, with what
    the day still allows; the lines of the day are summed."""
    incarico = porta_incarico(affida(crea_scheda(ore=60), docente), "in_corso")
    client.force_login(ds)
    url = f"/incarichi/{incarico.pk}/ore/"
    risposta = client.post(url, {"data": "2026-02-03", "ore": "30", "attivita": "Laboratorio"})
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["ore"] == [
        "Un giorno ha 24 ore: 30 ore il 03/02/2026 non sono possibili."]
    assert 'value="Laboratorio"' in risposta.content.decode()  # the work kept
    assert client.post(url, {"data": "2026-02-03", "ore": "20",
                             "attivita": "Laboratorio"}).status_code == 302
    risposta = client.post(url, {"data": "2026-02-03", "ore": "4,5", "attivita": "Verifica"})
    assert risposta.context["form"].errors["ore"] == [
        "Un giorno ha 24 ore: il 03/02/2026 ne risultano già 20 registrate, se ne possono "
        "aggiungere al più 4."]
    assert client.post(url, {"data": "2026-02-03", "ore": "4",
                             "attivita": "Verifica"}).status_code == 302
    assert incarico.ore_svolte.count() == 2


def test_riga_del_registro_ore_eliminata_finche_nessuno_l_ha_verificata(
        client, ds, crea_scheda, affida, docente, porta_incarico):
    """20 hours typed for 2: the line is removed (the history keeps it) and the right one
    written; a verified line stays, and so does a line of another incarico."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    altro = porta_incarico(affida(crea_scheda("Altro", cup="D34D22000350012"), docente),
                           "in_corso")
    membership = ds.memberships.get()
    sbagliata = servizi.registra_ore(autore=ds, membership=membership, incarico=incarico,
                                     data=date(2026, 2, 3), ore=20, attivita="Tutoraggio")
    di_altro = servizi.registra_ore(autore=ds, membership=membership, incarico=altro,
                                    data=date(2026, 2, 3), ore=2, attivita="Tutoraggio")
    client.force_login(ds)
    pagina = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "Eliminare la riga del registro ore?" in pagina
    assert "La riga del 03/02/2026 (20 ore, «Tutoraggio») sarà eliminata" in pagina
    # two lines of the same day are told apart by a screen reader: the button names the activity
    assert '<span class="visually-hidden"> 03/02/2026, Tutoraggio</span>' in pagina
    risposta = client.post(f"/incarichi/{incarico.pk}/ore/{di_altro.pk}/elimina/", follow=True)
    assert "La riga del registro ore non esiste più." in unescape(risposta.content.decode())
    assert altro.ore_svolte.filter(pk=di_altro.pk).exists()
    risposta = client.post(f"/incarichi/{incarico.pk}/ore/{sbagliata.pk}/elimina/", follow=True)
    assert "Eliminata la riga del 03/02/2026 del registro ore." in unescape(
        risposta.content.decode())
    assert not incarico.ore_svolte.exists()
    assert Evento.objects.filter(azione="incarico.ore_eliminate", object_id=incarico.pk,
                                 descrizione__contains="20 ore – Tutoraggio").exists()
    # now the 2 hours fit the 30 granted, and once verified the line is there to stay
    client.post(f"/incarichi/{incarico.pk}/ore/", {"data": "2026-02-03", "ore": "2",
                                                  "attivita": "Tutoraggio"})
    giusta = incarico.ore_svolte.get()
    client.post(f"/incarichi/{incarico.pk}/verifica_ore/",
                {"fino_a": riga_da_verificare(client, incarico), "conferma": "1"})
    risposta = client.post(f"/incarichi/{incarico.pk}/ore/{giusta.pk}/elimina/", follow=True)
    assert "La riga è già verificata: non si elimina più." in unescape(risposta.content.decode())
    assert incarico.ore_svolte.filter(pk=giusta.pk).exists()
    assert "Eliminare la riga del registro ore?" not in client.get(
        f"/incarichi/{incarico.pk}/").content.decode()


def riga_da_verificare(client, incarico) -> str:
    """What «Verifica il registro ore» sends: the last line the incarico's page shows."""
    pagina = client.get(f"/incarichi/{incarico.pk}/").content.decode()
    return re.search(r'<form[^>]*id="azione-verifica_ore".*?name="fino_a" value="(\d+)"',
                     pagina, re.S).group(1)


def test_la_verifica_ore_riguarda_le_righe_che_la_pagina_mostrava(client, ds, segreteria,
                                                                 crea_scheda, affida, docente,
                                                                 porta_incarico):
    """A line the segreteria writes while the DS reads the page is not verified unseen: the
    confirmation and the verification stop at the last line the page showed."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    client.force_login(ds)
    client.post(f"/incarichi/{incarico.pk}/ore/", {"data": "2026-02-03", "ore": "8",
                                                  "attivita": "Tutoraggio"})
    fino_a = riga_da_verificare(client, incarico)
    servizi.registra_ore(autore=segreteria, membership=segreteria.memberships.get(),
                         incarico=incarico, data=date(2026, 2, 4), ore=5, attivita="Laboratorio")
    pagina = unescape(client.post(f"/incarichi/{incarico.pk}/verifica_ore/",
                                  {"fino_a": fino_a}).content.decode())
    assert "Si verifica 1 riga del registro, 8 ore in tutto" in pagina
    assert f"{incarico.persona} ne riceve notizia nel portale e per e-mail." in pagina
    risposta = client.post(f"/incarichi/{incarico.pk}/verifica_ore/",
                           {"fino_a": fino_a, "conferma": "1"}, follow=True)
    assert "Registro ore verificato." in unescape(risposta.content.decode())
    verificate = dict(incarico.ore_svolte.values_list("attivita", "verificata_il"))
    assert verificate["Tutoraggio"] is not None and verificate["Laboratorio"] is None
    # the new line is on the page now, to be verified in its turn; nothing else is left after
    assert riga_da_verificare(client, incarico) == str(
        incarico.ore_svolte.get(attivita="Laboratorio").pk)
    # a request that does not say what was seen verifies nothing, and says why
    risposta = client.post(f"/incarichi/{incarico.pk}/verifica_ore/", {"conferma": "1"},
                           follow=True)
    assert "Ricarica la pagina dell'incarico" in unescape(risposta.content.decode())
    assert incarico.ore_svolte.get(attivita="Laboratorio").verificata_il is None
    with pytest.raises(ValidationError, match="Non ci sono righe del registro da verificare"):
        servizi.verifica_ore(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                             fino_a=int(fino_a))


def test_pubblica_anagrafe_e_copia_firmata_chiedono_conferma(client, ds, crea_scheda, affida,
                                                           docente, porta_incarico):
    """Irreversible too: the publication (it is not withdrawn), the date of the communication
    to the Anagrafe, the signed copy (it is not replaced)."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "conferito")
    url = f"/incarichi/{incarico.pk}"
    client.force_login(ds)
    pagina = unescape(client.post(f"{url}/pubblica/").content.decode())
    assert "Pubblica in Amministrazione trasparente?" in pagina
    assert "sezione «Personale» della pagina Amministrazione trasparente" in pagina
    assert "la pubblicazione non si ritira" in pagina
    incarico.refresh_from_db()
    assert incarico.pubblicato_il is None
    client.post(f"{url}/pubblica/", {"conferma": "1"})
    incarico.refresh_from_db()
    assert incarico.pubblicato_il is not None
    oggi = timezone.localdate()
    pagina = unescape(client.post(f"{url}/comunica_anagrafe/", {"data": oggi.isoformat()}
                                  ).content.decode())
    assert (f"comunicato all'Anagrafe delle prestazioni (PerlaPA) il {oggi:%d/%m/%Y}: "
            "l'adempimento esce dalle scadenze") in pagina
    assert f'name="data" value="{oggi:%Y-%m-%d}"' in pagina
    incarico.refresh_from_db()
    assert incarico.comunicato_anagrafe_il is None
    client.post(f"{url}/comunica_anagrafe/", {"data": oggi.isoformat(), "conferma": "1"})
    incarico.refresh_from_db()
    assert incarico.comunicato_anagrafe_il == oggi
    # as the confirmation said, the date is not changed afterwards (a second tab, a replay)
    ieri = oggi - timedelta(days=1)
    risposta = client.post(f"{url}/comunica_anagrafe/", {"data": ieri.isoformat(),
                                                         "conferma": "1"})
    assert (f"è già registrata il {oggi:%d/%m/%Y} e non si modifica"
            in unescape(risposta.content.decode()))
    incarico.refresh_from_db()
    assert incarico.comunicato_anagrafe_il == oggi
    # the file cannot travel through a confirmation page: a dialog asks before it is sent
    pagina = unescape(client.get(f"{url}/").content.decode())
    assert "Caricare la copia firmata?" in pagina and 'form="azione-registra_firma"' in pagina
    assert "la copia firmata dall'incaricato e dal Dirigente Scolastico" in pagina  # Luigi
    assert "dopo non si sostituisce più" in pagina


def test_le_conferme_dicono_l_incaricata(client, ds, crea_scheda, affida, esperta,
                                        porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), esperta, rapporto="privato"), "conferito")
    client.force_login(ds)
    pagina = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "la copia firmata dall'incaricata e dal Dirigente Scolastico" in pagina
    pagina = unescape(client.post(f"/incarichi/{incarico.pk}/revoca/", {
        "motivazione": "Attività sospese", "comunicata_il": timezone.localdate().isoformat(),
    }).content.decode())
    assert "15 giorni dopo la comunicazione all'incaricata del" in pagina


def test_liquida_non_si_offre_con_ore_da_verificare_e_dice_perche(client, ds, crea_scheda,
                                                                   affida, docente,
                                                                   porta_incarico):
    """«Liquida il compenso» with hours still to verify could only be refused: the box says
    first what is missing, its button not usable until the register is verified."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    client.force_login(ds)
    client.post(f"/incarichi/{incarico.pk}/ore/", {"data": "2026-02-03", "ore": "8",
                                                  "attivita": "Tutoraggio"})
    client.post(f"/incarichi/{incarico.pk}/concludi/", {"conferma": "1"})
    pagina = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert ('<p id="liquida-bloccata">Prima di liquidare va verificato il registro ore: ci '
            'sono ore non ancora verificate.</p>') in pagina
    assert re.search(r'<button type="button" class="btn btn-primary" disabled '
                     r'aria-describedby="liquida-bloccata">Liquida il compenso</button>', pagina)
    assert 'id="azione-liquida"' not in pagina
    # a request sent anyway is refused by the service, with a sentence that reads right
    pagina = unescape(client.post(f"/incarichi/{incarico.pk}/liquida/",
                                  {"conferma": "1"}).content.decode())
    assert "L'azione non è stata eseguita. Ci sono ore non ancora verificate" in pagina
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.CONCLUSO
    client.post(f"/incarichi/{incarico.pk}/verifica_ore/",
                {"fino_a": riga_da_verificare(client, incarico), "conferma": "1"})
    pagina = client.get(f"/incarichi/{incarico.pk}/").content.decode()
    assert 'id="azione-liquida"' in pagina and "liquida-bloccata" not in pagina


def test_un_azione_del_solo_ds_dice_chi_la_puo_fare_prima_di_leggere_i_dati(
        client, ds, con_ruolo, istituto, crea_scheda, affida, docente, porta_incarico):
    """The DSGA's hand-made request for a DS-only action: a 403 saying who may do it, before
    the data are even read («correggi i dati» first made it look possible)."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    dsga = con_ruolo("VRDLCU80A41H501Z", Ruolo.DSGA, istituto, nome="Lucia", cognome="Verdi")
    client.force_login(dsga)
    for azione, dati in (("revoca", {"motivazione": "x"}), ("proroga", {"data_fine": "x"}),
                         ("pubblica", {})):
        risposta = client.post(f"/incarichi/{incarico.pk}/{azione}/", dati)
        assert risposta.status_code == 403, azione
        assert ("Solo il Dirigente Scolastico può eseguire questa operazione."
                in unescape(risposta.content.decode())), azione
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.IN_CORSO


def test_concludi_e_liquida_chiedono_conferma_dicendo_cosa_succede(client, ds, crea_scheda, affida,
                                                                  docente, porta_incarico):
    """«Concludi l'incarico» with 8 hours of 30 and months early, then «Liquida»: each asks once,
    stating its effect, and changes nothing until confirmed."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    client.force_login(ds)
    client.post(f"/incarichi/{incarico.pk}/ore/", {"data": "2026-02-03", "ore": "8",
                                                  "attivita": "Tutoraggio"})
    pagina = unescape(client.post(f"/incarichi/{incarico.pk}/concludi/").content.decode())
    assert "Ore registrate: 8 su 30 ore assegnate; ne mancano 22." in pagina
    assert "Conferma: Concludi l'incarico" in pagina and "Annulla" in pagina
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.IN_CORSO
    client.post(f"/incarichi/{incarico.pk}/concludi/", {"conferma": "1"})
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.CONCLUSO
    fino_a = riga_da_verificare(client, incarico)
    pagina = unescape(client.post(f"/incarichi/{incarico.pk}/verifica_ore/",
                                  {"fino_a": fino_a}).content.decode())
    assert "Si verifica 1 riga del registro, 8 ore in tutto" in pagina
    assert f"{incarico.persona} ne riceve notizia nel portale e per e-mail." in pagina
    assert "L'hai inserita tu: controlla che corrisponda al registro firmato" in pagina
    assert f'name="fino_a" value="{fino_a}"' in pagina
    assert incarico.ore_svolte.get().verificata_il is None
    client.post(f"/incarichi/{incarico.pk}/verifica_ore/", {"fino_a": fino_a, "conferma": "1"})
    assert incarico.ore_svolte.get().verificata_il is not None
    pagina = unescape(client.post(f"/incarichi/{incarico.pk}/liquida/",
                                  {"giorni_assenza": "0"}).content.decode())
    # 8 verified hours × 19,25 €, and what it costs the State (the page said only «lordo»)
    assert re.search(r"Importo liquidato: 154,00 € lordo dipendente \(20\d,\d\d € lordo Stato\)\.",
                     pagina)
    # concluded early, 8 hours of 30: the person was told she may still write her last hours,
    # and the payment ends that; the confirmation says so
    assert (f"Il registro ore si chiude: {incarico.persona} non potrà più annotare ore. "
            "Ne risultano 8 su 30 assegnate: chiedi prima se ce ne sono altre svolte fino "
            "alla conclusione.") in pagina
    assert 'name="giorni_assenza" value="0"' in pagina
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.CONCLUSO and incarico.importo_liquidato is None
    client.post(f"/incarichi/{incarico.pk}/liquida/", {"giorni_assenza": "0", "conferma": "1"})
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.LIQUIDATO and incarico.importo_liquidato == Decimal("154")
    # the incarico's page says the paid amount with its base, as «Compenso» does, and when
    dettaglio = " ".join(strip_tags(unescape(
        client.get(f"/incarichi/{incarico.pk}/").content.decode())).split())
    assert re.search(r"Liquidato ?154,00 € lordo dipendente \(20\d,\d\d € lordo Stato\), "
                     r"il \d\d/\d\d/\d{4}", dettaglio), dettaglio
    # «Spesa e budget»: the liquidated counts for what was paid in both tables, not the act's 577,50
    cruscotto = unescape(client.get("/incarichi/cruscotto/").content.decode())
    per_stato = cruscotto.split("Per stato")[1].split("</table>")[0]
    # (in what it cost the school: 154,00 € lordo dipendente × 1,327)
    assert re.search(r"<td>Liquidato</td><td[^>]*>1</td><td[^>]*>204,36 €</td>", per_stato)
    assert "766,34" not in per_stato


def test_pagina_pubblica_con_le_due_sezioni_senza_codice_fiscale(client, due_incarichi, ds,
                                                                 crea_scheda, affida,
                                                                 crea_persona):
    interno, esterno = due_incarichi
    non_pubblicato = affida(crea_scheda("Riservato", cup="D34D22000350009"),
                            crea_persona("RSSLRA90A41H501Z", nome="Laura", cognome="Rossi"))
    risposta = client.get("/trasparenza/rmic8a7005/")
    html = risposta.content.decode()
    assert risposta.status_code == 200
    consulenti, dipendenti = html.split("Incarichi conferiti ai dipendenti")
    assert "Consulenti e collaboratori" in consulenti and "Giulia Verdi" in consulenti
    # the way back to the index, and on to the istituto's avvisi
    assert 'href="/trasparenza/">Gli altri istituti</a>' in consulenti
    assert 'href="/avvisi/?istituto=RMIC8A7005">' in consulenti
    assert f"prot. n. {esterno.protocollo.numero}/" in consulenti and "2.100,00 €" in consulenti
    assert "Luigi Bruni" in dipendenti and "577,50 €" in dipendenti
    # each table says the base of its amounts («Compenso lordo» for 2.100,00 € all-inclusive and
    # for 385,00 € before the State's charges read as the same kind of figure)
    assert ">Compenso lordo omnicomprensivo</th>" in consulenti
    assert ">Compenso lordo dipendente</th>" in dipendenti
    assert "Laura Rossi" not in html and non_pubblicato.oggetto not in html
    for persona in (interno.persona, esterno.persona, ds):
        assert persona.codice_fiscale not in html and persona.codice_fiscale.lower() not in html.lower()
    assert "VRDGLI" not in html.upper() and "BRNLGU" not in html.upper()
    cv = esterno.documenti.get(tipo="curriculum")
    assert f"/trasparenza/RMIC8A7005/curriculum/{cv.pk}/" in html
    assert client.get(f"/trasparenza/RMIC8A7005/curriculum/{cv.pk}/").status_code == 200
    # the signed act is never public
    firmato = esterno.documenti.get(tipo="atto_firmato")
    assert client.get(f"/trasparenza/RMIC8A7005/curriculum/{firmato.pk}/").status_code == 404
    assert client.get("/trasparenza/ZZZZ00000Z/").status_code == 404


def test_pagina_pubblica_dice_il_liquidato_dei_dipendenti_e_la_fine_di_un_revocato(
        client, due_incarichi, ds, crea_scheda, affida, esperta, porta_incarico):
    """Art. 15 and 18 d.lgs. 33/2013: what was paid, and for a revoked incarico the period
    really worked (until the day before the recesso), not the one planned in the act."""
    interno, esterno = due_incarichi
    membership = ds.memberships.get()
    esterno = servizi.avvia(autore=ds, membership=membership, incarico=esterno)
    servizi.revoca(autore=ds, membership=membership, incarico=atto_del(esterno, date(2026, 1, 7)),
                   motivazione="Attività sospese", comunicata_il=date(2026, 3, 2))
    mai_avviato = porta_incarico(affida(crea_scheda("Esperto di robotica", tipologia="esperto",
                                                    tariffa_manuale=Decimal("70"),
                                                    cup="D34D22000350011"),
                                        esperta, rapporto="privato"), "conferito")
    servizi.pubblica(autore=ds, membership=membership, incarico=mai_avviato)
    servizi.revoca(autore=ds, membership=membership, incarico=mai_avviato,
                   motivazione="Finanziamento revocato")
    html = unescape(client.get("/trasparenza/RMIC8A7005/").content.decode())
    consulenti, dipendenti = html.split("Incarichi conferiti ai dipendenti")
    righe = consulenti.split("<tr>")
    (avviato,) = [r for r in righe if esterno.oggetto in r]
    assert "dal 12/01/2026 al 16/03/2026" in avviato
    assert "revocato, recesso dal 17/03/2026; previsto fino al 30/06/2026" in avviato
    assert '<span class="text-nowrap">2.100,00 €</span> previsto' in avviato
    (revocato_prima,) = [r for r in righe if mai_avviato.oggetto in r]
    assert "revocato prima dell'avvio delle attività" in revocato_prima
    assert "previste dal 12/01/2026 al 30/06/2026" in revocato_prima
    assert 'liquidato <span class="text-nowrap">577,50 €</span>' in dipendenti
    # paid for the work done, it stays revoked on the public page: the period worked, the sum
    esterno = servizi.liquida(autore=ds, membership=membership, incarico=esterno)
    assert esterno.stato == "liquidato"
    html = unescape(client.get("/trasparenza/RMIC8A7005/").content.decode())
    (avviato,) = [r for r in html.split("<tr>") if esterno.oggetto in r]
    assert "dal 12/01/2026 al 16/03/2026" in avviato and "(revocato)" in avviato
    assert "revocato, recesso dal 17/03/2026; previsto fino al 30/06/2026" in avviato
    assert (f'liquidato <span class="text-nowrap">{euro(esterno.importo_liquidato)}</span>'
            in avviato)
    assert "previsto<" not in avviato.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(("giorno", "pubblicato"), [("2029-03-16", True), ("2029-03-17", False)])
def test_un_revocato_resta_pubblicato_tre_anni_dalla_fine_svolta(
        due_incarichi, ds, giorno, pubblicato):
    """The three years run from the day the activities really ended (the day before the
    recesso), not from the end the act planned."""
    _, esterno = due_incarichi
    membership = ds.memberships.get()
    esterno = servizi.avvia(autore=ds, membership=membership, incarico=esterno)
    servizi.revoca(autore=ds, membership=membership, incarico=atto_del(esterno, date(2026, 1, 7)),
                   motivazione="Attività sospese", comunicata_il=date(2026, 3, 2))
    with freeze_time(f"{giorno} 12:00:00"):
        consulenti, _ = selettori.incarichi_pubblicati(esterno.istituto)
        visibili = {incarico.pk for incarico in consulenti}
    assert (esterno.pk in visibili) is pubblicato


@pytest.mark.parametrize(("giorno", "pubblicato"), [("2026-06-30", True), ("2026-07-01", False)])
def test_pubblicato_per_i_tre_anni_di_calendario_dopo_la_fine(due_incarichi, giorno, pubblicato):
    """Art. 15 d.lgs. 33/2013: three years after the end, counted on the calendar (the 29
    February of 2024 in between does not take a day away)."""
    interno, _ = due_incarichi
    Incarico.objects.filter(pk=interno.pk).update(data_inizio=date(2023, 1, 9),
                                                  data_fine=date(2023, 6, 30))
    with freeze_time(f"{giorno} 12:00:00"):
        _, dipendenti = selettori.incarichi_pubblicati(interno.istituto)
        visibili = {incarico.pk for incarico in dipendenti}
    assert (interno.pk in visibili) is pubblicato


def test_scadenze_esportazione_anagrafe_e_comunicazione_negativa(client, ds, due_incarichi):
    interno, esterno = due_incarichi
    client.force_login(ds)
    html = unescape(client.get("/incarichi/trasparenza/").content.decode())
    assert '<td data-etichetta="Adempimento">Comunicazione all\'Anagrafe delle prestazioni</td>' in html  # the internal one
    assert "Pubblicazione in «Consulenti e collaboratori»" not in html  # already published
    risposta = client.get(f"/incarichi/trasparenza/anagrafe-prestazioni.csv?anno={interno.conferito_il.year}")
    righe = list(csv.reader(io.StringIO(risposta.content.decode("utf-8-sig")), delimiter=";"))
    assert righe[0][0] == "codice_fiscale_incaricato" and len(righe) == 3
    per_cf = {r[0]: r for r in righe[1:]}
    assert per_cf["BRNLGU80A01H501T"][12:14] == ["577,50", "577,50"]
    assert per_cf["VRDGLI85M41F205R"][12:14] == ["2100,00", ""]
    riga = '<td data-etichetta="Adempimento">Comunicazione all\'Anagrafe delle prestazioni</td>'
    assert html.count(riga) == 2  # the external consultant's too (regulation, art. 5)
    client.post(f"/incarichi/{interno.pk}/comunica_anagrafe/",
                {"data": timezone.localdate().isoformat(), "conferma": "1"})
    assert unescape(client.get("/incarichi/trasparenza/").content.decode()).count(riga) == 1
    # a declaration of the school: asked for confirmation first, errors said in Italian
    negativa = html.split('id="modulo-negativa"')[1].split("</form>")[0]
    assert "novalidate" in negativa and "Confermi la comunicazione negativa?" in negativa
    assert 'form="modulo-negativa">Registra la comunicazione negativa</button>' in negativa
    client.post("/incarichi/trasparenza/comunicazione-negativa/", {"anno": "2024", "semestre": "2"})
    assert "Comunicazione negativa 2° semestre 2024" in client.get("/incarichi/trasparenza/").content.decode()


def test_cruscotto_spesa_per_fonte_stato_e_budget_residuo(client, ds, due_incarichi, crea_scheda,
                                                         affida, crea_persona):
    # a draft on PNRR commits nothing yet: it is counted, not added to what is committed
    affida(crea_scheda("Tutor di fisica", cup="D34D22000350009"),
           crea_persona("NRIMRC75B02F205Y", nome="Marco", cognome="Neri"))
    client.force_login(ds)
    html = re.sub(r"\s+", " ", client.get("/incarichi/cruscotto/").content.decode())
    # 577,50 liquidated + 2.100,00 signed, both PNRR; the draft's 577,50 not among them
    per_fonte = html.split('id="per-fonte"')[1].split("</table>")[0]
    assert re.findall(r'<th scope="col">([^<]+)</th>', per_fonte) == [
        "Fonte", "Incarichi", "Budget", "Impegnato", "Residuo", "Liquidato"]
    # the budget of the three concluded PNRR schede, never summed across units: the two at the
    # CCNL rate in lordo dipendente (577,50 + 577,50), the one at a rate typed in all-inclusive
    # (2.100,00); a single «3.255,00 €» read as the money left on the fund, which pays lordo Stato
    riga = re.search(r"<tr><td>PNRR – lordo dipendente</td>(.*?)</tr>", per_fonte).group(1)
    assert re.findall(r">([^<>]+)</td>", riga) == [
        "2", "1.155,00 €", "577,50 €", "577,50 €", "577,50 €"]
    riga = re.search(r"<tr><td>PNRR – lordo omnicomprensivo</td>(.*?)</tr>", per_fonte).group(1)
    assert re.findall(r">([^<>]+)</td>", riga) == [
        "1", "2.100,00 €", "2.100,00 €", "0,00 €", "0,00 €"]
    assert "3.255,00 €" not in html
    # each scheda's amount says its unit
    per_scheda = html.split("Budget residuo per scheda progettuale")[1]
    assert per_scheda.count("lordo dipendente") == 2 and "lordo omnicomprensivo" in per_scheda
    # the cruscotto's lines for the source lead to this table, with the same figures
    home = unescape(client.get("/area-riservata/").content.decode())
    assert re.search(r'href="/incarichi/cruscotto/#per-fonte"[^>]*>\s*PNRR – lordo dipendente', home)
    # the amounts do not wrap before «€» on a phone
    assert "577,50\u00a0€ impegnati su 1.155,00\u00a0€" in home
    assert "2.100,00\u00a0€ impegnati su 2.100,00\u00a0€" in home


def test_cruscotto_per_stato_somma_una_sola_unita(client, ds, due_incarichi, crea_scheda, affida,
                                                  crea_persona):
    """«Per stato» added a teacher's lordo dipendente to an expert's lordo omnicomprensivo in
    one figure («Firmato 3.230,37 €»), and counted the fee of an incarico withdrawn before its
    act. It now says what each costs the school, in lordo Stato, for the state it is in."""
    revocato = affida(crea_scheda("Tutor di chimica", cup="D34D22000350010"),
                      crea_persona("NRIMRC75B02F205Y", nome="Marco", cognome="Neri"))
    servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=revocato,
                   motivazione="Compenso errato: va ricreato")
    client.force_login(ds)
    html = unescape(re.sub(r"\s+", " ", client.get("/incarichi/cruscotto/").content.decode()))
    per_stato = html.split("Per stato")[1].split("</table>")[0]
    assert re.findall(r'<th scope="col">([^<]+)</th>', per_stato) == [
        "Stato", "Incarichi", "Costo per l'istituto (lordo Stato)"]
    righe = {r[0]: r[1:] for r in (re.findall(r">([^<>]+)</td>", riga) for riga in
                                   re.findall(r"<tr>(.*?)</tr>", per_stato.split("<tbody>")[1]))}
    # the teacher's 577,50 € lordo dipendente cost 766,34 € (× 1,327); the expert's 2.100,00 €
    # are all-inclusive already
    assert righe["Liquidato"] == ["1", "766,34 €"]
    assert righe["Firmato"] == ["1", "2.100,00 €"]
    assert righe["Revocato"] == ["1", "0,00 €"]  # no act: nothing is owed


def test_cruscotto_una_fonte_con_budget_e_nessun_incarico(client, ds, crea_scheda):
    crea_scheda("Progettista", tipologia="progettista", tariffa_manuale=Decimal("41.32"),
                ore=10, fonte="fis")
    client.force_login(ds)
    html = re.sub(r"\s+", " ", client.get("/incarichi/cruscotto/").content.decode())
    per_fonte = html.split('id="per-fonte"')[1].split("</table>")[0]
    riga = re.search(r"<tr><td>Fondo[^<]* – lordo omnicomprensivo</td>(.*?)</tr>",
                     per_fonte).group(1)
    assert re.findall(r">([^<>]+)</td>", riga) == [
        "0", "413,20 €", "0,00 €", "413,20 €", "0,00 €"]


def test_cruscotto_senza_incarichi_lo_dice_una_volta_per_tabella(client, ds):
    client.force_login(ds)
    html = client.get("/incarichi/cruscotto/").content.decode()
    assert "Nessun incarico e nessuna scheda conclusa con un budget." in html
    assert html.count("Nessun incarico.") == 1 and "Per stato" in html
    assert "In preparazione" not in html  # no table of zeros


@pytest.mark.parametrize("quanti", [2, 25])
def test_query_costanti_elenco_e_cruscotto(client, ds, crea_scheda, affida, crea_persona, quanti,
                                           django_assert_max_num_queries):
    scheda = crea_scheda(ore=1000)
    for numero in range(quanti):
        affida(scheda, crea_persona(f"RSSMRA80A01H5{numero:02d}A"[:16].ljust(16, "X"),
                                    nome="Mario", cognome=f"Rossi{numero}"), ore=1)
    client.force_login(ds)
    with django_assert_max_num_queries(9):
        risposta = client.get("/incarichi/?stato=in_preparazione&q=Rossi")
    assert risposta.status_code == 200 and "Rossi1" in risposta.content.decode()
    with django_assert_max_num_queries(10):
        assert client.get("/incarichi/cruscotto/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/trasparenza/RMIC8A7005/").status_code == 200


def test_percorsi_vietati(client, ds, ds_altro, candidato, due_incarichi, crea_scheda, segreteria):
    interno, esterno = due_incarichi
    scheda = crea_scheda("Altra", cup="D34D22000350010")
    atto = documento(interno)
    letture = ["/incarichi/", "/incarichi/cruscotto/", f"/incarichi/{interno.pk}/",
               f"/incarichi/{interno.pk}/documenti/{atto.pk}/", "/incarichi/trasparenza/",
               "/incarichi/trasparenza/anagrafe-prestazioni.csv",
               f"/rilevazione-fabbisogno/schede/{scheda.pk}/affidamento-diretto/"]
    scritture = [f"/incarichi/{esterno.pk}/{azione}/" for azione in (
        "emetti_atto", "registra_firma", "avvia", "proroga", "concludi", "liquida", "revoca",
        "autorizzazione", "esito_corte_conti", "verifica_ore", "pubblica", "curriculum", "comunica_anagrafe")] + [
        f"/incarichi/{esterno.pk}/requisiti/", f"/incarichi/{esterno.pk}/ore/",
        f"/incarichi/{interno.pk}/ore/{interno.ore_svolte.first().pk}/elimina/",
        "/incarichi/trasparenza/comunicazione-negativa/"]
    for url in letture:
        assert client.get(url)["Location"].startswith("/accounts/login/"), url
    for url in scritture:
        assert client.post(url)["Location"].startswith("/accounts/login/"), url
    client.force_login(candidato)
    for url in letture:
        assert client.get(url).status_code == 403, url
    for url in scritture:
        assert client.post(url).status_code == 403, url
    client.force_login(ds_altro)
    for url in letture[2:4] + letture[6:]:
        assert client.get(url).status_code == 404, url
    for url in scritture[:-1]:
        assert client.post(url).status_code == 404, url
    assert "Luigi Bruni" not in client.get("/incarichi/").content.decode()
    assert b"BRNLGU" not in client.get("/incarichi/trasparenza/anagrafe-prestazioni.csv?anno=2026").content
    # the segreteria sees incarichi but neither confers nor manages transparency
    client.force_login(segreteria)
    assert client.get(f"/incarichi/{interno.pk}/").status_code == 200
    assert client.post(f"/incarichi/{esterno.pk}/revoca/", {"motivazione": "x"}).status_code == 403
    assert client.get("/incarichi/trasparenza/").status_code == 403
    assert client.get(f"/rilevazione-fabbisogno/schede/{scheda.pk}/affidamento-diretto/").status_code == 403
    esterno.refresh_from_db()
    assert esterno.stato == StatoIncarico.FIRMATO


def test_il_mio_atto_solo_all_incaricato(client, ds, ds_altro, candidato, segreteria, esperta,
                                         docente, due_incarichi, crea_scheda, affida):
    """The act to sign, for the person it is conferred on; anybody else, the office included
    (its page is «documento»), gets the same 404 as for an incarico without an act."""
    interno, esterno = due_incarichi
    url = f"/incarichi/{interno.pk}/il-mio-atto/"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    for altro in (candidato, esperta, ds, ds_altro, segreteria):
        client.force_login(altro)
        assert client.get(url).status_code == 404, altro
    client.force_login(docente)
    risposta = client.get(url)
    assert risposta.status_code == 200 and risposta["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(risposta.streaming_content)).hexdigest() == documento(
        interno).sha256
    assert client.get(f"/incarichi/{esterno.pk}/il-mio-atto/").status_code == 404  # not hers
    # in preparation there is no act yet
    preparazione = affida(crea_scheda("Tutor di inglese", cup="D34D22000350011"), docente)
    assert client.get(f"/incarichi/{preparazione.pk}/il-mio-atto/").status_code == 404


def test_il_mio_incarico_solo_all_incaricato(client, ds, ds_altro, candidato, segreteria, esperta,
                                            docente, due_incarichi):
    """«Il mio incarico» (return the signed act): anybody but the incaricato, the office
    included (its page is «incarico»), gets the same 404, and their POST changes nothing."""
    interno, _ = due_incarichi
    url = f"/incarichi/{interno.pk}/il-mio-incarico/"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert client.post(url)["Location"].startswith("/accounts/login/")
    firmati = interno.documenti.filter(tipo="atto_firmato").count()
    for altro in (candidato, esperta, ds, ds_altro, segreteria):
        client.force_login(altro)
        assert client.get(url).status_code == 404, altro
        assert client.post(url, {"file": caricato("firmato.pdf", pdf("Firmato"))}
                           ).status_code == 404, altro
    assert interno.documenti.filter(tipo="atto_firmato").count() == firmati
    client.force_login(docente)
    assert client.get(url).status_code == 200


def test_l_iban_solo_all_incaricato(client, ds, ds_altro, candidato, segreteria, docente,
                                   esperta, due_incarichi):
    """«Dati per il pagamento»: anybody but the incaricato, the office included (it reads
    the IBAN on «incarico»), gets the 404 of the personal page and changes nothing."""
    _, esterno = due_incarichi
    url = f"/incarichi/{esterno.pk}/il-mio-incarico/pagamento/"
    corpo = {"iban": "IT60X0542811101000000123456"}
    assert client.post(url, corpo)["Location"].startswith("/accounts/login/")
    for altro in (candidato, docente, ds, ds_altro, segreteria):
        client.force_login(altro)
        assert client.post(url, corpo).status_code == 404, altro
    esterno.refresh_from_db()
    assert esterno.iban == ""
    client.force_login(esperta)
    assert client.post(url, corpo).status_code == 302
    esterno.refresh_from_db()
    assert esterno.iban == corpo["iban"]


def test_la_conferma_della_liquidazione_dice_su_quale_iban(client, ds, crea_scheda, affida,
                                                          esperta, porta_incarico):
    """Paying an external expert, the DSGA sees the IBAN the expert gave, or that it is still
    missing, before confirming."""
    scheda = crea_scheda("Esperto", tipologia="esperto", tariffa_manuale=Decimal("70"),
                         cup="D34D22000350013")
    incarico = porta_incarico(affida(scheda, esperta, rapporto="privato"), "concluso")
    kw = dict(autore=ds, membership=ds.memberships.get())
    servizi.registra_ore(**kw, incarico=incarico, data=date(2026, 3, 2), ore=5,
                         attivita="Laboratorio")
    servizi.verifica_ore(**kw, incarico=incarico)
    client.force_login(ds)

    def conferma():
        return unescape(client.post(f"/incarichi/{incarico.pk}/liquida/",
                                    {"giorni_assenza": "0"}).content.decode())

    assert ("Giulia Verdi non ha ancora indicato l'IBAN in «Il mio incarico»: chiediglielo "
            "prima del pagamento.") in conferma()
    servizi.comunica_iban(persona=esperta, incarico=incarico, iban="IT60X0542811101000000123456")
    assert "Bonifico sull'IBAN IT60 X054 2811 1010 0000 0123 456, indicato" in conferma()
    # liquidated without an IBAN: the payment order still needs it, the office keeps seeing
    # that it is missing (the row disappeared, and the expert could no longer give it)
    Incarico.objects.filter(pk=incarico.pk).update(iban="", liquidato_il=timezone.now(),
                                                   stato=StatoIncarico.LIQUIDATO)
    pagina = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "Non ancora indicato dall'incaricata" in pagina


def test_ogni_url_degli_incarichi_e_nel_controllo_dei_percorsi_vietati():
    """A new URL of the app must be added to the forbidden-path sweep above as well (the
    schede's are in fabbisogno/tests/test_schede.test_percorsi_vietati)."""
    assert {p.name for p in urls.urlpatterns} == {
        "affidamento_diretto", "incarichi", "cruscotto", "trasparenza", "esporta_anagrafe",
        "comunicazione_negativa", "incarico", "requisiti", "registra_ore", "documento",
        "azione", "trasparenza_indice", "trasparenza_pubblica", "curriculum_pubblico",
        "atto_personale", "il_mio_incarico", "elimina_ore", "annota_ore",
        "elimina_ore_annotate", "i_miei", "comunica_iban"}


@pytest.mark.parametrize("stato, azioni, assenti", [
    ("in_preparazione", ["Emetti l&#x27;atto", "Salva i requisiti"], ["Avvia le attività"]),
    ("conferito", ["Carica la copia firmata", "Proroga", "Pubblica in Amministrazione trasparente"],
     ["Emetti l&#x27;atto", "Salva i requisiti"]),
    ("firmato", ["Avvia le attività", "Revoca (recesso con preavviso)"], ["Registra le ore"]),
    ("in_corso", ["Concludi l&#x27;incarico", "Registra le ore", "Verifica il registro ore"],
     ["Avvia le attività"]),
    ("concluso", ["Liquida il compenso", "Registra le ore"], ["Proroga"]),
    # no change of state left; the publication and the Anagrafe still due
    ("liquidato", ["Pubblica in Amministrazione trasparente", "Segna come comunicato all"],
     ["Liquida il compenso", "Registra le ore", "Nessuna azione disponibile"]),
])
def test_dettaglio_mostra_le_azioni_dello_stato(client, ds, crea_scheda, affida, docente,
                                               porta_incarico, stato, azioni, assenti):
    incarico = porta_incarico(affida(crea_scheda(), docente), stato)
    if stato == "in_corso":
        servizi.registra_ore(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                             data=date(2026, 2, 2), ore=2, attivita="Primo incontro")
    client.force_login(ds)
    html = client.get(f"/incarichi/{incarico.pk}/").content.decode()
    for testo in azioni:
        assert testo in html, testo
    for testo in assenti:
        assert testo not in html, testo


def test_le_azioni_dopo_il_conferimento_non_contraddicono_il_riquadro(
        client, ds, crea_scheda, affida, esperta, porta_incarico, con_ruolo, istituto):
    """A liquidated incarico of a private expert has no change of state left, but still the
    obligations of the conferimento (publication, CV): the box offers them and does not say
    «Nessuna azione disponibile» above them; with a CV already published the button says it
    replaces it."""
    scheda = crea_scheda("Esperto", tipologia="esperto", tariffa_manuale=Decimal("70"),
                         cup="D34D22000350008")
    incarico = porta_incarico(affida(scheda, esperta, rapporto="privato"), "liquidato")
    client.force_login(ds)
    html = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    riquadro = html[html.index(">Azioni</h2>"):]
    assert "Nessuna azione disponibile" not in riquadro
    assert "Pubblica il curriculum" in riquadro
    # public personal data that can only be replaced: a dialog asks first (the file stays chosen)
    modulo = riquadro[riquadro.index('id="azione-curriculum"'):]
    modulo = modulo[:modulo.index("</form>")]
    assert "Pubblicare il curriculum?" in riquadro and 'form="azione-curriculum"' in riquadro
    assert "si può sostituire, non ritirare" in riquadro
    # the form's own button only opens the dialog, whose button sends the form
    assert re.search(r'<button type="button" [^>]*data-bs-target="#conferma-curriculum">'
                     r'Pubblica il curriculum</button>', modulo)
    servizi.pubblica_curriculum(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                                file=caricato("cv.pdf", pdf("CV")))
    riquadro = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "Sostituisci il curriculum pubblicato" in riquadro
    assert "Pubblica il curriculum<" not in riquadro

    # the segreteria has neither the changes of state nor these obligations: nothing to do
    segreteria = con_ruolo("PLONRI80A01H501U", Ruolo.SEGRETERIA, istituto)
    client.force_login(segreteria)
    html = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "Nessuna azione disponibile" in html[html.index(">Azioni</h2>"):]


def test_registro_ore_in_italiano_e_senza_perdere_quanto_scritto(client, ds, crea_scheda, affida,
                                                                docente, porta_incarico):
    """«1,5» is one hour and a half (a text field read in Italian, not the browser's number
    field, which outside an Italian browser makes it 15); a wrong entry comes back with each
    error beside its field and what was typed, not as loose banners over an empty form."""
    from incarichi.models import OreSvolte

    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    client.force_login(ds)
    url = f"/incarichi/{incarico.pk}/ore/"
    risposta = client.post(url, {"data": "2026-02-03", "ore": "1,5", "attivita": "Ripasso"})
    assert risposta.status_code == 302
    assert OreSvolte.objects.get(incarico=incarico).ore == Decimal("1.5")

    risposta = client.post(url, {"data": "", "ore": "tre", "attivita": ""})
    assert risposta.status_code == 200
    errori = risposta.context["ore_form"].errors
    assert set(errori) == {"data", "ore", "attivita"}
    assert 'value="tre"' in risposta.content.decode()
    assert "Le ore non sono state registrate" in risposta.content.decode()
    # a day outside the incarico and letters in the hours: both said at once
    risposta = client.post(url, {"data": "2099-02-03", "ore": "tre", "attivita": "Tutoraggio"})
    errori = risposta.context["ore_form"].errors
    assert set(errori) == {"data", "ore"} and "La data deve cadere tra" in errori["data"][0]

    # the service's own rule (the hours assigned) lands beside «Ore», the values kept
    risposta = client.post(url, {"data": "2026-02-04", "ore": "500", "attivita": "Troppe"})
    assert risposta.status_code == 200
    assert "Superate le ore assegnate" in risposta.context["ore_form"].errors["ore"][0]
    assert 'value="Troppe"' in risposta.content.decode()
    assert OreSvolte.objects.filter(incarico=incarico).count() == 1


@pytest.mark.parametrize("stato", ["in_preparazione", "in_corso"])
def test_la_pagina_dell_incarico_non_ripete_gli_id(client, ds, crea_scheda, affida, docente,
                                                   porta_incarico, stato):
    """The page holds a form per action (proroga, revoca, esito…) and the hours register, with
    fields of the same name: each keeps its own ids, so that a label names its own field. Also
    after a refused entry in the register, shown again with its error."""
    import re
    from collections import Counter

    incarico = porta_incarico(affida(crea_scheda(), docente), stato)
    client.force_login(ds)
    pagine = [client.get(f"/incarichi/{incarico.pk}/").content.decode()]
    if stato == "in_corso":
        pagine.append(client.post(f"/incarichi/{incarico.pk}/ore/",
                                  {"data": "", "ore": "1", "attivita": "x"}).content.decode())
    for html in pagine:
        ripetuti = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
        assert ripetuti == []
        assert 'for="id_ore_data"' in html or stato != "in_corso"


def test_l_elenco_nomina_la_scheda_solo_se_dice_altro(client, ds, crea_scheda, affida, docente):
    """The row showed the scheda's title under the incarico's object even when the two are the
    same text (an affidamento from a scheda takes its title): the same words twice."""
    incarico = affida(crea_scheda("Tutor di matematica"), docente)
    assert incarico.oggetto == "Tutor di matematica"
    client.force_login(ds)
    riga = re.search(r"<tr>.*?Luigi Bruni.*?</tr>", client.get("/incarichi/").content.decode(), re.S)
    assert riga.group(0).count("Tutor di matematica") == 1
    Incarico.objects.filter(pk=incarico.pk).update(oggetto="Tutor di matematica – modulo 2")
    riga = re.search(r"<tr>.*?Luigi Bruni.*?</tr>", client.get("/incarichi/").content.decode(), re.S)
    assert "Scheda: Tutor di matematica<" in riga.group(0)


def test_una_proroga_rifiutata_ripropone_il_modulo_con_quanto_scritto(
        client, ds, crea_scheda, affida, docente, porta_incarico):
    """A new end before the current one: the page again, the error beside the date, the
    reason typed still there (it was lost with a redirect)."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    client.force_login(ds)
    motivo = "Sospensione delle lezioni per lavori nel plesso"
    risposta = client.post(f"/incarichi/{incarico.pk}/proroga/", {
        "data_fine": incarico.data_fine.isoformat(), "motivazione": motivo, "conferma": "1"})
    assert risposta.status_code == 200
    html = unescape(risposta.content.decode())
    assert (f"La nuova data di fine deve essere successiva a quella attuale "
            f"({incarico.data_fine:%d/%m/%Y}).") in html
    assert f'value="{motivo}"' in html
    assert "non è stata eseguita" in html
    # the field to correct is brought into view (the form is far below on a phone)
    assert re.search(r'<input[^>]*autofocus[^>]*id="id_proroga_data_fine"|<input[^>]*id="id_proroga_data_fine"[^>]*autofocus', html)
    incarico.refresh_from_db()
    assert incarico.stato == "in_corso"
    # a form that does not even validate: the same
    risposta = client.post(f"/incarichi/{incarico.pk}/proroga/", {
        "data_fine": "31/02/2027", "motivazione": motivo})
    assert risposta.status_code == 200 and f'value="{motivo}"' in unescape(risposta.content.decode())
    # a valid new end asks first, saying how far it goes and that it passes the scheda's end
    nuova = incarico.scheda.data_fine + timedelta(days=40)
    conferma = unescape(client.post(f"/incarichi/{incarico.pk}/proroga/", {
        "data_fine": nuova.isoformat(), "motivazione": motivo}).content.decode())
    assert (f"Il termine passa dal {incarico.data_fine:%d/%m/%Y} al {nuova:%d/%m/%Y} (40 giorni "
            "in più), alle stesse condizioni tecniche ed economiche") in conferma
    assert (f"La scheda progettuale «Tutor di matematica» finisce il "
            f"{incarico.scheda.data_fine:%d/%m/%Y}: la proroga va oltre.") in conferma
    incarico.refresh_from_db()
    assert incarico.data_fine == incarico.scheda.data_fine  # nothing before the «sì»
    client.post(f"/incarichi/{incarico.pk}/proroga/", {
        "data_fine": nuova.isoformat(), "motivazione": motivo, "conferma": "1"})
    incarico.refresh_from_db()
    assert incarico.data_fine == nuova


def test_comunicazione_all_anagrafe_con_la_data_scritta_e_plausibile(client, ds, due_incarichi):
    """The date is on the form (today, changeable), required; a future day or a day before
    the act is refused with the form kept: «Segna come comunicato» cannot be undone."""
    interno, _ = due_incarichi
    client.force_login(ds)
    pagina = client.get(f"/incarichi/{interno.pk}/").content.decode()
    assert f'name="data" value="{timezone.localdate():%Y-%m-%d}"' in pagina
    for data, errore in [("", "Indica il giorno della comunicazione"),
                         ((timezone.localdate() + timedelta(days=1)).isoformat(), "non può essere futura"),
                         ("2020-01-01", "non può precedere l'atto di incarico")]:
        risposta = client.post(f"/incarichi/{interno.pk}/comunica_anagrafe/", {"data": data})
        assert risposta.status_code == 200 and errore in unescape(risposta.content.decode()), data
        interno.refresh_from_db()
        assert interno.comunicato_anagrafe_il is None


def test_all_anagrafe_si_comunicano_anche_i_consulenti_esterni_privati(
        client, ds, crea_scheda, affida, esperta, porta_incarico):
    """Regulation art. 5 (seed 001): the Anagrafe delle prestazioni receives the incarichi «a
    dipendenti interni o … a consulenti e collaboratori esterni» (art. 53, c. 14, d.lgs.
    165/2001; artt. 15 and 18 d.lgs. 33/2013). A private expert's was neither offered nor
    accepted: now offered, with its deadline (promptly, at the latest with the publication:
    three months from the act), and recorded."""
    privato = porta_incarico(affida(crea_scheda(), esperta, rapporto="privato"), "conferito")
    client.force_login(ds)
    pagina = unescape(client.get(f"/incarichi/{privato.pk}/").content.decode())
    assert "Anagrafe delle prestazioni: da comunicare" in pagina
    assert 'id="azione-comunica_anagrafe"' in pagina
    conferito = timezone.localdate(privato.conferito_il)
    scadenze = [s for s in selettori.scadenze_trasparenza(ds.memberships.get())
                if s.adempimento == "Comunicazione all'Anagrafe delle prestazioni"]
    assert [(s.incarico.pk, s.entro) for s in scadenze] == [
        (privato.pk, selettori._piu_mesi(conferito, 3))]
    servizi.registra_comunicazione_anagrafe(autore=ds, membership=ds.memberships.get(),
                                            incarico=privato, data=timezone.localdate())
    privato.refresh_from_db()
    assert privato.comunicato_anagrafe_il == timezone.localdate()


@pytest.mark.parametrize(("stato", "da_firmare"), [("conferito", True), ("firmato", False),
                                                    ("in_corso", False)])
def test_l_atto_emesso_e_da_firmare_solo_finche_non_e_firmato(client, ds, crea_scheda, affida,
                                                             docente, porta_incarico, stato,
                                                             da_firmare):
    incarico = porta_incarico(affida(crea_scheda(), docente), stato)
    client.force_login(ds)
    html = client.get(f"/incarichi/{incarico.pk}/").content.decode()
    assert "Atto emesso" in html
    assert ("Atto emesso (da firmare)" in html) is da_firmare


def test_affidamento_diretto_dice_prima_il_budget_residuo_della_scheda(
        client, ds, crea_scheda, affida, docente, porta_incarico):
    """The form says what is left of the scheda's budget before anything is created; with
    nothing left it warns that the act could not be issued (a checklist requisite)."""
    scheda = crea_scheda()  # 30 h × 19,25 € = 577,50 €
    client.force_login(ds)
    url = f"/rilevazione-fabbisogno/schede/{scheda.pk}/affidamento-diretto/"
    html = unescape(client.get(url).content.decode())
    assert "Budget disponibile: 577,50 € su 577,50 €" in html
    assert "Il budget della scheda è esaurito" not in html
    porta_incarico(affida(scheda, docente), "conferito")
    html = unescape(client.get(url).content.decode())
    assert "Budget disponibile: 0,00 € su 577,50 € (577,50 € già impegnati)" in html
    assert "Il budget della scheda è esaurito" in html


def test_revoca_prima_dell_atto_senza_preavviso_ne_data_di_comunicazione(
        client, ds, crea_scheda, affida, docente, porta_incarico):
    """Before the act an incarico is withdrawn at once: no «Comunicata all'incaricato il», no
    15 days, and the confirmation does not wonder whether the act was issued."""
    incarico = affida(crea_scheda(), docente)
    assert incarico.stato == "in_preparazione"
    client.force_login(ds)
    html = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "Revoca l'incarico (atto non emesso)" in html
    assert "Comunicata all'incaricato il" not in html and "15 giorni" not in html
    conferma = unescape(client.post(f"/incarichi/{incarico.pk}/revoca/", {
        "motivazione": "Il docente non è più disponibile"}).content.decode())
    assert "L'atto non è ancora emesso: la revoca ha effetto subito" in conferma
    assert "Se l'atto è già emesso" not in conferma
    assert "Revoca l'incarico (atto non emesso)?" in conferma
    client.post(f"/incarichi/{incarico.pk}/revoca/", {
        "motivazione": "Il docente non è più disponibile", "conferma": "1"})
    incarico.refresh_from_db()
    assert incarico.stato == "revocato"
    # never told of the incarico, he is not told of its withdrawal and the office's reason
    assert not docente.notifiche.filter(oggetto__startswith="Revoca dell'incarico").exists()
    emesso = porta_incarico(affida(crea_scheda("Tutor di fisica"), docente), "conferito")
    html = unescape(client.get(f"/incarichi/{emesso.pk}/").content.decode())
    assert "Revoca (recesso con preavviso)" in html and "Comunicata all'incaricato il" in html
    # a notice «given» on a day to come: refused beside its field, before any confirmation
    domani = timezone.localdate() + timedelta(days=1)
    futura = client.post(f"/incarichi/{emesso.pk}/revoca/", {
        "motivazione": "Trasferimento", "comunicata_il": f"{domani:%Y-%m-%d}"})
    assert futura.context["forms"]["revoca"].errors["comunicata_il"] == [
        f"La revoca non può essere comunicata in una data futura ({domani:%d/%m/%Y}): "
        "registrala dopo averla comunicata alla persona incaricata."]
    assert 'value="Trasferimento"' in futura.content.decode() or "Trasferimento</textarea>" in (
        futura.content.decode())
    # the confirmation says the day the recesso takes effect
    oggi = timezone.localdate()
    conferma = unescape(client.post(f"/incarichi/{emesso.pk}/revoca/", {
        "motivazione": "Trasferimento", "comunicata_il": f"{oggi:%Y-%m-%d}"}).content.decode())
    assert (f"Il recesso ha effetto dal {oggi + timedelta(days=15):%d/%m/%Y}, 15 giorni dopo la "
            f"comunicazione all'incaricato del {oggi:%d/%m/%Y}") in conferma
    assert 'name="annulla" value="1"' in conferma
    emesso.refresh_from_db()
    assert emesso.stato == "conferito"
    # «Annulla» goes back to the incarico with the reason still written (a link lost it)
    indietro = client.post(f"/incarichi/{emesso.pk}/revoca/", {
        "motivazione": "Trasferimento ad altra sede", "comunicata_il": f"{oggi:%Y-%m-%d}",
        "conferma": "1", "annulla": "1"})
    assert indietro.status_code == 200
    modulo = indietro.context["forms"]["revoca"]
    assert modulo.data["motivazione"] == "Trasferimento ad altra sede" and not modulo.errors
    assert "Trasferimento ad altra sede</textarea>" in indietro.content.decode()
    emesso.refresh_from_db()
    assert emesso.stato == "conferito" and emesso.revocato_il is None


def test_comunicazione_negativa_rifiutata_resta_come_scelta(client, ds):
    """A semester not yet concluded: the page says why beside the form, and the year and the
    semester chosen stay chosen (they went back to the defaults)."""
    client.force_login(ds)
    anno = timezone.localdate().year
    risposta = client.post("/incarichi/trasparenza/comunicazione-negativa/",
                           {"anno": anno + 1, "semestre": "2"})
    assert risposta.status_code == 200
    modulo = risposta.context["negativa_form"]
    assert any("a semestre concluso" in e for e in modulo.non_field_errors() + sum(
        modulo.errors.values(), []))
    testo = risposta.content.decode()
    assert f'value="{anno + 1}"' in testo and re.search(r'value="2"[^>]*selected', testo)
    assert "La comunicazione negativa non è stata registrata" in testo
    registrata = client.post("/incarichi/trasparenza/comunicazione-negativa/",
                             {"anno": anno - 1, "semestre": "1"})
    assert registrata.status_code == 302


def test_affidamento_diretto_non_a_se_stessi_e_con_la_selezione_in_corso_detta(
        client, ds, crea_scheda):
    """The DS cannot confer an incarico on herself (conflict of interest: the act is for who
    stands in); a selection generated from the scheda and still going is said on the page."""
    from procedure import services as procedure_services

    scheda = crea_scheda()
    client.force_login(ds)
    url = f"/rilevazione-fabbisogno/schede/{scheda.pk}/affidamento-diretto/"
    assert "procedura di selezione n." not in client.get(url).content.decode()
    a_se = client.post(url, {"codice_fiscale": ds.codice_fiscale, "nome": ds.nome,
                             "cognome": ds.cognome, "email": "ds@example.it",
                             "rapporto": "interno", "motivazione": "deserta",
                             "giustificazione": "L'avviso interno è andato deserto."})
    assert a_se.status_code == 200 and not Incarico.objects.exists()
    assert "Non puoi conferire un incarico a te stess" in unescape(a_se.content.decode())
    procedura = procedure_services.genera_da_scheda(autore=ds, membership=ds.memberships.get(),
                                                    scheda=scheda)
    pagina = unescape(client.get(url).content.decode())
    assert (f'<a href="/procedure/{procedura.pk}/">procedura di selezione n. {procedura.pk}</a> '
            f"«{procedura.oggetto}», in fase «In Bozza»") in pagina
    type(procedura).objects.filter(pk=procedura.pk).update(stato="annullata")
    assert "procedura di selezione n." not in client.get(url).content.decode()


def test_un_compenso_concordato_non_si_scrive_come_ore_per_tariffa(client, ds, crea_scheda, affida,
                                                                   esperta):
    """An agreed amount over 500 hours is 1,155 € an hour: written «500 ore × 1,16 €» it
    would not multiply back to the amount. Only a CCNL rate is written as a product."""
    incarico = affida(crea_scheda(ore=500), esperta, rapporto="privato", ore=500,
                      compenso=Decimal("577.50"))
    client.force_login(ds)
    pagina = re.sub(r"\s+", " ", unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode()))
    assert "577,50 € lordo omnicomprensivo, per 500 ore" in pagina
    assert "×" not in pagina.split("Compenso</dt>")[1].split("</dd>")[0]


def test_la_selezione_dice_che_il_budget_della_sua_scheda_e_gia_impegnato(
        client, ds, crea_scheda, affida, docente, porta_incarico, crea_procedura_completa,
        porta_a):
    """A direct award took the whole budget of the scheda a selection was generated from: the
    selection's page says so while it can still give a winner, whose act could not be issued."""
    scheda = crea_scheda()  # 30 h × 19,25 € = 577,50 €
    affidato = porta_incarico(affida(scheda, docente), "conferito")
    selezione = crea_procedura_completa()
    ProceduraSelezione.objects.filter(pk=selezione.pk).update(scheda=scheda)
    libera = crea_procedura_completa()
    ProceduraSelezione.objects.filter(pk=libera.pk).update(
        scheda=crea_scheda("Altra", cup="D34D22000350012"))
    client.force_login(ds)
    pagina = unescape(client.get(f"/procedure/{selezione.pk}/").content.decode())
    assert (f"Il budget della scheda «Tutor di matematica» (577,50 €) è già impegnato per "
            f"577,50 € da altri incarichi (incarico n. {affidato.pk} a Luigi Bruni): l'atto per il "
            "vincitore di questa selezione non si potrà emettere") in pagina
    assert "è già impegnato" not in unescape(
        client.get(f"/procedure/{libera.pk}/").content.decode())
    # and the confirmation of the publication, the moment the avviso would reach candidates
    porta_a(selezione, "conclusa")
    assert "l'atto per il vincitore di questa selezione non si potrà emettere" in unescape(
        client.get(f"/procedure/{selezione.pk}/azione/pubblica/").content.decode())
    # the scheda's page says it too, before another selection or direct award
    assert (f"Il budget della scheda (577,50 €) è già impegnato per 577,50 € (incarico n. "
            f"{affidato.pk} a Luigi Bruni): per un altro incarico da questa scheda") in unescape(
        client.get(f"/rilevazione-fabbisogno/schede/{scheda.pk}/").content.decode())
    # revoked before its activities started, the direct award weighs nothing any more
    servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=affidato,
                   motivazione="Si procede con la selezione", comunicata_il=timezone.localdate())
    for url in (f"/procedure/{selezione.pk}/", f"/rilevazione-fabbisogno/schede/{scheda.pk}/"):
        assert "è già impegnato" not in unescape(client.get(url).content.decode()), url


def test_revoca_non_comunicata_prima_dell_atto_e_nessuna_liquidazione_se_mai_avviato(
        client, ds, crea_scheda, affida, docente, porta_incarico):
    """A notice dated years before the act was confirmed («recesso dal 16/05/2020») and hid the
    incarico from the public page; revoked before the start, «Liquida» led to a refusal."""
    emesso = porta_incarico(affida(crea_scheda(), docente), "conferito")
    atto = timezone.localdate(emesso.conferito_il)
    client.force_login(ds)
    prima = atto - timedelta(days=1)
    risposta = client.post(f"/incarichi/{emesso.pk}/revoca/", {
        "motivazione": "Trasferimento", "comunicata_il": f"{prima:%Y-%m-%d}"})
    assert risposta.status_code == 200
    assert risposta.context["forms"]["revoca"].errors["comunicata_il"] == [
        f"La revoca non può essere comunicata prima dell'atto di conferimento, emesso il "
        f"{atto:%d/%m/%Y}: indica il giorno in cui l'hai comunicata all'incaricato."]
    assert "Confermi" not in unescape(risposta.content.decode())
    emesso.refresh_from_db()
    assert emesso.stato == "conferito"
    with pytest.raises(ValidationError):
        servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=emesso,
                       motivazione="Trasferimento", comunicata_il=prima)
    servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=emesso,
                   motivazione="Trasferimento", comunicata_il=atto)
    html = unescape(client.get(f"/incarichi/{emesso.pk}/").content.decode())
    assert "Liquida il compenso" not in html
    # and asked directly, the refusal comes at once, not after a confirmation
    risposta = client.post(f"/incarichi/{emesso.pk}/liquida/", {"giorni_assenza": "0"},
                           follow=True)
    assert "prima dell'avvio delle attività: non c'è nulla da liquidare" in unescape(
        risposta.content.decode())
    assert "Importo liquidato" not in unescape(risposta.content.decode())
    # the Anagrafe's export says the revoca (it gave the planned end, as if still standing)
    csv_ = client.get(f"/incarichi/trasparenza/anagrafe-prestazioni.csv?anno={atto.year}")
    righe = list(csv.reader(io.StringIO(csv_.content.decode("utf-8-sig")), delimiter=";"))
    assert righe[0][-1] == "recesso_efficace_dal"
    assert righe[1][-1] == f"{atto + timedelta(days=15):%d/%m/%Y}"


def test_giorni_di_assenza_solo_per_un_compenso_forfettario(client, ds, crea_scheda, affida,
                                                           docente, porta_incarico):
    """An hourly incarico showed «Giorni di assenza» at liquidation and ignored what was
    typed there."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "concluso")
    client.force_login(ds)
    html = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "Liquida il compenso" in html and "Giorni di assenza" not in html
    with pytest.raises(ValidationError) as errore:
        servizi.liquida(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                        giorni_assenza=3)
    assert "solo un compenso forfettario" in errore.value.message_dict["giorni_assenza"][0]
    forfettario = porta_incarico(affida(crea_scheda("Altro", cup="D34D22000350013"), docente,
                                        forfettario=True), "concluso")
    assert "Giorni di assenza" in unescape(
        client.get(f"/incarichi/{forfettario.pk}/").content.decode())


def test_amministrazione_trasparente_si_trova_dal_piede_di_ogni_pagina(
        client, istituto, altro_istituto, django_assert_max_num_queries):
    """The public page of each istituto was reachable only from an avviso: the footer leads to
    an index of the istituti, with a search; a deactivated istituto is not listed."""
    from accounts.models import Istituto

    Istituto.objects.filter(pk=altro_istituto.pk).update(attivo=False)
    home = client.get("/").content.decode()
    assert '<a href="/trasparenza/">Amministrazione trasparente</a>' in home
    with django_assert_max_num_queries(3):
        html = unescape(client.get("/trasparenza/").content.decode())
    assert f'href="/trasparenza/{istituto.codice_meccanografico}/">{istituto.denominazione}' in html
    assert altro_istituto.denominazione not in html
    trovati = unescape(client.get("/trasparenza/", {"q": istituto.comune.lower()}).content.decode())
    assert istituto.denominazione in trovati and "Istituti trovati (1)" in trovati
    nessuno = unescape(client.get("/trasparenza/", {"q": "Vattelapesca"}).content.decode())
    assert "Nessun istituto corrisponde a «Vattelapesca»." in nessuno
    pagina = client.get(f"/trasparenza/{istituto.codice_meccanografico}/").content.decode()
    assert '<a href="/trasparenza/">Amministrazione trasparente</a>' in pagina  # the footer


def test_chi_non_pubblica_legge_chi_lo_fa(client, ds, dsga, crea_scheda, affida, docente,
                                         porta_incarico):
    """The DSGA saw «Non pubblicato» and no action, and a dashboard asking for it."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "conferito")
    client.force_login(dsga)
    html = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "Non pubblicato (lo pubblica il Dirigente Scolastico)" in html
    client.force_login(ds)
    html = unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode())
    assert "Non pubblicato" in html and "(lo pubblica il Dirigente Scolastico)" not in html
    assert "Pubblica in Amministrazione trasparente" in html


def test_cerca_la_persona_in_qualunque_ordine_e_rimuovi_i_filtri(client, ds, crea_scheda, affida,
                                                               docente):
    incarico = affida(crea_scheda(), docente)  # Luigi Bruni
    client.force_login(ds)
    for cerca in ("Bruni Luigi", "luigi bruni", "Bruni", "Tutor di matematica"):
        html = client.get("/incarichi/", {"q": cerca}).content.decode()
        assert f'href="/incarichi/{incarico.pk}/"' in html, cerca
    html = unescape(client.get("/incarichi/", {"q": "Bruni Mario"}).content.decode())
    assert "Nessun incarico corrisponde ai filtri scelti." in html
    assert '<a href="/incarichi/">Rimuovi i filtri</a>' in html


def test_i_moduli_dell_incarico_concordano_con_la_persona(client, ds, due_incarichi):
    """«Comunicata all'incaricato il» and «ritardi non imputabili all'incaricato» beside
    Giulia Verdi's incarico: the labels agree with her, as the confirmation already did."""
    esterno = due_incarichi[1]
    client.force_login(ds)
    pagina = unescape(client.get(f"/incarichi/{esterno.pk}/").content.decode())
    assert "Motivo (ritardi non imputabili all'incaricata)" in pagina
    assert "Comunicata all'incaricata il" in pagina
    assert "all'incaricato" not in pagina


@pytest.mark.parametrize("motivazione, frase", [
    ("Il finanziamento PNRR è stato revocato", "Il finanziamento PNRR è stato revocato."),
    ("Il finanziamento è stato revocato!", "Il finanziamento è stato revocato!"),
    ("Finanziamento revocato (nota USR n. 12);", "Finanziamento revocato (nota USR n. 12)."),
])
def test_revoca_prima_dell_avvio_dice_che_non_e_dovuto_alcun_compenso(
        client, ds, crea_scheda, affida, esperta, porta_incarico, motivazione, frase):
    """Revoked before its activities started (the trial: «Il finanziamento PNRR è stato
    revocato», IC Leonardo): the notice ran the motivazione into the next sentence and, like the
    confirmation, promised a liquidation the portal never offers (nothing is owed)."""
    incarico = porta_incarico(affida(crea_scheda(), esperta, rapporto="privato"), "firmato")
    client.force_login(ds)
    oggi = timezone.localdate()
    dati = {"motivazione": motivazione, "comunicata_il": oggi.isoformat()}
    conferma = strip_tags(unescape(client.post(f"/incarichi/{incarico.pk}/revoca/",
                                               dati).content.decode()))
    recesso = f"{oggi + timedelta(days=15):%d/%m/%Y}"
    assert (f"Il recesso ha effetto dal {recesso}, 15 giorni dopo la comunicazione all'incaricata "
            f"del {oggi:%d/%m/%Y}. Le attività non sono state avviate: non è dovuto alcun "
            "compenso e non ci sarà nulla da liquidare.") in conferma
    assert "sarà liquidata" not in conferma
    client.post(f"/incarichi/{incarico.pk}/revoca/", dati | {"conferma": "1"})
    avviso = esperta.notifiche.get(oggetto__startswith="Revoca dell'incarico")
    assert avviso.testo == (
        f"L'incarico «{incarico.oggetto}» è revocato. Motivazione: {frase} Il recesso ha effetto "
        f"dal {recesso} (preavviso di 15 giorni). Le attività non sono state avviate: non è "
        "dovuto alcun compenso.")
    pagina = strip_tags(unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode()))
    assert ("Revocato prima dell'avvio delle attività: non è dovuto alcun compenso, quindi non "
            "c'è nulla da liquidare.") in pagina
    assert "Liquida il compenso" not in pagina


def test_revoca_dopo_l_avvio_promette_ancora_la_liquidazione_del_svolto(
        client, ds, crea_scheda, affida, esperta, porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), esperta, rapporto="privato"), "in_corso")
    client.force_login(ds)
    dati = {"motivazione": "Trasferimento.", "comunicata_il": timezone.localdate().isoformat()}
    conferma = unescape(client.post(f"/incarichi/{incarico.pk}/revoca/", dati).content.decode())
    assert "l'attività svolta fino ad allora sarà liquidata" in conferma
    assert "non è dovuto alcun compenso" not in conferma
    client.post(f"/incarichi/{incarico.pk}/revoca/", dati | {"conferma": "1"})
    testo = esperta.notifiche.get(oggetto__startswith="Revoca dell'incarico").testo
    assert "è revocato. Motivazione: Trasferimento. Il recesso ha effetto dal " in testo
    assert testo.endswith("(preavviso di 15 giorni); l'attività svolta fino ad allora sarà "
                          "liquidata.")
    pagina = strip_tags(unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode()))
    assert "non è dovuto alcun compenso" not in pagina


def test_la_proroga_non_va_oltre_l_anno_scolastico_successivo(
        client, ds, crea_scheda, affida, docente, porta_incarico):
    """The trial confirmed a proroga to 31/12/9999 («2.912.021 giorni in più»). A proroga
    carries delayed activities at most to the end of the next school year (31 August): the
    school year of the current end, 2025/26, then 2026/27; beyond it, a new incarico."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")  # ends 30/06/2026
    client.force_login(ds)
    motivo = "Sospensione delle lezioni per lavori nel plesso"
    for oltre in ("9999-12-31", "2027-09-01"):
        risposta = client.post(f"/incarichi/{incarico.pk}/proroga/", {
            "data_fine": oltre, "motivazione": motivo})
        assert risposta.status_code == 200
        html = unescape(risposta.content.decode())
        assert "giorni in più" not in html, oltre
        assert risposta.context["forms"]["proroga"].errors["data_fine"] == [
            "La proroga può spostare la fine al più al 31/08/2027, ultimo giorno dell'anno "
            "scolastico 2026/27, il successivo a quello della fine attuale (30/06/2026): per "
            "attività oltre quella data serve un nuovo incarico."], oltre
        assert f'value="{motivo}"' in html
    with pytest.raises(ValidationError, match="al più al 31/08/2027"):
        servizi.proroga(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                        data_fine=date(9999, 12, 31), motivazione=motivo)
    conferma = unescape(client.post(f"/incarichi/{incarico.pk}/proroga/", {
        "data_fine": "2027-08-31", "motivazione": motivo}).content.decode())
    assert "Il termine passa dal 30/06/2026 al 31/08/2027 (427 giorni in più)" in conferma
    client.post(f"/incarichi/{incarico.pk}/proroga/", {
        "data_fine": "2027-08-31", "motivazione": motivo, "conferma": "1"})
    incarico.refresh_from_db()
    assert incarico.data_fine == date(2027, 8, 31)


def test_ore_da_una_pagina_vecchia_dicono_perche_il_registro_e_chiuso(
        client, ds, crea_scheda, affida, docente, esperta, porta_incarico):
    """Hours sent from a tab opened before the liquidation (or on an incarico not yet started)
    read only «correggi i dati nel registro ore», on a page without the register: a dead end.
    The message says the service's reason; nothing is written."""
    liquidato = porta_incarico(affida(crea_scheda(), docente), "liquidato")
    non_avviato = porta_incarico(affida(crea_scheda("Esperto", cup="D34D22000350011"), esperta,
                                        rapporto="privato"), "firmato")
    client.force_login(ds)
    giorno = timezone.localdate(liquidato.liquidato_il)
    for incarico, perche in (
            (liquidato, f"il compenso è stato liquidato il {giorno:%d/%m/%Y}."),
            (non_avviato, "le attività non sono ancora state avviate.")):
        risposta = client.post(f"/incarichi/{incarico.pk}/ore/", {
            "data": "2026-02-03", "ore": "2", "attivita": "Tutoraggio"})
        assert risposta.status_code == 200
        testi = [str(m) for m in risposta.context["messages"]]
        assert testi == [f"Le ore non sono state registrate. Il registro ore è chiuso: {perche}"]
        assert "correggi i dati" not in unescape(risposta.content.decode())
        assert not incarico.ore_svolte.filter(attivita="Tutoraggio").exists()


def test_ore_non_numeriche_hanno_un_esempio_di_ore(client, client_di, ds, crea_scheda, affida,
                                                   docente, porta_incarico):
    """«abc» in «Ore» read «ad esempio 1.234,50 o 2,5»: thousands of hours, where at most
    999,99 fit. The example is one of hours, for the office and for the incaricato."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    client.force_login(ds)
    risposta = client.post(f"/incarichi/{incarico.pk}/ore/", {
        "data": "2026-02-03", "ore": "abc", "attivita": "Tutoraggio"})
    atteso = ["Scrivi le ore in cifre, con la virgola per i decimali: ad esempio 2 oppure 1,5."]
    assert risposta.context["ore_form"].errors["ore"] == atteso
    risposta = client_di(docente).post(f"/incarichi/{incarico.pk}/il-mio-incarico/ore/", {
        "data": "2026-02-03", "ore": "abc", "attivita": "Tutoraggio"})
    assert risposta.context["ore_form"].errors["ore"] == atteso
    # the limits in hours, not in euros: «ad esempio 35,50», «al massimo 999,99» misled
    client.force_login(ds)
    for ore, errore in (("1,755", "Scrivi al massimo due cifre dopo la virgola, ad esempio 1,75."),
                        ("1.234,50", "Troppe ore per un giorno: controlla la cifra.")):
        risposta = client.post(f"/incarichi/{incarico.pk}/ore/", {
            "data": "2026-02-03", "ore": ore, "attivita": "Tutoraggio"})
        assert risposta.context["ore_form"].errors["ore"] == [errore], ore


def test_casellario_piu_vecchio_di_sei_mesi(client, ds, crea_scheda, affida, docente):
    """«Acquisito il 01/01/1990» was accepted without a word. A certificate of the casellario is
    valid six months from its issue (art. 41 DPR 445/2000) and the act is issued today at the
    earliest: one acquired more than six months ago has expired, and the checklist says so
    before the act."""
    incarico = affida(crea_scheda(), docente)
    client.force_login(ds)
    url = f"/incarichi/{incarico.pk}/requisiti/"
    client.post(url, {"casellario_acquisito_il": "1990-01-01", "tipo_atto": "lettera"})
    pagina = strip_tags(unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode()))
    assert ("Acquisito il 01/01/1990, più di sei mesi fa: un certificato del casellario vale sei "
            "mesi dal rilascio (art. 41 del DPR 445/2000); prima di emettere l'atto acquisiscine "
            "uno nuovo.") in pagina
    # six months ago to the day: still valid today
    oggi = timezone.localdate()
    sei_mesi_fa = servizi.mesi_prima(oggi, 6)
    client.post(url, {"casellario_acquisito_il": sei_mesi_fa.isoformat(), "tipo_atto": "lettera"})
    pagina = strip_tags(unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode()))
    assert "più di sei mesi fa" not in pagina
    client.post(url, {"casellario_acquisito_il": (sei_mesi_fa - timedelta(days=1)).isoformat(),
                      "tipo_atto": "lettera"})
    pagina = strip_tags(unescape(client.get(f"/incarichi/{incarico.pk}/").content.decode()))
    assert f"Acquisito il {sei_mesi_fa - timedelta(days=1):%d/%m/%Y}, più di sei mesi fa" in pagina
    assert [servizi.mesi_prima(date(2026, 8, 31), 6), servizi.mesi_prima(date(2026, 1, 12), 6)] == [
        date(2026, 2, 28), date(2025, 7, 12)]



def test_l_elenco_dei_liquidati_dice_quanto_e_stato_liquidato(
        client, ds, crea_scheda, affida, docente, crea_persona, porta_incarico,
        django_assert_max_num_queries):
    """«Compenso» showed the act's 577,50 € for an incarico paid 115,50 € (6 of 30 hours):
    a liquidated incarico shows what was paid, labelled, and the act's amount beside it; the
    queries per page do not grow with the rows (the same budget as the other lists)."""
    kw = dict(autore=ds, membership=ds.memberships.get())
    for numero, persona in enumerate((docente, crea_persona("NRIMRC75B02F205Y", nome="Marco",
                                                            cognome="Neri"))):
        incarico = porta_incarico(affida(crea_scheda(cup=f"D34D2200035001{numero}"), persona),
                                  "in_corso")
        servizi.registra_ore(**kw, incarico=incarico, data=date(2026, 3, 2), ore=6,
                             attivita="Tutoraggio")
        servizi.verifica_ore(**kw, incarico=incarico)
        servizi.liquida(**kw, incarico=servizi.concludi(**kw, incarico=incarico))
    client.force_login(ds)
    with django_assert_max_num_queries(9):
        risposta = client.get("/incarichi/?stato=liquidato")
    riga = re.search(r"<tr>.*?Luigi Bruni.*?</tr>", unescape(risposta.content.decode()), re.S)
    cella = strip_tags(re.search(r'data-etichetta="Compenso">(.*?)</td>', riga.group(0), re.S)
                       .group(1).replace("<br>", " "))
    assert " ".join(cella.split()) == "115,50 € liquidati su 577,50 € dell'atto"
