import logging
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import RUOLI_NAZIONALI, Ruolo

logger = logging.getLogger(__name__)

def messaggio_senza_ruolo(request, ruoli) -> str:
    """To whom the page is reserved, and the way to it that fits the person: the role held in
    another istituto, the Amministrazione centrale for the national roles, else the DS."""
    nomi = [Ruolo(r).label for r in ruoli]
    elenco = nomi[0] if len(nomi) == 1 else ", ".join(nomi[:-1]) + " o " + nomi[-1]
    testo = f"Questa pagina è riservata a chi opera come {elenco}."
    altrove = [m for m in request.memberships if m.ruolo in ruoli and m != request.membership]
    if altrove:
        return f"{testo} Hai questo ruolo in un altro istituto: sceglilo da «Operi come», in alto."
    if set(ruoli) <= set(RUOLI_NAZIONALI):
        quale = "Questo ruolo lo assegna" if len(nomi) == 1 else "Questi ruoli li assegna"
        return f"{testo} {quale} l'Amministrazione centrale."
    if request.membership is not None and request.membership.istituto_id is None:
        # a national role: it has no istituto, nor a DS to ask
        ruolo = request.membership.get_ruolo_display()
        if set(ruoli) & set(RUOLI_NAZIONALI):
            return f"{testo} Con il ruolo di {ruolo} non puoi aprirla."
        return (f"{testo} Con il ruolo di {ruolo} non operi per un istituto: questa pagina è "
                "del personale delle scuole.")
    if request.membership is not None:  # staff of the school with another role: the action
        # belongs to someone else, not to a role to ask for
        return (f"{testo} Con il ruolo di {request.membership.get_ruolo_display()} non puoi "
                "aprirla: se l'operazione serve, chiedi al Dirigente Scolastico del tuo istituto "
                "di eseguirla.")
    return (f"{testo} Se ritieni di averne diritto, chiedi al Dirigente Scolastico del tuo "
            "istituto di assegnarti il ruolo.")


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
                raise PermissionDenied(messaggio_senza_ruolo(request, ruoli))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
