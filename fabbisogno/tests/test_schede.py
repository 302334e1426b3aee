import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Ruolo
from fabbisogno import services
from fabbisogno.models import SchedaProgettuale, StatoScheda, TariffaOraria

pytestmark = pytest.mark.django_db


def test_tariffe_ccnl_caricate_come_dati_con_validita():
    importi = sorted(TariffaOraria.objects.values_list("importo_orario", flat=True))
    assert importi == [Decimal("13.75"), Decimal("15.95"), Decimal("19.25"), Decimal("38.50")]
    assert all(t.valida_dal == date(2018, 4, 19) for t in TariffaOraria.objects.all())


@pytest.mark.parametrize("tariffa, ore, dipendente, stato", [
    ("19.25", 30, "577.50", "766.34"),
    ("38.50", 20, "770.00", "1021.79"),
    ("15.95", 101, "1610.95", "2137.73"),
    ("13.75", 121, "1663.75", "2207.80"),
])
def test_importo_calcolato_a_mano(tariffa, ore, dipendente, stato, ds):
    scheda = SchedaProgettuale(tariffa=TariffaOraria.objects.get(importo_orario=tariffa),
                               ore_previste=ore)
    assert scheda.importo == Decimal(dipendente)
    assert scheda.importo_lordo_stato == Decimal(stato)


def test_compenso_inserito_per_esterni_senza_lordo_stato():
    scheda = SchedaProgettuale(tariffa_manuale=Decimal("70.00"), ore_previste=30)
    assert scheda.importo == Decimal("2100.00") and scheda.importo_lordo_stato is None


def test_bozza_parziale_poi_conclusione_con_elenco_delle_mancanze(ds):
    membership = ds.memberships.get()
    scheda = services.crea_scheda(autore=ds, membership=membership, titolo="Progettista FESR")
    assert scheda.stato == StatoScheda.BOZZA
    with pytest.raises(ValidationError) as errore:
        services.concludi_scheda(autore=ds, membership=membership, scheda=scheda)
    assert "Manca la fonte di finanziamento." in errore.value.messages
    assert "Mancano la descrizione e gli obiettivi." in errore.value.messages  # two things
    assert "Mancano i destinatari." in errore.value.messages
    dati = dict(fonte_finanziamento="pn_fesr", descrizione="Reti LAN",
                tipologia_incarico="progettista", destinatari="Tutta la scuola",
                data_inizio=date(2027, 2, 1), data_fine=date(2027, 1, 1),
                ore_previste=20, tariffa_manuale=Decimal("50"))
    # what is typed is checked when it is saved, not only at the conclusion
    with pytest.raises(ValidationError) as errore:
        services.salva_scheda(autore=ds, membership=membership, scheda=scheda, **dati)
    assert errore.value.message_dict == {"data_fine": ["La fine del periodo precede l'inizio."]}
    for campo, valore, messaggio in (("ore_previste", 0, "almeno una"),
                                     ("tariffa_manuale", Decimal("-5"), "maggiore di zero")):
        with pytest.raises(ValidationError) as errore:
            services.salva_scheda(autore=ds, membership=membership, scheda=scheda,
                                  **dati | {"data_fine": date(2027, 6, 1), campo: valore})
        assert messaggio in errore.value.message_dict[campo][0]
    services.salva_scheda(autore=ds, membership=membership, scheda=scheda,
                          **dati | {"data_fine": date(2027, 6, 1)})
    with pytest.raises(ValidationError) as errore:
        services.concludi_scheda(autore=ds, membership=membership, scheda=scheda)
    assert "Per questa fonte di finanziamento il CUP è obbligatorio." in errore.value.messages
    services.salva_scheda(autore=ds, membership=membership, scheda=scheda, cup="d34d22000350006")
    conclusa = services.concludi_scheda(autore=ds, membership=membership, scheda=scheda)
    assert conclusa.stato == StatoScheda.CONCLUSA and conclusa.cup == "D34D22000350006"
    with pytest.raises(ValidationError):
        services.salva_scheda(autore=ds, membership=membership, scheda=conclusa, titolo="Altro")


def test_cup_non_valido(ds):
    with pytest.raises(ValidationError) as errore:
        services.crea_scheda(autore=ds, membership=ds.memberships.get(), titolo="X", cup="123")
    assert "15 caratteri" in str(errore.value)


def test_ruoli_senza_istituto_non_creano_schede(amministrazione):
    with pytest.raises(PermissionDenied):
        services.crea_scheda(autore=amministrazione, membership=amministrazione.memberships.get(),
                             titolo="X")


