"""Carica strumenti, versions, downloads, withdrawal, list filters, Informazioni utili."""

import hashlib

import pytest
from django.urls import reverse

from accounts.models import Ruolo
from portale.models import Evento
from portale.tests import campioni_documenti as campioni
from strumenti.models import Strumento, VersioneStrumento

pytestmark = pytest.mark.django_db


def _carica(client, **extra):
    dati = {"titolo": "Modello di lettera di incarico", "descrizione": "Art. 10.3 del regolamento",
            "categoria": "template", "visibilita": "segreterie",
            "file": campioni.caricato("lettera.docx", campioni.docx())} | extra
    return client.post("/strumenti/carica/", dati)


def test_ds_carica_uno_strumento_del_proprio_istituto(client, ds, istituto, archivio_privato):
    client.force_login(ds)
    pagina = client.get("/strumenti/carica/").content.decode()
    assert "Carica strumenti" in pagina and "IC Leonardo da Vinci" in pagina
    risposta = _carica(client)
    strumento = Strumento.objects.get()
    assert risposta.status_code == 302 and risposta["Location"] == f"/strumenti/{strumento.pk}/"
    assert strumento.istituto == istituto and strumento.ambito == "istituto"
    versione = strumento.versione_corrente
    assert versione.numero == 1 and versione.nome_file == "lettera.docx"
    assert versione.sha256 == hashlib.sha256(campioni.docx()).hexdigest()
    assert versione.tipo_mime.endswith("wordprocessingml.document")
    assert "lettera" not in versione.file.name  # stored under a random name
    assert (archivio_privato / versione.file.name).read_bytes() == campioni.docx()
    evento = Evento.objects.get(azione="strumento.caricato")
    assert evento.istituto == istituto and evento.dettagli["sha256"] == versione.sha256
    # «utenti» of an istituto's strumento: said in the history as on its page
    _carica(client, titolo="Indicazioni per il personale", visibilita="utenti")
    assert Evento.objects.filter(azione="strumento.caricato").order_by("-pk").first(
    ).descrizione == ("Caricato lo strumento «Indicazioni per il personale» – visibilità: Il "
                      "personale dell'istituto con un ruolo nel portale")
    # the dashboard adds the author in brackets: none nested (Segreterie (DS, DSGA, Segreteria))
    _carica(client, titolo="Modulistica", visibilita="segreterie")
    assert Evento.objects.filter(azione="strumento.caricato").order_by("-pk").first(
    ).descrizione == ("Caricato lo strumento «Modulistica» – visibilità: Segreterie (DS, DSGA, "
                      "Segreteria)")


def test_amministrazione_carica_strumenti_nazionali(client, amministrazione):
    client.force_login(amministrazione)
    assert "nazionale" in client.get("/strumenti/carica/").content.decode()
    assert _carica(client, visibilita="pubblico").status_code == 302
    strumento = Strumento.objects.get()
    assert strumento.istituto is None and strumento.descrizione_ambito == "Nazionale"


@pytest.mark.parametrize("nome, dati, messaggio", [
    ("avviso.pdf", b"<html>non sono un pdf</html>", "Il file «avviso.pdf» non è un PDF valido."),
    ("vuoto.pdf", b"", "Il file «vuoto.pdf» è vuoto."),
    ("macro.docx", campioni.docm(), "non è un documento Word (DOCX) valido"),
    ("foto.png", campioni.png(), "non è di un tipo ammesso"),
])
def test_file_rifiutati_con_messaggio_e_dati_conservati(client, ds, nome, dati, messaggio):
    client.force_login(ds)
    risposta = _carica(client, file=campioni.caricato(nome, dati, "application/pdf"))
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert messaggio in html.replace("&#x27;", "'")
    assert "Modello di lettera di incarico" in html  # the user's typing is kept
    assert not Strumento.objects.exists() and not VersioneStrumento.objects.exists()


