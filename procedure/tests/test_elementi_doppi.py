"""Two attachments, fields or criteria with the same name were accepted without a word: the
candidate then met two «Curriculum vitae» uploads, the commission two «Colloquio» rows. The
second is refused with a message that names the first; the form keeps what was typed."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError

from procedure import services

pytestmark = pytest.mark.django_db


def test_allegato_con_lo_stesso_nome(ds, ds_membership, crea_procedura_completa):
    procedura = crea_procedura_completa()  # it asks «Curriculum vitae» already
    with pytest.raises(ValidationError) as errore:
        services.aggiungi_allegato(autore=ds, membership=ds_membership, procedura=procedura,
                                   nome="  curriculum  VITAE ", formati=["pdf"])
    assert errore.value.message_dict == {"nome": [
        "Il modulo chiede già l'allegato «Curriculum vitae»: dai a questo un altro nome."]}
    assert procedura.allegati_richiesti.count() == 1


def test_campo_con_la_stessa_etichetta(ds, ds_membership, crea_procedura_completa):
    procedura = crea_procedura_completa()
    services.aggiungi_campo(autore=ds, membership=ds_membership, procedura=procedura,
                            etichetta="Titolo di studio", tipo="testo")
    with pytest.raises(ValidationError) as errore:
        services.aggiungi_campo(autore=ds, membership=ds_membership, procedura=procedura,
                                etichetta="titolo di studio", tipo="testo_lungo")
    assert errore.value.message_dict == {"etichetta": [
        "Il modulo ha già il campo «Titolo di studio»: dai a questo un'altra etichetta."]}


def test_criterio_con_la_stessa_descrizione(ds, ds_membership, crea_procedura_completa):
    procedura = crea_procedura_completa()
    services.aggiungi_criterio(autore=ds, membership=ds_membership, procedura=procedura,
                               descrizione="Colloquio", tipo="manuale", massimo=10)
    with pytest.raises(ValidationError) as errore:
        services.aggiungi_criterio(autore=ds, membership=ds_membership, procedura=procedura,
                                   descrizione="COLLOQUIO ", tipo="manuale", massimo=5)
    assert errore.value.message_dict == {"descrizione": [
        "C'è già il criterio «Colloquio»: modificalo, oppure dai a questo un'altra "
        "descrizione."]}
    assert procedura.criteri.filter(descrizione__iexact="colloquio").count() == 1


def test_dalla_pagina_l_errore_sul_campo_e_i_dati_restano(client_di, ds, crea_procedura_completa):
    procedura = crea_procedura_completa()
    client = client_di(ds)
    risposta = client.post(f"/procedure/{procedura.pk}/funzionalita/", {
        "aggiungi": "allegato", "allegato-nome": "Curriculum vitae", "allegato-formati": ["pdf"],
        "allegato-descrizione": "In formato europeo, firmato", "allegato-obbligatorio": "on"})
    assert risposta.status_code == 200
    testo = unescape(risposta.content.decode())
    assert "Il modulo chiede già l'allegato «Curriculum vitae»" in testo
    assert "In formato europeo, firmato" in testo
    assert procedura.allegati_richiesti.count() == 1


def test_la_griglia_non_raddoppia_i_criteri_nella_modifica(ds, ds_membership,
                                                           crea_procedura_completa):
    # changing a criterion keeps its own description: not a duplicate of itself
    procedura = crea_procedura_completa()
    criterio = procedura.criteri.first()
    services.modifica_criterio(autore=ds, membership=ds_membership, procedura=procedura,
                               criterio=criterio, descrizione=criterio.descrizione.upper())
    criterio.refresh_from_db()
    assert criterio.descrizione == criterio.descrizione.upper()


def test_modificare_un_criterio_nel_nome_di_un_altro(ds, ds_membership, crea_procedura_completa):
    procedura = crea_procedura_completa()
    primo, secondo = procedura.criteri.all()[:2]
    with pytest.raises(ValidationError) as errore:
        services.modifica_criterio(autore=ds, membership=ds_membership, procedura=procedura,
                                   criterio=secondo, descrizione=primo.descrizione)
    assert list(errore.value.message_dict) == ["descrizione"]
