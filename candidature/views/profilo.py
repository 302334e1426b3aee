"""«Il mio profilo» (issue 17): the person's contacts, titles, experiences and CV, entered
once and reused in every application (precompila.py). Each person reaches only their own
profile: the entries and the documents (CV, identity document) are loaded with selectors_profilo.access_voce (404 otherwise)."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.limiti import limita
from portale import documenti
from portale.input_ostile import intero
from portale.richieste import dati_inviati
from procedure.selectors import access_avviso_pubblico

from .. import precompila, selectors, selectors_profilo
from ..forms_profilo import FORM_DOCUMENTO, ContattiForm, VoceForm
from ..models import StatoCandidatura
from ..models_profilo import TipoVoce, accordato
from ..services import profilo as services_profilo

PER_PAGINA = 20


def _errori_del_servizio(form, errore: ValidationError) -> None:
    if hasattr(errore, "error_dict"):
        for campo, elenco in errore.error_dict.items():
            for e in elenco:
                form.add_error(campo if campo in form.fields else None, e)
    else:
        form.add_error(None, errore)


@login_required
def profilo(request):
    return render(request, "candidature/profilo/profilo.html", {
        "sezioni": selectors_profilo.sezioni(request.user),
        "documenti": selectors_profilo.documenti_di(request.user),
    })


@login_required
@limita("passi", per="persona")
def contatti(request):
    # a copy: a ModelForm writes the typed values into its instance while validating
    form = ContattiForm(*dati_inviati(request), instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services_profilo.aggiorna_contatti(persona=request.user, dati=form.cleaned_data)
        except ValidationError as errore:
            _errori_del_servizio(form, errore)
        else:
            messages.success(request, "Contatti salvati. Le prossime candidature li useranno.")
            return redirect("candidature:profilo")
    return render(request, "candidature/profilo/modulo.html", {
        "form": form, "titolo": "Contatti e domicilio digitale"})


@login_required
def sezione(request, slug):
    tipo = selectors_profilo.tipo_da_slug(slug)
    numero = intero(request.GET.get("pagina"), minimo=1, massimo=100_000, predefinito=1)
    pagina = Paginator(selectors_profilo.voci_di(request.user).filter(tipo=tipo),
                       PER_PAGINA).get_page(numero)
    return render(request, "candidature/profilo/sezione.html", {
        "pagina": pagina, "slug": slug, "tipo": TipoVoce(tipo),
        "titolo": selectors_profilo.TITOLI_SEZIONE[tipo],
        "vuota": selectors_profilo.VUOTE[tipo]})


def _modulo_voce(request, tipo, voce=None):
    form = VoceForm(*dati_inviati(request), instance=voce, tipo=tipo)
    if request.method == "POST" and form.is_valid():
        dati = {k: form.cleaned_data.get(k) for k in form.fields}
        try:
            if voce is None:
                services_profilo.aggiungi_voce(persona=request.user, tipo=tipo, dati=dati)
            else:
                services_profilo.modifica_voce(persona=request.user, voce=voce, dati=dati)
        except ValidationError as errore:
            _errori_del_servizio(form, errore)
        else:
            messages.success(request, f"{accordato(tipo, 'salvat')} nel profilo.")
            return redirect("candidature:profilo_sezione",
                            slug=selectors_profilo.SLUG[TipoVoce(tipo)])
    etichetta = TipoVoce(tipo).label.lower()
    return render(request, "candidature/profilo/modulo.html", {
        "form": form, "voce": voce, "slug": selectors_profilo.SLUG[TipoVoce(tipo)],
        "sezione": selectors_profilo.TITOLI_SEZIONE[TipoVoce(tipo)],
        "titolo": f"Modifica {etichetta}" if voce else f"Aggiungi {etichetta}"})


@login_required
@limita("passi", per="persona")
def nuova_voce(request, slug):
    return _modulo_voce(request, selectors_profilo.tipo_da_slug(slug))


@login_required
@limita("passi", per="persona")
def modifica_voce(request, pk):
    voce = selectors_profilo.access_voce(request.user, pk)
    return _modulo_voce(request, voce.tipo, voce)


@login_required
@limita("passi", per="persona")
def elimina_voce(request, pk):
    """A confirmation page (GET) that says what goes; POST removes it."""
    voce = selectors_profilo.access_voce(request.user, pk)
    slug = selectors_profilo.SLUG[TipoVoce(voce.tipo)]
    if request.method == "POST":
        services_profilo.elimina_voce(persona=request.user, voce=voce)
        messages.success(request, f"{accordato(voce.tipo, 'tolt')} dal profilo. Le candidature "
                                  "già presentate non cambiano.")
        return redirect("candidature:profilo_sezione", slug=slug)
    return render(request, "candidature/profilo/elimina.html", {
        "oggetto": voce.in_parole(), "tipo": voce.get_tipo_display(),
        "annulla": "candidature:profilo_sezione", "slug": slug})


@login_required
@limita("passi", per="persona")
def documento(request, tipo):
    """Upload or replace a document of the profile (the CV, the identity document)."""
    tipo = selectors_profilo.tipo_documento(tipo)
    Form, campo = FORM_DOCUMENTO[tipo.slug]
    form = Form(*dati_inviati(request))
    if request.method == "POST" and form.is_valid():
        try:
            services_profilo.carica_documento(persona=request.user, tipo=tipo,
                                              verificato=form.cleaned_data[campo])
        except ValidationError as errore:
            _errori_del_servizio(form, errore)
        else:
            messages.success(request, f"{tipo.nome} salvato nel profilo.")
            return redirect("candidature:profilo")
    return render(request, "candidature/profilo/modulo.html", {
        "form": form, "titolo": tipo.nome, "file": True, "tipo_documento": tipo,
        "documento": selectors_profilo.documento_di(request.user, tipo)})


@login_required
def scarica_documento(request, tipo):
    documento = selectors_profilo.documento_di(request.user, selectors_profilo.tipo_documento(tipo))
    if documento is None:
        raise Http404
    return documenti.risposta_download(documento.percorso, nome=documento.nome,
                                       mime=documento.mime)


@login_required
@limita("passi", per="persona")
def elimina_documento(request, tipo):
    tipo = selectors_profilo.tipo_documento(tipo)
    documento = selectors_profilo.documento_di(request.user, tipo)
    if documento is None:
        raise Http404
    if request.method == "POST":
        services_profilo.elimina_documento(persona=request.user, tipo=tipo)
        messages.success(request, f"{tipo.nome} tolto dal profilo. Le candidature già "
                                  "presentate conservano il loro.")
        return redirect("candidature:profilo")
    return render(request, "candidature/profilo/elimina.html", {
        "oggetto": documento.nome, "tipo": tipo.nome, "annulla": "candidature:profilo"})


@login_required
@require_POST
@limita("passi", per="persona")
def salva_nel_profilo(request, pk):
    """«Salva nel mio profilo» from the draft of the avviso `pk` (the saved data), on the
    Titoli step or the riepilogo (back there)."""
    procedura = access_avviso_pubblico(pk)
    candidatura = (selectors.candidature_di(request.user).filter(procedura=procedura)
                   .exclude(stato__in=(StatoCandidatura.RITIRATA, StatoCandidatura.ANNULLATA))
                   .first())
    if candidatura is None:
        raise Http404
    aggiunte, mancanti = precompila.salva_nel_profilo(persona=request.user,
                                                      candidatura=candidatura)
    if aggiunte:
        messages.success(request, "Salvato nel tuo profilo: " + "; ".join(aggiunte) + ".")
    if mancanti:
        messages.warning(request, "Non salvato nel profilo: " + "; ".join(mancanti) + ".")
    elif not aggiunte:
        messages.info(request, "Il profilo ha già tutto ciò che questa candidatura dichiara "
                               "(i conteggi di anni ed esperienze restano nella candidatura).")
    if candidatura.stato == StatoCandidatura.BOZZA:
        if request.POST.get("torna") == "riepilogo":  # the button of the riepilogo
            return redirect("candidature:riepilogo", pk=procedura.pk)
        return redirect("candidature:passo", pk=procedura.pk, slug="titoli")
    return redirect("candidature:dettaglio", pk=candidatura.pk)
