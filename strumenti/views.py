"""Strumenti (list, detail, download, upload) and the public Informazioni utili page."""

from email.utils import parseaddr
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import ruolo_richiesto
from portale import documenti
from portale.richieste import dati_inviati, errori_nel_form
from portale.selectors import cronologia

from . import faq, selectors, services
from .forms import CaricaStrumentoForm, FiltriStrumentiForm, NuovaVersioneForm, StrumentoForm
from .selectors import RUOLI_CARICAMENTO


def _anonimi_al_login(view):
    """A visitor not logged in who asks for what is not public is sent to log in (for a
    missing strumento too, so the answer tells nothing); a logged-in user gets the 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())

    return wrapped


def elenco(request):
    filtri = FiltriStrumentiForm(request.GET or None, user=request.user,
                                 membership=request.membership)
    valori = filtri.valori() if request.GET else {}
    qs = selectors.elenco_strumenti(request.user, request.membership, **valori)
    pagina = Paginator(qs, 20).get_page(request.GET.get("pagina"))
    return render(request, "strumenti/elenco.html", {
        "pagina": pagina, "filtri": filtri,
        "puo_caricare": selectors.puo_caricare(request.membership),
        "filtrato": any(valori.values()),
    })


@_anonimi_al_login
def dettaglio(request, pk):
    strumento = selectors.access_strumento(request.user, request.membership, pk)
    gestisce = selectors.puo_gestire(request.membership, strumento)
    return render(request, "strumenti/dettaglio.html", {
        "strumento": strumento, "gestisce": gestisce,
        "versioni": selectors.versioni_di(strumento),
        "cronologia": cronologia(strumento, request.membership) if gestisce else [],
    })


@_anonimi_al_login
def scarica(request, pk, numero=None):
    versione = selectors.access_versione(request.user, request.membership, pk, numero)
    risposta = documenti.risposta_download(versione.file.name, nome=versione.nome_file,
                                           mime=versione.tipo_mime)
    services.registra_download(versione=versione)  # counted once the file is really there
    return risposta


@ruolo_richiesto(*RUOLI_CARICAMENTO)
def carica(request):
    form = CaricaStrumentoForm(*dati_inviati(request),
                               dell_istituto=not request.membership.nazionale)
    if request.method == "POST" and form.is_valid():
        try:
            strumento = services.carica_strumento(
                autore=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            messages.success(request, f"Strumento «{strumento.titolo}» caricato.")
            return redirect("strumenti:dettaglio", pk=strumento.pk)
    return render(request, "strumenti/carica.html", {"form": form})


@ruolo_richiesto(*RUOLI_CARICAMENTO)
def modifica(request, pk):
    strumento = selectors.access_strumento_gestibile(request.membership, pk)
    form = StrumentoForm(dati_inviati(request)[0], instance=strumento,
                         dell_istituto=strumento.istituto_id is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.modifica_strumento(autore=request.user, membership=request.membership,
                                        strumento=strumento, **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            messages.success(request, "Dati dello strumento salvati.")
            return redirect("strumenti:dettaglio", pk=strumento.pk)
    return render(request, "strumenti/modifica.html", {"form": form, "strumento": strumento})


@ruolo_richiesto(*RUOLI_CARICAMENTO)
def nuova_versione(request, pk):
    strumento = selectors.access_strumento_gestibile(request.membership, pk)
    form = NuovaVersioneForm(*dati_inviati(request))
    if request.method == "POST" and form.is_valid():
        try:
            versione = services.carica_versione(
                autore=request.user, membership=request.membership, strumento=strumento,
                **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            messages.success(request, f"Versione {versione.numero} caricata: ora è quella "
                                      "scaricata da tutti.")
            return redirect("strumenti:dettaglio", pk=strumento.pk)
    return render(request, "strumenti/nuova_versione.html", {"form": form, "strumento": strumento})


@ruolo_richiesto(*RUOLI_CARICAMENTO)
@require_POST
def ritira(request, pk):
    strumento = selectors.access_strumento_gestibile(request.membership, pk)
    try:
        services.ritira_strumento(autore=request.user, membership=request.membership,
                                  strumento=strumento)
    except PermissionDenied as errore:
        messages.error(request, str(errore))
        return redirect("strumenti:dettaglio", pk=strumento.pk)
    messages.success(request, f"Lo strumento «{strumento.titolo}» è stato ritirato: lo trovi "
                              "in «Strumenti ritirati» se devi ripristinarlo.")
    return redirect("strumenti:elenco")


@ruolo_richiesto(*RUOLI_CARICAMENTO)
def ritirati(request):
    qs = selectors.strumenti_ritirati(request.membership)
    return render(request, "strumenti/ritirati.html", {
        "pagina": Paginator(qs, 20).get_page(request.GET.get("pagina"))})


@ruolo_richiesto(*RUOLI_CARICAMENTO)
@require_POST
def ripristina(request, pk):
    strumento = selectors.access_strumento_gestibile(request.membership, pk, ritirato=True)
    services.ripristina_strumento(autore=request.user, membership=request.membership,
                                  strumento=strumento)
    messages.success(request, f"Lo strumento «{strumento.titolo}» è di nuovo visibile e "
                              "scaricabile come prima del ritiro.")
    return redirect("strumenti:dettaglio", pk=strumento.pk)


def informazioni_utili(request):
    email_assistenza = parseaddr(settings.ASSISTENZA_FROM_EMAIL)[1]
    contatti = {
        "email_assistenza": email_assistenza,
        "mittente_notifiche": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        "giorni_riapertura": settings.ASSISTENZA_GIORNI_RIAPERTURA,
        "dimensione_massima": documenti.descrivi_dimensione(documenti.dimensione_massima()),
    }
    return render(request, "strumenti/informazioni_utili.html", {
        "sezioni": faq.sezioni(contatti), "contatti": contatti,
        "materiali": selectors.guide_e_materiali_pubblici(),
    })
