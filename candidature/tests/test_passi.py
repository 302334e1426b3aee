"""Issue 17: the application form in steps, over HTTP; its summary and ricevuta line by line."""

import io
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from candidature import services
from candidature.models import Candidatura, StatoCandidatura
from portale.tests.campioni_documenti import caricato, pdf
from procedure.models import Criterio, ProceduraSelezione, TipoCriterio
from procedure.modulo import AUTOCERTIFICAZIONI

pytestmark = pytest.mark.django_db


def _url(procedura, passo):
    return reverse("candidature:passo", args=[procedura.pk, passo])


def _criterio(procedura, inizio):
    return procedura.criteri.get(descrizione__startswith=inizio)


def test_i_passi_in_ordine_avanti_e_indietro_fino_all_invio(client, candidato, procedura_aperta):
    """Each step saves only its own fields, moves where the button says, and the summary, the
    detail page and the PDF ricevuta list every declaration with its points."""
    client.force_login(candidato)
    p = procedura_aperta
    magistrale = _criterio(p, "Laurea vecchio")
    triennale = _criterio(p, "Laurea triennale")
    europea = _criterio(p, "Esperienza di progettazione europea")
    interni = _criterio(p, "Esperienza nel gruppo interno")
    campo, allegato = p.campi.get(), p.allegati_richiesti.get()

    primo = client.get(reverse("candidature:presenta", args=[p.pk])).content.decode()
    assert "Passo 1 di 6: Dati e contatti" in primo and 'class="steppers' in primo
    assert 'aria-current="step"' in primo and candidato.codice_fiscale in primo
    assert f'action="{_url(p, "dati")}"' in primo

    risposta = client.post(_url(p, "dati"), {"email": "alessia.ferrari@example.it",
                                             "pec": "alessia@pec.example.it",
                                             "telefono": "3331234567", "vai": "categoria"})
    assert risposta["Location"] == _url(p, "categoria")
    risposta = client.post(_url(p, "categoria"), {"categoria": "privato", f"campo_{campo.pk}": "si",
                                                  "vai": "titoli"})
    assert risposta["Location"] == _url(p, "titoli")

    # «Salva bozza» in Titoli stays there and shows the points of each card and the total
    risposta = client.post(_url(p, "titoli"), {
        f"criterio_{magistrale.pk}": "110", f"criterio_{magistrale.pk}_lode": "on",
        f"criterio_{magistrale.pk}_descrizione": "Ingegneria, Politecnico di Milano, 2015",
        f"documento_criterio_{magistrale.pk}": caricato("laurea.pdf", pdf("Diploma di laurea")),
        f"criterio_{triennale.pk}": "108", f"criterio_{europea.pk}": "2",
        f"criterio_{interni.pk}": "1", "salva": ""}, follow=True)
    pagina = risposta.content.decode()
    assert "Bozza salvata" in pagina and "Passo 3 di 6: Titoli valutabili" in pagina
    assert pagina.count('class="card card-bg mb-4 scheda-criterio"') == p.criteri.exclude(
        tipo=TipoCriterio.REQUISITO).count()  # one card per criterion, value and document together
    assert "fino a 100: 6 punti; fino a 105: 12 punti; fino a 110: 18 punti" in pagina
    assert "Con i dati salvati: 20 punti" in pagina and "Con i dati salvati: 4 punti" in pagina
    assert "conta solo il migliore" in pagina  # the triennale, in the same group
    assert "<strong>24</strong> punti" in pagina and "laurea.pdf" in pagina
    # the one for personale interno, folded, since it gives a private expert nothing; the
    # value typed stays in it
    schede = pagina.split('class="card card-bg mb-4 scheda-criterio"')[1:]
    ripiegate = [s for s in schede if "<details" in s]
    assert len(ripiegate) == 1 and interni.descrizione in ripiegate[0]
    assert f'name="criterio_{interni.pk}"' in ripiegate[0] and 'value="1"' in ripiegate[0]
    assert "Non vale per la categoria che hai scelto: non dà punti." in ripiegate[0]

    risposta = client.post(_url(p, "titoli"), {"vai": "categoria"})  # back: nothing lost…
    assert risposta["Location"] == _url(p, "categoria")
    candidatura = Candidatura.objects.get()
    # …except what the titles step itself sent (empty now): the step owns its fields only
    assert candidatura.telefono == "3331234567" and candidatura.categoria == "privato"
    assert candidatura.risposte == {str(campo.pk): "si"}
    client.post(_url(p, "titoli"), {
        f"criterio_{magistrale.pk}": "110", f"criterio_{magistrale.pk}_lode": "on",
        f"criterio_{magistrale.pk}_descrizione": "Ingegneria, Politecnico di Milano, 2015",
        f"criterio_{triennale.pk}": "108", f"criterio_{europea.pk}": "2",
        f"criterio_{interni.pk}": "1", "vai": "allegati"})
    risposta = client.post(_url(p, "allegati"), {
        f"allegato_{allegato.pk}": caricato("cv.pdf", pdf("Curriculum")), "vai": "dichiarazioni"})
    assert risposta["Location"] == _url(p, "dichiarazioni")
    risposta = client.post(_url(p, "dichiarazioni"), {**dict.fromkeys(AUTOCERTIFICAZIONI, "on"),
                                                      "vai": "riepilogo"})
    assert risposta["Location"] == reverse("candidature:riepilogo", args=[p.pk])

    riepilogo = client.get(risposta["Location"]).content.decode()
    candidatura.refresh_from_db()
    assert services.punteggio_dichiarato(candidatura, p) == 24
    assert "<strong>24</strong>" in riepilogo and "Prima di inviare completa" not in riepilogo
    assert "110/110 e lode" in riepilogo and "2 esperienze" in riepilogo
    assert "Ingegneria, Politecnico di Milano, 2015" in riepilogo
    for documento in candidatura.allegati.all():
        assert documento.sha256 in riepilogo
    for testo in AUTOCERTIFICAZIONI.values():
        assert testo.replace("'", "&#x27;") in riepilogo
    assert riepilogo.count("Modifica<span") == 5  # back to each step from the summary

    client.post(reverse("candidature:invia", args=[candidatura.pk]))
    candidatura.refresh_from_db()
    assert candidatura.stato == StatoCandidatura.INVIATA
    dettaglio = client.get(reverse("candidature:dettaglio", args=[candidatura.pk])).content.decode()
    assert "110/110 e lode" in dettaglio and "Modifica<span" not in dettaglio
    ricevuta = client.get(reverse("candidature:ricevuta", args=[candidatura.pk]))
    testo = " ".join(pagina.extract_text() for pagina in
                     PdfReader(io.BytesIO(b"".join(ricevuta.streaming_content))).pages)
    testo = "".join(testo.split())  # words wrapped in the table cells: compare without spaces
    # «Avviso n.», as the candidate knows it from the public page and the form
    assert f"Avvison.{p.pk}–" in testo
    # «Protocollo  RMIC… - Prot. n.» said protocol twice: the row is the segnatura
    assert f"Segnaturadiprotocollo{p.istituto.codice_meccanografico}-Prot.n." in testo
    for riga in ("CandidataAlessiaFerrari", "Titolidichiarati", "Totaledichiarato24",
                 "".join(magistrale.descrizione.split()) + "110/110elode"
                 "Ingegneria,PolitecnicodiMilano,201520",
                 "Esperienzadiprogettazioneeuropea2esperienze4",
                 "108/110Inalternativaconaltrititoli(Laurea):contasoloilmigliore,qui9nonsommati0",
                 "artt.75e76DPR445/2000).Resa"):
        assert riga in testo, riga
    for documento in candidatura.allegati.all():
        assert documento.sha256 in testo


