from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import Ruolo
from incarichi import selectors, stati
from incarichi.models import Incarico, StatoIncarico, TipoDocumentoIncarico
from incarichi.services import incarichi as servizi
from portale.models import Evento, Notifica
from portale.tests.campioni_documenti import caricato, p7m, pdf, png

from .conftest import TUTTE_LE_AUTOCERTIFICAZIONI, atto_del, documento

pytestmark = pytest.mark.django_db


def test_tabella_delle_transizioni_leggibile_e_completa():
    raggiungibili = {t.a for t in stati.TRANSIZIONI.values() if t.a} | {StatoIncarico.IN_PREPARAZIONE}
    assert raggiungibili == set(StatoIncarico)
    assert stati.azioni_possibili(StatoIncarico.IN_CORSO, Ruolo.DS) == ["proroga", "concludi", "revoca"]
    assert stati.azioni_possibili(StatoIncarico.IN_CORSO, Ruolo.SEGRETERIA) == []
    assert stati.azioni_possibili(StatoIncarico.LIQUIDATO, Ruolo.DS) == []


def test_affidamento_diretto_personale_interno_ore_per_tariffa(crea_scheda, affida, docente):
    scheda = crea_scheda()
    incarico = affida(scheda, docente, motivazione="urgenza",
                      giustificazione="Sostituzione improvvisa del tutor a corso avviato.")
    assert incarico.stato == StatoIncarico.IN_PREPARAZIONE
    assert incarico.tipo_atto == "lettera" and incarico.conferimento == "affidamento_diretto"
    assert (incarico.ore, incarico.tariffa_oraria) == (30, Decimal("19.25"))
    assert (incarico.compenso, incarico.compenso_lordo_stato) == (Decimal("577.50"), Decimal("766.34"))
    assert incarico.progetto == "D34D22000350006"
    assert Evento.objects.filter(azione="incarico.creato", object_id=str(incarico.pk)).exists()
    assert Notifica.objects.filter(oggetto__startswith="Incarico da perfezionare").count() == 1


@pytest.mark.parametrize("azione", ["emetti_atto", "revoca"])
def test_la_notifica_da_perfezionare_si_chiude_con_l_atto_o_la_revoca(
        crea_scheda, affida, docente, ds, completa_requisiti, azione):
    """The DS's inbox stopped asking to perfect an incarico already emitted or withdrawn."""
    membership = ds.memberships.get()
    incarico = completa_requisiti(affida(crea_scheda(), docente))
    altro = affida(crea_scheda("Altro", cup="D34D22000350013"), docente)
    da_perfezionare = Notifica.objects.filter(oggetto__startswith="Incarico da perfezionare",
                                              destinatario=ds)
    assert da_perfezionare.filter(letta_il__isnull=True).count() == 2
    if azione == "emetti_atto":
        servizi.emetti_atto(autore=ds, membership=membership, incarico=incarico)
    else:
        servizi.revoca(autore=ds, membership=membership, incarico=incarico, motivazione="Non serve")
    assert list(da_perfezionare.filter(letta_il__isnull=True).values_list("url", flat=True)) == [
        f"/incarichi/{altro.pk}/"]
    # what the person is told stays new; withdrawn before its act, he was told nothing
    assert Notifica.objects.filter(destinatario=docente, letta_il__isnull=True).exists() == (
        azione == "emetti_atto")


def test_affidamento_diretto_richiede_motivazione_art_8_e_giustificazione(crea_scheda, affida, docente):
    scheda = crea_scheda()
    with pytest.raises(ValidationError) as errore:
        affida(scheda, docente, motivazione="simpatia")
    assert "motivazione_affidamento" in errore.value.message_dict
    with pytest.raises(ValidationError):
        affida(scheda, docente, giustificazione="   ")
    assert not Incarico.objects.exists()


def test_affidamento_diretto_solo_dal_ds_e_da_scheda_conclusa(crea_scheda, docente, dsga, ds):
    scheda = crea_scheda()
    with pytest.raises(PermissionDenied):
        servizi.affida_direttamente(autore=dsga, membership=dsga.memberships.get(), scheda=scheda,
                                    persona=docente, rapporto="interno", motivazione="urgenza",
                                    giustificazione="x")
    from fabbisogno import services as schede
    bozza = schede.crea_scheda(autore=ds, membership=ds.memberships.get(), titolo="Bozza")
    with pytest.raises(ValidationError, match="scheda progettuale conclusa"):
        servizi.affida_direttamente(autore=ds, membership=ds.memberships.get(), scheda=bozza,
                                    persona=docente, rapporto="interno", motivazione="urgenza",
                                    giustificazione="x")