def test_limite_di_dimensione_dalle_impostazioni(client, ds, settings):
    settings.DOCUMENTI_DIMENSIONE_MASSIMA = 2048
    client.force_login(ds)
    grande = campioni.pdf("x" * 3000)
    risposta = _carica(client, file=campioni.caricato("grande.pdf", grande))
    assert "supera la dimensione massima di 2 KB" in risposta.content.decode()
    assert not Strumento.objects.exists()


@pytest.mark.parametrize("ruolo", [Ruolo.REFERENTE, Ruolo.SUPPORTO, None])
def test_chi_non_carica_riceve_403(client, con_ruolo, crea_persona, istituto, ruolo):
    persona = (con_ruolo("GLLNNA82H48F205R", ruolo, istituto if ruolo == Ruolo.REFERENTE else None)
               if ruolo else crea_persona("GLLNNA82H48F205R"))
    client.force_login(persona)
    assert client.get("/strumenti/carica/").status_code == 403
    assert _carica(client).status_code == 403
    assert not Strumento.objects.exists()
    assert "Carica strumenti" not in client.get("/strumenti/").content.decode()


def test_nuova_versione_sostituisce_e_conserva_lo_storico(client, segreteria, crea_strumento,
                                                         con_ruolo, istituto):
    strumento = crea_strumento(segreteria, visibilita="referenti", dati=campioni.pdf("v1"))
    referente = con_ruolo("GLLNNA82H48F205R", Ruolo.REFERENTE, istituto)
    client.force_login(segreteria)
    # the same file again is no new version: said beside the field, nothing stored
    identico = client.post(f"/strumenti/{strumento.pk}/nuova-versione/", {
        "file": campioni.caricato("ancora.pdf", campioni.pdf("v1")), "nota": "Nuovi importi"})
    assert identico.status_code == 200 and identico.context["form"].errors["file"] == [
        "Il file è identico alla versione 1 in vigore («modello.pdf»): scegli il file aggiornato."]
    assert strumento.versioni.count() == 1
    risposta = client.post(f"/strumenti/{strumento.pk}/nuova-versione/", {
        "file": campioni.caricato("modello-2026.odt", campioni.odt()), "nota": "Nuovi importi"})
    assert risposta.status_code == 302
    strumento.refresh_from_db()
    assert strumento.versione_corrente.numero == 2
    assert list(strumento.versioni.values_list("numero", flat=True)) == [2, 1]
    evento = Evento.objects.get(azione="strumento.nuova_versione")
    assert evento.dettagli["nota"] == "Nuovi importi"

    # Everyone downloads the new file; the old one stays downloadable only for its managers.
    client.force_login(referente)
    attuale = client.get(f"/strumenti/{strumento.pk}/scarica/")
    assert b"".join(attuale.streaming_content) == campioni.odt()
    assert attuale["Content-Disposition"].startswith('attachment; filename="modello-2026.odt"')
    assert client.get(f"/strumenti/{strumento.pk}/versioni/2/scarica/").status_code == 200
    assert client.get(f"/strumenti/{strumento.pk}/versioni/1/scarica/").status_code == 404
    dettaglio = client.get(f"/strumenti/{strumento.pk}/").content.decode()
    assert "Storico delle versioni" in dettaglio and "Nuovi importi" in dettaglio
    assert "Carica nuova versione" not in dettaglio
    client.force_login(segreteria)
    vecchia = client.get(f"/strumenti/{strumento.pk}/versioni/1/scarica/")
    assert b"".join(vecchia.streaming_content) == campioni.pdf("v1")
    assert client.get(f"/strumenti/{strumento.pk}/versioni/9/scarica/").status_code == 404


def test_download_contati_e_intestazioni(client, crea_strumento, amministrazione):
    strumento = crea_strumento(amministrazione, visibilita="pubblico")
    for _ in range(3):
        risposta = client.get(f"/strumenti/{strumento.pk}/scarica/")
        assert risposta["Content-Type"] == "application/pdf"
        assert risposta["X-Content-Type-Options"] == "nosniff"
        assert risposta["Content-Disposition"].startswith("attachment;")
        assert b"".join(risposta.streaming_content) == campioni.pdf("Modello di avviso")
    strumento.refresh_from_db()
    assert strumento.download == 3 and strumento.versione_corrente.download == 3
    assert "3 download" in client.get("/strumenti/").content.decode()