def test_errori_in_italiano_con_il_dato_digitato_e_il_resto_salvato(client, candidato,
                                                                   procedura_aperta):
    client.force_login(candidato)
    p = procedura_aperta
    magistrale = _criterio(p, "Laurea vecchio")
    europea = _criterio(p, "Esperienza di progettazione europea")
    risposta = client.post(_url(p, "titoli"), {
        f"criterio_{magistrale.pk}": "108", f"criterio_{magistrale.pk}_lode": "on",
        f"criterio_{europea.pk}": "3", "vai": "allegati"})
    assert risposta.status_code == 200
    pagina = risposta.content.decode()
    assert "La lode si dichiara solo con 110." in pagina and 'value="108"' in pagina
    # the box above the step counts the wrong fields and links to each, in the page's order
    riquadro = pagina[pagina.index('id="errori-passo"'):]
    riquadro = riquadro[:riquadro.index("</div>")]
    assert "<strong>Un dato non è valido</strong>: correggilo qui sotto." in riquadro
    assert f'<a href="#id_criterio_{magistrale.pk}">Laurea vecchio ordinamento' in riquadro
    assert "</a>: La lode si dichiara solo con 110.</li>" in riquadro
    # inside the criterion's card, whose legend names it, the field says only what to give
    etichetta = re.search(rf'<label for="id_criterio_{magistrale.pk}"[^>]*>\s*([^<*]+)', pagina)
    assert etichetta and etichetta.group(1).strip() == "Voto su 110", etichetta
    etichetta = re.search(rf'<label for="id_criterio_{europea.pk}"[^>]*>\s*([^<*]+)', pagina)
    assert etichetta.group(1).strip().startswith("Numero di "), etichetta.group(1)
    assert "file" not in riquadro  # no file refused on this step: nothing to choose again
    # every title has its «Documento»: the box names the title of the one refused
    pagina = client.post(_url(p, "titoli"), {
        f"criterio_{magistrale.pk}": "108", f"criterio_{europea.pk}": "3", "vai": "allegati",
        f"documento_criterio_{europea.pk}": caricato("attestato.pdf", b"MZ un eseguibile")}
    ).content.decode()
    assert (f'<a href="#id_documento_criterio_{europea.pk}">Esperienza di progettazione europea – '
            f'Documento (facoltativo, PDF)</a>: ') in pagina
    allegato = p.allegati_richiesti.get()
    pagina = client.post(_url(p, "allegati"), {
        f"allegato_{allegato.pk}": caricato("cv.pdf", b"MZ un eseguibile"), "vai": "dichiarazioni"}
    ).content.decode()
    assert "Il resto della bozza è stato salvato; un file non accettato va scelto di nuovo." in pagina
    assert f'<a href="#id_allegato_{allegato.pk}">' in pagina
    assert Candidatura.objects.get().dichiarazioni[str(europea.pk)] == 3  # the valid part is kept

    risposta = client.post(_url(p, "dati"), {"email": "non-una-mail", "telefono": "06 1234 5678",
                                             "vai": "categoria"})
    pagina = risposta.content.decode()
    assert risposta.status_code == 200 and 'value="non-una-mail"' in pagina
    assert "Inserisci un indirizzo e-mail valido, per esempio nome.cognome@esempio.it." in pagina
    assert Candidatura.objects.get().telefono == "06 1234 5678"
    # letters are not a phone number: said beside the field, what was typed stays on the page
    risposta = client.post(_url(p, "dati"), {"email": "alessia@example.it",
                                             "telefono": "tre tre tre", "vai": "categoria"})
    pagina = risposta.content.decode()
    assert risposta.status_code == 200 and 'value="tre tre tre"' in pagina
    assert "Il numero di telefono «tre tre tre» non è valido" in pagina
    bozza = Candidatura.objects.get()
    assert (bozza.email, bozza.telefono) == ("alessia@example.it", "06 1234 5678")

    assert client.get(_url(p, "inesistente")).status_code == 404
    assert client.get(_url(p, "riepilogo"))["Location"] == reverse("candidature:riepilogo",
                                                                     args=[p.pk])


