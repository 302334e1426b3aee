"""Staff pages of the incarichi: list, dashboard, detail with checklist and actions,
affidamento diretto, registro ore, documents. Thin: parse, call a service, render."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.decorators import ruolo_richiesto
from accounts.models import Ruolo
from fabbisogno.models import StatoScheda
from fabbisogno.selectors import access_scheda
from portale import documenti
from portale.lingua import data_con, desinenza
from portale.richieste import dati_inviati, errori_nel_form, segnala_da_correggere
from portale.selectors import cronologia

from .. import conferme, forms, selectors, stati
from ..models import Rapporto, StatoIncarico
from ..services import incarichi as servizi

ruoli_incarichi = ruolo_richiesto(*selectors.RUOLI_INCARICHI)

ORE_ID = "id_ore_%s"  # the register's form shares field names with the actions' forms

# action → (form or None, service, message); the form's cleaned data are the arguments.
AZIONI = {
    "emetti_atto": (None, servizi.emetti_atto, "Atto emesso e protocollato."),
    "registra_firma": (forms.DocumentoForm, servizi.registra_firma, "Copia firmata caricata."),
    "avvia": (None, servizi.avvia, "Attività avviate."),
    "proroga": (forms.ProrogaForm, servizi.proroga, "Incarico prorogato."),
    "concludi": (None, servizi.concludi, "Incarico concluso."),
    "liquida": (forms.LiquidazioneForm, servizi.liquida, "Compenso liquidato."),
    "revoca": (forms.RevocaForm, servizi.revoca, "Incarico revocato."),
    "autorizzazione": (forms.DocumentoForm, servizi.carica_autorizzazione,
                       "Autorizzazione caricata."),
    "esito_corte_conti": (forms.EsitoCorteContiForm, servizi.registra_esito_corte_conti,
                          "Esito della Corte dei conti registrato."),
    "verifica_ore": (forms.VerificaOreForm, servizi.verifica_ore, "Registro ore verificato."),
    "pubblica": (None, servizi.pubblica, "Incarico pubblicato in Amministrazione trasparente."),
    "curriculum": (forms.CurriculumForm, servizi.pubblica_curriculum, "Curriculum pubblicato."),
    "comunica_anagrafe": (forms.ComunicazioneAnagrafeForm,
                          servizi.registra_comunicazione_anagrafe,
                          "Comunicazione all'Anagrafe delle prestazioni registrata."),
}


@ruoli_incarichi
def elenco_incarichi(request):
    stato = request.GET.get("stato", "")
    rapporto = request.GET.get("rapporto", "")
    cerca = request.GET.get("q", "").strip()
    ore = request.GET.get("ore", "")
    qs = selectors.elenco_incarichi(request.membership, stato=stato, rapporto=rapporto,
                                    cerca=cerca, ore=ore)
    pagina = Paginator(qs, 20).get_page(request.GET.get("pagina"))
    return render(request, "incarichi/incarichi.html", {
        "pagina": pagina, "stato": stato, "rapporto": rapporto, "q": cerca, "ore": ore,
        "stati": StatoIncarico.choices, "rapporti": Rapporto.choices,
    })


@ruoli_incarichi
def cruscotto(request):
    return render(request, "incarichi/cruscotto.html", selectors.spesa(request.membership))


def _o_il_mio_incarico(vista):
    """The incaricato without an office role who opens the office's address of their own
    incarico (act issued) is taken to «Il mio incarico», their page of it; anybody else gets
    what `ruolo_richiesto` gives (the 403 for somebody else's incarico as for one that does not
    exist: nothing is revealed). A redirect, not a link on the 403: the 403 page is the
    portal's, and this is the only page the person may mean."""
    protetta = ruoli_incarichi(vista)

    @wraps(vista)
    def pagina(request, pk):
        membership = getattr(request, "membership", None)
        if (request.user.is_authenticated
                and (membership is None or membership.ruolo not in selectors.RUOLI_INCARICHI)
                and selectors.incarichi_della_persona(request.user).filter(pk=pk).exists()):
            return redirect("incarichi:il_mio_incarico", pk=pk)
        return protetta(request, pk)
    return pagina


