"""Pages that need a given SPID/CIE authentication level."""

import logging
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

logger = logging.getLogger(__name__)


def livello_sessione(request) -> int:
    """The SPID level obtained at login in this session (0: not a SPID/CIE login)."""
    return int((request.session.get("spid") or {}).get("livello") or 0)


def richiede_livello_spid(livello: int):
    """Let the view run only for a session authenticated with SpidL<livello> or more;
    otherwise an Italian page explains it and offers to log in again at that level."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            ottenuto = livello_sessione(request)
            if ottenuto < livello:
                logger.warning("Livello SPID insufficiente per %s: utente=%s livello=%s richiesto=%s",
                               request.path, request.user.pk, ottenuto, livello)
                tipo = (request.session.get("spid") or {}).get("tipo", "spid")
                accedi = reverse("spid_login") + "?" + urlencode(
                    {"tipo": tipo, "livello": livello, "next": request.get_full_path()})
                return render(request, "spid/livello_insufficiente.html", {
                    "richiesto": livello, "ottenuto": ottenuto, "accedi": accedi,
                }, status=403)
            return view(request, *args, **kwargs)

        wrapped.livello_spid_richiesto = livello
        return wrapped

    return decorator
