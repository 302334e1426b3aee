def ruoli(request):
    """The user's roles and the active one, for the header and the pages that show them:
    callables (the template calls them), so a page that never shows roles — a step of the
    candidate's form answered to htmx — makes no query for them (accounts.middleware)."""
    if getattr(type(request), "memberships", None) is None:  # no middleware: plain attributes
        return {"memberships": getattr(request, "memberships", []),
                "membership_attiva": getattr(request, "membership", None)}
    return {"memberships": lambda: request.memberships,
            "membership_attiva": lambda: request.membership}


def sessione(request):
    """The idle timeout, for the page's warning before it ends the session (assets/sessione.js)."""
    from django.conf import settings

    return {"sessione_inattivita": settings.SESSIONE_INATTIVITA_MASSIMA}
