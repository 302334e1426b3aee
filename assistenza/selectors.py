"""Reads of tickets: a requester sees only the own tickets, the Supporto all, nobody else any."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Membership, Ruolo, User
from portale.models import Evento
from portale.ricerca import per_parole

from .models import DA_LAVORARE, Allegato, Messaggio, RispostaPredefinita, Ticket, Tipologia
from .services import e_supporto
from .statistiche import Mediana, SecondiTra


def _inizio_giorno(giorno):
    return timezone.make_aware(datetime.combine(giorno, time.min))


def _periodo(qs, campo: str, dal=None, al=None):
    if dal:
        qs = qs.filter(**{f"{campo}__gte": _inizio_giorno(dal)})
    if al:
        qs = qs.filter(**{f"{campo}__lt": _inizio_giorno(al + timedelta(days=1))})
    return qs


def access_ticket(user, membership: Membership | None, codice: str) -> Ticket:
    """The one door to a ticket: its requester, or the Supporto; 404 for anyone else."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    qs = Ticket.objects.select_related("richiedente", "assegnato_a", "istituto_richiedente")
    if not e_supporto(membership):
        qs = qs.filter(richiedente=user)
    try:
        return qs.get(codice=str(codice).upper())
    except Ticket.DoesNotExist:
        raise Http404 from None


def access_allegato(user, membership: Membership | None, pk) -> Allegato:
    """An attachment of a ticket one may see; never one of an internal note for requesters."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    qs = Allegato.objects.select_related("messaggio__ticket")
    if not e_supporto(membership):
        qs = qs.filter(messaggio__ticket__richiedente=user, messaggio__interno=False)
    try:
        return qs.get(pk=pk)
    except (Allegato.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def ticket_del_richiedente(user, *, codice: str = "", tipologia: str = "", stato: str = "",
                           dal=None, al=None) -> QuerySet[Ticket]:
    """«Monitoraggio Tickets»: the user's own tickets, filtered."""
    qs = Ticket.objects.filter(richiedente=user).select_related("assegnato_a")
    if codice:
        qs = qs.filter(codice__icontains=codice.strip())
    if tipologia:
        qs = qs.filter(tipologia=tipologia)
    if stato:
        qs = qs.filter(stato=stato)
    return _periodo(qs, "creato_il", dal, al).order_by("-creato_il", "-id")


VISTE_CODA = {
    "non_assegnati": "Non assegnati",
    "miei": "Assegnati a me",
    "tutti": "Tutti",
}


def _coda_filtrata(*, stato: str = "attivi", tipologia: str = "", cerca: str = "", dal=None,
                   al=None) -> QuerySet[Ticket]:
    """The queue's filters but the view: the list and its tabs' figures count the same."""
    qs = Ticket.objects.all()
    if stato == "attivi":
        qs = qs.filter(stato__in=DA_LAVORARE)
    elif stato:
        qs = qs.filter(stato=stato)
    if tipologia:
        qs = qs.filter(tipologia=tipologia)
    if cerca:
        # every word somewhere (a full name in either order), with either apostrophe
        qs = qs.filter(per_parole(cerca, CAMPI_CERCATI, esatti=("richiedente__codice_fiscale",)))
    return _periodo(qs, "creato_il", dal, al)


def coda(user, membership: Membership | None, *, vista: str = "non_assegnati",
         **filtri) -> QuerySet[Ticket]:
    """The Supporto queue, oldest first; `stato="attivi"` (the default) hides concluded ones."""
    if not e_supporto(membership):
        return Ticket.objects.none()
    qs = _coda_filtrata(**filtri).select_related("richiedente", "assegnato_a",
                                                  "istituto_richiedente")
    if vista == "non_assegnati":
        qs = qs.filter(assegnato_a__isnull=True)
    elif vista == "miei":
        qs = qs.filter(assegnato_a=user)
    return qs.order_by("creato_il", "id")


def contatori_coda(user, membership: Membership | None, **filtri) -> dict:
    """How many tickets each view lists with the same filters (by default the active ones)."""
    if not e_supporto(membership):
        return {}
    return _coda_filtrata(**filtri).aggregate(
        non_assegnati=Count("id", filter=Q(assegnato_a__isnull=True)),
        miei=Count("id", filter=Q(assegnato_a=user)),
        tutti=Count("id"),
    )


CAMPI_CERCATI = ("codice", "oggetto", "riferimento_procedura", "richiedente__nome",
                 "richiedente__cognome", "istituto_richiedente__denominazione")


def messaggi_visibili(ticket: Ticket, membership: Membership | None) -> list[Messaggio]:
    qs = ticket.messaggi.select_related("autore").prefetch_related(
        Prefetch("allegati", queryset=Allegato.objects.order_by("id")))
    if not e_supporto(membership):
        qs = qs.filter(interno=False)
    return list(qs.order_by("creato_il", "id"))


def operatori_supporto() -> QuerySet[User]:
    return (User.objects.filter(memberships__in=Membership.objects.valide()
                                .filter(ruolo=Ruolo.SUPPORTO))
            .distinct().order_by("cognome", "nome"))


def risposte_predefinite(ticket: Ticket | None = None) -> QuerySet[RispostaPredefinita]:
    qs = RispostaPredefinita.objects.filter(attiva=True)
    if ticket is not None:
        qs = qs.filter(Q(tipologia="") | Q(tipologia=ticket.tipologia))
    return qs.order_by("ordine", "titolo")


def cronologia_ticket(ticket: Ticket) -> QuerySet[Evento]:
    """Events of one ticket, for the Supporto (the caller has passed access_ticket)."""
    return Evento.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket), object_id=str(ticket.pk)
    ).select_related("autore").order_by("-quando", "-id")


def report_tempi(*, dal=None, al=None) -> dict:
    """First-response and resolution times (mean and median, in seconds) per tipologia, for
    tickets opened in the period: two aggregate queries whatever the number of tickets."""
    qs = _periodo(Ticket.objects.all(), "creato_il", dal, al)
    risposta = SecondiTra("prima_risposta_il", "creato_il")
    risoluzione = SecondiTra("risolto_il", "creato_il")
    misure = {
        "aperti": Count("id"),
        "attivi": Count("id", filter=Q(stato__in=DA_LAVORARE)),
        "con_risposta": Count("prima_risposta_il"),
        "risposta_media": Avg(risposta),
        "risposta_mediana": Mediana(risposta),
        "risolti": Count("risolto_il"),
        "risoluzione_media": Avg(risoluzione),
        "risoluzione_mediana": Mediana(risoluzione),
    }
    etichette = dict(Tipologia.choices)
    righe = [
        {**riga, "tipologia": etichette.get(riga["tipologia"], riga["tipologia"])}
        for riga in qs.values("tipologia").annotate(**misure).order_by("tipologia")
    ]
    totale = qs.aggregate(**misure)
    return {"righe": righe, "totale": totale}
