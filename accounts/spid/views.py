"""Login (allauth provider view), assertion consumer, metadata, logout and single logout."""

import logging
import time

from allauth.account.internal.decorators import login_not_required
from allauth.account.internal.flows.logout import logout as logout_locale
from allauth.account.views import LogoutView as AllauthLogoutView
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.providers.base.views import BaseLoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.backends.db import SessionStore
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT

from accounts.limiti import limita
from accounts.validators import sesso_da_codice_fiscale

from . import registro
from .costanti import LIVELLI
from .metadata import metadata_sp
from .models import AsserzioneUsata
from .provider import SpidProvider, invia
from .saml import (
    RispostaNonValida,
    crea_richiesta_logout,
    crea_risposta_logout_idp,
    in_response_to,
    leggi_richiesta_logout_idp,
    valida_risposta,
    valida_risposta_logout,
)

logger = logging.getLogger(__name__)


def _uscito(user) -> str:
    """«uscito», «uscita» as the person's codice fiscale says, «uscito/a» when it does not."""
    sesso = sesso_da_codice_fiscale(getattr(user, "codice_fiscale", "") or "")
    return {"F": "uscita", "M": "uscito"}.get(sesso, "uscito/a")


SESSIONE_SPID = "spid"
SESSIONE_SLO = "spid_slo"
DURATA_PARCHEGGIO = 120  # seconds a parked POST may wait for its same-site GET


@method_decorator(login_not_required, name="dispatch")
@method_decorator(limita("accesso", metodi=("GET", "POST")), name="dispatch")
class LoginView(BaseLoginView):
    provider_id = SpidProvider.id


login = LoginView.as_view()


# --- Cross-site POSTs -------------------------------------------------------------------
# The identity provider POSTs from its own site, so the browser does not send our SameSite
# session cookie. The message is parked server-side under a short-lived cookie of its own
# (Secure, HttpOnly, SameSite=Lax, __Host- in production) and the flow continues on a
# same-site GET, where the session is available.

def _nome_cookie(scopo: str) -> str:
    prefisso = "__Host-" if settings.SESSION_COOKIE_SECURE else ""
    return f"{prefisso}spid_{scopo}"


