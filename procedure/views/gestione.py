"""Staff pages: «Gestione procedure di selezione» and the three parts of a procedure."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import messaggio_senza_ruolo, ruolo_richiesto
from fabbisogno.selectors import access_scheda
from portale.lingua import GIORNO_E_ORA, data_con
from portale.richieste import dati_inviati, errori_nel_form
from portale.selectors import cronologia

from .. import calendario, estensioni, forms, selectors, services
from .. import criteri as regole
from ..avviso import contesto_avviso, versione_composta
from ..models import AllegatoRichiesto, CampoModulo, Categoria, Criterio, SezioneModulo, Stato
from ..stati import TRANSIZIONI, TransizioneNonConsentita, azioni_disponibili, consentita

staff = ruolo_richiesto(*selectors.RUOLI_PROCEDURE)


# The colours of procedure/_stato.html by fase (the other fasi: bg-primary).
CLASSI_FASE = {Stato.APERTA: "bg-success", Stato.ANNULLATA: "bg-danger", Stato.BOZZA: "bg-secondary",
               Stato.SOSPESA: "bg-warning", Stato.IN_REVISIONE: "bg-warning"}


def _data_breve(quando) -> str:
    """As the template filter date:"d/m/Y H:i" in the current time zone; «—» when unset."""
    return timezone.localtime(quando).strftime("%d/%m/%Y %H:%M") if quando else "—"


def _prepara_righe(pagina) -> None:
    """What each row of the staff list shows, computed once in Python.

    The list is the staff's most requested page: per row the template would otherwise
    include procedure/_stato.html, reverse() the detail URL and format two dates, which was
    most of its rendering time (bench/procedure_staff.py).
    """
    dettaglio = reverse("procedure:dettaglio", kwargs={"pk": 0})
    for procedura in pagina:
        procedura.classe_fase = CLASSI_FASE.get(procedura.stato, "bg-primary")
        procedura.url_dettaglio = dettaglio.replace("/0/", f"/{procedura.pk}/")
        procedura.apertura_breve = _data_breve(procedura.data_apertura)
        procedura.chiusura_breve = _data_breve(procedura.data_chiusura)


@staff
def elenco(request):
    storico = request.GET.get("storico") == "1"
    fase = request.GET.get("fase", "")
    fase = fase if fase in Stato.values else ""  # an unknown one would empty the list
    cerca = request.GET.get("q", "").strip()
    pagina = Paginator(selectors.elenco_procedure(request.membership, fase=fase, cerca=cerca,
                                                  storico=storico), 20
                       ).get_page(request.GET.get("pagina"))
    _prepara_righe(pagina)
    fasi = [(s.value, s.label) for s in Stato if (s in selectors.STORICO) == storico]
    return render(request, "procedure/elenco.html", {
        "pagina": pagina, "fase": fase, "q": cerca, "storico": storico, "fasi": fasi,
    })


@staff
def crea(request):
    form = forms.InformazioniForm(dati_inviati(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            procedura = services.crea_procedura(autore=request.user, membership=request.membership,
                                                **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            messages.success(request, "Procedura creata in bozza. Completa le tre parti, "
                                      "nell'ordine che preferisci.")
            return redirect("procedure:dettaglio", pk=procedura.pk)
    return render(request, "procedure/informazioni.html", {"form": form, "procedura": None})


@staff
@require_POST
def genera_da_scheda(request, pk):
    scheda = access_scheda(request.membership, pk)
    try:
        procedura = services.genera_da_scheda(autore=request.user, membership=request.membership,
                                              scheda=scheda)
    except services.ProceduraGiaGenerata as errore:  # opened where it is, not duplicated
        messages.info(request, errore.messages[0])
        return redirect("procedure:dettaglio", pk=errore.procedura.pk)
    except (ValidationError, PermissionDenied) as errore:
        messages.error(request, " ".join(getattr(errore, "messages", [str(errore)])))
        return redirect("fabbisogno:scheda", pk=scheda.pk)
    messages.success(request, "Procedura di selezione generata dalla scheda: completa le parti "
                              "mancanti.")
    return redirect("procedure:dettaglio", pk=procedura.pk)


@staff
def dettaglio(request, pk):
    procedura = selectors.access_procedura(request.membership, pk)
    if calendario.stato_effettivo(procedura, timezone.now()) != procedura.stato:
        # the dates have already decided (e.g. the deadline passed seconds ago and the sweep
        # has not run yet): record it now, so the page offers the actions of the real state
        services.allinea(procedura.pk)
        procedura = selectors.access_procedura(request.membership, pk)
    criteri = list(procedura.criteri.all())
    return render(request, "procedure/dettaglio.html", {
        "procedura": procedura,
        "azioni": azioni_disponibili(procedura.stato, request.membership.ruolo),
        "puo_concludere": consentita("concludi", procedura.stato, request.membership.ruolo),
        "conteggi": selectors.conteggi_modulo(procedura),
        "massimo": regole.punteggio_massimo(criteri, procedura.categorie_ammesse),
        "mancanti": services.elementi_mancanti(procedura) if procedura.stato == Stato.BOZZA else [],
        "da_controllare": services.da_controllare(procedura) if procedura.stato == Stato.BOZZA else [],
        "versioni": procedura.versioni_avviso.all(),
        "cronologia": cronologia(procedura, request.membership),
        "avvisi": estensioni.avvisi(procedura),
    })


@staff
def informazioni(request, pk):
    procedura = selectors.access_procedura(request.membership, pk)
    modificabile = procedura.stato == Stato.BOZZA
    form = forms.InformazioniForm(dati_inviati(request)[0] if modificabile else None,
                                  instance=procedura)
    if not modificabile:  # to read: the tab is not a dead end once the draft is concluded
        for campo in form.fields.values():
            campo.disabled = True
    if request.method == "POST" and modificabile and form.is_valid():
        try:
            services.salva_informazioni(autore=request.user, membership=request.membership,
                                        procedura=procedura, **form.cleaned_data)
        except (ValidationError, TransizioneNonConsentita, PermissionDenied) as errore:
            errori_nel_form(form, errore if isinstance(errore, ValidationError)
                    else ValidationError(str(errore)))
        else:
            messages.success(request, "Informazioni generali salvate.")
            return redirect("procedure:dettaglio", pk=procedura.pk)
    return render(request, "procedure/informazioni.html", {
        "form": form, "procedura": procedura, "modificabile": modificabile,
        "pubblicata": procedura.stato in TRANSIZIONI["revisione_significativa"].da})


@staff
def funzionalita(request, pk):
    """Part 2: the candidate form (sections, fields, required attachments)."""
    procedura = selectors.access_procedura(request.membership, pk)
    azione = request.POST.get("aggiungi") if request.method == "POST" else None
    dati = request.POST if request.method == "POST" else None
    moduli = {
        "sezione": forms.SezioneForm(dati if azione == "sezione" else None, prefix="sezione"),
        "campo": forms.CampoForm(dati if azione == "campo" else None, procedura=procedura,
                                 prefix="campo"),
        "allegato": forms.AllegatoForm(dati if azione == "allegato" else None, prefix="allegato"),
    }
    if azione in moduli and moduli[azione].is_valid():
        form = moduli[azione]
        comuni = {"autore": request.user, "membership": request.membership, "procedura": procedura}
        try:
            if azione == "sezione":
                services.aggiungi_sezione(**comuni, titolo=form.cleaned_data["titolo"])
            elif azione == "campo":
                services.aggiungi_campo(**comuni, **form.dati())
            else:
                services.aggiungi_allegato(**comuni, **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except (TransizioneNonConsentita, PermissionDenied) as errore:
            form.add_error(None, str(errore))
        else:
            messages.success(request, "Aggiunto al modulo di candidatura.")
            return redirect("procedure:funzionalita", pk=procedura.pk)
    return render(request, "procedure/funzionalita.html", {
        "procedura": procedura, "moduli": moduli,
        "sezioni": procedura.sezioni.all(), "campi": procedura.campi.select_related("sezione"),
        "allegati": procedura.allegati_richiesti.all(),
        "modificabile": procedura.stato in (Stato.BOZZA, Stato.IN_REVISIONE),
    })


MODELLI_ELEMENTO = {"sezione": SezioneModulo, "campo": CampoModulo,
                    "allegato": AllegatoRichiesto, "criterio": Criterio}


@staff
@require_POST
def rimuovi(request, pk, tipo, elemento_pk):
    procedura = selectors.access_procedura(request.membership, pk)
    if tipo not in MODELLI_ELEMENTO:
        raise PermissionDenied
    elemento = get_object_or_404(MODELLI_ELEMENTO[tipo], pk=elemento_pk, procedura=procedura)
    try:
        services.rimuovi_elemento(autore=request.user, membership=request.membership,
                                  procedura=procedura, elemento=elemento)
    except (ValidationError, PermissionDenied) as errore:
        messages.error(request, " ".join(getattr(errore, "messages", [str(errore)])))
    else:
        messages.success(request, f"«{elemento}» rimosso.")
    destinazione = "procedure:criteri" if tipo == "criterio" else "procedure:funzionalita"
    return redirect(destinazione, pk=procedura.pk)


# The «Note» column of the criteria table: the categories in a few words, never their codes.
CATEGORIE_BREVI = {Categoria.INTERNO: "personale interno",
                   Categoria.ALTRA_SCUOLA: "personale di altre scuole",
                   Categoria.ALTRA_PA: "dipendenti di altre PA", Categoria.PRIVATO: "soggetti privati"}


@staff
def criteri(request, pk):
    """Part 3: the criteri di valutazione, with the art. 17 grids as presets."""
    procedura = selectors.access_procedura(request.membership, pk)
    azione = request.POST.get("azione") if request.method == "POST" else None
    form = forms.CriterioForm(request.POST if azione == "criterio" else None, prefix="criterio",
                              procedura=procedura)
    elenco = list(procedura.criteri.prefetch_related("soddisfatto_da"))
    form_griglia = forms.GrigliaForm(request.POST if azione == "griglia" else None,
                                     prefix="griglia", criteri_presenti=len(elenco),
                                     tipologia=procedura.tipologia_incarico)
    comuni = {"autore": request.user, "membership": request.membership, "procedura": procedura}
    try:
        if azione == "criterio" and form.is_valid():
            services.aggiungi_criterio(**comuni, **form.dati())
            messages.success(request, "Criterio aggiunto.")
            return redirect("procedure:criteri", pk=procedura.pk)
        if azione == "griglia" and form_griglia.is_valid():
            quanti = services.carica_griglia(**comuni, griglia=form_griglia.cleaned_data["griglia"],
                                             modo=form_griglia.cleaned_data.get("modo", ""))
            messages.success(request, f"Caricati {quanti} criteri: adattali alla procedura.")
            return redirect("procedure:criteri", pk=procedura.pk)
    except ValidationError as errore:
        errori_nel_form(form if azione == "criterio" else form_griglia, errore)
    except (TransizioneNonConsentita, PermissionDenied) as errore:
        (form if azione == "criterio" else form_griglia).add_error(None, str(errore))
    categorie = CATEGORIE_BREVI
    return render(request, "procedure/criteri.html", {
        "procedura": procedura, "form": form, "form_griglia": form_griglia,
        "righe": [(c, regole.massimo_criterio(c), [categorie.get(k, k) for k in c.categorie],
                   regole.soddisfatto_da(c)) for c in elenco],
        "massimo": regole.punteggio_massimo(elenco, procedura.categorie_ammesse),
        "modificabile": procedura.stato == Stato.BOZZA,
    })


@staff
def modifica_criterio(request, pk, criterio_pk):
    procedura = selectors.access_procedura(request.membership, pk)
    criterio = get_object_or_404(Criterio, pk=criterio_pk, procedura=procedura)
    form = forms.CriterioForm(dati_inviati(request)[0], instance=criterio, procedura=procedura)
    if request.method == "POST" and form.is_valid():
        try:
            services.modifica_criterio(autore=request.user, membership=request.membership,
                                       procedura=procedura, criterio=criterio, **form.dati())
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except (TransizioneNonConsentita, PermissionDenied) as errore:
            form.add_error(None, str(errore))
        else:
            messages.success(request, "Criterio modificato.")
            return redirect("procedure:criteri", pk=procedura.pk)
    return render(request, "procedure/criterio_form.html", {"procedura": procedura, "form": form})


@staff
def concludi(request, pk):
    procedura = selectors.access_procedura(request.membership, pk)
    if request.method == "POST":
        try:
            services.concludi(autore=request.user, membership=request.membership,
                              procedura=procedura)
        except ValidationError:  # the page lists what is missing, from the same rule
            messages.error(request, "La procedura non è ancora completa: completa le parti "
                                    "elencate in «Per concludere la procedura completa».")
        except (TransizioneNonConsentita, PermissionDenied) as errore:
            messages.error(request, str(errore))
        else:
            messages.success(request, (
                "Redazione della procedura conclusa: ora puoi pubblicare l'avviso con «Pubblicazione»."
                if request.membership.ruolo in TRANSIZIONI["pubblica"].ruoli else
                "Redazione della procedura conclusa: la dirigenza ne è stata avvisata e potrà "
                "pubblicare l'avviso."))
        return redirect("procedure:dettaglio", pk=procedura.pk)
    return redirect("procedure:dettaglio", pk=procedura.pk)


# What an action did, in words: «Operazione eseguita: «Annulla».» read as «the dialog was
# cancelled». The candidates are told by candidature (its receivers), whatever the page says.
AVVISATI = "Chi ha una bozza o una candidatura inviata ne è avvisato."
ESITI = {
    "apri": lambda p: f"Candidature aperte da ora {data_con('al', p.data_chiusura, GIORNO_E_ORA)}.",
    "sospendi": lambda p: ("Procedura sospesa: fino alla ripresa non si possono inviare "
                           f"candidature. {AVVISATI}"),
    "riprendi": lambda p: f"Procedura ripresa: è di nuovo «{p.get_stato_display()}». {AVVISATI}",
    "avvia_revisione": lambda p: ("Revisione avviata: aggiungi campi, allegati o moduli, poi "
                                  "«Concludi revisione». Le candidature inviate restano valide."),
    "concludi_revisione": lambda p: (f"Revisione conclusa: la procedura è di nuovo "
                                     f"«{p.get_stato_display()}». {AVVISATI}"),
    "annulla": lambda p: ("Procedura annullata: le sue candidature sono annullate e ogni "
                          "candidato ne è avvisato con la motivazione."),
}


def _esito(nome, procedura) -> str:
    """What the action did and leaves to do, said at once (the others: «Operazione eseguita»)."""
    if nome == "proroga":
        return (f"Termini prorogati {data_con('al', procedura.data_chiusura, GIORNO_E_ORA)}: "
                "è pubblicata una nuova versione dell'avviso e chi ha una bozza o una candidatura "
                "inviata ne è avvisato.")
    if nome in ESITI:
        return ESITI[nome](procedura)
    if nome != "pubblica":
        return f"Operazione eseguita: «{TRANSIZIONI[nome].etichetta}»."
    if procedura.stato == Stato.APERTA:
        return ("Avviso pubblicato e candidature aperte da ora fino "
                f"{data_con('al', procedura.data_chiusura, GIORNO_E_ORA)}.")
    if procedura.apertura_programmata:
        return ("Avviso pubblicato. Le candidature si apriranno da sole "
                f"{data_con('il', procedura.data_apertura, GIORNO_E_ORA)}.")
    return ("Avviso pubblicato. Le candidature non sono ancora aperte: «Apri» le accetta da "
            "subito, «Programma apertura» le apre da sole alla data che indichi.")


# One page per lifecycle action: a form (often just a confirmation) and the service to call.
AZIONI = {
    "pubblica": (forms.PubblicazioneForm, services.pubblica,
                 "Conferma le date di apertura e di chiusura: l'avviso PDF sarà generato e "
                 "pubblicato nella pagina pubblica degli avvisi."),
    "apri": (forms.ConfermaForm, services.apri,
             "Le candidature saranno accettate da subito fino alla data di chiusura. Se "
             "l'avviso pubblicato indica un'altra apertura, ne sarà pubblicata una nuova "
             "versione con l'apertura di adesso."),
    "programma_apertura": (forms.ProgrammaAperturaForm, services.programma_apertura,
                           "La procedura si aprirà da sola alla data indicata. Se è diversa "
                           "da quella dell'avviso pubblicato, ne sarà pubblicata una nuova "
                           "versione con la nuova data."),
    "proroga": (forms.ProrogaForm, services.proroga,
                "I candidati saranno avvisati; viene pubblicata una nuova versione dell'avviso."),
    "sospendi": (forms.MotivazioneFacoltativaForm, services.sospendi,
                 "Mentre è sospesa nessuno può inviare candidature."),
    "riprendi": (forms.ConfermaForm, services.riprendi, "La procedura torna allo stato precedente."),
    "avvia_revisione": (forms.ConfermaForm, services.avvia_revisione,
                        "Potrai solo aggiungere campi, sezioni e allegati al modulo; le "
                        "candidature inviate restano invariate, le bozze mantengono i dati."),
    "concludi_revisione": (forms.ConfermaForm, services.concludi_revisione,
                           "Verrà pubblicata una nuova versione dell'avviso e la procedura "
                           "tornerà allo stato precedente."),
    "revisione_significativa": (forms.MotivazioneForm, services.revisione_significativa,
                                "La procedura e tutte le sue candidature saranno annullate; "
                                "verrà creata una nuova bozza modificabile."),
    "annulla": (forms.MotivazioneForm, services.annulla,
                "L'annullamento è definitivo: la procedura e le candidature saranno annullate."),
    "avvia_valutazione": (forms.ConfermaForm, services.avvia_valutazione,
                          "Dopo l'avvio della valutazione la procedura non si può più rivedere."),
    "duplica": (forms.ConfermaForm, services.duplica,
                "Verrà creata una nuova bozza con le stesse informazioni, lo stesso modulo e gli "
                "stessi criteri, senza date."),
    "elimina": (forms.ConfermaForm, services.elimina_procedura,
                "La bozza sarà eliminata con il suo modulo e i suoi criteri; nella cronologia "
                "dell'istituto resta chi l'ha eliminata e quando."),
}
# The button of the confirmation page: «Conferma: Annulla» beside «Torna indietro» read as
# "cancel"; say what is done.
PULSANTI = {"annulla": "Annulla la procedura", "elimina": "Elimina la bozza"}
IRREVERSIBILI = frozenset({"annulla", "revisione_significativa", "pubblica", "avvia_valutazione",
                           "elimina"})


def _dopo(request, nome, procedura, risultato):
    """Where the person goes after the action, told what it did."""
    if nome == "elimina":
        messages.success(request, f"Bozza n. {procedura.pk} «{procedura.oggetto}» eliminata.")
        return redirect("procedure:elenco")
    if nome == "duplica":
        messages.success(request, (
            f"Nuova bozza n. {risultato.pk}, copia della procedura n. {procedura.pk}: cambia "
            "l'oggetto e ciò che serve, poi concludila."))
        return redirect("procedure:dettaglio", pk=risultato.pk)
    if nome == "revisione_significativa":
        messages.success(request, (
            f"Procedura n. {procedura.pk} annullata con le sue candidature (chi ne aveva è "
            f"avvisato) e sostituita dalla nuova bozza n. {risultato.pk}: modificala e "
            "pubblicala come nuovo avviso."))
        return redirect("procedure:dettaglio", pk=risultato.pk)
    messages.success(request, _esito(nome, risultato))
    return redirect("procedure:dettaglio", pk=procedura.pk)


@staff
def azione(request, pk, nome):
    if nome not in AZIONI:
        raise PermissionDenied
    procedura = selectors.access_procedura(request.membership, pk)
    ruoli = TRANSIZIONI[nome].ruoli
    if request.membership.ruolo not in ruoli:  # the form only for who may confirm it
        raise PermissionDenied(messaggio_senza_ruolo(request, ruoli))
    if request.method == "GET" and not consentita(nome, procedura.stato):
        # an old link, the browser's history: said now, not after «Conferma»
        messages.error(request, str(TransizioneNonConsentita(nome, procedura.stato)))
        return redirect("procedure:dettaglio", pk=procedura.pk)
    classe_form, servizio, avvertenza = AZIONI[nome]
    iniziali = {}
    if nome == "pubblica":
        iniziali = {"data_apertura": procedura.data_apertura, "data_chiusura": procedura.data_chiusura}
    elif nome == "programma_apertura" and procedura.data_apertura and \
            procedura.data_apertura > timezone.now():  # the date the avviso states
        iniziali = {"data_apertura": procedura.data_apertura}
    form = classe_form(dati_inviati(request)[0], initial=iniziali)
    if nome == "proroga" and procedura.data_chiusura:  # what is extended, beside the new date
        form.fields["nuova_chiusura"].help_text = (
            f"Oggi la chiusura è {data_con('il', procedura.data_chiusura, GIORNO_E_ORA)}: "
            "la nuova deve essere successiva.")
    if request.method == "POST" and form.is_valid():
        try:
            risultato = servizio(autore=request.user, membership=request.membership,
                                 procedura=procedura, **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except (TransizioneNonConsentita, PermissionDenied) as errore:
            form.add_error(None, str(errore))
        else:
            return _dopo(request, nome, procedura, risultato)
    return render(request, "procedure/azione.html", {
        "procedura": procedura, "form": form, "titolo": TRANSIZIONI[nome].etichetta,
        "pulsante": PULSANTI.get(nome, f"Conferma: {TRANSIZIONI[nome].etichetta}"),
        "avvertenza": avvertenza, "avvertenze": estensioni.avvertenze(nome, procedura),
        "irreversibile": nome in IRREVERSIBILI,
    })


@staff
def avviso_staff(request, pk, numero):
    procedura = selectors.access_procedura(request.membership, pk)
    versione = selectors.versione_avviso(procedura, numero)
    return _pdf(versione)


@staff
def anteprima_avviso(request, pk):
    """The avviso as it would be published now (HTML preview, nothing stored)."""
    procedura = selectors.access_procedura(request.membership, pk)
    return render(request, "procedure/anteprima_avviso.html", {**contesto_avviso(procedura),
                                                               "istituto": procedura.istituto})


def _pdf(versione) -> FileResponse:
    versione = versione_composta(versione)
    risposta = FileResponse(versione.file.open("rb"), content_type="application/pdf",
                            filename=f"avviso-{versione.procedura_id}-v{versione.numero}.pdf")
    risposta["X-Content-Type-Options"] = "nosniff"
    risposta["X-Avviso-SHA256"] = versione.sha256
    return risposta
