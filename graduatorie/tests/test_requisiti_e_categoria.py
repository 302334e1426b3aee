"""Issue 18, second half: the requirement computed from the declared titles warns the
candidate in the riepilogo, is flagged in Gestione istanze and in the valutazione, and the
exclusion takes one click on a confirmation with the motivazione prefilled; the commission
corrects the category with a note and the ranking follows it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidature.tests.istanze_fixtures import chiudi, invia, salva
from graduatorie import forms, selectors, services
from graduatorie.models import Correzione, Esito
from portale.models import Evento
from procedure import services as procedure_services
from procedure.models import Categoria, TipoCriterio

pytestmark = pytest.mark.django_db
LAUREA = "Laurea coerente con l'incarico"


@pytest.fixture
def con_requisito(crea_procedura_completa, porta_a, ds):
    """The esperti grid, a requirement «at least one degree» and a Colloquio; open."""
    procedura = crea_procedura_completa(ammette_altre_pa=True)
    kw = dict(autore=ds, membership=ds.memberships.get(), procedura=procedura)
    procedure_services.aggiungi_campo(**kw, etichetta="Disponibilità il sabato", tipo="si_no")
    procedure_services.aggiungi_criterio(**kw, descrizione="Colloquio", tipo="manuale",
                                         massimo=Decimal(10))
    procedure_services.aggiungi_criterio(
        **kw, descrizione=LAUREA, tipo=TipoCriterio.REQUISITO,
        soddisfatto_da=list(procedura.criteri.filter(descrizione__startswith="Laurea")))
    return porta_a(procedura, "aperta")


@pytest.fixture
def in_valutazione(con_requisito, persone, ds, dsga):
    """Alessia (privato) declares no degree, Marco (interno) 100/110; commissario: DSGA."""
    procedura = con_requisito
    alessia = invia(persone["alessia"], procedura, voto="")
    marco = invia(persone["marco"], procedura, categoria="interno", voto="100")
    procedura = chiudi(procedura)
    membership = ds.memberships.get()
    procedure_services.avvia_valutazione(autore=ds, membership=membership, procedura=procedura)
    services.nomina_commissario(autore=ds, membership=membership, procedura=procedura,
                                persona=dsga)
    procedura.refresh_from_db()
    return procedura, alessia, marco


def test_il_riepilogo_avvisa_ma_l_invio_resta_possibile(client, con_requisito, persone):
    procedura = con_requisito
    salva(persone["alessia"], procedura, voto="")
    client.force_login(persone["alessia"])
    pagina = client.get(reverse("candidature:riepilogo", args=[procedura.pk])).content.decode()
    assert "Dalle tue dichiarazioni non risulta un requisito di ammissione" in pagina
    assert f"<li>{LAUREA.replace(chr(39), '&#x27;')}</li>" in pagina
    assert "la commissione potrà escluderla" in pagina
    assert "Non risulta dai titoli dichiarati" in pagina
    assert 'data-bs-target="#conferma-invio">Invia</button>' in pagina
    assert 'type="submit" form="modulo-invio">Invia la candidatura</button>' in pagina
    # with a degree declared the warning is gone
    salva(persone["alessia"], procedura, voto="105")
    pagina = client.get(reverse("candidature:riepilogo", args=[procedura.pk])).content.decode()
    assert "non risulta un requisito" not in pagina and "Sì, dai titoli dichiarati" in pagina


def test_ammetti_rifiutato_ed_esclusione_in_un_clic(client, in_valutazione, dsga, ds):
    procedura, alessia, marco = in_valutazione
    with pytest.raises(ValidationError, match="Requisiti di ammissione non posseduti"):
        services.ammetti(autore=dsga, candidatura=alessia)
    services.ammetti(autore=dsga, candidatura=marco)
    client.force_login(dsga)
    elenco = client.get(reverse("graduatorie:valutazione", args=[procedura.pk])).content.decode()
    url = reverse("graduatorie:escludi_per_requisito", args=[procedura.pk, alessia.pk])
    assert "Requisito mancante" in elenco and url in elenco
    assert reverse("graduatorie:escludi_per_requisito", args=[procedura.pk, marco.pk]) \
        not in elenco
    # the istanza page prefills its own exclusion form too
    istanza = client.get(reverse("graduatorie:istanza", args=[procedura.pk, alessia.pk]))
    assert "Manca il requisito di ammissione «Laurea coerente" in istanza.content.decode()
    conferma = client.get(url).content.decode()
    assert "Manca il requisito di ammissione «Laurea coerente con l&#x27;incarico»." in conferma
    risposta = client.post(url, {"motivazione": "Manca il requisito di ammissione «Laurea»."})
    assert risposta.status_code == 302
    alessia.refresh_from_db()
    assert alessia.valutazione.esito == Esito.ESCLUSA
    assert alessia.valutazione.motivazione == "Manca il requisito di ammissione «Laurea»."
    assert Evento.objects.filter(azione="graduatorie.esclusa", object_id=alessia.pk).exists()
    # staff who are not commissari see the flag, not the button
    client.force_login(ds)
    assert "Conferma l&#x27;esclusione" not in client.get(url).content.decode()
    assert client.post(url, {"motivazione": "x"}).status_code == 200
    risposta = client.get(url)
    assert risposta.status_code == 200


def test_un_istanza_ammessa_non_offre_di_nuovo_ammetti(client, in_valutazione, dsga):
    """Admitted, the page says so and offers only «Escludi» (the commissioner may change
    their mind); a second «Ammetti» is refused and writes no second event."""
    procedura, _, marco = in_valutazione
    client.force_login(dsga)
    url = reverse("graduatorie:istanza", args=[procedura.pk, marco.pk])
    assert 'value="ammetti"' in client.get(url).content.decode()
    assert client.post(url, {"azione": "ammetti"}).status_code == 302
    pagina = client.get(url).content.decode()
    assert 'value="ammetti"' not in pagina and 'value="escludi"' in pagina
    assert "L'istanza è ammessa (da Lucia Verdi" in pagina
    risposta = client.post(url, {"azione": "ammetti"})
    assert "L&#x27;istanza è già ammessa." in risposta.content.decode()
    assert Evento.objects.filter(azione="graduatorie.ammessa", object_id=marco.pk).count() == 1
    with pytest.raises(ValidationError, match="già ammessa"):
        services.ammetti(autore=dsga, candidatura=marco)
    # excluded, it can be admitted again
    services.escludi(autore=dsga, candidatura=marco, motivazione="Documento illeggibile")
    assert 'value="ammetti"' in client.get(url).content.decode()
    services.ammetti(autore=dsga, candidatura=marco)


@pytest.fixture
def prepara(crea_procedura_completa, porta_a, ds, dsga, crea_persona):
    """A procedure in valutazione with `n` applications lacking the degree, one with it."""
    contatore = iter(range(100))

    def prepara(n):
        procedura = crea_procedura_completa()
        kw = dict(autore=ds, membership=ds.memberships.get(), procedura=procedura)
        procedure_services.aggiungi_campo(**kw, etichetta="Sabato", tipo="si_no")
        procedure_services.aggiungi_criterio(
            **kw, descrizione=LAUREA, tipo=TipoCriterio.REQUISITO,
            soddisfatto_da=list(procedura.criteri.filter(descrizione__startswith="Laurea")))
        procedura = porta_a(procedura, "aperta")
        for i in range(n + 1):
            k = next(contatore)
            persona = crea_persona(f"RSSMRA80A01H5{k:02d}Z", nome=f"Nome{k}", cognome=f"Cognome{k}")
            invia(persona, procedura, voto="" if i < n else "100")
        procedura = chiudi(procedura)
        procedure_services.avvia_valutazione(**kw | {"procedura": procedura})
        services.nomina_commissario(**kw | {"procedura": procedura}, persona=dsga)
        return procedura
    return prepara


def test_gestione_istanze_e_valutazione_segnalano_con_query_costanti(
        client, prepara, ds, dsga, django_assert_max_num_queries):
    poche, molte = prepara(1), prepara(4)
    conteggi = {}
    for chi, nome in ((ds, "candidature:istanze"), (dsga, "graduatorie:valutazione")):
        client.force_login(chi)
        for procedura, attese in ((poche, 1), (molte, 4)):
            with django_assert_max_num_queries(40) as query:
                pagina = client.get(reverse(nome, args=[procedura.pk])).content.decode()
            assert pagina.count("Requisito mancante") == attese, nome
            conteggi.setdefault(nome, []).append(len(query.captured_queries))
    assert all(a == b for a, b in conteggi.values()), conteggi


def test_la_commissione_corregge_la_categoria_e_la_graduatoria_segue(
        client, in_valutazione, dsga, ds):
    procedura, alessia, marco = in_valutazione
    with pytest.raises(ValidationError, match="nota"):
        services.correggi_categoria(autore=dsga, candidatura=marco, categoria="privato", nota=" ")
    with pytest.raises(ValidationError, match="non ammette"):
        services.correggi_categoria(autore=dsga, candidatura=marco,
                                    categoria=Categoria.ALTRA_SCUOLA, nota="x")
    with pytest.raises(ValidationError, match="già la categoria"):
        services.correggi_categoria(autore=dsga, candidatura=marco, categoria="interno",
                                    nota="x")
    client.force_login(dsga)
    url = reverse("graduatorie:istanza", args=[procedura.pk, marco.pk])
    pagina = client.get(url).content.decode()
    assert "Correggi la categoria" in pagina
    risposta = client.post(url, {"azione": "categoria", "categoria-categoria": "altra_pa",
                                 "categoria-nota": "In servizio presso il Comune, non "
                                                   "nell'istituto"})
    assert risposta.status_code == 302
    correzione = Correzione.objects.get(criterio__isnull=True)
    assert (correzione.prima_in_parole, correzione.dopo_in_parole) == (
        Categoria.INTERNO.label, Categoria.ALTRA_PA.label)
    assert Evento.objects.filter(azione="graduatorie.categoria_corretta").count() == 1
    pagina = client.get(url).content.decode()
    assert "corretta dalla commissione" in pagina and "In servizio presso il Comune" in pagina
    # the ranking follows the corrected category
    services.ammetti(autore=dsga, candidatura=marco)
    righe = services.calcola_righe(procedura)
    assert [s["categoria"] for s in righe["sezioni"]] == ["altra_pa"]
    # the candidate reads it in «Esito e reclami»
    client.force_login(marco.candidato)
    esito = client.get(reverse("graduatorie:esito_candidato", args=[marco.pk])).content.decode()
    assert "la commissione ha corretto la categoria" in esito and "In servizio presso" in esito
    # back to the declared one
    services.correggi_categoria(autore=dsga, candidatura=marco, categoria="interno",
                                nota="Verificato: è interno")
    marco.valutazione.refresh_from_db()
    assert marco.valutazione.categoria == ""
    assert [s["categoria"] for s in services.calcola_righe(procedura)["sezioni"]] == ["interno"]


def test_dopo_la_correzione_della_categoria_contano_solo_i_punteggi_dei_criteri_che_valgono(
        crea_procedura_completa, porta_a, persone, ds, dsga):
    """Seed 004: the level is the mean of the commissari's marks. A mark given on a criterion
    of the declared category does not stand for the criterion of the corrected one."""
    procedura = crea_procedura_completa(ammette_altre_pa=True)
    membership = ds.memberships.get()
    kw = dict(autore=ds, membership=membership, procedura=procedura)
    procedure_services.aggiungi_campo(**kw, etichetta="Disponibilità il sabato", tipo="si_no")
    interni = procedure_services.aggiungi_criterio(
        **kw, descrizione="Colloquio (interni)", tipo="manuale", massimo=Decimal(10),
        categorie=["interno"])
    esterni = procedure_services.aggiungi_criterio(
        **kw, descrizione="Colloquio (altre PA)", tipo="manuale", massimo=Decimal(10),
        categorie=["altra_pa"])
    procedura = porta_a(procedura, "aperta")
    marco = invia(persone["marco"], procedura, categoria="interno", voto="100")
    procedura = chiudi(procedura)
    procedure_services.avvia_valutazione(autore=ds, membership=membership, procedura=procedura)
    services.nomina_commissario(autore=ds, membership=membership, procedura=procedura,
                                persona=dsga)
    services.assegna_punteggi(autore=dsga, candidatura=marco, punteggi={interni: Decimal(8)})
    services.ammetti(autore=dsga, candidatura=marco)
    assert selectors.avanzamento(procedura)[0].valutata

    services.correggi_categoria(autore=dsga, candidatura=marco, categoria="altra_pa",
                                nota="In servizio presso il Comune")
    riga = selectors.avanzamento(procedura)[0]
    assert (riga.punteggi_dati, riga.punteggi_attesi, riga.valutata) == (0, 1, False)
    with pytest.raises(ValidationError):
        services.concludi_valutazione(autore=ds, membership=membership, procedura=procedura)

    services.assegna_punteggi(autore=dsga, candidatura=marco, punteggi={esterni: Decimal(7)})
    riga = selectors.avanzamento(procedura)[0]
    assert (riga.punteggi_dati, riga.punteggi_attesi, riga.valutata) == (1, 1, True)


def test_la_risposta_al_reclamo_corregge_gli_stessi_titoli_della_commissione(con_requisito):
    """A requirement computed from the degrees is corrected through the degrees, by the
    commission and by the DS answering a reclamo alike; both forms say what a value is."""
    procedura = con_requisito
    requisito = procedura.criteri.get(descrizione=LAUREA)
    commissione = forms.CorrezioneForm(procedura=procedura)
    reclamo = forms.RispostaReclamoForm(procedura=procedura)
    titoli = set(commissione.fields["criterio"].queryset)
    assert requisito not in titoli and procedura.criteri.get(descrizione="Colloquio") not in titoli
    assert procedura.criteri.filter(descrizione__startswith="Laurea vecchio").get() in titoli
    assert set(reclamo.fields["criterio_2"].queryset) == titoli
    assert reclamo.fields["valore_1"].help_text == commissione.fields["valore"].help_text != ""