def _parcheggia(request: HttpRequest, scopo: str, destinazione: str) -> HttpResponse:
    deposito = SessionStore()
    deposito["post"] = {k: request.POST.get(k, "") for k in ("SAMLResponse", "SAMLRequest", "RelayState")}
    deposito.set_expiry(DURATA_PARCHEGGIO)
    deposito.save()
    risposta = HttpResponseRedirect(destinazione)
    risposta.set_cookie(_nome_cookie(scopo), deposito.session_key, max_age=DURATA_PARCHEGGIO, path="/",
                        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
    return risposta


def _riprendi(request: HttpRequest, scopo: str) -> dict | None:
    chiave = request.COOKIES.get(_nome_cookie(scopo))
    if not chiave:
        return None
    deposito = SessionStore(chiave)
    dati = deposito.get("post")
    deposito.delete()
    return dati


def _dimentica_cookie(risposta: HttpResponse, scopo: str) -> HttpResponse:
    risposta.delete_cookie(_nome_cookie(scopo), path="/", samesite="Lax")
    return risposta


# --- Login ------------------------------------------------------------------------------

@csrf_exempt
@login_not_required
@require_POST
@limita("accesso")
def acs(request: HttpRequest) -> HttpResponse:
    return _parcheggia(request, "acs", reverse("spid_acs_fine"))


@login_not_required
@require_GET
def acs_fine(request: HttpRequest) -> HttpResponse:
    dati = _riprendi(request, "acs")
    stato = None
    provider = SpidProvider(request)
    try:
        if not dati:
            raise RispostaNonValida("sessione_acs_assente")
        saml_response = dati.get("SAMLResponse", "")
        request_id = in_response_to(saml_response)
        stato = statekit.unstash_state(request, state_id=request_id, provider_id=provider.id)
        if stato is None:
            raise RispostaNonValida("richiesta_sconosciuta_o_scaduta")
        idp = registro.trova(stato["idp"], stato["tipo"])
        if idp is None:
            raise RispostaNonValida("gestore_non_piu_attivo")
        livello = stato.get("livello")
        if not isinstance(livello, int):  # a request stashed by an older version: its URI
            livello = LIVELLI.get(livello, settings.SPID_LIVELLO_PREDEFINITO)
        identita = valida_risposta(
            saml_response, request_id=request_id,
            request_issue_instant=stato.get("issue_instant", ""),
            idp=idp, livello_richiesto=livello, tipo=stato.get("tipo", "spid"),
        )
        _registra_asserzione(identita)
    except RispostaNonValida as errore:
        return _dimentica_cookie(_rifiuta(request, errore, stato), "acs")
    sociallogin = provider.sociallogin_from_response(request, identita)
    sociallogin.state = stato
    esito = complete_social_login(request, sociallogin)
    if request.user.is_authenticated:
        request.session[SESSIONE_SPID] = {
            "livello": identita.livello, "idp": identita.idp, "tipo": stato.get("tipo", "spid"),
            "name_id": identita.name_id, "name_qualifier": identita.name_qualifier,
            "session_index": identita.session_index,
        }
        logger.info("Accesso SPID/CIE: utente=%s idp=%s livello=%s", request.user.pk, identita.idp,
                    identita.livello)
    return _dimentica_cookie(esito, "acs")


def _registra_asserzione(identita) -> None:
    try:
        with transaction.atomic():
            AsserzioneUsata.objects.create(id_asserzione=identita.id_asserzione, idp=identita.idp)
    except IntegrityError:
        raise RispostaNonValida("asserzione_gia_usata") from None


def _rifiuta(request: HttpRequest, errore: RispostaNonValida, stato: dict | None = None) -> HttpResponse:
    logger.warning("Accesso SPID/CIE rifiutato: regola=%s ip=%s", errore.regola,
                   request.META.get("REMOTE_ADDR"))
    parametri = {"tipo": (stato or {}).get("tipo", "spid")}
    if stato and stato.get("livello"):
        parametri["livello"] = stato["livello"]
    if stato and stato.get("next"):
        parametri["next"] = stato["next"]
    riprova = f"{reverse('spid_login')}?{urlencode(parametri)}"
    return render(request, "spid/errore.html", {"messaggio": errore.messaggio, "riprova": riprova},
                  status=403)


@login_not_required
def metadata(request: HttpRequest, tipo: str = "spid") -> HttpResponse:
    return HttpResponse(metadata_sp(tipo), content_type="application/samlmetadata+xml")


# --- Logout -----------------------------------------------------------------------------

@login_not_required
@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """Local logout always; then single logout at the identity provider, if it offers one."""
    if request.method != "POST":
        return AllauthLogoutView.as_view()(request)
    dati = request.session.get(SESSIONE_SPID) or {}
    messaggio = idp = None
    if dati.get("idp") and dati.get("name_id"):
        idp = registro.trova(dati["idp"], dati.get("tipo"))
        if idp is not None and idp.ha_slo:
            try:
                messaggio = crea_richiesta_logout(idp, name_id=dati["name_id"],
                                                  name_qualifier=dati.get("name_qualifier", ""),
                                                  session_index=dati.get("session_index", ""))
            except Exception:  # noqa: BLE001 - the local logout must happen regardless
                logger.exception("LogoutRequest non creata per %s", idp.entity_id)
    uscito = _uscito(request.user)  # read before the logout forgets who it was
    logout_locale(request)
    if messaggio is None:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    request.session[SESSIONE_SLO] = {"id": messaggio.id, "idp": idp.entity_id, "tipo": idp.tipo,
                                     "creata": time.time(), "uscito": uscito}
    logger.info("LogoutRequest %s verso %s", messaggio.id, idp.entity_id)
    return invia(request, messaggio, idp, f"Uscita anche da {idp.nome}")


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def sls(request: HttpRequest) -> HttpResponse:
    """The identity provider's messages for logout: our LogoutRequest's answer, or its own
    LogoutRequest (the person left from another service). HTTP-POST: parked; HTTP-Redirect:
    handled here."""
    if request.method == "POST":
        return _parcheggia(request, "sls", reverse("spid_sls_fine"))
    if request.GET.get("SAMLRequest"):
        return _logout_dal_gestore(request, request.GET["SAMLRequest"], BINDING_HTTP_REDIRECT,
                                   request.GET.get("RelayState", ""), query=request.GET.dict())
    return _conclude_logout(request, request.GET.get("SAMLResponse", ""), BINDING_HTTP_REDIRECT,
                            query=request.GET.dict())


@login_not_required
@require_GET
def sls_fine(request: HttpRequest) -> HttpResponse:
    dati = _riprendi(request, "sls") or {}
    if dati.get("SAMLRequest"):
        esito = _logout_dal_gestore(request, dati["SAMLRequest"], BINDING_HTTP_POST,
                                    dati.get("RelayState", ""))
    else:
        esito = _conclude_logout(request, dati.get("SAMLResponse", ""), BINDING_HTTP_POST)
    return _dimentica_cookie(esito, "sls")


def _logout_dal_gestore(request: HttpRequest, saml_request: str, binding: str, relay_state: str,
                        query=None) -> HttpResponse:
    """Single logout started by the identity provider: end this browser's session if it is the
    one the identity provider names, and answer with our signed LogoutResponse."""
    try:
        richiesta = leggi_richiesta_logout_idp(saml_request, binding=binding, query=query)
    except RispostaNonValida as errore:
        logger.warning("LogoutRequest del gestore rifiutata: regola=%s ip=%s", errore.regola,
                       request.META.get("REMOTE_ADDR"))
        return render(request, "spid/errore.html", {
            "titolo": "Uscita non riuscita",
            "messaggio": "La richiesta di uscita ricevuta dal gestore dell'identità non ha superato "
                         "i controlli di sicurezza. Se vuoi uscire dal portale usa il pulsante «Esci».",
        }, status=400)
    dati = request.session.get(SESSIONE_SPID) or {}
    if (request.user.is_authenticated and dati.get("idp") == richiesta.idp.entity_id
            and dati.get("name_id") == richiesta.name_id):
        uscito = _uscito(request.user)
        logout_locale(request, show_message=False)
        messages.info(request, f"Sei {uscito} dal portale perché hai chiuso la sessione presso "
                               f"{richiesta.idp.nome}.")
        logger.info("Single logout richiesto da %s: sessione chiusa", richiesta.idp.entity_id)
    risposta = crea_risposta_logout_idp(richiesta, relay_state)
    return invia(request, risposta, richiesta.idp, f"Uscita da {richiesta.idp.nome}")


def _conclude_logout(request: HttpRequest, saml_response: str, binding: str, query=None) -> HttpResponse:
    attesa = request.session.pop(SESSIONE_SLO, None)
    try:
        if not attesa:
            raise RispostaNonValida("logout_non_richiesto")
        idp = registro.trova(attesa["idp"], attesa.get("tipo"))
        if idp is None:
            raise RispostaNonValida("gestore_non_piu_attivo")
        valida_risposta_logout(saml_response, binding=binding, request_id=attesa["id"], idp=idp,
                               query=query)
    except RispostaNonValida as errore:
        logger.warning("Single logout non confermato: regola=%s ip=%s", errore.regola,
                       request.META.get("REMOTE_ADDR"))
        messages.warning(request, f"Sei {(attesa or {}).get('uscito', 'uscito/a')} dal portale, "
                                  "ma il gestore dell'identità non ha "
                                  "confermato la chiusura della sessione presso di sé: per "
                                  "sicurezza chiudi il browser.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    messages.info(request, f"Sei {attesa.get('uscito', 'uscito/a')} anche da {idp.nome}.")
    return redirect(settings.LOGOUT_REDIRECT_URL)
