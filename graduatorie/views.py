"""Pages of valutazione, graduatorie, reclami and interpello.

Three doors: the commission's pages (staff of the istituto and the procedure's commissari,
`selectors.access_valutazione`); the staff pages of publication, reclami and interpello
(DS, DSGA, Segreteria of the istituto, `selectors.access_graduatoria_staff`: only once the
applications are readable, from the closing second); the
candidate's pages (own application only) and the public ranking (published versions only).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.decorators import messaggio_senza_ruolo, ruolo_richiesto
from accounts.models import Ruolo
from candidature.istanze import righe_autocertificazioni
from candidature.models import StatoCandidatura
from candidature.selectors import access_candidatura_propria, integrazione_da_inviare
from portale import documenti
from portale.lingua import a_chi, data_con, desinenza, elenco, quantita
from portale.richieste import dati_inviati, errori_nel_form, segnala_da_correggere
from portale.termini import termine_in_giorni
from procedure import criteri as regole
from procedure import estensioni as procedure_estensioni
from procedure.models import Categoria, Stato, TipoCriterio
from procedure.selectors import RUOLI_PROCEDURE, access_procedura, criteri_con_regole

from . import calcolo, estensioni, forms, selectors, services, verbale
from . import pdf as pdf_graduatoria
from .models import Commissario, Esito, StatoProposta

staff = ruolo_richiesto(*RUOLI_PROCEDURE)


def _messaggio(errore) -> str:
    return " ".join(getattr(errore, "messages", None) or [str(errore)])


def commissione_o_staff(view):
    """Logged in; the procedure is loaded by access_valutazione (404 for anybody else)."""
    @wraps(view)
    @login_required
    def wrapped(request, pk, *args, **kwargs):
        accesso = selectors.access_valutazione(request.user, request.membership, pk)
        return view(request, accesso, *args, **kwargs)
    return wrapped


# --- Commissione -----------------------------------------------------------------------------

@staff
def commissione(request, pk):
    procedura = access_procedura(request.membership, pk)
    form = forms.NominaForm(dati_inviati(request)[0], procedura=procedura)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomina_commissario(autore=request.user, membership=request.membership,
                                        procedura=procedura, persona=form.cleaned_data["persona"])
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, str(errore))
        else:
            persona = form.cleaned_data["persona"]
            messages.success(request, f"{persona} nominat{desinenza(persona)} "
                                      f"commissari{desinenza(persona)}.")
            return redirect("graduatorie:commissione", pk=procedura.pk)
    return render(request, "graduatorie/commissione.html", {
        "procedura": procedura, "form": form, "commissari": selectors.commissari_di(procedura),
        "sezione": "commissione"})


@staff
def revoca_commissario(request, pk, commissario_pk):
    procedura = access_procedura(request.membership, pk)
    try:
        commissario = selectors.commissari_di(procedura).get(pk=commissario_pk)
    except (Commissario.DoesNotExist, ValueError):
        raise Http404 from None
    if request.method == "POST":
        try:
            services.revoca_commissario(autore=request.user, membership=request.membership,
                                        commissario=commissario)
        except (ValidationError, PermissionDenied) as errore:
            messages.error(request, _messaggio(errore))
        else:
            messages.success(request, f"Revocata la nomina di {commissario.user}.")
        return redirect("graduatorie:commissione", pk=procedura.pk)
    try:
        services.controlla_revoca_commissario(membership=request.membership, procedura=procedura,
                                              commissario=commissario)
    except (ValidationError, PermissionDenied) as errore:
        messages.error(request, _messaggio(errore))
        return redirect("graduatorie:commissione", pk=procedura.pk)
    return render(request, "graduatorie/conferma.html", {
        "procedura": procedura, "titolo": "Revoca commissario", "sezione": "commissione",
        "avvertenza": f"Revochi la nomina di {commissario.user}: i suoi punteggi non contano "
                      "più nella media della commissione.",
        "annulla": "graduatorie:commissione"})


@login_required
def le_mie_commissioni(request):
    return render(request, "graduatorie/le_mie_commissioni.html",
                  {"nomine": selectors.nomine_di(request.user)})


# --- Valutazione -----------------------------------------------------------------------------

# After «Ammetti», «Escludi» or «Registra punteggi» the page comes back where the person was
# working (on a phone the scores are a long way down), not at its top; a correction comes
# back to the table of the criteria, at the top, which shows it.
SEZIONE_DOPO = {"ammetti": "ammissione", "escludi": "ammissione", "punteggi": "i-tuoi-punteggi"}


def _alla_sezione(procedura, istanza, azione):
    url = reverse("graduatorie:istanza", args=[procedura.pk, istanza.pk])
    return redirect(f"{url}#{SEZIONE_DOPO[azione]}" if azione in SEZIONE_DOPO else url)


@commissione_o_staff
def valutazione(request, accesso):
    procedura = accesso.procedura
    criteri = criteri_con_regole(procedura)
    righe = selectors.avanzamento(procedura, criteri)
    valutate, totale = selectors.conteggio_avanzamento(righe)
    commissari = list(selectors.commissari_di(procedura))
    mancanti = (selectors.mancanti_per_commissario(procedura, righe, criteri,
                                                   [c.user_id for c in commissari])
                if procedura.stato == Stato.IN_VALUTAZIONE else {})
    return render(request, "graduatorie/valutazione.html", {
        "procedura": procedura, "accesso": accesso, "righe": righe, "valutate": valutate,
        "totale": totale, "da_valutare": totale - valutate,
        "percentuale": int(valutate * 100 / totale) if totale else 0,
        "commissari": commissari, "sezione": "valutazione",
        # what is left to the commissioner reading, and to the others once hers are done
        "miei_mancanti": mancanti.get(request.user.pk) if accesso.commissario else None,
        "altri_mancanti": [(c.user, mancanti[c.user_id]) for c in commissari
                           if c.user_id != request.user.pk and mancanti.get(c.user_id)],
        # a commissioner evaluates (and excludes) while the evaluation is open; anybody else,
        # or after, reads
        "puo_valutare": accesso.commissario and procedura.stato == Stato.IN_VALUTAZIONE,
        "puo_concludere": (accesso.staff and request.membership.ruolo in services.DIRIGENZA
                           and procedura.stato == Stato.IN_VALUTAZIONE),
        # the column of the commission's marks only when some criterion asks for them
        "con_punteggi": any(r.punteggi_attesi for r in righe),
    })


@commissione_o_staff
def verbale_pdf(request, accesso):
    """The commission's verbale, to sign: once the evaluation is concluded, before it would say
    scores that still move."""
    procedura = accesso.procedura
    if not verbale.disponibile(procedura):
        messages.info(request, "Il verbale della commissione si può scaricare quando la "
                               "valutazione è conclusa («Concludi valutazione istanze»).")
        return redirect("graduatorie:valutazione", pk=procedura.pk)
    risposta = HttpResponse(pdf_graduatoria.verbale(verbale.verbale(procedura)),
                            content_type="application/pdf")
    risposta["Content-Disposition"] = (
        f'attachment; filename="verbale-commissione-procedura-{procedura.pk}.pdf"')
    risposta["X-Content-Type-Options"] = "nosniff"
    risposta["Cache-Control"] = "private, no-store"
    return risposta


def _punteggi_dati(commissari, dati: set[int], io) -> str:
    """Under the commission's mean: whose marks it is the mean of, or whose are missing (the
    reader's own said as «il tuo»)."""
    altri = [u.nome_completo for u in commissari if u.pk not in dati and u.pk != io.pk]
    manca_il_mio = any(u.pk == io.pk and u.pk not in dati for u in commissari)
    if not altri and not manca_il_mio:
        return f"Media dei punteggi di {len(dati)} commissari." if len(dati) > 1 else ""
    di_altri = ("quello di " if len(altri) == 1 else "quelli di ") + elenco(altri)
    if manca_il_mio:
        mancanti = f"il tuo e {di_altri}" if altri else "il tuo"
        verbo = "mancano" if altri else "manca"
    else:
        mancanti, verbo = di_altri, "manca" if len(altri) == 1 else "mancano"
    if not dati:
        mancanti = mancanti.replace("il tuo", "il tuo punteggio", 1) if manca_il_mio else (
            f"il punteggio di {altri[0]}" if len(altri) == 1 else f"i punteggi di {elenco(altri)}")
        return f"{verbo.capitalize()} {mancanti}."
    return f"Finora {quantita(len(dati), 'punteggio')} su {len(commissari)}: {verbo} {mancanti}."


