"""Reads of candidature: a candidate sees only the own applications; staff of the
procedure's istituto see its sent applications once the terms are closed.

`access_istanze_della_procedura` is the one door to the applications of a procedure for
anybody but their authors (the office here, the commission in graduatorie): closed until the
closing second (istanze.consultabili), with the same 404 as a missing procedure.
"""

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portale.lingua import GIORNO_E_ORA, data_con, quantita
from procedure import calendario
from procedure.models import ProceduraSelezione, Stato
from procedure.selectors import access_procedura

from . import istanze as regole_istanze
from .estensioni import Seguito
from .models import (
    CHIUSE,
    RITIRABILI,
    AllegatoCandidatura,
    Candidatura,
    DocumentoIntegrazione,
    RichiestaIntegrazione,
    StatoCandidatura,
    StatoRichiesta,
)


def candidature_di(user):
    return (Candidatura.objects.filter(candidato=user)
            .select_related("procedura__istituto", "protocollo").order_by("-aggiornata_il"))


def integrazioni_da_inviare(candidature) -> dict[int, list[Seguito]]:
    """Under each application of «Le mie candidature» (estensioni), highlighted: a request for
    integration still waiting for the candidate's answer, with its deadline. One query."""
    seguiti: dict[int, list[Seguito]] = {}
    pk = [c.pk for c in candidature if c.stato == StatoCandidatura.IN_ISTRUTTORIA]
    if not pk:
        return seguiti
    for richiesta in RichiestaIntegrazione.objects.filter(
            candidatura_id__in=pk, stato=StatoRichiesta.APERTA,
            scadenza__gte=timezone.now()).order_by("scadenza"):
        seguiti.setdefault(richiesta.candidatura_id, []).append(Seguito(
            f"Integrazione richiesta: rispondi entro "
            f"{data_con('il', richiesta.scadenza, GIORNO_E_ORA)}",
            reverse("candidature:rispondi_integrazione",
                    args=[richiesta.candidatura_id, richiesta.pk]), urgente=True))
    return seguiti


def bozze_da_inviare(candidature) -> dict[int, list[Seguito]]:
    """Under each draft of «Le mie candidature» (estensioni), highlighted: complete and send it
    before the avviso closes, to the second (the clock, not the worker). No query: the list
    reads the avviso with the application."""
    adesso = timezone.now()
    return {c.pk: [Seguito(f"Completa e invia entro "
                           f"{data_con('il', c.procedura.data_chiusura, GIORNO_E_ORA)}",
                           reverse("candidature:presenta", args=[c.procedura_id]) + "?riprendi",
                           urgente=True)]
            for c in candidature if c.stato == StatoCandidatura.BOZZA
            and calendario.accetta_candidature(c.procedura, adesso)}


def integrazione_da_inviare(candidatura) -> RichiestaIntegrazione | None:
    """The request the candidate still has to answer, shown first on the application's page:
    read from the requests the page lists further down (the view prefetches them)."""
    adesso = timezone.now()
    return min((r for r in candidatura.richieste_integrazione.all()
                if r.stato == StatoRichiesta.APERTA and r.scadenza >= adesso),
               key=lambda r: r.scadenza, default=None)


def invio_non_ancora_possibile(procedura: ProceduraSelezione, adesso=None) -> str:
    """Why a draft cannot be sent at this second, said on every step and on the summary
    (the draft can still be filled in); "" while the avviso accepts applications."""
    adesso = adesso or timezone.now()
    stato = calendario.stato_effettivo(procedura, adesso)
    if stato == Stato.APERTA:
        return ""
    if stato == Stato.SOSPESA:
        return ("La procedura è sospesa: puoi completare la bozza, ma per ora non si possono "
                "inviare candidature. Riprova quando la procedura riprenderà.")
    if stato == Stato.IN_REVISIONE:
        return ("L'avviso è in revisione: puoi completare la bozza, ma per ora non si possono "
                "inviare candidature. Riprova quando la revisione sarà conclusa.")
    if stato == Stato.PUBBLICATA:
        if procedura.apertura_programmata and procedura.data_apertura:
            return (f"Le candidature si apriranno {data_con('il', procedura.data_apertura, GIORNO_E_ORA)}: "
                    "intanto puoi preparare la bozza, l'invio sarà possibile da allora.")
        return ("L'istituto non ha ancora aperto le candidature: intanto puoi preparare la "
                "bozza, l'invio sarà possibile dall'apertura.")
    if procedura.data_chiusura:
        return (f"I termini si sono chiusi {data_con('il', procedura.data_chiusura, GIORNO_E_ORA)}: "
                "la candidatura non si può più inviare.")
    return "La procedura non accetta più candidature."


