from .selectors import memberships_valide

SESSION_KEY = "membership_attiva"


class MembershipAttivaMiddleware:
    """Attach the user's valid memberships and the active one (chosen in the header).

    One query per request for an authenticated user; none for anonymous visitors.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        memberships = memberships_valide(request.user)
        scelta = request.session.get(SESSION_KEY) if memberships else None
        attiva = next((m for m in memberships if m.pk == scelta), None)
        request.memberships = memberships
        request.membership = attiva or (memberships[0] if memberships else None)
        return self.get_response(request)
