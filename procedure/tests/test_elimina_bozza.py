"""«Elimina bozza»: a draft procedure nobody needs (a mistaken «Crea», a «Duplica» too many, the
new draft of a significant revision) is deleted by the office that drafts it; nothing else is.

Before, every such draft stayed in «In corso» for good."""

from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Ruolo
from portale.models import Evento
from procedure import services
from procedure.models import ProceduraSelezione
from procedure.stati import TransizioneNonConsentita

pytestmark = pytest.mark.django_db


def _membership(persona):
    return persona.memberships.get()


@pytest.mark.parametrize("ruolo", ["ds", "dsga", "segreteria"])
def test_la_redazione_elimina_la_bozza_e_resta_l_evento(ruolo, request, crea_procedura_completa):
    persona = request.getfixturevalue(ruolo)
    procedura = crea_procedura_completa(oggetto="Esperto creato per sbaglio")
    pk = procedura.pk

    services.elimina_procedura(autore=persona, membership=_membership(persona),
                               procedura=procedura)

    assert not ProceduraSelezione.objects.filter(pk=pk).exists()
    evento = Evento.objects.get(azione="procedura.eliminata")
    assert evento.autore == persona and evento.object_id == str(pk)
    assert "Esperto creato per sbaglio" in evento.descrizione
    assert evento.dettagli["oggetto"] == "Esperto creato per sbaglio"  # what it was, kept


@pytest.mark.parametrize("stato", ["conclusa", "pubblicata", "aperta", "sospesa", "annullata"])
def test_solo_una_bozza_si_elimina(stato, ds, ds_membership, crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), stato)
    with pytest.raises(TransizioneNonConsentita, match="Elimina bozza"):
        services.elimina_procedura(autore=ds, membership=ds_membership, procedura=procedura)
    assert ProceduraSelezione.objects.filter(pk=procedura.pk).exists()
    assert not Evento.objects.filter(azione="procedura.eliminata").exists()


def test_ne_un_altro_istituto_ne_un_referente(ds_altro, con_ruolo, istituto,
                                              crea_procedura_completa):
    procedura = crea_procedura_completa()
    referente = con_ruolo("GLLNNA80A41H501Z", Ruolo.REFERENTE, istituto)
    for persona in (ds_altro, referente):
        with pytest.raises(PermissionDenied):
            services.elimina_procedura(autore=persona, membership=_membership(persona),
                                       procedura=procedura)
    assert ProceduraSelezione.objects.filter(pk=procedura.pk).exists()


def test_la_bozza_da_cui_e_nata_una_copia_resta(ds, ds_membership, crea_procedura_completa):
    originale = crea_procedura_completa(oggetto="Esperto di robotica")
    copia = services.duplica(autore=ds, membership=ds_membership, procedura=originale)

    with pytest.raises(ValidationError) as errore:
        services.elimina_procedura(autore=ds, membership=ds_membership, procedura=originale)

    assert errore.value.messages == [
        f"La bozza «Esperto di robotica» non si può eliminare: ne è nata la procedura n. "
        f"{copia.pk} «Copia di Esperto di robotica». Elimina prima quella, se non serve."]
    assert ProceduraSelezione.objects.filter(pk=originale.pk).exists()
    assert not Evento.objects.filter(azione="procedura.eliminata").exists()
    # the copy itself may go, and then the original
    services.elimina_procedura(autore=ds, membership=ds_membership, procedura=copia)
    services.elimina_procedura(autore=ds, membership=ds_membership, procedura=originale)
    assert not ProceduraSelezione.objects.exists()


def test_dalla_pagina_con_conferma_all_elenco(client_di, segreteria, crea_procedura_completa):
    procedura = crea_procedura_completa(oggetto="Tutor doppione")
    client = client_di(segreteria)
    dettaglio = unescape(client.get(f"/procedure/{procedura.pk}/").content.decode())
    indirizzo = f"/procedure/{procedura.pk}/azione/elimina/"
    assert f'href="{indirizzo}">Elimina bozza</a>' in dettaglio

    conferma = unescape(client.get(indirizzo).content.decode())
    assert "La bozza sarà eliminata con il suo modulo e i suoi criteri" in conferma
    assert "Elimina la bozza" in conferma  # the button says what it does

    risposta = client.post(indirizzo, {"conferma": "on"}, follow=True)
    assert risposta.redirect_chain[-1][0] == "/procedure/"
    testo = unescape(risposta.content.decode())
    assert f"Bozza n. {procedura.pk} «Tutor doppione» eliminata." in testo
    assert client.get(f"/procedure/{procedura.pk}/").status_code == 404


def test_percorsi_vietati(client, client_di, ds_altro, con_ruolo, istituto, candidato,
                          crea_procedura_completa, porta_a):
    procedura = crea_procedura_completa()
    indirizzo = f"/procedure/{procedura.pk}/azione/elimina/"
    # anonymous: to the login, nothing deleted
    assert client.post(indirizzo, {"conferma": "on"}).status_code == 302
    assert "/accounts/login/" in client.post(indirizzo, {"conferma": "on"})["Location"]
    # another school's DS: the procedure does not exist for her
    assert client_di(ds_altro).post(indirizzo, {"conferma": "on"}).status_code == 404
    # a referente of the same school and a candidate: not theirs to delete
    referente = con_ruolo("GLLNNA80A41H501Z", Ruolo.REFERENTE, istituto)
    assert client_di(referente).post(indirizzo, {"conferma": "on"}).status_code == 403
    assert client_di(candidato).post(indirizzo, {"conferma": "on"}).status_code == 403
    assert ProceduraSelezione.objects.filter(pk=procedura.pk).exists()


def test_una_procedura_conclusa_non_offre_ne_elimina(client_di, ds, crea_procedura_completa,
                                                     porta_a):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client = client_di(ds)
    indirizzo = f"/procedure/{procedura.pk}/azione/elimina/"
    assert indirizzo not in client.get(f"/procedure/{procedura.pk}/").content.decode()
    # an old link: said at once, on the detail page
    risposta = client.get(indirizzo, follow=True)
    assert "«Elimina bozza» non è possibile quando la procedura è «Conclusa»" in unescape(
        risposta.content.decode())
    # a stale form posted: the error on the form, nothing deleted
    risposta = client.post(indirizzo, {"conferma": "on"})
    assert risposta.status_code == 200
    assert "non è possibile" in unescape(risposta.content.decode())
    assert ProceduraSelezione.objects.filter(pk=procedura.pk).exists()


def test_duplica_dice_che_e_nata_una_copia(client_di, segreteria, crea_procedura_completa):
    # The message after «Duplica» was the one of a significant revision: «Procedura n. 5
    # annullata con le sue candidature … e sostituita dalla nuova bozza», while nothing had
    # been annulled.
    procedura = crea_procedura_completa(oggetto="Esperto di robotica")
    client = client_di(segreteria)
    risposta = client.post(f"/procedure/{procedura.pk}/azione/duplica/", {"conferma": "on"},
                           follow=True)
    copia = ProceduraSelezione.objects.exclude(pk=procedura.pk).get()
    assert risposta.redirect_chain[-1][0] == f"/procedure/{copia.pk}/"
    testo = unescape(risposta.content.decode())
    assert "annullata" not in testo
    assert (f"Nuova bozza n. {copia.pk}, copia della procedura n. {procedura.pk}: cambia "
            "l'oggetto e ciò che serve") in testo
    procedura.refresh_from_db()
    assert procedura.stato == "bozza"