def candidatura_viva(user, procedura_pk) -> Candidatura | None:
    """The candidate's live application (neither withdrawn nor annulled) to a published
    avviso, with the avviso and its istituto: on every step of the form one query, not one
    for the avviso and one for the application. None when there is none yet (the caller then
    reads the avviso with procedure.selectors.access_avviso_per_candidatura)."""
    return (Candidatura.objects.select_related("procedura__istituto")
            .filter(candidato=user, procedura_id=procedura_pk,
                    procedura__pubblicata_il__isnull=False)
            .exclude(stato__in=CHIUSE).first())


def candidatura_sull_avviso(procedura, user) -> tuple[str, str, str] | None:
    """On the public avviso, for its author: the live application in words, with where to
    go (procedure.estensioni.candidatura_propria)."""
    candidatura = (Candidatura.objects.filter(candidato=user, procedura=procedura)
                   .exclude(stato__in=CHIUSE).select_related("protocollo").first())
    if candidatura is None:
        return None
    if candidatura.stato == StatoCandidatura.BOZZA:
        if not calendario.accetta_candidature(procedura, timezone.now()):
            return None  # a draft that can no longer be sent: the avviso says why
        return ("Hai una candidatura in bozza per questo avviso: completala e inviala entro il "
                "termine.", "Completa la candidatura",
                reverse("candidature:presenta", args=[procedura.pk]) + "?riprendi")
    return (f"Hai inviato la candidatura (protocollo {candidatura.protocollo.segnatura})."
            if candidatura.protocollo_id else "Hai inviato la candidatura.",
            "Vedi la tua candidatura", reverse("candidature:dettaglio", args=[candidatura.pk]))