def _righe_criteri(procedura, istanza, criteri, valutazione, categoria, io):
    dichiarazioni = selectors.dichiarazioni_valutate(istanza, valutazione)
    medie = selectors.medie_commissione(procedura, istanza).get(istanza.pk, {})
    commissari, dati = selectors.chi_ha_dato_i_punteggi(procedura, istanza)
    commissario = any(u.pk == io.pk for u in commissari)
    righe = []
    for c in criteri:
        applicabile = regole.applicabile(c, categoria)
        valore = medie.get(c.pk) if c.tipo == TipoCriterio.MANUALE else dichiarazioni.get(c.pk)
        # seed 004: a commissario gives their own mark before reading the others' (their mean)
        nascosta = (c.tipo == TipoCriterio.MANUALE and applicabile and commissario
                    and io.pk not in dati[c.pk] and bool(dati[c.pk]))
        punteggi_dati = ""
        if nascosta:
            valore = None
            punteggi_dati = f"finora {quantita(len(dati[c.pk]), 'punteggio')} su {len(commissari)}"
        elif c.tipo == TipoCriterio.MANUALE and applicabile:
            punteggi_dati = _punteggi_dati(commissari, dati[c.pk], io)
        # «corretto» while the commission's value differs from the declared one (a second
        # correction may bring it back)
        chiave = str(c.pk)
        corretto = (valutazione is not None and chiave in valutazione.valori_corretti
                    and valutazione.valori_corretti[chiave] != istanza.dichiarazioni.get(chiave))
        righe.append({"criterio": c, "applicabile": applicabile, "valore": valore,
                      "nascosta": nascosta, "punteggi_dati": punteggi_dati,
                      "dichiarato": istanza.dichiarazioni.get(str(c.pk)), "corretto": corretto,
                      # a mean no commissioner has marked yet is no score (not 0 points)
                      "punti": regole.punteggio_criterio(c, valore) if applicabile
                      and c.tipo != TipoCriterio.REQUISITO
                      and not (c.tipo == TipoCriterio.MANUALE and valore is None) else None})
    return righe, {**dichiarazioni, **medie}  # the values the total is computed on


