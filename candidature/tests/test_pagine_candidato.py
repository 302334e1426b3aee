"""The candidate's journey over HTTP, upload attacks, and who may see what."""

from datetime import timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candidature import services
from candidature.models import AllegatoCandidatura, Candidatura, StatoCandidatura
from portale.tests.campioni_documenti import caricato, pdf

pytestmark = pytest.mark.django_db


def test_percorso_completo_salva_riepilogo_invia(client, candidato, procedura_aperta, dati_completi):
    client.force_login(candidato)
    risposta = client.get(f"/avvisi/{procedura_aperta.pk}/")
    assert f'href="/avvisi/{procedura_aperta.pk}/candidatura/"' in risposta.content.decode()
    pagina = client.get(f"/avvisi/{procedura_aperta.pk}/candidatura/").content.decode()
    assert candidato.codice_fiscale in pagina and "Dati dall'identità digitale" in pagina
    risposta = client.post(f"/avvisi/{procedura_aperta.pk}/candidatura/", dati_completi | {"riepilogo": ""})
    assert risposta["Location"] == f"/avvisi/{procedura_aperta.pk}/candidatura/riepilogo/"
    riepilogo = client.get(risposta["Location"]).content.decode()
    assert "Punteggio dalle tue dichiarazioni" in riepilogo and "<strong>20</strong>" in riepilogo
    candidatura = Candidatura.objects.get()
    risposta = client.post(f"/candidature/{candidatura.pk}/invia/")
    assert risposta["Location"] == f"/candidature/{candidatura.pk}/"
    dettaglio = client.get(risposta["Location"]).content.decode()
    candidatura.refresh_from_db()
    assert candidatura.stato == StatoCandidatura.INVIATA and candidatura.sha256 in dettaglio
    assert "Prot. n. 0000001" in dettaglio
    ricevuta = client.get(f"/candidature/{candidatura.pk}/ricevuta.pdf")
    assert ricevuta["Content-Type"] == "application/pdf" and b"".join(ricevuta.streaming_content).startswith(b"%PDF")
    candidato.refresh_from_db()
    assert candidato.telefono == "3331234567"  # kept in the profile for next time
    # a second click on Invia does not make a second protocol
    assert client.post(f"/candidature/{candidatura.pk}/invia/")["Location"] == f"/candidature/{candidatura.pk}/"
    assert "Le mie candidature" in client.get("/candidature/").content.decode()


def test_bozza_parziale_salvata_e_ripresa(client, candidato, procedura_aperta):
    client.force_login(candidato)
    client.post(f"/avvisi/{procedura_aperta.pk}/candidatura/", {"categoria": "privato",
                                                                  "telefono": "06123456", "salva": ""})
    pagina = client.get(f"/avvisi/{procedura_aperta.pk}/candidatura/").content.decode()
    assert 'value="06123456"' in pagina  # first step: Dati e contatti
    pagina = client.get(f"/avvisi/{procedura_aperta.pk}/candidatura/passi/categoria/").content.decode()
    assert 'value="privato" selected' in pagina
    riepilogo = client.get(f"/avvisi/{procedura_aperta.pk}/candidatura/riepilogo/").content.decode()
    assert "Prima di inviare completa" in riepilogo and "Allega «Curriculum vitae»" in riepilogo
    # at the top of the page, each item with the way to the step that fills it in
    assert riepilogo.index("Prima di inviare completa") < riepilogo.index("Punteggio dalle tue")
    allegati = f"/avvisi/{procedura_aperta.pk}/candidatura/passi/allegati/"
    assert (f'Allega «Curriculum vitae». <a href="{allegati}">Vai a «Allegati»</a>'
            in unescape(riepilogo))
    dichiarazioni = f"/avvisi/{procedura_aperta.pk}/candidatura/passi/dichiarazioni/"
    assert f'<a href="{dichiarazioni}">Vai a «Dichiarazioni»</a>' in unescape(riepilogo)