@_o_il_mio_incarico
def dettaglio_incarico(request, pk):
    return _pagina_incarico(request, selectors.access_incarico(request.membership, pk))


def _pagina_incarico(request, incarico, ore_form=None, inviato=None, requisiti_form=None):
    """The incarico's page; `ore_form`: the hours just sent, with their errors; `inviato`:
    (action, its form just sent) likewise; `requisiti_form` the checklist's."""
    ruolo = request.membership.ruolo
    azioni = stati.azioni_possibili(incarico.stato, ruolo)
    if incarico.revocato and incarico.avviato_il is None and "liquida" in azioni:
        azioni.remove("liquida")  # revoked before the activities began: nothing is ever owed
    ore = incarico.ore_svolte.select_related("verificata_da")
    documenti_incarico = list(incarico.documenti.all())
    # several forms on one page with the same fields (data, motivazione): each its own ids
    moduli = {nome: voce[0](auto_id=f"id_{nome}_%s") for nome, voce in AZIONI.items() if voce[0]}
    da_verificare = [riga.pk for riga in ore if riga.verificata_il is None]
    if da_verificare:  # the lines shown on this page, no other
        moduli["verifica_ore"].initial["fino_a"] = max(da_verificare)
    if inviato:
        moduli[inviato[0]] = inviato[1]
    _concorda_con_la_persona(moduli, incarico.persona)
    etichette = {nome: stati.etichetta(nome, incarico.stato) for nome in azioni}
    if incarico.stato == StatoIncarico.IN_PREPARAZIONE:
        moduli["revoca"].fields.pop("comunicata_il", None)  # no act: nobody to give notice to
    if not incarico.forfettario:  # absences cut only a lump sum (services.liquida)
        moduli["liquida"].fields.pop("giorni_assenza", None)
    return render(request, "incarichi/incarico.html", {
        "incarico": incarico, "requisiti": servizi.requisiti(incarico),
        "casellario_da_rinnovare": servizi.casellario_da_rinnovare(incarico),
        "documenti": documenti_incarico, "ore_svolte": ore,
        "ore_totali": ore.aggregate(s=Sum("ore"))["s"] or 0,
        "azioni": etichette,
        # «Liquida» with hours to verify could only be refused: said, the button not usable
        "ore_da_verificare": bool(da_verificare),
        # «Avvia» before the first day: said beside it, the button not usable until then
        "avvio_dal": (incarico.data_inizio if "avvia" in etichette
                      and incarico.data_inizio > timezone.localdate() else None),
        "adempimenti": [(nome, etichetta, moduli.get(nome)) for nome, etichetta
                        in _adempimenti(incarico, ruolo, documenti_incarico)],
        "requisiti_form": requisiti_form or (forms.RequisitiForm(instance=incarico, ds=ruolo == Ruolo.DS)
                                             if incarico.stato == StatoIncarico.IN_PREPARAZIONE
                                             else None),
        "forms": moduli,
        "ore_form": ore_form or forms.OreForm(auto_id=ORE_ID),
        "registro_ore_aperto": servizi.registro_ore_aperto(incarico),
        "verifica_ore": (stati.ADEMPIMENTI["verifica_ore"].etichetta
                         if ruolo in stati.ADEMPIMENTI["verifica_ore"].ruoli else None),
        "ds": ruolo == Ruolo.DS, "cronologia": cronologia(incarico, request.membership),
    })


