"""Conferimento from an accepted application (real Candidatura objects) and the PDF acts,
whose text is read back with pypdf and checked against art. 10.2 a–l and art. 10.3."""

import hashlib
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from pypdf import PdfReader

from incarichi.models import Incarico
from incarichi.services import incarichi as servizi
from portale.services.protocollo import protocolla

from .conftest import documento

pytestmark = pytest.mark.django_db

# The apps to the right are reached through the registry: incarichi never imports them,
# not even in its tests (import-linter), yet the objects are the real ones.
Candidatura = apps.get_model("candidature", "Candidatura")
ProceduraSelezione = apps.get_model("procedure", "ProceduraSelezione")


def leggi_pdf(incarico) -> str:
    atto = documento(incarico)
    with default_storage.open(atto.percorso, "rb") as file:
        contenuto = file.read()
    assert hashlib.sha256(contenuto).hexdigest() == atto.sha256
    testo = " ".join(pagina.extract_text() for pagina in PdfReader(io.BytesIO(contenuto)).pages)
    return re.sub(r"\s+", " ", testo)


@pytest.fixture
def candidatura(crea_procedura_completa, crea_scheda, esperta):
    """A real application of a private expert to a procedure generated from a scheda."""
    def crea(categoria="privato", persona=None, **extra):
        scheda = crea_scheda("Esperto di robotica", tipologia="esperto",
                             tariffa_manuale=Decimal("77"), cup="D84D23001230006")
        procedura = crea_procedura_completa(data_inizio_attivita=date(2027, 2, 1),
                                            data_fine_attivita=date(2027, 5, 31), **extra)
        ProceduraSelezione.objects.filter(pk=procedura.pk).update(scheda=scheda)
        procedura.refresh_from_db()
        return Candidatura.objects.create(
            procedura=procedura, candidato=persona or esperta, categoria=categoria,
            amministrazione_appartenenza="Comune di Roma" if categoria == "altra_pa" else "",
            autocertificazioni={"dichiara_requisiti": True,
                                "dichiara_incompatibilita": True,
                                "dichiara_conflitto_interessi": True,
                                "dichiara_codice_comportamento": True,
                                "dichiara_dpr_445": True, "presa_visione_privacy": True})
    return crea


def test_conferisci_da_selezione_esterno(candidatura, esperta):
    domanda = candidatura()
    incarico = servizi.conferisci_da_selezione(autore=esperta, candidatura=domanda)
    assert incarico.stato == "in_preparazione" and incarico.conferimento == "selezione"
    assert (incarico.persona, incarico.rapporto, incarico.tipologia) == (esperta, "privato", "esperto")
    assert incarico.scheda == domanda.procedura.scheda and incarico.progetto == "D84D23001230006"
    # the procedure's all-inclusive compenso (2310 €), 30 h of the scheda
    assert (incarico.compenso, incarico.ore, incarico.compenso_lordo_stato) == (
        Decimal("2310.00"), 30, None)
    assert (incarico.data_inizio, incarico.data_fine) == (date(2027, 2, 1), date(2027, 5, 31))
    assert incarico.controllo_corte_conti == ""  # the DS assesses it
    assert incarico.tipo_atto == "prestazione_intellettuale"
    assert all(incarico.autocertificazioni.values())
    messaggi = servizi.requisiti_mancanti(incarico)
    assert messaggi == ["Manca la data di acquisizione del certificato del casellario giudiziale.",
                        "Indica se il contratto è soggetto al controllo preventivo della Corte "
                        "dei conti."]
    # idempotent: accepting twice gives the same incarico
    assert servizi.conferisci_da_selezione(autore=esperta, candidatura=domanda) == incarico
    assert Incarico.objects.count() == 1


