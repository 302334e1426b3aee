"""Reads of valutazione and graduatorie, already scoped.

Who reaches a procedure's evaluation pages: staff of its istituto (DS, DSGA, Segreteria, the
active membership) and its commissari (whatever their active membership), and only once the
applications are readable (candidature.selectors.access_istanze_della_procedura: from the
closing second). Anybody else, and everybody before, gets the same 404 as for a missing
procedure. Publication, reclami and interpello are staff only
(procedure.selectors.access_procedura). The public pages show published versions only.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.validators import data_nascita_da_codice_fiscale
from candidature.dichiarato import valore_in_parole
from candidature.estensioni import Seguito
from candidature.models import INVIATE, AllegatoCandidatura, Candidatura, StatoCandidatura
from candidature.selectors import access_istanze_della_procedura
from portale.lingua import GIORNO_E_ORA, data_con
from procedure import criteri as regole
from procedure.models import Categoria, ProceduraSelezione, Stato, TipoCriterio
from procedure.selectors import RUOLI_PROCEDURE, access_procedura, criteri_con_regole

from .calcolo import Istanza, media
from .models import (
    Commissario,
    Correzione,
    DocumentoReclamo,
    Esito,
    Graduatoria,
    Proposta,
    PunteggioCommissione,
    Reclamo,
    StatoProposta,
    StatoReclamo,
    Valutazione,
)

IN_VALUTAZIONE_O_DOPO = (Stato.IN_VALUTAZIONE, Stato.VALUTATA, Stato.CONCLUSA_ESITO)


def e_staff(membership, procedura) -> bool:
    return (membership is not None and membership.istituto_id == procedura.istituto_id
            and membership.ruolo in RUOLI_PROCEDURE)


def e_commissario(user, procedura) -> bool:
    return (user.is_authenticated
            and Commissario.objects.attivi().filter(procedura=procedura, user=user).exists())


@dataclass
class Accesso:
    procedura: ProceduraSelezione
    staff: bool
    commissario: bool


def access_valutazione(user, membership, pk) -> Accesso:
    """A procedure's evaluation pages: staff of the istituto, or a commissario of it once the
    evaluation has started; for both only once the applications are readable (closed
    terms). The same 404 otherwise."""
    try:
        procedura = ProceduraSelezione.objects.select_related("istituto").get(pk=pk)
    except (ProceduraSelezione.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    staff = e_staff(membership, procedura)
    commissario = e_commissario(user, procedura)
    if not staff and not (commissario and procedura.stato in IN_VALUTAZIONE_O_DOPO):
        raise Http404
    access_istanze_della_procedura(procedura)
    return Accesso(procedura, staff, commissario)


def access_graduatoria_staff(membership, pk) -> ProceduraSelezione:
    """The staff pages of ranking, reclami and interpello name the applicants: staff of the
    istituto (access_procedura) and only once the applications are readable."""
    return access_istanze_della_procedura(access_procedura(membership, pk))


def commissari_di(procedura):
    return Commissario.objects.attivi().filter(procedura=procedura).select_related("user")


def nomine_di(user):
    """«Le mie commissioni»: the procedures `user` evaluates."""
    return (Commissario.objects.attivi().filter(user=user)
            .select_related("procedura__istituto").order_by("-nominato_il"))


def candidature_valutabili(procedura):
    """Sent applications still in the running (withdrawn and annulled ones are not)."""
    return Candidatura.objects.filter(procedura=procedura, stato__in=INVIATE,
                                      protocollo__isnull=False)


def access_istanza(accesso: Accesso, pk) -> Candidatura:
    try:
        return candidature_valutabili(accesso.procedura).select_related(
            "candidato", "protocollo", "valutazione").get(pk=pk)
    except (Candidatura.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_allegato(istanza: Candidatura, pk) -> AllegatoCandidatura:
    try:
        return istanza.allegati.get(pk=pk)
    except (AllegatoCandidatura.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- progress of the evaluation ------------------------------------------------------------

def categoria_di(candidatura, valutazione=None) -> str:
    """The category that counts: the commission's correction, else the declared one."""
    if valutazione is None:
        valutazione = getattr(candidatura, "valutazione", None)
    return (valutazione.categoria if valutazione is not None and valutazione.categoria
            else candidatura.categoria)


def dichiarazioni_valutate(candidatura, valutazione=None) -> dict:
    """{criterio id: value}: the declarations with the commission's corrections."""
    if valutazione is None:
        valutazione = getattr(candidatura, "valutazione", None)
    return _dichiarazioni(candidatura.dichiarazioni,
                          valutazione.valori_corretti if valutazione is not None else {})


