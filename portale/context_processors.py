from .models import Notifica


def notifiche(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifiche_non_lette": Notifica.objects.filter(
            destinatario=user, letta_il__isnull=True
        ).count()
    }