def test_conferisci_da_selezione_interno_con_tariffa_ccnl(candidatura, crea_procedura_completa,
                                                          crea_scheda, docente):
    scheda = crea_scheda("Tutor del laboratorio", tariffa="19.25", ore=20, cup="D84D23001230009")
    procedura = crea_procedura_completa(data_inizio_attivita=date(2027, 2, 1),
                                        data_fine_attivita=date(2027, 5, 31))
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(scheda=scheda,
                                                              tipologia_incarico="tutor")
    procedura.refresh_from_db()
    domanda = Candidatura.objects.create(procedura=procedura, candidato=docente,
                                         categoria="interno", autocertificazioni={})
    incarico = servizi.conferisci_da_selezione(autore=docente, candidatura=domanda)
    # 20 h × 19,25 = 385,00 lordo dipendente; × 1,327 = 510,895 → 510,90 lordo stato
    assert (incarico.compenso, incarico.compenso_lordo_stato) == (Decimal("385.00"), Decimal("510.90"))
    assert incarico.tipo_atto == "lettera" and incarico.controllo_corte_conti == ""
    assert len(servizi.requisiti_mancanti(incarico)) == 2  # autocertificazioni, casellario


@pytest.mark.parametrize("base, categoria, compenso, lordo_stato", [
    # the avviso promised 1.500,00 € all-inclusive: the State's charges come out of it
    ("lordo_stato", "interno", "1130.37", "1500.00"),
    ("lordo_stato", "altra_scuola", "1130.37", "1500.00"),
    # the avviso promised 1.500,00 € lordo dipendente: the charges are added on top
    ("lordo_dipendente", "interno", "1500.00", "1990.50"),
    # an external expert's amount is all-inclusive whatever the base
    ("lordo_stato", "privato", "1500.00", None),
    ("lordo_dipendente", "privato", "1500.00", None),
])
def test_il_compenso_dell_incarico_segue_la_base_dell_avviso(crea_procedura_completa, docente,
                                                             base, categoria, compenso,
                                                             lordo_stato):
    procedura = crea_procedura_completa(compenso=Decimal("1500.00"), base_compenso=base,
                                        data_inizio_attivita=date(2027, 2, 1),
                                        data_fine_attivita=date(2027, 5, 31))
    domanda = Candidatura.objects.create(procedura=procedura, candidato=docente,
                                         categoria=categoria, autocertificazioni={})
    incarico = servizi.conferisci_da_selezione(autore=docente, candidatura=domanda)
    assert (incarico.compenso, incarico.compenso_lordo_stato) == (
        Decimal(compenso), Decimal(lordo_stato) if lordo_stato else None)


def test_contratto_pdf_con_tutte_le_clausole_dell_art_10_2(candidatura, esperta, porta_incarico):
    domanda = candidatura("altra_pa")
    with transaction.atomic():  # the application was sent: it has its protocol number
        domanda.protocollo = protocolla(istituto=domanda.procedura.istituto, oggetto="Candidatura")
        domanda.save(update_fields=["protocollo"])
    incarico = servizi.conferisci_da_selezione(
        autore=esperta, candidatura=domanda,
        impegno_settimanale="4 ore settimanali (martedì e giovedì, 14:30–16:30).")
    # typed without a full stop: the contract's own sentence must not run on from it
    Incarico.objects.filter(pk=incarico.pk).update(
        modalita_pagamento="entro 30 giorni dalla fattura")
    incarico = porta_incarico(Incarico.objects.get(pk=incarico.pk), "conferito")
    testo = leggi_pdf(incarico)
    assert "Entro 30 giorni dalla fattura. Il compenso è corrisposto" in testo
    assert "14:30–16:30).." not in testo
    for frase in [
        # the segnatura says «Prot. n.» itself: not «prot. n. RMIC… - Prot. n. …»
        f"candidatura registrata con {domanda.protocollo.segnatura}",
        "Contratto di prestazione d'opera intellettuale (art. 2229 c.c.)",
        incarico.protocollo.segnatura, "IC Leonardo da Vinci",  # letterhead
        "a) Parti contraenti", "Giulia Verdi", "VRDGLI85M41F205R", "Comune di Roma",
        "art. 53, c. 7, d.lgs. 165/2001",
        "b) Oggetto della collaborazione", "Esperto di robotica educativa",
        "c) Durata del contratto", "01/02/2027", "31/05/2027",
        "d) Corrispettivo della prestazione", "2.310,00 € lordi omnicomprensivi",
        "al lordo dell'I.V.A.", "contributi previdenziali",
        "e) Modalità e tempi di corresponsione del compenso",
        "f) Luogo e modalità di espletamento dell'attività", "Sede centrale",
        # the commitment of the accepted proposal (seed 002) among the modalità
        "Impegno: 4 ore settimanali (martedì e giovedì, 14:30–16:30).",
        "g) Clausole risolutive espresse e penali per il ritardo",
        "h) Recesso", "preavviso di 15 giorni",
        "i) Foro competente", "Foro di Roma",
        "j) Informativa", "Regolamento UE 2016/679",
        "k) Trattamento dei dati personali",
        "l) Sicurezza sul lavoro", "D.Lgs. 81/2008",
        "non è soggetto al controllo preventivo della Corte dei conti",
        "CUP D84D23001230006",
        # Giulia: the words agree with her, the two notes are not run together with «:»
        "autorizzata dall'amministrazione di appartenenza",
        "rapporto con l'istituto: esterno – dipendente di altra pubblica amministrazione",
        "non è soggetto al controllo preventivo della Corte dei conti: si tratta di un incarico "
        "di docenza (art. 15",  # an esperto teaches
    ]:
        assert frase in testo, frase
    assert "/a " not in testo and "escluso:" not in testo.lower()