def test_modifica_visibilita_con_evento(client, segreteria, crea_strumento, candidato):
    strumento = crea_strumento(segreteria, visibilita="pubblico")
    client.force_login(segreteria)
    risposta = client.post(f"/strumenti/{strumento.pk}/modifica/", {
        "titolo": "Modello aggiornato", "descrizione": "", "categoria": "modulistica",
        "visibilita": "segreterie"})
    assert risposta.status_code == 302
    strumento.refresh_from_db()
    assert strumento.visibilita == "segreterie" and strumento.titolo == "Modello aggiornato"
    evento = Evento.objects.get(azione="strumento.modificato")
    assert evento.dettagli["visibilita"] == {"prima": "pubblico", "dopo": "segreterie"}
    client.force_login(candidato)
    assert client.get(f"/strumenti/{strumento.pk}/scarica/").status_code == 404
    cronologia = client.get(f"/strumenti/{strumento.pk}/")
    assert cronologia.status_code == 404


def test_ritiro_con_conferma(client, segreteria, crea_strumento):
    strumento = crea_strumento(segreteria, visibilita="pubblico")
    client.force_login(segreteria)
    pagina = client.get(f"/strumenti/{strumento.pk}/").content.decode()
    assert "Confermi il ritiro?" in pagina and "Cronologia" in pagina
    assert client.get(f"/strumenti/{strumento.pk}/ritira/").status_code == 405
    assert client.post(f"/strumenti/{strumento.pk}/ritira/").status_code == 302
    strumento.refresh_from_db()
    assert strumento.ritirato_il is not None
    assert Evento.objects.filter(azione="strumento.ritirato").exists()
    client.logout()
    assert client.get(f"/strumenti/{strumento.pk}/scarica/").status_code == 302
    assert client.get("/strumenti/").context["pagina"].paginator.count == 0


def test_percorsi_vietati_di_gestione(client, crea_strumento, segreteria, ds_altro,
                                      amministrazione, con_ruolo, istituto):
    """Managing: another istituto's strumento → 404, a national one for a DS → 404, the
    istituto ones for Amministrazione → 404, roles that never upload → 403, anonymous → login."""
    di_istituto = crea_strumento(segreteria, visibilita="pubblico")
    nazionale = crea_strumento(amministrazione, visibilita="pubblico")
    azioni = [("get", "modifica/"), ("get", "nuova-versione/"), ("post", "ritira/")]

    def esiti(strumento):
        return {getattr(client, metodo)(f"/strumenti/{strumento.pk}/{url}").status_code
                for metodo, url in azioni}

    assert esiti(di_istituto) == {302}  # anonymous
    assert all("/accounts/login/" in client.get(f"/strumenti/{di_istituto.pk}/{u}")["Location"]
               for _, u in azioni if _ == "get")
    client.force_login(ds_altro)
    assert esiti(di_istituto) == {404}
    assert esiti(nazionale) == {404}
    client.force_login(amministrazione)
    assert esiti(di_istituto) == {404}
    referente = con_ruolo("GLLNNA82H48F205R", Ruolo.REFERENTE, istituto)
    client.force_login(referente)
    assert esiti(di_istituto) == {403}
    assert Strumento.objects.filter(ritirato_il__isnull=True).count() == 2
    assert VersioneStrumento.objects.count() == 2


