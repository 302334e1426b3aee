"""SPID and CIE as an allauth provider of the portal's own (see DESIGN.md §6, Login)."""

from allauth.socialaccount.providers.base import Provider, ProviderAccount
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from . import registro
from .costanti import SPID_L2
from .saml import Identita, crea_richiesta


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
        disponibili = registro.per_tipo(tipo)
        idp = registro.trova(request.GET.get("idp", ""), tipo)
        if idp is None and len(disponibili) == 1 and not request.GET.get("idp"):
            idp = disponibili[0]  # nothing to choose: straight to the only identity provider
        if idp is None:
            return render(request, "spid/scegli_idp.html", {
                "tipo": tipo, "identity_providers": disponibili, "next": next_url or "",
            })
        richiesta = crea_richiesta(idp.entity_id, SPID_L2)
        self.stash_redirect_state(
            request, process, next_url, data, state_id=richiesta.id,
            idp=idp.entity_id, tipo=tipo, livello=SPID_L2,
        )
        return render(request, "spid/invio_richiesta.html", {
            "destinazione": richiesta.destinazione,
            "saml_request": richiesta.saml_request,
            "relay_state": richiesta.id,
            "idp": idp,
        })

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