def test_un_numero_di_anni_con_la_virgola_e_rifiutato_non_letto_diverso(client, candidato,
                                                                         procedura_aperta):
    """«1,5» anni typed on a phone: a browser's number field not set to Italian dropped the
    comma and sent 15, fifteen points declared under DPR 445/2000. The field is text with the
    numeric keypad, so «1,5» reaches the server and is refused beside the field, kept as typed."""
    client.force_login(candidato)
    p = procedura_aperta
    europea = _criterio(p, "Esperienza di progettazione europea")
    magistrale = _criterio(p, "Laurea vecchio")
    pagina = client.get(_url(p, "titoli")).content.decode()
    for criterio in (europea, magistrale):
        campo = re.search(rf'<input[^>]*id="id_criterio_{criterio.pk}"[^>]*>', pagina).group(0)
        assert 'type="text"' in campo and 'inputmode="numeric"' in campo, campo
    risposta = client.post(_url(p, "titoli"), {f"criterio_{europea.pk}": "1,5",
                                                f"criterio_{magistrale.pk}": "108",
                                                "vai": "allegati"})
    pagina = risposta.content.decode()
    assert risposta.status_code == 200 and 'value="1,5"' in pagina
    assert "Scrivi un numero intero, senza virgola (ad esempio 3)." in pagina
    bozza = Candidatura.objects.get()
    assert str(europea.pk) not in bozza.dichiarazioni  # nothing read in its place
    assert bozza.dichiarazioni[str(magistrale.pk)]["voto"] == 108  # the rest saved
    # a degree mark with a comma: the example is a mark, not «3»
    pagina = client.post(_url(p, "titoli"), {f"criterio_{magistrale.pk}": "105,5",
                                             "vai": "allegati"}).content.decode()
    assert "Scrivi il voto come numero intero, senza virgola (ad esempio 105)." in pagina


