"""SPID and CIE as an allauth provider of the portal's own (see DESIGN.md §6, Login)."""

import logging
import random

from allauth.socialaccount.providers.base import Provider, ProviderAccount
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from . import registro
from .costanti import LIVELLI_PER_NUMERO, TIPI
from .csp import consenti_invio_a
from .saml import Identita, crea_richiesta

logger = logging.getLogger(__name__)


def livello_da_parametro(valore: str | None) -> int:
    """The level asked for in the login URL; never below the portal's default."""
    try:
        livello = int(valore or 0)
    except ValueError:
        livello = 0
    livello = max(livello, settings.SPID_LIVELLO_PREDEFINITO)
    return livello if livello in LIVELLI_PER_NUMERO else settings.SPID_LIVELLO_PREDEFINITO


def invia(request: HttpRequest, messaggio, idp, titolo: str):
    """Send a SAML message to the identity provider: auto-submitted form or redirect."""
    if messaggio.url_redirect:
        return HttpResponseRedirect(messaggio.url_redirect)
    risposta = render(request, "spid/invio_richiesta.html", {
        "destinazione": messaggio.destinazione, "campi": messaggio.campi, "idp": idp,
        "titolo": titolo,
    })
    return consenti_invio_a(risposta, messaggio.destinazione)  # form-action: this IdP only


class SpidAccount(ProviderAccount):
    def to_str(self):
        dati = self.account.extra_data
        return f"{dati.get('nome', '')} {dati.get('cognome', '')}".strip() or super().to_str()


class SpidProvider(Provider):
    id = "spid"
    name = "SPID / CIE"
    uses_apps = False
    supports_redirect = True
    account_class = SpidAccount

    def get_login_url(self, request: HttpRequest, **kwargs) -> str:
        url = reverse("spid_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        tipo = request.GET.get("tipo", "spid")
        tipo = tipo if tipo in TIPI else "spid"
        livello = livello_da_parametro(request.GET.get("livello"))
        idp = registro.trova(request.GET.get("idp", ""), tipo)
        disponibili = None
        if idp is None:
            disponibili = registro.per_tipo(tipo)
            if len(disponibili) == 1 and not request.GET.get("idp"):
                idp = disponibili[0]  # nothing to choose: straight to the only identity provider
        if idp is None:
            # SPID rules: the list of identity providers is shown in random order.
            return render(request, "spid/scegli_idp.html", {
                "tipo": tipo, "nome_tipo": TIPI[tipo], "livello": livello,
                "identity_providers": random.sample(disponibili, len(disponibili)),
                "next": next_url or "",
                "altri_tipi": [(t, TIPI[t]) for t in registro.tipi_disponibili() if t != tipo],
            })
        messaggio = crea_richiesta(idp, livello)
        self.stash_redirect_state(
            request, process, next_url, data, state_id=messaggio.id,
            idp=idp.entity_id, tipo=tipo, livello=livello, issue_instant=messaggio.issue_instant,
        )
        logger.info("AuthnRequest %s verso %s (%s, SpidL%s)", messaggio.id, idp.entity_id, tipo, livello)
        return invia(request, messaggio, idp, f"Stai per essere reindirizzato a {idp.nome}")

    def extract_uid(self, data: Identita) -> str:
        return data.codice_fiscale

    def extract_common_fields(self, data: Identita) -> dict:
        return {
            "codice_fiscale": data.codice_fiscale,
            "nome": data.nome,
            "cognome": data.cognome,
            "email": data.email,
            "data_nascita": data.data_nascita,
            "livello_spid": data.livello,
        }

    def extract_extra_data(self, data: Identita) -> dict:
        return {
            "codice_fiscale": data.codice_fiscale,
            "nome": data.nome,
            "cognome": data.cognome,
            "email": data.email,
            "data_nascita": data.data_nascita.isoformat() if data.data_nascita else "",
            "livello_spid": data.livello,
            "idp": data.idp,
        }


provider_classes = [SpidProvider]
