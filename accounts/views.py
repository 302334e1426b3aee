from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .middleware import attiva
from .spid import sessione


@login_required
@require_POST
def cambia_istituto(request):
    """The header switch: choose which of the own valid memberships is active."""
    scelta = request.POST.get("membership", "")
    membership = next((m for m in request.memberships if str(m.pk) == scelta), None)
    prima = request.membership
    if membership is None:
        messages.error(request, "Il ruolo scelto non è tra quelli validi per te oggi.")
    else:
        attiva(request, membership)
        messages.success(request, f"Ora operi come {membership.della_persona}.")
    destinazione = request.POST.get("next") or request.headers.get("Referer", "")
    # another istituto: the page left (a procedure, a ranking of the other one) is not its
    # own and would answer 404; its reserved area is where to begin
    altro_istituto = membership is not None and (
        prima is None or prima.istituto_id != membership.istituto_id)
    if altro_istituto or not url_has_allowed_host_and_scheme(destinazione, {request.get_host()}):
        destinazione = "portale:area_riservata"
    return redirect(destinazione)


@login_required
@require_POST
def resta_collegato(request):
    """The button of the warning before the idle timeout (assets/sessione.js): 204 when the
    session goes on; an ended session gets login_required's redirect, which the page reads as
    «scaduta»."""
    sessione.rinnova(request)
    return HttpResponse(status=204)
