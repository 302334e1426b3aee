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
