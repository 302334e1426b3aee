"""Demo schede progettuali and incarichi for `carica_demo`, created through the services
(idempotent: what exists is left as it is)."""

from datetime import date
from decimal import Decimal

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from portale.demo import dirigente
from portale.pdf import genera_pdf

from . import services
from .models import Incarico, SchedaProgettuale, TariffaOraria
from .services import incarichi as servizi

# (istituto, titolo, concludere?, dati)
SCHEDE = [
    ("RMIC8A7005", "Robotica educativa – PNRR DM 65", True, dict(
        descrizione="Laboratori di robotica e coding per le classi quarte e quinte della primaria.",
        tipologia_incarico="esperto", fonte_finanziamento="pnrr", cup="D84D23001230006",
        destinatari="Alunni delle classi quarte e quinte", data_inizio=date(2027, 1, 11),
        data_fine=date(2027, 5, 29), ore_previste=30, tariffa_manuale=Decimal("70.00"))),
    ("RMIC8A7005", "Tutor del laboratorio di robotica", True, dict(
        descrizione="Affiancamento dell'esperto nel laboratorio di robotica.",
        tipologia_incarico="tutor", fonte_finanziamento="pnrr", cup="D84D23001230006",
        destinatari="Alunni delle classi quarte e quinte", data_inizio=date(2027, 1, 11),
        data_fine=date(2027, 5, 29), ore_previste=30, tariffa="19.25")),
    ("RMIC8A7005", "Progettista rete LAN plessi", True, dict(
        descrizione="Progettazione del cablaggio strutturato dei tre plessi.",
        tipologia_incarico="progettista", fonte_finanziamento="pn_fesr", cup="D89J21011900006",
        destinatari="Tutto l'istituto", data_inizio=date(2027, 2, 1),
        data_fine=date(2027, 4, 30), ore_previste=20, tariffa="19.25")),
    ("RMIC8A7005", "Corso di teatro in inglese", False, dict(
        descrizione="Bozza da completare con la fonte di finanziamento.",
        tipologia_incarico="esperto", destinatari="Classi seconde della secondaria")),
    ("MIPS01000A", "Orientamento universitario – PNRR DM 934", True, dict(
        descrizione="Percorsi di orientamento di 15 ore per le classi terze, quarte e quinte.",
        tipologia_incarico="formatore", fonte_finanziamento="pnrr", cup="F44D22003190006",
        destinatari="Studenti del triennio", data_inizio=date(2027, 1, 18),
        data_fine=date(2027, 6, 5), ore_previste=45, tariffa="38.50")),
    ("MIPS01000A", "Collaudatore laboratorio STEM", True, dict(
        descrizione="Collaudo delle attrezzature del nuovo laboratorio STEM.",
        tipologia_incarico="collaudatore", fonte_finanziamento="pn_fesr", cup="F49J22000410006",
        destinatari="Tutto l'istituto", data_inizio=date(2027, 3, 1),
        data_fine=date(2027, 3, 31), ore_previste=10, tariffa="19.25")),
    ("MIPS01000A", "Sportello di ascolto psicologico", False, dict(
        descrizione="Da definire con il collegio docenti.", tipologia_incarico="esperto")),
    ("RMIC8A7005", "Tutor del corso di recupero di matematica", True, dict(
        descrizione="Recupero delle competenze di base per le classi prime della secondaria.",
        tipologia_incarico="tutor", fonte_finanziamento="fis", destinatari="Classi prime",
        data_inizio=date(2026, 10, 1), data_fine=date(2027, 1, 31), ore_previste=20,
        tariffa="19.25")),
    ("RMIC8A7005", "Consulenza sulla sicurezza dei laboratori", True, dict(
        descrizione="Valutazione dei rischi e formazione sull'uso sicuro dei laboratori.",
        tipologia_incarico="altro", fonte_finanziamento="programma_annuale",
        destinatari="Personale e alunni", data_inizio=date(2026, 2, 2),
        data_fine=date(2026, 6, 30), ore_previste=12, tariffa_manuale=Decimal("50.00"))),
]