def requisiti_mancanti(criteri, candidatura, valutazione=None) -> list[str]:
    """The admission requirements the (corrected) declarations do not meet."""
    return regole.requisiti_mancanti(criteri, categoria_di(candidatura, valutazione),
                                     dichiarazioni_valutate(candidatura, valutazione))


@dataclass
class RigaAvanzamento:
    candidatura: Candidatura
    esito: str
    punteggi_dati: int
    punteggi_attesi: int
    categoria: str = ""
    requisiti_mancanti: list = None

    @property
    def categoria_corretta(self) -> bool:
        return self.categoria != self.candidatura.categoria

    @property
    def etichetta_categoria(self) -> str:
        return Categoria(self.categoria).label if self.categoria in Categoria.values else "—"

    @property
    def valutata(self) -> bool:
        if self.esito == Esito.ESCLUSA:
            return True
        return self.esito == Esito.AMMESSA and self.punteggi_dati >= self.punteggi_attesi


def manuali_per_categoria(criteri, categoria: str) -> list:
    return [c for c in criteri if c.tipo == TipoCriterio.MANUALE
            and regole.applicabile(c, categoria)]


def avanzamento(procedura, criteri=None) -> list[RigaAvanzamento]:
    """Every application with its evaluation state, the category that counts and the
    requirements it lacks, in protocol order (3 queries, 4 with requirements)."""
    criteri = criteri_con_regole(procedura) if criteri is None else criteri
    attivi = list(Commissario.objects.attivi().filter(procedura=procedura)
                  .values_list("user_id", flat=True))
    # only the marks on the criteria of the category that counts: after a correction of the
    # category, a mark on a criterion of the declared one stands for nothing
    per_categoria = {categoria: [c.pk for c in manuali_per_categoria(criteri, categoria)]
                     for categoria in Categoria.values}
    applicabili = Q(pk__in=[])
    for categoria, manuali in per_categoria.items():
        applicabili |= Q(categoria_che_conta=categoria,
                         valutazione__punteggi__criterio_id__in=manuali)
    qs = candidature_valutabili(procedura).select_related(
        "candidato", "protocollo", "valutazione").annotate(
        categoria_che_conta=Coalesce(NullIf(F("valutazione__categoria"), Value("")),
                                     F("categoria")),
        n_punteggi=Count("valutazione__punteggi", filter=Q(
            applicabili, valutazione__punteggi__commissario_id__in=attivi))
    ).order_by("protocollo__anno", "protocollo__numero", "pk")
    righe = []
    for c in qs:
        valutazione = getattr(c, "valutazione", None)
        categoria = categoria_di(c, valutazione)
        righe.append(RigaAvanzamento(
            candidatura=c, esito=valutazione.esito if valutazione else Esito.DA_VALUTARE,
            punteggi_dati=c.n_punteggi,
            punteggi_attesi=len(per_categoria.get(categoria, ())) * len(attivi),
            categoria=categoria,
            requisiti_mancanti=requisiti_mancanti(criteri, c, valutazione)))
    return righe


def conteggio_avanzamento(righe) -> tuple[int, int]:
    return sum(1 for r in righe if r.valutata), len(righe)


def mancanti_per_commissario(procedura, righe, criteri, attivi) -> dict[int, int]:
    """{commissario's user id (of `attivi`, the active ones): how many istanze still lack
    some of their marks}, over the istanze not excluded (one query): what is left to each,
    not only to the commission."""
    attesi = {categoria: {c.pk for c in manuali_per_categoria(criteri, categoria)}
              for categoria in Categoria.values}
    dati = defaultdict(set)
    for candidatura_id, user_id, criterio_id in PunteggioCommissione.objects.filter(
            valutazione__procedura=procedura, commissario_id__in=attivi).values_list(
            "valutazione__candidatura_id", "commissario_id", "criterio_id"):
        dati[candidatura_id, user_id].add(criterio_id)
    mancanti = dict.fromkeys(attivi, 0)
    for r in righe:
        criteri_attesi = attesi.get(r.categoria, set())
        if r.esito == Esito.ESCLUSA or not criteri_attesi:
            continue
        for user_id in attivi:
            if not criteri_attesi <= dati[r.candidatura.pk, user_id]:
                mancanti[user_id] += 1
    return mancanti


# --- data of the ranking, in bulk ----------------------------------------------------------

def _dichiarazioni(grezze: dict, corrette: dict) -> dict:
    valori = {int(k): v for k, v in grezze.items() if k.isdigit()}
    valori.update({int(k): v for k, v in (corrette or {}).items()})
    return valori


