"""Transparency: the public page per istituto (no codice fiscale, nothing personal beyond
name, act, object, duration, compenso and the published CV), and the DS's obligations:
deadlines, the CSV for the Anagrafe delle prestazioni, the comunicazione negativa."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import ruolo_richiesto
from accounts.models import Ruolo
from portale import csv_sicuro, documenti, input_ostile
from portale.richieste import dati_inviati, errori_nel_form, segnala_da_correggere

from .. import forms, selectors
from ..services import incarichi as servizi

ruoli_trasparenza = ruolo_richiesto(Ruolo.DS, Ruolo.DSGA)

# The fields the Anagrafe delle prestazioni (PerlaPA) asks for each incarico.
COLONNE_ANAGRAFE = [
    "codice_fiscale_incaricato", "cognome", "nome", "data_nascita", "tipo_incaricato",
    "amministrazione_appartenenza", "oggetto_incarico", "tipo_atto", "estremi_atto",
    "data_conferimento", "data_inizio", "data_fine", "importo_previsto", "importo_erogato",
    "modalita_conferimento", "attestazione_assenza_conflitto_interessi",
    "recesso_efficace_dal",  # a revoked incarico: data_fine is then the last day worked
]


def indice_pubblico(request):
    """«Amministrazione trasparente» from the footer: the istituti, each to its page."""
    q = request.GET.get("q", "")[:100]
    pagina = Paginator(selectors.istituti_pubblici(q), 20).get_page(request.GET.get("pagina"))
    return render(request, "incarichi/trasparenza_indice.html", {"pagina": pagina, "q": q})


def pagina_pubblica(request, codice_meccanografico):
    istituto = selectors.istituto_pubblico(codice_meccanografico)
    esterni, personale = selectors.incarichi_pubblicati(istituto)
    return render(request, "incarichi/trasparenza_pubblica.html", {
        "istituto": istituto, "esterni": esterni, "personale": personale,
    })


def curriculum_pubblico(request, codice_meccanografico, documento_pk):
    istituto = selectors.istituto_pubblico(codice_meccanografico)
    documento = selectors.curriculum_pubblico(istituto, documento_pk)
    return documenti.risposta_download(documento.percorso, nome=documento.nome,
                                       mime=documento.mime)


@ruoli_trasparenza
def trasparenza(request):
    return _pagina_trasparenza(request)


def _pagina_trasparenza(request, negativa_form=None):
    """The DS's obligations; `negativa_form`: the comunicazione negativa just sent and
    refused, shown again as typed with its errors."""
    oggi = timezone.localdate()
    return render(request, "incarichi/trasparenza.html", {
        "scadenze": selectors.scadenze_trasparenza(request.membership),
        "negative": selectors.comunicazioni_negative(request.membership),
        "anni": range(oggi.year, oggi.year - 4, -1),
        "negativa_form": negativa_form or forms.ComunicazioneNegativaForm(
            initial={"anno": oggi.year - 1}),
    })


@ruoli_trasparenza
def esporta_anagrafe(request):
    # 400 for a year that is not one (99999999999, -5): it would overflow the date filter
    anno = input_ostile.anno(request.GET.get("anno"), predefinito=timezone.localdate().year)
    risposta = HttpResponse(content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = f'attachment; filename="anagrafe-prestazioni-{anno}.csv"'
    risposta.write("\ufeff")  # Excel reads UTF-8 only with the BOM
    scrittore = csv_sicuro.scrittore(risposta, delimiter=";")
    scrittore.writerow(COLONNE_ANAGRAFE)
    for i in selectors.incarichi_per_anagrafe(request.membership, anno):
        scrittore.writerow([
            i.persona.codice_fiscale, i.persona.cognome, i.persona.nome,
            i.persona.data_nascita.strftime("%d/%m/%Y") if i.persona.data_nascita else "",
            i.get_rapporto_display(), i.amministrazione_appartenenza, i.oggetto,
            i.get_tipo_atto_display(), i.protocollo.segnatura,
            timezone.localtime(i.conferito_il).strftime("%d/%m/%Y"),
            i.data_inizio.strftime("%d/%m/%Y"), i.fine_svolta.strftime("%d/%m/%Y"),
            csv_sicuro.numero(i.compenso),
            csv_sicuro.numero(i.importo_liquidato) if i.importo_liquidato is not None else "",
            i.get_conferimento_display(),
            "SI" if i.autocertificazioni.get("dichiara_conflitto_interessi") else "NO",
            i.recesso_efficace_dal.strftime("%d/%m/%Y") if i.recesso_efficace_dal else "",
        ])
    return risposta


@ruoli_trasparenza
@require_POST
def comunicazione_negativa(request):
    form = forms.ComunicazioneNegativaForm(*dati_inviati(request))
    if form.is_valid():
        try:
            servizi.registra_comunicazione_negativa(autore=request.user,
                                                    membership=request.membership,
                                                    **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            messages.success(request, "Comunicazione negativa registrata.")
            return redirect("incarichi:trasparenza")
    # the semester chosen stays chosen, with the reason beside it
    segnala_da_correggere(request, form, "La comunicazione negativa non è stata registrata: "
                                         "correggi i dati indicati nel modulo.")
    return _pagina_trasparenza(request, negativa_form=form)
