"""The pages of the Rilevazione del fabbisogno: list, create, edit, detail and conclusion of a
scheda progettuale. Thin: parse, call a service, render."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.decorators import ruolo_richiesto
from accounts.models import Ruolo
from portale.richieste import dati_inviati, errori_nel_form, segnala_da_correggere
from portale.selectors import cronologia

from . import estensioni, selectors, services
from .forms import SchedaForm
from .models import StatoScheda

ruoli_schede = ruolo_richiesto(*services.RUOLI_SCHEDE)


@ruoli_schede
def elenco_schede(request):
    fase = request.GET.get("fase", "")
    fase = fase if fase in StatoScheda.values else ""  # an unknown one would empty the list
    cerca = request.GET.get("q", "").strip()
    pagina = Paginator(selectors.elenco_schede(request.membership, fase=fase, cerca=cerca), 20
                       ).get_page(request.GET.get("pagina"))
    return render(request, "fabbisogno/schede.html", {
        "pagina": pagina, "fase": fase, "q": cerca, "fasi": StatoScheda.choices,
    })


def _pagina_form(request, form, scheda):
    if form.is_bound and form.errors:  # the error may be far down the page (a phone)
        segnala_da_correggere(request, form, "La scheda non è stata salvata: correggi i campi "
                                             "indicati.")
    # each CCNL rate with its own State charges (lordo Stato = lordo dipendente × (1 + aliquota))
    tariffe = {str(t.pk): {"orario": str(t.importo_orario), "aliquota": str(t.aliquota_oneri_stato)}
               for t in form.fields["tariffa"].queryset}
    return render(request, "fabbisogno/scheda_form.html", {
        "form": form, "scheda": scheda, "tariffe_json": json.dumps(tariffe),
        "tariffa_da_controllare": services.TARIFFA_DA_CONTROLLARE,
        # the bounds the server accepts, for the live amount box (importo.js)
        "ore_massime": services.ORE_PREVISTE_MASSIME,
        "compenso_massimo": services.COMPENSO_ORARIO_MASSIMO,
        "decimali": form.fields["tariffa_manuale"].decimal_places,
    })


@ruoli_schede
def crea_scheda(request):
    form = SchedaForm(dati_inviati(request)[0], membership=request.membership)
    if request.method == "POST" and form.is_valid():
        gemella = selectors.bozza_appena_creata(request.user, request.membership,
                                                form.cleaned_data["titolo"])
        try:
            if gemella is None:
                scheda = services.crea_scheda(autore=request.user, membership=request.membership,
                                              **form.cleaned_data)
            else:  # saved again after the browser's Back: the same scheda, with what is typed
                scheda = services.salva_scheda(autore=request.user, membership=request.membership,
                                               scheda=gemella, **form.cleaned_data)
                messages.info(request, f"La scheda «{scheda.titolo}» era appena stata creata: "
                                       "è stata aggiornata, senza crearne una seconda.")
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            return _dopo_salvataggio(request, scheda)
    return _pagina_form(request, form, None)


@ruoli_schede
def modifica_scheda(request, pk):
    scheda = selectors.access_scheda(request.membership, pk)
    if scheda.stato != StatoScheda.BOZZA:
        messages.info(request, "La scheda è conclusa: non si può più modificare.")
        return redirect("fabbisogno:scheda", pk=scheda.pk)
    form = SchedaForm(dati_inviati(request)[0], instance=scheda, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            scheda = services.salva_scheda(autore=request.user, membership=request.membership,
                                           scheda=scheda, **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            return _dopo_salvataggio(request, scheda)
    return _pagina_form(request, form, scheda)


def _dopo_salvataggio(request, scheda):
    # a complete scheda's conclusion page says the warnings itself, beside «Ho controllato…»
    if "successivo" not in request.POST or services.elementi_mancanti(scheda):
        for avvertenza in services.avvertenze(scheda):
            messages.warning(request, avvertenza)
    if "successivo" in request.POST:
        return redirect("fabbisogno:conclusione_scheda", pk=scheda.pk)
    messages.success(request, f"Bozza «{scheda.titolo}» salvata.")
    return redirect("fabbisogno:modifica_scheda", pk=scheda.pk)


@ruoli_schede
def dettaglio_scheda(request, pk):
    scheda = selectors.access_scheda(request.membership, pk)
    return render(request, "fabbisogno/scheda.html", {
        "scheda": scheda, "cronologia": cronologia(scheda, request.membership),
        "avvisi": estensioni.avvisi(scheda) if scheda.stato == StatoScheda.CONCLUSA else [],
        "procedura_generata": estensioni.procedura_generata(scheda)
        if scheda.stato == StatoScheda.CONCLUSA else None,
    })


@ruoli_schede
def conclusione_scheda(request, pk):
    """The confirmation page («Conclusione») before «Concludi scheda progettuale»."""
    scheda = selectors.access_scheda(request.membership, pk)
    if scheda.stato != StatoScheda.BOZZA:
        return redirect("fabbisogno:scheda", pk=scheda.pk)
    return render(request, "fabbisogno/scheda_conclusione.html", {
        "scheda": scheda, "mancanti": services.elementi_mancanti(scheda),
        "avvertenze": services.avvertenze(scheda), "da_confermare": services.da_confermare(scheda),
    })


@ruoli_schede
@require_POST
def concludi_scheda(request, pk):
    scheda = selectors.access_scheda(request.membership, pk)
    try:
        services.concludi_scheda(autore=request.user, membership=request.membership, scheda=scheda,
                                 avvertenze_controllate="avvertenze_controllate" in request.POST)
    except ValidationError as errore:
        for messaggio in errore.messages:
            messages.error(request, messaggio)
        return redirect("fabbisogno:conclusione_scheda", pk=scheda.pk)
    messages.success(request, "Scheda progettuale conclusa. " + (
        _avvisati(scheda) if request.membership.ruolo == Ruolo.REFERENTE
        else "Ora puoi generare la procedura di selezione."))
    return redirect("fabbisogno:scheda", pk=scheda.pk)


@ruoli_schede
def elimina_scheda(request, pk):
    """«Elimina bozza»: GET is the confirmation page, POST deletes (irreversible)."""
    scheda = selectors.access_scheda(request.membership, pk)
    if scheda.stato != StatoScheda.BOZZA:
        messages.error(request, "La scheda è conclusa: non si può eliminare.")
        return redirect("fabbisogno:scheda", pk=scheda.pk)
    if request.method != "POST":
        return render(request, "fabbisogno/scheda_elimina.html", {"scheda": scheda})
    try:
        services.elimina_scheda(autore=request.user, membership=request.membership, scheda=scheda)
    except ValidationError as errore:
        for messaggio in errore.messages:
            messages.error(request, messaggio)
        return redirect("fabbisogno:scheda", pk=scheda.pk)
    messages.success(request, f"Bozza «{scheda.titolo}» eliminata.")
    return redirect("fabbisogno:schede")


# who the referente's conclusion reached, as the roles present at the istituto say it, and
# who generates the procedure («da qui genera» was read as «generate it from here», which she
# cannot do)
_AVVISATI = {
    (Ruolo.DS, Ruolo.DSGA): ("Il Dirigente Scolastico e il DSGA sono stati avvisati: sono loro "
                             "a generare la procedura di selezione da questa scheda."),
    (Ruolo.DS,): ("Il Dirigente Scolastico è stato avvisato: la procedura di selezione la genera "
                  "il Dirigente da questa scheda."),
    (Ruolo.DSGA,): ("Il DSGA è stato avvisato: la procedura di selezione la genera il DSGA da "
                    "questa scheda."),
}


def _avvisati(scheda) -> str:
    ruoli = tuple(r for r in (Ruolo.DS, Ruolo.DSGA)
                  if r in {m.ruolo for m in selectors.chi_genera_la_procedura(scheda.istituto_id)})
    if not ruoli:
        return ("Nel portale l'istituto non ha ancora né un Dirigente Scolastico né un DSGA: "
                "nessuno è stato avvisato. Chi genera la procedura di selezione la trova tra le "
                "schede concluse.")
    return _AVVISATI[ruoli]