def test_checklist_blocca_l_atto_e_dice_cosa_manca(crea_scheda, affida, esperta, ds):
    scheda = crea_scheda("Esperto di coding", tipologia="progettista", tariffa_manuale=Decimal("70"))
    incarico = affida(scheda, esperta, rapporto="altra_pa", amministrazione_appartenenza="INPS",
                      autocertificazioni={"dichiara_incompatibilita": True})
    assert incarico.tipo_atto == "occasionale"  # motivazione d)
    assert incarico.compenso_lordo_stato is None
    assert incarico.compenso == Decimal("2100.00")  # 30 h × 70 €, all-inclusive
    membership = ds.memberships.get()
    with pytest.raises(ValidationError) as errore:
        servizi.emetti_atto(autore=ds, membership=membership, incarico=incarico)
    messaggi = errore.value.messages
    assert any("conflitto di interessi" in m and "Codice di comportamento" in m for m in messaggi)
    assert "Manca la data di acquisizione del certificato del casellario giudiziale." in messaggi
    assert "Manca l'autorizzazione dell'amministrazione di appartenenza." in messaggi
    assert ("Indica se il contratto è soggetto al controllo preventivo della Corte dei conti."
            in messaggi)
    assert len(messaggi) == 4
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.IN_PREPARAZIONE and incarico.protocollo_id is None
    servizi.aggiorna_requisiti(autore=ds, membership=membership, incarico=incarico,
                               autocertificazioni=TUTTE_LE_AUTOCERTIFICAZIONI,
                               casellario_acquisito_il=date(2026, 1, 5),
                               controllo_corte_conti="dovuto")
    with pytest.raises(ValidationError) as errore:
        servizi.emetti_atto(autore=ds, membership=membership, incarico=incarico)
    assert errore.value.messages == ["Manca l'autorizzazione dell'amministrazione di appartenenza."]
    with pytest.raises(ValidationError, match="non è un PDF valido"):
        servizi.carica_autorizzazione(autore=ds, membership=membership, incarico=incarico,
                                      file=caricato("nulla-osta.pdf", png()))
    servizi.carica_autorizzazione(autore=ds, membership=membership, incarico=incarico,
                                  file=caricato("nulla-osta.p7m", p7m()))
    emesso = servizi.emetti_atto(autore=ds, membership=membership, incarico=incarico)
    assert emesso.stato == StatoIncarico.CONFERITO and emesso.protocollo.numero == 1
    # under preventive control the contract is effective only after the outcome (art. 15)
    firmato = servizi.registra_firma(autore=ds, membership=membership, incarico=emesso,
                                     file=caricato("contratto.pdf", pdf("Firmato")))
    with pytest.raises(ValidationError, match="solo dopo l'esito positivo"):
        servizi.avvia(autore=ds, membership=membership, incarico=firmato)
    atto = timezone.localdate(firmato.conferito_il)
    for prima_o_dopo in (atto - timedelta(days=1), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(ValidationError, match="L'esito segue il contratto"):
            servizi.registra_esito_corte_conti(autore=ds, membership=membership,
                                               incarico=firmato, data=prima_o_dopo)
    servizi.registra_esito_corte_conti(autore=ds, membership=membership, incarico=firmato,
                                       data=atto)
    assert servizi.avvia(autore=ds, membership=membership, incarico=firmato).stato == "in_corso"
    with pytest.raises(ValidationError, match="Nessun controllo"):
        servizi.registra_esito_corte_conti(autore=ds, membership=membership, incarico=firmato,
                                           data=date(2026, 2, 21))


def test_corte_dei_conti_valutata_dal_ds_e_non_chiesta_agli_interni(crea_scheda, affida,
                                                                    esperta, docente):
    """Never preset: the act declares what the DS assessed (a preset «escluso: docenza» made a
    contract declare an assessment nobody made); for teaching, the form suggests it."""
    from incarichi.forms import RequisitiForm

    esperto = affida(crea_scheda("Esperto", tipologia="esperto", tariffa_manuale=Decimal("70")),
                     esperta, rapporto="privato")
    assert esperto.controllo_corte_conti == ""
    assert ("Indica se il contratto è soggetto al controllo preventivo della Corte dei conti."
            in servizi.requisiti_mancanti(esperto))
    assert "di norma: «Escluso: incarico di docenza»" in RequisitiForm(
        instance=esperto).fields["controllo_corte_conti"].help_text
    interno = affida(crea_scheda("Tutor", cup="D34D22000350007"), docente)
    etichette = [r.etichetta for r in servizi.requisiti(interno)]
    assert not any("Corte dei conti" in e for e in etichette)
    assert not any("Autorizzazione" in e for e in etichette)


def test_progettista_e_collaudatore_dello_stesso_progetto_rifiutati(crea_scheda, affida, docente,
                                                                    ds, porta_incarico):
    progettazione = crea_scheda("Progettista rete LAN", tipologia="progettista", ore=10,
                                cup="D89J21011900006")
    collaudo = crea_scheda("Collaudatore rete LAN", tipologia="collaudatore", ore=10,
                           cup="D89J21011900006")
    progettista = affida(progettazione, docente)
    with pytest.raises(ValidationError, match="progettista e collaudatore dello stesso progetto"):
        affida(collaudo, docente)
    assert Incarico.objects.count() == 1
    # also in the database, whatever path writes the row
    doppio = Incarico.objects.get(pk=progettista.pk)
    doppio.pk, doppio.tipologia, doppio.scheda = None, "collaudatore", collaudo
    with pytest.raises(IntegrityError), transaction.atomic():
        doppio.save()
    # another project, or after the revoca, is allowed
    assert affida(crea_scheda("Collaudo palestra", tipologia="collaudatore", ore=5,
                              cup="D89J21011900099"), docente).pk
    servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=progettista,
                   motivazione="Rinuncia dell'interessato")
    assert affida(collaudo, docente).tipologia == "collaudatore"


def test_budget_della_scheda_non_superato_con_lock(crea_scheda, affida, docente, crea_persona,
                                                   porta_incarico, ds, completa_requisiti):
    scheda = crea_scheda()  # 30 h × 19,25 = 577,50
    porta_incarico(affida(scheda, docente), "conferito")
    secondo = affida(scheda, crea_persona("NRIMRC75B02F205Y", nome="Marco", cognome="Neri"), ore=10)
    completa_requisiti(secondo)
    with pytest.raises(ValidationError) as errore:
        servizi.emetti_atto(autore=ds, membership=ds.memberships.get(), incarico=secondo)
    assert errore.value.messages == [
        "Il compenso di 192,50 € supera il budget residuo della scheda «Tutor di matematica» "
        "(0,00 € disponibili su 577,50 €)."]


