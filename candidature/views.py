"""The candidate's pages: present, review, send, withdraw; «Le mie candidature»."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.limiti import limita
from portale import documenti
from portale.richieste import dati_inviati
from procedure.selectors import access_avviso_pubblico

from . import ricevuta, selectors, services
from .forms import modulo, separa_file
from .models import StatoCandidatura


@login_required
@limita("invio", per="persona")
def presenta(request, pk):
    """«Presenta candidatura»: the draft, saved at every «Salva bozza»."""
    procedura = access_avviso_pubblico(pk)
    try:
        candidatura = services.apri_bozza(candidato=request.user, procedura=procedura)
    except services.TerminiChiusi as errore:
        messages.error(request, errore.messages[0])
        return redirect("procedure:avviso", pk=procedura.pk)
    if candidatura.stato != StatoCandidatura.BOZZA:
        messages.info(request, "Hai già inviato la candidatura per questo avviso.")
        return redirect("candidature:dettaglio", pk=candidatura.pk)
    dati, file = dati_inviati(request)
    form = modulo(procedura, candidatura, dati, file)
    if request.method == "POST":
        valido = form.is_valid()
        da_salvare, documenti_validi = separa_file(form)
        try:
            services.salva_bozza(candidato=request.user, candidatura=candidatura,
                                 dati=da_salvare, file=documenti_validi)
        except ValidationError as errore:
            form.add_error(None, errore.messages)
            valido = False
        if valido:
            if "riepilogo" in request.POST:
                return redirect("candidature:riepilogo", pk=procedura.pk)
            messages.success(request, "Bozza salvata. Puoi riprendere quando vuoi.")
            return redirect("candidature:presenta", pk=procedura.pk)
        messages.warning(request, "Alcuni dati non sono validi: correggili. Il resto della "
                                  "bozza è stato salvato.")
    return render(request, "candidature/modulo.html", {
        "procedura": procedura, "candidatura": candidatura, "form": form,
        "allegati": candidatura.allegati.select_related("allegato_richiesto", "criterio"),
    })


@login_required
def riepilogo(request, pk):
    procedura = access_avviso_pubblico(pk)
    candidatura = (selectors.candidature_di(request.user).filter(procedura=procedura)
                   .exclude(stato__in=("ritirata", "annullata")).first())
    if candidatura is None:
        return redirect("candidature:presenta", pk=procedura.pk)
    if candidatura.stato != StatoCandidatura.BOZZA:
        return redirect("candidature:dettaglio", pk=candidatura.pk)
    return render(request, "candidature/riepilogo.html", {
        "procedura": procedura, "candidatura": candidatura,
        "mancanti": services.elementi_mancanti(candidatura, procedura),
        "punteggio": services.punteggio_dichiarato(candidatura, procedura),
        "allegati": candidatura.allegati.select_related("allegato_richiesto", "criterio"),
    })


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
    return render(request, "candidature/le_mie.html", {"pagina": pagina})


@login_required
def dettaglio(request, pk):
    candidatura = selectors.access_candidatura_propria(request.user, pk)
    return render(request, "candidature/dettaglio.html", {
        "candidatura": candidatura, "procedura": candidatura.procedura,
        "allegati": candidatura.allegati.select_related("allegato_richiesto", "criterio"),
        "puo_ritirare": candidatura.stato in (StatoCandidatura.INVIATA,
                                              StatoCandidatura.IN_ISTRUTTORIA,
                                              StatoCandidatura.INTEGRATA),
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
