import logging
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

logger = logging.getLogger(__name__)

MESSAGGIO_SENZA_RUOLO = (
    "Questa pagina è riservata al personale con un ruolo adeguato. Se ritieni di averne "
    "diritto, chiedi al Dirigente Scolastico del tuo istituto di assegnarti il ruolo, oppure "
    "scegli l'istituto giusto dal menu in alto."
)


def ruolo_richiesto(*ruoli):
    """Let the view run only for a logged-in user whose active membership has one of `ruoli`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.membership
            if membership is None or membership.ruolo not in ruoli:
                logger.warning(
                    "Accesso negato a %s per l'utente %s (ruolo attivo: %s)",
                    request.path,
                    request.user.pk,
                    membership.ruolo if membership else "nessuno",
                )
                raise PermissionDenied(MESSAGGIO_SENZA_RUOLO)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
