"""From a concluded draft to open applications: who is told, and what the pages promise.

«Pubblicazione» alone does not open the avviso (the ministry's flow: then «Apri» or «Programma
apertura»), so neither the public page nor the staff may read the opening date confirmed at
publication as a promise. Unless the DS ticks «Apri le candidature da sole alla data di
apertura» in the same form (offered ticked): then the date in the avviso is the opening."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from portale.lingua import data_con
from portale.models import Evento, Notifica
from procedure import services
from procedure.models import ProceduraSelezione, Stato

pytestmark = pytest.mark.django_db


def _html(risposta) -> str:
    return unescape(risposta.content.decode())


def _ora(valore) -> str:
    return data_con("il", valore, "%d/%m/%Y alle %H:%M")


def test_la_dsga_conclude_e_la_dirigenza_e_avvisata(client, crea_procedura_completa, dsga, ds):
    procedura = crea_procedura_completa()
    client.force_login(dsga)
    html = _html(client.post(f"/procedure/{procedura.pk}/concludi/", follow=True))
    assert ("Redazione della procedura conclusa: la dirigenza ne è stata avvisata e potrà "
            "pubblicare l'avviso.") in html
    avviso = Notifica.objects.get(destinatario=ds)
    assert avviso.testo == (f"Lucia Verdi ha concluso la procedura di selezione «{procedura.oggetto}»: "
                            "ora puoi pubblicare l'avviso con «Pubblicazione».")
    assert avviso.url == f"/procedure/{procedura.pk}/"
    assert not Notifica.objects.filter(destinatario=dsga).exists()


def test_il_ds_che_conclude_non_avvisa_se_stesso(client, crea_procedura_completa, ds):
    procedura = crea_procedura_completa()
    client.force_login(ds)
    html = _html(client.post(f"/procedure/{procedura.pk}/concludi/", follow=True))
    assert "Redazione della procedura conclusa: ora puoi pubblicare l'avviso con «Pubblicazione»." in html
    assert not Notifica.objects.filter(destinatario=ds).exists()
    # in the history it cannot be read as the end of the selection
    assert "Redazione della procedura conclusa: pronta per la pubblicazione" in html


def test_concludere_una_bozza_incompleta_dice_una_volta_cosa_manca(client, crea_procedura_completa,
                                                                   dsga, ds):
    procedura = crea_procedura_completa()
    procedura.allegati_richiesti.all().delete()
    client.force_login(dsga)
    html = _html(client.post(f"/procedure/{procedura.pk}/concludi/", follow=True))
    assert "La procedura non è ancora completa" in html
    assert html.count("richiedi almeno un allegato") == 1  # the list, not the list and a copy
    assert ProceduraSelezione.objects.get(pk=procedura.pk).stato == Stato.BOZZA
    assert not Notifica.objects.filter(destinatario=ds).exists()


def test_dopo_la_pubblicazione_il_ds_sa_che_deve_aprire(client, crea_procedura_completa, porta_a, ds):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client.force_login(ds)
    apertura = timezone.now() + timedelta(hours=1)
    html = _html(client.post(f"/procedure/{procedura.pk}/azione/pubblica/", {
        "data_apertura": timezone.localtime(apertura).strftime("%Y-%m-%dT%H:%M"),
        "data_chiusura": timezone.localtime(apertura + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
    }, follow=True))
    assert "Avviso pubblicato. Le candidature non sono ancora aperte" in html
    assert "Candidature non ancora aperte" in html  # the callout stays until it is opened
    assert "alla pubblicazione era indicata il" in html
    services.programma_apertura(autore=ds, membership=ds.memberships.get(), procedura=procedura,
                                data_apertura=apertura)
    assert "Candidature non ancora aperte" not in _html(client.get(f"/procedure/{procedura.pk}/"))


def test_la_pagina_pubblica_promette_l_apertura_solo_se_programmata(client, crea_procedura_completa,
                                                                   porta_a, ds):
    procedura = porta_a(crea_procedura_completa(), "pubblicata")  # opening confirmed for tomorrow
    html = _html(client.get(f"/avvisi/{procedura.pk}/"))
    assert "si apriranno" not in html
    assert f"{data_con('del', procedura.data_apertura)} (apertura prevista) alle" in html
    assert ("Le candidature non sono ancora aperte: si potranno presentare quando l'istituto "
            f"aprirà i termini (apertura prevista {_ora(procedura.data_apertura)}).") in html
    # the date passes and nobody opened it: no date in the past given as «prevista»
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_apertura=timezone.now() - timedelta(minutes=5))
    html = _html(client.get(f"/avvisi/{procedura.pk}/"))
    assert ("Le candidature non sono ancora aperte: si potranno presentare quando l'istituto "
            "aprirà i termini.") in html
    assert "apertura prevista" not in html and "Presenta candidatura" not in html
    assert "dall'apertura dei termini alle" in html
    # programmed, it opens by itself: now the date is a promise
    apertura = timezone.now() + timedelta(hours=2)
    services.programma_apertura(autore=ds, membership=ds.memberships.get(),
                                procedura=ProceduraSelezione.objects.get(pk=procedura.pk),
                                data_apertura=apertura)
    assert f"Le candidature si apriranno {_ora(apertura)}." in _html(client.get(f"/avvisi/{procedura.pk}/"))


def _campo(html, nome) -> str:
    return re.search(rf'<input[^>]*name="{nome}"[^>]*>', html).group(0)


def _pubblica(client, procedura, apertura, **altro):
    return _html(client.post(f"/procedure/{procedura.pk}/azione/pubblica/", {
        "data_apertura": timezone.localtime(apertura).strftime("%Y-%m-%dT%H:%M"),
        "data_chiusura": timezone.localtime(apertura + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        **altro}, follow=True))


def test_pubblicazione_con_apertura_automatica_alla_data_dell_avviso(client, crea_procedura_completa,
                                                                      porta_a, ds):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client.force_login(ds)
    modulo = _html(client.get(f"/procedure/{procedura.pk}/azione/pubblica/"))
    assert "checked" in _campo(modulo, "apertura_automatica")  # offered ticked
    apertura = (timezone.now() + timedelta(hours=3)).replace(second=0, microsecond=0)
    html = _pubblica(client, procedura, apertura, apertura_automatica="on")
    procedura.refresh_from_db()
    assert procedura.stato == Stato.PUBBLICATA and procedura.apertura_programmata
    assert procedura.data_apertura == apertura
    assert f"Avviso pubblicato. Le candidature si apriranno da sole {_ora(apertura)}." in html
    assert "Candidature non ancora aperte" not in html
    assert list(Evento.objects.filter(object_id=str(procedura.pk), azione__startswith="procedura.")
                .order_by("pk").values_list("azione", flat=True))[-2:] == [
        "procedura.pubblica", "procedura.programma_apertura"]
    pubblica = _html(client.get(f"/avvisi/{procedura.pk}/"))
    assert f"Le candidature si apriranno {_ora(apertura)}." in pubblica


def test_pubblicazione_con_apertura_gia_passata_apre_subito(client, crea_procedura_completa,
                                                            porta_a, ds):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client.force_login(ds)
    html = _pubblica(client, procedura, timezone.now() - timedelta(minutes=2),
                     apertura_automatica="on")
    procedura.refresh_from_db()
    assert procedura.stato == Stato.APERTA
    assert (f"Avviso pubblicato e candidature aperte da ora fino "
            f"{data_con('al', procedura.data_chiusura, '%d/%m/%Y alle %H:%M')}.") in html


def test_programma_apertura_propone_la_data_della_pubblicazione(client, crea_procedura_completa,
                                                                 porta_a, ds):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    client.force_login(ds)
    apertura = timezone.now() + timedelta(hours=5)
    _pubblica(client, procedura, apertura)  # not ticked: the ministry's flow
    procedura.refresh_from_db()
    assert procedura.stato == Stato.PUBBLICATA and not procedura.apertura_programmata
    modulo = _html(client.get(f"/procedure/{procedura.pk}/azione/programma_apertura/"))
    assert f'value="{timezone.localtime(apertura).strftime("%Y-%m-%dT%H:%M")}' in modulo
    # a date already past is not proposed: it would only be refused
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_apertura=timezone.now() - timedelta(minutes=1))
    modulo = _html(client.get(f"/procedure/{procedura.pk}/azione/programma_apertura/"))
    assert "value=" not in _campo(modulo, "data_apertura")


def test_una_bozza_incompleta_non_chiede_conferma_di_cio_che_non_si_puo(client,
                                                                         crea_procedura_completa,
                                                                         dsga):
    """«Concludi Procedura di Selezione» on an incomplete draft opened «Concludere la procedura
    di selezione? … non si potranno più modificare», to fail right after: a confirmation of
    an irreversible act that cannot happen. Incomplete, the button sends at once and the page
    answers with what is missing; complete, the dialog asks to confirm."""
    procedura = crea_procedura_completa()
    client.force_login(dsga)
    completa = _html(client.get(f"/procedure/{procedura.pk}/"))
    assert "Concludere la procedura di selezione?" in completa
    procedura.allegati_richiesti.all().delete()
    incompleta = _html(client.get(f"/procedure/{procedura.pk}/"))
    assert "Concludere la procedura di selezione?" not in incompleta
    assert re.search(rf'<form method="post" action="/procedure/{procedura.pk}/concludi/"[^>]*>'
                     r'.*?<button[^>]*>Concludi Procedura di Selezione</button>', incompleta, re.S)