def test_referente_vede_solo_le_proprie(client, con_ruolo, istituto, ds):
    referente = con_ruolo("GLLNNA82H48F205R", Ruolo.REFERENTE, istituto, nome="Anna")
    services.crea_scheda(autore=ds, membership=ds.memberships.get(), titolo="Scheda del DS")
    propria = services.crea_scheda(autore=referente, membership=referente.memberships.get(),
                                   titolo="Scheda della referente")
    assert propria.referente == referente
    client.force_login(referente)
    html = client.get("/rilevazione-fabbisogno/schede/").content.decode()
    assert "Scheda della referente" in html and "Scheda del DS" not in html
    altra = SchedaProgettuale.objects.get(titolo="Scheda del DS")
    assert client.get(f"/rilevazione-fabbisogno/schede/{altra.pk}/").status_code == 404


def test_percorso_http_crea_salva_successivo_concludi(client, ds):
    client.force_login(ds)
    tariffa = TariffaOraria.objects.get(importo_orario="19.25")
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/", {"titolo": "Tutor PNRR", "salva": ""})
    scheda = SchedaProgettuale.objects.get()
    assert risposta["Location"] == f"/rilevazione-fabbisogno/schede/{scheda.pk}/modifica/"
    dati = {"titolo": "Tutor PNRR", "descrizione": "Mentoring", "tipologia_incarico": "tutor",
            "fonte_finanziamento": "fis", "destinatari": "Classi terze",
            "data_inizio": "2027-01-10", "data_fine": "2027-05-10", "ore_previste": "30",
            "tariffa": tariffa.pk, "successivo": ""}
    risposta = client.post(f"/rilevazione-fabbisogno/schede/{scheda.pk}/modifica/", dati)
    assert risposta["Location"] == f"/rilevazione-fabbisogno/schede/{scheda.pk}/conclusione/"
    conclusione = client.get(risposta["Location"]).content.decode()
    assert "577,50 €" in conclusione
    assert "Concludi scheda progettuale" in conclusione
    client.post(f"/rilevazione-fabbisogno/schede/{scheda.pk}/concludi/")
    scheda.refresh_from_db()
    assert scheda.stato == StatoScheda.CONCLUSA
    dettaglio = client.get(f"/rilevazione-fabbisogno/schede/{scheda.pk}/").content.decode()
    assert "Genera procedura di selezione" in dettaglio and ">Modifica<" not in dettaglio


@pytest.mark.parametrize(("scritto", "letto"), [("70,50", Decimal("70.50")),
                                                ("1.250,00", Decimal("1250.00")),
                                                ("45.5", Decimal("45.50"))])
def test_compenso_orario_scritto_in_italiano(client, ds, scritto, letto):
    """«70,50» is seventy euros and fifty: read by the server, not left to the browser (a number
    field in a browser not set to Italian turned it into 7050), and written back the same way."""
    client.force_login(ds)
    client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": "Esperto di teatro", "ore_previste": "30", "tariffa_manuale": scritto,
        "salva": ""})
    scheda = SchedaProgettuale.objects.get()
    assert scheda.tariffa_manuale == letto
    html = client.get(f"/rilevazione-fabbisogno/schede/{scheda.pk}/modifica/").content.decode()
    campo = re.search(r'<input[^>]*name="tariffa_manuale"[^>]*>', html).group(0)
    assert 'type="text"' in campo and 'inputmode="decimal"' in campo
    assert f'value="{letto:.2f}"'.replace(".", ",") in campo


@pytest.mark.parametrize(("scritto", "errore"), [
    ("12,5", "Scrivi un numero intero, senza virgola (ad esempio 3)."),
    ("-5", "Le ore previste devono essere almeno una."),
    ("0", "Le ore previste devono essere almeno una."),
    ("9223372036854775807", "Le ore previste sono al massimo 2.000: controlla il numero.")])
def test_ore_previste_intere_e_plausibili(client, ds, scritto, errore):
    """«12,5» reaches the server as typed (a number field in a browser not set to Italian sent
    125) and is refused with its reason, as a negative or an absurd count; the form is kept."""
    client.force_login(ds)
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": "Esperto di teatro", "ore_previste": scritto, "salva": ""})
    assert risposta.status_code == 200 and not SchedaProgettuale.objects.exists()
    assert risposta.context["form"].errors["ore_previste"] == [errore]
    campo = re.search(r'<input[^>]*name="ore_previste"[^>]*>', risposta.content.decode()).group(0)
    assert 'type="text"' in campo and 'inputmode="numeric"' in campo
    assert f'value="{scritto}"' in campo
    with pytest.raises(ValidationError, match="al massimo 2.000"):
        services.crea_scheda(autore=ds, membership=ds.memberships.get(), titolo="Tutor",
                             ore_previste=2001)