def medie_commissione(procedura, candidatura=None) -> dict[int, dict[int, object]]:
    """{candidatura id: {criterio id: mean}} over the active commissari's marks (of one
    application only, when given)."""
    attivi = Commissario.objects.attivi().filter(procedura=procedura).values("user_id")
    punteggi = PunteggioCommissione.objects.filter(valutazione__procedura=procedura,
                                                   commissario_id__in=attivi)
    if candidatura is not None:
        punteggi = punteggi.filter(valutazione__candidatura=candidatura)
    punti = defaultdict(lambda: defaultdict(list))
    for pk, criterio, valore in punteggi.values_list(
            "valutazione__candidatura_id", "criterio_id", "punti").iterator(chunk_size=5000):
        punti[pk][criterio].append(valore)
    return {c: {k: media(v) for k, v in per.items()} for c, per in punti.items()}


def chi_ha_dato_i_punteggi(procedura, candidatura) -> tuple[list, dict[int, set[int]]]:
    """The active commissari (their users) and, per manual criterion, the ids of those among
    them who have given this application their mark (seed 004: who has already evaluated)."""
    commissari = [c.user for c in Commissario.objects.attivi().filter(procedura=procedura)
                  .select_related("user")]
    dati = defaultdict(set)
    for criterio, commissario in PunteggioCommissione.objects.filter(
            valutazione__candidatura=candidatura,
            commissario__in=[u.pk for u in commissari]).values_list("criterio_id", "commissario_id"):
        dati[criterio].add(commissario)
    return commissari, dati


def istanze_per_graduatoria(procedura) -> list[Istanza]:
    """One Istanza per evaluated application: one query for the applications, one for the
    commission's marks, whatever their number."""
    medie = medie_commissione(procedura)
    righe = candidature_valutabili(procedura).annotate(
        categoria_valutata=Coalesce(NullIf(F("valutazione__categoria"), Value("")),
                                    F("categoria"))).values_list(
        "pk", "categoria_valutata", "dichiarazioni", "candidato__cognome", "candidato__nome",
        "candidato__data_nascita", "candidato__codice_fiscale", "protocollo__anno",
        "protocollo__numero", "valutazione__esito", "valutazione__motivazione",
        "valutazione__valori_corretti",
    ).iterator(chunk_size=5000)
    return [
        # the birth date breaks ties (the younger first): when the identity provider did not
        # give it, the codice fiscale has it; a missing one would rank the candidate as oldest
        Istanza(candidatura=pk, categoria=categoria, cognome=cognome, nome=nome,
                data_nascita=nascita or data_nascita_da_codice_fiscale(codice_fiscale),
                protocollo=(anno, numero),
                esito=esito or Esito.DA_VALUTARE, motivazione=motivazione or "",
                dichiarazioni=_dichiarazioni(dichiarazioni, corretti), medie=medie.get(pk, {}))
        for (pk, categoria, dichiarazioni, cognome, nome, nascita, codice_fiscale, anno, numero,
             esito, motivazione, corretti) in righe
    ]


# --- versions, reclami, proposals ----------------------------------------------------------

def versioni(procedura):
    return Graduatoria.objects.filter(procedura=procedura).defer("righe")


def con_righe_uguali(versioni) -> list[Graduatoria]:
    """The versions in order, each with `uguale_a`: the number of the first earlier version
    with the same rows (the same SHA-256: the seal is computed on the rows only, so a
    definitive ranking that no complaint changed has the provisional one's), or None."""
    elenco, prima = sorted(versioni, key=lambda v: v.numero), {}
    for versione in elenco:
        versione.uguale_a = prima.get(versione.sha256)
        prima.setdefault(versione.sha256, versione.numero)
    return elenco


def ultima_versione(procedura, *, pubblicata: bool = False) -> Graduatoria | None:
    qs = Graduatoria.objects.filter(procedura=procedura)
    if pubblicata:
        qs = qs.pubblicate()
    return qs.order_by("-numero").first()


def access_versione_pubblica(pk, numero=None) -> Graduatoria:
    qs = Graduatoria.objects.pubblicate().select_related(
        "procedura__istituto", "protocollo__istituto", "pubblicata_da").filter(procedura_id=pk)
    try:
        versione = qs.get(numero=numero) if numero else qs.order_by("-numero").first()
    except (Graduatoria.DoesNotExist, ValueError, TypeError):
        versione = None
    if versione is None:
        raise Http404
    return versione


