"""Reads of incarichi, scoped to the active membership; the public transparency page reads
only published incarichi."""

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import Istituto, Membership, Ruolo
from candidature.models import StatoCandidatura
from fabbisogno.models import FonteFinanziamento, StatoScheda, TipologiaIncarico
from fabbisogno.selectors import schede_visibili
from portale.formato import euro
from portale.ricerca import per_parole
from procedure.models import ProceduraSelezione
from procedure.models import Stato as StatoProcedura

from .models import (
    ESTERNI,
    PERSONALE_SCOLASTICO,
    ComunicazioneNegativa,
    DocumentoIncarico,
    Incarico,
    Incompatibilita,
    OreSvolte,
    StatoIncarico,
    TipoDocumentoIncarico,
)
from .stati import IMPEGNANO_BUDGET


def incompatibili_con(tipologia: str, istituto_id) -> dict[str, Incompatibilita]:
    """The roles that may not go with `tipologia` in one project, with the rule that says so
    (the rules of every istituto and those of `istituto_id`)."""
    if not tipologia:
        return {}
    regole = Incompatibilita.objects.filter(
        Q(istituto__isnull=True) | Q(istituto_id=istituto_id),
        Q(tipologia=tipologia) | Q(incompatibile_con=tipologia))
    return {(r.incompatibile_con if r.tipologia == tipologia else r.tipologia): r
            for r in regole}


@dataclass(frozen=True)
class Conflitto:
    """Why a person may not take a role: the role already held in the project, and the rule."""

    regola: Incompatibilita
    tipologia: str             # the role already held
    progetto: str
    descrizione: str           # «incarico n. 12»

    def motivazione(self, persona) -> str:
        regola = self.regola
        riferimento = f" ({regola.riferimento})" if regola.riferimento else ""
        return (f"{persona.nome_completo} è già "
                f"{TipologiaIncarico(self.tipologia).label.lower()} di questo progetto "
                f"({self.progetto}, {self.descrizione}): "
                f"{regola.get_tipologia_display().lower()} e "
                f"{regola.get_incompatibile_con_display().lower()} dello stesso progetto sono "
                f"incompatibili{riferimento}.")


def conflitto_di_ruoli(*, istituto_id, progetto: str, persona_id, tipologia: str,
                       escluso_pk=None) -> Conflitto | None:
    """An incarico (not revoked) the person holds in the same project with a role
    incompatible with `tipologia`, per the rules as data; None when there is none."""
    if not progetto:
        return None
    regole = incompatibili_con(tipologia, istituto_id)
    if not regole:
        return None
    altro = (Incarico.objects.filter(istituto_id=istituto_id, progetto=progetto,
                                     persona_id=persona_id, tipologia__in=list(regole))
             .exclude(stato=StatoIncarico.REVOCATO).exclude(pk=escluso_pk).order_by("pk").first())
    if altro is None:
        return None
    return Conflitto(regole[altro.tipologia], altro.tipologia, progetto, f"incarico n. {altro.pk}")


RUOLI_INCARICHI = (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA)
MESI_PUBBLICAZIONE_ESTERNI = 3   # art. 15 d.lgs. 33/2013: within three months of the act
GIORNI_COMUNICAZIONE_DIPENDENTI = 15  # art. 53, c. 12, d.lgs. 165/2001


def incarichi_visibili(membership: Membership | None):
    if (membership is None or membership.istituto_id is None
            or membership.ruolo not in RUOLI_INCARICHI):
        return Incarico.objects.none()
    return Incarico.objects.filter(istituto_id=membership.istituto_id)


def _ore_da_verificare():
    return OreSvolte.objects.filter(incarico=OuterRef("pk"), verificata_il__isnull=True)


def conteggi_per_stato(membership) -> dict[str, tuple[int, int]]:
    """Per state: how many incarichi, and how many of them have lines of the register that the
    DS or the DSGA has not yet verified (the compenso is liquidated only on verified hours)."""
    return {stato: (n, da_verificare) for stato, n, da_verificare in (
        incarichi_visibili(membership).values_list("stato")
        .annotate(n=Count("id"), da_verificare=Count("id", filter=Exists(_ore_da_verificare())))
        .order_by())}