def test_compenso_orario_alto_si_salva_con_l_invito_a_controllarlo(client, ds):
    client.force_login(ds)
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": "Esperto di teatro", "ore_previste": "30", "tariffa_manuale": "7050",
        "salva": ""}, follow=True)
    assert SchedaProgettuale.objects.get().tariffa_manuale == Decimal("7050")
    assert ("Il compenso orario inserito è 7.050,00 € l&#x27;ora, oltre 100,00 €: controlla "
            "la cifra") in risposta.content.decode()
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": "Esperto di musica", "ore_previste": "30", "tariffa_manuale": "70,50",
        "salva": ""}, follow=True)
    assert "controlla la cifra" not in risposta.content.decode()


def _scheda_a_tariffa_inserita(client, ds, titolo, tariffa):
    """A complete scheda of 30 hours at the rate `tariffa` typed in, saved by the DS over HTTP:
    (the scheda, its address)."""
    client.force_login(ds)
    client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": titolo, "descrizione": "Laboratorio", "tipologia_incarico": "esperto",
        "fonte_finanziamento": "fis", "destinatari": "Classi terze",
        "data_inizio": "2027-01-10", "data_fine": "2027-05-10", "ore_previste": "30",
        "tariffa_manuale": tariffa, "salva": ""})
    scheda = SchedaProgettuale.objects.get(titolo=titolo)
    return scheda, f"/rilevazione-fabbisogno/schede/{scheda.pk}/"


def test_un_compenso_orario_alto_si_conclude_solo_confermandolo(client, ds):
    """«1.234,50» typed for the rate saved with a banner, then one click on «Concludi» fixed a
    37.035,00 € budget for good. The conclusion asks to tick the figure, and the service
    refuses without it (a request made by hand too)."""
    scheda, url = _scheda_a_tariffa_inserita(client, ds, "Esperto di teatro", "1.234,50")
    conclusione = unescape(client.get(url + "conclusione/").content.decode())
    casella = re.search(r'<input[^>]*name="avvertenze_controllate"[^>]*>', conclusione).group(0)
    assert 'type="checkbox"' in casella and "required" in casella
    assert ("Ho controllato: il compenso orario inserito è 1.234,50 € l'ora (37.035,00 € per "
            "30 ore).") in conclusione
    risposta = client.post(url + "concludi/", follow=True)
    assert ("Conferma di aver controllato il compenso orario inserito: 1.234,50 € l'ora è oltre "
            "100,00 €.") in unescape(risposta.content.decode())
    scheda.refresh_from_db()
    assert scheda.stato == StatoScheda.BOZZA
    client.post(url + "concludi/", {"avvertenze_controllate": "on"})
    scheda.refresh_from_db()
    assert scheda.stato == StatoScheda.CONCLUSA


def test_senza_avvertenze_la_conclusione_non_chiede_altro(client, ds):
    scheda, url = _scheda_a_tariffa_inserita(client, ds, "Esperto di musica", "70,50")
    assert "avvertenze_controllate" not in client.get(url + "conclusione/").content.decode()
    client.post(url + "concludi/")
    scheda.refresh_from_db()
    assert scheda.stato == StatoScheda.CONCLUSA


def test_errori_del_form_conservano_i_dati(client, ds):
    client.force_login(ds)
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/",
                           {"titolo": "Esperto teatro", "ore_previste": "-3", "cup": "X", "salva": ""})
    html = risposta.content.decode()
    assert risposta.status_code == 200 and 'value="Esperto teatro"' in html
    assert SchedaProgettuale.objects.count() == 0
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": "Esperto teatro", "data_inizio": "2027-03-01", "data_fine": "2027-02-01",
        "salva": ""})
    assert "La fine del periodo precede l&#x27;inizio." in risposta.content.decode()
    assert SchedaProgettuale.objects.count() == 0