def test_il_contratto_dice_una_volta_quando_si_paga(candidatura, esperta, porta_incarico):
    """The avviso's «modalità di remunerazione» were copied into the contract ahead of its own
    clause: «30 ore a 77 € l'ora, al termine delle attività. Il compenso è corrisposto al
    termine della prestazione…», the terms twice, and a rate that clause d) states its own way
    (for an external winner of a CCNL rate, «lordo dipendente» beside «lordi
    omnicomprensivi»). The office writes terms of its own in the checklist, if any."""
    domanda = candidatura("privato")
    with transaction.atomic():
        domanda.protocollo = protocolla(istituto=domanda.procedura.istituto, oggetto="Candidatura")
        domanda.save(update_fields=["protocollo"])
    assert "al termine delle attività" in domanda.procedura.modalita_pagamento
    incarico = servizi.conferisci_da_selezione(autore=esperta, candidatura=domanda)
    testo = leggi_pdf(porta_incarico(incarico, "conferito"))
    clausola = testo.split("e) Modalità e tempi di corresponsione del compenso")[1].split("f) ")[0]
    assert clausola.count("al termine") == 1, clausola
    assert "77 €" not in clausola and "in proporzione alle ore effettivamente svolte" in clausola


def test_lettera_di_incarico_pdf_con_i_contenuti_dell_art_10_3(crea_scheda, affida, docente,
                                                               porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente, motivazione="urgenza",
                                     giustificazione="Sostituzione improvvisa del tutor.",
                                     impegno_settimanale=" 2 ore settimanali (lunedì) "),
                              "conferito")
    testo = leggi_pdf(incarico)
    for frase in [
        "Lettera di incarico", incarico.protocollo.segnatura, "Luigi Bruni",
        "Impegno: 2 ore settimanali (lunedì).",
        "a) Durata dell'incarico", "Dal 12/01/2026 al 30/06/2026",
        "b) Oggetto dell'incarico", "Tutor di matematica",
        "c) Obblighi derivanti dall'espletamento dell'incarico", "registro ore",
        "d) Compenso", "Ore assegnate 30", "19,25 € l'ora",
        "Compenso lordo dipendente 577,50 €", "Compenso lordo Stato 766,34 €",
        "affidamento diretto", "a) assoluta urgenza", "Sostituzione improvvisa del tutor.",
    ]:
        assert frase in testo, frase
    assert "Foro" not in testo  # the contract clauses are not in a lettera


def test_conferisci_da_selezione_interno_senza_tariffa_ccnl(candidatura, docente):
    """An internal teacher wins an avviso for experts (manual rate): the procedure's amount
    is his lordo dipendente, with the State's charges of the rates in force."""
    incarico = servizi.conferisci_da_selezione(
        autore=docente, candidatura=candidatura("interno", persona=docente))
    # 2310,00 × 1,327 = 3065,37
    assert (incarico.compenso, incarico.compenso_lordo_stato) == (Decimal("2310.00"), Decimal("3065.37"))
    assert incarico.tariffa is None and incarico.tipo_atto == "lettera"