def test_un_voto_o_un_numero_fuori_scala_e_detto_con_le_parole_del_titolo(client, candidato,
                                                                           procedura_aperta):
    """A mark of 120 said «Assicurati che questo valore sia minore o uguale a 110», Django's
    words: the candidate is told the mark's range and where the lode goes; a count out of range
    what it counts may be."""
    client.force_login(candidato)
    p = procedura_aperta
    europea = _criterio(p, "Esperienza di progettazione europea")
    magistrale = _criterio(p, "Laurea vecchio")
    for voto, numero in (("120", "1000"), ("40", "-2")):
        pagina = unescape(client.post(_url(p, "titoli"), {
            f"criterio_{europea.pk}": numero, f"criterio_{magistrale.pk}": voto,
            "vai": "allegati"}).content.decode())
        assert "Assicurati" not in pagina
        assert "Il voto è un numero da 66 a 110." in pagina
        assert "Il numero di esperienze va da 0 a 999." in pagina
        assert f'value="{voto}"' in pagina and f'value="{numero}"' in pagina  # kept as typed


def test_lo_stesso_file_allegato_due_volte_e_segnalato_nel_riepilogo(client, candidato,
                                                                      procedura_aperta):
    """The same file chosen for the CV and for the degree's document (a phone's file picker
    opens where the last one was): the summary says so before «Invia», naming both, without
    forbidding it; different files say nothing."""
    client.force_login(candidato)
    p = procedura_aperta
    magistrale = _criterio(p, "Laurea vecchio")
    allegato = p.allegati_richiesti.get()
    client.post(_url(p, "titoli"), {
        f"criterio_{magistrale.pk}": "108",
        f"documento_criterio_{magistrale.pk}": caricato("cv.pdf", pdf("Curriculum")),
        "vai": "titoli"})
    client.post(_url(p, "allegati"), {
        f"allegato_{allegato.pk}": caricato("cv.pdf", pdf("Curriculum")), "vai": "allegati"})
    riepilogo = reverse("candidature:riepilogo", args=[p.pk])
    pagina = " ".join(unescape(client.get(riepilogo).content.decode()).split())
    assert ("Lo stesso file «cv.pdf» è allegato come «Curriculum vitae» e come «Laurea vecchio "
            "ordinamento") in pagina
    assert "controlla di aver scelto i file giusti" in pagina
    client.post(_url(p, "allegati"), {
        f"allegato_{allegato.pk}": caricato("cv.pdf", pdf("Curriculum, un altro")),
        "vai": "allegati"})
    assert "Lo stesso file" not in client.get(riepilogo).content.decode()


