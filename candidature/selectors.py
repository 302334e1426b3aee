"""Reads of candidature: a candidate sees only the own applications."""

from django.http import Http404

from .models import AllegatoCandidatura, Candidatura


def candidature_di(user):
    return (Candidatura.objects.filter(candidato=user)
            .select_related("procedura__istituto", "protocollo").order_by("-aggiornata_il"))


def access_candidatura_propria(user, pk) -> Candidatura:
    """The same 404 whether the application is missing or somebody else's."""
    try:
        return candidature_di(user).get(pk=pk)
    except (Candidatura.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_allegato_proprio(user, candidatura_pk, pk) -> AllegatoCandidatura:
    try:
        return AllegatoCandidatura.objects.get(pk=pk, candidatura_id=candidatura_pk,
                                               candidatura__candidato=user)
    except (AllegatoCandidatura.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
