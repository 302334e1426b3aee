"""Demo strumenti: the portal's user guide (PDF rendered now) and national and istituto
strumenti of every visibility, uploaded through the services by the demo staff.

Idempotent: a strumento already there (same title, same istituto) is left alone; the user
guide gets a new version only when GUIDA_REVISIONE changes.
"""

from decimal import ROUND_HALF_UP, Decimal
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from portale import documenti
from portale.pdf import genera_pdf

from . import documenti_demo, services
from .models import Strumento, VersioneStrumento

GUIDA_TITOLO = "Guida utente del Portale Gestione Incarichi"
GUIDA_REVISIONE = "1.0"

AMMINISTRAZIONE = "CNTFNC68L20H501F"
SEGRETERIA_ROMA = "NREPLA85E10H501Q"
DS_MILANO = "BNCGPP75C12F205U"

CONTENUTI_AVVISO = [
    "Oggetto dell'incarico, attività da svolgere e progetto di riferimento (CUP se previsto).",
    "Categorie di destinatari ammessi, in ordine di priorità: personale interno, personale di "
    "altre istituzioni scolastiche, dipendenti di altre pubbliche amministrazioni, soggetti privati.",
    "Requisiti di ammissione e titoli richiesti.",
    "Durata, luogo di svolgimento e numero di ore.",
    "Compenso orario lordo e massimale complessivo.",
    "Criteri di valutazione e punteggi; criteri di precedenza a parità di punteggio.",
    "Termini e modalità di presentazione della candidatura tramite il Portale.",
    "Dichiarazioni di incompatibilità e assenza di conflitto di interessi.",
    "Informativa sul trattamento dei dati personali e responsabile del procedimento.",
]


def _contatti() -> dict:
    return {
        "email_assistenza": parseaddr(settings.ASSISTENZA_FROM_EMAIL)[1],
        "mittente_notifiche": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        "giorni_riapertura": settings.ASSISTENZA_GIORNI_RIAPERTURA,
        "dimensione_massima": documenti.descrivi_dimensione(documenti.dimensione_massima()),
    }


def guida_utente_pdf() -> bytes:
    return genera_pdf("pdf/strumenti/guida_utente.html",
                      {**_contatti(), "revisione": GUIDA_REVISIONE, "data": timezone.localdate()},
                      titolo=GUIDA_TITOLO)


def _pdf(titolo, sezioni, istituto=None) -> bytes:
    return genera_pdf("pdf/documento.html", {"sezioni": sezioni}, istituto=istituto,
                      titolo=titolo)


# the State's charges on the lordo dipendente (INPDAP 24,20 % + IRAP 8,50 %), as the sheet says
ONERI_STATO = Decimal("1.327")


def _lordo_stato(orario: Decimal, riga: int) -> tuple[str, float]:
    """The cell of the lordo Stato: the formula, rounded to the cent, with its value."""
    valore = (orario * ONERI_STATO).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"=ROUND(C{riga}*{ONERI_STATO},2)", float(valore)


