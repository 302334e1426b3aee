"""Demo incarichi for `carica_demo`, by affidamento diretto from the demo schede
(`fabbisogno/demo.py`), created through the services (idempotent: what exists is left as it is).
An incarico whose activities have begun is played on the days it happened
(`portale.demo.alle`): its act a week before the first activity,
each line of the register on its day, so that no hour precedes the act (seed 001, art. 10)."""

from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from fabbisogno.models import SchedaProgettuale
from portale.demo import alle, dirigente
from portale.pdf import genera_pdf

from .models import TIPOLOGIE_DOCENZA, Incarico
from .services import incarichi as servizi

# (scheda, persona, dati dell'affidamento, stato da raggiungere, ore da registrare)
PERSONE = {
    "BRNLGU80A01H501T": ("Luigi", "Bruni"), "NRIMRC75B02F205Y": ("Marco", "Neri"),
    "VRDGLI85M41F205R": ("Giulia", "Verdi"), "RSSLRA90A41H501Z": ("Laura", "Rossi"),
    "MNCSRA85B45F205W": ("Sara", "Mancini"),  # a SPID test identity: «I miei incarichi»
}
# what an external incaricato's CV says (published in Amministrazione trasparente, art. 15
# d.lgs. 33/2013: professional data only, no address, telephone or signature)
CURRICULA = {
    "VRDGLI85M41F205R": [
        ("Esperienze professionali", [
            "Dal 2019 formatrice libera professionista in robotica educativa e coding per le "
            "scuole primarie e secondarie (oltre 600 ore di laboratorio in classe).",
            "2021–2023: esperta nei percorsi PON «Apprendimento e socialità» di quattro istituti "
            "comprensivi della provincia di Milano."]),
        ("Istruzione e formazione", [
            "Laurea magistrale in Ingegneria informatica, Politecnico di Milano (2010).",
            "Certificazione «LEGO Education Academy» e corso di perfezionamento in didattica "
            "delle STEM (60 CFU)."])],
    "RSSLRA90A41H501Z": [
        ("Esperienze professionali", [
            "Dal 2018 funzionaria tecnica del Comune di Roma, servizio prevenzione e protezione.",
            "Responsabile del servizio di prevenzione e protezione (RSPP) per edifici scolastici "
            "comunali; docente nei corsi di formazione dei lavoratori (d.lgs. 81/2008)."]),
        ("Istruzione e formazione", [
            "Laurea in Ingegneria civile, Sapienza Università di Roma (2014).",
            "Abilitazione RSPP (moduli A, B e C) e aggiornamenti quinquennali."])],
    "MNCSRA85B45F205W": [
        ("Esperienze professionali", [
            "Dal 2016 istruttrice dei servizi informativi del Comune di Milano: identità digitale, "
            "servizi online e sportello per i cittadini.",
            "Formatrice nei progetti di educazione civica digitale delle scuole secondarie di "
            "primo grado (2021–2026)."]),
        ("Istruzione e formazione", [
            "Laurea in Scienze della comunicazione, Università degli Studi di Milano (2009).",
            "Master di primo livello in protezione dei dati personali (2019)."])],
}
INCARICATA = "incaricata"  # a line of the register annotated by the incaricata herself
INCARICHI = [
    ("Tutor del corso di recupero di matematica", "BRNLGU80A01H501T",
     dict(rapporto="interno", motivazione="deserta",
          giustificazione="L'avviso interno del 10/09/2026 è andato deserto."),
     "in_corso", [(date(2026, 10, 7), 2, "Primo incontro e test d'ingresso"),
                  (date(2026, 10, 14), 2, "Frazioni ed equazioni"),
                  (date(2026, 10, 21), 2, "Esercitazione guidata")]),
    ("Progettista della rete Wi-Fi della palestra", "NRIMRC75B02F205Y",
     dict(rapporto="interno", motivazione="unicita",
          giustificazione="Unico docente dell'istituto con la certificazione richiesta."),
     "conferito", []),
    ("Laboratorio di robotica per la secondaria – PNRR DM 65", "VRDGLI85M41F205R",
     dict(rapporto="privato", motivazione="urgenza",
          giustificazione="Rinuncia dell'esperto selezionato a pochi giorni dall'avvio."),
     "firmato", []),
    ("Laboratorio di cittadinanza digitale", "MNCSRA85B45F205W",
     dict(rapporto="altra_pa", amministrazione_appartenenza="Comune di Milano",
          motivazione="deserta",
          giustificazione="L'avviso pubblico del 05/10/2026 per il laboratorio è andato deserto."),
     "in_corso", [(date(2026, 11, 4), 2, "Primo incontro: identità digitale e SPID", INCARICATA),
                  (date(2026, 11, 11), 2, "Dati personali e social network", INCARICATA)]),
    ("Consulenza sulla sicurezza dei laboratori", "RSSLRA90A41H501Z",
     dict(rapporto="altra_pa", amministrazione_appartenenza="Comune di Roma",
          motivazione="occasionale",
          giustificazione="Collaborazione occasionale di 12 ore, non ripetibile."),
     "liquidato", [(date(2026, 3, 4), 6, "Sopralluogo e valutazione dei rischi"),
                   (date(2026, 3, 11), 6, "Formazione del personale")]),
]