def test_budget_omnicomprensivo_pesa_il_lordo_stato_del_personale(crea_scheda, affida, docente,
                                                                  ds, completa_requisiti):
    """A scheda with a rate typed in has an all-inclusive budget (lordo Stato): school staff
    weigh there what they cost, their lordo stato, not their lordo dipendente; the amount the
    DS types is all-inclusive too (the field says so: «lordo omnicomprensivo»), the lordo
    dipendente is worked out, not left to the DSGA's calculator."""
    scheda = crea_scheda("Esperto di robotica", tipologia="esperto", ore=20,
                         tariffa_manuale=Decimal("50"))  # 1.000,00 € omnicomprensivo
    kw = dict(autore=ds, membership=ds.memberships.get())
    # 1.100,00 € all-inclusive weigh 1.100,00 € lordo Stato: more than the whole scheda
    with pytest.raises(ValidationError) as errore:
        affida(scheda, docente, compenso=Decimal("1100"))
    assert errore.value.messages == [
        "Il compenso di 1.100,00 € lordo Stato supera l'intero importo della scheda progettuale "
        "«Esperto di robotica» (1.000,00 €): correggilo."]
    giusto = completa_requisiti(affida(scheda, docente, compenso=Decimal("1000")))
    assert giusto.compenso == Decimal("753.58")  # 1.000,00 / 1,327
    servizi.emetti_atto(**kw, incarico=giusto)
    assert servizi.impegnato_sulla_scheda(scheda) == Decimal("1000.00")
    riga = next(r for r in selectors.budget_schede(kw["membership"]) if r["scheda"] == scheda)
    assert (riga["impegnato"], riga["residuo"]) == (Decimal("1000.00"), Decimal("0.00"))


def test_budget_con_un_incarico_revocato_e_uno_liquidato(crea_scheda, affida, docente, ds,
                                                       crea_persona, porta_incarico,
                                                       completa_requisiti):
    """A revoked incarico is still paid for the work done (seed 001, art. 10.2 h): its compenso
    stays committed until it is liquidated; then only what was paid counts, and the rest goes
    back to the scheda (seed 003, art. 27.2). Revoked before the act, it commits nothing."""
    scheda = crea_scheda()  # 30 h × 19,25 = 577,50
    kw = dict(autore=ds, membership=ds.memberships.get())
    primo = porta_incarico(affida(scheda, docente), "in_corso")
    servizi.registra_ore(**kw, incarico=primo, data=date(2026, 2, 3), ore=Decimal("10"),
                         attivita="Tutoraggio")
    servizi.verifica_ore(**kw, incarico=primo)
    primo = servizi.revoca(**kw, incarico=atto_del(primo, date(2026, 1, 7)),
                           motivazione="Trasferimento ad altra sede",
                           comunicata_il=date(2026, 3, 2))
    assert servizi.impegnato_sulla_scheda(scheda) == Decimal("577.50")
    secondo = affida(scheda, crea_persona("NRIMRC75B02F205Y", nome="Marco", cognome="Neri"),
                     ore=20)  # 385,00
    completa_requisiti(secondo)
    with pytest.raises(ValidationError) as errore:
        servizi.emetti_atto(**kw, incarico=secondo)
    assert errore.value.messages[-1].endswith(
        "(0,00 € disponibili su 577,50 €). 1 incarico revocato impegna il suo compenso finché "
        "non è liquidato per il lavoro svolto.")
    primo = servizi.liquida(**kw, incarico=primo)
    assert primo.importo_liquidato == Decimal("192.50")
    assert servizi.impegnato_sulla_scheda(scheda) == Decimal("192.50")
    secondo = servizi.emetti_atto(**kw, incarico=secondo)
    assert servizi.impegnato_sulla_scheda(scheda) == Decimal("577.50")
    # the cruscotto's budget table says the same
    riga = next(r for r in selectors.budget_schede(kw["membership"]) if r["scheda"] == scheda)
    assert riga["impegnato"] == Decimal("577.50")
    # withdrawn before its act: nothing committed
    terzo = affida(scheda, crea_persona("FRRLSS92P45F839O", nome="Alessia", cognome="Ferrari"),
                   ore=1)
    servizi.revoca(**kw, incarico=terzo, motivazione="Rinuncia prima dell'atto")
    assert servizi.impegnato_sulla_scheda(scheda) == Decimal("577.50")


def test_percorso_completo_con_firma_p7m_ore_e_liquidazione(crea_scheda, affida, docente, ds,
                                                            dsga, segreteria, porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente), "conferito")
    atto = documento(incarico)
    assert atto.sha256 and incarico.protocollo.segnatura.startswith("RMIC8A7005 - Prot. n. 0000001/")
    assert incarico.data_fine_originaria == incarico.data_fine
    assert Notifica.objects.filter(destinatario=docente, oggetto__startswith="Lettera di incarico").exists()
    with pytest.raises(ValidationError, match="non è di un tipo ammesso"):
        servizi.registra_firma(autore=segreteria, membership=segreteria.memberships.get(),
                               incarico=incarico, file=caricato("firmato.png", png()))
    incarico = servizi.registra_firma(autore=segreteria, membership=segreteria.memberships.get(),
                                      incarico=incarico,
                                      file=caricato("lettera.pdf.p7m", p7m(pdf("firmata"))))
    assert incarico.stato == StatoIncarico.FIRMATO
    assert {d.tipo for d in incarico.documenti.all()} == {"atto", "atto_firmato"}
    with pytest.raises(PermissionDenied):
        servizi.avvia(autore=segreteria, membership=segreteria.memberships.get(), incarico=incarico)
    incarico = servizi.avvia(autore=dsga, membership=dsga.memberships.get(), incarico=incarico)
    kw = dict(autore=segreteria, membership=segreteria.memberships.get(), incarico=incarico)
    servizi.registra_ore(**kw, data=date(2026, 2, 3), ore=Decimal("20"), attivita="Tutoraggio")
    with pytest.raises(ValidationError) as errore:
        servizi.registra_ore(**kw, data=date(2026, 2, 10), ore=Decimal("10.5"), attivita="Troppo")
    assert "Superate le ore assegnate: 30 in tutto, 20 già registrate, ne restano 10." in str(errore.value)
    with pytest.raises(ValidationError, match="tra il 12/01/2026 e il 30/06/2026"):
        servizi.registra_ore(**kw, data=date(2025, 12, 1), ore=1, attivita="Prima")
    servizi.registra_ore(**kw, data=date(2026, 2, 10), ore=Decimal("2.5"), attivita="Verifica finale")
    incarico = servizi.concludi(autore=ds, membership=ds.memberships.get(), incarico=incarico)
    with pytest.raises(ValidationError, match="ore non ancora verificate"):
        servizi.liquida(autore=dsga, membership=dsga.memberships.get(), incarico=incarico)
    with pytest.raises(PermissionDenied):
        servizi.verifica_ore(autore=segreteria, membership=segreteria.memberships.get(),
                             incarico=incarico)
    assert servizi.verifica_ore(autore=dsga, membership=dsga.memberships.get(), incarico=incarico) == 2
    incarico = servizi.liquida(autore=dsga, membership=dsga.memberships.get(), incarico=incarico)
    # 22,5 h × 19,25 = 433,125 → 433,13; × 1,327 = 574,76351 → 574,76
    assert incarico.stato == StatoIncarico.LIQUIDATO
    assert (incarico.importo_liquidato, incarico.importo_liquidato_lordo_stato) == (
        Decimal("433.13"), Decimal("574.76"))
    # the person is told which «lordo» and why it is less than the act's 577,50 €
    avviso = Notifica.objects.get(destinatario=docente, oggetto__startswith="Liquidazione")
    assert avviso.testo == (
        f"È stato liquidato il compenso dell'incarico «{incarico.oggetto}»: 433,13 € lordo "
        "dipendente (574,76 € lordo Stato), per 22,5 ore verificate su 30 assegnate. Il "
        "compenso dell'atto era 577,50 € lordo dipendente (766,34 € lordo Stato).")
    with pytest.raises(stati.TransizioneNonConsentita, match="Liquidato"):
        servizi.concludi(autore=ds, membership=ds.memberships.get(), incarico=incarico)


