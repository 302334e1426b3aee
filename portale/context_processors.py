from functools import cache

from .models import Notifica


def notifiche(request):
    """How many notices the person has not read, counted only if the page shows the menu
    (a callable: the template calls it; cached, one query however often it is shown)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifiche_non_lette": cache(
        Notifica.objects.filter(destinatario=user, letta_il__isnull=True).count)}