def access_candidatura_propria(user, pk) -> Candidatura:
    """The same 404 whether the application is missing or somebody else's."""
    try:
        return candidature_di(user).get(pk=pk)
    except (Candidatura.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_allegato_proprio(user, candidatura_pk, pk) -> AllegatoCandidatura:
    try:
        return AllegatoCandidatura.objects.get(pk=pk, candidatura_id=candidatura_pk,
                                               candidatura__candidato=user)
    except (AllegatoCandidatura.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_richiesta_propria(user, candidatura_pk, pk) -> RichiestaIntegrazione:
    """A request for integration addressed to `user`; 404 for anybody else's."""
    try:
        return RichiestaIntegrazione.objects.select_related(
            "candidatura__procedura__istituto", "candidatura__protocollo").get(
            pk=pk, candidatura_id=candidatura_pk, candidatura__candidato=user)
    except (RichiestaIntegrazione.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_documento_integrazione_proprio(user, candidatura_pk, pk) -> DocumentoIntegrazione:
    try:
        return DocumentoIntegrazione.objects.get(
            pk=pk, richiesta__candidatura_id=candidatura_pk, richiesta__candidatura__candidato=user)
    except (DocumentoIntegrazione.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def richieste_di(candidatura):
    return candidatura.richieste_integrazione.select_related(
        "richiesta_da", "protocollo_risposta__istituto").prefetch_related("documenti")


# --- Gestione delle istanze (staff of the procedure's istituto) ---------------------------

def istanze_inviate(procedura):
    """Every sent application of `procedura` (drafts never): they have a protocol number."""
    return Candidatura.objects.filter(procedura=procedura, protocollo__isnull=False)


def elenco_istanze(procedura, *, stato: str = "", categoria: str = "", cerca: str = ""):
    """The list of «Gestione istanze»: filters on state and category; search by the
    candidate's name or codice fiscale, or by protocol number ("12" or "12/2025")."""
    documenti = (AllegatoCandidatura.objects.filter(candidatura=OuterRef("pk")).order_by()
                 .values("candidatura").annotate(n=Count("pk")).values("n"))
    # the deadline of the open request for integration, if any («in istruttoria fino al …»)
    in_attesa = (RichiestaIntegrazione.objects.filter(candidatura=OuterRef("pk"),
                                                      stato=StatoRichiesta.APERTA)
                 .values("scadenza")[:1])
    qs = istanze_inviate(procedura).select_related("candidato", "protocollo").annotate(
        n_documenti=Coalesce(Subquery(documenti), 0), istruttoria_fino_al=Subquery(in_attesa))
    if stato:
        qs = qs.filter(stato=stato)
    if categoria:
        qs = qs.filter(categoria=categoria)
    cerca = (cerca or "").strip()
    if cerca:
        numero, _, anno = cerca.partition("/")
        if numero.strip().isdigit() and (not anno or anno.strip().isdigit()):
            filtro = Q(protocollo__numero=int(numero))
            if anno.strip():
                filtro &= Q(protocollo__anno=int(anno))
            qs = qs.filter(filtro)
        else:
            for parola in cerca.split()[:4]:
                qs = qs.filter(Q(candidato__nome__icontains=parola)
                               | Q(candidato__cognome__icontains=parola)
                               | Q(candidato__codice_fiscale__iexact=parola))
    return qs.order_by("protocollo__anno", "protocollo__numero", "pk")


def access_istanze_della_procedura(procedura, adesso=None):
    """`procedura` if its applications may be read by staff now, else 404.

    The one rule for every page, download or export that reaches the applications of a
    procedure or their documents (Gestione istanze, ZIP, valutazione of the commission):
    nothing before the closing second, whatever the role.
    """
    if not regole_istanze.consultabili(procedura, adesso):
        raise Http404
    return procedura


def access_istanza(membership, procedura_pk, pk, *, procedura=None) -> Candidatura:
    """One sent application of a procedure of the active istituto, once consultable.

    The same 404 when the application is missing, a draft, of another procedure or
    istituto, or when the terms are not closed yet.
    """
    procedura = access_istanze_della_procedura(
        procedura or access_procedura(membership, procedura_pk))
    try:
        istanza = istanze_inviate(procedura).select_related(
            "candidato", "protocollo").get(pk=pk)
    except (Candidatura.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    istanza.procedura = procedura
    return istanza


def access_allegato_istanza(istanza: Candidatura, pk) -> AllegatoCandidatura:
    try:
        return istanza.allegati.get(pk=pk)
    except (AllegatoCandidatura.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_documento_integrazione(istanza: Candidatura, pk) -> DocumentoIntegrazione:
    try:
        return DocumentoIntegrazione.objects.get(pk=pk, richiesta__candidatura=istanza)
    except (DocumentoIntegrazione.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def istanze_per_archivio(qs):
    """Applications with their documents, for the ZIP: a fixed number of queries per chunk."""
    return qs.select_related("candidato", "protocollo").prefetch_related(
        Prefetch("allegati", queryset=AllegatoCandidatura.objects.select_related(
            "allegato_richiesto", "criterio")),
        Prefetch("richieste_integrazione", queryset=RichiestaIntegrazione.objects
                 .prefetch_related("documenti").order_by("creata_il", "pk")),
    )


STATI_ISTANZE = [s for s in StatoCandidatura if s != StatoCandidatura.BOZZA]


def istruttorie_aperte(procedura) -> list[RichiestaIntegrazione]:
    """The requests of `procedura` still waiting for an answer, soonest deadline first."""
    return list(RichiestaIntegrazione.objects.filter(candidatura__procedura=procedura,
                                                     stato=StatoRichiesta.APERTA)
                .select_related("candidatura__candidato").order_by("scadenza"))


def access_richiesta_aperta(istanza: Candidatura, pk) -> RichiestaIntegrazione:
    try:
        return istanza.richieste_integrazione.get(pk=pk, stato=StatoRichiesta.APERTA)
    except (RichiestaIntegrazione.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def istruttorie_in_corso(procedura: ProceduraSelezione) -> list[str]:
    """The warning of «Avvio valutazione istanze» while requests for integration wait."""
    aperte = istruttorie_aperte(procedura)
    if not aperte:
        return []
    ultima = max(r.scadenza for r in aperte)
    return [f"{quantita(len(aperte), 'istanza')} in istruttoria, con risposta attesa fino "
            f"{data_con('al', ultima, GIORNO_E_ORA)}: finché la richiesta è aperta "
            "non si può ammettere. Attendi la risposta o la scadenza, oppure chiudi "
            "l'istruttoria da «Gestione istanze»."]


def puo_ritirare(candidatura: Candidatura, adesso=None) -> bool:
    """«Ritira la candidatura» is offered when services.ritira would accept it: a sent
    application, while the terms are open (after the deadline the button would only lead to
    a refusal)."""
    from procedure import calendario

    return (candidatura.stato in RITIRABILI
            and calendario.accetta_candidature(candidatura.procedura, adesso or timezone.now()))


def puo_ripresentare(candidatura: Candidatura, adesso=None) -> bool:
    """«Presenta una nuova candidatura» after «Ritira»: while the terms are open and no other
    application of the same person to the procedure is live (candidature.ripresenta)."""
    from procedure import calendario

    if candidatura.stato != StatoCandidatura.RITIRATA:
        return False
    if not calendario.accetta_candidature(candidatura.procedura, adesso or timezone.now()):
        return False
    return candidatura_successiva(candidatura) is None


def candidatura_successiva(candidatura: Candidatura) -> Candidatura | None:
    """The live application (draft or sent) the person has to the procedure after withdrawing
    `candidatura`, if any."""
    if candidatura.stato != StatoCandidatura.RITIRATA:
        return None
    return (Candidatura.objects.filter(procedura_id=candidatura.procedura_id,
                                       candidato_id=candidatura.candidato_id)
            .exclude(stato__in=(StatoCandidatura.RITIRATA, StatoCandidatura.ANNULLATA))
            .only("pk", "stato").first())