def test_candidatura_senza_categoria_valida_rifiutata(candidatura, esperta):
    domanda = candidatura()
    domanda.categoria = ""
    with pytest.raises(ValidationError, match="categoria valida"):
        servizi.conferisci_da_selezione(autore=esperta, candidatura=domanda)


@pytest.mark.parametrize("lettera", [True, False], ids=["lettera", "contratto"])
def test_le_firme_non_restano_sole_su_una_pagina(crea_scheda, affida, docente, esperta,
                                                 porta_incarico, lettera):
    """The closing of the act (its last paragraph and the signatures) is kept together on one
    page: a longer text pushed «Per accettazione, l'incaricato» alone onto page 2. The text
    before it (the giustificazione of the affidamento) grows line by line, so that some lengths
    break the page just before the signatures."""
    from incarichi import atto

    persona, rapporto = (docente, "interno") if lettera else (esperta, "privato")
    incarico = porta_incarico(affida(crea_scheda(), persona, rapporto=rapporto), "conferito")
    chiusura, firma = (("Non sono previsti altri corrispettivi.", "Per accettazione")
                       if lettera else ("sottoscritto da entrambi i contraenti.", "L'Incaricata:"))
    due_pagine = 0
    for righe in range(0, 30, 3):
        incarico.giustificazione = " ".join(["Collaborazione occasionale, non ripetibile."] * 3 * righe)
        pagine = [re.sub(r"\s+", " ", p.extract_text())
                  for p in PdfReader(io.BytesIO(atto.genera(incarico))).pages]
        due_pagine += len(pagine) > 1
        con_firma = [i for i, testo in enumerate(pagine) if firma in testo]
        assert len(con_firma) == 1, (righe, len(pagine))
        ultima = pagine[con_firma[0]]
        assert chiusura in ultima and "Il Dirigente Scolastico" in ultima, (righe, len(pagine))
    assert due_pagine  # the loop did reach acts longer than a page


@pytest.mark.parametrize("lettera", [True, False], ids=["lettera", "contratto"])
def test_un_indirizzo_lungo_va_a_capo_dentro_la_pagina(crea_scheda, affida, docente, esperta,
                                                       porta_incarico, lettera):
    """A web address may have no place to break at: it ran past the right margin of the act,
    cut off at the page's edge. It now wraps, whole, inside the text column."""
    from incarichi import atto

    persona, rapporto = (docente, "interno") if lettera else (esperta, "privato")
    incarico = porta_incarico(affida(crea_scheda(), persona, rapporto=rapporto), "conferito")
    # no break opportunity in 130 characters: wider than the 174 mm of the text column
    sessione = ("robotica_educativa_per_la_secondaria_sessioni_pomeridiane_del_martedi_e_del_"
                "giovedi_nel_laboratorio_di_informatica_della_sede_centrale")
    incarico.luogo = f"Piattaforma online https://formazione.esempio.it/{sessione}"
    testo = "".join(p.extract_text() for p in PdfReader(io.BytesIO(atto.genera(incarico))).pages)
    assert sessione in testo.replace("\n", "")  # all of it is there
    assert sessione not in testo  # on more than one line: none of it beyond the margin


def test_emetti_atto_non_parla_del_budget_di_una_scheda_che_non_c_e(candidatura, esperta,
                                                                    completa_requisiti):
    """An incarico conferred from a procedure with no scheda: the confirmation promised to
    commit the fee «sul budget della scheda» («Scheda progettuale: —» on the same page)."""
    from incarichi import conferme

    domanda = candidatura()
    ProceduraSelezione.objects.filter(pk=domanda.procedura_id).update(scheda=None)
    domanda.procedura.refresh_from_db()
    senza = completa_requisiti(servizi.conferisci_da_selezione(autore=esperta, candidatura=domanda))
    assert senza.scheda_id is None
    testo = " ".join(conferme.effetti("emetti_atto", senza, {}, ruolo="ds", autore=esperta) or [])
    assert "budget della scheda" not in testo and "non è legato a una scheda" in testo
    # a private expert: the avviso's all-inclusive amount, on its base
    assert ("Il compenso è di 2.310,00 € lordo omnicomprensivo: l'incarico non è legato a una "
            "scheda progettuale") in testo
    con = completa_requisiti(servizi.conferisci_da_selezione(autore=esperta,
                                                             candidatura=candidatura()))
    assert "impegnato sul budget della scheda" in " ".join(
        conferme.effetti("emetti_atto", con, {}, ruolo="ds", autore=esperta) or [])


