"""Demo schede progettuali for `carica_demo`, created through the services (idempotent: what
exists is left as it is)."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from portale.demo import dirigente

from . import services
from .models import SchedaProgettuale, TariffaOraria

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
    ("RMIC8A7005", "Laboratorio di cittadinanza digitale", True, dict(
        descrizione="Uso consapevole della rete e dei dati personali per le classi terze.",
        tipologia_incarico="esperto", fonte_finanziamento="programma_annuale",
        destinatari="Classi terze della secondaria", data_inizio=date(2026, 11, 2),
        data_fine=date(2027, 2, 26), ore_previste=16, tariffa_manuale=Decimal("45.00"))),
    ("RMIC8A7005", "Consulenza sulla sicurezza dei laboratori", True, dict(
        descrizione="Valutazione dei rischi e formazione sull'uso sicuro dei laboratori.",
        tipologia_incarico="altro", fonte_finanziamento="programma_annuale",
        destinatari="Personale e alunni", data_inizio=date(2026, 2, 2),
        data_fine=date(2026, 6, 30), ore_previste=12, tariffa_manuale=Decimal("50.00"))),
    # the incarichi by affidamento diretto have schede of their own: one a procedure is
    # generated from pays its winner (a direct incarico on it left the winner without budget)
    ("RMIC8A7005", "Progettista della rete Wi-Fi della palestra", True, dict(
        descrizione="Progettazione della copertura Wi-Fi della palestra e dell'aula magna.",
        tipologia_incarico="progettista", fonte_finanziamento="pn_fesr", cup="D89J21011910006",
        destinatari="Tutto l'istituto", data_inizio=date(2027, 2, 1),
        data_fine=date(2027, 4, 30), ore_previste=20, tariffa="19.25")),
    ("RMIC8A7005", "Laboratorio di robotica per la secondaria – PNRR DM 65", True, dict(
        descrizione="Laboratorio di robotica per le classi prime della secondaria.",
        tipologia_incarico="esperto", fonte_finanziamento="pnrr", cup="D84D23001230006",
        destinatari="Classi prime della secondaria", data_inizio=date(2027, 1, 11),
        data_fine=date(2027, 5, 29), ore_previste=30, tariffa_manuale=Decimal("70.00"))),
]


@transaction.atomic
def carica() -> dict:
    create = 0
    for codice, titolo, concludere, dati in SCHEDE:
        membership = dirigente(codice)
        if membership is None or SchedaProgettuale.objects.filter(
                istituto=membership.istituto, titolo=titolo).exists():
            continue  # the DS's role revoked while trying the demo: nothing added
        dati = dict(dati)
        if isinstance(dati.get("tariffa"), str):
            dati["tariffa"] = TariffaOraria.objects.get(importo_orario=dati["tariffa"])
        scheda = services.crea_scheda(autore=membership.user, membership=membership,
                                      titolo=titolo, **dati)
        if concludere:
            services.concludi_scheda(autore=membership.user, membership=membership, scheda=scheda)
        create += 1
    return {"schede create": create, "schede in tutto": SchedaProgettuale.objects.count()}
