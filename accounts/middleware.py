from functools import cached_property

from .selectors import memberships_valide

SESSION_KEY = "membership_attiva"


class _RuoliDellaRichiesta:
    """`request.memberships` (the user's valid roles) and `request.membership` (the active one,
    chosen in the header), read at their first use in the request and kept for the rest of it:
    real values (a list, a Membership or None), not proxies, so `is None` and every selector
    work as with plain attributes. A request that never looks at roles — a step of the
    candidate's form answered to htmx, without the header — makes no query for them."""

    @cached_property
    def memberships(self):
        return memberships_valide(self.user)

    @cached_property
    def membership(self):
        memberships = self.memberships
        scelta = self.session.get(SESSION_KEY) if memberships else None
        attiva = next((m for m in memberships if m.pk == scelta), None)
        return attiva or (memberships[0] if memberships else None)


def attiva(request, membership) -> None:
    """Make one of the request user's own valid memberships the active one, from this request
    on (the header switch, or a notice about another school where the user has a role)."""
    request.session[SESSION_KEY] = membership.pk
    request.membership = membership


_CLASSI: dict[type, type] = {}


def _con_ruoli(classe: type) -> type:
    if classe not in _CLASSI:
        _CLASSI[classe] = type(classe.__name__, (_RuoliDellaRichiesta, classe), {})
    return _CLASSI[classe]


class MembershipAttivaMiddleware:
    """Attach the user's valid memberships and the active one: at most one query per request
    for an authenticated user, at the first use; none for anonymous visitors.

    The request's class gains the two attributes (WSGIRequest in a server, the test client's
    own in tests): Django builds the request before any middleware, so this is where a lazy
    attribute can be added without a proxy object. Setting them (tests, RequestFactory) still
    works: an assigned value replaces the lazy one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not isinstance(request, _RuoliDellaRichiesta):
            request.__class__ = _con_ruoli(request.__class__)
        return self.get_response(request)
