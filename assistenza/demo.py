"""Demo tickets in every state, with threads, internal notes and attachments; canned replies.

Written through the services with past dates (`quando`), so the queue, Monitoraggio Tickets
and the response-time report look like a service that has been running for a few weeks.
Idempotent: a ticket with the same requester and subject is not opened twice.
"""

import struct
import zlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User

from . import services
from .models import RispostaPredefinita, Stato, Ticket

SUPPORTO = "MRNLRA90M50H501J"

RISPOSTE_PREDEFINITE = [
    ("Richiesta di maggiori dettagli", "",
     "Gentile {nome},\nper aiutarti ci servono alcune informazioni in più: che cosa stavi facendo, "
     "l'ora in cui si è presentato il problema, il browser usato e, se possibile, una schermata "
     "del messaggio di errore.\nPuoi rispondere direttamente dalla pagina del ticket {codice}."),
    ("Problemi di accesso con SPID o CIE", "accesso",
     "Gentile {nome},\nverifica di poter accedere al sito del tuo gestore SPID con le stesse "
     "credenziali; se usi la CIE controlla il PIN e l'app CieID. Poi riprova dal pulsante "
     "«Accedi all'area personale» chiudendo prima tutte le finestre del browser."),
    ("Dove trovare la guida utente", "",
     "Gentile {nome},\nla guida utente del portale è nella sezione Strumenti (categoria "
     "Manuale) ed è scaricabile anche dalla pagina pubblica Informazioni utili."),
    ("Formati dei file ammessi", "candidature",
     "Gentile {nome},\ni documenti vanno caricati in PDF (o firmati in P7M), fino a 10 MB per "
     "file. Un file rinominato in .pdf senza esserlo viene rifiutato: esportalo in PDF dal "
     "programma con cui l'hai scritto."),
    ("Chiusura per mancato riscontro", "",
     "Gentile {nome},\nnon avendo ricevuto riscontro chiudiamo il ticket {codice}. Se il "
     "problema si ripresenta puoi riaprirlo entro {giorni_riapertura} giorni o aprirne uno nuovo."),
]