@commissione_o_staff
def istanza(request, accesso, istanza_pk):
    procedura = accesso.procedura
    istanza = selectors.access_istanza(accesso, istanza_pk)
    criteri = criteri_con_regole(procedura)
    valutazione = getattr(istanza, "valutazione", None)
    categoria = selectors.categoria_di(istanza, valutazione)
    mancanti = selectors.requisiti_mancanti(criteri, istanza, valutazione)
    manuali = selectors.manuali_per_categoria(criteri, categoria)
    miei = {}
    if valutazione:
        miei = {p.criterio_id: p.punti for p in valutazione.punteggi.filter(
            commissario=request.user)}
    azione = request.POST.get("azione") if request.method == "POST" else None
    dati = request.POST if request.method == "POST" else None
    escludi = forms.EscludiForm(dati if azione == "escludi" else None, prefix="escludi",
                                initial={"motivazione": regole.motivazione_requisiti(mancanti)})
    correzione = forms.CorrezioneForm(dati if azione == "correggi" else None, prefix="correzione",
                                      procedura=procedura)
    form_categoria = forms.CategoriaForm(dati if azione == "categoria" else None,
                                         prefix="categoria", procedura=procedura,
                                         attuale=categoria)
    punteggi = forms.PunteggiForm(dati if azione == "punteggi" else None, prefix="punteggi",
                                  criteri=manuali, iniziali=miei)
    form_attivo = {"escludi": escludi, "correggi": correzione, "punteggi": punteggi,
                   "categoria": form_categoria}.get(azione)
    if azione:
        try:
            if azione == "ammetti":
                services.ammetti(autore=request.user, candidatura=istanza)
                messages.success(request, "Istanza ammessa.")
                return _alla_sezione(procedura, istanza, azione)
            if form_attivo is None:
                raise Http404
            if form_attivo.is_valid():
                if azione == "escludi":
                    services.escludi(autore=request.user, candidatura=istanza,
                                     motivazione=escludi.cleaned_data["motivazione"])
                    messages.success(request, "Istanza esclusa.")
                elif azione == "correggi":
                    dati_c = correzione.cleaned_data
                    valore = services.valore_da_testo(dati_c["criterio"], dati_c["valore"],
                                                      dati_c["lode"])
                    services.correggi_valore(autore=request.user, candidatura=istanza,
                                             criterio=dati_c["criterio"], valore=valore,
                                             nota=dati_c["nota"])
                    messages.success(request, "Valore corretto: la nota è nel registro.")
                elif azione == "categoria":
                    services.correggi_categoria(
                        autore=request.user, candidatura=istanza,
                        categoria=form_categoria.cleaned_data["categoria"],
                        nota=form_categoria.cleaned_data["nota"])
                    messages.success(request, "Categoria corretta: la graduatoria segue la "
                                              "nuova categoria; la nota è nel registro.")
                else:
                    services.assegna_punteggi(autore=request.user, candidatura=istanza,
                                              punteggi=punteggi.punteggi())
                    messages.success(request, "Punteggi registrati.")
                return _alla_sezione(procedura, istanza, azione)
        except ValidationError as errore:
            if form_attivo is not None:
                errori_nel_form(form_attivo, errore)
            else:
                messages.error(request, _messaggio(errore))
        except PermissionDenied as errore:
            messages.error(request, _messaggio(errore))
    if form_attivo is not None and form_attivo.errors:
        segnala_da_correggere(request, form_attivo, "Non registrato: correggi i dati indicati "
                                                    "nel modulo.")
    righe, valori = _righe_criteri(procedura, istanza, criteri, valutazione, categoria,
                                   request.user)
    nascoste = [r["criterio"].descrizione for r in righe if r["nascosta"]]
    return render(request, "graduatorie/istanza.html", {
        "procedura": procedura, "accesso": accesso, "istanza": istanza,
        "valutazione": valutazione, "righe": righe, "sezione": "valutazione",
        # the total would tell the others' marks too: after the own ones
        "totale": None if nascoste else regole.punteggio_totale(criteri, categoria, valori),
        "nascoste": elenco([f"«{d}»" for d in nascoste]),
        "requisiti_mancanti": mancanti, "categoria": categoria,
        "etichetta_categoria": Categoria(categoria).label if categoria in Categoria.values
        else "—", "form_categoria": form_categoria,
        "correzioni": valutazione.correzioni.select_related("criterio", "autore")
        if valutazione else [],
        "allegati": istanza.allegati.select_related("allegato_richiesto", "criterio"),
        "autocertificazioni": righe_autocertificazioni(istanza),
        "escludi": escludi, "correzione": correzione, "punteggi": punteggi,
        "modificabile": accesso.commissario and procedura.stato == Stato.IN_VALUTAZIONE,
        "istruttoria": _in_istruttoria(istanza),
        "esito": valutazione.esito if valutazione else Esito.DA_VALUTARE,
    })


