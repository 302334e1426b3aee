"""Content-Security-Policy and Permissions-Policy on every HTML response.

Django 5.2 has no CSP of its own. The policy allows only the portal's own scripts (no inline
script, no eval), its own styles (plus inline `style` attributes, which Bootstrap Italia's
components set), images and fonts from itself or `data:`, and forms posted to itself only
(`form-action 'self'`). The one page that posts a SAML message to an identity provider sets
its own policy with that provider's origin (`accounts.spid.csp`); a header already on the
response is kept. Set in settings as `CONTENT_SECURITY_POLICY`.
"""

from django.conf import settings


class IntestazioniSicurezzaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = settings.CONTENT_SECURITY_POLICY
        self.permessi = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        risposta = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in risposta:
            risposta["Content-Security-Policy"] = self.csp
        if self.permessi and "Permissions-Policy" not in risposta:
            risposta["Permissions-Policy"] = self.permessi
        return risposta