def _adempimenti(incarico, ruolo, documenti_incarico) -> list[tuple[str, str]]:
    """What the box «Azioni» offers besides the changes of state: (action, button), in the
    order of the law's obligations after the conferimento."""
    ds, adempimenti = ruolo == Ruolo.DS, stati.ADEMPIMENTI
    elenco = []
    if (incarico.controllo_corte_conti == "dovuto" and not incarico.esito_corte_conti_il
            and incarico.stato in (StatoIncarico.CONFERITO, StatoIncarico.FIRMATO)):
        elenco.append(("esito_corte_conti", "Registra l'esito della Corte dei conti"))
    if (ruolo in adempimenti["pubblica"].ruoli and incarico.conferito_il
            and not incarico.pubblicato_il):
        elenco.append(("pubblica", adempimenti["pubblica"].etichetta))
    if ds and incarico.esterno and incarico.conferito_il:
        pubblicato = any(d.pubblico for d in documenti_incarico)
        elenco.append(("curriculum", "Sostituisci il curriculum pubblicato" if pubblicato
                       else "Pubblica il curriculum"))
    if (ruolo in adempimenti["comunica_anagrafe"].ruoli and incarico.conferito_il
            and not incarico.comunicato_anagrafe_il):
        elenco.append(("comunica_anagrafe", adempimenti["comunica_anagrafe"].etichetta))
    return elenco


def _mostra_errori(request, errore: ValidationError) -> None:
    for messaggio in errore.messages:
        messages.error(request, messaggio)


@ruoli_incarichi
@require_POST
def esegui_azione(request, pk, azione):
    incarico = selectors.access_incarico(request.membership, pk)
    if azione not in AZIONI:
        return redirect("incarichi:incarico", pk=incarico.pk)
    ruoli = stati.ruoli_di(azione)
    if ruoli is not None and request.membership.ruolo not in ruoli:
        # before the data are read: «correggi i dati» would make it look possible
        raise PermissionDenied(stati.solo_chi_puo(ruoli))
    form_class, servizio, conferma = AZIONI[azione]
    argomenti, form = {}, None
    if form_class is not None:
        form = form_class(*dati_inviati(request), auto_id=f"id_{azione}_%s")
        if not form.is_valid():
            return _azione_non_eseguita(request, incarico, azione, form)
        argomenti = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    if request.POST.get("annulla") == "1":
        # «Annulla» on the confirmation: back to the page, the action's form as it was written
        return _pagina_incarico(request, incarico, inviato=(azione, form) if form else None)
    da_confermare = conferme.effetti(azione, incarico, argomenti,
                                     ruolo=request.membership.ruolo, autore=request.user)
    if da_confermare is not None and request.POST.get("conferma") != "1":
        return render(request, "incarichi/conferma_azione.html", {
            "incarico": incarico, "azione": azione, "effetti": da_confermare,
            "etichetta": conferme.etichetta(azione, incarico.stato), "argomenti": argomenti})
    try:
        servizio(autore=request.user, membership=request.membership, incarico=incarico,
                 **argomenti)
    except ValidationError as errore:
        if form is None:
            _mostra_errori(request, errore)
        else:
            errori_nel_form(form, errore)
            return _azione_non_eseguita(request, incarico, azione, form)
    except stati.TransizioneNonConsentita as errore:
        _mostra_errori(request, ValidationError(str(errore)))
    else:
        messages.success(request, conferma)
    return redirect("incarichi:incarico", pk=incarico.pk)


def _concorda_con_la_persona(moduli, persona) -> None:
    """The forms' labels that name the incaricato agree with the person («Comunicata
    all'incaricata il»)."""
    incaricato = f"incaricat{desinenza(persona)}"
    for modulo in moduli.values():
        for campo in modulo.fields.values():
            if campo.label and "incaricato" in campo.label:
                campo.label = campo.label.replace("incaricato", incaricato)


def _azione_non_eseguita(request, incarico, azione, form):
    """The page again with the action's form as sent: each error beside its field, nothing
    typed lost (a file must be chosen again: browsers never resend one)."""
    # the reason itself, where the form may not be shown (or its field is hidden)
    generali = [*form.non_field_errors(), *(e for campo in form.hidden_fields() for e in campo.errors)]
    segnala_da_correggere(request, form, "L'azione non è stata eseguita. " + (
        " ".join(generali) if generali else "Correggi i dati indicati nel modulo."))
    return _pagina_incarico(request, incarico, inviato=(azione, form))


