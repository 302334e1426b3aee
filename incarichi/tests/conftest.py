"""Fixtures of the incarichi tests: schede in the past (hours can be registered), people,
and an incarico brought to any state through the real services; the ranking of graduatorie's
tests (a closed procedure, its candidates) for the interpello (test_posti_mai_bloccati)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from candidature.tests.istanze_fixtures import persone, scenario  # noqa: F401
from fabbisogno import services as schede
from fabbisogno.models import TariffaOraria
from graduatorie.tests.conftest import procedura_aperta, referente  # noqa: F401
from incarichi.models import TIPOLOGIE_DOCENZA, Incarico, TipoDocumentoIncarico
from incarichi.services import incarichi as servizi
from portale.tests.campioni_documenti import caricato, pdf

TUTTE_LE_AUTOCERTIFICAZIONI = {"dichiara_incompatibilita": True,
                               "dichiara_conflitto_interessi": True,
                               "dichiara_codice_comportamento": True}


@pytest.fixture
def crea_scheda(ds):
    """A concluded scheda of the DS's istituto; CCNL rate by amount or a manual rate."""
    def crea(titolo="Tutor di matematica", *, tipologia="tutor", ore=30, tariffa="19.25",
             tariffa_manuale=None, cup="D34D22000350006", inizio=date(2026, 1, 12),
             fine=date(2026, 6, 30), fonte="pnrr"):
        membership = ds.memberships.get()
        scheda = schede.crea_scheda(
            autore=ds, membership=membership, titolo=titolo, descrizione=f"Attività: {titolo}",
            tipologia_incarico=tipologia, fonte_finanziamento=fonte, cup=cup,
            destinatari="Studenti delle classi prime", data_inizio=inizio, data_fine=fine,
            ore_previste=ore,
            tariffa=None if tariffa_manuale else TariffaOraria.objects.get(importo_orario=tariffa),
            tariffa_manuale=tariffa_manuale)
        return schede.concludi_scheda(autore=ds, membership=membership, scheda=scheda)
    return crea


@pytest.fixture
def docente(crea_persona):
    return crea_persona("BRNLGU80A01H501T", nome="Luigi", cognome="Bruni")


@pytest.fixture
def esperta(crea_persona):
    return crea_persona("VRDGLI85M41F205R", nome="Giulia", cognome="Verdi")


@pytest.fixture
def affida(ds):
    """An affidamento diretto by the DS (motivazione d, occasional collaboration)."""
    def affida(scheda, persona, rapporto="interno", **extra):
        dati = dict(motivazione="occasionale",
                    giustificazione="Collaborazione occasionale di poche ore, non ripetibile.")
        return servizi.affida_direttamente(autore=ds, membership=ds.memberships.get(),
                                           scheda=scheda, persona=persona, rapporto=rapporto,
                                           **(dati | extra))
    return affida


@pytest.fixture
def completa_requisiti(ds):
    """Fill in the whole checklist of an incarico in preparation."""
    def completa(incarico):
        membership = ds.memberships.get()
        if incarico.rapporto in ("altra_scuola", "altra_pa"):
            servizi.carica_autorizzazione(autore=ds, membership=membership, incarico=incarico,
                                          file=caricato("nulla-osta.pdf", pdf("Nulla osta")))
        return servizi.aggiorna_requisiti(
            autore=ds, membership=membership, incarico=incarico,
            autocertificazioni=TUTTE_LE_AUTOCERTIFICAZIONI,
            casellario_acquisito_il=date(2026, 1, 5),
            # what the DS assesses: a teaching incarico is excluded from the control
            controllo_corte_conti=incarico.controllo_corte_conti or (
                "" if not incarico.esterno else "escluso_docenza"
                if incarico.tipologia in TIPOLOGIE_DOCENZA else "escluso_obbligatorio"))
    return completa


@pytest.fixture
def porta_incarico(ds, completa_requisiti):
    """Bring an incarico in preparation to `stato` through the real services."""
    def porta(incarico, stato):
        membership = ds.memberships.get()
        kw = dict(autore=ds, membership=membership)
        if stato == "in_preparazione":
            return incarico
        completa_requisiti(incarico)
        # emitted today, dated a few days before the activities of early 2026: hours are
        # registered only from the act's day (seed 001, art. 10)
        incarico = atto_del(servizi.emetti_atto(**kw, incarico=incarico),
                            incarico.data_inizio - timedelta(days=5))
        if stato == "conferito":
            return incarico
        incarico = servizi.registra_firma(**kw, incarico=incarico,
                                          file=caricato("atto-firmato.pdf", pdf("Firmato")))
        if stato == "firmato":
            return incarico
        incarico = servizi.avvia(**kw, incarico=incarico)
        if stato == "in_corso":
            return incarico
        incarico = servizi.concludi(**kw, incarico=incarico)
        if stato == "concluso":
            return incarico
        return servizi.liquida(**kw, incarico=incarico)
    return porta


def atto_del(incarico, giorno):
    """The act as if emitted on `giorno` (09:00): the tests' incarichi run in early 2026 and a
    revoca cannot be communicated before its act."""
    Incarico.objects.filter(pk=incarico.pk).update(
        conferito_il=timezone.make_aware(datetime.combine(giorno, time(9))))
    incarico.refresh_from_db()
    return incarico


def documento(incarico, tipo=TipoDocumentoIncarico.ATTO):
    return incarico.documenti.get(tipo=tipo)
