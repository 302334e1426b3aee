"""Rate limits on the actions an attacker would repeat: logging in and sending applications.

A fixed window counted in the cache (Redis when CACHE_URL points to it, so all the workers
share it): at most `quante` requests per `secondi` for one key, the client's address for
anonymous steps, the person for logged-in ones. Over the limit the answer is 429 with a page
in Italian and `Retry-After`; nothing is processed. Limits come from settings.LIMITI. It
lives in accounts, the lowest app, because the SPID login uses it too.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def indirizzo_client(request) -> str:
    return request.META.get(settings.IP_CLIENT_META) or request.META.get("REMOTE_ADDR", "")


def _chiave(request, per: str) -> str:
    if per == "persona" and request.user.is_authenticated:
        return f"u{request.user.pk}"
    return f"ip{indirizzo_client(request)}"


def superato(nome: str, request, per: str) -> int:
    """0 if the request may go on, else the seconds to wait. Counts the request."""
    quante, secondi = settings.LIMITI[nome]
    adesso = time.time()
    finestra = int(adesso // secondi)
    chiave = f"limite:{nome}:{_chiave(request, per)}:{finestra}"
    cache.add(chiave, 0, timeout=secondi + 1)
    try:
        numero = cache.incr(chiave)
    except ValueError:  # expired between add and incr
        cache.set(chiave, 1, timeout=secondi + 1)
        numero = 1
    if numero <= quante:
        return 0
    return max(1, int((finestra + 1) * secondi - adesso) + 1)


def limita(nome: str, *, per: str = "ip", metodi: tuple = ("POST",)):
    """Decorator: the view answers 429 when `nome`'s limit is passed (only for `metodi`)."""
    def decora(vista):
        @functools.wraps(vista)
        def controllata(request, *args, **kwargs):
            if request.method in metodi:
                attesa = superato(nome, request, per)
                if attesa:
                    risposta = render(request, "429.html", {"attesa": attesa}, status=429)
                    risposta["Retry-After"] = str(attesa)
                    return risposta
            return vista(request, *args, **kwargs)
        return controllata
    return decora