def test_liquidazione_forfettaria_con_assenze(crea_scheda, affida, docente, ds, porta_incarico):
    scheda = crea_scheda("Piccola manutenzione", tipologia="altro", ore=121, tariffa="13.75",
                         fonte="fis", cup="")
    incarico = affida(scheda, docente, forfettario=True)
    assert incarico.compenso == Decimal("1663.75")
    incarico = porta_incarico(incarico, "concluso")
    incarico = servizi.liquida(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                               giorni_assenza=45)
    # 2/12 less: 1663,75 × 10/12 = 1386,46; × 1,327 = 1839,83
    assert (incarico.dodicesimi_decurtati, incarico.importo_liquidato,
            incarico.importo_liquidato_lordo_stato) == (2, Decimal("1386.46"), Decimal("1839.83"))


def test_revocato_si_liquida_per_la_parte_svolta(crea_scheda, affida, docente, ds,
                                                 crea_persona, porta_incarico):
    """Recesso (seed 001, art. 10.2 h): the collaborator is paid «in relazione allo stato di
    avanzamento della prestazione». Never started: nothing, and nothing held on the budget. A
    forfettario one: the share of its period worked (from the real start) until the recesso
    takes effect. By the hour: the hours verified, those of the 15 days' notice included."""
    kw = dict(autore=ds, membership=ds.memberships.get())
    scheda = crea_scheda("Piccola manutenzione", tipologia="altro", ore=121, tariffa="13.75",
                         fonte="fis", cup="")  # 1.663,75 €, from 12/01 to 30/06/2026
    mai_avviato = porta_incarico(affida(scheda, docente, forfettario=True), "conferito")
    mai_avviato = servizi.revoca(**kw, incarico=atto_del(mai_avviato, date(2026, 1, 7)),
                                 motivazione="Progetto annullato",
                                 comunicata_il=date(2026, 1, 8))
    assert servizi.impegnato_sulla_scheda(scheda) == Decimal("0")
    with pytest.raises(ValidationError, match="prima dell'avvio delle attività: non c'è nulla"):
        servizi.liquida(**kw, incarico=mai_avviato)

    forfettario = porta_incarico(affida(scheda, crea_persona(
        "NRIMRC75B02F205Y", nome="Marco", cognome="Neri"), forfettario=True), "in_corso")
    forfettario = servizi.revoca(**kw, incarico=atto_del(forfettario, date(2026, 1, 7)),
                                 motivazione="Trasferimento", comunicata_il=date(2026, 3, 16))
    assert forfettario.recesso_efficace_dal == date(2026, 3, 31)
    # started on 02/03 (the act waited): 29 of the 170 days (02/03–30/03 of 12/01–30/06),
    # 1.663,75 × 29 / 170 = 283,82
    Incarico.objects.filter(pk=forfettario.pk).update(
        avviato_il=timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0)))
    forfettario.refresh_from_db()
    assert servizi.liquida(**kw, incarico=forfettario).importo_liquidato == Decimal("283.82")

    orario = porta_incarico(affida(crea_scheda(), crea_persona(
        "FRRLSS92P45F839O", nome="Alessia", cognome="Ferrari")), "in_corso")  # 30 h × 19,25
    servizi.registra_ore(**kw, incarico=orario, data=date(2026, 3, 2), ore=6,
                         attivita="Tutoraggio")
    orario = servizi.revoca(**kw, incarico=atto_del(orario, date(2026, 1, 7)),
                            motivazione="Trasferimento", comunicata_il=date(2026, 3, 16))
    servizi.registra_ore(**kw, incarico=orario, data=date(2026, 3, 23), ore=4,
                         attivita="Tutoraggio durante il preavviso")
    with pytest.raises(ValidationError, match="il recesso ha effetto dal 31/03/2026"):
        servizi.registra_ore(**kw, incarico=orario, data=date(2026, 3, 31), ore=2,
                             attivita="Dopo il recesso")
    servizi.verifica_ore(**kw, incarico=orario)
    assert servizi.liquida(**kw, incarico=orario).importo_liquidato == Decimal("192.50")
    # paid once the recesso has taken effect, not during the notice
    ancora_in_preavviso = porta_incarico(affida(crea_scheda(), crea_persona(
        "VRDGLI85M41F205R", nome="Giulia", cognome="Verdi")), "in_corso")
    ancora_in_preavviso = servizi.revoca(**kw, incarico=ancora_in_preavviso, motivazione="x")
    with pytest.raises(ValidationError, match="fino ad allora si registrano le ore del preavviso"):
        servizi.liquida(**kw, incarico=ancora_in_preavviso)