def test_termini_chiusi_durante_la_compilazione(client, candidato, procedura_aperta):
    """The server's clock decides: a step saved after the closing second is refused with the
    reason, the page keeps what was typed, nothing is written."""
    from django.utils import timezone

    client.force_login(candidato)
    client.get(reverse("candidature:presenta", args=[procedura_aperta.pk]))
    adesso = timezone.now()
    ProceduraSelezione.objects.filter(pk=procedura_aperta.pk).update(
        data_apertura=adesso - timezone.timedelta(days=2),
        data_chiusura=adesso - timezone.timedelta(seconds=1))
    risposta = client.post(_url(procedura_aperta, "dati"), {"telefono": "3339990000",
                                                            "vai": "categoria"})
    assert risposta.status_code == 200
    pagina = risposta.content.decode()
    assert "I termini per presentare la candidatura si sono chiusi" in pagina
    assert 'value="3339990000"' in pagina
    assert Candidatura.objects.get().telefono == ""


@pytest.mark.parametrize("azione,motivo", [("sospendi", "La procedura è sospesa"),
                                           ("avvia_revisione", "avviso è in revisione")])
def test_procedura_ferma_ogni_passo_lo_dice_e_il_riepilogo_non_offre_invia(
        client, candidato, ds, bozza_completa, azione, motivo):
    """A complete draft on a procedure the DS suspends or puts in revision: every step says
    why it cannot be sent now and the summary offers no «Invia» (it used to ask for the
    confirmation, promise the protocol number, and only then refuse); back to open, it does."""
    from procedure import services as procedure_services

    procedura = bozza_completa.procedura
    kw = dict(autore=ds, membership=ds.memberships.get(), procedura=procedura)
    getattr(procedure_services, azione)(**kw)
    client.force_login(candidato)
    invia = reverse("candidature:invia", args=[bozza_completa.pk])
    for passo in ("dati", "categoria", "titoli", "allegati", "dichiarazioni"):
        pagina = client.get(_url(procedura, passo)).content.decode()
        assert 'id="invio-non-possibile"' in pagina and motivo in pagina, passo
    riepilogo = client.get(reverse("candidature:riepilogo", args=[procedura.pk])).content.decode()
    assert motivo in riepilogo
    assert invia not in riepilogo and "Invia la candidatura" not in riepilogo
    getattr(procedure_services, "riprendi" if azione == "sospendi" else "concludi_revisione")(**kw)
    riepilogo = client.get(reverse("candidature:riepilogo", args=[procedura.pk])).content.decode()
    assert invia in riepilogo and 'id="invio-non-possibile"' not in riepilogo


def test_termini_chiusi_senza_bozza_non_parla_di_bozza(client, candidato, procedura_aperta):
    from django.utils import timezone

    adesso = timezone.now()
    ProceduraSelezione.objects.filter(pk=procedura_aperta.pk).update(
        data_apertura=adesso - timezone.timedelta(days=2),
        data_chiusura=adesso - timezone.timedelta(seconds=1))
    client.force_login(candidato)
    risposta = client.get(reverse("candidature:presenta", args=[procedura_aperta.pk]), follow=True)
    pagina = risposta.content.decode()
    assert "I termini per presentare la candidatura si sono chiusi" in pagina
    assert "La bozza resta salvata" not in pagina
    assert not Candidatura.objects.exists()


