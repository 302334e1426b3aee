"""Admission requirements as rules over the declared titles (issue 18): «at least one among
these criteria declared», optionally only for some categories, or a requirement the candidate
declares and the commission checks; edited in «Criteri di valutazione», copied by «Duplica»."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from procedure import criteri as regole
from procedure import services
from procedure.models import Categoria, Criterio, TipoCriterio
from procedure.modulo import modulo_candidatura

pytestmark = pytest.mark.django_db


@pytest.fixture
def con_requisiti(crea_procedura_completa, ds, ds_membership):
    """The «esperti» grid plus: a degree requirement over the two degree criteria, an
    authorisation for public employees only (rule over a fixed criterion), a declared one."""
    procedura = crea_procedura_completa(ammette_altre_pa=True)
    kw = dict(autore=ds, membership=ds_membership, procedura=procedura)
    lauree = list(procedura.criteri.filter(descrizione__startswith="Laurea"))
    assert len(lauree) == 2
    autorizzazione = services.aggiungi_criterio(
        **kw, descrizione="Autorizzazione dell'amministrazione di appartenenza",
        tipo=TipoCriterio.FISSO, punti=Decimal("0.01"), categorie=[Categoria.ALTRA_PA])
    laurea = services.aggiungi_criterio(
        **kw, descrizione="Laurea coerente con l'incarico", tipo=TipoCriterio.REQUISITO,
        soddisfatto_da=lauree)
    dipendente = services.aggiungi_criterio(
        **kw, descrizione="Dipendente pubblico: autorizzazione", tipo=TipoCriterio.REQUISITO,
        categorie=[Categoria.ALTRA_PA], soddisfatto_da=[autorizzazione])
    casellario = services.aggiungi_criterio(
        **kw, descrizione="Nessuna condanna penale", tipo=TipoCriterio.REQUISITO)
    return procedura, lauree, autorizzazione, laurea, dipendente, casellario


def _criteri(procedura):
    return list(procedura.criteri.prefetch_related("soddisfatto_da"))


def test_il_requisito_si_calcola_dai_titoli_dichiarati(con_requisiti):
    procedura, lauree, autorizzazione, laurea, dipendente, casellario = con_requisiti
    criteri = _criteri(procedura)
    # nothing declared: the degree and the declared requirement are missing
    assert regole.requisiti_mancanti(criteri, Categoria.PRIVATO, {}) == [
        laurea.descrizione, casellario.descrizione]
    # a degree mark meets it; ticking the degree requirement itself does not
    assert regole.requisiti_mancanti(criteri, Categoria.PRIVATO, {
        lauree[1].pk: {"voto": 99, "lode": False}, casellario.pk: True}) == []
    assert regole.requisiti_mancanti(criteri, Categoria.PRIVATO, {
        laurea.pk: True, casellario.pk: True}) == [laurea.descrizione]
    assert regole.requisiti_mancanti(criteri, Categoria.PRIVATO, {
        lauree[0].pk: {"voto": None, "lode": False}, casellario.pk: True}) == [laurea.descrizione]
    # the authorisation only for public employees
    dichiarato = {lauree[0].pk: {"voto": 110, "lode": True}, casellario.pk: True}
    assert regole.requisiti_mancanti(criteri, Categoria.ALTRA_PA, dichiarato) == [
        dipendente.descrizione]
    assert regole.requisiti_mancanti(criteri, Categoria.ALTRA_PA,
                                     dichiarato | {autorizzazione.pk: True}) == []
    # read from the prefetch: no query per requirement
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as query:
        regole.requisiti_mancanti(criteri, Categoria.ALTRA_PA, dichiarato)
    assert len(query) == 0


def test_la_regola_in_parole_e_il_modulo_del_candidato(con_requisiti):
    procedura, lauree, autorizzazione, laurea, dipendente, casellario = con_requisiti
    testo = regole.regola_in_parole(Criterio.objects.get(pk=laurea.pk))
    assert testo.startswith("requisito di ammissione: va dichiarato almeno uno tra «Laurea")
    assert "va dichiarato il titolo «Autorizzazione" in regole.regola_in_parole(dipendente)
    campi = modulo_candidatura(procedura).base_fields
    # the rule requirements are computed: nothing to tick; the declared one keeps its box
    assert f"criterio_{laurea.pk}" not in campi and f"criterio_{dipendente.pk}" not in campi
    assert f"criterio_{casellario.pk}" in campi


def test_la_regola_resta_nella_procedura_ed_e_solo_dei_requisiti(
        con_requisiti, crea_procedura_completa, ds, ds_membership):
    procedura, lauree, autorizzazione, laurea, dipendente, casellario = con_requisiti
    altra = crea_procedura_completa()
    kw = dict(autore=ds, membership=ds_membership, procedura=procedura)
    with pytest.raises(ValidationError, match="un'altra procedura"):
        services.aggiungi_criterio(**kw, descrizione="Abilitazione", tipo=TipoCriterio.REQUISITO,
                                   soddisfatto_da=[altra.criteri.first()])
    with pytest.raises(ValidationError, match="Solo un requisito"):
        services.aggiungi_criterio(**kw, descrizione="Titolo", tipo=TipoCriterio.FISSO,
                                   punti=Decimal(1), soddisfatto_da=[lauree[0]])
    with pytest.raises(ValidationError, match="non è un titolo che il candidato dichiara"):
        services.modifica_criterio(**kw, criterio=laurea, soddisfatto_da=[casellario])
    # a requirement turned into a title loses its rule
    services.modifica_criterio(**kw, criterio=dipendente, tipo=TipoCriterio.FISSO,
                               punti=Decimal(1))
    assert not dipendente.soddisfatto_da.exists()


def test_duplica_copia_la_regola_sui_criteri_della_copia(con_requisiti, ds, ds_membership):
    procedura, lauree, autorizzazione, laurea, dipendente, casellario = con_requisiti
    copia = services.duplica(autore=ds, membership=ds_membership, procedura=procedura)
    requisito = copia.criteri.get(descrizione=laurea.descrizione)
    assert sorted(a.descrizione for a in requisito.soddisfatto_da.all()) == sorted(
        a.descrizione for a in lauree)
    assert {a.procedura_id for a in requisito.soddisfatto_da.all()} == {copia.pk}
    assert copia.criteri.get(descrizione=dipendente.descrizione).soddisfatto_da.get(
        ).procedura_id == copia.pk
    assert not copia.criteri.get(descrizione=casellario.descrizione).soddisfatto_da.exists()
    # the original is untouched
    assert set(laurea.soddisfatto_da.values_list("pk", flat=True)) == {c.pk for c in lauree}


def test_pagina_criteri_crea_e_modifica_la_regola(client, ds, crea_procedura_completa):
    procedura = crea_procedura_completa()
    lauree = list(procedura.criteri.filter(descrizione__startswith="Laurea"))
    client.force_login(ds)
    url = f"/procedure/{procedura.pk}/criteri/"
    pagina = client.get(url).content.decode()
    assert "è soddisfatto se il candidato dichiara almeno uno tra" in pagina
    risposta = client.post(url, {
        "azione": "criterio", "criterio-descrizione": "Laurea richiesta",
        "criterio-tipo": "requisito", "criterio-soddisfatto_da": [c.pk for c in lauree]})
    assert risposta.status_code == 302
    requisito = procedura.criteri.get(descrizione="Laurea richiesta")
    assert set(requisito.soddisfatto_da.all()) == set(lauree)
    pagina = client.get(url).content.decode()
    assert "Requisito di ammissione (escludente): almeno uno tra «Laurea" in pagina
    # a criterion of another procedure is not a choice
    altra = crea_procedura_completa()
    risposta = client.post(url, {
        "azione": "criterio", "criterio-descrizione": "Altro", "criterio-tipo": "requisito",
        "criterio-soddisfatto_da": [altra.criteri.first().pk]})
    assert risposta.status_code == 200 and not procedura.criteri.filter(descrizione="Altro")
    # edit: only the first degree
    modifica = f"/procedure/{procedura.pk}/criteri/{requisito.pk}/"
    assert "Laurea richiesta" in client.get(modifica).content.decode()
    risposta = client.post(modifica, {"descrizione": "Laurea richiesta", "tipo": "requisito",
                                      "soddisfatto_da": [lauree[0].pk]})
    assert risposta.status_code == 302
    assert list(requisito.soddisfatto_da.all()) == [lauree[0]]
    # and back to a requirement the commission checks
    client.post(modifica, {"descrizione": "Laurea richiesta", "tipo": "requisito"})
    assert not requisito.soddisfatto_da.exists()