def _png_schermata() -> bytes:
    """A 32×20 grey PNG standing for a screenshot."""
    larghezza, altezza = 32, 20
    righe = b"".join(b"\x00" + bytes([200, 200, 200]) * larghezza for _ in range(altezza))

    def blocco(tipo, dati):
        return (struct.pack(">I", len(dati)) + tipo + dati
                + struct.pack(">I", zlib.crc32(tipo + dati) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n"
            + blocco(b"IHDR", struct.pack(">IIBBBBB", larghezza, altezza, 8, 2, 0, 0, 0))
            + blocco(b"IDAT", zlib.compress(righe)) + blocco(b"IEND", b""))


def _membership(codice_fiscale):
    return (Membership.objects.valide().select_related("istituto")
            .filter(user__codice_fiscale=codice_fiscale).order_by("id").first())


def _storie(adesso):
    """Each story: requester, tipologia, subject, description, extra, steps (hours ago, action)."""
    def fa(giorni=0, ore=0):
        return adesso - timedelta(days=giorni, hours=ore)

    return [
        ("ESPMRC88R03L736K", "accesso", "Errore con la CIE al rientro sul portale",
         "Dopo aver inserito il PIN della CIE torno al portale ma compare «Accesso non riuscito».",
         {"quando": fa(ore=3), "schermata": True}, []),
        ("NREPLA85E10H501Q", "procedure", "Dove indico la determina a contrarre nella procedura?",
         "Sto preparando la procedura per l'esperto di robotica e non trovo il campo per gli "
         "estremi della determina.", {"quando": fa(giorni=1), "riferimento": "PROC-2026-0003"}, []),
        ("VRDLCU80D55L219W", "schede", "Il lordo Stato della scheda non torna",
         "Per 30 ore a 19,25 €/h il lordo Stato calcolato mi sembra diverso da quello del mio "
         "foglio di calcolo.", {"quando": fa(giorni=2)}, [
             (fa(giorni=1, ore=20), "prendi", None),
             (fa(giorni=1, ore=19), "nota", "Controllare il coefficiente 1,327 sulle tariffe "
                                           "caricate per l'anno in corso."),
         ]),
        ("FRRLSS92P45F839O", "candidature", "Il curriculum in PDF viene rifiutato",
         "Carico il mio curriculum ma il portale dice che non è un PDF valido.",
         {"quando": fa(giorni=3)}, [
             (fa(giorni=2, ore=21), "rispondi_attesa",
              "Gentile Alessia, il file che hai caricato probabilmente è un documento Word "
              "rinominato in .pdf. Puoi esportarlo in PDF dal programma di videoscrittura e "
              "riprovare? Facci sapere se il problema resta."),
         ]),
        ("GLLNNA82H48F205R", "strumenti", "Non trovo la scheda di monitoraggio dei progetti",
         "La collega mi ha detto che è negli Strumenti ma non la vedo nell'elenco.",
         {"quando": fa(giorni=4)}, [
             (fa(giorni=3, ore=21), "rispondi_risolto",
              "Gentile Anna, la scheda è uno strumento del Liceo Galilei riservato ai referenti: "
              "la trovi in Strumenti filtrando per Ambito «Istituto». Controlla in alto di operare "
              "come Referente di progetto del Liceo Galilei."),
         ]),
        ("FRRLSS92P45F839O", "procedure", "Fino a quando posso candidarmi?",
         "Nell'avviso per il tutor non capisco se la scadenza è alle 12 o alle 23:59.",
         {"quando": fa(giorni=25)}, [
             (fa(giorni=24, ore=23), "rispondi_risolto",
              "Gentile Alessia, fa fede il giorno e l'ora di chiusura scritti nell'avviso, "
              "accanto a «Termine»: da quel minuto il portale non accetta più invii."),
             (fa(giorni=18), "chiudi_supporto", None),
         ]),
        ("ESPMRC88R03L736K", "graduatorie", "Non vedo il mio punteggio in graduatoria",
         "La graduatoria provvisoria è pubblicata ma non trovo il mio nominativo.",
         {"quando": fa(giorni=8)}, [
             (fa(giorni=7, ore=20), "prendi", None),
             (fa(giorni=7, ore=18), "rispondi_risolto",
              "Gentile Marco, le graduatorie pubbliche mostrano nome e punteggio: la tua "
              "candidatura risulta fra i soggetti privati, l'ultima delle categorie."),
             (fa(giorni=6), "riapri", "Ho controllato fra i soggetti privati ma non ci sono."),
             (fa(giorni=5, ore=22), "nota", "Chiesto all'istituto l'elenco delle istanze "
                                            "escluse in istruttoria."),
         ]),
        ("NREPLA85E10H501Q", "tecnica", "Errore esportando l'elenco del personale",
         "Premendo esporta compare una pagina di errore.", {"quando": fa(giorni=6)}, [
             (fa(giorni=5, ore=23), "prendi", None),
             (fa(giorni=5), "rispondi_risolto", "Gentile Paolo, l'errore è stato corretto "
                                               "nell'aggiornamento di ieri sera."),
             (fa(giorni=4, ore=20), "chiudi_richiedente", None),
         ]),
    ]


def _esegui(ticket, quando, azione, testo, supporto, membership_supporto):
    richiedente = ticket.richiedente
    if azione == "prendi":
        services.prendi_in_carico(autore=supporto, membership=membership_supporto, ticket=ticket,
                                  quando=quando)
    elif azione == "nota":
        services.aggiungi_nota_interna(autore=supporto, membership=membership_supporto,
                                       ticket=ticket, testo=testo, quando=quando)
    elif azione.startswith("rispondi_"):
        stato = {"rispondi_attesa": Stato.IN_ATTESA, "rispondi_risolto": Stato.RISOLTO}[azione]
        services.rispondi(autore=supporto, membership=membership_supporto, ticket=ticket,
                          testo=testo, stato=stato, quando=quando)
    elif azione == "chiudi_supporto":
        services.chiudi(autore=supporto, membership=membership_supporto, ticket=ticket,
                        quando=quando)
    elif azione == "chiudi_richiedente":
        services.chiudi(autore=richiedente, membership=None, ticket=ticket, quando=quando)
    elif azione == "riapri":
        services.riapri(autore=richiedente, membership=None, ticket=ticket, motivazione=testo,
                        quando=quando)


@transaction.atomic
def carica() -> dict:
    for ordine, (titolo, tipologia, testo) in enumerate(RISPOSTE_PREDEFINITE, start=1):
        RispostaPredefinita.objects.get_or_create(
            titolo=titolo, defaults={"tipologia": tipologia, "testo": testo, "ordine": ordine * 10})
    membership_supporto = _membership(SUPPORTO)
    adesso = timezone.now()
    # the support role revoked while trying the demo: no ticket story can be played again
    storie = _storie(adesso) if membership_supporto is not None else []
    supporto = membership_supporto.user if membership_supporto is not None else None
    for cf, tipologia, oggetto, descrizione, extra, passi in storie:
        richiedente = User.objects.get(codice_fiscale=cf)
        if Ticket.objects.filter(richiedente=richiedente, oggetto=oggetto).exists():
            continue
        allegati = ([ContentFile(_png_schermata(), name="schermata-errore.png")]
                    if extra.get("schermata") else [])
        ticket = services.apri_ticket(
            autore=richiedente, membership=_membership(cf), tipologia=tipologia, oggetto=oggetto,
            descrizione=descrizione, riferimento_procedura=extra.get("riferimento", ""),
            allegati=allegati, quando=extra["quando"])
        for quando, azione, testo in passi:
            ticket.refresh_from_db()
            _esegui(ticket, quando, azione, testo, supporto, membership_supporto)
    per_stato = {s: Ticket.objects.filter(stato=s).count() for s in Stato}
    return {"ticket": Ticket.objects.count(),
            "aperti": per_stato[Stato.APERTO], "in lavorazione": per_stato[Stato.IN_LAVORAZIONE],
            "in attesa di riscontro": per_stato[Stato.IN_ATTESA],
            "risolti": per_stato[Stato.RISOLTO], "chiusi": per_stato[Stato.CHIUSO],
            "risposte predefinite": RispostaPredefinita.objects.count()}