def test_filtri_ricerca_e_stato_vuoto(client, amministrazione, segreteria, crea_strumento):
    crea_strumento(amministrazione, titolo="Manuale utente", categoria="manuale",
                   descrizione="Guida al portale")
    crea_strumento(amministrazione, titolo="Decreto incarichi", categoria="normativa")
    crea_strumento(segreteria, titolo="Modulo privacy", categoria="modulistica")
    client.force_login(segreteria)

    def titoli(query):
        risposta = client.get("/strumenti/" + query)
        return sorted(s.titolo for s in risposta.context["pagina"].object_list)

    assert titoli("") == ["Decreto incarichi", "Manuale utente", "Modulo privacy"]
    assert titoli("?q=guida") == ["Manuale utente"]
    assert titoli("?categoria=normativa") == ["Decreto incarichi"]
    assert titoli("?ambito=istituto") == ["Modulo privacy"]
    assert titoli("?ambito=nazionale&visibilita=pubblico") == ["Decreto incarichi", "Manuale utente"]
    assert titoli("?gestibili=on") == ["Modulo privacy"]
    vuota = client.get("/strumenti/?q=inesistente").content.decode()
    assert "Nessuno strumento corrisponde ai filtri" in vuota
    assert titoli("?categoria=sbagliata") == ["Decreto incarichi", "Manuale utente", "Modulo privacy"]


def test_elenco_vuoto(client):
    assert "Non ci sono ancora strumenti disponibili" in client.get("/strumenti/").content.decode()


def _molti(strumento_base, quanti):
    versione = strumento_base.versione_corrente
    for numero in range(quanti):
        copia = Strumento.objects.create(
            titolo=f"Copia {numero}", categoria="altro", visibilita=strumento_base.visibilita,
            istituto=strumento_base.istituto, creato_da=strumento_base.creato_da)
        nuova = VersioneStrumento.objects.create(
            strumento=copia, numero=1, file=versione.file.name, nome_file=versione.nome_file,
            tipo_mime=versione.tipo_mime, dimensione=versione.dimensione, sha256=versione.sha256,
            caricata_da=versione.caricata_da)
        copia.versione_corrente = nuova
        copia.save()


@pytest.mark.parametrize("quanti", [2, 40])
@pytest.mark.parametrize("chi", ["anonimo", "segreteria"])
def test_numero_di_query_dell_elenco_costante(client, segreteria, crea_strumento, quanti, chi,
                                             django_assert_max_num_queries):
    _molti(crea_strumento(segreteria, visibilita="pubblico"), quanti)
    if chi == "segreteria":
        client.force_login(segreteria)
    with django_assert_max_num_queries(6):
        risposta = client.get("/strumenti/?pagina=2" if quanti > 20 else "/strumenti/")
    assert risposta.status_code == 200


def test_informazioni_utili_pubbliche(client, amministrazione, crea_strumento, settings):
    crea_strumento(amministrazione, titolo="Guida utente del Portale", categoria="manuale",
                   visibilita="pubblico")
    crea_strumento(amministrazione, titolo="Circolare riservata", visibilita="segreterie")
    risposta = client.get("/informazioni-utili/")
    html = risposta.content.decode()
    assert risposta.status_code == 200 and reverse("strumenti:informazioni_utili") == "/informazioni-utili/"
    assert 'class="accordion"' in html and 'class="accordion-button collapsed"' in html
    assert "Come posso richiedere assistenza?" in html
    assert "Come posso monitorare il mio ticket?" in html and "Monitoraggio Tickets" in html
    assert "assistenza@portale-incarichi.example.it" in html  # from ASSISTENZA_FROM_EMAIL
    assert "noreply@portale-incarichi.example.it" in html  # the notifications' sender
    assert "Guida utente del Portale" in html and "Circolare riservata" not in html
    assert f"entro {settings.ASSISTENZA_GIORNI_RIAPERTURA} giorni" in html
    assert 'href="/informazioni-utili/"' in client.get("/").content.decode()  # footer link