def test_percorsi_vietati(client, ds, ds_altro, candidato):
    scheda = services.crea_scheda(autore=ds, membership=ds.memberships.get(), titolo="Riservata")
    urls = ["/rilevazione-fabbisogno/schede/", "/rilevazione-fabbisogno/schede/nuova/",
            f"/rilevazione-fabbisogno/schede/{scheda.pk}/",
            f"/rilevazione-fabbisogno/schede/{scheda.pk}/modifica/",
            f"/rilevazione-fabbisogno/schede/{scheda.pk}/conclusione/"]
    for url in urls:
        assert client.get(url)["Location"].startswith("/accounts/login/"), url
    client.force_login(candidato)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(ds_altro)
    for url in urls[2:]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/rilevazione-fabbisogno/schede/{scheda.pk}/concludi/").status_code == 404


def test_filtri_delle_schede_senza_vicoli_ciechi(client, ds):
    """An empty result offers the way back; an unknown «fase» (an old or mistyped address) is
    ignored instead of silently emptying the list."""
    membership = ds.memberships.get()
    services.crea_scheda(autore=ds, membership=membership, titolo="Tutor di robotica",
                         tariffa=TariffaOraria.objects.first(), ore_previste=10)
    client.force_login(ds)
    pagina = client.get("/rilevazione-fabbisogno/schede/?q=inesistente").content.decode()
    assert ('Nessuna scheda corrisponde ai filtri scelti. <a href="/rilevazione-fabbisogno/'
            'schede/">Rimuovi i filtri</a>.') in pagina
    pagina = client.get("/rilevazione-fabbisogno/schede/?fase=xyz").content.decode()
    assert "Tutor di robotica" in pagina and "Nessuna scheda" not in pagina


@pytest.mark.parametrize("quante", [2, 30])
def test_query_costanti_elenco_schede(client, ds, quante, django_assert_max_num_queries):
    membership = ds.memberships.get()
    tariffa = TariffaOraria.objects.first()
    for numero in range(quante):
        services.crea_scheda(autore=ds, membership=membership, titolo=f"Scheda {numero}",
                             tariffa=tariffa, ore_previste=10)
    client.force_login(ds)
    with django_assert_max_num_queries(8):
        assert client.get("/rilevazione-fabbisogno/schede/?fase=bozza&q=Scheda").status_code == 200


def test_tutti_gli_errori_di_un_salvataggio_insieme(client, ds):
    """A wrong CUP and dates in the wrong order: both said at the first «Salva», each beside
    its field, not the second only after the first is corrected."""
    client.force_login(ds)
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": "Esperto teatro", "cup": "X", "data_inizio": "2027-03-01",
        "data_fine": "2027-02-01", "salva": ""})
    errori = risposta.context["form"].errors
    assert set(errori) == {"cup", "data_fine"}
    assert errori["data_fine"] == ["La fine del periodo precede l'inizio."]
    assert SchedaProgettuale.objects.count() == 0
    # said at the top, and the first field to correct in view: on a phone the errors are
    # screens below, the page would look as if nothing happened
    html = risposta.content.decode()
    assert "La scheda non è stata salvata: correggi i campi indicati." in html
    assert re.search(r'<input[^>]*name="cup"[^>]*autofocus|<input[^>]*autofocus[^>]*name="cup"',
                     html)


