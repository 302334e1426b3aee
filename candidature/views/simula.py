"""«Simula»: the staff try the application form in the very steps, cards and messages the
candidates will see (candidature.simulazione: nothing is saved)."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import ruolo_richiesto
from portale.richieste import dati_inviati
from procedure.modulo import Elementi
from procedure.selectors import RUOLI_PROCEDURE, access_procedura

from .. import passi, simulazione
from ..forms import separa_file
from .passi import contesto_del_passo, contesto_del_riepilogo, pagina, passo_scelto

staff = ruolo_richiesto(*RUOLI_PROCEDURE)


def _url(procedura, passo) -> str:
    if passo == passi.PASSI[0]:
        return reverse("candidature:simula", args=[procedura.pk])
    return reverse("candidature:simula_passo", args=[procedura.pk, passo.slug])


@staff
def simula(request, pk, slug=None):
    corrente = passi.passo(slug) if slug else passi.PASSI[0]
    if corrente is None:
        raise Http404
    procedura = access_procedura(request.membership, pk)
    elementi = Elementi.del_modulo(procedura)
    candidatura, allegati = simulazione.bozza(request.session, procedura, request.user,
                                              elementi)
    url_passi = {p.slug: _url(procedura, p) for p in passi.PASSI}
    if corrente == passi.RIEPILOGO:
        return pagina(request, "candidature/riepilogo.html", {
            **contesto_del_riepilogo(procedura, candidatura, elementi, allegati,
                                     url_passi=url_passi), "simulazione": True})
    form = passi.modulo_del_passo(procedura, candidatura, corrente.slug, elementi,
                                  *dati_inviati(request))
    if request.method == "POST":
        valido = form.is_valid()
        dati, file = separa_file(form)  # what validated is kept, as «Salva bozza» keeps it
        simulazione.ricorda(request.session, procedura, elementi, candidatura, dati=dati,
                            file=file)
        if valido:
            return redirect(url_passi[passo_scelto(request, corrente).slug])
    contesto = contesto_del_passo(procedura, candidatura, corrente, form, elementi, allegati=allegati)
    contesto |= {"simulazione": True, "url_passi": url_passi, "azione": url_passi[corrente.slug],
                 "non_ancora": ""}
    return pagina(request, "candidature/passo.html", contesto)


@staff
@require_POST
def ricomincia(request, pk):
    procedura = access_procedura(request.membership, pk)
    simulazione.ricomincia(request.session, procedura)
    return redirect("candidature:simula", pk=procedura.pk)