@commissione_o_staff
def escludi_per_requisito(request, accesso, istanza_pk):
    """One click from the flag of a missing requirement: a confirmation with the motivazione
    prefilled («Manca il requisito di ammissione …»), which the commissario may edit."""
    procedura = accesso.procedura
    istanza = selectors.access_istanza(accesso, istanza_pk)
    valutazione = getattr(istanza, "valutazione", None)
    mancanti = selectors.requisiti_mancanti(criteri_con_regole(procedura), istanza, valutazione)
    form = forms.EscludiForm(request.POST if request.method == "POST" else None,
                             initial={"motivazione": regole.motivazione_requisiti(mancanti)})
    if request.method == "POST" and form.is_valid():
        try:
            services.escludi(autore=request.user, candidatura=istanza,
                             motivazione=form.cleaned_data["motivazione"])
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, _messaggio(errore))
        else:
            messages.success(request, f"Istanza prot. {istanza.protocollo.numero}/"
                                      f"{istanza.protocollo.anno} esclusa.")
            return redirect("graduatorie:valutazione", pk=procedura.pk)
    return render(request, "graduatorie/escludi_per_requisito.html", {
        "procedura": procedura, "accesso": accesso, "istanza": istanza, "form": form,
        "requisiti_mancanti": mancanti, "sezione": "valutazione",
        "esclusa": valutazione is not None and valutazione.esito == Esito.ESCLUSA,
        "modificabile": accesso.commissario and procedura.stato == Stato.IN_VALUTAZIONE,
        "istruttoria": _in_istruttoria(istanza),
    })


@commissione_o_staff
def allegato_istanza(request, accesso, istanza_pk, allegato_pk):
    istanza = selectors.access_istanza(accesso, istanza_pk)
    allegato = selectors.access_allegato(istanza, allegato_pk)
    return documenti.risposta_download(
        allegato.percorso, nome=f"{istanza.protocollo.numero}_{allegato.nome}", mime=allegato.mime)


@staff
def concludi(request, pk):
    procedura = selectors.access_graduatoria_staff(request.membership, pk)
    if request.method == "POST":
        try:
            services.concludi_valutazione(autore=request.user, membership=request.membership,
                                          procedura=procedura)
        except (ValidationError, PermissionDenied) as errore:
            messages.error(request, _messaggio(errore))
            return redirect("graduatorie:valutazione", pk=procedura.pk)
        messages.success(request, "Valutazione conclusa: la graduatoria provvisoria è generata. "
                         + ("Controllala e pubblicala." if request.membership.ruolo == Ruolo.DS
                            else "Controllala: la pubblica il Dirigente Scolastico."))
        return redirect("graduatorie:graduatoria", pk=procedura.pk)
    righe = selectors.avanzamento(procedura)
    impedimento = services.valutazione_incompleta(procedura, righe)
    return render(request, "graduatorie/conferma.html", {
        "procedura": procedura, "titolo": "Concludi valutazione istanze",
        # the ranking the scores give, read before they are fixed (nothing is written)
        "anteprima": None if impedimento else services.calcola_righe(procedura),
        # what is about to be fixed, before the button: how many in, who out and why
        "ammesse": sum(1 for r in righe if r.esito == Esito.AMMESSA),
        "escluse": [r for r in righe if r.esito == Esito.ESCLUSA],
        "sezione": "valutazione", "annulla": "graduatorie:valutazione",
        # said before the irreversible button, which is not offered (the service refuses too)
        "impedimento": impedimento,
        "avvertenza": "Dopo la conclusione le valutazioni non si modificano più: eventuali "
                      "errori si correggono solo accogliendo un reclamo."})


