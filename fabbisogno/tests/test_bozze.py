"""Drafts of schede progettuali: «Elimina bozza»."""

from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fabbisogno import services
from fabbisogno.models import SchedaProgettuale

pytestmark = pytest.mark.django_db

NUOVA = "/rilevazione-fabbisogno/schede/nuova/"


def _url(scheda, coda=""):
    return f"/rilevazione-fabbisogno/schede/{scheda.pk}/{coda}"


def _bozza(persona, titolo="Esperto di teatro"):
    return services.crea_scheda(autore=persona, membership=persona.memberships.get(),
                                titolo=titolo)


def _concludi(persona, scheda):
    from fabbisogno.models import TariffaOraria

    membership = persona.memberships.get()
    services.salva_scheda(
        autore=persona, membership=membership, scheda=scheda, descrizione="Laboratorio",
        tipologia_incarico="esperto", fonte_finanziamento="fis", destinatari="Classi terze",
        data_inizio=timezone.localdate() + timedelta(days=30),
        data_fine=timezone.localdate() + timedelta(days=90), ore_previste=30,
        tariffa=TariffaOraria.objects.get(importo_orario="19.25"))
    return services.concludi_scheda(autore=persona, membership=membership, scheda=scheda)


def test_il_ds_elimina_una_bozza_dopo_la_conferma(client, ds):
    from portale.models import Evento

    scheda = _bozza(ds)
    client.force_login(ds)
    dettaglio = unescape(client.get(_url(scheda)).content.decode())
    assert f'href="{_url(scheda, "elimina/")}"' in dettaglio and "Elimina bozza" in dettaglio
    modifica = unescape(client.get(_url(scheda, "modifica/")).content.decode())
    assert f'href="{_url(scheda, "elimina/")}"' in modifica
    # the link opens a confirmation: nothing is deleted by a GET
    conferma = unescape(client.get(_url(scheda, "elimina/")).content.decode())
    assert "Eliminare la bozza «Esperto di teatro»?" in conferma
    assert "non si potrà recuperare" in conferma
    assert SchedaProgettuale.objects.filter(pk=scheda.pk).exists()
    risposta = client.post(_url(scheda, "elimina/"), follow=True)
    assert risposta.redirect_chain[-1][0] == "/rilevazione-fabbisogno/schede/"
    assert "Bozza «Esperto di teatro» eliminata." in unescape(risposta.content.decode())
    assert not SchedaProgettuale.objects.filter(pk=scheda.pk).exists()
    evento = Evento.objects.get(azione="scheda.eliminata")
    assert evento.autore == ds and evento.istituto == ds.memberships.get().istituto
    assert evento.object_id == str(scheda.pk) and "Esperto di teatro" in evento.descrizione


def test_la_referente_elimina_la_propria_bozza_non_quella_del_ds(client, ds, con_ruolo,
                                                                 istituto):
    referente = con_ruolo("GLLNNA82H48F205R", "referente", istituto, nome="Anna",
                          cognome="Gialli")
    propria, del_ds = _bozza(referente, "Tutor della referente"), _bozza(ds, "Tutor del DS")
    client.force_login(referente)
    assert client.get(_url(del_ds, "elimina/")).status_code == 404
    assert client.post(_url(del_ds, "elimina/")).status_code == 404
    assert SchedaProgettuale.objects.filter(pk=del_ds.pk).exists()
    client.post(_url(propria, "elimina/"))
    assert not SchedaProgettuale.objects.filter(pk=propria.pk).exists()
    with pytest.raises(Exception) as errore:
        services.elimina_scheda(autore=referente, membership=referente.memberships.get(),
                                scheda=del_ds)
    assert type(errore.value).__name__ in ("PermissionDenied", "Http404")


def test_l_ufficio_dello_stesso_istituto_elimina_la_bozza(client, ds, con_ruolo, istituto):
    scheda = _bozza(ds)
    segreteria = con_ruolo("VRDLCU80D55L219W", "segreteria", istituto, nome="Lucia",
                           cognome="Verdi")
    client.force_login(segreteria)
    client.post(_url(scheda, "elimina/"))
    assert not SchedaProgettuale.objects.exists()


def test_eliminare_una_bozza_percorsi_vietati(client, ds, ds_altro, candidato):
    from django.core.exceptions import PermissionDenied

    scheda = _bozza(ds)
    url = _url(scheda, "elimina/")
    assert client.get(url)["Location"].startswith("/accounts/login/")
    assert client.post(url)["Location"].startswith("/accounts/login/")
    client.force_login(candidato)
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    client.force_login(ds_altro)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.elimina_scheda(autore=ds_altro, membership=ds_altro.memberships.get(),
                                scheda=scheda)
    assert SchedaProgettuale.objects.filter(pk=scheda.pk).exists()


def test_una_scheda_conclusa_non_si_elimina(client, ds):
    scheda = _concludi(ds, _bozza(ds))
    client.force_login(ds)
    assert "Elimina bozza" not in client.get(_url(scheda)).content.decode()
    risposta = client.get(_url(scheda, "elimina/"), follow=True)
    assert risposta.redirect_chain[-1][0] == _url(scheda)
    assert "La scheda è conclusa: non si può eliminare." in unescape(risposta.content.decode())
    risposta = client.post(_url(scheda, "elimina/"), follow=True)
    assert risposta.redirect_chain[-1][0] == _url(scheda)
    assert "La scheda è conclusa: non si può eliminare." in unescape(risposta.content.decode())
    assert SchedaProgettuale.objects.filter(pk=scheda.pk).exists()
    with pytest.raises(ValidationError):
        services.elimina_scheda(autore=ds, membership=ds.memberships.get(), scheda=scheda)
