"""Demo rankings, through the real services. Idempotent: a procedure is recognised by its
oggetto and skipped when present.

- «Esperto di coding per la secondaria»: the provisional ranking is published, the
  reclami window is open and the excluded candidate has filed one, waiting for the DS's answer.
- «Esperto del laboratorio di fotografia»: the definitive ranking is approved (the reclami window
  is over) and a proposal waits for the first candidate's answer: Alessia Ferrari (personale
  di altre scuole, first by category), who can log in with the SPID test identity provider and
  answer it; Marco Esposito comes next among the privati.
- «Tutor dei percorsi PCTO» (opened by candidature/demo.py): Anna Gialli, referente
  of the Liceo Galilei, and its DS Giuseppe Bianchi are its commissione, so the demo has one
  to work in; she has given Alessia Ferrari her mark for the interview, he not yet (seed 004:
  the mean of the commissioners' marks, and who has not marked yet).
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from candidature import services as candidature_services
from candidature.demo import (
    CANDIDATI,
    _compila,
    _persona,
    chiudi,
    finestra_passata,
    giorno_della_finestra,
)
from portale.demo import alle, dirigente
from procedure import services as procedure_services
from procedure.demo import _bozza_completa
from procedure.models import ProceduraSelezione, Stato, TipoCriterio

from . import services
from .models import Graduatoria

ISTITUTO = "RMIC8A7005"
PROCEDURE = [("Esperto di coding per la secondaria", CANDIDATI[:5], "provvisoria"),
             ("Esperto del laboratorio di fotografia",
              [CANDIDATI[0], CANDIDATI[3], CANDIDATI[4], CANDIDATI[1], CANDIDATI[7]], "interpello")]
VOTI = [110, 104, 99, 108, 101]


@transaction.atomic
def carica() -> dict:
    create = 0
    for oggetto, candidati, fino_a in PROCEDURE:
        membership = dirigente(ISTITUTO)
        if membership is None or ProceduraSelezione.objects.filter(oggetto=oggetto).exists():
            continue
        _crea(membership, oggetto, candidati, fino_a)
        create += 1
    return {"graduatorie create": create, "commissari nominati": _nomina_commissaria()}


COMMISSIONE_IN_CORSO = ("Tutor dei percorsi PCTO", "MIPS01000A", "GLLNNA82H48F205R")


def _nomina_commissaria() -> int:
    oggetto, codice, codice_fiscale = COMMISSIONE_IN_CORSO
    procedura = ProceduraSelezione.objects.filter(oggetto=oggetto,
                                                  stato=Stato.IN_VALUTAZIONE).first()
    membership = dirigente(codice)
    if procedura is None or membership is None or procedura.commissari.exists():
        return 0
    persona = Membership.objects.valide().get(user__codice_fiscale=codice_fiscale,
                                              istituto=procedura.istituto).user
    for commissario in (persona, membership.user):
        services.nomina_commissario(autore=membership.user, membership=membership,
                                    procedura=procedura, persona=commissario)
    colloquio = procedura.criteri.filter(tipo=TipoCriterio.MANUALE).first()
    prima = procedura.candidature.filter(protocollo__isnull=False).order_by(
        "protocollo__numero").first()
    if colloquio is not None and prima is not None:
        services.ammetti(autore=persona, candidatura=prima)
        services.assegna_punteggi(autore=persona, candidatura=prima,
                                  punteggi={colloquio: Decimal("8")})
    return 2


def _crea(membership, oggetto, candidati, fino_a):
    adesso = timezone.now()
    kw = {"autore": membership.user, "membership": membership}
    procedura = _bozza_completa(kw, membership, None, oggetto, "esperti")
    procedure_services.concludi(**kw, procedura=procedura)
    procedure_services.pubblica(**kw, procedura=procedura, data_apertura=adesso,
                                data_chiusura=adesso + timedelta(days=20))
    procedure_services.apri(**kw, procedura=procedura)
    # the terms ran in the past; the interpello's ranking was published giorni_reclami + 5
    # days ago (below): they closed before that, not a minute ago
    apertura = finestra_passata(procedura, timedelta(0) if fino_a == "provvisoria"
                                else timedelta(days=procedura.giorni_reclami + 7))
    candidature = []
    for indice, (cf, nome, cognome, categoria, amministrazione) in enumerate(candidati):
        candidato = _persona(cf, nome, cognome)
        with alle(giorno_della_finestra(apertura, indice)):
            bozza = _compila(procedura, candidato, categoria, amministrazione, VOTI[indice])
            candidature.append(candidature_services.invia(candidato=candidato,
                                                          candidatura=bozza))
    chiudi(procedura, Stato.IN_VALUTAZIONE)
    procedura.refresh_from_db()
    altri = Membership.objects.valide().filter(istituto=procedura.istituto).exclude(
        user=membership.user).select_related("user").first()
    commissario = altri.user if altri else membership.user
    services.nomina_commissario(**kw, procedura=procedura, persona=commissario)
    for candidatura in candidature[:-1]:
        services.ammetti(autore=commissario, candidatura=candidatura)
    services.escludi(autore=commissario, candidatura=candidature[-1],
                     motivazione="Curriculum privo di firma")
    services.concludi_valutazione(**kw, procedura=procedura)
    if fino_a == "provvisoria":
        services.pubblica_graduatoria(**kw, procedura=procedura)
        # the excluded candidate objects: the DS has a reclamo to answer
        escluso = candidature[-1]
        services.presenta_reclamo(
            candidato=escluso.candidato, candidatura=escluso,
            testo="Il curriculum è firmato digitalmente (firma PAdES): la firma non è visibile "
                  "sulla pagina ma si verifica aprendo il file. Chiedo di essere riammesso.")
        return
    # published as many days ago as the reclami window lasts, plus five: the window is over
    # whatever holidays moved its last day (Christmas, Santo Stefano and a Sunday: three)
    pubblicata = services.pubblica_graduatoria(**kw, procedura=procedura, adesso=adesso - timedelta(
        days=procedura.giorni_reclami + 5))
    # the version was generated when it was published, not at the demo's load: the list of
    # versions would say «generated today, published days ago» (only the date moves; the
    # rows and their seal are immutable)
    Graduatoria.objects.filter(pk=pubblicata.pk).update(creata_il=pubblicata.pubblicata_il)
    services.approva_definitiva(**kw, procedura=procedura)
    services.proponi_incarico(**kw, procedura=procedura, scadenza=adesso + timedelta(days=2),
                              ore_settimanali=Decimal("4"),
                              giorni_impegno="martedì e giovedì, 14:30–16:30")
