"""Reads of the portale kernel, scoped to what the active membership may see."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from accounts.models import Istituto, Membership, Ruolo, User
from accounts.selectors import filtra_per_istituto, istituti_visibili

from .models import Evento, Notifica
from .ricerca import per_parole


def access_membership(membership_attiva: Membership | None, pk) -> Membership:
    """The one door to a role row: the same 404 whether missing or outside the scope."""
    qs = Membership.objects.select_related("user", "istituto")
    if membership_attiva is None:
        raise Http404
    if membership_attiva.ruolo == Ruolo.DS:
        qs = qs.filter(istituto_id=membership_attiva.istituto_id)
    elif membership_attiva.ruolo != Ruolo.AMMINISTRAZIONE:
        raise Http404
    try:
        return qs.get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_istituto(membership_attiva: Membership | None, codice_meccanografico: str) -> Istituto:
    try:
        return istituti_visibili(membership_attiva).get(codice_meccanografico=codice_meccanografico)
    except Istituto.DoesNotExist:
        raise Http404 from None


def elenco_istituti(*, cerca: str = "", regione: str = "", senza_ds: bool = False):
    """The istituti with the name of the DS in service today («Cognome Nome», None while the
    post is vacant): one query whatever their number."""
    in_servizio = Membership.objects.valide(timezone.localdate()).filter(
        istituto=OuterRef("pk"), ruolo=Ruolo.DS).order_by("valido_dal")
    qs = Istituto.objects.annotate(dirigente=Subquery(in_servizio.annotate(
        nominativo=Concat("user__cognome", Value(" "), "user__nome")).values("nominativo")[:1])
    ).order_by("denominazione")
    if cerca:
        qs = qs.filter(per_parole(cerca, ("denominazione", "codice_meccanografico", "comune")))
    if regione:
        qs = qs.filter(regione=regione)
    if senza_ds:
        qs = qs.filter(dirigente__isnull=True)
    return qs


def elenco_ruoli(membership_attiva: Membership, *, solo_validi: bool = True, cerca: str = ""):
    """The roles the active one manages: by default those valid today or beginning later (a
    role just assigned from January is in the list), all of them with `solo_validi=False`."""
    qs = Membership.objects.select_related("user", "istituto")
    if membership_attiva.ruolo == Ruolo.DS:
        qs = qs.filter(istituto_id=membership_attiva.istituto_id)
    elif membership_attiva.ruolo == Ruolo.AMMINISTRAZIONE:
        qs = qs.filter(ruolo__in=[Ruolo.DS, Ruolo.AMMINISTRAZIONE, Ruolo.SUPPORTO])
    else:
        return qs.none()
    if solo_validi:
        qs = qs.non_concluse()
    if cerca:
        qs = qs.filter(per_parole(cerca, ("user__cognome", "user__nome", "user__codice_fiscale")))
    return qs.order_by("istituto__denominazione", "ruolo", "user__cognome")


def cronologia(oggetto, membership_attiva: Membership | None):
    """Events of one object, only for staff who can see its istituto."""
    qs = Evento.objects.filter(
        content_type=ContentType.objects.get_for_model(oggetto), object_id=str(oggetto.pk)
    ).select_related("autore")
    return filtra_per_istituto(qs, membership_attiva)


def notifiche_di(user, *, solo_non_lette: bool = False):
    # the istituto's name is shown beside a notice of another istituto than the active one
    qs = Notifica.objects.filter(destinatario=user).select_related("istituto")
    if solo_non_lette:
        qs = qs.filter(letta_il__isnull=True)
    return qs


def access_notifica(user, pk) -> Notifica:
    try:
        return Notifica.objects.get(pk=pk, destinatario=user)
    except (Notifica.DoesNotExist, ValueError):
        raise Http404 from None


def contatori_cruscotto(user, membership: Membership | None) -> list[tuple[str, int]]:
    """Real aggregate counts for the dashboard of the active role: one query per group."""
    oggi = timezone.localdate()
    non_lette = Notifica.objects.filter(destinatario=user, letta_il__isnull=True).count()
    if membership is None:
        return [("Notifiche da leggere", non_lette)]
    if membership.ruolo == Ruolo.AMMINISTRAZIONE:
        istituti = Istituto.objects.aggregate(
            tutti=Count("id"), attivi=Count("id", filter=Q(attivo=True))
        )
        # people, not assignments: a reggente is DS of two istituti and one person
        ruoli = Membership.objects.valide(oggi).aggregate(
            ds=Count("user", filter=Q(ruolo=Ruolo.DS), distinct=True))
        senza_ds = Istituto.objects.exclude(
            memberships__in=Membership.objects.valide(oggi).filter(ruolo=Ruolo.DS)
        ).count()
        return [
            ("Istituti registrati", istituti["tutti"]),
            ("Istituti attivi", istituti["attivi"]),
            ("Dirigenti Scolastici in servizio", ruoli["ds"]),
            ("Istituti senza DS", senza_ds),
            ("Utenti del portale", User.objects.count()),
            ("Notifiche da leggere", non_lette),
        ]
    if membership.ruolo == Ruolo.SUPPORTO:
        return [
            ("Utenti del portale", User.objects.count()),
            ("Istituti registrati", Istituto.objects.count()),
            ("Notifiche da leggere", non_lette),
        ]
    personale = Membership.objects.valide(oggi).filter(istituto_id=membership.istituto_id).aggregate(
        **{r.value: Count("id", filter=Q(ruolo=r)) for r in
           (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA, Ruolo.REFERENTE)}
    )
    eventi_7gg = operazioni_visibili(membership).filter(
        quando__gte=timezone.now() - timedelta(days=7)).count()
    return [
        ("DSGA", personale[Ruolo.DSGA]),
        ("Personale di segreteria", personale[Ruolo.SEGRETERIA]),
        ("Referenti di progetto", personale[Ruolo.REFERENTE]),
        ("Operazioni negli ultimi 7 giorni", eventi_7gg),
        ("Notifiche da leggere", non_lette),
    ]


# Actions a person does for themself (logging in, a candidate's draft, application or
# profile, a help-desk ticket), as prefixes of their names, registered by the apps that write
# them (registra_azioni_personali in their AppConfig.ready): they never reach the «Ultime
# operazioni» of the staff, who see the applications only in Gestione istanze, after the
# deadline, and the tickets not at all.
_AZIONI_PERSONALI: set[str] = {"accesso", "uscita"}
# The roles who read every operation of the istituto; the others (a referente) only theirs.
_VEDONO_L_ISTITUTO = (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA, Ruolo.AMMINISTRAZIONE)


# A role of no istituto that works on a service of the portal (the help desk on tickets):
# the prefixes of the actions that are its work, registered by the app of that service
# (registra_operazioni_del_ruolo in its AppConfig.ready). It reads its own, and only those.
_OPERAZIONI_DEL_RUOLO: dict[str, set[str]] = {}


def registra_azioni_personali(*prefissi: str) -> None:
    _AZIONI_PERSONALI.update(prefissi)


def registra_operazioni_del_ruolo(ruolo: str, *prefissi: str) -> None:
    _OPERAZIONI_DEL_RUOLO.setdefault(ruolo, set()).update(prefissi)


def operazioni_visibili(membership: Membership | None):
    """What people of the istituto did, as the active role may read it. The portal's own
    entries (a PDF composed, a deadline passed) stay in each object's history."""
    if membership is not None and membership.ruolo in _OPERAZIONI_DEL_RUOLO:
        sue = Q()
        for prefisso in sorted(_OPERAZIONI_DEL_RUOLO[membership.ruolo]):
            sue |= Q(azione__startswith=prefisso)
        return Evento.objects.filter(sue, autore_id=membership.user_id)
    personali = Q()
    for prefisso in sorted(_AZIONI_PERSONALI):
        personali |= Q(azione__startswith=prefisso)
    qs = filtra_per_istituto(Evento.objects.filter(autore__isnull=False), membership).exclude(
        personali)
    if membership is not None and membership.ruolo not in _VEDONO_L_ISTITUTO:
        qs = qs.filter(autore_id=membership.user_id)
    return qs


def ultimi_eventi_istituto(membership: Membership | None, limite: int = 10):
    """«Ultime operazioni» of the dashboard."""
    return list(operazioni_visibili(membership).select_related("autore")
                .order_by("-quando")[:limite])
