"""The Django admin, for superusers only, after password and TOTP (allauth MFA)."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def sessione_con_mfa(request) -> bool:
    """True when this session's login included a second factor (records are per user)."""
    registri = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" for r in registri)


class PortaleAdminSite(admin.AdminSite):
    site_header = "Portale Gestione Incarichi – amministrazione tecnica"
    site_title = "Amministrazione tecnica"

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_superuser and sessione_con_mfa(request))

    def login(self, request, extra_context=None):
        """Send to allauth: login, then TOTP set-up if missing, then the MFA check."""
        successivo = request.GET.get("next") or reverse("admin:index")
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': successivo})}")
        if not user.is_superuser:
            raise PermissionDenied("L'amministrazione tecnica è riservata ai superutenti.")
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': successivo})}")
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': successivo})}")
