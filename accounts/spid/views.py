import base64
import logging
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from allauth.account.internal.decorators import login_not_required
from allauth.core.internal import httpkit
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.providers.base.views import BaseLoginView
from allauth.socialaccount.sessions import LoginSession
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .config import metadata_xml
from .models import AsserzioneUsata
from .provider import SpidProvider
from .saml import RispostaNonValida, valida_risposta

logger = logging.getLogger(__name__)
SAML_PROTOCOL = "{urn:oasis:names:tc:SAML:2.0:protocol}"


@method_decorator(login_not_required, name="dispatch")
class LoginView(BaseLoginView):
    provider_id = SpidProvider.id


login = LoginView.as_view()


@csrf_exempt
@login_not_required
@require_POST
def acs(request: HttpRequest) -> HttpResponse:
    """The identity provider POSTs cross-site, without our session cookie: park the
    response in a short-lived login session and continue on a same-site GET."""
    risposta = HttpResponseRedirect(reverse("spid_acs_fine"))
    sessione = LoginSession(request, "spid_acs_session", "spid-acs")
    sessione.store.update({"request": httpkit.serialize_request(request)})
    sessione.save(risposta)
    return risposta


@login_not_required
@require_GET
def acs_fine(request: HttpRequest) -> HttpResponse:
    sessione = LoginSession(request, "spid_acs_session", "spid-acs")
    dati = sessione.store.get("request")
    sessione.delete()
    if not dati:
        return _rifiuta(request, RispostaNonValida("sessione_acs_assente"))
    originale = httpkit.deserialize_request(dati, HttpRequest())
    saml_response = originale.POST.get("SAMLResponse", "")
    provider = SpidProvider(request)
    try:
        request_id = _in_response_to(saml_response)
        stato = statekit.unstash_state(request, state_id=request_id, provider_id=provider.id)
        if stato is None:
            raise RispostaNonValida("richiesta_sconosciuta_o_scaduta")
        identita = valida_risposta(
            saml_response, request_id=request_id, idp_atteso=stato["idp"],
            livello_richiesto=stato["livello"],
        )
        _registra_asserzione(identita)
    except RispostaNonValida as errore:
        return _rifiuta(request, errore)
    sociallogin = provider.sociallogin_from_response(request, identita)
    sociallogin.state = stato
    esito = complete_social_login(request, sociallogin)
    if request.user.is_authenticated:
        request.session["spid"] = {
            "livello": identita.livello, "idp": identita.idp, "tipo": stato.get("tipo", "spid"),
            "name_id": identita.name_id, "session_index": identita.session_index,
        }
    return esito


@login_not_required
def metadata(request: HttpRequest) -> HttpResponse:
    return HttpResponse(metadata_xml(), content_type="application/samlmetadata+xml")


def _in_response_to(saml_response: str) -> str:
    try:
        radice = SafeET.fromstring(base64.b64decode(saml_response, validate=False))
    except (ValueError, ParseError, TypeError) as errore:
        raise RispostaNonValida("xml_non_valido") from errore
    if radice.tag != f"{SAML_PROTOCOL}Response":
        raise RispostaNonValida("non_e_una_response")
    valore = radice.get("InResponseTo", "")
    if not valore:
        raise RispostaNonValida("in_response_to_assente")
    return valore


def _registra_asserzione(identita) -> None:
    try:
        with transaction.atomic():
            AsserzioneUsata.objects.create(id_asserzione=identita.id_asserzione, idp=identita.idp)
    except IntegrityError:
        raise RispostaNonValida("asserzione_gia_usata") from None


def _rifiuta(request: HttpRequest, errore: RispostaNonValida) -> HttpResponse:
    logger.warning("Accesso SPID/CIE rifiutato: regola=%s ip=%s", errore.regola,
                   request.META.get("REMOTE_ADDR"))
    return render(request, "spid/errore.html", {"messaggio": errore.messaggio}, status=403)
