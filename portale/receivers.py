"""Logins and logouts go into the registro eventi."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from .services.eventi import registra_evento


@receiver(user_logged_in)
def accesso(sender, request, user, **kwargs):
    registra_evento(autore=user, azione="accesso", oggetto=user,
                    descrizione="Accesso al portale")


@receiver(user_logged_out)
def uscita(sender, request, user, **kwargs):
    if user is not None:
        registra_evento(autore=user, azione="uscita", oggetto=user, descrizione="Uscita dal portale")