@ruoli_incarichi
@require_POST
def aggiorna_requisiti(request, pk):
    incarico = selectors.access_incarico(request.membership, pk)
    form = forms.RequisitiForm(*dati_inviati(request), instance=incarico,
                               ds=request.membership.ruolo == Ruolo.DS)
    if form.is_valid():
        try:
            servizi.aggiorna_requisiti(autore=request.user, membership=request.membership,
                                       incarico=incarico, **form.dati_servizio())
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            messages.success(request, "Requisiti aggiornati.")
            return redirect("incarichi:incarico", pk=incarico.pk)
    # the page again with what was typed and each error beside its field (the form's instance
    # took the typed values: the rest of the page reads the incarico as saved)
    segnala_da_correggere(request, form, "I requisiti non sono stati salvati: correggi i dati "
                                         "indicati nel modulo.")
    return _pagina_incarico(request, selectors.access_incarico(request.membership, pk),
                            requisiti_form=form)


@ruoli_incarichi
@require_POST
def registra_ore(request, pk):
    incarico = selectors.access_incarico(request.membership, pk)
    form = forms.OreForm(*dati_inviati(request), auto_id=ORE_ID, incarico=incarico)
    if form.is_valid():
        try:
            servizi.registra_ore(autore=request.user, membership=request.membership,
                                 incarico=incarico, **form.cleaned_data)
        except ValidationError as errore:
            form.add_error(None, errore)
        else:
            messages.success(request, "Ore registrate.")
            return redirect("incarichi:incarico", pk=incarico.pk)
    # the page again, with each error beside its field and what was typed; a rule of the whole
    # register (closed since the page was opened, say) is said on top: the form is not shown
    generali = form.non_field_errors()
    messages.error(request, "Le ore non sono state registrate" + (
        ". " + " ".join(generali) if generali else ": correggi i dati nel registro ore."))
    return _pagina_incarico(request, incarico, ore_form=form)


@ruoli_incarichi
@require_POST
def elimina_ore(request, pk, riga_pk):
    incarico = selectors.access_incarico(request.membership, pk)
    try:
        riga = servizi.elimina_ore(autore=request.user, membership=request.membership,
                                   incarico=incarico, riga_pk=riga_pk,
                                   motivo=request.POST.get("motivo", ""))
    except ValidationError as errore:
        _mostra_errori(request, errore)
    else:
        messages.success(request, f"Eliminata la riga {data_con('del', riga.data)} del registro ore.")
    return redirect("incarichi:incarico", pk=incarico.pk)


@ruoli_incarichi
def scarica_documento(request, pk, documento_pk):
    documento = selectors.access_documento(request.membership, pk, documento_pk)
    return documenti.risposta_download(documento.percorso, nome=documento.nome,
                                       mime=documento.mime)


@ruolo_richiesto(Ruolo.DS)
def affidamento_diretto(request, scheda_pk):
    scheda = access_scheda(request.membership, scheda_pk)
    if scheda.stato != StatoScheda.CONCLUSA:
        messages.info(request, "L'affidamento diretto parte da una scheda progettuale conclusa.")
        return redirect("fabbisogno:scheda", pk=scheda.pk)
    form = forms.AffidamentoForm(dati_inviati(request)[0])
    if request.method == "POST" and form.is_valid():
        dati = form.cleaned_data
        try:
            persona = servizi.persona_per_affidamento(
                autore=request.user, membership=request.membership,
                codice_fiscale=dati["codice_fiscale"], nome=dati["nome"],
                cognome=dati["cognome"], email=dati["email"])
            argomenti = {k: v for k, v in form.dati_servizio().items() if v not in (None, "")}
            incarico = servizi.affida_direttamente(
                autore=request.user, membership=request.membership, scheda=scheda,
                persona=persona, **argomenti)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        else:
            messages.success(request, "Incarico creato: completa i requisiti ed emetti l'atto.")
            return redirect("incarichi:incarico", pk=incarico.pk)
    impegnato = servizi.impegnato_sulla_scheda(scheda) if scheda.importo is not None else None
    return render(request, "incarichi/affidamento.html", {
        "form": form, "scheda": scheda, "impegnato": impegnato,
        "selezioni_in_corso": selectors.selezioni_in_corso(scheda),
        "residuo": scheda.importo - impegnato if impegnato is not None else None})