def test_ogni_indirizzo_degli_strumenti_per_un_anonimo(client, segreteria, crea_strumento):
    """The sweep: every URL of the app answers an anonymous visitor as intended (a new URL
    without a decision here fails the test)."""
    from django.urls import URLPattern

    from strumenti import urls

    riservato = crea_strumento(segreteria, visibilita="segreterie")
    attesi = {"elenco": 200, "informazioni_utili": 200, "carica": 302, "dettaglio": 302,
              "scarica": 302, "scarica_versione": 302, "modifica": 302, "nuova_versione": 302,
              "ritira": 302, "ritirati": 302, "ripristina": 302}
    assert {p.name for p in urls.urlpatterns} == set(attesi)
    for pattern in urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        argomenti = {k: riservato.pk if k == "pk" else 1 for k in pattern.pattern.converters}
        url = reverse(f"strumenti:{pattern.name}", kwargs=argomenti)
        risposta = client.get(url)
        assert risposta.status_code == attesi[pattern.name], url
        if risposta.status_code == 302:
            assert risposta["Location"].startswith("/accounts/login/"), url


def test_invio_vuoto_mostra_gli_errori(client, ds):
    client.force_login(ds)
    risposta = client.post("/strumenti/carica/", {})
    assert risposta.status_code == 200 and "Questo campo è obbligatorio" in risposta.content.decode()
    # a file dropped in the browser for its type left «Questo campo è obbligatorio.» under
    # «File», the reason gone: the message says what to choose
    from portale.documenti import elenco_tipi
    from strumenti.forms import TIPI_AMMESSI

    assert risposta.context["form"].errors["file"] == [
        f"Scegli il file da caricare: {elenco_tipi(TIPI_AMMESSI)}."]


@pytest.mark.parametrize("versioni", [1, 12])
def test_query_costanti_nel_dettaglio_con_lo_storico(client, segreteria, crea_strumento,
                                                     versioni, django_assert_max_num_queries):
    from strumenti import services

    strumento = crea_strumento(segreteria, visibilita="segreterie")
    for numero in range(versioni - 1):
        services.carica_versione(autore=segreteria, membership=segreteria.memberships.get(),
                                 strumento=strumento, nota=f"v{numero + 2}",
                                 file=campioni.caricato("m.pdf", campioni.pdf(str(numero))))
    client.force_login(segreteria)
    with django_assert_max_num_queries(8):
        risposta = client.get(f"/strumenti/{strumento.pk}/")
    assert risposta.status_code == 200 and risposta.context["versioni"].count() == versioni


def test_file_sparito_dallo_storage_non_conta_il_download(client, amministrazione,
                                                          crea_strumento, archivio_privato):
    strumento = crea_strumento(amministrazione, visibilita="pubblico")
    (archivio_privato / strumento.versione_corrente.file.name).unlink()
    client.force_login(amministrazione)
    assert client.get(f"/strumenti/{strumento.pk}/scarica/").status_code == 404
    strumento.refresh_from_db()
    assert strumento.download == 0


def test_strumenti_ritirati_si_ritrovano_e_si_ripristinano(client, segreteria, ds,
                                                           crea_strumento):
    """A «Ritira» by mistake was for good: the school had to upload the file again, and
    nobody could see what had been withdrawn. Who manages the strumento finds it among
    «Strumenti ritirati» and brings it back, with the event in its Cronologia."""
    strumento = crea_strumento(segreteria, titolo="Modulo dichiarazioni", visibilita="pubblico")
    crea_strumento(segreteria, titolo="Modulo ancora in uso")
    client.force_login(segreteria)
    elenco = client.get("/strumenti/").content.decode()
    assert 'href="/strumenti/ritirati/"' in elenco  # the way there, for who manages
    vuoto = client.get("/strumenti/ritirati/")
    assert vuoto.status_code == 200 and "Nessuno strumento ritirato" in vuoto.content.decode()
    assert "si può annullare" not in client.get(f"/strumenti/{strumento.pk}/").content.decode()
    client.post(f"/strumenti/{strumento.pk}/ritira/")

    client.force_login(ds)  # another manager of the same school
    pagina = client.get("/strumenti/ritirati/")
    assert [s.titolo for s in pagina.context["pagina"]] == ["Modulo dichiarazioni"]
    html = pagina.content.decode()
    assert "Ritirato il" in html and "Paolo Neri" in html  # when and by whom
    assert client.get(f"/strumenti/{strumento.pk}/ripristina/").status_code == 405
    risposta = client.post(f"/strumenti/{strumento.pk}/ripristina/", follow=True)
    assert risposta.redirect_chain[-1][0] == f"/strumenti/{strumento.pk}/"
    assert "è di nuovo visibile" in risposta.content.decode()
    strumento.refresh_from_db()
    assert strumento.ritirato_il is None
    evento = Evento.objects.get(azione="strumento.ripristinato")
    assert evento.autore == ds and "Modulo dichiarazioni" in evento.descrizione
    client.logout()
    assert client.get(f"/strumenti/{strumento.pk}/scarica/").status_code == 200  # public again
    client.force_login(ds)
    assert client.get("/strumenti/ritirati/").context["pagina"].paginator.count == 0
    # restoring twice: the strumento is not withdrawn, nothing to restore
    assert client.post(f"/strumenti/{strumento.pk}/ripristina/").status_code == 404
    assert Evento.objects.filter(azione="strumento.ripristinato").count() == 1


