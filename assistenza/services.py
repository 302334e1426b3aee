"""Every action on a ticket: one transactional function each, with its event and notices.

The requester hears by e-mail (from settings.ASSISTENZA_FROM_EMAIL) of the opening, every
reply and the conclusion; minor moves (taken in charge) reach only the in-app inbox.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Ruolo, User
from portale import documenti
from portale.services.eventi import registra_evento
from portale.services.notifiche import notifica

from .models import (
    STATI_ATTIVI,
    STATI_CONCLUSI,
    TIPOLOGIE_DEL_PERSONALE,
    TRANSIZIONI,
    Allegato,
    ContatoreTicket,
    Messaggio,
    Stato,
    Ticket,
    Tipologia,
)

TIPI_ALLEGATI = ("pdf", "png", "jpeg")
MASSIMO_ALLEGATI = 5


class TransizioneNonConsentita(ValidationError):
    """A move the table TRANSIZIONI does not allow (or a closed ticket asked to change)."""


class TicketGiaAperto(Exception):
    """The same request sent again (the form shown again by «Indietro»): its ticket."""

    def __init__(self, ticket):
        super().__init__(ticket.codice)
        self.ticket = ticket


# a request identical to one of the same person sent within this time is the same request
FINESTRA_DUPLICATI = timedelta(hours=1)


def e_supporto(membership: Membership | None) -> bool:
    return membership is not None and membership.ruolo == Ruolo.SUPPORTO


def tipologie_ammesse(membership: Membership | None) -> list[tuple[str, str]]:
    """The types «Apri ticket» offers: the staff's own work only to who holds a role."""
    return [(valore, etichetta) for valore, etichetta in Tipologia.choices
            if membership is not None or valore not in TIPOLOGIE_DEL_PERSONALE]


def _solo_supporto(membership: Membership | None) -> None:
    if not e_supporto(membership):
        raise PermissionDenied("Solo il Supporto gestisce la coda dei ticket.")


def _blocca(ticket: Ticket) -> Ticket:
    return (Ticket.objects.select_for_update(no_key=True, of=("self",))
            .select_related("richiedente", "assegnato_a").get(pk=ticket.pk))


def _url(ticket: Ticket) -> str:
    return reverse("assistenza:ticket", kwargs={"codice": ticket.codice})


def _avvisa_richiedente(ticket: Ticket, *, oggetto: str, testo: str, email: bool = True):
    notifica(destinatario=ticket.richiedente, oggetto=f"{ticket.codice} – {oggetto}",
             testo=testo, url=_url(ticket), email=email, mittente=settings.ASSISTENZA_FROM_EMAIL)


def _avvisa_operatore(ticket: Ticket, *, autore, oggetto: str, testo: str):
    """Its operator, by e-mail too; a ticket nobody has taken: every Supporto operator in
    office, in the portal only (a team-wide e-mail for each ticket would be noise)."""
    if ticket.assegnato_a_id:
        if ticket.assegnato_a_id != getattr(autore, "pk", None):
            notifica(destinatario=ticket.assegnato_a, oggetto=f"{ticket.codice} – {oggetto}",
                     testo=testo, url=_url(ticket))
        return
    for operatore in _operatori_in_servizio().exclude(pk=getattr(autore, "pk", None)):
        notifica(destinatario=operatore, oggetto=f"{ticket.codice} – {oggetto}", testo=testo,
                 url=_url(ticket), email=False)


def _operatori_in_servizio():
    return User.objects.filter(
        pk__in=Membership.objects.valide().filter(ruolo=Ruolo.SUPPORTO).values("user_id"),
        is_active=True).order_by("pk")