@pytest.mark.parametrize("passo", ["titoli", "allegati", "riepilogo"])
def test_query_costanti_al_crescere_dei_titoli(client, candidato, crea_procedura_completa, porta_a,
                                              passo):
    """The number of queries of a step does not grow with the criteria, the declarations and
    the documents."""
    conteggi = []
    for extra in (0, 8):
        procedura = crea_procedura_completa(oggetto=f"Avviso con {extra} titoli in più")
        for numero in range(extra):
            Criterio.objects.create(procedura=procedura, descrizione=f"Titolo aggiuntivo {numero}",
                                    tipo=TipoCriterio.FISSO, punti=1, ordine=100 + numero)
        procedura = porta_a(procedura, "aperta")
        bozza = services.apri_bozza(candidato=candidato, procedura=procedura)
        dati = {f"criterio_{c.pk}": True for c in procedura.criteri.filter(tipo="fisso")}
        file = {}
        if extra:
            from portale.documenti import verifica_file

            for c in procedura.criteri.filter(tipo="fisso")[:extra]:
                file[f"documento_criterio_{c.pk}"] = verifica_file(
                    caricato(f"t{c.pk}.pdf", pdf(f"Titolo {c.pk}")), tipi=("pdf",))
        services.salva_bozza(candidato=candidato, candidatura=bozza, dati=dati, file=file)
        client.force_login(candidato)
        url = (reverse("candidature:riepilogo", args=[procedura.pk]) if passo == "riepilogo"
               else _url(procedura, passo))
        with CaptureQueriesContext(connection) as query:
            assert client.get(url).status_code == 200
        conteggi.append(len(query))
    assert conteggi[0] == conteggi[1], conteggi


def test_con_javascript_un_passo_risponde_con_la_pagina_successiva(client, candidato,
                                                                   procedura_aperta):
    """htmx (assets/passi.js) sends HX-Request: the answer to a step is the page it leads to
    with its address in HX-Push-Url — one request instead of POST and redirect; errors stay on
    the step, and a POST without the header is answered with the redirect as before."""
    client.force_login(candidato)
    p = procedura_aperta
    htmx = {"HTTP_HX_REQUEST": "true"}
    risposta = client.post(_url(p, "dati"), {"telefono": "3331234567", "vai": "categoria"}, **htmx)
    assert risposta.status_code == 200
    assert risposta["HX-Push-Url"] == _url(p, "categoria")
    pagina = risposta.content.decode()
    assert "Passo 2 di 6: Categoria e requisiti" in pagina
    assert f'hx-post="{_url(p, "categoria")}"' in pagina  # the new form posts to its own step
    assert Candidatura.objects.get().telefono == "3331234567"

    risposta = client.post(_url(p, "titoli"), {"salva": ""}, **htmx)  # «Salva bozza»: same step
    assert risposta["HX-Push-Url"] == _url(p, "titoli")
    assert "Bozza salvata" in risposta.content.decode()

    risposta = client.post(_url(p, "dati"), {"email": "non-una-mail", "vai": "categoria"}, **htmx)
    assert risposta.status_code == 200 and "HX-Push-Url" not in risposta
    pagina = risposta.content.decode()
    assert "Passo 1 di 6: Dati e contatti" in pagina and 'value="non-una-mail"' in pagina

    risposta = client.post(_url(p, "dichiarazioni"), {"riepilogo": ""}, **htmx)
    assert risposta["HX-Push-Url"] == reverse("candidature:riepilogo", args=[p.pk])
    assert "Riepilogo della candidatura" in risposta.content.decode()

    risposta = client.post(_url(p, "dati"), {"telefono": "3330000000", "vai": "categoria"})
    assert risposta.status_code == 302 and risposta["Location"] == _url(p, "categoria")


def test_con_javascript_un_altro_candidato_non_vede_la_bozza(client, candidato, procedura_aperta,
                                                             django_user_model):
    """The page a step answers with is the requester's own draft, never someone else's."""
    client.force_login(candidato)
    client.post(_url(procedura_aperta, "dati"), {"telefono": "3331234567", "vai": "categoria"})
    altro = django_user_model.objects.create(codice_fiscale="RSSMRA80A01H501U", nome="Mario",
                                             cognome="Rossi")
    client.force_login(altro)
    risposta = client.post(_url(procedura_aperta, "dati"), {"vai": "categoria"},
                           HTTP_HX_REQUEST="true")
    assert risposta.status_code == 200 and "3331234567" not in risposta.content.decode()
    assert Candidatura.objects.filter(procedura=procedura_aperta).count() == 2