def interpello_in_corso() -> Q:
    """The procedures with a proposal waiting for the candidate's answer: still in the
    office's work, though concluded with an outcome."""
    return Q(pk__in=Proposta.objects.filter(stato=StatoProposta.IN_ATTESA)
             .values("procedura_id"))


def collegamento_esito(procedura) -> list[tuple[str, str]]:
    """The public avviso links its published graduatoria (the newest published version)."""
    versione = (Graduatoria.objects.pubblicate().filter(procedura=procedura)
                .order_by("-numero").only("tipo", "numero").first())
    if versione is None:
        return []
    return [(f"Graduatoria {versione.get_tipo_display().lower()} (esito della selezione)",
             reverse("graduatorie:esito", args=[procedura.pk]))]


def reclami_di(procedura):
    return (Reclamo.objects.filter(candidatura__procedura=procedura)
            .select_related("candidatura__candidato", "candidatura__protocollo", "graduatoria",
                            "protocollo__istituto")
            .prefetch_related("documenti"))


def reclami_in_attesa(procedura):
    return Reclamo.objects.filter(candidatura__procedura=procedura,
                                  stato=StatoReclamo.PRESENTATO)


def access_reclamo(procedura, pk) -> Reclamo:
    try:
        return reclami_di(procedura).get(pk=pk)
    except (Reclamo.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_reclamo_della_candidatura(candidatura, pk) -> Reclamo:
    """A reclamo of the candidate's own application (the candidatura already checked)."""
    try:
        return candidatura.reclami.get(pk=pk)
    except (Reclamo.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_documento_reclamo(reclamo, pk) -> DocumentoReclamo:
    try:
        return reclamo.documenti.get(pk=pk)
    except (DocumentoReclamo.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def proposte_di(procedura):
    return Proposta.objects.filter(procedura=procedura).select_related(
        "candidatura__candidato", "candidatura__protocollo").order_by("creata_il", "pk")


def access_proposta(procedura, pk) -> Proposta:
    try:
        return Proposta.objects.select_related("candidatura__candidato", "procedura").get(
            pk=pk, procedura=procedura)
    except (Proposta.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_proposta_propria(user, candidatura_pk, pk) -> Proposta:
    try:
        return Proposta.objects.select_related("procedura__istituto", "candidatura").get(
            pk=pk, candidatura_id=candidatura_pk, candidatura__candidato=user)
    except (Proposta.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def seguiti_in_elenco(candidature) -> dict[int, list[Seguito]]:
    """Under each application of «Le mie candidature» (candidature.estensioni): the outcome
    and the complaints once admitted or excluded, and first, highlighted, a proposal of
    incarico still waiting for the answer, with its deadline (once accepted, when), and a
    complaint waiting for its answer. Only once a ranking of the procedure is published (before,
    the page said nothing but «La graduatoria non è ancora pubblicata.»). Three queries for the
    page."""
    seguiti: dict[int, list[Seguito]] = {}
    valutate = [c for c in candidature
                if c.stato in (StatoCandidatura.AMMESSA, StatoCandidatura.ESCLUSA)]
    pubblicate = set(Graduatoria.objects.filter(
        procedura_id__in={c.procedura_id for c in valutate}, pubblicata_il__isnull=False)
        .values_list("procedura_id", flat=True)) if valutate else set()
    esiti = {c.pk: reverse("graduatorie:esito_candidato", args=[c.pk]) for c in valutate
             if c.procedura_id in pubblicate}
    if not esiti:
        return seguiti
    for reclamo in Reclamo.objects.filter(candidatura_id__in=esiti,
                                          stato=StatoReclamo.PRESENTATO).order_by("presentato_il"):
        seguiti.setdefault(reclamo.candidatura_id, []).append(Seguito(
            f"Reclamo presentato {data_con('il', reclamo.presentato_il, GIORNO_E_ORA)}: in attesa "
            "di risposta", esiti[reclamo.candidatura_id]))
    for proposta in Proposta.objects.filter(
            Q(stato=StatoProposta.IN_ATTESA, scadenza__gte=timezone.now())
            | Q(stato__in=(StatoProposta.ACCETTATA, StatoProposta.RINUNCIATA,
                           StatoProposta.SCADUTA)),
            candidatura_id__in=esiti).order_by("scadenza"):
        indirizzo = f"{esiti[proposta.candidatura_id]}#proposta-{proposta.pk}"
        seguiti.setdefault(proposta.candidatura_id, []).append(
            Seguito(_proposta_in_parole(proposta), indirizzo,
                    urgente=proposta.stato == StatoProposta.IN_ATTESA))
    for pk, url in esiti.items():
        seguiti.setdefault(pk, []).append(Seguito("Esito e reclami", url))
    return seguiti


def _proposta_in_parole(proposta) -> str:
    """What became of a proposal, as «Le mie candidature» says it under the application."""
    match proposta.stato:
        case StatoProposta.IN_ATTESA:
            return f"Proposta di incarico: rispondi entro {data_con('il', proposta.scadenza, GIORNO_E_ORA)}"
        case StatoProposta.ACCETTATA:
            return f"Proposta di incarico accettata {data_con('il', proposta.risposta_il, GIORNO_E_ORA)}"
        case StatoProposta.RINUNCIATA:
            return (f"Proposta di incarico: hai rinunciato "
                    f"{data_con('il', proposta.risposta_il, GIORNO_E_ORA)}")
        case _:
            return (f"Proposta di incarico scaduta {data_con('il', proposta.scadenza, GIORNO_E_ORA)}"
                    " senza risposta (vale come rinuncia)")


def proposte_in_attesa_scadute(adesso):
    return Proposta.objects.filter(stato=StatoProposta.IN_ATTESA, scadenza__lt=adesso)


def correzioni_categoria(candidatura):
    """The commission's corrections of the category, shown to the candidate too."""
    return Correzione.objects.filter(valutazione__candidatura=candidatura,
                                     criterio__isnull=True).order_by("creata_il", "pk")


@dataclass(frozen=True)
class VocePunteggio:
    """One criterion of the candidate's own score, as the published ranking counted it."""
    criterio: object
    regola: str  # how the criterion gives points, as the avviso says it
    dichiarato: str  # in words, «—» when nothing was declared
    correzioni: list  # the commission's corrections of this value, with their notes
    punti: object  # Decimal
    conta_invece: str  # "", or the alternative of its group that counts instead (more points,
    # or the first of equal ones)

    @property
    def conta(self) -> bool:
        return not self.conta_invece


def punteggio_per_criterio(candidatura, categoria: str, punteggio: str) -> list | None:
    """The candidate's score criterion by criterion («Esito della candidatura»), for the
    category and the total of the published row. None when the evaluation no longer gives
    them: the detail would then tell what no published version says. Five queries, whatever
    the number of criteria."""
    valutazione = valutazione_di(candidatura)
    if valutazione is None or categoria_di(candidatura, valutazione) != categoria:
        return None
    criteri = [c for c in criteri_con_regole(candidatura.procedura)
               if c.tipo != TipoCriterio.REQUISITO and regole.applicabile(c, categoria)]
    valori = {**dichiarazioni_valutate(candidatura, valutazione),
              **medie_commissione(candidatura.procedura, candidatura).get(candidatura.pk, {})}
    correzioni = defaultdict(list)
    # after the first publication a value changes only by a reclamo accolto (the DS's)
    prima = (Graduatoria.objects.filter(procedura=candidatura.procedura_id,
                                        pubblicata_il__isnull=False)
             .order_by("pubblicata_il").values_list("pubblicata_il", flat=True).first())
    for c in valutazione.correzioni.filter(criterio__isnull=False):
        c.dopo_reclamo = prima is not None and c.creata_il > prima
        correzioni[c.criterio_id].append(c)
    punti = {c.pk: regole.punteggio_criterio(c, valori.get(c.pk)) for c in criteri}
    migliore, descrizioni = {}, {c.pk: c.descrizione for c in criteri}
    for c in criteri:
        if c.gruppo and punti[c.pk] > punti.get(migliore.get(c.gruppo), -1):
            migliore[c.gruppo] = c.pk
    voci = [VocePunteggio(
        criterio=c, regola=regole.regola_in_parole(c), punti=punti[c.pk],
        correzioni=correzioni[c.pk],
        # as the application's own pages say it (candidature.dichiarato)
        dichiarato=valore_in_parole(c, candidatura.dichiarazioni.get(str(c.pk)))
        or "Non dichiarato" if c.tipo != TipoCriterio.MANUALE else "",
        conta_invece="" if not c.gruppo or migliore[c.gruppo] == c.pk
        else descrizioni[migliore[c.gruppo]]) for c in criteri]
    totale = sum((v.punti for v in voci if v.conta), regole.ZERO)
    if totale.quantize(Decimal("0.01"), ROUND_HALF_UP) != Decimal(punteggio):
        return None
    return voci


def valutazione_di(candidatura) -> Valutazione | None:
    return Valutazione.objects.filter(candidatura=candidatura).first()
