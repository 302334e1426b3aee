"""Amministrazione centrale manages istituti and DS; a DS manages the own staff."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import ruolo_richiesto
from accounts.models import REGIONI, Ruolo
from accounts.selectors import dirigente_in_servizio

from .. import selectors
from ..forms import AssegnaRuoloForm, IstitutoForm
from ..richieste import dati_inviati, errori_nel_form
from ..services import organizzazione


@ruolo_richiesto(Ruolo.AMMINISTRAZIONE)
def elenco_istituti(request):
    cerca = request.GET.get("q", "").strip()
    regione = request.GET.get("regione", "")
    senza_ds = request.GET.get("senza_ds") == "1"
    pagina = Paginator(selectors.elenco_istituti(cerca=cerca, regione=regione, senza_ds=senza_ds),
                       25).get_page(request.GET.get("pagina"))
    return render(request, "portale/istituti.html", {
        "pagina": pagina, "q": cerca, "regione": regione, "regioni": REGIONI,
        "senza_ds": senza_ds})


@ruolo_richiesto(Ruolo.AMMINISTRAZIONE)
def modifica_istituto(request, codice=None):
    istituto = selectors.access_istituto(request.membership, codice) if codice else None
    # the name as saved: a refused form has already written what was typed into `istituto`
    denominazione = istituto.denominazione if istituto else ""
    form = IstitutoForm(*dati_inviati(request), instance=istituto)
    if request.method == "POST" and form.is_valid():
        dati = {campo: form.cleaned_data[campo] for campo in form.Meta.fields}
        try:
            if istituto is None:
                istituto = organizzazione.crea_istituto(
                    autore=request.user, membership=request.membership, **dati)
                messages.success(request, f"Istituto {istituto.denominazione} creato. Ora "
                                          "assegna il ruolo di Dirigente Scolastico.")
                return redirect(_assegna_il_dirigente(istituto))
            else:
                organizzazione.modifica_istituto(
                    autore=request.user, membership=request.membership, istituto=istituto, **dati)
                messages.success(request, "Dati dell'istituto salvati.")
            return redirect("portale:istituti")
        except ValidationError as errore:
            errori_nel_form(form, errore)
    cronologia = selectors.cronologia(istituto, request.membership) if istituto else []
    return render(request, "portale/istituto_form.html", {
        "form": form, "istituto": istituto, "denominazione": denominazione,
        "cronologia": cronologia, "assegna_il_dirigente": (_assegna_il_dirigente(istituto) if istituto
                                 and dirigente_in_servizio(istituto.pk) is None else ""),
    })


def _assegna_il_dirigente(istituto) -> str:
    """«Assegna un ruolo» filled in with the istituto and the DS."""
    return f"{reverse('portale:assegna_ruolo')}?{urlencode({'istituto': istituto.pk, 'ruolo': Ruolo.DS})}"


@ruolo_richiesto(Ruolo.DS, Ruolo.AMMINISTRAZIONE)
def elenco_personale(request):
    cerca = request.GET.get("q", "").strip()
    solo_validi = request.GET.get("tutti") != "1"
    pagina = Paginator(
        selectors.elenco_ruoli(request.membership, solo_validi=solo_validi, cerca=cerca), 25
    ).get_page(request.GET.get("pagina"))
    return render(request, "portale/personale.html", {
        "pagina": pagina, "q": cerca, "tutti": not solo_validi, "oggi": timezone.localdate(),
    })


@ruolo_richiesto(Ruolo.DS, Ruolo.AMMINISTRAZIONE)
def assegna_ruolo(request):
    membership = request.membership
    form = AssegnaRuoloForm(
        dati_inviati(request)[0],
        ruoli=organizzazione.ruoli_assegnabili(membership),
        con_istituto=membership.ruolo == Ruolo.AMMINISTRAZIONE,
        # from a new istituto's page: its DS, already chosen (the form checks both values)
        initial={k: request.GET[k] for k in ("istituto", "ruolo") if k in request.GET},
    )
    if request.method == "POST" and form.is_valid():
        try:
            nuovo = organizzazione.assegna_ruolo(autore=request.user, membership=membership,
                                                 **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, str(errore))
        else:
            messages.success(request, f"Ruolo {nuovo.ruolo_della_persona} assegnato a {nuovo.user}.")
            return redirect("portale:personale")
    return render(request, "portale/assegna_ruolo.html", {"form": form})


@ruolo_richiesto(Ruolo.DS, Ruolo.AMMINISTRAZIONE)
def dettaglio_ruolo(request, pk):
    ruolo = selectors.access_membership(request.membership, pk)
    return render(request, "portale/ruolo.html", {
        "ruolo": ruolo, "cronologia": selectors.cronologia(ruolo, request.membership),
        "non_revocabile": organizzazione.revoca_non_ammessa(request.membership, ruolo),
    })


@ruolo_richiesto(Ruolo.DS, Ruolo.AMMINISTRAZIONE)
@require_POST
def revoca_ruolo(request, pk):
    ruolo = selectors.access_membership(request.membership, pk)
    try:
        organizzazione.revoca_ruolo(autore=request.user, membership=request.membership,
                                    ruolo_da_revocare=ruolo)
    except PermissionDenied as errore:
        messages.error(request, str(errore))
        return redirect("portale:ruolo", pk=ruolo.pk)
    messages.success(request, f"Ruolo revocato a {ruolo.user}.")
    return redirect("portale:personale")