def test_la_referente_conclude_e_il_ds_e_avvisato(client, con_ruolo, istituto, altro_istituto,
                                                  ds):
    """The referente cannot generate the procedure: concluding says who will, and tells them
    (no «Ora puoi generare» leading nowhere) — only those the istituto has (a new user at a
    school without a DSGA read that «il DSGA» had been told)."""
    from portale.models import Notifica

    def conclude(referente, titolo):
        client.force_login(referente)
        client.post("/rilevazione-fabbisogno/schede/nuova/", {"titolo": titolo, "salva": ""})
        scheda = SchedaProgettuale.objects.get(titolo=titolo)
        tariffa = TariffaOraria.objects.get(importo_orario="19.25")
        client.post(f"/rilevazione-fabbisogno/schede/{scheda.pk}/modifica/", {
            "titolo": titolo, "descrizione": "Mentoring", "tipologia_incarico": "tutor",
            "fonte_finanziamento": "fis", "destinatari": "Classi terze",
            "data_inizio": "2027-01-10", "data_fine": "2027-05-10", "ore_previste": "30",
            "tariffa": tariffa.pk, "salva": ""})
        risposta = client.post(f"/rilevazione-fabbisogno/schede/{scheda.pk}/concludi/",
                               follow=True)
        scheda.refresh_from_db()
        assert scheda.stato == StatoScheda.CONCLUSA
        return scheda, risposta.content.decode()

    referente = con_ruolo("GLLNNA82H48F205R", Ruolo.REFERENTE, istituto, nome="Anna",
                          cognome="Gialli")
    scheda, pagina = conclude(referente, "Tutor PNRR")
    # said of the DS, not as an imperative she could read as addressed to herself
    assert ("Il Dirigente Scolastico è stato avvisato: la procedura di selezione la genera il "
            "Dirigente da questa scheda." in pagina and "DSGA" not in pagina)
    assert "da qui genera" not in pagina
    assert "Ora puoi generare" not in pagina and "Genera procedura di selezione" not in pagina
    avviso = Notifica.objects.get(destinatario=ds)
    assert avviso.oggetto == "Scheda progettuale conclusa – Tutor PNRR"
    assert avviso.url == f"/rilevazione-fabbisogno/schede/{scheda.pk}/"

    dsga = con_ruolo("VRDLCU80D55L219W", Ruolo.DSGA, istituto, nome="Lucia", cognome="Verdi")
    _, pagina = conclude(referente, "Tutor FIS")
    assert ("Il Dirigente Scolastico e il DSGA sono stati avvisati: sono loro a generare la "
            "procedura di selezione da questa scheda.") in pagina
    assert Notifica.objects.filter(destinatario=dsga, oggetto__endswith="Tutor FIS").exists()

    solo = con_ruolo("BNCLRA80A41H501X", Ruolo.REFERENTE, altro_istituto, nome="Lara",
                     cognome="Bianchi")
    _, pagina = conclude(solo, "Tutor di un istituto senza dirigenza")
    assert "nessuno è stato avvisato" in pagina and "sono stati avvisati" not in pagina


def test_la_scheda_dice_lordo_omnicomprensivo_con_la_tariffa_inserita(ds, client):
    """A rate typed in is an external expert's: the scheda's amount is omnicomprensivo, not
    lordo dipendente, and has no lordo stato; with a CCNL rate it is lordo dipendente."""
    membership = ds.memberships.get()
    client.force_login(ds)
    for dati, etichetta, altra in (
            ({"tariffa_manuale": Decimal("45")}, "Importo lordo omnicomprensivo",
             "Importo lordo dipendente"),
            ({"tariffa": TariffaOraria.objects.get(importo_orario="38.50")},
             "Importo lordo dipendente", "Importo lordo omnicomprensivo")):
        scheda = services.crea_scheda(autore=ds, membership=membership, titolo="Esperto")
        services.salva_scheda(autore=ds, membership=membership, scheda=scheda, ore_previste=10,
                              **dati)
        html = client.get(f"/rilevazione-fabbisogno/schede/{scheda.pk}/").content.decode()
        assert etichetta in html and altra not in html
    assert "Importo lordo Stato" in html  # the CCNL rate has it
    # both rates on a draft: the one typed in counts (SchedaProgettuale.tariffa_oraria), and the
    # summary shows that one next to the amount it gives
    services.salva_scheda(autore=ds, membership=membership, scheda=scheda, ore_previste=10,
                          tariffa=TariffaOraria.objects.get(importo_orario="38.50"),
                          tariffa_manuale=Decimal("45"))
    html = client.get(f"/rilevazione-fabbisogno/schede/{scheda.pk}/").content.decode()
    assert "45,00 €/h (inserita)" in html and "Importo lordo omnicomprensivo" in html


@pytest.mark.parametrize(("scritto", "ore"), [("1.000", 1000), ("1000", 1000), (" 30 ", 30)])
def test_ore_previste_con_il_punto_delle_migliaia(client, ds, scritto, ore):
    """«1.000» ore previste were saved as 1 (Django read «.000» as decimals): 38,50 € instead
    of 38.500,00 €, without a word. The point groups thousands, as in every amount."""
    client.force_login(ds)
    client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": "Esperto di teatro", "ore_previste": scritto, "salva": ""})
    assert SchedaProgettuale.objects.get().ore_previste == ore


def test_il_modulo_dice_quali_campi_servono_per_concludere(client, ds):
    """Only «Titolo» carries «*» (a draft is saved without the rest), yet «Concludi» refused a
    scheda without «Descrizione e obiettivi» or «Destinatari»: the form said it only then."""
    client.force_login(ds)
    form = client.get("/rilevazione-fabbisogno/schede/nuova/").context["form"]
    per_concludere = {nome for nome, campo in form.fields.items()
                      if "Serve per concludere la scheda." in str(campo.help_text)}
    assert per_concludere == {"descrizione", "tipologia_incarico", "fonte_finanziamento",
                              "destinatari", "data_inizio", "data_fine", "ore_previste"}
    # what the field said before stays after it
    assert form.fields["tariffa_manuale"].help_text.startswith("Per gli esperti esterni")


