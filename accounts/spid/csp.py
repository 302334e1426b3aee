"""Content-Security-Policy of the pages that post a SAML message to another site.

Every page of the portal has `form-action 'self'` (settings.CONTENT_SECURITY_POLICY, set by
`portale.sicurezza`). The HTTP-POST binding page (`spid/invio_richiesta.html`, and the test
IdP's answer) auto-submits one form to the identity provider's SSO/SLO address, so that one
response carries its own policy: the same directives, with `form-action` limited to the
origin of that address only (the middleware keeps a header a view has already set).
"""

from urllib.parse import urlsplit

from django.conf import settings


def origine(url: str) -> str:
    """scheme://host[:port] of an http(s) URL, '' for anything else."""
    parti = urlsplit(url)
    if parti.scheme not in ("http", "https") or not parti.hostname:
        return ""
    return f"{parti.scheme}://{parti.netloc.rpartition('@')[2]}"


def politica_per_invio(destinazione: str) -> str:
    """The portal's policy with `form-action` allowing only the origin of `destinazione`."""
    permesso = origine(destinazione) or "'none'"
    direttive = [d.strip() for d in settings.CONTENT_SECURITY_POLICY.split(";") if d.strip()]
    direttive = [d for d in direttive if d.split()[0].lower() != "form-action"]
    return "; ".join([*direttive, f"form-action {permesso}"])


def consenti_invio_a(risposta, destinazione: str):
    """Set on `risposta` the policy that lets its form post to `destinazione` only."""
    if settings.CONTENT_SECURITY_POLICY:
        risposta["Content-Security-Policy"] = politica_per_invio(destinazione)
    return risposta
