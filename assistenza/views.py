"""Assistenza: «Apri ticket» and «Monitoraggio Tickets» for everyone, the queue for Supporto."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import ruolo_richiesto
from accounts.models import Ruolo
from portale import documenti
from portale.richieste import dati_inviati, errori_nel_form, segnala_da_correggere

from . import selectors, services
from .forms import (
    ApriTicketForm,
    AssegnaForm,
    CambiaStatoForm,
    FiltriCodaForm,
    FiltriMonitoraggioForm,
    MessaggioForm,
    NotaInternaForm,
    PeriodoForm,
    RiapriForm,
    RispostaForm,
)
from .models import STATI_CONCLUSI, TRANSIZIONI


@login_required
def monitoraggio(request):
    filtri = FiltriMonitoraggioForm(request.GET or None,
                                    tipologie=services.tipologie_ammesse(request.membership))
    valori = filtri.valori() if request.GET else {}
    pagina = Paginator(selectors.ticket_del_richiedente(request.user, **valori), 20).get_page(
        request.GET.get("pagina"))
    return render(request, "assistenza/monitoraggio.html", {
        "pagina": pagina, "filtri": filtri, "filtrato": bool(valori),
    })


@login_required
def apri(request):
    form = ApriTicketForm(*dati_inviati(request),
                          tipologie=services.tipologie_ammesse(request.membership))
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.apri_ticket(autore=request.user, membership=request.membership,
                                          **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except services.TicketGiaAperto as gia:
            messages.info(request, f"Questa richiesta è già stata inviata: è il ticket "
                                   f"{gia.ticket.codice}.")
            return redirect("assistenza:ticket", codice=gia.ticket.codice)
        else:
            conferma = (f" Ti abbiamo inviato una conferma all'indirizzo {request.user.email}."
                        if request.user.email else "")
            messages.success(request, f"Ticket {ticket.codice} aperto.{conferma}")
            return redirect("assistenza:ticket", codice=ticket.codice)
    if form.is_bound and form.errors:
        segnala_da_correggere(request, form, "Il ticket non è stato aperto: correggi i campi "
                                             "indicati.")
    return render(request, "assistenza/apri.html", {"form": form})


def _contesto_dettaglio(request, ticket, **moduli):
    supporto = services.e_supporto(request.membership)
    contesto = {
        "ticket": ticket, "supporto": supporto,
        "messaggi": selectors.messaggi_visibili(ticket, request.membership),
        "e_richiedente": ticket.richiedente_id == request.user.pk,
        "scadenza_riapertura": services.scadenza_riapertura(ticket),
        "giorni_riapertura": settings.ASSISTENZA_GIORNI_RIAPERTURA,
    }
    contesto["riapribile"] = (contesto["e_richiedente"] and ticket.stato in STATI_CONCLUSI
                              and services.riapribile_dal_richiedente(ticket))
    if contesto["e_richiedente"] and ticket.attivo:
        contesto["form_messaggio"] = moduli.get("form_messaggio") or MessaggioForm()
    if contesto["riapribile"]:
        contesto["form_riapri"] = moduli.get("form_riapri") or RiapriForm()
    if supporto:
        risposte = selectors.risposte_predefinite(ticket)
        operatori = selectors.operatori_supporto()
        contesto.update({
            "cronologia": selectors.cronologia_ticket(ticket),
            "risposte_predefinite": {str(r.pk): r.compila(ticket) for r in risposte},
            "form_risposta": moduli.get("form_risposta") or RispostaForm(
                ticket=ticket, risposte=risposte),
            "form_nota": moduli.get("form_nota") or NotaInternaForm(prefix="nota"),
            # offered only when there is someone else to give the ticket to
            "form_assegna": AssegnaForm(operatori=operatori,
                                        initial={"operatore": ticket.assegnato_a_id})
            if operatori.exclude(pk=ticket.assegnato_a_id).exists() else None,
            "form_stato": moduli.get("form_stato") or CambiaStatoForm(ticket=ticket,
                                                                      prefix="cambio"),
            "puo_cambiare_stato": bool(TRANSIZIONI[ticket.stato]),
        })
    return contesto


@login_required
def dettaglio(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    return render(request, "assistenza/ticket.html", _contesto_dettaglio(request, ticket))


def _esegui(request, ticket, azione, form=None, nome_form=None, messaggio_ok=""):
    """Run a service for a ticket page form: success → redirect, refusal → the page again."""
    try:
        azione()
    except PermissionDenied:
        raise
    except ValidationError as errore:
        if form is not None:
            errori_nel_form(form, errore)
            contesto = _contesto_dettaglio(request, ticket, **{nome_form: form})
            return render(request, "assistenza/ticket.html", contesto, status=400)
        messages.error(request, " ".join(errore.messages))
        return redirect("assistenza:ticket", codice=ticket.codice)
    if messaggio_ok:
        messages.success(request, messaggio_ok)
    return redirect("assistenza:ticket", codice=ticket.codice)


@login_required
@require_POST
def invia_messaggio(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    form = MessaggioForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "assistenza/ticket.html",
                      _contesto_dettaglio(request, ticket, form_messaggio=form), status=400)
    return _esegui(request, ticket, lambda: services.invia_riscontro(
        autore=request.user, ticket=ticket, **form.cleaned_data),
        form, "form_messaggio", "Messaggio inviato all'assistenza.")


@login_required
@require_POST
def riapri(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    form = RiapriForm(request.POST)
    if not form.is_valid():
        return render(request, "assistenza/ticket.html",
                      _contesto_dettaglio(request, ticket, form_riapri=form), status=400)
    return _esegui(request, ticket, lambda: services.riapri(
        autore=request.user, membership=request.membership, ticket=ticket,
        motivazione=form.cleaned_data["motivazione"]),
        form, "form_riapri", "Ticket riaperto.")


@login_required
@require_POST
def chiudi(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    return _esegui(request, ticket, lambda: services.chiudi(
        autore=request.user, membership=request.membership, ticket=ticket,
        motivazione=request.POST.get("motivazione", "")), messaggio_ok="Ticket chiuso.")


@login_required
def scarica_allegato(request, pk):
    allegato = selectors.access_allegato(request.user, request.membership, pk)
    return documenti.risposta_download(allegato.file.name, nome=allegato.nome_file,
                                       mime=allegato.tipo_mime)


# --- Supporto ---------------------------------------------------------------------------

@ruolo_richiesto(Ruolo.SUPPORTO)
def coda(request):
    filtri = FiltriCodaForm(request.GET or None)
    valori = filtri.valori()
    vista = valori.pop("vista")
    pagina = Paginator(selectors.coda(request.user, request.membership, vista=vista, **valori),
                       25).get_page(request.GET.get("pagina"))
    # the tabs change the view only: the search and the filters entered stay
    filtri_scheda = request.GET.copy()
    for chiave in ("vista", "pagina"):
        filtri_scheda.pop(chiave, None)
    return render(request, "assistenza/coda.html", {
        "pagina": pagina, "filtri": filtri, "vista": vista,
        "viste": selectors.VISTE_CODA, "filtri_scheda": filtri_scheda.urlencode(),
        "contatori": selectors.contatori_coda(request.user, request.membership, **valori),
        "solo_da_lavorare": valori == FiltriCodaForm.PREDEFINITI,
    })


@ruolo_richiesto(Ruolo.SUPPORTO)
@require_POST
def prendi(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    return _esegui(request, ticket, lambda: services.prendi_in_carico(
        autore=request.user, membership=request.membership, ticket=ticket),
        messaggio_ok=f"Hai preso in carico {ticket.codice}.")


@ruolo_richiesto(Ruolo.SUPPORTO)
@require_POST
def assegna(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    form = AssegnaForm(request.POST, operatori=selectors.operatori_supporto())
    if not form.is_valid():
        messages.error(request, "Scegli un operatore del Supporto.")
        return redirect("assistenza:ticket", codice=ticket.codice)
    operatore = form.cleaned_data["operatore"]
    return _esegui(request, ticket, lambda: services.assegna(
        autore=request.user, membership=request.membership, ticket=ticket, operatore=operatore),
        messaggio_ok=f"Ticket assegnato a {operatore}.")


@ruolo_richiesto(Ruolo.SUPPORTO)
@require_POST
def rispondi(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    form = RispostaForm(request.POST, request.FILES, ticket=ticket,
                        risposte=selectors.risposte_predefinite(ticket))
    if not form.is_valid():
        return render(request, "assistenza/ticket.html",
                      _contesto_dettaglio(request, ticket, form_risposta=form), status=400)
    dati = form.cleaned_data
    return _esegui(request, ticket, lambda: services.rispondi(
        autore=request.user, membership=request.membership, ticket=ticket, testo=dati["testo"],
        allegati=dati["allegati"], stato=dati["stato"]),
        form, "form_risposta", "Risposta inviata al richiedente.")


@ruolo_richiesto(Ruolo.SUPPORTO)
@require_POST
def nota_interna(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    form = NotaInternaForm(request.POST, prefix="nota")
    if not form.is_valid():
        return render(request, "assistenza/ticket.html",
                      _contesto_dettaglio(request, ticket, form_nota=form), status=400)
    return _esegui(request, ticket, lambda: services.aggiungi_nota_interna(
        autore=request.user, membership=request.membership, ticket=ticket,
        testo=form.cleaned_data["testo"]), form, "form_nota", "Nota interna aggiunta.")


@ruolo_richiesto(Ruolo.SUPPORTO)
@require_POST
def cambia_stato(request, codice):
    ticket = selectors.access_ticket(request.user, request.membership, codice)
    form = CambiaStatoForm(request.POST, ticket=ticket, prefix="cambio")
    if not form.is_valid():
        return render(request, "assistenza/ticket.html",
                      _contesto_dettaglio(request, ticket, form_stato=form), status=400)
    if (form.cleaned_data["stato"] in STATI_CONCLUSI
            and request.POST.get("cambio-confermato") != "1"):
        # concluding reaches the requester: asked first, the message kept
        contesto = _contesto_dettaglio(request, ticket, form_stato=form)
        contesto["conferma_stato"] = form.cleaned_data["stato"]
        return render(request, "assistenza/ticket.html", contesto)
    return _esegui(request, ticket, lambda: services.cambia_stato(
        autore=request.user, membership=request.membership, ticket=ticket,
        **form.cleaned_data), form, "form_stato", "Stato aggiornato.")


@ruolo_richiesto(Ruolo.SUPPORTO)
def report(request):
    form = PeriodoForm(request.GET or None)
    if form.is_bound and not form.is_valid():  # no figures of another period under the error
        return render(request, "assistenza/report.html", {"form": form, "report": None})
    periodo = form.cleaned_data if form.is_bound else {}
    return render(request, "assistenza/report.html", {
        "form": form,
        "report": selectors.report_tempi(dal=periodo.get("dal"), al=periodo.get("al")),
    })
