from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.middleware import attiva

from .. import cruscotto, selectors
from ..lingua import quantita
from ..services import notifiche


@login_required
def area_riservata(request):
    membership = request.membership
    contatori = selectors.contatori_cruscotto(request.user, membership)
    return render(request, "portale/area_riservata.html", {
        "contatori": contatori,
        "riquadri": sorted([cruscotto.riquadro_portale(contatori, membership),
                            *cruscotto.riquadri(request.user, membership)],
                           key=lambda r: r.ordine),
        "eventi": selectors.ultimi_eventi_istituto(membership) if membership else [],
        "notifiche_recenti": selectors.notifiche_di(request.user)[:5],
    })


@login_required
def elenco_notifiche(request):
    solo_non_lette = request.GET.get("stato") == "non_lette"
    pagina = Paginator(
        selectors.notifiche_di(request.user, solo_non_lette=solo_non_lette), 20
    ).get_page(request.GET.get("pagina"))
    return render(request, "portale/notifiche.html", {"pagina": pagina, "solo_non_lette": solo_non_lette})


@login_required
@require_POST
def segna_tutte_lette(request):
    quante = notifiche.segna_tutte_lette(destinatario=request.user)
    if quante:
        messages.success(request, quantita(quante, "notifica segnata come letta",
                                           "notifiche segnate come lette") + ".")
    return redirect("portale:notifiche")


@login_required
@require_POST
def apri_notifica(request, pk):
    riga = selectors.access_notifica(request.user, pk)
    notifiche.segna_letta(notifica=riga)
    attiva_ora = request.membership
    if riga.istituto_id and attiva_ora and attiva_ora.istituto_id != riga.istituto_id:
        # staff pages are scoped to the active role: a notice about another school where the
        # person has a role (a reggenza) opens as that role, not as «Pagina non trovata»
        la = next((m for m in request.memberships if m.istituto_id == riga.istituto_id), None)
        if la is not None:
            attiva(request, la)
            messages.info(request, f"Ora operi come {la.ruolo_della_persona} presso "
                                   f"{la.istituto.denominazione}: la notifica riguarda questo istituto.")
    if riga.url and url_has_allowed_host_and_scheme(riga.url, {request.get_host()}):
        return redirect(riga.url)
    return redirect("portale:notifiche")
