"""Applications follow the procedure's lifecycle (issue 5, «Effects of the procedure lifecycle»)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from candidature import services
from candidature.models import Candidatura, StatoCandidatura
from procedure import services as procedure_services

pytestmark = pytest.mark.django_db


def _kw(ds, procedura):
    return {"autore": ds, "membership": ds.memberships.get(), "procedura": procedura}


def test_proroga_avvisa_i_candidati(ds, bozza_completa, candidato):
    procedura = bozza_completa.procedura
    procedure_services.proroga(**_kw(ds, procedura),
                               nuova_chiusura=procedura.data_chiusura + timedelta(days=7))
    assert candidato.notifiche.filter(oggetto__startswith="Termini prorogati").count() == 1


@pytest.mark.parametrize("azione", ["annulla", "revisione_significativa"])
def test_annullamento_annulla_ogni_candidatura_e_avvisa(ds, bozza_completa, candidato, crea_persona,
                                                       azione):
    procedura = bozza_completa.procedura
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    altro = crea_persona("ESPMRC88R03L736K", nome="Marco")
    bozza_altrui = services.apri_bozza(candidato=altro, procedura=procedura)
    getattr(procedure_services, azione)(**_kw(ds, procedura), motivazione="Errore nei requisiti")
    inviata.refresh_from_db()
    bozza_altrui.refresh_from_db()
    assert inviata.stato == bozza_altrui.stato == StatoCandidatura.ANNULLATA
    assert inviata.protocollo and inviata.sha256  # the sent content is never altered
    for persona in (candidato, altro):
        assert persona.notifiche.filter(oggetto__startswith="Procedura annullata").count() == 1
    # the reason as a sentence of its own (it read «annullata (Errore nei requisiti). La tua…»,
    # or «(Il progetto è stato definanziato.).» with the full stop the DS typed)
    perche = ("Modifiche significative all'avviso: errore nei requisiti."
              if azione == "revisione_significativa" else "Errore nei requisiti.")
    assert candidato.notifiche.get(oggetto__startswith="Procedura annullata").testo == (
        f"La procedura «{procedura.oggetto}» è stata annullata. Motivazione: {perche} "
        "La tua candidatura è annullata di conseguenza.")


def test_modifiche_non_significative_conservano_bozze_e_inviate(ds, bozza_completa, candidato,
                                                               crea_persona, procedura_aperta):
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    sigillo = inviata.sha256
    altro = crea_persona("ESPMRC88R03L736K", nome="Marco")
    bozza = services.apri_bozza(candidato=altro, procedura=procedura_aperta)
    services.salva_bozza(candidato=altro, candidatura=bozza, dati={"categoria": "privato",
                                                                   "telefono": "06111"})
    kw = _kw(ds, procedura_aperta)
    procedure_services.avvia_revisione(**kw)
    nuovo = procedure_services.aggiungi_campo(**kw, etichetta="Lingue parlate", tipo="testo")
    procedure_services.concludi_revisione(**kw)
    bozza.refresh_from_db()
    inviata.refresh_from_db()
    assert bozza.categoria == "privato" and bozza.telefono == "06111"  # drafts keep their data
    assert str(nuovo.pk) not in bozza.risposte                         # the new field is empty
    assert inviata.sha256 == sigillo and inviata.stato == StatoCandidatura.INVIATA
    assert altro.notifiche.filter(oggetto__startswith="Avviso aggiornato").exists()


def test_sospensione_avvisa_e_blocca(ds, bozza_completa, candidato):
    procedure_services.sospendi(**_kw(ds, bozza_completa.procedura))
    assert candidato.notifiche.filter(oggetto__startswith="Procedura sospesa").exists()
    with pytest.raises(services.TerminiChiusi):
        services.invia(candidato=candidato, candidatura=bozza_completa)
    assert Candidatura.objects.get().stato == StatoCandidatura.BOZZA


def test_ripresa_avvisa_con_il_termine_e_riapre_l_invio(ds, bozza_completa, candidato):
    procedura = bozza_completa.procedura
    procedure_services.sospendi(**_kw(ds, procedura))
    procedure_services.riprendi(**_kw(ds, procedura))
    ripresa = candidato.notifiche.get(oggetto__startswith="Procedura ripresa")
    procedura.refresh_from_db()
    assert f"{timezone.localtime(procedura.data_chiusura):%d/%m/%Y alle %H:%M}" in ripresa.testo
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    assert inviata.stato == StatoCandidatura.INVIATA