# (scheda, persona, dati dell'affidamento, stato da raggiungere, ore da registrare)
PERSONE = {
    "BRNLGU80A01H501T": ("Luigi", "Bruni"), "NRIMRC75B02F205Y": ("Marco", "Neri"),
    "VRDGLI85M41F205R": ("Giulia", "Verdi"), "RSSLRA90A41H501Z": ("Laura", "Rossi"),
}
INCARICHI = [
    ("Tutor del corso di recupero di matematica", "BRNLGU80A01H501T",
     dict(rapporto="interno", motivazione="deserta",
          giustificazione="L'avviso interno del 10/09/2026 è andato deserto."),
     "in_corso", [(date(2026, 10, 7), 2, "Primo incontro e test d'ingresso"),
                  (date(2026, 10, 14), 2, "Frazioni ed equazioni"),
                  (date(2026, 10, 21), 2, "Esercitazione guidata")]),
    ("Progettista rete LAN plessi", "NRIMRC75B02F205Y",
     dict(rapporto="interno", motivazione="unicita",
          giustificazione="Unico docente dell'istituto con la certificazione richiesta."),
     "conferito", []),
    ("Robotica educativa – PNRR DM 65", "VRDGLI85M41F205R",
     dict(rapporto="privato", motivazione="urgenza",
          giustificazione="Rinuncia dell'esperto selezionato a pochi giorni dall'avvio."),
     "firmato", []),
    ("Consulenza sulla sicurezza dei laboratori", "RSSLRA90A41H501Z",
     dict(rapporto="altra_pa", amministrazione_appartenenza="Comune di Roma",
          motivazione="occasionale",
          giustificazione="Collaborazione occasionale di 12 ore, non ripetibile."),
     "liquidato", [(date(2026, 3, 4), 6, "Sopralluogo e valutazione dei rischi"),
                   (date(2026, 3, 11), 6, "Formazione del personale")]),
]


@transaction.atomic
def carica() -> dict:
    create = 0
    for codice, titolo, concludere, dati in SCHEDE:
        membership = dirigente(codice)
        if SchedaProgettuale.objects.filter(istituto=membership.istituto, titolo=titolo).exists():
            continue
        dati = dict(dati)
        if isinstance(dati.get("tariffa"), str):
            dati["tariffa"] = TariffaOraria.objects.get(importo_orario=dati["tariffa"])
        scheda = services.crea_scheda(autore=membership.user, membership=membership,
                                      titolo=titolo, **dati)
        if concludere:
            services.concludi_scheda(autore=membership.user, membership=membership, scheda=scheda)
        create += 1
    nuovi = sum(_incarico(*voce) for voce in INCARICHI)
    return {"schede create": create, "schede in tutto": SchedaProgettuale.objects.count(),
            "incarichi creati": nuovi, "incarichi in tutto": Incarico.objects.count()}


def _pdf(titolo: str, istituto) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{titolo}.pdf", genera_pdf("pdf/base.html", {}, istituto=istituto,
                                                          titolo=titolo))


def _incarico(titolo, codice_fiscale, dati, stato, ore) -> bool:
    membership = dirigente("RMIC8A7005")
    kw = dict(autore=membership.user, membership=membership)
    scheda = SchedaProgettuale.objects.get(istituto=membership.istituto, titolo=titolo)
    if Incarico.objects.filter(scheda=scheda, persona__codice_fiscale=codice_fiscale).exists():
        return False
    nome, cognome = PERSONE[codice_fiscale]
    persona = servizi.persona_per_affidamento(
        **kw, codice_fiscale=codice_fiscale, nome=nome, cognome=cognome,
        email=f"{nome.lower()}.{cognome.lower()}@example.it")
    incarico = servizi.affida_direttamente(**kw, scheda=scheda, persona=persona, **dati)
    if incarico.rapporto in ("altra_scuola", "altra_pa"):
        servizi.carica_autorizzazione(**kw, incarico=incarico,
                                      file=_pdf("Autorizzazione", membership.istituto))
    servizi.aggiorna_requisiti(
        **kw, incarico=incarico, casellario_acquisito_il=incarico.data_inizio,
        autocertificazioni=dict.fromkeys(incarico.autocertificazioni, True),
        controllo_corte_conti=incarico.controllo_corte_conti or (
            "escluso_obbligatorio" if incarico.esterno else ""))
    incarico = servizi.emetti_atto(**kw, incarico=incarico)
    servizi.pubblica(**kw, incarico=incarico)
    if incarico.esterno:
        servizi.pubblica_curriculum(**kw, incarico=incarico,
                                    file=_pdf(f"Curriculum di {nome} {cognome}", None))
    if stato == "conferito":
        return True
    with default_storage.open(incarico.documenti.get(tipo="atto").percorso, "rb") as atto:
        firmato = SimpleUploadedFile("atto-firmato.pdf", atto.read())  # signed on paper
    incarico = servizi.registra_firma(**kw, incarico=incarico, file=firmato)
    if stato == "firmato":
        return True
    incarico = servizi.avvia(**kw, incarico=incarico)
    for giorno, quante, attivita in ore:
        servizi.registra_ore(**kw, incarico=incarico, data=giorno, ore=quante, attivita=attivita)
    if stato == "in_corso":
        return True
    incarico = servizi.concludi(**kw, incarico=incarico)
    servizi.verifica_ore(**kw, incarico=incarico)
    servizi.liquida(**kw, incarico=incarico)
    return True
