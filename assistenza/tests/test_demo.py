"""Demo tickets: every state, threads with notes and attachments, idempotent."""

import pytest

from assistenza import demo, selectors
from assistenza.models import Allegato, Messaggio, RispostaPredefinita, Stato, Ticket
from portale import demo as demo_portale

pytestmark = pytest.mark.django_db


def test_ticket_in_ogni_stato_con_conversazioni():
    demo_portale.carica()
    esito = demo.carica()
    assert esito["ticket"] == Ticket.objects.count() >= len(Stato)
    assert set(Ticket.objects.values_list("stato", flat=True)) == set(Stato.values)
    assert Messaggio.objects.filter(dal_supporto=True, interno=False).exists()
    assert Messaggio.objects.filter(interno=True).exists()
    assert Allegato.objects.exists()
    assert Ticket.objects.filter(riaperture__gt=0).exists()
    assert RispostaPredefinita.objects.count() == len(demo.RISPOSTE_PREDEFINITE)
    report = selectors.report_tempi()
    assert report["totale"]["risposta_mediana"] > 0 and report["totale"]["risolti"] >= 3
    demo.carica()
    assert Ticket.objects.count() == esito["ticket"]


def test_le_risposte_predefinite_compilate_non_lasciano_segnaposto_ne_numeri_sottintesi(settings):
    """«riaprirlo entro i giorni indicati» left the requester to guess how many: the canned
    reply says the number of days, from the same setting that the reopening obeys."""
    settings.ASSISTENZA_GIORNI_RIAPERTURA = 7
    demo_portale.carica()
    demo.carica()
    ticket = Ticket.objects.select_related("richiedente").first()
    testi = {r.titolo: r.compila(ticket) for r in RispostaPredefinita.objects.all()}
    for titolo, testo in testi.items():
        assert "{" not in testo and "}" not in testo, titolo
        assert "giorni indicati" not in testo, titolo
    assert "entro 7 giorni" in testi["Chiusura per mancato riscontro"]
