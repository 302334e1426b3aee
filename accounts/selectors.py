"""Reads about identities and roles. Staff scoping starts here."""

from django.db.models import QuerySet

from .models import Istituto, Membership, Ruolo, User


def memberships_valide(user: User) -> list[Membership]:
    if not user.is_authenticated:
        return []
    # through the user's own manager: each membership knows its user (the role's name agrees
    # with the person, Membership.ruolo_della_persona) without another query
    return list(user.memberships.valide().select_related("istituto").order_by("id"))


def filtra_per_istituto(qs: QuerySet, membership: Membership | None, campo: str = "istituto"):
    """Restrict a queryset of istituto-owned rows to what the active membership may see.

    Amministrazione centrale sees every istituto; every other role only its own; no role, nothing.
    """
    if membership is None:
        return qs.none()
    if membership.ruolo == Ruolo.AMMINISTRAZIONE:
        return qs
    if membership.istituto_id is None:
        return qs.none()
    return qs.filter(**{campo: membership.istituto_id})


def istituti_visibili(membership: Membership | None) -> QuerySet[Istituto]:
    return filtra_per_istituto(Istituto.objects.all(), membership, campo="pk")


def dirigente_in_servizio(istituto_id) -> User | None:
    """The Dirigente Scolastico of an istituto today (one at a time; a reggente too), who signs
    its acts; None while the post is vacant."""
    membership = (Membership.objects.valide().select_related("user")
                  .filter(istituto_id=istituto_id, ruolo=Ruolo.DS).order_by("id").first())
    return membership.user if membership else None
