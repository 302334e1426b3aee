"""The candidate's pages: send, withdraw; «Le mie candidature» (the form in steps and its
summary: views/passi.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.limiti import limita
from portale import documenti

from .. import dichiarato, estensioni, ricevuta, selectors, services
from ..models import RichiestaIntegrazione


@login_required
@require_POST
@limita("invio", per="persona")
def invia(request, pk):
    candidatura = selectors.access_candidatura_propria(request.user, pk)
    try:
        services.invia(candidato=request.user, candidatura=candidatura)
    except ValidationError as errore:
        if getattr(errore, "code", None) == "gia_inviata":
            messages.info(request, "La candidatura era già stata inviata.")
            return redirect("candidature:dettaglio", pk=candidatura.pk)
        for messaggio in errore.messages:
            messages.error(request, messaggio)
        return redirect("candidature:riepilogo", pk=candidatura.procedura_id)
    messages.success(request, "Candidatura inviata. Trovi qui il numero di protocollo e la ricevuta.")
    return redirect("candidature:dettaglio", pk=candidatura.pk)


@login_required
def le_mie(request):
    pagina = Paginator(selectors.candidature_di(request.user), 20).get_page(
        request.GET.get("pagina"))
    candidature = list(pagina)  # the page's rows read once; the template iterates the same
    seguiti = estensioni.seguiti(candidature)
    for candidatura in candidature:
        candidatura.seguiti = seguiti.get(candidatura.pk, [])
    return render(request, "candidature/le_mie.html", {"pagina": pagina})


@login_required
def dettaglio(request, pk):
    candidatura = selectors.access_candidatura_propria(request.user, pk)
    procedura = candidatura.procedura
    # the requests for integration with their documents: read once, at the top and in the list
    prefetch_related_objects([candidatura], Prefetch(
        "richieste_integrazione", queryset=RichiestaIntegrazione.objects.select_related(
            "protocollo_risposta__istituto")), "richieste_integrazione__documenti")
    seguiti = estensioni.seguiti([candidatura], tranne=("integrazione",)).get(candidatura.pk, [])
    return render(request, "candidature/dettaglio.html", {
        "candidatura": candidatura, "procedura": procedura,
        "allegati": candidatura.allegati.select_related("allegato_richiesto", "criterio"),
        "puo_ritirare": selectors.puo_ritirare(candidatura),
        "puo_ripresentare": selectors.puo_ripresentare(candidatura),
        "successiva": selectors.candidatura_successiva(candidatura),
        "integrazione": selectors.integrazione_da_inviare(candidatura),
        # the outcome, complaints and proposals (graduatorie); the integration has its box
        "seguiti": seguiti, "da_fare": any(s.urgente for s in seguiti),
        **dichiarato.contesto(candidatura, campi=list(procedura.campi.all()),
                              criteri=list(procedura.criteri.all())),
    })


@login_required
def scarica_ricevuta(request, pk):
    candidatura = selectors.access_candidatura_propria(request.user, pk)
    if candidatura.protocollo_id is None:
        raise Http404
    percorso = ricevuta.assicura(candidatura.pk)
    if not default_storage.exists(percorso):
        raise Http404
    return documenti.risposta_download(
        percorso, nome=f"ricevuta-candidatura-{candidatura.protocollo.numero}.pdf",
        mime="application/pdf")


@login_required
def scarica_allegato(request, pk, allegato_pk):
    allegato = selectors.access_allegato_proprio(request.user, pk, allegato_pk)
    return documenti.risposta_download(allegato.percorso, nome=allegato.nome, mime=allegato.mime)


@login_required
@require_POST
def elimina_bozza(request, pk):
    candidatura = selectors.access_candidatura_propria(request.user, pk)
    try:
        services.elimina_bozza(candidato=request.user, candidatura=candidatura)
    except ValidationError as errore:
        messages.error(request, " ".join(errore.messages))
        return redirect("candidature:dettaglio", pk=candidatura.pk)
    messages.success(request, f"Bozza eliminata: «{candidatura.procedura.oggetto}». Finché "
                              "l'avviso è aperto puoi presentare una nuova candidatura.")
    return redirect("candidature:le_mie")


@login_required
@require_POST
def ritira(request, pk):
    candidatura = selectors.access_candidatura_propria(request.user, pk)
    try:
        services.ritira(candidato=request.user, candidatura=candidatura)
    except ValidationError as errore:
        messages.error(request, " ".join(errore.messages))
    else:
        messages.success(request, "Candidatura ritirata. Fino alla chiusura puoi presentarne "
                                  "una nuova.")
    return redirect("candidature:dettaglio", pk=candidatura.pk)
