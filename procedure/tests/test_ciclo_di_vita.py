"""The lifecycle table (DESIGN.md §4): every allowed and every refused transition."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portale.models import Evento
from procedure import services
from procedure.models import ProceduraSelezione, Stato
from procedure.signals import transizione_eseguita
from procedure.stati import TRANSIZIONI, TransizioneNonConsentita, azioni_disponibili

pytestmark = pytest.mark.django_db


def _chiama(azione, procedura, ds, membership):
    """Call the service of `azione` with valid arguments."""
    ora = timezone.now()
    kw = dict(autore=ds, membership=membership, procedura=procedura)
    chiamate = {
        "concludi": lambda: services.concludi(**kw),
        "pubblica": lambda: services.pubblica(**kw, data_apertura=ora + timedelta(hours=1),
                                              data_chiusura=ora + timedelta(days=5)),
        "apri": lambda: services.apri(**kw),
        "programma_apertura": lambda: services.programma_apertura(
            **kw, data_apertura=ora + timedelta(minutes=5)),
        "proroga": lambda: services.proroga(
            **kw, nuova_chiusura=(procedura.data_chiusura or ora) + timedelta(days=3)),
        "sospendi": lambda: services.sospendi(**kw),
        "riprendi": lambda: services.riprendi(**kw),
        "avvia_revisione": lambda: services.avvia_revisione(**kw),
        "concludi_revisione": lambda: services.concludi_revisione(**kw),
        "revisione_significativa": lambda: services.revisione_significativa(
            **kw, motivazione="Cambiano i requisiti"),
        "annulla": lambda: services.annulla(**kw, motivazione="Progetto definanziato"),
        "avvia_valutazione": lambda: services.avvia_valutazione(**kw),
        "duplica": lambda: services.duplica(**kw),
    }
    return chiamate[azione]()


AZIONI = ["concludi", "pubblica", "apri", "programma_apertura", "proroga", "sospendi",
          "riprendi", "avvia_revisione", "concludi_revisione", "revisione_significativa",
          "annulla", "avvia_valutazione", "duplica"]
STATI = [s.value for s in Stato if s not in (Stato.VALUTATA, Stato.CONCLUSA_ESITO)] + [
    Stato.VALUTATA.value, Stato.CONCLUSA_ESITO.value]


@pytest.mark.parametrize("stato", STATI)
@pytest.mark.parametrize("azione", AZIONI)
def test_ogni_transizione_consentita_o_rifiutata(azione, stato, crea_procedura_completa, porta_a,
                                                 ds, ds_membership):
    procedura = porta_a(crea_procedura_completa(), stato)
    assert procedura.stato == stato
    consentita = stato in TRANSIZIONI[azione].da
    eventi_prima = Evento.objects.count()
    if consentita:
        _chiama(azione, procedura, ds, ds_membership)
        assert Evento.objects.count() > eventi_prima  # every change is audited
    else:
        with pytest.raises(TransizioneNonConsentita) as errore:
            _chiama(azione, procedura, ds, ds_membership)
        assert "non è possibile quando la procedura è" in str(errore.value)
        procedura.refresh_from_db()
        assert procedura.stato == stato  # nothing changed
        assert Evento.objects.count() == eventi_prima


def test_percorso_tipico_e_stati_raggiunti(crea_procedura_completa, ds, ds_membership):
    procedura = crea_procedura_completa()
    kw = dict(autore=ds, membership=ds_membership, procedura=procedura)
    ora = timezone.now()
    assert services.concludi(**kw).stato == Stato.CONCLUSA
    assert services.pubblica(**kw, data_apertura=ora + timedelta(hours=2),
                             data_chiusura=ora + timedelta(days=7)).stato == Stato.PUBBLICATA
    assert procedura.versioni_avviso.count() == 1
    assert services.sospendi(**kw).stato == Stato.SOSPESA
    assert services.riprendi(**kw).stato == Stato.PUBBLICATA
    # opened two hours before the announced opening: the avviso says so in a new version
    assert services.apri(**kw).stato == Stato.APERTA
    assert procedura.versioni_avviso.count() == 2
    assert services.avvia_revisione(**kw).stato == Stato.IN_REVISIONE
    assert services.concludi_revisione(**kw).stato == Stato.APERTA
    assert procedura.versioni_avviso.count() == 3
    prorogata = services.proroga(**kw, nuova_chiusura=ora + timedelta(days=9))
    assert prorogata.stato == Stato.APERTA and procedura.versioni_avviso.count() == 4


def test_concludi_elenca_ogni_mancanza(ds, ds_membership):
    procedura = services.crea_procedura(autore=ds, membership=ds_membership, oggetto="Tutor",
                                        ammette_interni=False)
    with pytest.raises(ValidationError) as errore:
        services.concludi(autore=ds, membership=ds_membership, procedura=procedura)
    messaggi = " ".join(errore.value.messages)
    for atteso in ("manca il compenso previsto", "almeno una categoria",
                   "manca la base del compenso (lordo Stato o lordo dipendente)",
                   "almeno un allegato", "almeno un criterio", "manca il luogo",
                   # two things missing: the verb is plural
                   "mancano il profilo professionale e le competenze richieste",
                   "mancano i requisiti di ammissione", "manca la tipologia di incarico"):
        assert atteso in messaggi
    procedura.refresh_from_db()
    assert procedura.stato == Stato.BOZZA


def test_date_incoerenti_rifiutate(crea_procedura_completa, ds, ds_membership):
    procedura = crea_procedura_completa(data_fine_attivita=None)
    inizio = procedura.data_inizio_attivita + timedelta(days=30)
    # refused when saved, beside the end date, the procedure unchanged
    with pytest.raises(ValidationError) as errore:
        services.salva_informazioni(autore=ds, membership=ds_membership, procedura=procedura,
                                    data_fine_attivita=inizio - timedelta(days=1),
                                    data_inizio_attivita=inizio)
    assert errore.value.message_dict == {
        "data_fine_attivita": ["La fine delle attività non può precedere l'inizio."]}
    with pytest.raises(ValidationError, match="precedere l'inizio"):
        crea_procedura_completa(data_fine_attivita=inizio - timedelta(days=1),
                                data_inizio_attivita=inizio)
    # dates saved before the rule: «Concludi» lists them and refuses
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        data_inizio_attivita=inizio, data_fine_attivita=inizio - timedelta(days=1))
    procedura.refresh_from_db()
    with pytest.raises(ValidationError) as errore:
        services.concludi(autore=ds, membership=ds_membership, procedura=procedura)
    assert "la fine delle attività precede l'inizio" in " ".join(errore.value.messages)
    procedura = crea_procedura_completa()
    services.concludi(autore=ds, membership=ds_membership, procedura=procedura)
    ora = timezone.now()
    with pytest.raises(ValidationError) as errore:
        services.pubblica(autore=ds, membership=ds_membership, procedura=procedura,
                          data_apertura=ora + timedelta(days=3), data_chiusura=ora + timedelta(days=2))
    assert "successiva all'apertura" in str(errore.value)
    with pytest.raises(ValidationError):
        services.pubblica(autore=ds, membership=ds_membership, procedura=procedura,
                          data_apertura=ora - timedelta(days=3), data_chiusura=ora - timedelta(days=2))


def test_inizio_delle_attivita_gia_passato_rifiutato(crea_procedura_completa, ds, ds_membership):
    ieri = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as errore:
        crea_procedura_completa(data_inizio_attivita=ieri)
    assert errore.value.message_dict == {
        "data_inizio_attivita": ["L'inizio delle attività non può essere già passato."]}
    procedura = crea_procedura_completa()
    with pytest.raises(ValidationError) as errore:
        services.salva_informazioni(autore=ds, membership=ds_membership, procedura=procedura,
                                    data_inizio_attivita=ieri)
    assert list(errore.value.message_dict) == ["data_inizio_attivita"]
    oggi = timezone.localdate()  # today is allowed; a date saved earlier is not touched
    services.salva_informazioni(autore=ds, membership=ds_membership, procedura=procedura,
                                data_inizio_attivita=oggi)
    # saved weeks ago, now past: «Concludi» lists it and refuses
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(data_inizio_attivita=ieri)
    procedura.refresh_from_db()
    assert f"l'inizio delle attività ({ieri:%d/%m/%Y}) è già passato" in " ".join(
        services.elementi_mancanti(procedura))
    with pytest.raises(ValidationError):
        services.concludi(autore=ds, membership=ds_membership, procedura=procedura)
    procedura.refresh_from_db()
    assert procedura.stato == Stato.BOZZA
    # concluded while still in the future, published after it passed: refused
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(data_inizio_attivita=oggi)
    procedura = services.concludi(autore=ds, membership=ds_membership, procedura=procedura)
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(data_inizio_attivita=ieri)
    ora = timezone.now()
    with pytest.raises(ValidationError) as errore:
        services.pubblica(autore=ds, membership=ds_membership, procedura=procedura,
                          data_apertura=ora + timedelta(hours=1), data_chiusura=ora + timedelta(days=5))
    assert "duplica la procedura e correggi le date" in str(errore.value)
    procedura.refresh_from_db()
    assert procedura.stato == Stato.CONCLUSA and procedura.pubblicata_il is None


def test_proroga_solo_a_una_data_successiva(crea_procedura_completa, porta_a, ds, ds_membership):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    with pytest.raises(ValidationError):
        services.proroga(autore=ds, membership=ds_membership, procedura=procedura,
                         nuova_chiusura=procedura.data_chiusura - timedelta(hours=1))


def test_annulla_richiede_la_motivazione(crea_procedura_completa, porta_a, ds, ds_membership):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    with pytest.raises(ValidationError):
        services.annulla(autore=ds, membership=ds_membership, procedura=procedura, motivazione=" ")
    procedura.refresh_from_db()
    assert procedura.stato == Stato.APERTA


def test_modifiche_significative_annullano_e_creano_una_bozza_collegata(
        crea_procedura_completa, porta_a, ds, ds_membership):
    procedura = porta_a(crea_procedura_completa(), "aperta")
    ricevuti = []
    transizione_eseguita.connect(lambda **kw: ricevuti.append(kw["azione"]), weak=False,
                                 dispatch_uid="test-significative")
    try:
        copia = services.revisione_significativa(autore=ds, membership=ds_membership,
                                                 procedura=procedura, motivazione="Nuovi requisiti")
    finally:
        transizione_eseguita.disconnect(dispatch_uid="test-significative")
    procedura.refresh_from_db()
    assert procedura.stato == Stato.ANNULLATA and copia.stato == Stato.BOZZA
    assert copia.origine == procedura and copia.oggetto == procedura.oggetto
    assert copia.criteri.count() == procedura.criteri.count() > 0
    assert copia.allegati_richiesti.count() == 1
    assert copia.data_apertura is None and copia.data_chiusura is None
    assert ricevuti == ["revisione_significativa"]


def test_in_revisione_si_puo_solo_aggiungere(crea_procedura_completa, porta_a, ds, ds_membership):
    procedura = porta_a(crea_procedura_completa(), "in_revisione")
    campo = services.aggiungi_campo(autore=ds, membership=ds_membership, procedura=procedura,
                                    etichetta="Disponibilità il sabato", tipo="si_no")
    assert campo.aggiunto_in_revisione
    with pytest.raises(ValidationError):
        services.rimuovi_elemento(autore=ds, membership=ds_membership, procedura=procedura,
                                  elemento=procedura.allegati_richiesti.get())
    with pytest.raises(TransizioneNonConsentita):  # criteria are not an addition to the form
        services.aggiungi_criterio(autore=ds, membership=ds_membership, procedura=procedura,
                                   descrizione="Colloquio", tipo="manuale", massimo=10)


def test_ruoli_la_segreteria_redige_solo_il_ds_pubblica_e_annulla(
        crea_procedura_completa, porta_a, segreteria, dsga, ds, ds_membership):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    ora = timezone.now()
    m_segreteria, m_dsga = segreteria.memberships.get(), dsga.memberships.get()
    for membership in (m_segreteria, m_dsga):
        with pytest.raises(PermissionDenied):
            services.pubblica(autore=membership.user, membership=membership, procedura=procedura,
                              data_apertura=ora + timedelta(hours=1), data_chiusura=ora + timedelta(days=2))
        with pytest.raises(PermissionDenied):
            services.annulla(autore=membership.user, membership=membership, procedura=procedura,
                             motivazione="x")
    copia = services.duplica(autore=segreteria, membership=m_segreteria, procedura=procedura)
    assert copia.stato == Stato.BOZZA
    assert copia.oggetto == f"Copia di {procedura.oggetto}" != procedura.oggetto
    services.pubblica(autore=ds, membership=ds_membership, procedura=procedura,
                      data_apertura=ora + timedelta(hours=1), data_chiusura=ora + timedelta(days=2))
    with pytest.raises(PermissionDenied):
        services.apri(autore=segreteria, membership=m_segreteria, procedura=procedura)
    assert services.apri(autore=dsga, membership=m_dsga, procedura=procedura).stato == Stato.APERTA


def test_ds_di_un_altro_istituto_non_agisce(crea_procedura_completa, ds_altro):
    procedura = crea_procedura_completa()
    altra = ds_altro.memberships.get()
    with pytest.raises(PermissionDenied):
        services.concludi(autore=ds_altro, membership=altra, procedura=procedura)


def test_azioni_disponibili_dipendono_da_stato_e_ruolo():
    etichette = dict(azioni_disponibili(Stato.APERTA, "ds"))
    assert {"proroga", "sospendi", "avvia_revisione", "revisione_significativa", "annulla",
            "duplica"} == set(etichette)
    assert set(dict(azioni_disponibili(Stato.APERTA, "segreteria"))) == {"duplica"}
    assert "pubblica" in dict(azioni_disponibili(Stato.CONCLUSA, "ds"))
    assert "pubblica" not in dict(azioni_disponibili(Stato.CONCLUSA, "dsga"))


def test_genera_da_scheda_conclusa_precompila(ds, ds_membership, scheda_conclusa):
    procedura = services.genera_da_scheda(autore=ds, membership=ds_membership,
                                          scheda=scheda_conclusa)
    assert procedura.scheda == scheda_conclusa and procedura.oggetto == scheda_conclusa.titolo
    assert procedura.compenso == scheda_conclusa.importo
    assert procedura.data_fine_attivita == scheda_conclusa.data_fine
    assert "l'ora, lordo dipendente;" in procedura.modalita_pagamento  # a CCNL rate
    assert procedura.base_compenso == "lordo_dipendente"
    assert ProceduraSelezione.objects.filter(scheda=scheda_conclusa).count() == 1
    # a second «Genera» (double click, another tab) does not duplicate it
    with pytest.raises(services.ProceduraGiaGenerata) as errore:
        services.genera_da_scheda(autore=ds, membership=ds_membership, scheda=scheda_conclusa)
    assert errore.value.procedura == procedura
    assert ProceduraSelezione.objects.filter(scheda=scheda_conclusa).count() == 1
    # once that procedure is annulled, the scheda can have a new one
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(stato=Stato.ANNULLATA)
    nuova = services.genera_da_scheda(autore=ds, membership=ds_membership,
                                      scheda=scheda_conclusa)
    assert nuova.pk != procedura.pk


def test_compenso_oltre_la_scheda_o_diverso_dalle_modalita_detto_prima_di_concludere(
        ds, ds_membership, scheda_conclusa, client):
    """The scheda's 30 h × 19,25 € (577,50 € lordo dipendente) is the budget: an avviso
    paying more in all, or whose «modalità» still say the scheda's hours and rate while the
    amount changed («45.000,00 €» beside «30 ore a 1.234,50 € l'ora»), is said while drafting
    and in «Concludi», in the scheda's own unit; not refused."""
    procedura = services.genera_da_scheda(autore=ds, membership=ds_membership,
                                          scheda=scheda_conclusa)
    assert services.da_controllare(procedura) == []
    # the same budget said in lordo Stato (577,50 × 1,327 = 766,34): nothing to say
    procedura.base_compenso, procedura.compenso = "lordo_stato", Decimal("766.34")
    assert services.da_controllare(procedura) == []

    procedura.base_compenso, procedura.compenso = "lordo_dipendente", Decimal("600")
    assert services.da_controllare(procedura) == [
        "Il compenso previsto, 600,00 € lordo dipendente, supera l'importo della scheda "
        "«Tutor del modulo di matematica», 577,50 € lordo dipendente: l'atto non si potrà "
        "emettere oltre il budget della scheda. Correggi il compenso o il numero di incarichi "
        "in «Informazioni generali», oppure la scheda.",
        "Le modalità di remunerazione dicono ancora «30 ore a 19,25 € l'ora» (577,50 € lordo "
        "dipendente), ma il compenso previsto per incarico è 600,00 € lordo dipendente: "
        "aggiorna l'uno o le altre in «Informazioni generali»."]
    procedura.compenso, procedura.numero_incarichi = Decimal("577.50"), 2
    assert services.da_controllare(procedura) == [
        "Il compenso previsto per 2 incarichi, 1.155,00 € lordo dipendente, supera l'importo "
        "della scheda «Tutor del modulo di matematica», 577,50 € lordo dipendente: l'atto non "
        "si potrà emettere oltre il budget della scheda. Correggi il compenso o il numero di "
        "incarichi in «Informazioni generali», oppure la scheda."]
    procedura.save()
    # on the page while drafting, not only in the dialog of «Concludi»
    client.force_login(ds)
    pagina = client.get(f"/procedure/{procedura.pk}/").content.decode().replace("&#x27;", "'")
    assert 'role="alert">Il compenso previsto per 2 incarichi, 1.155,00 €' in pagina


def test_genera_da_scheda_con_tariffa_inserita_dice_omnicomprensivo(ds, ds_membership):
    """An external expert's rate typed in the scheda: the avviso says the amount is
    omnicomprensivo, as the scheda does (not lordo dipendente)."""
    from datetime import date
    from decimal import Decimal

    from fabbisogno import services as schede

    scheda = schede.crea_scheda(
        autore=ds, membership=ds_membership, titolo="Esperto di robotica",
        descrizione="Laboratorio", tipologia_incarico="esperto", fonte_finanziamento="pnrr",
        cup="D34D22000350006", destinatari="Studenti", data_inizio=date(2027, 1, 15),
        data_fine=date(2027, 5, 30), ore_previste=20, tariffa_manuale=Decimal("50"))
    scheda = schede.concludi_scheda(autore=ds, membership=ds_membership, scheda=scheda)
    procedura = services.genera_da_scheda(autore=ds, membership=ds_membership, scheda=scheda)
    assert "20 ore a 50,00 € l'ora, lordo omnicomprensivo;" in procedura.modalita_pagamento
    assert procedura.base_compenso == "lordo_stato"
    # 1.000,00 / 1,327 = 753,58: what school staff would be paid, said beside it
    assert procedura.compenso_in_parole == ("1.000,00 € lordo Stato (omnicomprensivo); per il "
                                            "personale della scuola 753,58 € lordo dipendente")
    # a proposal says the amount on the base of the candidate's category
    assert procedura.compenso_per("interno") == ("753,58 € lordo dipendente (1.000,00 € lordo "
                                                 "Stato)")
    assert procedura.compenso_per("privato") == "1.000,00 € lordo omnicomprensivo"
    procedura.ammette_interni = False  # only external experts: nothing to convert
    procedura.ammette_altre_scuole = False
    assert procedura.compenso_in_parole == "1.000,00 € lordo Stato (omnicomprensivo)"


def test_compenso_in_lordo_dipendente_detto_anche_agli_esterni(ds, ds_membership):
    """A CCNL rate (lordo dipendente) in an avviso open to private experts: the page said only
    «1.732,50 € lordo dipendente», which means nothing to them."""
    from datetime import date

    from fabbisogno import services as schede
    from fabbisogno.models import TariffaOraria

    scheda = schede.concludi_scheda(autore=ds, membership=ds_membership, scheda=schede.crea_scheda(
        autore=ds, membership=ds_membership, titolo="Tutor di robotica", descrizione="Laboratorio",
        tipologia_incarico="tutor", fonte_finanziamento="pnrr", cup="D34D22000350006",
        destinatari="Studenti", data_inizio=date(2027, 1, 15), data_fine=date(2027, 5, 30),
        ore_previste=45, tariffa=TariffaOraria.objects.get(importo_orario="38.50")))
    procedura = services.genera_da_scheda(autore=ds, membership=ds_membership, scheda=scheda)
    assert procedura.base_compenso == "lordo_dipendente"
    assert procedura.compenso_in_parole == "1.732,50 € lordo dipendente"  # school staff only
    procedura.ammette_privati = True
    assert procedura.compenso_in_parole == ("1.732,50 € lordo dipendente; per gli esperti esterni "
                                            "lo stesso importo è lordo omnicomprensivo")
    # the proposal to an external expert goes on with the modalità «45 ore a 38,50 € l'ora,
    # lordo dipendente»: said why the same figure is all-inclusive for them
    assert procedura.compenso_per("privato") == (
        "1.732,50 € lordo omnicomprensivo (lo stesso importo che per il personale della scuola "
        "è lordo dipendente)")
    assert procedura.compenso_per("interno") == "1.732,50 € lordo dipendente"


def test_le_procedure_gia_scritte_restano_in_lordo_dipendente(crea_procedura_completa):
    """Before the base was asked, an amount was treated as lordo dipendente for school staff:
    the migration keeps that meaning for the procedures already written (with an amount)."""
    import importlib

    from django.apps import apps

    migrazione = importlib.import_module("procedure.migrations.0011_base_compenso")
    con_importo = crea_procedura_completa(base_compenso="")
    senza_importo = crea_procedura_completa(base_compenso="", compenso=None)
    migrazione.finora_lordo_dipendente(apps, None)
    con_importo.refresh_from_db()
    senza_importo.refresh_from_db()
    assert (con_importo.base_compenso, senza_importo.base_compenso) == ("lordo_dipendente", "")