def test_con_javascript_la_risposta_e_solo_il_contenuto(client, candidato, procedura_aperta):
    """htmx replaces only <main>: its answer carries <main> and the page's title, not the header,
    menus and footer around it (nor the queries of the header: the unread notices, the roles
    of «Operi come»); without JavaScript the step is the whole page."""
    client.force_login(candidato)
    p = procedura_aperta
    # the draft opened first: creating it reads the person's roles at the istituto (a DS does
    # not apply to her own avviso), a rule of the application, not a query of the header
    client.get(_url(p, "dati"))
    with CaptureQueriesContext(connection) as query:
        risposta = client.post(_url(p, "dati"), {"telefono": "3331234567", "vai": "categoria"},
                               HTTP_HX_REQUEST="true")
    pagina = risposta.content.decode()
    assert pagina.startswith("<title>Categoria e requisiti – Candidatura – ")
    assert pagina.count('<main id="contenuto"') == 1 and "Passo 2 di 6" in pagina
    assert "it-header-wrapper" not in pagina and "it-footer" not in pagina
    for tabella in ("portale_notifica", "accounts_membership"):
        assert not [q for q in query.captured_queries if tabella in q["sql"]], tabella

    with CaptureQueriesContext(connection) as query:
        pagina = client.get(_url(p, "categoria")).content.decode()
    assert pagina.startswith("<!doctype html>") and "it-header-wrapper" in pagina
    assert "it-footer" in pagina and "Passo 2 di 6" in pagina
    for tabella in ("portale_notifica", "accounts_membership"):
        assert len([q for q in query.captured_queries if tabella in q["sql"]]) == 1, tabella


def test_ogni_passo_legge_l_avviso_insieme_alla_bozza(client, candidato, procedura_aperta):
    """After the first step the avviso comes with the live application, in one query: no step
    and not the summary read the avviso on its own (issue 19: one query less a request)."""
    client.force_login(candidato)
    p = procedura_aperta
    client.get(f"/avvisi/{p.pk}/candidatura/")  # the draft is created here
    for richiesta in (
            lambda: client.post(_url(p, "dati"), {"telefono": "3331234567", "vai": "categoria"},
                                HTTP_HX_REQUEST="true"),
            lambda: client.get(_url(p, "titoli")),
            lambda: client.get(f"/avvisi/{p.pk}/candidatura/riepilogo/")):
        with CaptureQueriesContext(connection) as query:
            assert richiesta().status_code == 200
        da_sola = [q["sql"] for q in query.captured_queries
                   if 'FROM "procedure_proceduraselezione"' in q["sql"]]
        assert not da_sola, da_sola
        assert any('INNER JOIN "procedure_proceduraselezione"' in q["sql"]
                   for q in query.captured_queries)


def test_un_elemento_aggiunto_in_revisione_arriva_al_passo_successivo(client, candidato, ds,
                                                                     procedura_aperta):
    """The candidates' steps read the form's elements from the cache: a field and a required
    attachment added in a «Revisione – Modifiche non significative» reach the candidate who
    already had the form open at the next step, the summary lists the new attachment as
    missing and «Invia» refuses without it."""
    from procedure import services as procedure_services

    client.force_login(candidato)
    p = procedura_aperta
    assert "Patente di guida" not in client.get(_url(p, "categoria")).content.decode()
    assert "Attestato di sicurezza" not in client.get(_url(p, "allegati")).content.decode()
    with CaptureQueriesContext(connection) as query:  # the elements now come from the cache
        client.get(_url(p, "categoria"))
    assert not [q for q in query.captured_queries if "procedure_campomodulo" in q["sql"]]

    kw = {"autore": ds, "membership": ds.memberships.get(), "procedura": p}
    procedure_services.avvia_revisione(**kw)
    assert "Patente di guida" not in client.get(_url(p, "categoria")).content.decode()
    procedure_services.aggiungi_campo(**kw, etichetta="Patente di guida", tipo="si_no")
    assert "Patente di guida" in client.get(_url(p, "categoria")).content.decode()
    assert "Attestato di sicurezza" not in client.get(_url(p, "allegati")).content.decode()
    procedure_services.aggiungi_allegato(**kw, nome="Attestato di sicurezza", formati=["pdf"])
    assert "Attestato di sicurezza" in client.get(_url(p, "allegati")).content.decode()
    procedure_services.concludi_revisione(**kw)

    riepilogo = client.get(reverse("candidature:riepilogo", args=[p.pk])).content.decode()
    assert "Attestato di sicurezza" in riepilogo
    with pytest.raises(ValidationError) as errore:
        services.invia(candidato=candidato, candidatura=Candidatura.objects.get())
    assert any("Attestato di sicurezza" in messaggio for messaggio in errore.value.messages)


