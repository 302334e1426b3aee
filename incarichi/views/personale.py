"""The incaricato's own pages: «I miei incarichi»; «Il mio incarico» (the act to read, sign
and return; the timesheet to keep). Any logged-in person, only for an incarico conferred on
them: the same 404 otherwise. Thin: parse, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portale import documenti
from portale.lingua import data_con
from portale.richieste import dati_inviati, errori_nel_form

from .. import cruscotto, forms, selectors, stati
from ..models import TipoDocumentoIncarico
from ..services import incarichi as servizi

ORE_ID = "id_ore_%s"  # beside the signed copy's form on the same page


def _pagina(request, incarico, *, form=None, ore_form=None, iban_form=None):
    ore = list(incarico.ore_svolte.select_related("verificata_da"))
    return render(request, "incarichi/il_mio_incarico.html", {
        "incarico": incarico, "form": form or forms.DocumentoForm(),
        "da_firmare": incarico.stato in stati.TRANSIZIONI["registra_firma"].da,
        "firmato": incarico.documenti.filter(tipo=TipoDocumentoIncarico.ATTO_FIRMATO)
        .order_by("-pk").first(),
        "ore_svolte": ore, "ore_totali": sum((riga.ore for riga in ore), 0),
        "ore_verificate": sum((riga.ore for riga in ore if riga.verificata_il), 0),
        "solo_annotate": all(riga.inserita_da_id == incarico.persona_id for riga in ore),
        "registro_ore_aperto": servizi.registro_ore_aperto(incarico),
        "iban_form": iban_form or forms.IbanForm(
            auto_id="iban_%s", initial={"iban": incarico.iban_in_parole}),
        # the day of the lesson, most often today
        "ore_form": ore_form or forms.OreForm(auto_id=ORE_ID,
                                              initial={"data": timezone.localdate()})})


@login_required
def i_miei_incarichi(request):
    """«I miei incarichi»: every incarico conferred on the person, what to do on each."""
    pagina = Paginator(selectors.incarichi_della_persona(request.user), 20).get_page(
        request.GET.get("pagina"))
    for incarico in pagina:
        incarico.da_fare = cruscotto.da_fare_della_persona(incarico)
    return render(request, "incarichi/i_miei_incarichi.html", {"pagina": pagina})


@login_required
def il_mio_incarico(request, pk):
    """«Il mio incarico»: the incaricato reads the act, downloads it and returns it signed."""
    incarico = selectors.access_incarico_della_persona(request.user, pk)
    form = forms.DocumentoForm(*dati_inviati(request))
    if request.method == "POST" and form.is_valid():
        try:
            servizi.restituisci_atto_firmato(persona=request.user, incarico=incarico,
                                             file=form.cleaned_data["file"])
        except ValidationError as errore:
            if not hasattr(errore, "error_dict"):  # the act no longer awaits it: said on top
                messages.error(request, " ".join(errore.messages))
                return redirect("incarichi:il_mio_incarico", pk=incarico.pk)
            errori_nel_form(form, errore)
        else:
            messages.success(request, "Atto firmato restituito: l'istituto lo trova nella pagina "
                                      "dell'incarico.")
            return redirect("incarichi:il_mio_incarico", pk=incarico.pk)
    return _pagina(request, incarico, form=form)


@login_required
@require_POST
def comunica_iban(request, pk):
    """«Dati per il pagamento»: the IBAN, checked; the error beside the field, what was typed
    kept; a rule of the incarico (school staff, liquidated) said on top."""
    incarico = selectors.access_incarico_della_persona(request.user, pk)
    form = forms.IbanForm(request.POST, auto_id="iban_%s")
    if form.is_valid():
        try:
            servizi.comunica_iban(persona=request.user, incarico=incarico,
                                  iban=form.cleaned_data["iban"])
        except ValidationError as errore:
            if not hasattr(errore, "error_dict"):
                messages.error(request, " ".join(errore.messages))
                return redirect("incarichi:il_mio_incarico", pk=incarico.pk)
            errori_nel_form(form, errore)
        else:
            messages.success(request, "IBAN salvato: l'istituto lo usa per pagarti il compenso.")
            return redirect(reverse("incarichi:il_mio_incarico", args=[incarico.pk])
                            + "#pagamento")
    return _pagina(request, incarico, iban_form=form)


@login_required
@require_POST
def annota_ore(request, pk):
    """«Annota le ore»: a line of the incaricato's timesheet; errors beside the fields, what was
    typed kept."""
    incarico = selectors.access_incarico_della_persona(request.user, pk)
    form = forms.OreForm(request.POST, auto_id=ORE_ID, incarico=incarico)
    if form.is_valid():
        try:
            servizi.annota_ore(persona=request.user, incarico=incarico, **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            messages.success(request, "Ore annotate: il Dirigente Scolastico o il DSGA le "
                                      "verificano prima della liquidazione.")
            return _al_registro(incarico)
    # a rule of the whole register (closed, say) is said on top: the form may not be shown
    generali = form.non_field_errors()
    messages.error(request, "Le ore non sono state annotate" + (
        ". " + " ".join(generali) if generali else ": correggi i dati nel registro ore."))
    return _pagina(request, incarico, ore_form=form)


@login_required
@require_POST
def elimina_ore_annotate(request, pk, riga_pk):
    incarico = selectors.access_incarico_della_persona(request.user, pk)
    try:
        riga = servizi.elimina_ore_annotate(persona=request.user, incarico=incarico,
                                            riga_pk=riga_pk)
    except ValidationError as errore:
        messages.error(request, " ".join(errore.messages))
    else:
        messages.success(request, f"Eliminata la riga {data_con('del', riga.data)} del registro ore.")
    return _al_registro(incarico)


def _al_registro(incarico):
    return redirect(reverse("incarichi:il_mio_incarico", args=[incarico.pk]) + "#registro-ore")


@login_required
def scarica_il_mio_atto(request, pk):
    """The act of an incarico conferred on the person logged in, to read and sign."""
    atto = selectors.access_atto_della_persona(request.user, pk)
    return documenti.risposta_download(atto.percorso, nome=atto.nome, mime=atto.mime)