@pytest.mark.parametrize("nome, dati, messaggio", [
    ("curriculum.pdf", b"MZ\x90\x00\x03\x00\x00\x00 eseguibile rinominato", "non è un PDF valido"),
    ("curriculum.pdf", b"", "è vuoto"),
    ("../../etc/curriculum.pdf", None, None),
    ("curriculum.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "supera la dimensione massima"),
])
def test_attacchi_in_upload_rifiutati_e_bozza_intatta(client, candidato, procedura_aperta,
                                                       nome, dati, messaggio):
    client.force_login(candidato)
    allegato = procedura_aperta.allegati_richiesti.get()
    client.post(f"/avvisi/{procedura_aperta.pk}/candidatura/", {"categoria": "privato",
                                                                  "telefono": "3339999999", "salva": ""})
    contenuto = pdf("CV") if dati is None else dati
    risposta = client.post(f"/avvisi/{procedura_aperta.pk}/candidatura/", {
        "categoria": "privato", "telefono": "3339999999", "salva": "",
        f"allegato_{allegato.pk}": SimpleUploadedFile(nome, contenuto, "application/pdf")})
    candidatura = Candidatura.objects.get()
    assert candidatura.telefono == "3339999999" and candidatura.categoria == "privato"
    if messaggio:
        assert risposta.status_code == 200 and messaggio in risposta.content.decode()
        assert not AllegatoCandidatura.objects.exists()
    else:  # a path in the name is reduced to the bare file name
        salvato = AllegatoCandidatura.objects.get()
        assert salvato.nome == "curriculum.pdf" and "/" not in salvato.nome and ".." not in salvato.percorso


def test_un_file_sostituisce_il_precedente(client, candidato, procedura_aperta):
    client.force_login(candidato)
    allegato = procedura_aperta.allegati_richiesti.get()
    for versione in ("prima", "seconda"):
        client.post(f"/avvisi/{procedura_aperta.pk}/candidatura/", {
            "salva": "", f"allegato_{allegato.pk}": caricato(f"cv-{versione}.pdf", pdf(versione))})
    assert list(AllegatoCandidatura.objects.values_list("nome", flat=True)) == ["cv-seconda.pdf"]


def test_termini_chiusi_niente_bozza(client, candidato, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "chiusa")
    client.force_login(candidato)
    risposta = client.get(f"/avvisi/{procedura.pk}/candidatura/", follow=True)
    assert "sono chiusi" in risposta.content.decode()
    assert not Candidatura.objects.exists()


def test_percorsi_vietati(client, candidato, crea_persona, bozza_completa, procedura_aperta, ds):
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    allegato = inviata.allegati.first()
    urls = [f"/candidature/{inviata.pk}/", f"/candidature/{inviata.pk}/ricevuta.pdf",
            f"/candidature/{inviata.pk}/allegati/{allegato.pk}/"]
    for url in urls + [f"/avvisi/{procedura_aperta.pk}/candidatura/", "/candidature/"]:
        assert client.get(url)["Location"].startswith("/accounts/login/"), url
    assert client.post(f"/candidature/{inviata.pk}/ritira/")["Location"].startswith("/accounts/login/")
    altro = crea_persona("ESPMRC88R03L736K", nome="Marco")
    for chi in (altro, ds):  # another candidate, and staff of the istituto in the candidate area
        client.force_login(chi)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(f"/candidature/{inviata.pk}/ritira/").status_code == 404
        assert client.post(f"/candidature/{inviata.pk}/invia/").status_code == 404
        assert "Alessia" not in client.get("/candidature/").content.decode()
    inviata.refresh_from_db()
    assert inviata.stato == StatoCandidatura.INVIATA


def test_ritiro_con_conferma(client, candidato, bozza_completa):
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    client.force_login(candidato)
    assert "Confermi il ritiro?" in client.get(f"/candidature/{inviata.pk}/").content.decode()
    assert client.get(f"/candidature/{inviata.pk}/ritira/").status_code == 405
    client.post(f"/candidature/{inviata.pk}/ritira/")
    inviata.refresh_from_db()
    assert inviata.stato == StatoCandidatura.RITIRATA


def test_dopo_la_scadenza_il_ritiro_non_si_offre(client, candidato, bozza_completa):
    """After the closing second «Ritira» would only be refused (services.ritira): the page
    does not offer it, nor its dialog promising a new application «fino alla chiusura»."""
    from procedure.models import ProceduraSelezione

    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    adesso = timezone.now()
    ProceduraSelezione.objects.filter(pk=inviata.procedura_id).update(
        data_apertura=adesso - timedelta(days=10), data_chiusura=adesso - timedelta(seconds=1))
    client.force_login(candidato)
    pagina = client.get(f"/candidature/{inviata.pk}/").content.decode()
    assert "Ritira la candidatura" not in pagina and "Confermi il ritiro?" not in pagina
    assert "Candidatura ricevuta" in pagina or "protocollo" in pagina.lower()


def test_l_avviso_dice_al_candidato_a_che_punto_e(client, candidato, crea_persona,
                                                 bozza_completa):
    """The public avviso offers «Presenta candidatura» to whoever has none; its author sees
    the draft to complete (resuming where something is missing) or the application sent,
    not a button that only then says «Hai già inviato la candidatura»."""
    from procedure.models import ProceduraSelezione

    procedura = bozza_completa.procedura
    url = f"/avvisi/{procedura.pk}/"
    assert "Presenta candidatura</a>" in client.get(url).content.decode()  # anonymous
    client.force_login(crea_persona("VRDGLI85M41F205R", nome="Giulia", cognome="Verdi"))
    assert "Presenta candidatura</a>" in client.get(url).content.decode()  # somebody else
    client.force_login(candidato)
    pagina = client.get(url).content.decode()
    assert "Completa la candidatura" in pagina and "Presenta candidatura</a>" not in pagina
    assert f'href="/avvisi/{procedura.pk}/candidatura/?riprendi"' in pagina
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    pagina = client.get(url).content.decode()
    assert f'href="/candidature/{inviata.pk}/"' in pagina and "Vedi la tua candidatura" in pagina
    assert inviata.protocollo.segnatura in pagina
    # closed: the sent application is still shown; the terms are said closed
    adesso = timezone.now()
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_apertura=adesso - timedelta(days=10), data_chiusura=adesso - timedelta(seconds=1))
    pagina = client.get(url).content.decode()
    assert "Vedi la tua candidatura" in pagina
    client.force_login(crea_persona("BNCLRA90A41F205X", nome="Lara", cognome="Bianchi"))
    pagina = client.get(url).content.decode()
    assert "I termini per presentare la candidatura sono chiusi." in pagina
    assert "Presenta candidatura</a>" not in pagina


@pytest.mark.parametrize("quante", [1, 15])
def test_query_costanti_le_mie_candidature(client, candidato, crea_procedura_completa, porta_a,
                                           quante, django_assert_max_num_queries):
    for numero in range(quante):
        procedura = porta_a(crea_procedura_completa(oggetto=f"Avviso {numero}"), "aperta")
        services.apri_bozza(candidato=candidato, procedura=procedura)
    client.force_login(candidato)
    with django_assert_max_num_queries(6):
        assert client.get("/candidature/").status_code == 200
