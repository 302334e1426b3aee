"""The candidate's answer to a request for integration (istruttoria), from «Le mie candidature».

A person reaches only the requests addressed to the own applications: the same 404 for a
request that is missing or somebody else's.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from portale import documenti
from portale.richieste import dati_inviati, errori_nel_form

from .. import selectors, services
from ..forms_istanze import RispostaIntegrazioneForm
from ..models import StatoRichiesta


@login_required
def rispondi(request, pk, richiesta_pk):
    richiesta = selectors.access_richiesta_propria(request.user, pk, richiesta_pk)
    candidatura = richiesta.candidatura
    if richiesta.stato != StatoRichiesta.APERTA and request.method != "POST":
        return redirect("candidature:dettaglio", pk=candidatura.pk)
    form = RispostaIntegrazioneForm(*dati_inviati(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.rispondi_integrazione(
                candidato=request.user, richiesta=richiesta, testo=form.cleaned_data["testo"],
                documenti_verificati=form.cleaned_data["documenti"] or [])
        except ValidationError as errore:
            if getattr(errore, "code", None) in ("gia_risposta", "scaduta", "stato"):
                messages.error(request, " ".join(errore.messages))
                return redirect("candidature:dettaglio", pk=candidatura.pk)
            errori_nel_form(form, errore)
        else:
            messages.success(request, "Integrazione inviata. Trovi qui la risposta e i documenti; "
                                      "la candidatura inviata resta invariata.")
            return redirect("candidature:dettaglio", pk=candidatura.pk)
    return render(request, "candidature/rispondi_integrazione.html", {
        "richiesta": richiesta, "candidatura": candidatura, "procedura": candidatura.procedura,
        "form": form})


@login_required
def scarica_documento(request, pk, documento_pk):
    documento = selectors.access_documento_integrazione_proprio(request.user, pk, documento_pk)
    return documenti.risposta_download(documento.percorso, nome=documento.nome, mime=documento.mime)