def test_l_impegno_cambiato_prima_dell_atto_resta_scritto_e_la_persona_lo_sa(
        candidatura, esperta, ds):
    """The weekly commitment the person accepted may still be changed before the act: the
    history keeps old → new, and the person is told; other checklist data do not notify."""
    Evento = apps.get_model("portale", "Evento")
    Notifica = apps.get_model("portale", "Notifica")
    incarico = servizi.conferisci_da_selezione(
        autore=esperta, candidatura=candidatura(),
        impegno_settimanale="4 ore settimanali (martedì e giovedì, 14:30–16:30)")
    kw = dict(autore=ds, membership=ds.memberships.get())
    servizi.aggiorna_requisiti(**kw, incarico=incarico, casellario_acquisito_il=date(2026, 11, 2))
    assert not Notifica.objects.filter(destinatario=esperta).exists()
    servizi.aggiorna_requisiti(**kw, incarico=incarico,
                               impegno_settimanale="2 ore settimanali (lunedì)")
    evento = Evento.objects.filter(azione="incarico.requisiti").latest("pk")
    assert evento.descrizione == (
        "Requisiti dell'incarico aggiornati; impegno settimanale da «4 ore settimanali (martedì "
        "e giovedì, 14:30–16:30)» a «2 ore settimanali (lunedì)»")
    assert evento.dettagli["impegno_settimanale"] == {
        "da": "4 ore settimanali (martedì e giovedì, 14:30–16:30)",
        "a": "2 ore settimanali (lunedì)"}
    avviso = Notifica.objects.get(destinatario=esperta)
    assert avviso.oggetto == f"Incarico aggiornato: {incarico.oggetto}"
    assert avviso.testo.endswith(
        "prima di emetterne l'atto: impegno settimanale da «4 ore settimanali (martedì e "
        "giovedì, 14:30–16:30)» a «2 ore settimanali (lunedì)».")


@pytest.mark.parametrize("rapporto", ["interno", "privato"])
def test_l_atto_nomina_chi_lo_firma_con_il_titolo_che_concorda(crea_scheda, affida, esperta,
                                                               porta_incarico, rapporto):
    """The act was signed «Il Dirigente Scolastico», unnamed, for Maria Rossi (the ranking's PDF
    already said «La Dirigente Scolastica Maria Rossi»), and «l'incaricato» for Giulia Verdi."""
    incarico = porta_incarico(affida(crea_scheda(), esperta, rapporto=rapporto), "conferito")
    with default_storage.open(documento(incarico).percorso) as pdf:
        testo = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "La Dirigente Scolastica" in testo and "Maria Rossi" in testo
    assert "Il Dirigente Scolastico" not in testo and "dal Dirigente Scolastico" not in testo
    if rapporto != "interno":  # the contract's defined term and its clauses agree with her
        assert "(di seguito «Incaricata»)" in testo and "dalla Dirigente Scolastica pro tempore" in testo
        assert "Incaricato" not in testo and "l'Incaricata è autorizzata al trattamento" in testo
    assert ("Per accettazione, l'incaricata: Giulia Verdi" if rapporto == "interno"
            else "L'Incaricata: Giulia Verdi") in testo
    if rapporto == "interno":  # the lettera's obligations too
        assert "L'incaricata svolge" in testo and "concordato con la Dirigente Scolastica" in testo
    assert "incaricato" not in testo.lower()


def test_l_atto_della_selezione_dice_chi_ha_accettato_al_suo_genere(candidatura, esperta,
                                                                   porta_incarico):
    """«con accettazione della proposta da parte dell'incaricato», for Giulia Verdi."""
    incarico = servizi.conferisci_da_selezione(autore=esperta, candidatura=candidatura())
    testo = leggi_pdf(porta_incarico(incarico, "conferito"))
    assert "con accettazione della proposta da parte dell'incaricata." in testo
    assert "incaricato" not in testo.lower()
