import logging

from allauth.account.internal.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.spid.costanti import SPID_L1, SPID_L2, SPID_L3
from accounts.spid.csp import consenti_invio_a

from . import server
from .identita import IDENTITA, nuova, trova

logger = logging.getLogger(__name__)
LIVELLI = {"1": SPID_L1, "2": SPID_L2, "3": SPID_L3}
# «Un'altra persona»: (field, label, input type)
CAMPI_NUOVA = (("nome", "Nome", "text"), ("cognome", "Cognome", "text"),
               ("codice_fiscale", "Codice fiscale", "text"),
               ("email", "E-mail (facoltativa)", "email"))


def _scegli(request, richiesta, tipo: str, *, errori=None, status=200):
    """The page that lets the tester choose whom to log in as; `errori` of «Un'altra persona»,
    shown beside its fields with what was typed. Through the CIE door: «CIE Test», no level."""
    valori = request.POST if errori else {}
    return render(request, "spid_test_idp/scegli.html", {
        "tipo": tipo, "nome": server.NOMI[tipo],
        "identita": IDENTITA, "saml_request": request.POST.get("SAMLRequest", ""),
        "relay_state": request.POST.get("RelayState", ""), "richiesta": richiesta,
        "campi_nuova": [(campo, etichetta, tipo, valori.get(campo, ""), (errori or {}).get(campo))
                        for campo, etichetta, tipo in CAMPI_NUOVA]}, status=status)


def _gia_nel_portale(identita) -> str:
    """«Un'altra persona» with the codice fiscale of someone the portal knows, under another
    name: the login would be that person's and, as SPID is believed at every login, would
    rename them (a tester renamed a demo candidate this way). Said before, not done."""
    gia = User.objects.filter(codice_fiscale=identita.codice_fiscale).first()
    if gia is None or (gia.nome.casefold(), gia.cognome.casefold()) == (
            identita.nome.casefold(), identita.cognome.casefold()):
        return ""
    return (f"Questo codice fiscale è di {gia.nome} {gia.cognome}, già nel portale: per entrare "
            "come questa persona scrivi il suo nome e cognome; per provare un primo accesso "
            "usa un altro codice fiscale.")


def _tipo(request) -> str:
    return "cie" if request.POST.get("tipo") == "cie" else "spid"


@csrf_exempt
@login_not_required
@require_POST
def sso(request, tipo="spid"):
    """Receive the portal's AuthnRequest and let the tester choose whom to log in as."""
    saml_request = request.POST.get("SAMLRequest", "")
    try:
        richiesta = server.leggi_richiesta(saml_request)
    except Exception:  # noqa: BLE001 - any invalid request gets the same page
        logger.warning("SPID Test: richiesta di autenticazione non valida", exc_info=True)
        return render(request, "spid_test_idp/errore.html", status=400)
    return _scegli(request, richiesta, tipo)


@login_not_required
@require_POST
def conferma(request):
    saml_request = request.POST.get("SAMLRequest", "")
    try:
        richiesta = server.leggi_richiesta(saml_request)
    except Exception:  # noqa: BLE001
        richiesta = None
    if richiesta is not None and "nuova" in request.POST:  # «Un'altra persona»
        identita, errori = nuova(**{campo: request.POST.get(campo, "")
                                    for campo, _, _ in CAMPI_NUOVA})
        if identita is not None and (omonimia := _gia_nel_portale(identita)):
            errori = {"codice_fiscale": omonimia}
        if errori:
            return _scegli(request, richiesta, _tipo(request), errori=errori, status=400)
    else:
        identita = trova(request.POST.get("codice_fiscale", ""))
    if identita is None or richiesta is None:
        return render(request, "spid_test_idp/errore.html", status=400)
    # a CIE authentication is a level-3 one; SPID's level is the tester's choice
    livello = SPID_L3 if _tipo(request) == "cie" else LIVELLI.get(request.POST.get("livello", "2"),
                                                                  SPID_L2)
    risposta = render(request, "spid_test_idp/invio_risposta.html", {
        "acs": richiesta.assertion_consumer_service_url,
        "saml_response": server.crea_risposta(richiesta, identita, livello=livello),
        "relay_state": request.POST.get("RelayState", ""),
        "identita": identita,
    })
    return consenti_invio_a(risposta, richiesta.assertion_consumer_service_url)


@login_not_required
def metadata(request):
    return HttpResponse(server.metadata_xml(), content_type="application/samlmetadata+xml")


@csrf_exempt
@login_not_required
@require_POST
def slo(request):
    """Single logout: verify the portal's signed LogoutRequest, answer with a signed
    LogoutResponse sent back to the portal's SLO address."""
    try:
        richiesta = server.leggi_richiesta_logout(request.POST.get("SAMLRequest", ""))
        destinazione, saml_response = server.crea_risposta_logout(richiesta)
    except Exception:  # noqa: BLE001 - any invalid request gets the same page
        logger.warning("SPID Test: richiesta di logout non valida", exc_info=True)
        return render(request, "spid_test_idp/errore.html", status=400)
    risposta = render(request, "spid_test_idp/invio_risposta.html", {
        "acs": destinazione, "saml_response": saml_response,
        "relay_state": request.POST.get("RelayState", ""), "uscita": True,
    })
    return consenti_invio_a(risposta, destinazione)
