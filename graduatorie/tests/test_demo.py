from django.core.management import call_command

from graduatorie import services
from graduatorie.models import Graduatoria, Proposta
from procedure.models import ProceduraSelezione, Stato


def test_dati_demo_idempotenti(db):
    call_command("carica_demo", verbosity=0)
    provvisoria = ProceduraSelezione.objects.get(oggetto__startswith="Esperto di coding")
    interpello = ProceduraSelezione.objects.get(oggetto__startswith="Esperto del laboratorio di fotografia")
    assert provvisoria.stato == Stato.VALUTATA
    # a procedure without a scheda confers the figure its grid judges (the tutor, not an esperto)
    assert ProceduraSelezione.objects.get(
        oggetto__startswith="Tutor dei percorsi PCTO").tipologia_incarico == "tutor"
    assert services.reclami_aperti(provvisoria)
    assert interpello.stato == Stato.CONCLUSA_ESITO
    in_attesa = Proposta.objects.select_related("candidatura__candidato").get(
        procedura=interpello, stato="in_attesa")
    # to a person of the SPID test identity provider, who can log in and answer it
    assert in_attesa.candidatura.candidato.codice_fiscale == "FRRLSS92P45F839O"  # Alessia
    assert all(c in interpello.categorie_ammesse
               for c in interpello.candidature.values_list("categoria", flat=True))
    # a ranking is published after the terms closed, in every demo procedure
    for graduatoria in Graduatoria.objects.filter(pubblicata_il__isnull=False).select_related(
            "procedura"):
        assert graduatoria.pubblicata_il > graduatoria.procedura.data_chiusura, (
            graduatoria.procedura.oggetto)
    # each version of a demo avviso says something the previous one did not (a new user saw two
    # versions with the same SHA-256)
    for procedura in ProceduraSelezione.objects.all():
        sorgenti = list(procedura.versioni_avviso.values_list("sorgente", flat=True))
        assert len(set(sorgenti)) == len(sorgenti), procedura.oggetto
    # every application was sent within its terms (closed «a minute ago», after sending, they
    # read «inviata alle 16:14:56» for 16:13; the interpello's, closed weeks ago, were sent
    # today), and every avviso was published before it opened
    from candidature.models import Candidatura

    inviate = Candidatura.objects.filter(protocollo__isnull=False).select_related("procedura")
    assert {c.procedura.oggetto for c in inviate} >= {provvisoria.oggetto, interpello.oggetto}
    for candidatura in inviate:
        procedura = candidatura.procedura
        assert procedura.data_apertura < candidatura.inviata_il <= procedura.data_chiusura, (
            procedura.oggetto, candidatura.inviata_il)
        assert procedura.pubblicata_il <= procedura.data_apertura, procedura.oggetto
    prima = Graduatoria.objects.count()
    call_command("carica_demo", verbosity=0)
    assert Graduatoria.objects.count() == prima