def test_dopo_la_conclusione_si_registrano_solo_le_ore_fino_a_quel_giorno(
        crea_scheda, affida, docente, ds, porta_incarico):
    """Concluded early (the activities ended on 2 March): the last hours can still be written
    before the liquidation, those of a later day cannot; liquidated, nothing more."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "concluso")
    # the person is told until when: the liquidation closes the register
    assert Notifica.objects.get(destinatario=docente, oggetto__startswith="Incarico concluso").testo \
        .endswith("Le ore svolte fino a quel giorno si possono ancora annotare finché il compenso "
                  "non è liquidato: la liquidazione, dopo la verifica delle ore, chiude il "
                  "registro.")
    Incarico.objects.filter(pk=incarico.pk).update(
        concluso_il=timezone.make_aware(timezone.datetime(2026, 3, 2, 17, 0)))
    incarico.refresh_from_db()
    kw = dict(autore=ds, membership=ds.memberships.get(), incarico=incarico)
    with pytest.raises(ValidationError, match="concluso il 02/03/2026: si registrano solo le ore "
                                              "svolte fino a quel giorno"):
        servizi.registra_ore(**kw, data=date(2026, 3, 9), ore=2, attivita="Dopo la fine")
    servizi.registra_ore(**kw, data=date(2026, 3, 2), ore=Decimal("1.5"), attivita="Ultimo incontro")
    servizi.registra_ore(**kw, data=date(2026, 3, 2), ore=1, attivita="Riepilogo")
    assert incarico.ore_svolte.count() == 2
    # hours written as in the register's table: «1,50», and «1 ora» in agreement
    assert list(Evento.objects.filter(azione="incarico.ore").order_by("id").values_list(
        "descrizione", flat=True)) == ["Registrate 1,5 ore del 02/03/2026: Ultimo incontro",
                                       "Registrata 1 ora del 02/03/2026: Riepilogo"]


def test_proroga_solo_della_data_con_stesso_compenso(crea_scheda, affida, docente, ds,
                                                     porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    membership = ds.memberships.get()
    with pytest.raises(ValidationError, match="deve essere successiva a quella attuale"):
        servizi.proroga(autore=ds, membership=membership, incarico=incarico,
                        data_fine=date(2026, 6, 1), motivazione="Ritardi")
    incarico = servizi.proroga(autore=ds, membership=membership, incarico=incarico,
                               data_fine=date(2026, 7, 31),
                               motivazione="Ritardo nella consegna delle attrezzature")
    assert incarico.stato == StatoIncarico.IN_CORSO
    assert (incarico.data_fine, incarico.data_fine_originaria) == (date(2026, 7, 31), date(2026, 6, 30))
    assert (incarico.ore, incarico.compenso) == (30, Decimal("577.50"))


def test_revoca_con_preavviso_di_15_giorni(crea_scheda, affida, docente, ds, porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente), "firmato")
    with pytest.raises(ValidationError):
        servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=incarico, motivazione="")
    incarico = servizi.revoca(autore=ds, membership=ds.memberships.get(),
                              incarico=atto_del(incarico, date(2026, 1, 7)),
                              motivazione="Prestazione non conforme agli indirizzi",
                              comunicata_il=date(2026, 3, 2))
    assert incarico.stato == StatoIncarico.REVOCATO
    assert incarico.recesso_efficace_dal == date(2026, 3, 17)
    avviso = Notifica.objects.get(destinatario=docente, oggetto__startswith="Revoca")
    assert "17/03/2026" in avviso.testo and "15 giorni" in avviso.testo


def test_incarico_di_un_altro_istituto_intoccabile(crea_scheda, affida, docente, ds_altro):
    incarico = affida(crea_scheda(), docente)
    with pytest.raises(PermissionDenied):
        servizi.aggiorna_requisiti(autore=ds_altro, membership=ds_altro.memberships.get(),
                                   incarico=incarico, casellario_acquisito_il=date(2026, 1, 1))


def test_comunicazione_negativa_solo_per_semestri_conclusi_e_senza_incarichi(
        ds, crea_scheda, affida, docente, porta_incarico):
    membership = ds.memberships.get()
    oggi = timezone.localdate()
    with pytest.raises(ValidationError, match="a semestre concluso"):
        servizi.registra_comunicazione_negativa(autore=ds, membership=membership,
                                                anno=oggi.year + 1, semestre=1)
    servizi.registra_comunicazione_negativa(autore=ds, membership=membership, anno=2025, semestre=1)
    with pytest.raises(ValidationError, match="già registrata"):
        servizi.registra_comunicazione_negativa(autore=ds, membership=membership, anno=2025,
                                                semestre=1)
    incarico = porta_incarico(affida(crea_scheda(), docente), "conferito")
    Incarico.objects.filter(pk=incarico.pk).update(
        conferito_il=timezone.now().replace(year=2025, month=9, day=15) - timedelta(hours=1))
    with pytest.raises(ValidationError, match="è stato conferito 1 incarico: va comunicato,"):
        servizi.registra_comunicazione_negativa(autore=ds, membership=membership, anno=2025,
                                                semestre=2)


def test_curriculum_pubblicato_solo_per_esterni_e_in_pdf(crea_scheda, affida, esperta, docente, ds):
    membership = ds.memberships.get()
    interno = affida(crea_scheda(), docente)
    with pytest.raises(ValidationError, match="esterni"):
        servizi.pubblica_curriculum(autore=ds, membership=membership, incarico=interno,
                                    file=caricato("cv.pdf", pdf("CV")))
    esterno = affida(crea_scheda("Esperto", tipologia="esperto", tariffa_manuale=Decimal("70"),
                                 cup="D34D22000350008"), esperta, rapporto="privato")
    cv = servizi.pubblica_curriculum(autore=ds, membership=membership, incarico=esterno,
                                     file=caricato("cv.pdf", pdf("CV")))
    nuovo = servizi.pubblica_curriculum(autore=ds, membership=membership, incarico=esterno,
                                        file=caricato("cv-2.pdf", pdf("CV aggiornato")))
    cv.refresh_from_db()
    assert not cv.pubblico and nuovo.pubblico
    assert esterno.documenti.filter(tipo=TipoDocumentoIncarico.CURRICULUM).count() == 2


def test_l_atto_emesso_ricaricato_senza_firme_non_e_la_copia_firmata(crea_scheda, affida, docente,
                                                                      segreteria, porta_incarico):
    """The act the portal issued, downloaded and uploaded again, has no signature on it: the
    same SHA-256 as the issued one. It is refused, said plainly; the state does not move."""
    from django.core.files.storage import default_storage

    incarico = porta_incarico(affida(crea_scheda(), docente), "conferito")
    with default_storage.open(documento(incarico).percorso, "rb") as atto:
        emesso = atto.read()
    membership = segreteria.memberships.get()
    with pytest.raises(ValidationError) as errore:
        servizi.registra_firma(autore=segreteria, membership=membership, incarico=incarico,
                               file=caricato("lettera-incarico.pdf", emesso))
    assert errore.value.message_dict == {"file": [
        "Il file è l'atto emesso dal portale, senza firme: carica la copia firmata dalle parti "
        "(la scansione del foglio firmato o il file con la firma digitale)."]}
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.CONFERITO
    assert not incarico.documenti.filter(tipo=TipoDocumentoIncarico.ATTO_FIRMATO).exists()


def test_un_altro_documento_dell_incarico_non_e_la_copia_firmata(crea_scheda, affida, esperta, ds,
                                                                 porta_incarico):
    """The file picked by mistake among those of the incarico (the CV the school published,
    the administration's authorisation) is not the signed act: refused, naming it."""
    membership = ds.memberships.get()
    incarico = porta_incarico(affida(crea_scheda(cup="D34D22000350008"), esperta,
                                     rapporto="privato"), "conferito")
    servizi.pubblica_curriculum(autore=ds, membership=membership, incarico=incarico,
                                file=caricato("cv-rossi.pdf", pdf("CV")))
    with pytest.raises(ValidationError) as errore:
        servizi.registra_firma(autore=ds, membership=membership, incarico=incarico,
                               file=caricato("firmato.pdf", pdf("CV")))
    assert errore.value.message_dict == {"file": [
        "Il file è «cv-rossi.pdf», già tra i documenti dell'incarico (Curriculum vitae): carica "
        "la copia dell'atto firmata dalle parti."]}
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.CONFERITO


def test_le_attivita_non_si_avviano_prima_del_loro_inizio(crea_scheda, affida, docente, ds,
                                                         porta_incarico, client):
    """Started two months early, no hour could be registered (they must fall in the period)
    and «Concludi» would be offered: refused until the first day."""
    inizio = timezone.localdate() + timedelta(days=60)
    scheda = crea_scheda(inizio=inizio, fine=inizio + timedelta(days=90))
    incarico = porta_incarico(affida(scheda, docente), "firmato")
    with pytest.raises(ValidationError, match=f"Le attività iniziano il {inizio:%d/%m/%Y}: "
                                              "avviale da quel giorno."):
        servizi.avvia(autore=ds, membership=ds.memberships.get(), incarico=incarico)
    incarico.refresh_from_db()
    assert incarico.stato == "firmato"
    # the page says so beside a button that cannot be pressed, until that day
    client.force_login(ds)
    pagina = client.get(f"/incarichi/{incarico.pk}/").content.decode()
    assert (f"Le attività iniziano il {inizio:%d/%m/%Y}: si avviano da quel giorno.</p><button "
            'type="button" class="btn btn-primary" disabled') in pagina
    assert f'action="/incarichi/{incarico.pk}/avvia/"' not in pagina
    with freeze_time(inizio):
        client.force_login(ds)  # two months on, the session has expired
        assert f'action="/incarichi/{incarico.pk}/avvia/"' in client.get(
            f"/incarichi/{incarico.pk}/").content.decode()
        servizi.avvia(autore=ds, membership=ds.memberships.get(), incarico=incarico)
    incarico.refresh_from_db()
    assert incarico.stato == "in_corso"


def test_la_revoca_e_tutta_o_niente(crea_scheda, affida, docente, ds, porta_incarico,
                                    monkeypatch):
    """A revoca whose notice cannot be written leaves nothing behind: not the state, not the
    event (one transaction for the whole action)."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "conferito")
    eventi = Evento.objects.count()

    def notifica_guasta(**_):
        raise RuntimeError("servizio delle notifiche non disponibile")

    monkeypatch.setattr(servizi, "notifica", notifica_guasta)
    with pytest.raises(RuntimeError):
        servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                       motivazione="Trasferimento")
    incarico.refresh_from_db()
    assert (incarico.stato, incarico.revocato_il) == ("conferito", None)
    assert Evento.objects.count() == eventi


def test_affidamento_diretto_una_volta_per_persona_nel_periodo_e_senza_compenso_ignorato(
        crea_scheda, affida, docente, ds):
    """Seen in a review: the same codice fiscale got six incarichi from one scheda; an end
    after the scheda's was accepted; a compenso typed for a teacher was dropped in silence."""
    scheda = crea_scheda()  # 12/01–30/06/2026, CCNL rate
    with pytest.raises(ValidationError) as errore:
        affida(scheda, docente, compenso=Decimal("300"))
    assert "lascia vuoto questo campo" in errore.value.message_dict["compenso"][0]
    with pytest.raises(ValidationError) as errore:
        affida(scheda, docente, data_fine=date(2026, 7, 31))
    assert errore.value.message_dict["data_fine"] == [
        "La fine (31/07/2026) deve cadere nel periodo della scheda, dal 12/01/2026 al "
        "30/06/2026."]
    with pytest.raises(ValidationError) as errore:
        affida(scheda, docente, data_inizio=date(2026, 1, 5))
    assert "deve cadere nel periodo della scheda" in errore.value.message_dict["data_inizio"][0]
    primo = affida(scheda, docente)
    # the scheda's history says it (its page showed nothing of it)
    assert Evento.objects.get(azione="scheda.affidamento_diretto").descrizione == (
        f"Affidamento diretto a Luigi Bruni: incarico n. {primo.pk}")
    with pytest.raises(ValidationError, match=rf"Luigi Bruni ha già un incarico da questa scheda "
                                              rf"\(n\. {primo.pk}, in preparazione\)"):
        affida(scheda, docente)
    servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=primo,
                   motivazione="Dati sbagliati")
    assert affida(scheda, docente).pk != primo.pk  # a revoked one does not stand in the way
    assert Incarico.objects.filter(scheda=scheda).count() == 2


