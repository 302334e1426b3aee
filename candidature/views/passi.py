"""The application form in steps (issue 17): Dati e contatti → Categoria e requisiti →
Titoli valutabili → Allegati → Dichiarazioni → Riepilogo e invio.

Server-rendered, no JavaScript needed: every button of a step saves the step as a draft
(services.salva_bozza: the valid fields are kept, the invalid ones shown with their message
and the typed value) and then moves where the candidate asked (Indietro, Avanti, the
summary) or stays (Salva bozza, which also recomputes the points).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.forms import FileInput
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.limiti import limita
from portale.lingua import quantita
from portale.richieste import dati_inviati
from procedure.modulo import Elementi
from procedure.selectors import access_avviso_per_candidatura

from .. import dichiarato, passi, precompila, selectors, services
from ..forms import modulo, separa_file
from ..models import AllegatoCandidatura, StatoCandidatura


@login_required
@limita("invio", per="persona")
def presenta(request, pk):
    """«Presenta candidatura»: the first step. A POST without a step (the whole form at once,
    as the single-page form sent it) is saved the same way, every field. With `?riprendi`
    («Completa la candidatura») a draft resumes at its first step with something missing."""
    if request.method == "GET" and "riprendi" in request.GET:
        candidatura = selectors.candidatura_viva(request.user, pk)
        if candidatura is not None and candidatura.stato == StatoCandidatura.BOZZA:
            procedura = candidatura.procedura
            return redirect(_url_passo(procedura.pk, passi.primo_da_completare(
                procedura, candidatura, Elementi.del_modulo(procedura))))
    return _passo(request, pk, passi.PASSI[0] if request.method != "POST" else None)


@login_required
@limita("passi", per="persona")
def passo(request, pk, slug):
    corrente = passi.passo(slug)
    if corrente is None:
        raise Http404
    if corrente == passi.RIEPILOGO:
        return redirect("candidature:riepilogo", pk=pk)
    return _passo(request, pk, corrente)


def _url_passo(procedura_pk, corrente) -> str:
    if corrente == passi.RIEPILOGO:
        return reverse("candidature:riepilogo", args=[procedura_pk])
    if corrente == passi.PASSI[0]:
        return reverse("candidature:presenta", args=[procedura_pk])
    return reverse("candidature:passo", args=[procedura_pk, corrente.slug])


def passo_scelto(request, corrente):
    """Where the button pressed leads: «Riepilogo e invio», a step (Indietro, Avanti), or the
    same step («Salva bozza»)."""
    if "riepilogo" in request.POST:
        return passi.RIEPILOGO
    return passi.passo(request.POST.get("vai", "")) or corrente


def _passo(request, pk, corrente):
    candidatura, ritirata, precompilati = selectors.candidatura_viva(request.user, pk), None, []
    # every step after the first: the avviso comes with the draft
    procedura = candidatura.procedura if candidatura else access_avviso_per_candidatura(pk)
    elementi = Elementi.del_modulo(procedura)
    nuova = candidatura is None
    if candidatura is None:
        try:
            # a new draft is filled from «Il mio profilo», or from the withdrawn application
            candidatura, ritirata, precompilati = precompila.apri_bozza(
                candidato=request.user, procedura=procedura, elementi=elementi)
        except (services.TerminiChiusi, services.ConflittoDiInteressi) as errore:
            messages.error(request, errore.messages[0])
            return redirect("procedure:avviso", pk=procedura.pk)
    if candidatura.stato != StatoCandidatura.BOZZA:
        messages.info(request, "Hai già inviato la candidatura per questo avviso.")
        return redirect("candidature:dettaglio", pk=candidatura.pk)
    if ritirata is not None:
        messages.info(request, "La nuova candidatura riparte da quella ritirata: dati e documenti "
                               "sono già inseriti, controllali. Le dichiarazioni sostitutive "
                               "vanno rese di nuovo.")
    if nuova and ritirata is None and candidatura.categoria:  # precompila.categoria_ripresa
        messages.info(request, f"La categoria «{candidatura.get_categoria_display()}» è ripresa "
                               "dalla tua ultima candidatura: controllala nel passo "
                               f"«{passi.PER_SLUG['categoria'].titolo}».")
    if precompilati:
        messages.info(request, "La candidatura è precompilata dal tuo profilo ("
                               + quantita(len(precompilati), "titolo valutabile", "titoli valutabili")
                               + "): in «Titoli valutabili» ogni riquadro dice quali voci ha "
                               "usato. Controlla e conferma o cambia i valori.")
    dati, file = dati_inviati(request)
    if corrente is None:  # the whole form in one POST
        form = modulo(procedura, candidatura, dati, file, elementi=elementi)
    else:
        form = passi.modulo_del_passo(procedura, candidatura, corrente.slug, elementi, dati, file)
    if request.method == "POST":
        valido = form.is_valid()
        da_salvare, documenti_validi = separa_file(form)
        try:
            candidatura = services.salva_bozza(candidato=request.user, candidatura=candidatura,
                                               dati=da_salvare, file=documenti_validi,
                                               elementi=elementi)
        except ValidationError as errore:
            form.add_error(None, errore.messages)
            valido = False
        if valido:
            destinazione = passo_scelto(request, corrente or passi.PASSI[0])
            if destinazione == corrente or corrente is None and destinazione != passi.RIEPILOGO:
                messages.success(request, "Bozza salvata. Puoi riprendere quando vuoi.")
            if request.headers.get("HX-Request") and corrente is not None:
                return _pagina_htmx(request, procedura, candidatura, destinazione, elementi)
            return redirect(_url_passo(procedura.pk, destinazione))
        if corrente is None:  # show the first step with an error, with what was typed
            corrente = next((p for p in passi.PASSI[:-1]
                             if set(form.errors) & set(passi.nomi(p.slug, elementi))), passi.PASSI[0])
            errori_generali = form.non_field_errors()
            form_passo = passi.modulo_del_passo(procedura, candidatura, corrente.slug, elementi,
                                                dati, file)
            form_passo.is_valid()
            for errore in errori_generali:
                form_passo.add_error(None, errore)
            form = form_passo
    return pagina(request, "candidature/passo.html",
                  contesto_del_passo(procedura, candidatura, corrente, form, elementi))


def pagina(request, template, contesto):
    """A step's page; to htmx, which replaces only <main>, without the page around it
    (templates/frammento.html): no header, menus and footer rendered for nothing."""
    contesto["base"] = "frammento.html" if request.headers.get("HX-Request") else "base.html"
    return render(request, template, contesto)


def _pagina_htmx(request, procedura, candidatura, destinazione, elementi):
    """With JavaScript (assets/passi.js, htmx) the answer to a step is the page it leads to,
    not a redirect to it: one request a step instead of two; HX-Push-Url gives the page its
    address, as the redirect would."""
    if destinazione == passi.RIEPILOGO:
        risposta = _pagina_riepilogo(request, procedura, candidatura, elementi)
    else:
        form = passi.modulo_del_passo(procedura, candidatura, destinazione.slug, elementi)
        risposta = pagina(request, "candidature/passo.html",
                          contesto_del_passo(procedura, candidatura, destinazione, form, elementi))
    risposta["HX-Push-Url"] = _url_passo(procedura.pk, destinazione)
    return risposta


def contesto_del_passo(procedura, candidatura, corrente, form, elementi, allegati=None) -> dict:
    """`allegati`: the documents, when they are not the stored ones (views.simula)."""
    # the documents already uploaded: only the pages of the titles and of the attachments show them
    if allegati is None:
        allegati = (list(candidatura.allegati.all()) if corrente.slug in ("titoli", "allegati")
                    else [])
    contesto = {
        "procedura": procedura, "candidatura": candidatura, "form": form,
        "passi": passi.PASSI, "corrente": corrente,
        "precedente": passi.precedente(corrente), "successivo": passi.successivo(corrente),
        # the first step is shown at «presenta», whose POST is the whole form: it posts here
        "azione": reverse("candidature:passo", args=[procedura.pk, corrente.slug])
        if corrente == passi.PASSI[0] else "",
        "non_ancora": selectors.invio_non_ancora_possibile(procedura),
    }
    contesto["con_obbligatori"] = any(getattr(f, "da_inviare", False)
                                      for f in form.fields.values())
    if form.is_bound and form.errors:
        contesto["errori"] = _errori(form)
    if corrente.slug == "titoli":
        righe = dichiarato.righe_titoli(candidatura, elementi.criteri)
        contesto["schede"] = passi.schede_titoli(
            form, elementi, {r.criterio.pk: r for r in righe},
            {a.criterio_id: a for a in allegati if a.criterio_id}, categoria=candidatura.categoria)
        contesto["punteggio"] = services.punteggio_dichiarato(candidatura, procedura,
                                                              elementi.criteri)
        dal_profilo = precompila.corrispondenze(candidatura.candidato_id, elementi.criteri)
        for scheda in contesto["schede"]:
            scheda.dal_profilo = dal_profilo.get(scheda.criterio.pk, [])
        contesto["profilo_vuoto"] = not dal_profilo
    elif corrente.slug == "allegati":
        per_richiesto = {a.allegato_richiesto_id: a for a in allegati if a.allegato_richiesto_id}
        contesto["righe_allegati"] = [
            (form[f"allegato_{r.pk}"], r, per_richiesto.get(r.pk)) for r in elementi.allegati
            if f"allegato_{r.pk}" in form.fields]
    elif corrente.slug == "categoria":
        nomi_requisiti = {f"criterio_{c.pk}" for c in elementi.criteri if c.tipo == "requisito"}
        contesto["campi_categoria"] = [form[n] for n in ("categoria", "amministrazione_appartenenza")
                                       if n in form.fields]
        contesto["campi_requisiti"] = [form[n] for n in form.fields if n in nomi_requisiti]
        contesto["campi_domande"] = [form[n] for n in form.fields if n.startswith("campo_")]
    return contesto


def _errori(form) -> dict:
    """What the box above a step lists: each wrong field with its message, linked to it (a
    step of titles is thousands of pixels long on a phone), and whether a file was refused
    (a browser cannot send back a file: it must be chosen again)."""
    campi = [(form[nome], form.errors[nome][0]) for nome in form.fields if nome in form.errors]
    generali = form.non_field_errors()
    return {
        "quanti": len(campi) + len(generali),
        "campi": [(campo.id_for_label or f"div_{campo.auto_id}",
                   getattr(campo.field, "etichetta_completa", campo.label), errore)
                  for campo, errore in campi],
        "generali": generali,
        "file": any(isinstance(campo.field.widget, FileInput) for campo, _ in campi),
    }


@login_required
def riepilogo(request, pk):
    """The last step: everything declared, on one screen, with what is missing; «Invia»."""
    candidatura = selectors.candidatura_viva(request.user, pk)
    if candidatura is None:
        procedura = access_avviso_per_candidatura(pk)  # a 404 if it is not published
        return redirect("candidature:presenta", pk=procedura.pk)
    if candidatura.stato != StatoCandidatura.BOZZA:
        return redirect("candidature:dettaglio", pk=candidatura.pk)
    procedura = candidatura.procedura
    return _pagina_riepilogo(request, procedura, candidatura, Elementi.del_modulo(procedura))


def _pagina_riepilogo(request, procedura, candidatura, elementi):
    candidatura.candidato = request.user  # the callers read it among the user's own
    # the documents, read once: by the check of what is missing and by the list on the page
    prefetch_related_objects([candidatura], Prefetch(
        "allegati", queryset=AllegatoCandidatura.objects.select_related("allegato_richiesto",
                                                                        "criterio")))
    contesto = contesto_del_riepilogo(
        procedura, candidatura, elementi, candidatura.allegati.all(),
        url_passi={p.slug: _url_passo(procedura.pk, p) for p in passi.PASSI})
    contesto["non_ancora"] = selectors.invio_non_ancora_possibile(procedura)
    return pagina(request, "candidature/riepilogo.html", contesto)


def contesto_del_riepilogo(procedura, candidatura, elementi, allegati, *, url_passi) -> dict:
    """The summary's page: what is missing (each with the step where it is filled in), the
    score, the documents; `allegati` and `url_passi` are the simulation's in views.simula."""
    corrente = passi.RIEPILOGO
    mancanti = []
    for campo, testo in services.mancanze(candidatura, procedura, elementi, allegati):
        passo_ = passi.passo_del_campo(campo, elementi)
        mancanti.append((testo, passo_, url_passi[passo_.slug]))
    return {
        "procedura": procedura, "candidatura": candidatura,
        "passi": passi.PASSI, "corrente": corrente, "precedente": passi.precedente(corrente),
        "url_passi": url_passi, "mancanti": mancanti,
        "punteggio": services.punteggio_dichiarato(candidatura, procedura, elementi.criteri),
        "allegati": allegati, "file_ripetuti": dichiarato.file_ripetuti(allegati),
        **dichiarato.contesto(candidatura, campi=elementi.campi, criteri=elementi.criteri),
    }
