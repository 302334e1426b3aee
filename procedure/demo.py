"""Demo procedure di selezione in the lifecycle states, through the real services.

Idempotent: a procedure is recognised by istituto and oggetto. A later run first applies
what the clock has decided since the last one (openings, closings), so nothing is re-applied;
the one «in apertura tra pochi minuti» is programmed again while it has not opened yet, and
when every demo avviso has closed a new one is opened, so there is always one to apply to.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fabbisogno.models import SchedaProgettuale
from portale.demo import dirigente

from . import avviso, services
from .models import BaseCompenso, FormatoAllegato, ProceduraSelezione, Stato

# (istituto, scheda da cui generarla, oggetto, griglia, stato finale)
PROCEDURE = [
    ("RMIC8A7005", "Robotica educativa – PNRR DM 65", "Esperto di robotica educativa", "esperti", "aperta"),
    ("RMIC8A7005", "Tutor del laboratorio di robotica", "Tutor del laboratorio di robotica", "tutor", "in_apertura"),
    # left open here: candidature/demo.py sends applications, then lets the deadline pass
    ("RMIC8A7005", "Progettista rete LAN plessi", "Progettista della rete LAN", "progettista_collaudatore", "aperta"),
    ("RMIC8A7005", None, "Esperto di teatro in lingua inglese", "esperti", "bozza"),
    ("RMIC8A7005", None, "Esperto di scacchi per la primaria", "esperti", "annullata"),
    ("RMIC8A7005", None, "Psicologo scolastico – sportello", "esperti", "sospesa"),
    ("MIPS01000A", "Orientamento universitario – PNRR DM 934", "Formatori per l'orientamento universitario", "esperti", "in_revisione"),
    ("MIPS01000A", "Collaudatore laboratorio STEM", "Collaudatore del laboratorio STEM", "progettista_collaudatore", "conclusa"),
    ("MIPS01000A", None, "Esperto madrelingua inglese", "esperti", "pubblicata"),
    ("MIPS01000A", None, "Tutor dei percorsi PCTO", "tutor", "aperta"),
]

DATI_COMUNI = dict(
    profilo="Competenze documentate nell'ambito dell'incarico; esperienza con studenti.",
    numero_incarichi=1, compenso=Decimal("1500.00"), base_compenso=BaseCompenso.LORDO_STATO,
    modalita_pagamento="Liquidato al termine delle attività, previa verifica delle ore svolte.",
    luogo="Sede centrale dell'istituto", requisiti_ammissione="Laurea coerente con l'incarico",
    ammette_interni=True, ammette_altre_scuole=True, ammette_altre_pa=True, ammette_privati=True,
)


# Criteria beyond the grid: the Tutor PCTO is also judged in an interview, marked by each
# commissioner (seed 004: the mean of several evaluators).
CRITERI_AGGIUNTI = {"Tutor dei percorsi PCTO": [dict(
    descrizione="Colloquio motivazionale con la commissione", tipo="manuale",
    massimo=Decimal(10))]}

# Opened again when the clock has closed every demo avviso (a user restarting the demo later).
AVVISO_SEMPRE_APERTO = ("RMIC8A7005", "Esperto di coding creativo", "esperti")


@transaction.atomic
def carica() -> dict:
    adesso = timezone.now()
    for pk in services.procedure_da_allineare(adesso):
        services.allinea(pk, adesso)
    create = 0
    for codice, titolo_scheda, oggetto, griglia, stato in PROCEDURE:
        membership = dirigente(codice)
        kw = {"autore": membership.user, "membership": membership}
        esistente = ProceduraSelezione.objects.filter(istituto=membership.istituto,
                                                      oggetto=oggetto).first()
        if esistente:
            if stato == "in_apertura" and esistente.stato == Stato.PUBBLICATA:
                services.programma_apertura(**kw, procedura=esistente,
                                            data_apertura=adesso + timedelta(minutes=5))
            continue
        procedura = _bozza_completa(kw, membership, titolo_scheda, oggetto, griglia)
        for criterio in CRITERI_AGGIUNTI.get(oggetto, ()):
            services.aggiungi_criterio(**kw, procedura=procedura, **criterio)
        _porta(kw, procedura, stato, adesso)
        create += 1
    create += _riapri_se_tutte_chiuse(adesso)
    per_stato = {s.label: n for s in Stato
                 if (n := ProceduraSelezione.objects.filter(stato=s).count())}
    return {"procedure create": create, **per_stato}


def _riapri_se_tutte_chiuse(adesso) -> int:
    """A new avviso, open for 30 days, when no demo avviso is open for at least one more day."""
    codice, oggetto, griglia = AVVISO_SEMPRE_APERTO
    if ProceduraSelezione.objects.filter(stato=Stato.APERTA,
                                         data_chiusura__gt=adesso + timedelta(days=1)).exists():
        return 0
    membership = dirigente(codice)
    kw = {"autore": membership.user, "membership": membership}
    oggetto = f"{oggetto} ({timezone.localdate(adesso):%m/%Y})"
    procedura = _bozza_completa(kw, membership, None, oggetto, griglia)
    _porta(kw, procedura, "aperta", adesso)
    return 1

# the figure a procedure without a scheda confers, after the regulation's grid it is judged by
TIPOLOGIA_DELLA_GRIGLIA = {"esperti": "esperto", "tutor": "tutor",
                           "progettista_collaudatore": "progettista"}

# what a procedure generated from a scheda keeps of it: the amount, what it includes, the profile
DALLA_SCHEDA = ("compenso", "base_compenso", "modalita_pagamento", "profilo")


def _bozza_completa(kw, membership, titolo_scheda, oggetto, griglia):
    if titolo_scheda:
        scheda = SchedaProgettuale.objects.get(istituto=membership.istituto, titolo=titolo_scheda)
        procedura = services.genera_da_scheda(**kw, scheda=scheda)
        procedura = services.salva_informazioni(**kw, procedura=procedura, oggetto=oggetto,
                                                **{k: v for k, v in DATI_COMUNI.items()
                                                   if k not in DALLA_SCHEDA})
    else:
        procedura = services.crea_procedura(
            **kw, oggetto=oggetto, tipologia_incarico=TIPOLOGIA_DELLA_GRIGLIA[griglia],
            data_inizio_attivita=timezone.localdate() + timedelta(days=60),
            data_fine_attivita=timezone.localdate() + timedelta(days=180), **DATI_COMUNI)
    services.aggiungi_allegato(**kw, procedura=procedura, nome="Curriculum vitae in formato europeo",
                               formati=[FormatoAllegato.PDF, FormatoAllegato.P7M])
    services.aggiungi_allegato(**kw, procedura=procedura, nome="Documento d'identità",
                               formati=[FormatoAllegato.PDF, FormatoAllegato.IMMAGINE])
    services.aggiungi_campo(**kw, procedura=procedura, etichetta="Disponibilità oraria prevalente",
                            tipo="scelta", opzioni=["Mattina", "Pomeriggio", "Indifferente"])
    services.carica_griglia(**kw, procedura=procedura, griglia=griglia)
    procedura.refresh_from_db()
    return procedura


def _porta(kw, procedura, stato, adesso):
    kw = {**kw, "procedura": procedura}
    if stato == "bozza":
        return
    services.concludi(**kw)
    if stato == "conclusa":
        return
    if stato == "annullata":
        services.annulla(**kw, motivazione="Finanziamento revocato dall'ente erogatore")
        return
    if stato in ("aperta", "in_revisione", "sospesa"):
        # published and opened at once: one version of the avviso, stating the true opening
        # (published for later, then opened now, made a second version that the demo's
        # retrodata froze identical to the first: two versions with the same SHA-256)
        services.pubblica(**kw, data_apertura=adesso, data_chiusura=adesso + timedelta(days=30),
                          apertura_automatica=True)
    else:
        services.pubblica(**kw, data_apertura=adesso + timedelta(days=2),
                          data_chiusura=adesso + timedelta(days=30))
    if stato == "in_apertura":
        services.programma_apertura(**kw, data_apertura=adesso + timedelta(minutes=5))
    elif stato in ("aperta", "in_revisione", "sospesa"):
        if stato == "in_revisione":
            services.avvia_revisione(**kw)
        elif stato == "sospesa":
            services.sospendi(**kw, motivazione="In attesa di chiarimenti dall'ente finanziatore")


def retrodata(procedura: ProceduraSelezione, *, apertura, chiusura) -> None:
    """Demo only: the terms as if they had run in the past. The avviso's versions are frozen
    again with those dates (and composed anew): the demo's PDF says what its page says;
    published two days before it opened."""
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_apertura=apertura, data_chiusura=chiusura,
        pubblicata_il=apertura - timedelta(days=2))
    procedura.refresh_from_db()
    sorgente = avviso.sorgente(procedura)
    procedura.versioni_avviso.update(sorgente=sorgente, file="", sha256="")
