"""Staff pages of «Gestione delle istanze» and «Monitoraggio» of a procedure.

Only DS, DSGA and Segreteria of the procedure's istituto (the active membership): a person
without a staff role gets 403, staff of another istituto 404 (procedure.selectors
.access_procedura). Applications are visible once the terms are closed (istanze.py).
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import ruolo_richiesto
from portale import documenti
from portale.richieste import dati_inviati, errori_nel_form
from portale.selectors import cronologia
from procedure.selectors import RUOLI_PROCEDURE, access_procedura, criteri_con_regole

from .. import archivi, istanze, monitoraggio, selectors, services
from ..forms_istanze import (
    ChiudiIstruttoriaForm,
    FiltriIstanzeForm,
    NotificaForm,
    RichiestaIntegrazioneForm,
)
from ..models import Candidatura

staff = ruolo_richiesto(*RUOLI_PROCEDURE)
PER_PAGINA = 25


def _procedura_consultabile(request, pk):
    return selectors.access_istanze_della_procedura(access_procedura(request.membership, pk))


@staff
def elenco(request, pk):
    """«Gestione istanze»: the sent applications, with filters, search and pagination."""
    procedura = access_procedura(request.membership, pk)
    if not istanze.consultabili(procedura):
        return render(request, "candidature/istanze/non_disponibile.html",
                      {"procedura": procedura})
    filtri = FiltriIstanzeForm(request.GET)
    valori = filtri.valori()
    pagina = Paginator(selectors.elenco_istanze(procedura, **valori), PER_PAGINA).get_page(
        request.GET.get("pagina"))
    istanze.segna_requisiti(pagina.object_list, criteri_con_regole(procedura))
    return render(request, "candidature/istanze/elenco.html", {
        "procedura": procedura, "filtri": filtri, "pagina": pagina,
        "filtrato": any(valori.values()), "query": request.GET.urlencode(),
        "istruttoria_possibile": istanze.istruttoria_possibile(procedura),
    })


@staff
def dettaglio(request, pk, istanza_pk):
    istanza = selectors.access_istanza(request.membership, pk, istanza_pk)
    procedura = istanza.procedura
    allegati = list(istanza.allegati.select_related("allegato_richiesto", "criterio"))
    return render(request, "candidature/istanze/dettaglio.html", {
        "procedura": procedura, "istanza": istanza,
        "risposte": istanze.righe_risposte(istanza, procedura.campi.select_related("sezione")),
        "dichiarazioni": istanze.righe_dichiarazioni(istanza, procedura.criteri.all(), allegati),
        "autocertificazioni": istanze.righe_autocertificazioni(istanza),
        "allegati": [a for a in allegati if a.allegato_richiesto_id],
        "richieste": selectors.richieste_di(istanza),
        "puo_richiedere": (istanze.istruttoria_possibile(procedura)
                           and istanza.stato in istanze.STATI_PER_ISTRUTTORIA),
        "cronologia": cronologia(istanza, request.membership),
    })


@staff
def scarica_allegato(request, pk, istanza_pk, allegato_pk):
    istanza = selectors.access_istanza(request.membership, pk, istanza_pk)
    allegato = selectors.access_allegato_istanza(istanza, allegato_pk)
    return documenti.risposta_download(
        allegato.percorso, nome=f"{archivi.prefisso(istanza)}_{allegato.nome}", mime=allegato.mime)


@staff
def scarica_integrazione(request, pk, istanza_pk, documento_pk):
    istanza = selectors.access_istanza(request.membership, pk, istanza_pk)
    documento = selectors.access_documento_integrazione(istanza, documento_pk)
    return documenti.risposta_download(
        documento.percorso, nome=f"{archivi.prefisso(istanza)}_integrazione_{documento.nome}",
        mime=documento.mime)


@staff
def zip_istanza(request, pk, istanza_pk):
    istanza = selectors.access_istanza(request.membership, pk, istanza_pk)
    completa = selectors.istanze_per_archivio(Candidatura.objects.filter(pk=istanza.pk)).get()
    return archivi.risposta_zip(archivi.voci_istanza(completa),
                                nome=f"istanza-{archivi.prefisso(istanza)}.zip")


@staff
def zip_procedura(request, pk):
    """Every document of the listed applications (the list's filters apply), streamed."""
    procedura = _procedura_consultabile(request, pk)
    qs = selectors.elenco_istanze(procedura, **FiltriIstanzeForm(request.GET).valori())

    def voci():
        for candidatura in selectors.istanze_per_archivio(qs).iterator(chunk_size=100):
            yield from archivi.voci_istanza(candidatura, archivi.cartella_istanza(candidatura))

    return archivi.risposta_zip(voci(), nome=f"istanze-procedura-{procedura.pk}.zip")


@staff
def istruttoria(request, pk, istanza_pk):
    """«Richiedi istruttoria»: a request for integration with a message and a deadline."""
    istanza = selectors.access_istanza(request.membership, pk, istanza_pk)
    scadenza = timezone.localtime() + timedelta(days=7)
    form = RichiestaIntegrazioneForm(dati_inviati(request)[0], initial={
        "scadenza": scadenza.replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")})
    if request.method == "POST" and form.is_valid():
        try:
            services.richiedi_integrazione(autore=request.user, membership=request.membership,
                                           candidatura=istanza, **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, str(errore))
        else:
            messages.success(request, "Richiesta di integrazione inviata: il candidato è stato "
                                      "avvisato nel portale e per e-mail.")
            return redirect("candidature:istanza", pk=pk, istanza_pk=istanza.pk)
    return render(request, "candidature/istanze/istruttoria.html", {
        "procedura": istanza.procedura, "istanza": istanza, "form": form})


@staff
@require_POST
def chiudi_istruttoria(request, pk, istanza_pk, richiesta_pk):
    """Close an open request for integration with a note (recorded, candidate told)."""
    istanza = selectors.access_istanza(request.membership, pk, istanza_pk)
    richiesta = selectors.access_richiesta_aperta(istanza, richiesta_pk)
    form = ChiudiIstruttoriaForm(dati_inviati(request)[0])
    try:
        if not form.is_valid():
            raise ValidationError([e for errori in form.errors.values() for e in errori])
        services.chiudi_istruttoria(autore=request.user, membership=request.membership,
                                    richiesta=richiesta, nota=form.cleaned_data["nota"])
    except ValidationError as errore:
        for messaggio in errore.messages:
            messages.error(request, messaggio)
    except PermissionDenied as errore:
        messages.error(request, str(errore))
    else:
        messages.success(request, "Istruttoria chiusa: il candidato è stato avvisato.")
    return redirect("candidature:istanza", pk=pk, istanza_pk=istanza.pk)


def _destinatari(request, procedura) -> list[Candidatura]:
    valori = request.POST.getlist("istanze") if request.method == "POST" else \
        request.GET.getlist("istanze")
    try:
        ids = {int(v) for v in valori}
    except ValueError:
        raise Http404 from None
    trovate = list(selectors.istanze_inviate(procedura).filter(pk__in=ids)
                   .select_related("candidato", "protocollo")
                   .order_by("protocollo__anno", "protocollo__numero"))
    if len(trovate) != len(ids):
        raise Http404  # an application of another procedure, a draft, or missing
    return trovate


@staff
def notifica(request, pk):
    """«Invia notifica» to the applications ticked in the list (or to one, from its page)."""
    procedura = _procedura_consultabile(request, pk)
    destinatari = _destinatari(request, procedura)
    if not destinatari:
        messages.warning(request, "Seleziona almeno un'istanza a cui inviare la notifica.")
        return redirect("candidature:istanze", pk=procedura.pk)
    form = NotificaForm(dati_inviati(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            quante = services.invia_notifica_candidati(
                autore=request.user, membership=request.membership, procedura=procedura,
                candidature=destinatari, **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, str(errore))
        else:
            messages.success(request, f"Notifica inviata a {quante} "
                                      f"{'candidato' if quante == 1 else 'candidati'}.")
            if len(destinatari) == 1:
                return redirect("candidature:istanza", pk=procedura.pk,
                                istanza_pk=destinatari[0].pk)
            return redirect("candidature:istanze", pk=procedura.pk)
    return render(request, "candidature/istanze/notifica.html", {
        "procedura": procedura, "destinatari": destinatari, "form": form})


# --- Monitoraggio ----------------------------------------------------------------------------

@staff
def monitoraggio_pagina(request, pk):
    procedura = access_procedura(request.membership, pk)
    return render(request, "candidature/istanze/monitoraggio.html", {
        "procedura": procedura, "statistiche": monitoraggio.calcola(procedura),
        "consultabili": istanze.consultabili(procedura)})


@staff
def monitoraggio_csv(request, pk):
    procedura = access_procedura(request.membership, pk)
    testo = monitoraggio.csv_report(procedura, monitoraggio.calcola(procedura))
    risposta = HttpResponse("\ufeff" + testo, content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = f'attachment; filename="monitoraggio-procedura-{procedura.pk}.csv"'
    risposta["Cache-Control"] = "private, no-store"
    return risposta


@staff
def monitoraggio_pdf(request, pk):
    procedura = access_procedura(request.membership, pk)
    nome = monitoraggio.pdf_report(procedura, monitoraggio.calcola(procedura))
    risposta = FileResponse(default_storage.open(nome, "rb"), content_type="application/pdf",
                            as_attachment=True,
                            filename=f"monitoraggio-procedura-{procedura.pk}.pdf")
    risposta["X-Content-Type-Options"] = "nosniff"
    risposta["Cache-Control"] = "private, no-store"
    return risposta