# --- Graduatoria (staff) -----------------------------------------------------------------------

@staff
def graduatoria(request, pk):
    procedura = selectors.access_graduatoria_staff(request.membership, pk)
    corrente = selectors.ultima_versione(procedura)
    scadenza = services.finestra_reclami(procedura)
    adesso = timezone.now()
    return render(request, "graduatorie/graduatoria.html", {
        "procedura": procedura, "corrente": corrente,
        "versioni": selectors.con_righe_uguali(selectors.versioni(procedura)),
        "reclami": selectors.reclami_di(procedura), "scadenza_reclami": scadenza,
        "reclami_aperti": services.reclami_aperti(procedura, adesso), "sezione": "graduatoria",
        "ds": request.membership.ruolo == "ds",
        "da_pubblicare": corrente is not None and corrente.pubblicata_il is None,
        "approvabile": (procedura.stato == Stato.VALUTATA and scadenza is not None
                        and adesso > scadenza),
    })


def _in_istruttoria(istanza):
    """The integration asked and not answered yet: no «Ammetti»/«Escludi» until it is, the
    page says until when."""
    if istanza.stato != StatoCandidatura.IN_ISTRUTTORIA:
        return None
    return integrazione_da_inviare(istanza)


def _conferma_ds(request, pk, *, servizio, titolo, avvertenza, successo, controlla=None):
    """`controlla(procedura)` raises the refusal the service would give: said at once, no
    confirmation asked for it."""
    procedura = selectors.access_graduatoria_staff(request.membership, pk)
    if request.membership.ruolo != Ruolo.DS:  # the confirmation only for who may give it
        raise PermissionDenied(messaggio_senza_ruolo(request, (Ruolo.DS,)))
    if request.method != "POST" and controlla is not None:
        try:
            controlla(procedura)
        except ValidationError as errore:
            messages.error(request, _messaggio(errore))
            return redirect("graduatorie:graduatoria", pk=procedura.pk)
    if request.method == "POST":
        try:
            servizio(autore=request.user, membership=request.membership, procedura=procedura)
        except (ValidationError, PermissionDenied) as errore:
            messages.error(request, _messaggio(errore))
        else:
            messages.success(request, successo)
        return redirect("graduatorie:graduatoria", pk=procedura.pk)
    return render(request, "graduatorie/conferma.html", {
        "procedura": procedura, "titolo": titolo,
        "avvertenza": avvertenza(procedura) if callable(avvertenza) else avvertenza,
        "sezione": "graduatoria", "annulla": "graduatorie:graduatoria"})


@staff
def pubblica(request, pk):
    return _conferma_ds(
        request, pk, servizio=services.pubblica_graduatoria,
        titolo="Pubblica graduatoria provvisoria",
        avvertenza=lambda procedura: (
            "La graduatoria sarà visibile a tutti (nomi e punteggi) e i candidati saranno "
            f"avvisati. Da ora decorrono {quantita(procedura.giorni_reclami, 'giorno')} per i "
            "reclami: pubblicando adesso, si presentano fino "
            f"{data_con('al', termine_in_giorni(timezone.now(), procedura.giorni_reclami))} "
            "compreso. Non si ritira."),
        successo="Graduatoria provvisoria pubblicata; i candidati sono stati avvisati.")


@staff
def approva(request, pk):
    return _conferma_ds(
        request, pk, servizio=services.approva_definitiva,
        titolo="Approva graduatoria definitiva", controlla=services.controlla_approvazione,
        avvertenza="La graduatoria definitiva sarà pubblicata e la procedura conclusa con "
                   "esito: non si potranno più accogliere reclami.",
        successo="Graduatoria definitiva approvata e pubblicata.")