def test_i_campi_che_l_invio_chiede_sono_segnati_in_ogni_passo(client, candidato,
                                                              procedura_aperta):
    """A draft saves with empty fields, yet the fields «Invia» asks for carry the asterisk and
    aria-required from the first step: not only the summary says they were needed."""
    client.force_login(candidato)
    p = procedura_aperta
    segnati, nota = set(), {}
    for passo in ("dati", "categoria", "titoli", "allegati", "dichiarazioni"):
        pagina = client.get(_url(p, passo)).content.decode()
        segnati |= set(re.findall(r'<(?:input|select|textarea)[^>]*\baria-required="true"[^>]*'
                                  r'\bname="([^"]+)"', pagina))
        segnati |= set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"[^>]*'
                                  r'\baria-required="true"', pagina))
        nota[passo] = "servono per inviare la candidatura" in pagina
    campo, allegato = p.campi.get(), p.allegati_richiesti.get()
    assert campo.obbligatorio and allegato.obbligatorio
    assert segnati == {"email", "categoria", f"campo_{campo.pk}", f"allegato_{allegato.pk}",
                       *AUTOCERTIFICAZIONI}
    assert nota == {"dati": True, "categoria": True, "titoli": False, "allegati": True,
                    "dichiarazioni": True}


def test_l_informativa_privacy_accanto_alla_sua_dichiarazione(client, candidato, procedura_aperta):
    client.force_login(candidato)
    p = procedura_aperta
    pagina = client.get(_url(p, "dichiarazioni")).content.decode()
    casella = pagina.index(AUTOCERTIFICAZIONI["presa_visione_privacy"].replace("'", "&#x27;"))
    informativa = pagina.index('<details class="mb-3" id="informativa-privacy">')
    assert 0 < informativa - casella < 1000  # right after the box it declares
    assert p.informativa_privacy and p.informativa_privacy[:60] in pagina[informativa:]
    assert 'href="/privacy/"' in pagina[informativa:]


def test_completa_la_candidatura_riprende_dal_primo_passo_incompleto(client, candidato,
                                                                     procedura_aperta):
    client.force_login(candidato)
    p = procedura_aperta
    riprendi = reverse("candidature:presenta", args=[p.pk]) + "?riprendi"
    campo, allegato = p.campi.get(), p.allegati_richiesti.get()
    # no draft yet: the first step, as «Presenta candidatura»
    assert "Passo 1 di 6: Dati e contatti" in client.get(riprendi).content.decode()
    client.post(_url(p, "dati"), {"email": "alessia@example.it", "vai": "categoria"})
    assert client.get(riprendi)["Location"] == _url(p, "categoria")
    client.post(_url(p, "categoria"), {"categoria": "privato", f"campo_{campo.pk}": "si",
                                       "vai": "titoli"})
    # nothing is required among the titles: on to the attachments
    assert client.get(riprendi)["Location"] == _url(p, "allegati")
    client.post(_url(p, "allegati"), {f"allegato_{allegato.pk}": caricato("cv.pdf", pdf("CV")),
                                      "vai": "dichiarazioni"})
    assert client.get(riprendi)["Location"] == _url(p, "dichiarazioni")
    client.post(_url(p, "dichiarazioni"), {**{nome: "on" for nome in AUTOCERTIFICAZIONI},
                                           "vai": "riepilogo"})
    assert client.get(riprendi)["Location"] == reverse("candidature:riepilogo", args=[p.pk])
    # the list of «Le mie candidature» leads there
    assert f'href="{riprendi}"' in client.get(reverse("candidature:le_mie")).content.decode()