def _strumenti_da_caricare():
    """(autore, titolo, categoria, visibilità, descrizione, [(nome file, contenuto, nota)…])"""
    return [
        (AMMINISTRAZIONE, "Schema di avviso di selezione per incarichi individuali", "template",
         "segreterie", "Schema modificabile con i contenuti obbligatori dell'avviso.",
         [("schema-avviso.docx", lambda: documenti_demo.docx(
             "Schema di avviso di selezione", CONTENUTI_AVVISO), "Prima stesura"),
          ("schema-avviso-v2.docx", lambda: documenti_demo.docx(
              "Schema di avviso di selezione", [*CONTENUTI_AVVISO,
                                                "Rinvio al codice di comportamento (DPR 62/2013)."]),
           "Aggiunto il rinvio al codice di comportamento (DPR 62/2013)")]),
        (AMMINISTRAZIONE, "Griglie di valutazione: esperti, tutor, progettista e collaudatore",
         "template", "referenti", "Punteggi per titoli ed esperienze, da adattare all'avviso.",
         [("griglie-valutazione.xlsx", lambda: documenti_demo.xlsx([
             ["Criterio", "Punti", "Massimo"],
             ["Laurea magistrale fino a 100/110", 6, 6],
             ["Laurea magistrale da 101 a 105/110", 12, 12],
             ["Laurea magistrale da 106 a 110/110", 18, 18],
             ["Lode", 2, 2],
             ["Esperienza specifica (per incarico)", 2, 10],
             ["Certificazioni informatiche (per certificazione)", 1, 3],
         ]), "")]),
        (AMMINISTRAZIONE, "Tariffe orarie CCNL per le attività aggiuntive", "normativa", "utenti",
         "Importi orari lordo dipendente e calcolo del lordo Stato.",
         [("tariffe-ccnl.xlsx", lambda: documenti_demo.xlsx([
             ["Profilo", "Attività", "Lordo dipendente €/h", "Lordo Stato €/h"],
             *[[profilo, attivita, float(orario), _lordo_stato(orario, riga)]
               for riga, (profilo, attivita, orario) in enumerate([
                   ("Docente", "non di insegnamento", Decimal("19.25")),
                   ("Docente", "di insegnamento", Decimal("38.50")),
                   ("Assistente amministrativo o tecnico", "aggiuntiva", Decimal("15.95")),
                   ("Collaboratore scolastico", "aggiuntiva", Decimal("13.75"))], start=2)],
         ]), "")]),
        (AMMINISTRAZIONE, "Dichiarazione di insussistenza di incompatibilità e conflitto di "
                          "interessi", "modulistica", "pubblico",
         "Per chi la rende su carta (ad esempio un incarico per affidamento diretto): nella "
         "candidatura dal portale la stessa dichiarazione è nel passo «Dichiarazioni».",
         [("dichiarazione-incompatibilita.odt", lambda: documenti_demo.odt(
             "Dichiarazione sostitutiva (artt. 46 e 47 DPR 445/2000)", [
                 "Il/La sottoscritto/a … nato/a a … il … codice fiscale …",
                 "DICHIARA di non trovarsi in alcuna delle situazioni di incompatibilità previste "
                 "dalla normativa vigente e di non avere conflitti di interessi, anche potenziali, "
                 "con l'Istituzione scolastica.",
                 "Luogo e data ……  Firma ……"]), "")]),
        (SEGRETERIA_ROMA, "Regolamento d'istituto per il conferimento degli incarichi "
                          "individuali", "normativa", "pubblico",
         "Approvato dal Consiglio d'istituto.",
         [("regolamento-incarichi.pdf", "regolamento", "")]),
        (SEGRETERIA_ROMA, "Indicazioni per il personale interno che si candida", "altro", "utenti",
         "Come chiedere l'autorizzazione e quando presentare la candidatura.",
         [("indicazioni-personale-interno.odt", lambda: documenti_demo.odt(
             "Indicazioni per il personale interno", [
                 "Il personale interno ha la precedenza sulle altre categorie di candidati.",
                 "Presenta la candidatura dal Portale con SPID o CIE entro la scadenza dell'avviso."]),
           "")]),
        (SEGRETERIA_ROMA, "Procedura interna di protocollazione delle istanze", "manuale",
         "segreterie", "Passi della segreteria dalla ricezione all'archiviazione.",
         [("procedura-protocollo.docx", lambda: documenti_demo.docx(
             "Procedura interna di protocollazione", [
                 "1. Le candidature inviate dal Portale ricevono il protocollo in automatico.",
                 "2. Verificare gli allegati richiesti e avviare l'istruttoria se mancano.",
                 "3. Archiviare la ricevuta nel fascicolo della procedura."]), "")]),
        (SEGRETERIA_ROMA, "Modello di relazione finale del progetto", "modulistica", "referenti",
         "Da compilare a fine progetto a cura del referente.",
         [("relazione-finale.docx", lambda: documenti_demo.docx(
             "Relazione finale del progetto", [
                 "Titolo del progetto e referente.", "Attività svolte e ore effettive.",
                 "Risultati raggiunti e criticità.", "Data e firma."]), "")]),
        (DS_MILANO, "Scheda di monitoraggio delle attività progettuali", "template", "referenti",
         "Registro mensile di ore e attività per progetto.",
         [("monitoraggio-progetti.xlsx", lambda: documenti_demo.xlsx([
             ["Mese", "Attività", "Ore previste", "Ore svolte", "Scostamento"],
             ["Ottobre", "Laboratorio di robotica", 20, 18, ("=D2-C2", -2)],
             ["Novembre", "Laboratorio di robotica", 20, 22, ("=D3-C3", 2)],
         ]), "")]),
        (DS_MILANO, "Circolare interna sugli incarichi aggiuntivi al personale ATA", "normativa",
         "segreterie", "Criteri interni per gli incarichi aggiuntivi.",
         [("circolare-ata.odt", lambda: documenti_demo.odt(
             "Circolare interna – incarichi aggiuntivi ATA", [
                 "Gli incarichi aggiuntivi sono conferiti nel rispetto del contratto integrativo.",
                 "Le ore sono retribuite alle tariffe orarie del CCNL."]), "")]),
    ]