def test_con_successivo_l_avvertenza_del_compenso_si_legge_una_volta(client, ds):
    """«Successivo» with 1.234,50 € l'ora: the conclusion page said the warning in its own box
    above «Ho controllato…» and again in the banner of the save."""
    scheda, url = _scheda_a_tariffa_inserita(client, ds, "Esperto di teatro", "1.234,50")
    client.get(url)  # the banners of that first save are read here
    dati = {"titolo": "Esperto di teatro", "descrizione": "Laboratorio",
            "tipologia_incarico": "esperto", "fonte_finanziamento": "fis",
            "destinatari": "Classi terze", "data_inizio": "2027-01-10",
            "data_fine": "2027-05-10", "ore_previste": "30", "tariffa_manuale": "1.234,50",
            "successivo": ""}
    risposta = client.post(url + "modifica/", dati, follow=True)
    assert risposta.redirect_chain[-1][0] == url + "conclusione/"
    pagina = unescape(risposta.content.decode())
    assert pagina.count("Il compenso orario inserito è 1.234,50 € l'ora, oltre 100,00 €") == 1


def test_la_referente_che_crea_la_scheda_e_gia_scelta_come_referente(client, con_ruolo,
                                                                     istituto, ds):
    """«Referente di progetto» started on «Scegli…» when the referente herself created the
    scheda; the DS, who writes it for someone else, still chooses."""
    referente = con_ruolo("GLLNNA82H48F205R", Ruolo.REFERENTE, istituto, nome="Anna",
                          cognome="Gialli")
    client.force_login(referente)
    form = client.get("/rilevazione-fabbisogno/schede/nuova/").context["form"]
    assert form["referente"].value() == referente.pk
    client.force_login(ds)
    form = client.get("/rilevazione-fabbisogno/schede/nuova/").context["form"]
    assert form["referente"].value() is None


def test_salva_di_nuovo_dopo_indietro_non_crea_una_seconda_scheda(client, ds):
    """«Salva», the browser's Back, «Salva» again: a second identical draft, with no way to
    discard it. The second save updates the draft just created, and says so."""
    client.force_login(ds)
    dati = {"titolo": "Esperto di teatro", "ore_previste": "30", "salva": ""}
    client.post("/rilevazione-fabbisogno/schede/nuova/", dati)
    scheda = SchedaProgettuale.objects.get()
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/",
                           dati | {"ore_previste": "40"}, follow=True)
    assert SchedaProgettuale.objects.count() == 1
    scheda.refresh_from_db()
    assert scheda.ore_previste == 40  # what was typed the second time is kept
    assert risposta.redirect_chain[-1][0] == f"/rilevazione-fabbisogno/schede/{scheda.pk}/modifica/"
    assert ("La scheda «Esperto di teatro» era appena stata creata: è stata aggiornata, "
            "senza crearne una seconda.") in unescape(risposta.content.decode())
    # another title is another scheda
    client.post("/rilevazione-fabbisogno/schede/nuova/", dati | {"titolo": "Tutor di teatro"})
    assert SchedaProgettuale.objects.count() == 2


@pytest.mark.parametrize(("scritto", "errore"), [
    ("0,001", "Scrivi al massimo due cifre dopo la virgola, ad esempio 35,50."),
    ("35,555", "Scrivi al massimo due cifre dopo la virgola, ad esempio 35,50."),
    ("99999999999", "Il compenso orario è al massimo 999.999,99 €: controlla la cifra."),
    ("1.000.000", "Il compenso orario è al massimo 999.999,99 €: controlla la cifra."),
    ("1234567,5", "Il compenso orario è al massimo 999.999,99 €: controlla la cifra.")])
def test_compenso_orario_con_troppe_cifre_detto_in_italiano(client, ds, scritto, errore):
    """Django said «Assicurati che non vi siano più di 2 cifre decimali.» and «… più di 8 cifre
    in totale.»: one message, written for people, with the maximum in Italian."""
    client.force_login(ds)
    risposta = client.post("/rilevazione-fabbisogno/schede/nuova/", {
        "titolo": "Esperto di teatro", "tariffa_manuale": scritto, "salva": ""})
    assert risposta.status_code == 200 and not SchedaProgettuale.objects.exists()
    assert risposta.context["form"].errors["tariffa_manuale"] == [errore]
    assert "Assicurati" not in risposta.content.decode()
