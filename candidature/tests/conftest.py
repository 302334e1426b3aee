import pytest

from candidature import services
from portale.tests.campioni_documenti import caricato, pdf

from .istanze_fixtures import persone, scenario  # noqa: F401  (fixtures of the staff side)


@pytest.fixture
def procedura_aperta(crea_procedura_completa, porta_a, ds):
    procedura = crea_procedura_completa()
    from procedure import services as procedure_services

    procedure_services.aggiungi_campo(autore=ds, membership=ds.memberships.get(),
                                      procedura=procedura, etichetta="Disponibilità il sabato",
                                      tipo="si_no")
    return porta_a(procedura, "aperta")


@pytest.fixture
def dati_completi(procedura_aperta):
    """The POST of a complete application form (categoria privato, laurea 110 e lode)."""
    campo = procedura_aperta.campi.get()
    laurea = procedura_aperta.criteri.get(descrizione__startswith="Laurea vecchio")
    allegato = procedura_aperta.allegati_richiesti.get()
    return {
        "categoria": "privato", "email": "alessia.ferrari@example.it",
        "telefono": "3331234567", "indirizzo": "Via Verdi 3, Milano",
        f"campo_{campo.pk}": "si", f"criterio_{laurea.pk}": "110", f"criterio_{laurea.pk}_lode": "on",
        f"criterio_{laurea.pk}_descrizione": "Laurea in ingegneria, Politecnico di Milano, 2015",
        f"allegato_{allegato.pk}": caricato("curriculum.pdf", pdf("Curriculum vitae")),
        "dichiara_requisiti": "on",
        "dichiara_incompatibilita": "on", "dichiara_conflitto_interessi": "on",
        "dichiara_codice_comportamento": "on", "dichiara_dpr_445": "on",
        "presa_visione_privacy": "on",
    }


@pytest.fixture
def bozza_completa(procedura_aperta, candidato):
    """A complete draft saved through the services, ready for «Invia»."""
    from candidature.forms import modulo, separa_file

    candidatura = services.apri_bozza(candidato=candidato, procedura=procedura_aperta)
    allegato = procedura_aperta.allegati_richiesti.get()
    laurea = procedura_aperta.criteri.get(descrizione__startswith="Laurea vecchio")
    campo = procedura_aperta.campi.get()
    form = modulo(procedura_aperta, candidatura, {
        "categoria": "privato", "email": "alessia.ferrari@example.it", f"campo_{campo.pk}": "si",
        f"criterio_{laurea.pk}": "108",
        **{k: "on" for k in ("dichiara_requisiti", "dichiara_incompatibilita",
                             "dichiara_conflitto_interessi",
                             "dichiara_codice_comportamento", "dichiara_dpr_445",
                             "presa_visione_privacy")}},
        {f"allegato_{allegato.pk}": caricato("cv.pdf", pdf("CV"))})
    assert form.is_valid(), form.errors
    dati, file = separa_file(form)
    return services.salva_bozza(candidato=candidato, candidatura=candidatura, dati=dati, file=file)
