from django.core.management import call_command

from graduatorie import services
from graduatorie.models import Graduatoria, Proposta
from procedure.models import ProceduraSelezione, Stato


def test_dati_demo_idempotenti(db):
    call_command("carica_demo", verbosity=0)
    provvisoria = ProceduraSelezione.objects.get(oggetto__startswith="Esperto di coding")
    interpello = ProceduraSelezione.objects.get(oggetto__startswith="Esperto di fotografia")
    assert provvisoria.stato == Stato.VALUTATA
    assert services.reclami_aperti(provvisoria)
    assert interpello.stato == Stato.CONCLUSA_ESITO
    assert Proposta.objects.filter(procedura=interpello, stato="in_attesa").count() == 1
    prima = Graduatoria.objects.count()
    call_command("carica_demo", verbosity=0)
    assert Graduatoria.objects.count() == prima
