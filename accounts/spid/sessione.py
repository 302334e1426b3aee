"""Idle and absolute session timeouts, and the record of when the session began.

At login (any login: SPID/CIE or an administrator's password) the session gets its start time;
each request of an authenticated user refreshes the last-activity time (at most once a
minute, to spare writes). A session idle for longer than SESSIONE_INATTIVITA_MASSIMA, or older
than SESSIONE_DURATA_MASSIMA, is ended: the person is logged out with an Italian message
and the request goes on as anonymous (protected pages send to the login page).
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

logger = logging.getLogger(__name__)
INIZIO = "_sessione_inizio"
ATTIVITA = "_sessione_attivita"
GRANULARITA = 60  # seconds between two writes of the last-activity time


@receiver(user_logged_in, dispatch_uid="spid_inizio_sessione")
def registra_inizio(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        adesso = time.time()
        request.session[INIZIO] = adesso
        request.session[ATTIVITA] = adesso


class ScadenzaSessioneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._controlla(request)
        return self.get_response(request)

    def _controlla(self, request):
        adesso = time.time()
        sessione = request.session
        inizio = sessione.get(INIZIO)
        attivita = sessione.get(ATTIVITA)
        if inizio is None or attivita is None:
            # A session opened before this rule existed: it starts counting now.
            sessione[INIZIO] = inizio or adesso
            sessione[ATTIVITA] = adesso
            return
        if adesso - inizio > settings.SESSIONE_DURATA_MASSIMA:
            motivo = ("La sessione è scaduta perché è aperta da troppo tempo. "
                      "Accedi di nuovo per continuare.")
        elif adesso - attivita > settings.SESSIONE_INATTIVITA_MASSIMA:
            motivo = "La sessione è scaduta per inattività. Accedi di nuovo per continuare."
        else:
            if adesso - attivita >= GRANULARITA:
                sessione[ATTIVITA] = adesso
            return
        logger.info("Sessione scaduta per l'utente %s (%s)", request.user.pk,
                    "durata" if adesso - inizio > settings.SESSIONE_DURATA_MASSIMA else "inattività")
        logout(request)
        messages.warning(request, motivo)


def rinnova(request) -> None:
    """«Resta collegato»: the idle time starts again now (WCAG 2.2.1: before the session ends
    for inactivity the page warns and one action extends it; assets/sessione.js)."""
    request.session[ATTIVITA] = time.time()