@staff
def reclamo(request, pk, reclamo_pk):
    procedura = selectors.access_graduatoria_staff(request.membership, pk)
    reclamo = selectors.access_reclamo(procedura, reclamo_pk)
    # what the ranking in force gives the application, to answer on the facts
    versione = selectors.ultima_versione(procedura, pubblicata=True)
    sezione, riga, voci = _in_graduatoria(versione, reclamo.candidatura)
    form = forms.RispostaReclamoForm(
        dati_inviati(request)[0], procedura=procedura,
        esclusione=riga["motivazione"] if riga and not sezione else None)
    if request.method == "POST" and form.is_valid():
        dati = form.cleaned_data
        try:
            if dati["decisione"] == "respingi":
                services.respingi_reclamo(autore=request.user, membership=request.membership,
                                          reclamo=reclamo, risposta=dati["risposta"])
                messages.success(request, "Reclamo respinto; il candidato è stato avvisato.")
            else:
                correzioni = []
                for n, criterio, testo, lode in form.titoli():
                    try:
                        correzioni.append((criterio, services.valore_da_testo(criterio, testo,
                                                                              lode)))
                    except ValidationError as errore:  # beside the row's own field
                        raise ValidationError({f"valore_{n}": errore.message_dict.get(
                            "valore", errore.messages)}) from None
                nuova = services.accogli_reclamo(
                    autore=request.user, membership=request.membership, reclamo=reclamo,
                    risposta=dati["risposta"], correzioni=correzioni,
                    riammetti=dati.get("riammetti", False))
                reclamo.refresh_from_db(fields=["nuova_versione"])
                messages.success(request, f"Reclamo accolto: pubblicata la versione "
                                          f"{nuova.numero} della graduatoria."
                                 if reclamo.nuova_versione_id else
                                 "Reclamo accolto: la rivalutazione non cambia la graduatoria, "
                                 f"resta valida la versione {nuova.numero}.")
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, str(errore))
        else:
            return redirect("graduatorie:graduatoria", pk=procedura.pk)
    return render(request, "graduatorie/reclamo.html", {
        "procedura": procedura, "reclamo": reclamo, "form": form, "sezione": "graduatoria",
        "ds": request.membership.ruolo == "ds", "versione": versione, "riga": riga,
        "sezione_candidato": sezione, "voci": voci})


@staff
def documento_reclamo(request, pk, reclamo_pk, documento_pk):
    procedura = selectors.access_graduatoria_staff(request.membership, pk)
    reclamo = selectors.access_reclamo(procedura, reclamo_pk)
    documento = selectors.access_documento_reclamo(reclamo, documento_pk)
    return documenti.risposta_download(documento.percorso, nome=documento.nome,
                                       mime=documento.mime)


@staff
def interpello(request, pk):
    procedura = selectors.access_graduatoria_staff(request.membership, pk)
    proposte = list(selectors.proposte_di(procedura))
    form = forms.PropostaForm(dati_inviati(request)[0],
                              initial=forms.PropostaForm.iniziali(proposte))
    if request.method == "POST" and form.is_valid():
        try:
            proposta = services.proponi_incarico(
                autore=request.user, membership=request.membership, procedura=procedura,
                **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, str(errore))
        else:
            messages.success(request, f"Proposta inviata {a_chi(proposta.candidatura.candidato)}.")
            return redirect("graduatorie:interpello", pk=procedura.pk)
    preparati = estensioni.preparati(procedura)
    for p in proposte:
        p.incarico_preparato = preparati.get(p.candidatura_id)
    puo_proporre = (request.membership.ruolo in services.DIRIGENZA
                    and procedura.stato == Stato.CONCLUSA_ESITO)
    prossimo, non_proponibile = (services.prossimo_da_interpellare(procedura) if puo_proporre
                                 else (None, ""))
    return render(request, "graduatorie/interpello.html", {
        "procedura": procedura, "form": form, "proposte": proposte,
        "ha_note": any(p.motivazione or p.stato == StatoProposta.ACCETTATA for p in proposte),
        "sezione": "interpello", "adesso": timezone.now(),
        "ds": request.membership.ruolo == Ruolo.DS,
        "puo_proporre": puo_proporre,
        # what would stop the incarico after the acceptance (the budget already used up), said
        # where the proposal that cannot be withdrawn is sent, as on the Riepilogo
        "avvisi": procedure_estensioni.avvisi(procedura) if puo_proporre else [],
        "non_proponibile": non_proponibile, "prossimo": prossimo})