def test_non_si_registrano_ore_svolte_prima_dell_atto(crea_scheda, affida, docente, ds,
                                                      porta_incarico):
    """Seed 001, art. 10: the contract is written «a pena di nullità»; what was done before the
    act was issued has no contract and is not paid: neither the office nor the incaricato
    registers it. The day of the act counts."""
    incarico = atto_del(porta_incarico(affida(crea_scheda(), docente), "in_corso"),
                        date(2026, 2, 2))
    kw = dict(autore=ds, membership=ds.memberships.get(), incarico=incarico)
    with pytest.raises(ValidationError, match=r"L'atto di incarico è del 02/02/2026: si "
                                              r"registrano solo le ore svolte da quel giorno"):
        servizi.registra_ore(**kw, data=date(2026, 1, 30), ore=2, attivita="Prima dell'atto")
    with pytest.raises(ValidationError, match="L'atto di incarico è del 02/02/2026"):
        servizi.annota_ore(persona=docente, incarico=incarico, data=date(2026, 1, 30), ore=2,
                           attivita="Prima dell'atto")
    servizi.registra_ore(**kw, data=date(2026, 2, 2), ore=2, attivita="Primo incontro")
    assert list(incarico.ore_svolte.values_list("data", flat=True)) == [date(2026, 2, 2)]


