from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Ruolo
from incarichi import stati
from incarichi.models import Incarico, StatoIncarico, TipoDocumentoIncarico
from incarichi.services import incarichi as servizi
from portale.models import Evento, Notifica
from portale.tests.campioni_documenti import caricato, p7m, pdf, png

from .conftest import TUTTE_LE_AUTOCERTIFICAZIONI, documento

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
    assert incarico.tipo_atto == "prestazione_intellettuale" and incarico.compenso_lordo_stato is None
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
    servizi.registra_esito_corte_conti(autore=ds, membership=membership, incarico=firmato,
                                       data=date(2026, 2, 20))
    assert servizi.avvia(autore=ds, membership=membership, incarico=firmato).stato == "in_corso"
    with pytest.raises(ValidationError, match="Nessun controllo"):
        servizi.registra_esito_corte_conti(autore=ds, membership=membership, incarico=firmato,
                                           data=date(2026, 2, 21))


def test_corte_dei_conti_esclusa_per_la_docenza_e_non_chiesta_agli_interni(crea_scheda, affida,
                                                                           esperta, docente):
    esperto = affida(crea_scheda("Esperto", tipologia="esperto", tariffa_manuale=Decimal("70")),
                     esperta, rapporto="privato")
    assert esperto.controllo_corte_conti == "escluso_docenza"
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


def test_proroga_solo_della_data_con_stesso_compenso(crea_scheda, affida, docente, ds,
                                                     porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    membership = ds.memberships.get()
    with pytest.raises(ValidationError, match="deve seguire"):
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
    incarico = servizi.revoca(autore=ds, membership=ds.memberships.get(), incarico=incarico,
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
    with pytest.raises(ValidationError, match="sono stati conferiti 1 incarichi"):
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