def elenco_incarichi(membership, *, stato: str = "", rapporto: str = "", cerca: str = "",
                     ore: str = ""):
    """The office's list; each incarico with `ore_da_verificare` (the hours of its register
    still to verify, None when there are none); `ore="da_verificare"`: only those."""
    qs = incarichi_visibili(membership).select_related("persona", "scheda").annotate(
        ore_da_verificare=Subquery(_ore_da_verificare().order_by().values("incarico")
                                   .annotate(s=Sum("ore")).values("s")))
    if ore == "da_verificare":
        qs = qs.filter(ore_da_verificare__isnull=False)
    if stato:
        qs = qs.filter(stato=stato)
    if rapporto:
        qs = qs.filter(rapporto=rapporto)
    if cerca:
        # the object as typed, or a person by every word in any order («Bruni Luigi» as
        # «Luigi Bruni»)
        qs = qs.filter(Q(oggetto__icontains=cerca)
                       | per_parole(cerca, ("persona__cognome", "persona__nome")))
    return qs.order_by("-creato_il", "-id")


def access_incarico(membership, pk) -> Incarico:
    qs = incarichi_visibili(membership).select_related(
        "persona", "scheda", "istituto", "tariffa", "protocollo", "creato_da")
    try:
        return qs.get(pk=pk)
    except (Incarico.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_documento(membership, incarico_pk, documento_pk) -> DocumentoIncarico:
    incarico = access_incarico(membership, incarico_pk)
    try:
        return incarico.documenti.get(pk=documento_pk)
    except (DocumentoIncarico.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_incarico_della_persona(user, pk) -> Incarico:
    """«Il mio incarico»: an incarico whose act is issued, for the person it is conferred on;
    the same 404 for one that is missing, somebody else's or still without an act."""
    try:
        return (Incarico.objects.select_related("istituto", "protocollo")
                .get(pk=pk, persona=user, protocollo__isnull=False))
    except (Incarico.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def incarichi_della_persona(user):
    """«I miei incarichi»: those conferred on the person whose act is issued (the ones «Il mio
    incarico» opens), from a selection or by affidamento diretto, the latest first."""
    return (Incarico.objects.filter(persona=user, protocollo__isnull=False)
            .select_related("istituto").order_by("-data_inizio", "-pk"))


def incarichi_delle_candidature(candidature) -> dict[int, Incarico]:
    """{candidatura id: its incarico with the act issued}, in one query (the follow-ups of
    «Le mie candidature»); none when no application is admitted (only those become one)."""
    ammesse = [c.pk for c in candidature if c.stato == StatoCandidatura.AMMESSA]
    if not ammesse:
        return {}
    return {i.candidatura_id: i for i in Incarico.objects.filter(
        candidatura__in=ammesse, protocollo__isnull=False)
        .only("pk", "stato", "candidatura_id", "firmato_il")}


def access_atto_della_persona(user, pk) -> DocumentoIncarico:
    """The act of an incarico, for the person it is conferred on (to read and sign it): the
    same 404 for an incarico that is missing, somebody else's or without an act."""
    atto = (DocumentoIncarico.objects
            .filter(incarico_id=pk, incarico__persona=user, tipo=TipoDocumentoIncarico.ATTO)
            .order_by("-pk").first())
    if atto is None:
        raise Http404
    return atto


# the unit of an incarico's scheda's budget, as `Scheda.lordo` says it ("" without a scheda)
_OMNICOMPRENSIVO = Q(scheda__tariffa_manuale__isnull=False)
_UNITA_DEL_BUDGET = Case(When(_OMNICOMPRENSIVO, then=Value("lordo omnicomprensivo")),
                         When(scheda__isnull=False, then=Value("lordo dipendente")),
                         default=Value(""))
_LIQUIDATO_NELL_UNITA = Case(
    When(_OMNICOMPRENSIVO, then=Coalesce("importo_liquidato_lordo_stato", "importo_liquidato")),
    default=F("importo_liquidato"), output_field=DecimalField(max_digits=10, decimal_places=2))


# What an incarico costs the school, in the one unit that adds up across incarichi: lordo
# Stato (a teacher's lordo dipendente with the State's charges; an external's all-inclusive
# fee). What was paid once liquidated; nothing for one withdrawn before its act.
_COSTO_LORDO_STATO = Case(
    When(importo_liquidato__isnull=False,
         then=Coalesce("importo_liquidato_lordo_stato", "importo_liquidato")),
    When(stato=StatoIncarico.REVOCATO, protocollo__isnull=True, then=Value(Decimal("0"))),
    default=Coalesce("compenso_lordo_stato", "compenso"),
    output_field=DecimalField(max_digits=12, decimal_places=2))


def fonte_e_unita(fonte: str, unita: str) -> str:
    """«PNRR – lordo dipendente»: a source's figures with the unit of its budget."""
    return f"{fonte} – {unita}" if unita else fonte


def spesa(membership) -> dict:
    """Spending by funding source (the budget of the concluded schede, what the acts commit in
    each scheda's budget unit, what is left and what was paid: a draft or an incarico revoked
    before its start commits nothing), the compensi by state and the budget of each scheda."""
    qs = incarichi_visibili(membership)
    # one line per source and budget unit: a CCNL rate's budget is lordo dipendente, a rate
    # typed in all-inclusive; summed together they read as money the fund does not have
    per_fonte = {(r["scheda__fonte_finanziamento"], r["unita"]): r for r in (
        qs.annotate(unita=_UNITA_DEL_BUDGET).values("scheda__fonte_finanziamento", "unita")
        .annotate(numero=Count("id"), impegnato=Sum(impegno_sul_budget()),
                  liquidato=Sum(_LIQUIDATO_NELL_UNITA)).order_by())}
    schede = budget_schede(membership)
    budget = defaultdict(Decimal)
    for riga in schede:
        scheda = riga["scheda"]
        budget[scheda.fonte_finanziamento, scheda.lordo] += riga["importo"] or Decimal("0")
    fonti = dict(FonteFinanziamento.choices)
    righe_fonte = []
    for chiave in sorted(per_fonte.keys() | budget.keys(),
                         key=lambda c: (c[0] is None, c[0] or "", c[1])):
        fonte, unita = chiave
        riga = per_fonte.get(chiave, {})
        impegnato = riga.get("impegnato") or Decimal("0")
        righe_fonte.append({
            "fonte": fonte_e_unita(fonti.get(fonte, "Senza scheda"), unita),
            "numero": riga.get("numero", 0),
            "budget": budget.get(chiave), "impegnato": impegnato,
            "residuo": budget[chiave] - impegnato if chiave in budget else None,
            "liquidato": riga.get("liquidato") or Decimal("0")})
    per_stato = {r["stato"]: r for r in qs.values("stato").annotate(
        numero=Count("id"), totale=Sum(_COSTO_LORDO_STATO))}
    return {
        "per_fonte": righe_fonte, "budget": schede,
        "per_stato": [{"stato": etichetta, "numero": per_stato.get(valore, {}).get("numero", 0),
                       "totale": per_stato.get(valore, {}).get("totale") or Decimal("0")}
                      for valore, etichetta in StatoIncarico.choices] if per_stato else [],
    }


def revocato_da_liquidare(relazione: str = "") -> dict:
    """The lookups of a revoked incarico that still waits to be paid for the work done: its
    activities had started (revoked before, nothing is owed)."""
    return {f"{relazione}stato": StatoIncarico.REVOCATO, f"{relazione}avviato_il__isnull": False}


def budget_esaurito_per_la_selezione(procedura) -> list[str]:
    """procedure.estensioni «avvisi» and «avvertenze» of «pubblica»/«apri»: a selection still
    to give its winner (the interpello included: «conclusa con esito»), from a scheda whose
    budget other incarichi (a direct award, another selection) have already used up: the act
    for its winner could not be issued (services.requisiti: the budget not exceeded)."""
    if procedura.scheda_id is None or procedura.stato == StatoProcedura.ANNULLATA:
        return []
    esaurito = _budget_esaurito(procedura.scheda,
                                procedura.scheda.incarichi.exclude(candidatura__procedura=procedura))
    if esaurito is None:
        return []
    impegnato, chi = esaurito
    return [f"Il budget della scheda «{procedura.scheda.titolo}» "
            f"({euro(procedura.scheda.importo)}) è già impegnato per {euro(impegnato)} da altri "
            f"incarichi ({chi}): l'atto per il vincitore di questa selezione non si potrà emettere "
            "finché il budget non torna disponibile (un incarico revocato o liquidato per meno "
            "del previsto lo libera)."]


def budget_esaurito_sulla_scheda(scheda) -> list[str]:
    """fabbisogno.estensioni «avvisi»: before «Genera procedura di selezione» or another
    «Affidamento diretto», the budget that is left."""
    esaurito = _budget_esaurito(scheda, scheda.incarichi.all())
    if esaurito is None:
        return []
    impegnato, chi = esaurito
    return [f"Il budget della scheda ({euro(scheda.importo)}) è già impegnato per "
            f"{euro(impegnato)} ({chi}): per un altro incarico da questa scheda l'atto non si "
            "potrebbe emettere finché il budget non torna disponibile."]


def _budget_esaurito(scheda, incarichi) -> tuple[Decimal, str] | None:
    """(what `incarichi` commit, who they are) when it is the whole budget of `scheda`."""
    if scheda.importo is None:
        return None
    pesanti = list(incarichi.annotate(peso=impegno_sul_budget()).filter(peso__gt=0)
                   .select_related("persona").order_by("pk"))
    impegnato = sum((incarico.peso for incarico in pesanti), Decimal("0"))
    if not pesanti or impegnato < scheda.importo:
        return None
    return impegnato, ", ".join(f"incarico n. {incarico.pk} a {incarico.persona}"
                                for incarico in pesanti)


def selezioni_in_corso(scheda) -> list:
    """The procedure generated from `scheda` that may still give it a winner (neither
    annulled nor concluded): an affidamento diretto would take the budget they need."""
    return list(ProceduraSelezione.objects.filter(scheda=scheda)
                .exclude(stato__in=(StatoProcedura.ANNULLATA, StatoProcedura.CONCLUSA_ESITO))
                .only("id", "oggetto", "stato").order_by("pk"))


def peso_sul_budget(incarico: Incarico) -> Decimal:
    """The incarico's compenso in the unit of its scheda's budget: a rate typed in makes the
    budget all-inclusive (lordo Stato), where school staff weigh their lordo stato; a CCNL
    rate makes it lordo dipendente, where everyone weighs the compenso (as in the SQL below)."""
    if (incarico.scheda_id and incarico.scheda.tariffa_manuale is not None
            and incarico.compenso_lordo_stato is not None):
        return incarico.compenso_lordo_stato
    return incarico.compenso


def peso_in_parole(incarico: Incarico) -> str:
    """«1.327,00 € lordo Stato» when the weight is not the compenso shown, else «577,50 €»."""
    peso = peso_sul_budget(incarico)
    return f"{euro(peso)}{' lordo Stato' if peso != incarico.compenso else ''}"


def impegno_sul_budget(relazione: str = "", scheda: str = "scheda__"):
    """What an incarico weighs on its scheda's budget, as an expression (`relazione`: the path
    to the incarico, e.g. "incarichi__"; `scheda`: the path to its scheda, "" from the scheda):
    what was paid once liquidated (the rest goes back to the scheda, seed 003 art. 27.2); its
    compenso while the act stands, and while a revoked one waits to be paid for the work done
    (art. 10.2 h); nothing before the act, nothing for one revoked before its activities
    started. Amounts in the budget's unit (`peso_sul_budget`)."""
    def campo(nome):
        return f"{relazione}{nome}"
    omnicomprensivo = Q(**{f"{scheda}tariffa_manuale__isnull": False})
    importo = DecimalField(max_digits=10, decimal_places=2)
    compenso = Case(When(omnicomprensivo, then=Coalesce(F(campo("compenso_lordo_stato")),
                                                        F(campo("compenso")))),
                    default=F(campo("compenso")), output_field=importo)
    liquidato = Case(When(omnicomprensivo, then=Coalesce(F(campo("importo_liquidato_lordo_stato")),
                                                         F(campo("importo_liquidato")), compenso)),
                     default=Coalesce(F(campo("importo_liquidato")), compenso), output_field=importo)
    return Case(
        When(**{campo("stato"): StatoIncarico.LIQUIDATO}, then=liquidato),
        When(**{campo("stato__in"): IMPEGNANO_BUDGET}, then=compenso),
        When(**revocato_da_liquidare(relazione), then=compenso),
        default=Value(Decimal("0")), output_field=importo)


def budget_schede(membership):
    """Concluded schede with what their incarichi commit and what is left."""
    schede = (schede_visibili(membership).filter(stato=StatoScheda.CONCLUSA)
              .select_related("tariffa")
              .annotate(impegnato=Sum(impegno_sul_budget("incarichi__", scheda="")))
              .order_by("titolo"))
    righe = []
    for scheda in schede:
        impegnato = scheda.impegnato or Decimal("0")
        righe.append({"scheda": scheda, "importo": scheda.importo, "impegnato": impegnato,
                      "residuo": (scheda.importo or Decimal("0")) - impegnato})
    return righe


def _piu_mesi(giorno: date, mesi: int) -> date:
    mese = giorno.month - 1 + mesi
    anno, mese = giorno.year + mese // 12, mese % 12 + 1
    return date(anno, mese, min(giorno.day, calendar.monthrange(anno, mese)[1]))


@dataclass(frozen=True)
class Scadenza:
    incarico: Incarico
    adempimento: str
    entro: date

    @property
    def scaduta(self) -> bool:
        return self.entro < timezone.localdate()


def scadenze_trasparenza(membership) -> list[Scadenza]:
    """What the DS still owes: publication of external incarichi within 3 months of the act;
    communication to the Anagrafe of every incarico (regulation art. 5), within 15 days for
    public employees, promptly and at the latest with the publication for private consultants
    (art. 53, c. 14, d.lgs. 165/2001: «nei termini previsti dal d.lgs. 33/2013»)."""
    qs = (incarichi_visibili(membership).filter(conferito_il__isnull=False)
          .filter(Q(rapporto__in=ESTERNI, pubblicato_il__isnull=True)
                  | Q(comunicato_anagrafe_il__isnull=True))
          .select_related("persona").order_by("conferito_il"))
    scadenze = []
    for incarico in qs:
        conferito = timezone.localdate(incarico.conferito_il)
        tre_mesi = _piu_mesi(conferito, MESI_PUBBLICAZIONE_ESTERNI)
        if incarico.esterno and incarico.pubblicato_il is None:
            scadenze.append(Scadenza(incarico, "Pubblicazione in «Consulenti e collaboratori»",
                                     tre_mesi))
        if incarico.comunicato_anagrafe_il is None:
            scadenze.append(Scadenza(incarico, "Comunicazione all'Anagrafe delle prestazioni",
                                     conferito + timedelta(days=GIORNI_COMUNICAZIONE_DIPENDENTI)
                                     if incarico.dipendente_pubblico else tre_mesi))
    return sorted(scadenze, key=lambda s: s.entro)


def incarichi_per_anagrafe(membership, anno: int):
    return (incarichi_visibili(membership).filter(conferito_il__year=anno)
            .select_related("persona", "protocollo", "istituto").order_by("conferito_il", "id"))


def comunicazioni_negative(membership):
    if membership is None or membership.istituto_id is None:
        return ComunicazioneNegativa.objects.none()
    return ComunicazioneNegativa.objects.filter(istituto_id=membership.istituto_id)


# --- Public transparency page -------------------------------------------------------------

def istituti_pubblici(q: str = ""):
    """The active istituti, for the public index of their transparency pages: by name, code
    or comune."""
    qs = Istituto.objects.filter(attivo=True).only(
        "codice_meccanografico", "denominazione", "comune", "provincia")
    qs = qs.filter(per_parole(q, ("denominazione", "comune"), esatti=("codice_meccanografico",)))
    return qs.order_by("denominazione", "codice_meccanografico")


def istituto_pubblico(codice_meccanografico: str) -> Istituto:
    try:
        return Istituto.objects.get(codice_meccanografico=codice_meccanografico.upper(),
                                    attivo=True)
    except Istituto.DoesNotExist:
        raise Http404 from None


def incarichi_pubblicati(istituto: Istituto):
    """Published incarichi, kept three years after their end (art. 15 d.lgs. 33/2013),
    counted on the calendar: until the same day three years on. A revoked incarico ended the
    day before its recesso took effect, when that came before the planned end."""
    limite = _piu_mesi(timezone.localdate(), -36)
    curricula = Prefetch("documenti", to_attr="curricula", queryset=DocumentoIncarico.objects
                         .filter(tipo=TipoDocumentoIncarico.CURRICULUM, pubblico=True))
    qs = (Incarico.objects.filter(Q(recesso_efficace_dal__isnull=True)
                                  | Q(recesso_efficace_dal__gt=limite),
                                  istituto=istituto, pubblicato_il__isnull=False,
                                  data_fine__gte=limite)
          .select_related("persona", "protocollo").prefetch_related(curricula)
          .order_by("-conferito_il", "-id"))
    return qs.filter(rapporto__in=ESTERNI), qs.filter(rapporto__in=PERSONALE_SCOLASTICO)


def curriculum_pubblico(istituto: Istituto, documento_pk) -> DocumentoIncarico:
    try:
        return DocumentoIncarico.objects.get(
            pk=documento_pk, tipo=TipoDocumentoIncarico.CURRICULUM, pubblico=True,
            incarico__istituto=istituto, incarico__pubblicato_il__isnull=False)
    except (DocumentoIncarico.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
