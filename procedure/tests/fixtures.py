"""Shared fixtures for procedures (registered as a pytest plugin in the root conftest.py)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Ruolo
from procedure import services
from procedure.models import FormatoAllegato, ProceduraSelezione


@pytest.fixture
def ds_membership(ds):
    return ds.memberships.get()


@pytest.fixture
def dsga(con_ruolo, istituto):
    return con_ruolo("VRDLCU80D55L219W", Ruolo.DSGA, istituto, nome="Lucia", cognome="Verdi")


@pytest.fixture
def segreteria(con_ruolo, istituto):
    return con_ruolo("NREPLA85E10H501Q", Ruolo.SEGRETERIA, istituto, nome="Paolo", cognome="Neri")


@pytest.fixture
def crea_procedura_completa(ds, ds_membership):
    """A draft with every part filled in, ready for «Concludi Procedura di Selezione»."""
    def crea(**extra):
        dati = dict(
            oggetto="Esperto di robotica educativa – PNRR DM 65", tipologia_incarico="esperto",
            profilo="Laurea in ingegneria, esperienza di robotica con studenti.",
            numero_incarichi=1, compenso=Decimal("2310.00"), base_compenso="lordo_dipendente",
            modalita_pagamento="30 ore a 77 € l'ora, al termine delle attività",
            # relative to today: the start of the activities may not be in the past
            data_inizio_attivita=timezone.localdate() + timedelta(days=60),
            data_fine_attivita=timezone.localdate() + timedelta(days=200),
            luogo="Sede centrale", ammette_interni=True, ammette_privati=True,
            requisiti_ammissione="Laurea magistrale o vecchio ordinamento",
        ) | extra
        procedura = services.crea_procedura(autore=ds, membership=ds_membership, **dati)
        services.aggiungi_allegato(autore=ds, membership=ds_membership, procedura=procedura,
                                   nome="Curriculum vitae", formati=[FormatoAllegato.PDF])
        services.carica_griglia(autore=ds, membership=ds_membership, procedura=procedura,
                                griglia="esperti")
        procedura.refresh_from_db()
        return procedura
    return crea


@pytest.fixture
def porta_a(ds, ds_membership):
    """Bring a complete draft into `stato` through the real services."""
    def porta(procedura: ProceduraSelezione, stato: str) -> ProceduraSelezione:
        ora = timezone.now()
        kw = dict(autore=ds, membership=ds_membership, procedura=procedura)
        if stato == "bozza":
            return procedura
        services.concludi(**kw)
        if stato == "conclusa":
            return _ricarica(procedura)
        if stato == "annullata":
            services.annulla(**kw, motivazione="Prova")
            return _ricarica(procedura)
        services.pubblica(**kw, data_apertura=ora + timedelta(days=1),
                          data_chiusura=ora + timedelta(days=10))
        if stato == "pubblicata":
            return _ricarica(procedura)
        if stato == "sospesa":
            services.sospendi(**kw)
            return _ricarica(procedura)
        services.apri(**kw)
        if stato == "aperta":
            return _ricarica(procedura)
        if stato == "in_revisione":
            services.avvia_revisione(**kw)
            return _ricarica(procedura)
        # chiusa and beyond: the deadline passes
        ProceduraSelezione.objects.filter(pk=procedura.pk).update(
            data_apertura=ora - timedelta(days=2), data_chiusura=ora - timedelta(seconds=1))
        services.allinea(procedura.pk)
        if stato == "chiusa":
            return _ricarica(procedura)
        services.avvia_valutazione(**kw)
        if stato == "in_valutazione":
            return _ricarica(procedura)
        # valutata and conclusa_esito are reached through graduatorie (a later issue)
        ProceduraSelezione.objects.filter(pk=procedura.pk).update(stato=stato)
        return _ricarica(procedura)
    return porta


def _ricarica(procedura):
    procedura.refresh_from_db()
    return procedura
