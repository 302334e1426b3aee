"""Fixtures of the staff side (Gestione istanze, istruttoria, monitoraggio).

The fixtures are exposed by candidature/tests/conftest.py; the helpers (salva, invia,
chiudi) are imported by the test modules.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from candidature import services
from candidature.forms import modulo, separa_file
from candidature.models import Candidatura
from portale.tests.campioni_documenti import caricato, pdf
from procedure import services as procedure_services
from procedure.models import ProceduraSelezione

AUTOCERTIFICAZIONI_SI = {k: "on" for k in (
    "dichiara_requisiti", "dichiara_incompatibilita", "dichiara_conflitto_interessi",
    "dichiara_codice_comportamento",
    "dichiara_dpr_445", "presa_visione_privacy")}


def salva(candidato, procedura, *, categoria="privato", voto="108", descrizione="",
          cv=b"", titolo=b"", nome_cv="cv.pdf", completa=True) -> Candidatura:
    """A draft saved through the real form and services (complete unless told otherwise)."""
    bozza = services.apri_bozza(candidato=candidato, procedura=procedura)
    laurea = procedura.criteri.get(descrizione__startswith="Laurea vecchio")
    dati = {"categoria": categoria, "email": f"{candidato.codice_fiscale.lower()}@example.it"}
    file = {}
    if completa:
        campo = procedura.campi.get()
        allegato = procedura.allegati_richiesti.get()
        dati |= {f"campo_{campo.pk}": "si", f"criterio_{laurea.pk}": voto, **AUTOCERTIFICAZIONI_SI}
        if descrizione:
            dati[f"criterio_{laurea.pk}_descrizione"] = descrizione
        file[f"allegato_{allegato.pk}"] = caricato(nome_cv, cv or pdf(f"CV {candidato.cognome}"))
        if titolo:
            file[f"documento_criterio_{laurea.pk}"] = caricato("laurea.pdf", titolo)
    form = modulo(procedura, bozza, dati, file)
    assert form.is_valid(), form.errors
    dati, file = separa_file(form)
    return services.salva_bozza(candidato=candidato, candidatura=bozza, dati=dati, file=file)


def invia(candidato, procedura, **kwargs) -> Candidatura:
    return services.invia(candidato=candidato, candidatura=salva(candidato, procedura, **kwargs))


def chiudi(procedura, *, allinea=True) -> ProceduraSelezione:
    """The deadline passes (as in procedure.tests.fixtures.porta_a)."""
    ora = timezone.now()
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_apertura=ora - timedelta(days=2), data_chiusura=ora - timedelta(seconds=1))
    if allinea:
        procedure_services.allinea(procedura.pk)
    procedura.refresh_from_db()
    return procedura


@dataclass
class Scenario:
    procedura: ProceduraSelezione
    alessia: Candidatura    # privato, 108 with description and title document
    marco: Candidatura      # interno
    sara_ritirata: Candidatura
    sara: Candidatura       # sent again after withdrawing
    bozza: Candidatura      # Luca never sent: never shown to staff


@pytest.fixture
def persone(crea_persona, candidato):
    return {
        "alessia": candidato,
        "marco": crea_persona("ESPMRC88R03L736K", nome="Marco", cognome="Esposito"),
        "sara": crea_persona("MNCSRA85B45F205W", nome="Sara", cognome="Mancini"),
        "luca": crea_persona("RCCGNN90C10L219Q", nome="Luca", cognome="Bozzetti"),
    }


@pytest.fixture
def scenario(procedura_aperta, persone) -> Scenario:
    """A closed procedure: three sent applications, one withdrawn, one draft."""
    procedura = procedura_aperta
    alessia = invia(persone["alessia"], procedura, descrizione="Politecnico di Milano, 2015",
                    titolo=pdf("Diploma di laurea"))
    marco = invia(persone["marco"], procedura, categoria="interno", voto="100")
    prima = invia(persone["sara"], procedura)
    ritirata = services.ritira(candidato=persone["sara"], candidatura=prima)
    sara = invia(persone["sara"], procedura, voto="110")
    bozza = salva(persone["luca"], procedura, completa=False)
    procedura = chiudi(procedura)
    for c in (alessia, marco, ritirata, sara, bozza):
        c.refresh_from_db()
    return Scenario(procedura, alessia, marco, ritirata, sara, bozza)