def test_affidamento_diretto_per_meno_ore_paga_quelle_ore(crea_scheda, affida, docente, esperta):
    """A scheda of 13 hours at 41,32 € (537,16 €) given to an external expert for 6 hours: the
    contract said «537,16 € per 6 ore», the whole scheda; now 6 × 41,32. Hours beyond the
    scheda's are refused; school staff on a scheda with a rate typed in (an all-inclusive one)
    get the lordo dipendente of that amount, not the request for a CCNL rate the form lacks."""
    scheda = crea_scheda("Recupero di matematica", tipologia="esperto", ore=13,
                         tariffa_manuale=Decimal("41.32"), fonte="fis", cup="")
    incarico = affida(scheda, esperta, "privato", ore=6)
    assert (incarico.ore, incarico.compenso) == (6, Decimal("247.92"))
    with pytest.raises(ValidationError) as errore:
        affida(crea_scheda("Sportello", tipologia="esperto", ore=10,
                           tariffa_manuale=Decimal("50")), docente, "privato", ore=999)
    assert errore.value.message_dict == {"ore": [
        "Le ore dell'incarico (999) superano quelle della scheda progettuale (10)."]}
    interna = affida(crea_scheda("Laboratorio PN FSE+", tipologia="esperto", ore=10,
                                 tariffa_manuale=Decimal("46.45")), docente, "interno")
    # 464,50 € all-inclusive: 464,50 / 1,327 = 350,04 lordo dipendente
    assert (interna.compenso, interna.compenso_lordo_stato) == (Decimal("350.04"),
                                                                Decimal("464.50"))


def test_affidamento_oltre_l_intero_importo_della_scheda_rifiutato(crea_scheda, affida, esperta,
                                                                  docente):
    """2.500,00 € typed for a scheda of 2.100,00 €: «Incarico creato», and only its checklist
    said the budget was exceeded, an incarico nobody could correct but by revoking it. A
    compenso above the whole scheda is refused where it is typed; one within it is created
    (what other incarichi commit may still be freed before the act: the checklist says)."""
    scheda = crea_scheda("Esperto di robotica", tipologia="esperto", ore=30,
                         tariffa_manuale=Decimal("70"), cup="D34D22000350011")
    with pytest.raises(ValidationError) as errore:
        affida(scheda, esperta, "privato", compenso=Decimal("2500"))
    assert errore.value.message_dict == {"compenso": [
        "Il compenso di 2.500,00 € supera l'intero importo della scheda progettuale «Esperto "
        "di robotica» (2.100,00 €): correggilo."]}
    assert not scheda.incarichi.exists()
    assert affida(scheda, esperta, "privato", compenso=Decimal("2100")).compenso == Decimal("2100")
    # school staff weigh their lordo Stato on a budget typed in all-inclusive
    with pytest.raises(ValidationError, match=r"2\.000,00 € lordo Stato supera l.intero importo"):
        affida(crea_scheda("Laboratorio", tipologia="esperto", ore=10, cup="D34D22000350012",
                           tariffa_manuale=Decimal("46.45")), docente, "interno",
               compenso=Decimal("2000"))