@ruolo_richiesto(Ruolo.DS)
def annulla_accettazione(request, pk, proposta_pk):
    """«Annulla l'accettazione»: the DS records why an accepted proposal cannot become an
    Incarico; the post goes to the next candidate (services.annulla_accettazione)."""
    procedura = selectors.access_graduatoria_staff(request.membership, pk)
    proposta = selectors.access_proposta(procedura, proposta_pk)
    if proposta.stato != StatoProposta.ACCETTATA:
        messages.info(request, "Questa proposta non è accettata: non c'è un'accettazione da "
                               "annullare.")
        return redirect("graduatorie:interpello", pk=procedura.pk)
    form = forms.AnnullaAccettazioneForm(dati_inviati(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            successiva = services.annulla_accettazione(
                autore=request.user, membership=request.membership, proposta=proposta,
                **form.cleaned_data)
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, str(errore))
        else:
            messages.success(request, "Accettazione annullata. " + (
                f"Il posto n. {proposta.incarico} è proposto a {successiva.candidatura.candidato}."
                if successiva else "Non restano candidati in graduatoria da interpellare."))
            return redirect("graduatorie:interpello", pk=procedura.pk)
    incarico = estensioni.preparati(procedura).get(proposta.candidatura_id)
    return render(request, "graduatorie/annulla_accettazione.html", {
        "procedura": procedura, "proposta": proposta, "form": form, "incarico": incarico,
        "atto_emesso": incarico is not None and incarico.atto_emesso,
        "sezione": "interpello", "livello": ("graduatorie:interpello", "Interpello")})


# --- Public ranking ----------------------------------------------------------------------------

def esito_pubblico(request, pk, numero=None):
    versione = selectors.access_versione_pubblica(pk, numero)
    versioni = selectors.con_righe_uguali(
        selectors.versioni(versione.procedura).filter(pubblicata_il__isnull=False))
    return render(request, "graduatorie/esito_pubblico.html", {
        "versione": versione, "procedura": versione.procedura, "versioni": versioni,
        "uguale_a": next((v.uguale_a for v in versioni if v.numero == versione.numero), None),
        # a link to an old version, shared before a reclamo or the definitive ranking
        "in_vigore": versioni[-1] if versioni[-1].numero != versione.numero else None})


def esito_pdf(request, pk, numero=None):
    """A published version is immutable: its PDF is rendered once (graduatorie.pdf) and then
    streamed from the storage, never rendered per anonymous request."""
    versione = selectors.access_versione_pubblica(pk, numero)
    risposta = FileResponse(default_storage.open(pdf_graduatoria.percorso_pdf(versione), "rb"),
                            content_type="application/pdf")
    risposta["Content-Disposition"] = (
        f'inline; filename="graduatoria-{versione.procedura_id}-v{versione.numero}.pdf"')
    risposta["X-Content-Type-Options"] = "nosniff"
    return risposta


# --- Candidate ---------------------------------------------------------------------------------

def _mia_riga(versione, candidatura_pk):
    if versione is None:
        return None, None
    for sezione in versione.righe["sezioni"]:
        for riga in sezione["righe"]:
            if riga["candidatura"] == candidatura_pk:
                return sezione, riga
    for riga in versione.righe["esclusi"]:
        if riga["candidatura"] == candidatura_pk:
            return None, riga
    return None, None


def _ordine_di_chiamata(versione, candidatura_pk) -> dict | None:
    """Where the application stands in the order the proposals follow (the sections in the
    categories' priority, art. 3): its place, how many are ranked, and how many of earlier
    categories come before it; None with a single section."""
    sezioni = [s for s in versione.righe["sezioni"] if s["righe"]] if versione else []
    righe = calcolo.ordine_di_chiamata(versione.righe) if versione else []
    if len(sezioni) < 2 or candidatura_pk not in righe:
        return None
    prima = 0
    for sezione in sezioni:
        if any(r["candidatura"] == candidatura_pk for r in sezione["righe"]):
            break
        prima += len(sezione["righe"])
    return {"posto": righe.index(candidatura_pk) + 1, "su": len(righe), "prima": prima}


def _in_graduatoria(versione, candidatura):
    """The application's section and row in the version, and its score criterion by criterion
    when it is ranked (selectors.punteggio_per_criterio)."""
    sezione, riga = _mia_riga(versione, candidatura.pk)
    voci = selectors.punteggio_per_criterio(candidatura, sezione["categoria"],
                                            riga["punteggio"]) if sezione else None
    return sezione, riga, voci


@login_required
def esito_candidato(request, pk):
    """«Esito e reclami» of the candidate's own application."""
    candidatura = access_candidatura_propria(request.user, pk)
    procedura = candidatura.procedura
    versione = selectors.ultima_versione(procedura, pubblicata=True)
    sezione, riga, voci = _in_graduatoria(versione, candidatura)
    proposte = list(candidatura.proposte.all())
    accettata = any(p.stato == StatoProposta.ACCETTATA for p in proposte)
    return render(request, "graduatorie/esito_candidato.html", {
        "candidatura": candidatura, "procedura": procedura, "versione": versione,
        "sezione_mia": sezione, "riga": riga, "voci": voci,
        "ordine_di_chiamata": _ordine_di_chiamata(versione, candidatura.pk),
        "reclami": candidatura.reclami.prefetch_related("documenti").select_related(
            "graduatoria", "nuova_versione", "protocollo__istituto"),
        "reclami_aperti": services.reclami_aperti(procedura),
        "reclamo_non_ammesso": services.reclamo_non_ammesso(procedura, candidatura),
        "scadenza_reclami": services.finestra_reclami(procedura),
        "proposte": proposte, "adesso": timezone.now(),
        "in_attesa": StatoProposta.IN_ATTESA,
        # the incarico prepared on the acceptance, with its act once issued
        "incarico": estensioni.preparati(procedura).get(candidatura.pk) if accettata else None,
        "correzioni_categoria": selectors.correzioni_categoria(candidatura),
        # the proposal says the amount on the base of the candidate's category
        "compenso_della_proposta": procedura.compenso_per(candidatura.categoria),
    })


@login_required
def documento_del_mio_reclamo(request, pk, reclamo_pk, documento_pk):
    """A document the candidate attached to their own reclamo (the office has its own page)."""
    candidatura = access_candidatura_propria(request.user, pk)
    reclamo = selectors.access_reclamo_della_candidatura(candidatura, reclamo_pk)
    documento = selectors.access_documento_reclamo(reclamo, documento_pk)
    return documenti.risposta_download(documento.percorso, nome=documento.nome,
                                       mime=documento.mime)


@login_required
def presenta_reclamo(request, pk):
    candidatura = access_candidatura_propria(request.user, pk)
    dati, file = dati_inviati(request)
    form = forms.ReclamoForm(dati, file)
    if request.method == "POST" and form.is_valid():
        try:
            services.presenta_reclamo(candidato=request.user, candidatura=candidatura,
                                      testo=form.cleaned_data["testo"],
                                      documenti_caricati=form.cleaned_data["documenti"] or [])
        except ValidationError as errore:
            errori_nel_form(form, errore)
        except PermissionDenied as errore:
            form.add_error(None, str(errore))
        else:
            messages.success(request, "Reclamo presentato: riceverai la risposta nel portale.")
            return redirect("graduatorie:esito_candidato", pk=candidatura.pk)
    return render(request, "graduatorie/presenta_reclamo.html", {
        "candidatura": candidatura, "procedura": candidatura.procedura, "form": form,
        "aperti": services.reclami_aperti(candidatura.procedura),
        "motivo": services.reclamo_non_ammesso(candidatura.procedura, candidatura),
        "scadenza_reclami": services.finestra_reclami(candidatura.procedura)})


# the candidate's answer: service, title, warning, message after it, the button (first person,
# as the candidate says it)
RISPOSTE = {
    "accetta": (services.accetta_proposta, "Accetta la proposta di incarico",
                "Accettando ti impegni a svolgere l'incarico: l'istituto procederà al "
                "conferimento.", "Hai accettato la proposta: l'istituto ti contatterà per il "
                "conferimento dell'incarico.", "Confermo l'accettazione"),
    "rinuncia": (services.rinuncia_proposta, "Rinuncia alla proposta di incarico",
                 "La rinuncia è definitiva: non riceverai altre proposte da questa graduatoria.",
                 "Hai rinunciato alla proposta.", "Confermo la rinuncia"),
}


@login_required
def rispondi_proposta(request, pk, proposta_pk, risposta):
    if risposta not in RISPOSTE:
        raise Http404
    proposta = selectors.access_proposta_propria(request.user, pk, proposta_pk)
    servizio, titolo, avvertenza, successo, pulsante = RISPOSTE[risposta]
    if request.method == "POST":
        try:
            servizio(candidato=request.user, proposta=proposta)
        except (ValidationError, PermissionDenied) as errore:
            messages.error(request, _messaggio(errore))
        else:
            messages.success(request, successo)
        return redirect("graduatorie:esito_candidato", pk=pk)
    return render(request, "graduatorie/rispondi_proposta.html", {
        "proposta": proposta, "procedura": proposta.procedura, "titolo": titolo,
        "avvertenza": avvertenza, "candidatura": proposta.candidatura, "risposta": risposta,
        "pulsante": pulsante,
        "compenso_della_proposta": proposta.procedura.compenso_per(proposta.candidatura.categoria),
        "scaduta": timezone.now() > proposta.scadenza})