def prossimo_numero(anno: int) -> int:
    """The next ticket number of `anno`: the counter row is locked, so it is gapless and
    unique under concurrent transactions (a rollback gives the number back)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("prossimo_numero() va chiamata dentro la transazione del ticket")
    ContatoreTicket.objects.bulk_create([ContatoreTicket(anno=anno)], ignore_conflicts=True)
    contatore = ContatoreTicket.objects.select_for_update().get(anno=anno)
    contatore.ultimo_numero += 1
    contatore.save(update_fields=["ultimo_numero"])
    return contatore.ultimo_numero


def _cambia_stato(ticket: Ticket, nuovo: str, quando) -> str:
    """The one mutator of `stato`: checks TRANSIZIONI and keeps the dates coherent."""
    precedente = ticket.stato
    if nuovo == precedente:
        return precedente
    if nuovo not in TRANSIZIONI[precedente]:
        raise TransizioneNonConsentita(
            f"Un ticket «{Stato(precedente).label}» non può passare a «{Stato(nuovo).label}».")
    ticket.stato = nuovo
    if nuovo in STATI_CONCLUSI:
        ticket.concluso_il = quando
    else:
        ticket.concluso_il = None
    if nuovo == Stato.RISOLTO:
        ticket.risolto_il = quando
    elif precedente in STATI_CONCLUSI and nuovo in STATI_ATTIVI:
        ticket.risolto_il = None
        ticket.riaperture += 1
    return precedente


def _richiede_attivo(ticket: Ticket) -> None:
    if ticket.stato not in STATI_ATTIVI:
        raise TransizioneNonConsentita(
            f"Il ticket è «{ticket.get_stato_display()}»: va riaperto prima di proseguire.")


def _verifica_allegati(allegati: Iterable) -> list[documenti.FileVerificato]:
    allegati = [a for a in allegati or () if a]
    if len(allegati) > MASSIMO_ALLEGATI:
        raise ValidationError({"allegati": f"Puoi allegare al massimo {MASSIMO_ALLEGATI} file."})
    errori, verificati = [], []
    for allegato in allegati:
        try:
            verificati.append(documenti.verifica_file(allegato, tipi=TIPI_ALLEGATI))
        except ValidationError as errore:
            errori.extend(errore.messages)
    if errori:
        raise ValidationError({"allegati": errori})
    return verificati


def _scrivi_messaggio(*, ticket, autore, testo, quando, dal_supporto=False, interno=False,
                      allegati=()) -> Messaggio:
    testo = (testo or "").strip()
    if not testo:
        raise ValidationError({"testo": "Scrivi il testo del messaggio."})
    verificati = _verifica_allegati(allegati)
    messaggio = Messaggio(ticket=ticket, autore=autore, testo=testo, dal_supporto=dal_supporto,
                          interno=interno, creato_il=quando)
    messaggio.full_clean()
    messaggio.save()
    archiviati = []
    try:
        for verificato in verificati:
            percorso = documenti.archivia(verificato, cartella=f"assistenza/{ticket.anno}")
            archiviati.append(percorso)
            Allegato.objects.create(
                messaggio=messaggio, file=percorso, nome_file=verificato.nome,
                tipo_mime=verificato.mime, dimensione=verificato.dimensione,
                sha256=verificato.sha256)
    except Exception:
        for percorso in archiviati:
            documenti.elimina_archiviato(percorso)
        raise
    return messaggio


def _salva(ticket: Ticket, quando) -> None:
    ticket.aggiornato_il = quando
    ticket.full_clean()
    ticket.save()


@transaction.atomic
def apri_ticket(*, autore, membership: Membership | None, tipologia: str, oggetto: str,
                descrizione: str, riferimento_procedura: str = "", allegati: Iterable = (),
                quando=None) -> Ticket:
    """«Apri ticket»: any logged-in user; id TCK-<anno>-<6 cifre>, confirmation e-mail."""
    if not getattr(autore, "is_authenticated", False):
        raise PermissionDenied("Accedi per aprire un ticket.")
    quando = quando or timezone.now()
    if not tipologia:
        raise ValidationError({"tipologia": "Scegli una tipologia."})
    if tipologia not in dict(tipologie_ammesse(membership)):
        raise ValidationError({"tipologia": "Scegli una tipologia tra quelle proposte."})
    if not (oggetto or "").strip():
        raise ValidationError({"oggetto": "Indica l'oggetto della richiesta."})
    uguale = (Ticket.objects.filter(
        richiedente=autore, tipologia=tipologia, oggetto=oggetto.strip(),
        stato__in=STATI_ATTIVI, creato_il__gte=quando - FINESTRA_DUPLICATI,
        messaggi__autore=autore, messaggi__testo=descrizione).order_by("-creato_il").first())
    if uguale is not None:
        raise TicketGiaAperto(uguale)
    anno = timezone.localtime(quando).year
    numero = prossimo_numero(anno)
    ticket = Ticket(
        codice=Ticket.formatta_codice(anno, numero), anno=anno, numero=numero,
        richiedente=autore, tipologia=tipologia, oggetto=oggetto.strip(),
        riferimento_procedura=(riferimento_procedura or "").strip(),
        istituto_richiedente=membership.istituto if membership and membership.istituto_id else None,
        ruolo_richiedente=membership.ruolo_della_persona if membership else "",
        stato=Stato.APERTO, creato_il=quando,
    )
    _salva(ticket, quando)
    messaggio = _scrivi_messaggio(ticket=ticket, autore=autore, testo=descrizione, quando=quando,
                                  allegati=allegati)
    registra_evento(
        autore=autore, azione="ticket.aperto", oggetto=ticket,
        descrizione=f"Aperto il ticket {ticket.codice} ({ticket.get_tipologia_display()})",
        dettagli={"allegati": [a.sha256 for a in messaggio.allegati.all()]},
    )
    _avvisa_operatore(ticket, autore=autore, oggetto=f"nuovo ticket: {ticket.oggetto}",
                      testo=(f"{autore} ha aperto il ticket «{ticket.oggetto}» (tipologia: "
                             f"{ticket.get_tipologia_display()}). È nella coda da prendere in "
                             "carico."))
    _avvisa_richiedente(
        ticket, oggetto=f"richiesta di assistenza ricevuta: {ticket.oggetto}",
        testo=(f"Abbiamo ricevuto la tua richiesta di assistenza «{ticket.oggetto}» "
               f"(tipologia: {ticket.get_tipologia_display()}). Il suo identificativo è "
               f"{ticket.codice}. Riceverai le risposte per e-mail e le troverai in "
               "Assistenza › Monitoraggio Tickets."),
    )
    return ticket


@transaction.atomic
def prendi_in_carico(*, autore, membership: Membership | None, ticket: Ticket, quando=None
                     ) -> Ticket:
    _solo_supporto(membership)
    ticket = _blocca(ticket)
    _richiede_attivo(ticket)
    quando = quando or timezone.now()
    precedente = ticket.assegnato_a
    ticket.assegnato_a = autore
    in_lavorazione_ora = ticket.stato == Stato.APERTO
    if in_lavorazione_ora:
        _cambia_stato(ticket, Stato.IN_LAVORAZIONE, quando)
    _salva(ticket, quando)
    registra_evento(autore=autore, azione="ticket.preso_in_carico", oggetto=ticket,
                    descrizione="Preso in carico",  # by whom: the history names the author
                    dettagli={"prima": str(precedente) if precedente else ""})
    if in_lavorazione_ora:  # a ticket waiting for the requester keeps waiting: nothing to say
        _avvisa_richiedente(ticket, oggetto="richiesta in lavorazione", email=False,
                            testo="Un operatore dell'assistenza ha preso in carico la tua "
                                  "richiesta.")
    return ticket


@transaction.atomic
def assegna(*, autore, membership: Membership | None, ticket: Ticket, operatore, quando=None
            ) -> Ticket:
    _solo_supporto(membership)
    if not Membership.objects.valide().filter(user=operatore, ruolo=Ruolo.SUPPORTO).exists():
        raise ValidationError({"operatore": f"{operatore} non è un operatore del Supporto."})
    ticket = _blocca(ticket)
    _richiede_attivo(ticket)
    quando = quando or timezone.now()
    ticket.assegnato_a = operatore
    if ticket.stato == Stato.APERTO:
        _cambia_stato(ticket, Stato.IN_LAVORAZIONE, quando)
    _salva(ticket, quando)
    registra_evento(autore=autore, azione="ticket.assegnato", oggetto=ticket,
                    descrizione=f"Assegnato a {operatore}")
    _avvisa_operatore(ticket, autore=autore, oggetto="ticket assegnato a te",
                      testo=f"{autore} ti ha assegnato il ticket «{ticket.oggetto}».")
    return ticket


STATI_DOPO_RISPOSTA = (Stato.IN_ATTESA, Stato.IN_LAVORAZIONE, Stato.RISOLTO)


@transaction.atomic
def rispondi(*, autore, membership: Membership | None, ticket: Ticket, testo: str,
             allegati: Iterable = (), stato: str = Stato.IN_ATTESA, quando=None) -> Messaggio:
    """A reply of the Supporto, e-mailed to the requester; sets the state after it."""
    _solo_supporto(membership)
    if stato not in STATI_DOPO_RISPOSTA:
        raise ValidationError({"stato": "Stato non valido dopo una risposta."})
    ticket = _blocca(ticket)
    _richiede_attivo(ticket)
    quando = quando or timezone.now()
    messaggio = _scrivi_messaggio(ticket=ticket, autore=autore, testo=testo, quando=quando,
                                  dal_supporto=True, allegati=allegati)
    if ticket.prima_risposta_il is None:
        ticket.prima_risposta_il = quando
    if ticket.assegnato_a_id is None:
        ticket.assegnato_a = autore
    _cambia_stato(ticket, stato, quando)
    _salva(ticket, quando)
    registra_evento(autore=autore, azione="ticket.risposta", oggetto=ticket,
                    descrizione=f"Risposta al richiedente; stato: {ticket.get_stato_display()}")
    seguito = {
        Stato.IN_ATTESA: "Ti chiediamo un riscontro: rispondi dalla pagina del ticket.",
        Stato.RISOLTO: ("Consideriamo la richiesta risolta. Se il problema persiste puoi riaprire "
                        f"il ticket entro {settings.ASSISTENZA_GIORNI_RIAPERTURA} giorni."),
        Stato.IN_LAVORAZIONE: "Stiamo continuando a lavorare sulla tua richiesta.",
    }[stato]
    _avvisa_richiedente(ticket, oggetto=f"risposta dell'assistenza: {ticket.oggetto}",
                        testo=f"{messaggio.testo}\n\n{seguito}")
    return messaggio


@transaction.atomic
def invia_riscontro(*, autore, ticket: Ticket, testo: str, allegati: Iterable = (),
                    quando=None) -> Messaggio:
    """The requester adds to the thread; a ticket waiting for them goes back to the Supporto."""
    ticket = _blocca(ticket)
    if ticket.richiedente_id != autore.pk:
        raise PermissionDenied("Solo chi ha aperto il ticket può inviare un riscontro.")
    _richiede_attivo(ticket)
    quando = quando or timezone.now()
    messaggio = _scrivi_messaggio(ticket=ticket, autore=autore, testo=testo, quando=quando,
                                  allegati=allegati)
    if ticket.stato == Stato.IN_ATTESA:
        _cambia_stato(ticket, Stato.IN_LAVORAZIONE if ticket.assegnato_a_id else Stato.APERTO,
                      quando)
    _salva(ticket, quando)
    registra_evento(autore=autore, azione="ticket.riscontro", oggetto=ticket,
                    descrizione="Riscontro del richiedente")
    _avvisa_operatore(ticket, autore=autore, oggetto="nuovo riscontro del richiedente",
                      testo=f"{autore} ha risposto sul ticket «{ticket.oggetto}».")
    return messaggio


@transaction.atomic
def aggiungi_nota_interna(*, autore, membership: Membership | None, ticket: Ticket,
                          testo: str, quando=None) -> Messaggio:
    """A note among the Supporto staff: the requester never sees it nor hears of it."""
    _solo_supporto(membership)
    ticket = _blocca(ticket)
    quando = quando or timezone.now()
    messaggio = _scrivi_messaggio(ticket=ticket, autore=autore, testo=testo, quando=quando,
                                  dal_supporto=True, interno=True)
    _salva(ticket, quando)
    registra_evento(autore=autore, azione="ticket.nota_interna", oggetto=ticket,
                    descrizione="Aggiunta una nota interna")
    return messaggio


AVVISI_DI_STATO = {
    Stato.APERTO: ("ticket di nuovo in coda", False),
    Stato.IN_LAVORAZIONE: ("richiesta in lavorazione", False),
    Stato.IN_ATTESA: ("attendiamo un tuo riscontro", True),
    Stato.RISOLTO: ("richiesta risolta", True),
    Stato.CHIUSO: ("ticket chiuso", True),
}


@transaction.atomic
def cambia_stato(*, autore, membership: Membership | None, ticket: Ticket, stato: str,
                 motivazione: str = "", quando=None) -> Ticket:
    """The Supporto moves a ticket along TRANSIZIONI (reopening included, with no time limit)."""
    _solo_supporto(membership)
    if stato not in Stato.values:
        raise ValidationError({"stato": "Stato non valido."})
    ticket = _blocca(ticket)
    quando = quando or timezone.now()
    precedente = _cambia_stato(ticket, stato, quando)
    if precedente == stato:
        return ticket
    if motivazione.strip() and ticket.prima_risposta_il is None:  # a message is an answer
        ticket.prima_risposta_il = quando
    _salva(ticket, quando)
    if motivazione.strip():  # said to the requester: it stays in the thread, not only in the e-mail
        _scrivi_messaggio(ticket=ticket, autore=autore, testo=motivazione, quando=quando,
                          dal_supporto=True)
    registra_evento(
        autore=autore, azione="ticket.stato", oggetto=ticket,
        descrizione=f"Stato: {Stato(precedente).label} → {ticket.get_stato_display()}",
        dettagli={"da": precedente, "a": stato, "motivazione": motivazione.strip()},
    )
    oggetto, email = AVVISI_DI_STATO[stato]
    testo = f"Lo stato della tua richiesta «{ticket.oggetto}» è ora: {ticket.get_stato_display()}."
    if motivazione.strip():
        testo += f"\n\n{motivazione.strip()}"
    if stato in STATI_CONCLUSI:
        testo += (f"\n\nSe il problema non è risolto puoi riaprire il ticket entro "
                  f"{settings.ASSISTENZA_GIORNI_RIAPERTURA} giorni.")
    _avvisa_richiedente(ticket, oggetto=oggetto, testo=testo, email=email)
    return ticket


def risolvi(*, autore, membership, ticket, motivazione: str = "", quando=None) -> Ticket:
    return cambia_stato(autore=autore, membership=membership, ticket=ticket,
                        stato=Stato.RISOLTO, motivazione=motivazione, quando=quando)


@transaction.atomic
def chiudi(*, autore, membership: Membership | None, ticket: Ticket, motivazione: str = "",
           quando=None) -> Ticket:
    """Close: the Supporto, or the requester when the problem is gone."""
    if e_supporto(membership):
        return cambia_stato(autore=autore, membership=membership, ticket=ticket,
                            stato=Stato.CHIUSO, motivazione=motivazione, quando=quando)
    ticket = _blocca(ticket)
    if ticket.richiedente_id != autore.pk:
        raise PermissionDenied("Solo chi ha aperto il ticket o il Supporto può chiuderlo.")
    quando = quando or timezone.now()
    precedente = _cambia_stato(ticket, Stato.CHIUSO, quando)
    _salva(ticket, quando)
    registra_evento(autore=autore, azione="ticket.stato", oggetto=ticket,
                    descrizione=f"Chiuso dal richiedente (era {Stato(precedente).label})",
                    dettagli={"da": precedente, "a": Stato.CHIUSO})
    _avvisa_operatore(ticket, autore=autore, oggetto="chiuso dal richiedente",
                      testo=f"{autore} ha chiuso il ticket «{ticket.oggetto}».")
    return ticket


def scadenza_riapertura(ticket: Ticket):
    if ticket.concluso_il is None:
        return None
    return ticket.concluso_il + timedelta(days=settings.ASSISTENZA_GIORNI_RIAPERTURA)


def riapribile_dal_richiedente(ticket: Ticket, adesso=None) -> bool:
    scadenza = scadenza_riapertura(ticket)
    return scadenza is not None and (adesso or timezone.now()) <= scadenza


@transaction.atomic
def riapri(*, autore, membership: Membership | None, ticket: Ticket, motivazione: str,
           quando=None) -> Ticket:
    """The requester reopens a resolved or closed ticket within ASSISTENZA_GIORNI_RIAPERTURA
    days, saying why; it goes back to its operator, or to the queue if it had none."""
    ticket = _blocca(ticket)
    if ticket.richiedente_id != autore.pk:
        raise PermissionDenied("Solo chi ha aperto il ticket può riaprirlo.")
    quando = quando or timezone.now()
    if ticket.stato not in STATI_CONCLUSI:
        raise TransizioneNonConsentita("Il ticket è ancora aperto.")
    if not riapribile_dal_richiedente(ticket, quando):
        raise TransizioneNonConsentita(
            f"Il ticket si può riaprire solo entro {settings.ASSISTENZA_GIORNI_RIAPERTURA} giorni "
            "da quando è stato risolto o chiuso: apri un nuovo ticket citando "
            f"{ticket.codice}.")
    precedente = _cambia_stato(
        ticket, Stato.IN_LAVORAZIONE if ticket.assegnato_a_id else Stato.APERTO, quando)
    _scrivi_messaggio(ticket=ticket, autore=autore, testo=motivazione, quando=quando)
    _salva(ticket, quando)
    registra_evento(autore=autore, azione="ticket.riaperto", oggetto=ticket,
                    descrizione=f"Riaperto dal richiedente (era {Stato(precedente).label})")
    _avvisa_operatore(ticket, autore=autore, oggetto="ticket riaperto",
                      testo=f"{autore} ha riaperto il ticket «{ticket.oggetto}».")
    return ticket