def _regolamento(istituto) -> bytes:
    return _pdf("Regolamento per il conferimento degli incarichi individuali", [
        ("Art. 1 – Oggetto", ["Il regolamento disciplina le procedure comparative per il "
                              "conferimento di incarichi individuali a personale interno ed esterno."]),
        ("Art. 2 – Pubblicità", ["Gli avvisi sono pubblicati sul Portale Gestione Incarichi e in "
                                 "Amministrazione trasparente."]),
        ("Art. 3 – Valutazione", ["Le candidature sono valutate secondo i criteri indicati "
                                  "nell'avviso; a parità di punteggio precede il candidato più "
                                  "giovane."]),
    ], istituto=istituto)


def _membership(codice_fiscale: str) -> Membership | None:
    """The demo person's valid role; None once somebody trying the demo revoked it."""
    return (Membership.objects.valide().select_related("istituto", "user")
            .filter(user__codice_fiscale=codice_fiscale).order_by("id").first())


def _carica_guida(membership) -> bool:
    esistente = Strumento.objects.filter(titolo=GUIDA_TITOLO, istituto__isnull=True,
                                         ritirato_il__isnull=True).first()
    nota = f"Revisione {GUIDA_REVISIONE}"
    if esistente and esistente.versione_corrente and esistente.versione_corrente.nota == nota:
        return False
    file = ContentFile(guida_utente_pdf(), name="guida-utente-portale-incarichi.pdf")
    if esistente:
        services.carica_versione(autore=membership.user, membership=membership,
                                 strumento=esistente, file=file, nota=nota)
    else:
        services.carica_strumento(
            autore=membership.user, membership=membership, titolo=GUIDA_TITOLO,
            descrizione="Come accedere con SPID e CIE, ruoli e cambio istituto, notifiche, "
                        "Strumenti e Assistenza.",
            categoria="manuale", visibilita="pubblico", file=file, nota=nota)
    return True


@transaction.atomic
def carica() -> dict:
    amministrazione = _membership(AMMINISTRAZIONE)
    if amministrazione is not None:
        _carica_guida(amministrazione)
    for autore, titolo, categoria, visibilita, descrizione, versioni in _strumenti_da_caricare():
        membership = _membership(autore)
        if membership is None or Strumento.objects.filter(
                titolo=titolo, istituto=membership.istituto).exists():
            continue  # a role revoked while trying the demo: its strumenti are not added again
        strumento = None
        for nome, contenuto, nota in versioni:
            dati = _regolamento(membership.istituto) if contenuto == "regolamento" else contenuto()
            file = ContentFile(dati, name=nome)
            if strumento is None:
                strumento = services.carica_strumento(
                    autore=membership.user, membership=membership, titolo=titolo,
                    descrizione=descrizione, categoria=categoria, visibilita=visibilita,
                    file=file, nota=nota)
            else:
                services.carica_versione(autore=membership.user, membership=membership,
                                         strumento=strumento, file=file, nota=nota)
    return {"strumenti": Strumento.objects.count(), "versioni": VersioneStrumento.objects.count()}