@transaction.atomic
def carica() -> dict:
    nuovi = sum(_incarico(*voce) for voce in INCARICHI)
    return {"incarichi creati": nuovi, "incarichi in tutto": Incarico.objects.count()}


def _il(giorno: date | None, ora: int):
    """Run what follows on `giorno` at `ora` (local time), or now when `giorno` is None."""
    return alle(giorno and timezone.make_aware(datetime.combine(giorno, time(ora))))


def _pdf(titolo: str, istituto, sezioni=()) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{titolo}.pdf", genera_pdf("pdf/documento.html",
                                                          {"sezioni": sezioni}, istituto=istituto,
                                                          titolo=titolo))


def _incarico(titolo, codice_fiscale, dati, stato, ore) -> bool:
    membership = dirigente("RMIC8A7005")
    kw = dict(autore=membership.user, membership=membership)
    scheda = SchedaProgettuale.objects.get(istituto=membership.istituto, titolo=titolo)
    if Incarico.objects.filter(scheda=scheda, persona__codice_fiscale=codice_fiscale).exists():
        return False
    # begun before today: conferred a week before the first activity
    avvio = scheda.data_inizio if ore else None
    with _il(avvio and avvio - timedelta(days=7), 10):
        incarico = _conferisci(kw, scheda, codice_fiscale, dati, stato)
    if stato in ("conferito", "firmato"):
        return True
    with _il(avvio, 8):
        incarico = servizi.avvia(**kw, incarico=incarico)
    persona = incarico.persona
    for giorno, quante, attivita, *chi in ore:
        with _il(giorno, 18):
            if chi == [INCARICATA]:  # from «Il mio incarico»
                servizi.annota_ore(persona=persona, incarico=incarico, data=giorno, ore=quante,
                                   attivita=attivita)
            else:
                servizi.registra_ore(**kw, incarico=incarico, data=giorno, ore=quante,
                                     attivita=attivita)
    if stato == "in_corso":
        return True
    ultimo = ore[-1][0]
    with _il(ultimo + timedelta(days=1), 9):
        incarico = servizi.concludi(**kw, incarico=incarico)
        servizi.verifica_ore(**kw, incarico=incarico)
    with _il(ultimo + timedelta(days=14), 11):
        servizi.liquida(**kw, incarico=incarico)
    return True


def _conferisci(kw, scheda, codice_fiscale, dati, stato) -> Incarico:
    """From the affidamento to the act (and the signed copy unless only «conferito»)."""
    membership = kw["membership"]
    nome, cognome = PERSONE[codice_fiscale]
    persona = servizi.persona_per_affidamento(
        **kw, codice_fiscale=codice_fiscale, nome=nome, cognome=cognome,
        email=f"{nome.lower()}.{cognome.lower()}@example.it")
    incarico = servizi.affida_direttamente(**kw, scheda=scheda, persona=persona, **dati)
    if incarico.rapporto in ("altra_scuola", "altra_pa"):
        servizi.carica_autorizzazione(**kw, incarico=incarico,
                                      file=_pdf("Autorizzazione", membership.istituto))
    servizi.aggiorna_requisiti(
        **kw, incarico=incarico,
        casellario_acquisito_il=min(incarico.data_inizio, timezone.localdate()),
        autocertificazioni=dict.fromkeys(incarico.autocertificazioni, True),
        # what the DS assessed: a teaching incarico is excluded from the preventive control
        controllo_corte_conti=("" if not incarico.esterno else "escluso_docenza"
                               if incarico.tipologia in TIPOLOGIE_DOCENZA
                               else "escluso_obbligatorio"))
    incarico = servizi.emetti_atto(**kw, incarico=incarico)
    servizi.pubblica(**kw, incarico=incarico)
    if incarico.esterno:
        servizi.pubblica_curriculum(**kw, incarico=incarico,
                                    file=_pdf(f"Curriculum di {nome} {cognome}", None,
                                              CURRICULA[codice_fiscale]))
    if stato == "conferito":
        return incarico
    firmato = _pdf(f"Copia firmata – {nome} {cognome}", membership.istituto)  # the scan
    return servizi.registra_firma(**kw, incarico=incarico, file=firmato)
