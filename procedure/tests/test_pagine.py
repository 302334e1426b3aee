"""Staff and public pages of procedure: journeys, forbidden paths, query budgets."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from html import unescape
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from procedure import services
from procedure.models import ProceduraSelezione, Stato

pytestmark = pytest.mark.django_db


def _dt(valore):
    return timezone.localtime(valore).strftime("%Y-%m-%dT%H:%M")


def test_percorso_staff_dalla_scheda_alla_pubblicazione(client, ds, scheda_conclusa):
    client.force_login(ds)
    scheda_url = f"/rilevazione-fabbisogno/schede/{scheda_conclusa.pk}/"
    assert "Genera procedura di selezione</button>" in client.get(scheda_url).content.decode()
    risposta = client.post(f"/rilevazione-fabbisogno/schede/{scheda_conclusa.pk}/genera-procedura/")
    procedura = ProceduraSelezione.objects.get()
    assert risposta["Location"] == f"/procedure/{procedura.pk}/"
    # the scheda's page opens it, instead of offering to generate one again
    pagina = client.get(scheda_url).content.decode()
    assert "Genera procedura di selezione</button>" not in pagina
    assert (f'<a class="btn btn-primary" href="/procedure/{procedura.pk}/">Apri la procedura di '
            f"selezione n. {procedura.pk} (in bozza)</a>") in pagina
    # the same button again opens that procedure, with a word, and makes no second one
    risposta = client.post(f"/rilevazione-fabbisogno/schede/{scheda_conclusa.pk}/genera-procedura/",
                           follow=True)
    assert risposta.redirect_chain[-1][0] == f"/procedure/{procedura.pk}/"
    assert "è già stata generata la procedura di selezione" in risposta.content.decode()
    assert ProceduraSelezione.objects.count() == 1
    pagina = client.get(f"/procedure/{procedura.pk}/").content.decode()
    assert "Per concludere la procedura completa" in pagina and "manca il luogo" in pagina
    dati = {c: getattr(procedura, c) or "" for c in services.CAMPI_INFORMAZIONI}
    dati |= {"luogo": "Sede centrale", "requisiti_ammissione": "Docente abilitato",
             "ammette_interni": "on", "ammette_privati": "on", "numero_incarichi": 1,
             "giorni_reclami": 5, "parita_precede_piu_giovane": "on",
             "data_inizio_attivita": "2020-01-15", "data_fine_attivita": "2020-05-30"}
    dati = {k: v for k, v in dati.items() if v is not False and v is not True}
    # an activity start already past: the page comes back with the error beside the field
    # and what was written
    risposta = client.post(f"/procedure/{procedura.pk}/informazioni/", dati)
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["data_inizio_attivita"] == [
        "L'inizio delle attività non può essere già passato."]
    assert 'value="Sede centrale"' in risposta.content.decode()
    inizio = timezone.localdate() + timedelta(days=45)
    # an end before the start: the same, beside «Fine delle attività»
    dati |= {"data_inizio_attivita": f"{inizio:%Y-%m-%d}",
             "data_fine_attivita": f"{inizio - timedelta(days=1):%Y-%m-%d}"}
    risposta = client.post(f"/procedure/{procedura.pk}/informazioni/", dati)
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["data_fine_attivita"] == [
        "La fine delle attività non può precedere l'inizio."]
    dati |= {"data_inizio_attivita": f"{inizio:%Y-%m-%d}",
             "data_fine_attivita": f"{inizio + timedelta(days=120):%Y-%m-%d}"}
    dati = {k: v for k, v in dati.items() if v is not False and v is not True}
    assert client.post(f"/procedure/{procedura.pk}/informazioni/", dati).status_code == 302
    client.post(f"/procedure/{procedura.pk}/funzionalita/", {
        "aggiungi": "allegato", "allegato-nome": "Curriculum vitae", "allegato-formati": ["pdf", "p7m"],
        "allegato-obbligatorio": "on"})
    client.post(f"/procedure/{procedura.pk}/funzionalita/", {
        "aggiungi": "campo", "campo-etichetta": "Disponibilità il sabato", "campo-tipo": "si_no",
        "campo-obbligatorio": "on"})
    client.post(f"/procedure/{procedura.pk}/criteri/", {"azione": "griglia", "griglia-griglia": "tutor"})
    risposta = client.post(f"/procedure/{procedura.pk}/criteri/", {
        "azione": "criterio", "criterio-descrizione": "Colloquio", "criterio-tipo": "manuale",
        "criterio-massimo": "10"})
    assert risposta.status_code == 302
    pagina_criteri = client.get(f"/procedure/{procedura.pk}/criteri/").content.decode()
    # tutor grid for soggetti privati: laurea 20 + gruppo 10 + europea 10 + lingue 3 +
    # informatica 6 + abilitazione 8 + docenza 15 + PON 5 = 77, + colloquio 10 = 87
    assert 'id="punteggio-massimo">87<' in pagina_criteri
    client.post(f"/procedure/{procedura.pk}/concludi/")
    procedura.refresh_from_db()
    assert procedura.stato == Stato.CONCLUSA
    ora = timezone.now()
    conferma = client.get(f"/procedure/{procedura.pk}/azione/pubblica/").content.decode()
    assert "Conferma le date di apertura e di chiusura" in conferma
    # a year typed wrong («0001», last year) is no «opens now»: said beside the field
    for sbagliata in ("0001-01-01T09:00", _dt(ora - timedelta(days=400))):
        risposta = client.post(f"/procedure/{procedura.pk}/azione/pubblica/", {
            "data_apertura": sbagliata, "data_chiusura": _dt(ora + timedelta(days=10))})
        assert risposta.status_code == 200
        assert risposta.context["form"].errors["data_apertura"] == [
            "La data di apertura è passata da più di un anno: controlla l'anno."]
        procedura.refresh_from_db()
        assert procedura.stato == Stato.CONCLUSA
    client.post(f"/procedure/{procedura.pk}/azione/pubblica/", {
        "data_apertura": _dt(ora + timedelta(hours=1)), "data_chiusura": _dt(ora + timedelta(days=10))})
    procedura.refresh_from_db()
    assert procedura.stato == Stato.PUBBLICATA
    pdf = client.get(f"/avvisi/{procedura.pk}/avviso.pdf")
    testo = " ".join(p.extract_text() for p in PdfReader(BytesIO(b"".join(pdf.streaming_content))).pages)
    for atteso in ("Oggetto dell'incarico", "Tutor del modulo di matematica", "Criteri di valutazione",
                   "lordo dipendente;", "Trattamento dei dati personali", "IC Leonardo da Vinci",
                   "Personale interno", "Soggetti privati", "DPR 62/2013"):
        assert atteso in testo, atteso
    # the CCNL amount, and what it means to the private experts admitted
    assert "per gli esperti esterni lo stesso importo è lordo omnicomprensivo." in " ".join(
        testo.split())


def test_errori_di_pubblicazione_in_italiano_senza_perdere_i_dati(client, ds, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client.force_login(ds)
    ora = timezone.now()
    risposta = client.post(f"/procedure/{procedura.pk}/azione/pubblica/", {
        "data_apertura": _dt(ora + timedelta(days=3)), "data_chiusura": _dt(ora + timedelta(days=2))})
    html = risposta.content.decode()
    assert risposta.status_code == 200 and "successiva all&#x27;apertura" in html
    assert _dt(ora + timedelta(days=3)) in html
    risposta = client.post(f"/procedure/{procedura.pk}/azione/pubblica/", {"data_apertura": "ieri"})
    assert risposta.status_code == 200
    procedura.refresh_from_db()
    assert procedura.stato == Stato.CONCLUSA


def test_azione_non_consentita_dallo_stato_messaggio_chiaro(client, ds, crea_procedura_completa):
    procedura = crea_procedura_completa()
    client.force_login(ds)
    risposta = client.post(f"/procedure/{procedura.pk}/azione/apri/")
    assert "non è possibile quando la procedura è «In Bozza»" in risposta.content.decode()
    assert client.get(f"/procedure/{procedura.pk}/azione/inesistente/").status_code == 403
    # opened from an old link or the browser's history: said before, no «Conferma» to press
    risposta = client.get(f"/procedure/{procedura.pk}/azione/avvia_valutazione/", follow=True)
    assert risposta.redirect_chain == [(f"/procedure/{procedura.pk}/", 302)]
    pagina = unescape(risposta.content.decode())
    assert "«Avvio valutazione istanze» non è possibile quando la procedura è «In Bozza»" in pagina
    assert "Conferma: Avvio valutazione istanze" not in pagina


def test_percorsi_vietati(client, ds, ds_altro, candidato, segreteria, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "pubblicata")
    bozza = crea_procedura_completa()
    urls = ["/procedure/", "/procedure/nuova/", f"/procedure/{procedura.pk}/",
            f"/procedure/{procedura.pk}/informazioni/", f"/procedure/{procedura.pk}/funzionalita/",
            f"/procedure/{procedura.pk}/criteri/", f"/procedure/{procedura.pk}/simula/",
            f"/procedure/{procedura.pk}/azione/annulla/", f"/procedure/{procedura.pk}/avviso-v1.pdf",
            f"/procedure/{procedura.pk}/anteprima-avviso/"]
    for url in urls:
        assert client.get(url)["Location"].startswith("/accounts/login/"), url
    client.force_login(candidato)
    for url in urls:
        assert client.get(url).status_code == 403, url
    client.force_login(ds_altro)
    for url in urls[2:]:
        assert client.get(url).status_code == 404, url
    criterio = bozza.criteri.first()
    assert client.post(f"/procedure/{bozza.pk}/rimuovi/criterio/{criterio.pk}/").status_code == 404
    assert client.post(f"/procedure/{procedura.pk}/azione/annulla/", {"motivazione": "x"}).status_code == 404
    client.force_login(segreteria)
    risposta = client.post(f"/procedure/{procedura.pk}/azione/annulla/", {"motivazione": "x"})
    assert risposta.status_code == 403
    assert "riservata a chi opera come Dirigente Scolastico" in risposta.content.decode()
    procedura.refresh_from_db()
    assert procedura.stato == Stato.PUBBLICATA
    # a draft is never public
    client.logout()
    assert client.get(f"/avvisi/{bozza.pk}/").status_code == 404
    assert client.get(f"/avvisi/{bozza.pk}/avviso.pdf").status_code == 404


def test_avvisi_pubblici_filtri_e_stati(client, crea_procedura_completa, porta_a, altro_istituto,
                                        ds_altro):
    aperta = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "aperta")
    in_apertura = porta_a(crea_procedura_completa(oggetto="Tutor di latino"), "pubblicata")
    porta_a(crea_procedura_completa(oggetto="Bozza segreta"), "bozza")
    elenco = client.get("/avvisi/").content.decode()
    assert "Esperto di robotica" in elenco and "Tutor di latino" in elenco
    assert "Bozza segreta" not in elenco
    assert "Esperto di robotica" in client.get("/avvisi/?stato=aperto").content.decode()
    assert "Tutor di latino" not in client.get("/avvisi/?stato=aperto").content.decode()
    assert "Tutor di latino" in client.get("/avvisi/?stato=in_apertura").content.decode()
    assert "Esperto di robotica" not in client.get("/avvisi/?regione=Lombardia").content.decode()
    assert "Esperto di robotica" in client.get("/avvisi/?regione=Lazio&cerca=robotica").content.decode()
    assert "Tutor di latino" not in client.get("/avvisi/?cerca=robotica").content.decode()
    # the plural finds the singular (a search of «esperti» found nothing)
    trovati = client.get("/avvisi/?cerca=esperti+robotiche").content.decode()
    assert "Esperto di robotica" in trovati and "Tutor di latino" not in trovati
    assert "Esperto di robotica" in client.get("/avvisi/?istituto=rmic8a7005&provincia=rm").content.decode()
    # the start of the code is enough (an exact code was needed: «RMIC» gave «0 avvisi»)
    assert "Esperto di robotica" in client.get("/avvisi/?istituto=+rmic").content.decode()
    assert "Esperto di robotica" not in client.get("/avvisi/?istituto=MIPS").content.decode()
    # a province's name where its code goes: «0 avvisi» said nothing; the page says why
    nome = unescape(client.get("/avvisi/?provincia=Roma").content.decode())
    assert "«Roma» non è la sigla di una provincia" in nome and "per esempio RM per Roma" in nome
    assert "non è la sigla" not in unescape(client.get("/avvisi/?provincia=MI").content.decode())
    dettaglio = client.get(f"/avvisi/{aperta.pk}/").content.decode()
    assert "Presenta candidatura" in dettaglio and "Aperto" in dettaglio
    assert "Le candidature non sono ancora aperte" in client.get(f"/avvisi/{in_apertura.pk}/").content.decode()
    # no codice fiscale or personal data on public pages
    assert not re.search(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]", dettaglio + elenco)


def test_avvisi_pubblici_prima_quelli_a_cui_candidarsi(client, crea_procedura_completa, porta_a):
    """A visitor comes to apply: open avvisi first, then those about to open, then the rest,
    even when the closed ones were published later; newest first within each."""
    aperta = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "aperta")
    porta_a(crea_procedura_completa(oggetto="Tutor di latino"), "pubblicata")
    porta_a(crea_procedura_completa(oggetto="Formatore chiuso"), "chiusa")
    porta_a(crea_procedura_completa(oggetto="Psicologo sospeso"), "sospesa")
    porta_a(crea_procedura_completa(oggetto="Tutor di coding"), "aperta")
    # the open one published first is the oldest of all
    ProceduraSelezione.objects.filter(pk=aperta.pk).update(
        pubblicata_il=timezone.now() - timedelta(days=30))
    elenco = client.get("/avvisi/").content.decode()
    ordine = sorted(["Esperto di robotica", "Tutor di latino", "Formatore chiuso",
                     "Psicologo sospeso", "Tutor di coding"], key=elenco.index)
    assert ordine[:3] == ["Tutor di coding", "Esperto di robotica", "Tutor di latino"]
    assert set(ordine[3:]) == {"Formatore chiuso", "Psicologo sospeso"}
    assert ordine[3:] == ["Psicologo sospeso", "Formatore chiuso"]  # newest first


def test_la_chiusura_si_vede_al_secondo_anche_senza_worker(client, crea_procedura_completa, porta_a):
    aperta = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "aperta")
    ProceduraSelezione.objects.filter(pk=aperta.pk).update(
        data_apertura=timezone.now() - timedelta(days=1),
        data_chiusura=timezone.now() - timedelta(seconds=1))
    assert "Esperto di robotica" in client.get("/avvisi/?stato=chiuso").content.decode()
    assert "Presenta candidatura" not in client.get(f"/avvisi/{aperta.pk}/").content.decode()


def test_versioni_dell_avviso_conservate(client, ds, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    services.proroga(autore=ds, membership=ds.memberships.get(), procedura=procedura,
                     nuova_chiusura=procedura.data_chiusura + timedelta(days=5))
    import hashlib
    # No worker in this test: the first download composes each version's PDF.
    pdf_v1 = b"".join(client.get(f"/avvisi/{procedura.pk}/avviso-v1.pdf").streaming_content)
    pdf = b"".join(client.get(f"/avvisi/{procedura.pk}/avviso.pdf").streaming_content)
    versioni = list(procedura.versioni_avviso.order_by("numero"))  # opened, then prorogata
    v1, ultima = versioni[0], versioni[-1]
    assert ultima.numero > 1 and v1.sha256 != ultima.sha256
    assert hashlib.sha256(pdf_v1).hexdigest() == v1.sha256
    assert hashlib.sha256(pdf).hexdigest() == ultima.sha256
    ancora = b"".join(client.get(f"/avvisi/{procedura.pk}/avviso-v1.pdf").streaming_content)
    assert ancora == pdf_v1  # never silently changed


@pytest.mark.parametrize("quante", [2, 25])
def test_query_costanti(client, ds, crea_procedura_completa, porta_a, quante,
                        django_assert_max_num_queries):
    for numero in range(quante):
        procedura = crea_procedura_completa(oggetto=f"Procedura {numero}")
        if numero % 2:
            ProceduraSelezione.objects.filter(pk=procedura.pk).update(
                stato=Stato.APERTA, pubblicata_il=timezone.now(),
                data_apertura=timezone.now() - timedelta(days=1),
                data_chiusura=timezone.now() + timedelta(days=1))
    with django_assert_max_num_queries(3):
        assert client.get("/avvisi/?cerca=Procedura&stato=aperto").status_code == 200
    client.force_login(ds)
    with django_assert_max_num_queries(8):
        assert client.get("/procedure/?q=Procedura").status_code == 200


def test_conferma_senza_campi_esegue_l_azione(client, ds, crea_procedura_completa, porta_a):
    """A confirmation-only POST has an empty body: it must still run the action."""
    procedura = porta_a(crea_procedura_completa(), "pubblicata")
    client.force_login(ds)
    risposta = client.post(f"/procedure/{procedura.pk}/azione/apri/")
    assert risposta.status_code == 302
    procedura.refresh_from_db()
    assert procedura.stato == Stato.APERTA


def test_griglia_caricata_poi_adattata(client, ds, crea_procedura_completa, ds_altro):
    procedura = crea_procedura_completa()
    laurea = procedura.criteri.get(descrizione__startswith="Laurea vecchio")
    client.force_login(ds)
    pagina = client.get(f"/procedure/{procedura.pk}/criteri/{laurea.pk}/").content.decode()
    assert "100: 6\n105: 12\n110: 18" in pagina  # the bands are shown for editing
    risposta = client.post(f"/procedure/{procedura.pk}/criteri/{laurea.pk}/", {
        "descrizione": laurea.descrizione, "tipo": "voto_laurea", "fasce_testo": "100: 8\n110: 20",
        "bonus_lode": "3", "gruppo": "Laurea"})
    assert risposta.status_code == 302
    laurea.refresh_from_db()
    assert laurea.fasce == [[100, 8.0], [110, 20.0]] and laurea.bonus_lode == 3
    risposta = client.post(f"/procedure/{procedura.pk}/criteri/{laurea.pk}/", {
        "descrizione": laurea.descrizione, "tipo": "per_unita", "punti": "1"})
    assert "non indica il punteggio massimo" in risposta.content.decode()
    client.force_login(ds_altro)
    assert client.get(f"/procedure/{procedura.pk}/criteri/{laurea.pk}/").status_code == 404


def test_fasce_di_voto_con_i_decimali_in_italiano(client, ds, crea_procedura_completa):
    """«12,5» is twelve and a half points, as everywhere in the portal; bands may also be
    written on one line, after «;» or «, »; the page gives them back the same way."""
    procedura = crea_procedura_completa()
    laurea = procedura.criteri.get(descrizione__startswith="Laurea vecchio")
    client.force_login(ds)
    url = f"/procedure/{procedura.pk}/criteri/{laurea.pk}/"
    dati = {"descrizione": laurea.descrizione, "tipo": "voto_laurea", "bonus_lode": "2"}
    risposta = client.post(url, {**dati, "fasce_testo": "100: 6; 105: 12,5\r\n110: 18"})
    assert risposta.status_code == 302
    laurea.refresh_from_db()
    assert laurea.fasce == [[100, 6.0], [105, 12.5], [110, 18.0]]
    assert "100: 6\n105: 12,50\n110: 18" in client.get(url).content.decode()
    assert "≤105 → 12,50" in client.get(f"/procedure/{procedura.pk}/criteri/").content.decode()
    anteprima = client.get(f"/procedure/{procedura.pk}/anteprima-avviso/").content.decode()
    assert "fino a 105: 12,50; fino a 110: 18;" in anteprima  # the avviso's text, as in the PDF
    risposta = client.post(url, {**dati, "fasce_testo": "100: 6, 105 12"})
    assert "La fascia «105 12» non è nella forma «voto: punti»." in risposta.content.decode()
    laurea.refresh_from_db()
    assert laurea.fasce == [[100, 6.0], [105, 12.5], [110, 18.0]]


def test_dettaglio_segue_l_orologio_prima_del_task(client, ds, crea_procedura_completa, porta_a):
    """The deadline passed a second ago and no worker ran: the page already shows the closed
    procedure and offers «Avvio valutazione istanze»."""
    procedura = porta_a(crea_procedura_completa(), "aperta")
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_apertura=timezone.now() - timedelta(days=2),
        data_chiusura=timezone.now() - timedelta(seconds=1))
    client.force_login(ds)
    pagina = client.get(f"/procedure/{procedura.pk}/")
    assert pagina.status_code == 200
    assert "Avvio valutazione istanze" in pagina.content.decode()
    procedura.refresh_from_db()
    assert procedura.stato == Stato.CHIUSA


def test_seconda_griglia_chiede_se_sostituire_o_aggiungere(client, ds, crea_procedura_completa):
    procedura = crea_procedura_completa()  # the «esperti» grid is already loaded
    prima = procedura.criteri.count()
    client.force_login(ds)
    url = f"/procedure/{procedura.pk}/criteri/"
    pagina = client.get(url).content.decode()
    assert "Sostituisci i criteri esistenti" in pagina
    risposta = client.post(url, {"azione": "griglia", "griglia-griglia": "esperti"})
    assert risposta.status_code == 200
    assert "scegli se sostituirli con la griglia o aggiungerla" in risposta.content.decode()
    assert procedura.criteri.count() == prima  # nothing doubled silently
    client.post(url, {"azione": "griglia", "griglia-griglia": "esperti",
                      "griglia-modo": "sostituisci"})
    assert procedura.criteri.count() == prima
    client.post(url, {"azione": "griglia", "griglia-griglia": "tutor", "griglia-modo": "aggiungi"})
    assert procedura.criteri.count() > prima


INCARICHI = "Indica quanti incarichi conferire: da 1 a 100."
RECLAMI = "I giorni per i reclami contro la graduatoria provvisoria vanno da 1 a 30."


@pytest.mark.parametrize("campo, valore, errore", [
    ("numero_incarichi", "-1", INCARICHI),
    ("numero_incarichi", "0", INCARICHI),  # the same bound as for -1
    ("numero_incarichi", "99999999999", INCARICHI),
    ("giorni_reclami", "0", RECLAMI),
    ("giorni_reclami", "-3", RECLAMI),
    ("giorni_reclami", "999999999999", RECLAMI),
])
def test_numeri_dell_avviso_entro_limiti_sensati(client, ds, crea_procedura_completa, campo,
                                                 valore, errore):
    """Absurd figures never reach the avviso («Incarichi 2147483647», 30.000 days for a
    reclamo): said beside the field, with one bound whatever the wrong number."""
    procedura = crea_procedura_completa()
    client.force_login(ds)
    dati = {c: getattr(procedura, c) for c in services.CAMPI_INFORMAZIONI}
    dati = {k: ("on" if v is True else v) for k, v in dati.items()
            if v is not False and v is not None}
    risposta = client.post(f"/procedure/{procedura.pk}/informazioni/", dati | {campo: valore})
    assert risposta.status_code == 200
    assert risposta.context["form"].errors[campo] == [errore]  # one message, what it counts
    # a text field with the numeric keypad (portale.forms.InteroInItaliano), the value kept:
    # a number field of a browser not set to Italian sent «1,5» as 15 and spoke English
    campo_html = re.search(rf'<input[^>]*name="{campo}"[^>]*>', risposta.content.decode()).group(0)
    assert 'type="text"' in campo_html and 'inputmode="numeric"' in campo_html
    assert f'value="{valore}"' in campo_html
    procedura.refresh_from_db()
    assert (procedura.numero_incarichi, procedura.giorni_reclami) == (1, 5)


@pytest.mark.parametrize("tipologia, griglia", [
    ("tutor", "tutor"), ("figura_aggiuntiva", "tutor"), ("collaudatore", "progettista_collaudatore"),
    ("formatore", "esperti"), ("altro", ""),
])
def test_la_griglia_proposta_e_quella_della_tipologia(client, ds, ds_membership, tipologia,
                                                      griglia):
    """A tutor's avviso is not offered the progettista's grid first (one click loaded nine
    criteria of network design into a maths tutor's avviso); «Altro» has no grid of its own:
    nothing is chosen for the DS."""
    procedura = services.crea_procedura(autore=ds, membership=ds_membership,
                                        oggetto="Incarico di prova", tipologia_incarico=tipologia)
    client.force_login(ds)
    pagina = client.get(f"/procedure/{procedura.pk}/criteri/")
    assert pagina.context["form_griglia"]["griglia"].value() == griglia
    scelta = re.search(r'<option value="([^"]*)"[^>]*selected', pagina.content.decode())
    assert (scelta.group(1) if scelta else "") == griglia
    risposta = client.post(f"/procedure/{procedura.pk}/criteri/", {"azione": "griglia",
                                                                   "griglia-griglia": ""})
    assert "Questo campo è obbligatorio" in risposta.content.decode()
    assert not procedura.criteri.exists()


def test_criterio_con_valori_negativi_rifiutato(client, ds, crea_procedura_completa):
    procedura = crea_procedura_completa()
    client.force_login(ds)
    massimo_prima = client.get(f"/procedure/{procedura.pk}/criteri/").context["massimo"]
    for campi, messaggio in (({"tipo": "manuale", "massimo": "-10"}, "non può essere negativo"),
                             ({"tipo": "per_unita", "punti": "-1", "massimo": "5"},
                              "i punti non possono essere negativi"),
                             ({"tipo": "per_unita", "punti": "6", "massimo": "5"},
                              "i punti per unità (6) superano il punteggio massimo (5)")):
        risposta = client.post(f"/procedure/{procedura.pk}/criteri/", {
            "azione": "criterio", "criterio-descrizione": "Colloquio", **{
                f"criterio-{k}": v for k, v in campi.items()}})
        assert risposta.status_code == 200 and messaggio in risposta.content.decode()
    assert client.get(f"/procedure/{procedura.pk}/criteri/").context["massimo"] == massimo_prima


def test_precompilato_dalla_scheda_solo_se_c_e_una_scheda(client, ds, scheda_conclusa,
                                                         crea_procedura_completa):
    client.force_login(ds)
    assert "Precompilato dalla scheda" not in client.get("/procedure/nuova/").content.decode()
    senza = crea_procedura_completa()
    pagina = client.get(f"/procedure/{senza.pk}/informazioni/").content.decode()
    assert "Il CUP, o un codice del progetto" in pagina
    assert "Precompilato dalla scheda" not in pagina
    client.post(f"/rilevazione-fabbisogno/schede/{scheda_conclusa.pk}/genera-procedura/")
    dalla_scheda = ProceduraSelezione.objects.get(scheda=scheda_conclusa)
    pagina = client.get(f"/procedure/{dalla_scheda.pk}/informazioni/").content.decode()
    assert "Precompilato dalla scheda progettuale." in pagina


def test_importo_minimo_detto_in_italiano(client, ds, crea_procedura_completa):
    procedura = crea_procedura_completa()
    client.force_login(ds)
    dati = {"oggetto": procedura.oggetto, "compenso": "0", "numero_incarichi": 1,
            "giorni_reclami": 5}
    risposta = client.post(f"/procedure/{procedura.pk}/informazioni/", dati)
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["compenso"] == [
        "Il valore deve essere di almeno 0,01 €."]
    # the amount written as the pages write it is read as such, and shown back that way
    risposta = client.post(f"/procedure/{procedura.pk}/informazioni/",
                           dati | {"compenso": "1.500,00",
                                   "informativa_privacy": procedura.informativa_privacy})
    procedura.refresh_from_db()
    assert risposta.status_code == 302, risposta.context["form"].errors
    assert procedura.compenso == Decimal("1500.00")
    pagina = client.get(f"/procedure/{procedura.pk}/informazioni/").content.decode()
    assert 'value="1500,00"' in pagina


# two wrong fields at once: too few incarichi, the end of the activities before their start
DUE_ERRORI = {"oggetto": "Esperto di teatro", "numero_incarichi": "0", "giorni_reclami": "5",
              "data_inizio_attivita": "2027-06-01", "data_fine_attivita": "2027-02-01"}


def test_tutti_gli_errori_di_crea_procedura_in_un_giro(client, ds):
    client.force_login(ds)
    risposta = client.post("/procedure/nuova/", DUE_ERRORI)
    errori = risposta.context["form"].errors
    assert set(errori) == {"numero_incarichi", "data_fine_attivita"}
    assert errori["data_fine_attivita"] == ["La fine delle attività non può precedere l'inizio."]


def test_note_dei_criteri_con_le_etichette_non_i_codici(client, ds, crea_procedura_completa):
    procedura = crea_procedura_completa()
    procedura.criteri.update(categorie=["altra_scuola", "altra_pa", "privato"])
    client.force_login(ds)
    pagina = client.get(f"/procedure/{procedura.pk}/criteri/").content.decode()
    assert "solo personale di altre scuole, dipendenti di altre PA, soggetti privati" in pagina
    assert "altra_scuola" not in pagina.split("<table")[1].split("</table>")[0]


def test_la_regola_del_requisito_si_chiede_solo_con_titoli_su_cui_poggiare(
        client, ds, ds_membership):
    """«soddisfatto se il candidato dichiara almeno uno tra» with nothing to choose is a
    sentence without an end: the question appears once the procedure has a declared title."""
    procedura = services.crea_procedura(autore=ds, membership=ds_membership, oggetto="Tutor")
    client.force_login(ds)
    domanda = "dichiara almeno uno tra"
    assert domanda not in client.get(f"/procedure/{procedura.pk}/criteri/").content.decode()
    risposta = client.post(f"/procedure/{procedura.pk}/criteri/", {
        "azione": "criterio", "criterio-descrizione": "Requisito: laurea", "criterio-tipo":
        "requisito"})
    assert risposta.status_code == 302
    services.aggiungi_criterio(autore=ds, membership=ds_membership, procedura=procedura,
                               descrizione="Patente ECDL", tipo="fisso", punti=3)
    assert domanda in client.get(f"/procedure/{procedura.pk}/criteri/").content.decode()


def test_avviso_pubblico_dice_le_regole_dei_criteri_e_porta_alla_trasparenza(
        client, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    pagina = client.get(f"/avvisi/{procedura.pk}/").content.decode()
    from html import unescape
    pagina = unescape(pagina)
    # the «esperti» grid of art. 17: bands of the degree mark, points per unit with a maximum
    assert "fino a 100: 6 punti; fino a 105: 12 punti; fino a 110: 18 punti" in pagina
    assert "5 punti per anno, fino a 10 punti" in pagina
    assert "2.310,00 € lordo dipendente – 30 ore a 77 € l'ora" in pagina
    assert f"/trasparenza/{procedura.istituto.codice_meccanografico}/" in pagina
    assert "Graduatoria" not in pagina  # nothing published yet
    # what a candidate on a phone needs without opening the PDF: the documents to attach, why
    # the maximum is less than the column's sum (the degrees are alternatives), ties, reclami
    assert "<h2 class=\"h4\">Documenti da allegare</h2>\n    <ul><li>Curriculum vitae – formati: PDF</li></ul>" in pagina
    assert ("Il punteggio massimo è minore della somma della colonna «Max»: nei gruppi di "
            "alternative conta solo il titolo più favorevole") in pagina
    assert f"A parità di punteggio {procedura.regola_parita}." in pagina
    assert (f"è ammesso reclamo entro {procedura.giorni_reclami} giorni dalla pubblicazione"
            in pagina)
    assert "<summary>Informativa sul trattamento dei dati personali</summary>" in pagina



def test_l_anteprima_dell_avviso_e_una_pagina_del_portale(client, ds, crea_procedura_completa):
    """The preview is shown inside the portal (header, path, a way back), the avviso's text
    in a box of its own: not the bare document that the PDF is made from."""
    bozza = crea_procedura_completa(oggetto="Esperto di robotica")
    client.force_login(ds)
    html = client.get(f"/procedure/{bozza.pk}/anteprima-avviso/").content.decode()
    assert "<title>Anteprima dell'avviso – Esperto di robotica" in html
    assert 'class="breadcrumb"' in html and "it-header-wrapper" in html
    assert f'href="/procedure/{bozza.pk}/">Torna al riepilogo della procedura</a>' in html
    articolo = html[html.index('<article class="anteprima-avviso'):]
    assert "Avviso di selezione per il conferimento di incarichi individuali" in articolo


def test_l_anteprima_senza_date_non_ha_frasi_spezzate(client, ds, crea_procedura_completa):
    """Before publication the dates are not fixed: the preview says so, instead of «pubblicata
    il –» and «dalle ore del alle ore del .»."""
    from procedure.models import ProceduraSelezione

    bozza = crea_procedura_completa(oggetto="Esperto di robotica")
    ProceduraSelezione.objects.filter(pk=bozza.pk).update(data_apertura=None, pubblicata_il=None)
    client.force_login(ds)
    html = client.get(f"/procedure/{bozza.pk}/anteprima-avviso/").content.decode()
    articolo = html[html.index('<article class="anteprima-avviso'):]
    assert "non ancora pubblicata" in articolo and "pubblicata il –" not in articolo
    assert "dall'apertura (data da fissare alla pubblicazione)" in articolo
    assert "dalle ore  del" not in articolo


def test_il_termine_e_detto_in_ora_italiana(client, crea_procedura_completa, porta_a):
    """The deadline as Italian avvisi write it: the local hour of Rome (UTC+1 in winter),
    «(ora italiana)», not the jargon «ora del server»."""
    aperta = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "aperta")
    chiusura = datetime(2099, 1, 15, 11, 0, tzinfo=UTC)
    ProceduraSelezione.objects.filter(pk=aperta.pk).update(data_chiusura=chiusura)
    pagina = client.get(f"/avvisi/{aperta.pk}/").content.decode()
    assert "Termine: 15/01/2099 12:00 (ora italiana)." in pagina
    assert "ora del server" not in pagina


def test_informazioni_generali_da_leggere_dopo_la_conclusione(client, ds, crea_procedura_completa,
                                                               porta_a):
    """After «Concludi» the tab «1. Informazioni generali» showed nothing: it sent back to the
    summary («si modificano solo in bozza»). Now it shows the data, read-only, says why and
    how to change them; a forged POST changes nothing."""
    procedura = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "conclusa")
    client.force_login(ds)
    risposta = client.get(f"/procedure/{procedura.pk}/informazioni/")
    assert risposta.status_code == 200
    pagina = unescape(risposta.content.decode())
    assert 'value="Esperto di robotica"' in pagina
    assert re.search(r'<input[^>]*name="oggetto"[^>]*disabled', pagina)
    assert ">Salva</button>" not in pagina
    assert "Le informazioni generali si modificano solo in bozza" in pagina
    client.post(f"/procedure/{procedura.pk}/informazioni/", {"oggetto": "Cambiato"})
    procedura.refresh_from_db()
    assert procedura.oggetto == "Esperto di robotica"


def test_gli_errori_di_crea_procedura_elencati_in_cima_con_i_collegamenti(client, ds):
    """A long form: the first wrong field was below the fold on a phone, with nothing at the
    top saying that the save failed. Now a summary at the top names each field and links it."""
    client.force_login(ds)
    pagina = unescape(client.post("/procedure/nuova/", DUE_ERRORI).content.decode())
    riepilogo = re.search(r'<div class="alert alert-danger" role="alert" id="errori-modulo">(.*?)</div>',
                          pagina, re.S)
    assert riepilogo and pagina.index("errori-modulo") < pagina.index('name="oggetto"')
    testo = re.sub(r"<[^>]+>", "", riepilogo.group(1))
    assert "2 dati non sono validi" in testo
    assert "Fine delle attività: La fine delle attività non può precedere l'inizio." in testo
    assert 'href="#id_data_fine_attivita"' in riepilogo.group(1)
    assert 'href="#id_numero_incarichi"' in riepilogo.group(1)


@pytest.mark.parametrize("nome", ["annulla", "pubblica", "revisione_significativa", "proroga"])
def test_chi_non_puo_confermare_non_vede_il_modulo(client, crea_procedura_completa, porta_a,
                                                   segreteria, dsga, nome):
    """The action's page opened by a role the table does not allow: a 403 that says to whom
    it is reserved, not a form to fill in that is refused only after «Conferma»."""
    from procedure.stati import TRANSIZIONI

    procedura = porta_a(crea_procedura_completa(), "aperta" if nome == "proroga" else "conclusa")
    esclusi = [p for p in (segreteria, dsga)
               if p.memberships.get().ruolo not in TRANSIZIONI[nome].ruoli]
    assert esclusi  # the segreteria at least: no action of this list is the redazione's
    for persona in esclusi:
        client.force_login(persona)
        for metodo in ("get", "post"):
            risposta = getattr(client, metodo)(f"/procedure/{procedura.pk}/azione/{nome}/")
            assert risposta.status_code == 403, (persona, nome, metodo)
            assert "Questa pagina è riservata a chi opera come" in risposta.content.decode()
    procedura.refresh_from_db()
    assert procedura.stato == ("aperta" if nome == "proroga" else "conclusa")


def test_la_base_del_compenso_si_sceglie_tra_due_e_si_legge_nel_riepilogo(
        client, ds, crea_procedura_completa):
    """What the amount includes is said by the DS (lordo Stato or lordo dipendente) and read
    back on the summary; nothing else is accepted."""
    procedura = crea_procedura_completa()
    client.force_login(ds)
    pagina = client.get(f"/procedure/{procedura.pk}/informazioni/").content.decode()
    assert pagina.count('name="base_compenso"') == 2  # two radios, no empty choice
    dati = {c: getattr(procedura, c) for c in services.CAMPI_INFORMAZIONI}
    dati = {k: v for k, v in dati.items() if v is not None and not isinstance(v, bool)}
    dati |= {"ammette_interni": "on", "ammette_privati": "on", "base_compenso": "netto"}
    risposta = client.post(f"/procedure/{procedura.pk}/informazioni/", dati)
    assert risposta.status_code == 200 and "base_compenso" in risposta.context["form"].errors
    procedura.refresh_from_db()
    assert procedura.base_compenso == "lordo_dipendente"
    dati["base_compenso"] = "lordo_stato"
    assert client.post(f"/procedure/{procedura.pk}/informazioni/", dati).status_code == 302
    procedura.refresh_from_db()
    assert procedura.base_compenso == "lordo_stato"
    riepilogo = client.get(f"/procedure/{procedura.pk}/").content.decode()
    assert ("2.310,00 € lordo Stato (omnicomprensivo); per il personale della scuola "
            "1.740,77 € lordo dipendente") in riepilogo


def test_inizio_passato_e_fine_prima_dell_inizio_detti_insieme(client, ds, crea_procedura_completa):
    """Both mistakes of the dates in one «Salva», not the second one a round later."""
    client.force_login(ds)
    date = {"data_inizio_attivita": "2020-03-01", "data_fine_attivita": "2020-01-15"}
    risposta = client.post("/procedure/nuova/", {"oggetto": "Tutor", **date})
    errori = risposta.context["form"].errors
    assert errori["data_inizio_attivita"] == ["L'inizio delle attività non può essere già passato."]
    assert errori["data_fine_attivita"] == ["La fine delle attività non può precedere l'inizio."]
    procedura = crea_procedura_completa()
    dati = {c: getattr(procedura, c) for c in services.CAMPI_INFORMAZIONI}
    dati = {k: v for k, v in dati.items() if v is not None and not isinstance(v, bool)}
    dati |= {"ammette_interni": "on", "ammette_privati": "on", **date}
    risposta = client.post(f"/procedure/{procedura.pk}/informazioni/", dati)
    assert set(risposta.context["form"].errors) == {"data_inizio_attivita", "data_fine_attivita"}
    # a start saved earlier and now past is not refused when only the end changes
    ieri = timezone.localdate() - timedelta(days=1)
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(data_inizio_attivita=ieri)
    dati |= {"data_inizio_attivita": f"{ieri:%Y-%m-%d}",
             "data_fine_attivita": f"{ieri + timedelta(days=30):%Y-%m-%d}"}
    assert client.post(f"/procedure/{procedura.pk}/informazioni/", dati).status_code == 302


@pytest.mark.parametrize("modalita_scritte", [False, True])
def test_l_avviso_dice_il_calcolo_accanto_all_importo_e_non_lo_ripete(
        client, ds, ds_membership, porta_a, modalita_scritte):
    """A manual rate (lordo Stato): «ore × tariffa» belongs to the omnicomprensivo amount, not to
    what school staff would be paid; when the modalità di pagamento already say it (as
    genera_da_scheda writes them), the page does not say it twice."""
    from fabbisogno import services as schede
    from procedure.models import FormatoAllegato

    scheda = schede.concludi_scheda(autore=ds, membership=ds_membership, scheda=schede.crea_scheda(
        autore=ds, membership=ds_membership, titolo="Esperto di robotica", descrizione="Laboratorio",
        tipologia_incarico="esperto", fonte_finanziamento="pnrr", cup="D34D22000350006",
        destinatari="Studenti", data_inizio=timezone.localdate() + timedelta(days=60),
        data_fine=timezone.localdate() + timedelta(days=200), ore_previste=20,
        tariffa_manuale=Decimal("50")))
    procedura = services.genera_da_scheda(autore=ds, membership=ds_membership, scheda=scheda)
    dati = {"profilo": "Esperienza di robotica con studenti.", "luogo": "Sede centrale",
            "ammette_interni": True, "ammette_privati": True,
            "requisiti_ammissione": "Laurea magistrale"}
    if modalita_scritte:
        dati["modalita_pagamento"] = "Al termine delle attività, previa verifica delle ore svolte."
    services.salva_informazioni(autore=ds, membership=ds_membership, procedura=procedura,
                                **dati)
    services.aggiungi_allegato(autore=ds, membership=ds_membership, procedura=procedura,
                               nome="Curriculum vitae", formati=[FormatoAllegato.PDF])
    services.carica_griglia(autore=ds, membership=ds_membership, procedura=procedura,
                            griglia="esperti")
    procedura = porta_a(procedura, "aperta")
    pagina = unescape(client.get(f"/avvisi/{procedura.pk}/").content.decode())
    compenso = re.search(r"<dt[^>]*>Compenso</dt><dd[^>]*>(.*?)</dd>", pagina).group(1)
    if modalita_scritte:
        assert compenso == (
            "1.000,00 € lordo Stato (omnicomprensivo), pari a 50,00 € l'ora × 20 ore – Al termine "
            "delle attività, previa verifica delle ore svolte.<br>Per il personale della scuola "
            "753,58 € lordo dipendente.")
    else:
        # the hours and the rate right after the amount they give, the staff's figure on its
        # line (after it, «753,58 € lordo dipendente – 20 ore a 50,00 €» read as a product)
        assert compenso == (
            "1.000,00 € lordo Stato (omnicomprensivo) – 20 ore a 50,00 € l'ora, lordo "
            "omnicomprensivo; liquidazione al termine delle attività, previa verifica delle ore "
            "svolte.<br>Per il personale della scuola 753,58 € lordo dipendente.")


def test_l_avviso_dice_progetto_e_finanziamento(client, ds, ds_membership, scheda_conclusa,
                                                crea_procedura_completa, porta_a):
    """The avviso said nothing of the CUP written in «Progetto» nor of the funds: the PNRR and
    the Programma nazionale require each notice to say who finances it (art. 34 Reg. UE
    2021/241), and a candidate looks for the project's CUP."""
    from html import unescape

    from procedure.models import ProceduraSelezione

    senza = porta_a(crea_procedura_completa(oggetto="Esperto di scacchi"), "aperta")
    assert "<dt class=\"col-sm-4\">Progetto</dt>" not in client.get(f"/avvisi/{senza.pk}/").content.decode()

    con_cup = porta_a(crea_procedura_completa(progetto="D34D22000350006"), "aperta")
    pagina = unescape(client.get(f"/avvisi/{con_cup.pk}/").content.decode())
    assert '<dt class="col-sm-4">Progetto</dt><dd class="col-sm-8">CUP D34D22000350006</dd>' in pagina
    codice = porta_a(crea_procedura_completa(progetto="PROG-2026/7"), "aperta")
    assert "Codice progetto PROG-2026/7" in unescape(
        client.get(f"/avvisi/{codice.pk}/").content.decode())

    # from a PNRR scheda: the CUP (precompiled), the source and the EU's wording, in the page
    # and in the avviso's text
    client.force_login(ds)
    client.post(f"/rilevazione-fabbisogno/schede/{scheda_conclusa.pk}/genera-procedura/")
    procedura = ProceduraSelezione.objects.get(scheda=scheda_conclusa)
    atteso = ("CUP D34D22000350006; PNRR, finanziato dall'Unione europea – NextGenerationEU")
    assert procedura.progetto_e_finanziamento == atteso
    anteprima = unescape(client.get(f"/procedure/{procedura.pk}/anteprima-avviso/").content.decode())
    assert atteso + "." in anteprima


def test_compenso_fuori_misura_detto_prima_di_concludere(client, ds, crea_procedura_completa):
    """«2100000,50» typed for a 30-hour course went through «Concludi» in silence and reached
    the public avviso, no longer editable: the confirmation now says to check the figure
    (and lets the DS conclude: a large compenso is not forbidden)."""
    from decimal import Decimal

    client.force_login(ds)
    normale = crea_procedura_completa()
    assert "controlla la cifra" not in client.get(f"/procedure/{normale.pk}/").content.decode()
    enorme = crea_procedura_completa(compenso=Decimal("2100000.50"))
    pagina = unescape(client.get(f"/procedure/{enorme.pk}/").content.decode())
    conferma = pagina[pagina.index("Concludere la procedura di selezione?"):]
    assert ("Il compenso previsto è di 2.100.000,50 € per incarico, oltre 50.000,00 €: controlla "
            "la cifra in «Informazioni generali»") in conferma
    assert client.post(f"/procedure/{enorme.pk}/concludi/").status_code == 302
    enorme.refresh_from_db()
    assert enorme.stato == "conclusa"


def test_finestra_breve_chiesta_una_volta_prima_di_pubblicare(client, ds, crea_procedura_completa,
                                                              porta_a):
    """Opening 03/12 and closing 05/12 — two days for the candidates, maybe a month typed
    wrong — were published without a word: the dates come back with the question, what was
    typed kept; ticked, the avviso is published."""
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client.force_login(ds)
    url = f"/procedure/{procedura.pk}/azione/pubblica/"
    ora = timezone.now()
    dati = {"data_apertura": _dt(ora + timedelta(hours=1)),
            "data_chiusura": _dt(ora + timedelta(days=2, hours=3, minutes=30))}
    assert 'type="checkbox" name="finestra_breve"' not in client.get(url).content.decode()
    risposta = client.post(url, dati)
    pagina = unescape(risposta.content.decode())
    assert risposta.status_code == 200
    assert risposta.context["form"].errors["data_chiusura"] == [
        "Le candidature resterebbero aperte solo 2 giorni e 2 ore: controlla la data di "
        "chiusura. Se è voluto, spunta la conferma qui sotto e pubblica di nuovo."]
    assert 'type="checkbox" name="finestra_breve"' in pagina
    assert dati["data_chiusura"] in pagina
    procedura.refresh_from_db()
    assert procedura.stato == Stato.CONCLUSA
    risposta = client.post(url, dati | {"finestra_breve": "on"})
    assert risposta.status_code == 302
    procedura.refresh_from_db()
    assert procedura.stato == Stato.PUBBLICATA


def test_finestra_di_minuti_si_dice_in_italiano(client, ds, crea_procedura_completa, porta_a):
    """«resterebbero aperte solo meno di un'ora»."""
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client.force_login(ds)
    ora = timezone.now()
    risposta = client.post(f"/procedure/{procedura.pk}/azione/pubblica/", {
        "data_apertura": _dt(ora + timedelta(hours=1)),
        "data_chiusura": _dt(ora + timedelta(hours=1, minutes=15))})
    assert risposta.context["form"].errors["data_chiusura"][0].startswith(
        "Le candidature resterebbero aperte per meno di un'ora: controlla la data di chiusura.")


def test_finestra_di_una_settimana_senza_domande(client, ds, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client.force_login(ds)
    ora = timezone.now()
    risposta = client.post(f"/procedure/{procedura.pk}/azione/pubblica/", {
        "data_apertura": _dt(ora - timedelta(days=1)),  # already past: opens now
        "data_chiusura": _dt(ora + timedelta(days=7, minutes=5))})
    assert risposta.status_code == 302


def test_l_avviso_concluso_si_distingue_da_quello_appena_chiuso(client, crea_procedura_completa,
                                                               porta_a):
    """After the definitive ranking the public list said «Chiuso», as for an avviso whose
    deadline passed an hour ago: a visitor could not tell which selections have an outcome."""
    porta_a(crea_procedura_completa(oggetto="Formatore chiuso"), "chiusa")
    porta_a(crea_procedura_completa(oggetto="Tutor in valutazione"), "valutata")
    conclusa = porta_a(crea_procedura_completa(oggetto="Esperto concluso"), "conclusa_esito")
    conclusi = client.get("/avvisi/?stato=concluso").content.decode()
    assert "Esperto concluso" in conclusi
    assert "Formatore chiuso" not in conclusi and "Tutor in valutazione" not in conclusi
    chiusi = client.get("/avvisi/?stato=chiuso").content.decode()
    assert "Formatore chiuso" in chiusi and "Tutor in valutazione" in chiusi
    assert "Esperto concluso" not in chiusi
    assert re.search(r'<option value="concluso"\s*>Concluso</option>', chiusi)
    dettaglio = client.get(f"/avvisi/{conclusa.pk}/").content.decode()
    assert "La selezione è conclusa" in dettaglio
    assert "I termini per presentare la candidatura sono chiusi" not in dettaglio