def test_percorsi_vietati_degli_strumenti_ritirati(client, crea_strumento, segreteria, ds_altro,
                                                   amministrazione, con_ruolo, istituto,
                                                   candidato):
    """Only who manages it sees or restores a withdrawn strumento: another istituto's DS and
    the Amministrazione (for an istituto's) → 404 and an empty list, roles that never upload
    → 403, anonymous → login; a national one is the Amministrazione's."""
    di_istituto = crea_strumento(segreteria, visibilita="pubblico")
    nazionale = crea_strumento(amministrazione, visibilita="pubblico", titolo="Nazionale")
    client.force_login(segreteria)
    client.post(f"/strumenti/{di_istituto.pk}/ritira/")
    client.force_login(amministrazione)
    client.post(f"/strumenti/{nazionale.pk}/ritira/")
    client.logout()

    ripristina = f"/strumenti/{di_istituto.pk}/ripristina/"
    for url in ("/strumenti/ritirati/", ripristina):
        risposta = client.get(url) if url.endswith("ritirati/") else client.post(url)
        assert risposta.status_code == 302 and "/accounts/login/" in risposta["Location"]
    for chi in (ds_altro, amministrazione):
        client.force_login(chi)
        assert client.post(ripristina).status_code == 404
        titoli = [s.titolo for s in client.get("/strumenti/ritirati/").context["pagina"]]
        assert titoli == (["Nazionale"] if chi == amministrazione else [])
    client.force_login(ds_altro)
    assert client.post(f"/strumenti/{nazionale.pk}/ripristina/").status_code == 404
    for chi in (con_ruolo("GLLNNA82H48F205R", Ruolo.REFERENTE, istituto), candidato):
        client.force_login(chi)
        assert client.get("/strumenti/ritirati/").status_code == 403
        assert client.post(ripristina).status_code == 403
        assert 'href="/strumenti/ritirati/"' not in client.get("/strumenti/").content.decode()
    assert Strumento.objects.filter(ritirato_il__isnull=True).count() == 0
    assert not Evento.objects.filter(azione="strumento.ripristinato").exists()


@pytest.mark.parametrize("quanti", [2, 40])
def test_numero_di_query_dei_ritirati_costante(client, segreteria, crea_strumento, quanti,
                                               django_assert_max_num_queries):
    from django.utils import timezone

    _molti(crea_strumento(segreteria, visibilita="pubblico"), quanti)
    Strumento.objects.update(ritirato_il=timezone.now(), ritirato_da=segreteria)
    client.force_login(segreteria)
    with django_assert_max_num_queries(6):
        risposta = client.get("/strumenti/ritirati/?pagina=2" if quanti > 20
                              else "/strumenti/ritirati/")
    assert risposta.status_code == 200 and "da Paolo Neri" in risposta.content.decode()