@pytest.mark.parametrize(("tipo_atto", "frase"), [
    ("lettera", "Lettera di incarico emessa con"),
    ("occasionale", "Contratto di lavoro autonomo occasionale (art. 2222 c.c.) emesso con"),
    ("prestazione_intellettuale", "(art. 2229 c.c.) emesso con"),
    ("cococo", "Collaborazione coordinata e continuativa (art. 409, n. 3, c.p.c.) emessa con"),
])
def test_la_cronologia_dice_l_atto_emesso_al_suo_genere(crea_scheda, affida, esperta, ds,
                                                       porta_incarico, tipo_atto, frase):
    """«Contratto di lavoro autonomo occasionale … emessa»: the participle agreed with the
    act's name, not with whether its code starts with «prestazione»."""
    rapporto = "interno" if tipo_atto == "lettera" else "privato"
    incarico = porta_incarico(affida(crea_scheda(), esperta, rapporto, tipo_atto=tipo_atto),
                              "conferito")
    evento = Evento.objects.get(azione="incarico.emetti_atto", object_id=str(incarico.pk))
    assert frase in evento.descrizione


@pytest.mark.parametrize(("rapporto", "motivazione", "atto"), [
    ("privato", "occasionale", "occasionale"),
    ("altra_pa", "occasionale", "occasionale"),
    ("privato", "urgenza", "prestazione_intellettuale"),
    ("interno", "occasionale", "lettera"),
])
def test_l_atto_proposto_segue_la_motivazione_occasionale(crea_scheda, affida, esperta,
                                                          rapporto, motivazione, atto):
    """Motivazione d), «collaborazione meramente occasionale», proposed a contract of
    «prestazione d'opera intellettuale»: an external's occasional work is «lavoro autonomo
    occasionale». The DS may still choose another in the checklist."""
    incarico = affida(crea_scheda(tipologia="esperto", tariffa_manuale=Decimal("50")), esperta,
                      rapporto, motivazione=motivazione,
                      amministrazione_appartenenza="Comune di Roma" if rapporto == "altra_pa" else "")
    assert incarico.tipo_atto == atto


def test_ore_e_compenso_di_un_affidamento_si_correggono_prima_dell_atto(
        client, crea_scheda, affida, esperta, ds, dsga):
    """A fee typed wrong (2.000,00 € for 1.800,00) could only be undone by revoking the
    incarico: a permanent «Revocato» and a new one. Before the act the DS corrects hours and
    fee in the checklist, through the same rules as the award; the person, never told of an
    incarico without act, is not told of the correction."""
    scheda = crea_scheda("Esperto di robotica", tipologia="esperto", ore=30,
                         tariffa_manuale=Decimal("70"), cup="D34D22000350013")
    incarico = affida(scheda, esperta, "privato", compenso=Decimal("2000"))
    kw = dict(autore=ds, membership=ds.memberships.get(), incarico=incarico)
    incarico = servizi.aggiorna_requisiti(**kw, ore=30, compenso=Decimal("1800"))
    assert (incarico.ore, incarico.compenso) == (30, Decimal("1800.00"))
    evento = Evento.objects.filter(azione="incarico.requisiti").latest("pk")
    assert "compenso da «2.000,00 € per 30 ore» a «1.800,00 € per 30 ore»" in evento.descrizione
    # empty fee: the share of the scheda for the hours, as at the award
    incarico = servizi.aggiorna_requisiti(**kw, ore=10, compenso=None)
    assert (incarico.ore, incarico.compenso) == (10, Decimal("700.00"))
    with pytest.raises(ValidationError) as errore:
        servizi.aggiorna_requisiti(**kw, ore=30, compenso=Decimal("2500"))
    assert "supera l'intero importo" in errore.value.message_dict["compenso"][0]
    assert not esperta.notifiche.filter(oggetto__startswith="Incarico aggiornato").exists()
    # the fee is the DS's decision, as the award
    with pytest.raises(PermissionDenied):
        servizi.aggiorna_requisiti(autore=dsga, membership=dsga.memberships.get(),
                                   incarico=incarico, compenso=Decimal("900"))
    # on the page: the DS sees the two fields in the checklist, the DSGA does not
    client.force_login(ds)
    pagina = client.get(f"/incarichi/{incarico.pk}/").content.decode()
    assert 'name="compenso"' in pagina and 'name="ore"' in pagina
    risposta = client.post(f"/incarichi/{incarico.pk}/requisiti/", {
        "tipo_atto": incarico.tipo_atto, "controllo_corte_conti": "escluso_docenza",
        "ore": "12", "compenso": "1.234,50"})
    assert risposta.status_code == 302, risposta.content.decode()[:3000]
    incarico.refresh_from_db()
    assert (incarico.ore, incarico.compenso) == (12, Decimal("1234.50"))
    client.force_login(dsga)
    assert 'name="compenso"' not in client.get(f"/incarichi/{incarico.pk}/").content.decode()


def test_il_compenso_di_un_incarico_da_selezione_e_quello_dell_avviso(crea_scheda, affida, ds,
                                                                      esperta):
    incarico = affida(crea_scheda(), esperta, "interno")
    Incarico.objects.filter(pk=incarico.pk).update(conferimento="selezione")
    incarico.refresh_from_db()
    with pytest.raises(ValidationError, match="quello dell'avviso"):
        servizi.aggiorna_requisiti(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                                   ore=10)


def test_l_avviso_della_proroga_dice_il_motivo(crea_scheda, affida, docente, ds, porta_incarico):
    """The person read only the new end: the reason written by the DS stayed in the office."""
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    servizi.proroga(autore=ds, membership=ds.memberships.get(), incarico=incarico,
                    data_fine=date(2026, 7, 31),
                    motivazione="Ritardo nella consegna delle attrezzature")
    avviso = Notifica.objects.get(destinatario=docente, oggetto__startswith="Proroga")
    assert avviso.testo == ("Il termine dell'incarico è prorogato al 31/07/2026 alle stesse "
                            "condizioni tecniche ed economiche. Motivo: Ritardo nella consegna "
                            "delle attrezzature.")
