"""Actions on incarichi: conferimento, checklist, act, signature, hours, liquidazione,
transparency. One transactional function per action; the lifecycle is `incarichi/stati.py`.

Locks are taken in a fixed order: the scheda (budget) before the incarico.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Ruolo, User
from fabbisogno.models import SchedaProgettuale, StatoScheda
from fabbisogno.selectors import aliquota_alla_data
from portale import documenti, validatori
from portale.formato import euro, numero_ore
from portale.lingua import a_chi, data_con, desinenza, frase, quantita
from portale.models import Protocollo
from portale.services.eventi import registra_evento
from portale.services.notifiche import archivia_superate, notifica
from portale.services.protocollo import protocolla
from procedure.models import BaseCompenso

from .. import atto, compensi, selectors, stati
from ..models import (
    AUTOCERTIFICAZIONI_INCARICO,
    CONTRATTI,
    DIPENDENTI_ALTRE_AMMINISTRAZIONI,
    ESTERNI,
    PERSONALE_SCOLASTICO,
    ComunicazioneNegativa,
    Conferimento,
    ControlloCorteConti,
    DocumentoIncarico,
    Incarico,
    MotivazioneAffidamento,
    OreSvolte,
    Rapporto,
    StatoIncarico,
    TipoAtto,
    TipoDocumentoIncarico,
)

RUOLI_INCARICHI = (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA)
ORE_IN_UN_GIORNO = 24  # the registro ore's only cap per day: no regulation gives another
CAMPI_REQUISITI = ("casellario_acquisito_il", "controllo_corte_conti", "tipo_atto", "luogo",
                   "impegno_settimanale", "modalita_pagamento")


def _verifica_ruolo(membership: Membership | None, incarico: Incarico | None = None,
                    ruoli=RUOLI_INCARICHI) -> None:
    if (membership is None or membership.ruolo not in ruoli or membership.istituto_id is None
            or (incarico is not None and incarico.istituto_id != membership.istituto_id)):
        # who may, said to the office of the same istituto only
        ufficio = (membership is not None and membership.ruolo in RUOLI_INCARICHI
                   and membership.istituto_id is not None
                   and (incarico is None or incarico.istituto_id == membership.istituto_id))
        raise PermissionDenied(ufficio and stati.solo_chi_puo(ruoli)
                               or "Il tuo ruolo non consente questa operazione sugli incarichi.")


def _blocca(incarico: Incarico) -> Incarico:
    return (Incarico.objects.select_for_update(of=("self",))
            .select_related("istituto", "persona", "scheda", "tariffa").get(pk=incarico.pk))


def _esegui(azione: str, *, membership, incarico: Incarico) -> Incarico:
    """Check role and table on the locked row; returns it (the caller changes the state)."""
    transizione = stati.TRANSIZIONI[azione]
    _verifica_ruolo(membership, incarico, transizione.ruoli)
    incarico = _blocca(incarico)
    if incarico.stato not in transizione.da:
        raise stati.TransizioneNonConsentita(azione, incarico.stato)
    return incarico


def _cambia_stato(incarico: Incarico, azione: str, *, autore, descrizione: str,
                  campi=(), dettagli: dict | None = None) -> None:
    destinazione = stati.TRANSIZIONI[azione].a
    precedente = incarico.stato
    if destinazione is not None:
        incarico.stato = destinazione
    incarico.full_clean()
    incarico.save(update_fields=["stato", "aggiornato_il", *campi])
    registra_evento(autore=autore, azione=f"incarico.{azione}", oggetto=incarico,
                    descrizione=descrizione,
                    dettagli={"da": precedente, "a": incarico.stato, **(dettagli or {})})


def _url(incarico: Incarico) -> str:
    return reverse("incarichi:incarico", args=[incarico.pk])


def _url_della_persona(incarico: Incarico) -> str:
    """«Il mio incarico», where the incaricato reads what a notice tells: open once the act is
    issued (before it, the person has no page of the incarico)."""
    return reverse("incarichi:il_mio_incarico", args=[incarico.pk]) if incarico.protocollo_id else ""


def _dirigenti(istituto) -> list[User]:
    return [m.user for m in Membership.objects.valide().select_related("user")
            .filter(istituto=istituto, ruolo=Ruolo.DS)]


# --- Conferimento -------------------------------------------------------------------------

def _progetto(scheda: SchedaProgettuale | None, riserva: str) -> str:
    """The project key: the CUP when there is one, otherwise the scheda."""
    if scheda is None:
        return riserva
    return scheda.chiave_progetto


def progetto_della_procedura(procedura) -> str:
    """The project of a selection procedure (duck-typed: `.progetto`, `.scheda`, `.pk`): its
    own field (CUP or codice progetto, prefilled from the scheda), else the scheda's key, else
    the procedure alone."""
    return (getattr(procedura, "progetto", "")
            or _progetto(procedura.scheda, f"procedura-{procedura.pk}"))


def conflitto(*, istituto_id, progetto: str, persona, tipologia: str, escluso_pk=None) -> str:
    """Why `persona` may not take `tipologia` in `progetto` (the incompatibilities as data,
    `Incompatibilita`), or "" when nothing stands in the way."""
    trovato = selectors.conflitto_di_ruoli(istituto_id=istituto_id, progetto=progetto,
                                           persona_id=persona.pk, tipologia=tipologia,
                                           escluso_pk=escluso_pk)
    return trovato.motivazione(persona) if trovato else ""


def _controlla_incompatibilita(incarico: Incarico) -> None:
    """Two incompatible roles of the same project (rules as data): refused outright."""
    motivo = conflitto(istituto_id=incarico.istituto_id, progetto=incarico.progetto,
                       persona=incarico.persona, tipologia=incarico.tipologia,
                       escluso_pk=incarico.pk)
    if motivo:
        raise ValidationError(motivo)


def _compenso(*, rapporto: str, scheda, ore, tariffa, importo, giorno,
              lordo_stato: bool = False) -> compensi.Compenso:
    """`lordo_stato`: `importo` was promised all-inclusive (the avviso's base), so for school
    staff the State's charges come out of it, whatever the scheda's rate."""
    if rapporto in PERSONALE_SCOLASTICO:
        if lordo_stato and importo is not None:
            return compensi.compenso_personale_lordo_stato(importo=importo, ore=ore, giorno=giorno)
        tariffa = tariffa or (scheda.tariffa if scheda is not None else None)
        if tariffa is not None and ore:
            return compensi.compenso_personale(ore=ore, tariffa=tariffa, giorno=giorno)
        if importo is None:
            raise ValidationError("Indica le ore e la tariffa del CCNL oppure il compenso.")
        return compensi.Compenso(lordo=compensi.arrotonda(Decimal(importo)), ore=ore,
                                 aliquota=aliquota_alla_data(giorno))
    if importo is None:
        raise ValidationError("Indica il compenso lordo omnicomprensivo dell'esperto esterno.")
    return compensi.compenso_esterno(importo=importo, ore=ore)


def _applica_compenso(incarico: Incarico, compenso: compensi.Compenso) -> None:
    incarico.ore = compenso.ore
    incarico.tariffa = compenso.tariffa
    incarico.tariffa_oraria = compenso.tariffa_oraria
    incarico.compenso = compenso.lordo
    incarico.aliquota_oneri_stato = compenso.aliquota
    incarico.compenso_lordo_stato = compenso.lordo_stato


# the acts whose name is feminine («Lettera…», «Collaborazione…»): «emessa», else «emesso»
ATTI_FEMMINILI = (TipoAtto.LETTERA, TipoAtto.COCOCO)


def _atto_predefinito(rapporto: str, motivazione: str = "") -> str:
    """The act proposed (the checklist may change it): a lettera for school staff; for an
    external, «lavoro autonomo occasionale» when the affidamento is for an occasional
    collaboration (art. 8, d), else «prestazione d'opera intellettuale»."""
    if rapporto in PERSONALE_SCOLASTICO:
        return TipoAtto.LETTERA
    if motivazione == MotivazioneAffidamento.OCCASIONALE:
        return TipoAtto.OCCASIONALE
    return TipoAtto.PRESTAZIONE_INTELLETTUALE


# the DS's notice of a new incarico; read for everybody once the act is emitted or the
# incarico withdrawn (portale.services.notifiche.archivia_superate)
DA_PERFEZIONARE = "Incarico da perfezionare"


def _salva_nuovo(incarico: Incarico, *, autore, descrizione: str,
                 avvisa_dirigenti: bool = True) -> Incarico:
    _controlla_incompatibilita(incarico)
    incarico.full_clean()
    try:
        with transaction.atomic():
            incarico.save()
    except IntegrityError as errore:
        raise ValidationError("L'incarico viola un vincolo (incompatibilità progettista e "
                              "collaudatore, o candidatura già incaricata).") from errore
    registra_evento(autore=autore, azione="incarico.creato", oggetto=incarico,
                    descrizione=descrizione, dettagli={"compenso": str(incarico.compenso)})
    for dirigente in _dirigenti(incarico.istituto) if avvisa_dirigenti else ():
        notifica(destinatario=dirigente, istituto=incarico.istituto,
                 oggetto=f"{DA_PERFEZIONARE}: {incarico.oggetto}",
                 testo=f"L'incarico {a_chi(incarico.persona.nome_completo)} attende la verifica dei "
                       "requisiti e l'emissione dell'atto.", url=_url(incarico))
    return incarico


@transaction.atomic
def conferisci_da_selezione(*, autore, candidatura, impegno_settimanale: str = "") -> Incarico:
    """The incarico of a candidate who accepted the proposal (called by `graduatorie`), with
    the weekly commitment the proposal stated.

    Duck-typed on the candidatura: `.candidato`, `.categoria`, `.autocertificazioni`,
    `.amministrazione_appartenenza` (optional) and `.procedura` with `.istituto`, `.scheda`,
    `.oggetto`, `.tipologia_incarico`, `.progetto` (optional), `.compenso`, `.base_compenso`,
    `.data_inizio_attivita`, `.data_fine_attivita`, `.luogo`. Idempotent: a second call for
    the same candidatura returns the incarico already created. The incarico starts
    «in preparazione»: the checklist must be completed before the act is issued. The avviso's
    «modalità di remunerazione» are not copied: the act has its own clauses on the amount and
    on when it is paid; the checklist's «modalità e tempi di pagamento» add the office's own.
    """
    esistente = Incarico.objects.filter(candidatura_id=candidatura.pk).first()
    if esistente is not None:
        return esistente
    procedura = candidatura.procedura
    scheda = procedura.scheda
    if candidatura.categoria not in Rapporto.values:
        raise ValidationError("La candidatura non indica una categoria valida.")
    data_inizio = procedura.data_inizio_attivita or (scheda.data_inizio if scheda else None)
    data_fine = procedura.data_fine_attivita or (scheda.data_fine if scheda else None)
    if data_inizio is None or data_fine is None:
        raise ValidationError("La procedura non indica il periodo delle attività.")
    tipologia = procedura.tipologia_incarico or (scheda.tipologia_incarico if scheda else "") or "altro"
    rapporto = candidatura.categoria
    compenso = _compenso(rapporto=rapporto, scheda=scheda,
                         ore=scheda.ore_previste if scheda else None, tariffa=None,
                         importo=procedura.compenso or (scheda.importo if scheda else None),
                         giorno=data_inizio,
                         lordo_stato=(procedura.compenso is not None
                                      and procedura.base_compenso == BaseCompenso.LORDO_STATO))
    incarico = Incarico(
        istituto=procedura.istituto, scheda=scheda, candidatura_id=candidatura.pk,
        persona=candidatura.candidato, oggetto=procedura.oggetto, tipologia=tipologia,
        rapporto=rapporto,
        amministrazione_appartenenza=getattr(candidatura, "amministrazione_appartenenza", ""),
        tipo_atto=_atto_predefinito(rapporto), conferimento=Conferimento.SELEZIONE,
        progetto=progetto_della_procedura(procedura),
        luogo=getattr(procedura, "luogo", ""), impegno_settimanale=impegno_settimanale,
        data_inizio=data_inizio, data_fine=data_fine,
        autocertificazioni={k: bool((candidatura.autocertificazioni or {}).get(k))
                            for k in AUTOCERTIFICAZIONI_INCARICO},
        creato_da=autore,
    )
    _applica_compenso(incarico, compenso)
    return _salva_nuovo(incarico, autore=autore,
                        # prepared, not conferred: the act comes later (emetti_atto)
                        descrizione=f"Incarico in preparazione "
                                    f"{a_chi(incarico.persona.nome_completo)} dalla procedura "
                                    f"n. {procedura.pk} (proposta accettata)",
                        # graduatorie tells the DS of the acceptance, with what
                        # interpello.prepara says of this incarico: one notice, not two
                        avvisa_dirigenti=False)


@transaction.atomic
def affida_direttamente(*, autore, membership: Membership, scheda: SchedaProgettuale,
                        persona: User, rapporto: str, motivazione: str, giustificazione: str,
                        ore: int | None = None, compenso=None, forfettario: bool = False,
                        tipo_atto: str = "", amministrazione_appartenenza: str = "",
                        autocertificazioni: dict | None = None, data_inizio=None,
                        data_fine=None, luogo: str = "", impegno_settimanale: str = ""
                        ) -> Incarico:
    """«Affidamento diretto» from a concluded scheda, with one of the four motivazioni of
    art. 8 and a written justification. Only the DS confers."""
    _verifica_ruolo(membership, ruoli=(Ruolo.DS,))
    if scheda.istituto_id != membership.istituto_id:
        raise PermissionDenied("La scheda non è del tuo istituto.")
    if scheda.stato != StatoScheda.CONCLUSA:
        raise ValidationError("L'affidamento diretto parte da una scheda progettuale conclusa.")
    if persona.pk == autore.pk:  # who confers must abstain (art. 6-bis, legge 241/1990)
        raise ValidationError(
            f"Non puoi conferire un incarico a te stess{desinenza(autore)}: sei in conflitto di "
            "interessi (art. 6-bis della legge 241/1990) e l'atto spetta a chi ti sostituisce.")
    data_inizio, data_fine = data_inizio or scheda.data_inizio, data_fine or scheda.data_fine
    _periodo_dell_affidamento(data_inizio, data_fine, scheda)
    # the scheda's row first (no incarico is locked yet: the order of emetti_atto, incarico
    # then scheda, is kept): two «Affida» at once cannot both pass the check below
    SchedaProgettuale.objects.select_for_update().filter(pk=scheda.pk).first()
    gia = (scheda.incarichi.filter(persona=persona, revocato_il__isnull=True)
           .order_by("pk").first())
    if gia is not None:  # a second click, or the same person entered twice
        raise ValidationError(
            f"{persona.nome_completo} ha già un incarico da questa scheda (n. {gia.pk}, "
            f"{gia.get_stato_display().lower()}): apri quello invece di crearne un altro.")
    tipologia = scheda.tipologia_incarico or "altro"
    incarico = Incarico(
        istituto=scheda.istituto, scheda=scheda, persona=persona, oggetto=scheda.titolo,
        tipologia=tipologia, rapporto=rapporto,
        amministrazione_appartenenza=amministrazione_appartenenza,
        tipo_atto=tipo_atto or _atto_predefinito(rapporto, motivazione),
        conferimento=Conferimento.AFFIDAMENTO_DIRETTO, motivazione_affidamento=motivazione,
        giustificazione=(giustificazione or "").strip(), progetto=_progetto(scheda, ""),
        luogo=luogo, impegno_settimanale=(impegno_settimanale or "").strip(),
        data_inizio=data_inizio, data_fine=data_fine, forfettario=forfettario,
        autocertificazioni={k: bool((autocertificazioni or {}).get(k))
                            for k in AUTOCERTIFICAZIONI_INCARICO},
        creato_da=autore,
    )
    _compenso_dell_affidamento(incarico, ore=ore, compenso=compenso)
    incarico = _salva_nuovo(incarico, autore=autore,
                            descrizione=f"Affidamento diretto {a_chi(persona.nome_completo)}, "
                                        f"motivazione {incarico.get_motivazione_affidamento_display()}")
    # the scheda's history says it too, as it says a procedure generated from it
    registra_evento(autore=autore, azione="scheda.affidamento_diretto", oggetto=scheda,
                    descrizione=f"Affidamento diretto {a_chi(persona.nome_completo)}: incarico "
                                f"n. {incarico.pk}")
    return incarico


def _compenso_dell_affidamento(incarico: Incarico, *, ore: int | None, compenso) -> None:
    """Hours and fee of a direct award, from its scheda, at the award or corrected before
    the act: `ore` None for the scheda's, `compenso` None for their share of its amount."""
    scheda, rapporto = incarico.scheda, incarico.rapporto
    if compenso is not None and rapporto in PERSONALE_SCOLASTICO and scheda.tariffa_id:
        raise ValidationError({"compenso": (
            "Per il personale della scuola il compenso si calcola dalle ore e dalla tariffa del "
            f"CCNL della scheda ({scheda.tariffa}): lascia vuoto questo campo.")})
    if ore is not None and scheda.ore_previste and ore > scheda.ore_previste:
        raise ValidationError({"ore": f"Le ore dell'incarico ({ore}) superano quelle della "
                                      f"scheda progettuale ({scheda.ore_previste})."})
    # a rate typed in the scheda is all-inclusive (an external's): school staff get its lordo
    # dipendente, the State's charges taken out of it
    omnicomprensivo = rapporto in PERSONALE_SCOLASTICO and scheda.tariffa_manuale is not None
    if compenso is None and (rapporto in ESTERNI or omnicomprensivo):
        compenso = _quota_della_scheda(scheda, ore)
    _applica_compenso(incarico, _compenso(
        rapporto=rapporto, scheda=scheda, ore=scheda.ore_previste if ore is None else ore,
        tariffa=None, importo=compenso, giorno=incarico.data_inizio, lordo_stato=omnicomprensivo))
    if scheda.importo is not None and selectors.peso_sul_budget(incarico) > scheda.importo:
        # never within budget, whatever is freed: said where the amount is typed (what other
        # incarichi commit is the checklist's, as it may change before the act)
        raise ValidationError({"compenso": (
            f"Il compenso di {selectors.peso_in_parole(incarico)} supera l'intero importo della "
            f"scheda progettuale «{scheda.titolo}» ({euro(scheda.importo)}): correggilo.")})


def _quota_della_scheda(scheda, ore):
    """The scheda's amount for `ore` of its hours (all of it when they are all, or not said):
    6 of 13 hours at 41,32 € are 247,92 €, not the scheda's 537,16 €."""
    importo = scheda.importo
    if importo is None or ore is None or not scheda.ore_previste or ore == scheda.ore_previste:
        return importo
    return compensi.arrotonda(importo * ore / scheda.ore_previste)


def _periodo_dell_affidamento(inizio, fine, scheda) -> None:
    """The period said in the form, or the scheda's where left empty, is coherent (the
    database's own check `incarico_periodo_coerente` would otherwise reach the user) and
    inside the scheda's, whose budget pays it."""
    if inizio and fine and fine < inizio:
        raise ValidationError({"data_fine": f"La fine ({fine:%d/%m/%Y}) non può precedere "
                                            f"l'inizio ({inizio:%d/%m/%Y})."})
    periodo = (f"nel periodo della scheda, {data_con('dal', scheda.data_inizio)} "
               f"{data_con('al', scheda.data_fine)}")
    if inizio and scheda.data_inizio and inizio < scheda.data_inizio:
        raise ValidationError({"data_inizio": f"L'inizio ({inizio:%d/%m/%Y}) deve cadere {periodo}."})
    if fine and scheda.data_fine and fine > scheda.data_fine:
        raise ValidationError({"data_fine": f"La fine ({fine:%d/%m/%Y}) deve cadere {periodo}."})


# --- Checklist ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Requisito:
    etichetta: str
    soddisfatto: bool
    mancanza: str  # the message when not satisfied


def impegnato_sulla_scheda(scheda: SchedaProgettuale, *, escluso: Incarico | None = None) -> Decimal:
    qs = scheda.incarichi.all()
    if escluso is not None:
        qs = qs.exclude(pk=escluso.pk)
    return qs.aggregate(s=Sum(selectors.impegno_sul_budget()))["s"] or Decimal("0")


def requisiti(incarico: Incarico) -> list[Requisito]:
    """The checklist that blocks the act until complete."""
    elenco = []
    mancanti = [testo for chiave, testo in AUTOCERTIFICAZIONI_INCARICO.items()
                if not incarico.autocertificazioni.get(chiave)]
    elenco.append(Requisito(
        "Autocertificazioni (art. 3, cc. 4–5)", not mancanti,
        "Mancano le autocertificazioni: " + "; ".join(mancanti) + "." if mancanti else ""))
    elenco.append(Requisito(
        "Certificato del casellario giudiziale acquisito (art. 3, c. 6)",
        incarico.casellario_acquisito_il is not None,
        "Manca la data di acquisizione del certificato del casellario giudiziale."))
    if incarico.rapporto in DIPENDENTI_ALTRE_AMMINISTRAZIONI:
        presente = any(d.tipo == TipoDocumentoIncarico.AUTORIZZAZIONE
                       for d in incarico.documenti.all())
        elenco.append(Requisito(
            "Autorizzazione dell'amministrazione di appartenenza (art. 53, c. 7, d.lgs. 165/2001)",
            presente, "Manca l'autorizzazione dell'amministrazione di appartenenza."))
    if incarico.scheda_id is not None and incarico.scheda.importo is not None:
        residuo = incarico.scheda.importo - impegnato_sulla_scheda(incarico.scheda, escluso=incarico)
        peso = selectors.peso_sul_budget(incarico)
        revocati = 0 if peso <= residuo else incarico.scheda.incarichi.filter(
            **selectors.revocato_da_liquidare()).exclude(pk=incarico.pk).count()
        perche = ("" if not revocati else
                  f" {quantita(revocati, 'incarico revocato')} "
                  + ("impegna il suo compenso finché non è liquidato" if revocati == 1 else
                     "impegnano il loro compenso finché non sono liquidati")
                  + " per il lavoro svolto.")
        elenco.append(Requisito(
            "Budget della scheda progettuale non superato", peso <= residuo,
            f"Il compenso di {selectors.peso_in_parole(incarico)} supera il budget residuo "
            f"della scheda "
            f"«{incarico.scheda.titolo}» ({euro(residuo)} disponibili su "
            f"{euro(incarico.scheda.importo)}).{perche}"))
    if incarico.esterno:  # never preset: the act declares what the DS assessed
        elenco.append(Requisito(
            "Controllo preventivo della Corte dei conti valutato (art. 15)",
            incarico.controllo_corte_conti != ControlloCorteConti.DA_VALUTARE,
            "Indica se il contratto è soggetto al controllo preventivo della Corte dei conti."))
    return elenco


# art. 41, c. 1, DPR 445/2000: a certificate of facts that may change (the casellario) is valid
# six months from its issue; the portal records when the school acquired it (issued before)
MESI_VALIDITA_CASELLARIO = 6
VALIDITA_CASELLARIO = ("un certificato del casellario vale sei mesi dal rilascio (art. 41 del "
                       "DPR 445/2000)")


def mesi_prima(giorno: date, mesi: int) -> date:
    """The same day `mesi` months before (the month's last day when it has fewer days)."""
    anno, mese = divmod(giorno.year * 12 + giorno.month - 1 - mesi, 12)
    mese += 1
    ultimo = (date(anno + mese // 12, mese % 12 + 1, 1) - timedelta(days=1)).day
    return date(anno, mese, min(giorno.day, ultimo))


def casellario_da_rinnovare(incarico: Incarico) -> str:
    """Before the act (issued today at the earliest): a certificate acquired more than six
    months ago (01/01/1990, a typo, as well) has expired by then. Said in the checklist as a
    warning, not a block: the act is the DS's decision, and records of earlier years (the
    access tests' data too) hold certificates that were valid when their act was issued."""
    acquisito = incarico.casellario_acquisito_il
    if (incarico.stato != StatoIncarico.IN_PREPARAZIONE or acquisito is None
            or acquisito >= mesi_prima(timezone.localdate(), MESI_VALIDITA_CASELLARIO)):
        return ""
    return (f"Acquisito {data_con('il', acquisito)}, più di sei mesi fa: {VALIDITA_CASELLARIO}; "
            "prima di emettere l'atto acquisiscine uno nuovo.")


def requisiti_mancanti(incarico: Incarico) -> list[str]:
    return [r.mancanza for r in requisiti(incarico) if not r.soddisfatto]


@transaction.atomic
def aggiorna_requisiti(*, autore, membership: Membership, incarico: Incarico,
                       autocertificazioni: dict | None = None, **dati) -> Incarico:
    """Record the checklist data while the incarico is in preparation; for a direct award,
    also `ore` and `compenso` (the DS's, as the award: `_compenso_dell_affidamento`)."""
    _verifica_ruolo(membership, incarico)
    incarico = _blocca(incarico)
    if incarico.stato != StatoIncarico.IN_PREPARAZIONE:
        raise ValidationError("Dopo l'emissione dell'atto i requisiti non si modificano più.")
    cambiati, termini, corretto = [], [], ""
    if "ore" in dati or "compenso" in dati:
        if incarico.conferimento != Conferimento.AFFIDAMENTO_DIRETTO:
            raise ValidationError("Il compenso di un incarico conferito con la selezione è "
                                  "quello dell'avviso: non si corregge qui.")
        _verifica_ruolo(membership, incarico, ruoli=(Ruolo.DS,))
        prima = _in_parole(incarico)
        _compenso_dell_affidamento(incarico, ore=dati.pop("ore", None),
                                   compenso=dati.pop("compenso", None))
        if _in_parole(incarico) != prima:
            corretto = f"; compenso da «{prima}» a «{_in_parole(incarico)}»"
            cambiati.append("compenso")
    for campo in CAMPI_REQUISITI:
        if campo not in dati:
            continue
        valore = "" if dati[campo] is None and campo != "casellario_acquisito_il" else dati[campo]
        if getattr(incarico, campo) != valore:
            if campo in TERMINI_DELLA_PERSONA:
                termini.append((campo, getattr(incarico, campo), valore))
            setattr(incarico, campo, valore)
            cambiati.append(campo)
    if autocertificazioni is not None:
        nuove = {k: bool(autocertificazioni.get(k)) for k in AUTOCERTIFICAZIONI_INCARICO}
        if nuove != incarico.autocertificazioni:
            incarico.autocertificazioni = nuove
            cambiati.append("autocertificazioni")
    acquisito = incarico.casellario_acquisito_il
    if acquisito and acquisito > timezone.localdate():
        raise ValidationError({"casellario_acquisito_il": (
            f"Il certificato non può essere acquisito in una data futura ({acquisito:%d/%m/%Y}): "
            "indica il giorno in cui l'istituto lo ha ricevuto.")})
    if incarico.tipo_atto in CONTRATTI and incarico.rapporto in PERSONALE_SCOLASTICO:
        raise ValidationError({"tipo_atto": "Al personale scolastico si conferisce una lettera di incarico."})
    if incarico.tipo_atto == TipoAtto.LETTERA and incarico.esterno:
        raise ValidationError({"tipo_atto": "Con un esterno si stipula un contratto."})
    incarico.full_clean()
    incarico.save()
    if cambiati:
        registra_evento(autore=autore, azione="incarico.requisiti", oggetto=incarico,
                        descrizione="Requisiti dell'incarico aggiornati" + corretto
                                    + "".join(f"; {_da_a(c, prima, dopo)}"
                                              for c, prima, dopo in termini),
                        dettagli={"campi": cambiati} | {
                            c: {"da": prima, "a": dopo} for c, prima, dopo in termini})
    if termini:
        # what the person agreed to (the proposal accepted) changes: they are told before the act
        notifica(destinatario=incarico.persona, istituto=incarico.istituto,
                 oggetto=f"Incarico aggiornato: {incarico.oggetto}",
                 testo=f"L'istituto {incarico.istituto.denominazione} ha aggiornato l'incarico "
                       "prima di emetterne l'atto: "
                       + "; ".join(_da_a(c, prima, dopo) for c, prima, dopo in termini) + ".")
    return incarico


def _in_parole(incarico: Incarico) -> str:
    """«1.800,00 € per 30 ore»: the fee and its hours, as a correction records them."""
    return f"{euro(incarico.compenso)}" + (f" per {quantita(incarico.ore, 'ora')}"
                                           if incarico.ore else "")


# the terms the person reads in the act and agreed to: a change is recorded old → new and told
TERMINI_DELLA_PERSONA = {"luogo": "luogo di svolgimento",
                         "impegno_settimanale": "impegno settimanale"}


def _da_a(campo, prima, dopo) -> str:
    return (f"{TERMINI_DELLA_PERSONA[campo]} da «{prima or 'non indicato'}» "
            f"a «{dopo or 'non indicato'}»")


def _salva_documento(incarico: Incarico, verificato, *, tipo: str, autore) -> DocumentoIncarico:
    percorso = documenti.archivia(verificato, cartella=f"incarichi/{incarico.istituto_id}")
    return DocumentoIncarico.objects.create(
        incarico=incarico, tipo=tipo, percorso=percorso, nome=verificato.nome,
        mime=verificato.mime, dimensione=verificato.dimensione, sha256=verificato.sha256,
        contenuti_attivi=list(verificato.contenuti_attivi), caricato_da=autore)


@transaction.atomic
def carica_autorizzazione(*, autore, membership: Membership, incarico: Incarico,
                          file) -> DocumentoIncarico:
    """The authorisation of the employing administration (PDF or P7M), art. 3, c. 7."""
    _verifica_ruolo(membership, incarico)
    verificato = documenti.verifica_file(file, tipi=("pdf", "p7m"))
    incarico = _blocca(incarico)
    if incarico.rapporto not in DIPENDENTI_ALTRE_AMMINISTRAZIONI:
        raise ValidationError("L'autorizzazione serve solo per i dipendenti di un'altra amministrazione.")
    documento = _salva_documento(incarico, verificato, tipo=TipoDocumentoIncarico.AUTORIZZAZIONE,
                                 autore=autore)
    registra_evento(autore=autore, azione="incarico.autorizzazione", oggetto=incarico,
                    descrizione=f"Caricata l'autorizzazione «{documento.nome}»",
                    dettagli={"sha256": documento.sha256})
    return documento


# --- The act: lettera di incarico or contratto --------------------------------------------

@transaction.atomic
def emetti_atto(*, autore, membership: Membership, incarico: Incarico) -> Incarico:
    """«Emetti l'atto»: checklist complete and budget locked, then protocol, PDF/A frozen
    with its SHA-256, state «conferito»; the incaricato is told the act awaits signature."""
    _verifica_ruolo(membership, incarico, stati.TRANSIZIONI["emetti_atto"].ruoli)
    if incarico.scheda_id is not None:  # the budget: lock the scheda before the incarico
        SchedaProgettuale.objects.select_for_update().get(pk=incarico.scheda_id)
    incarico = _esegui("emetti_atto", membership=membership, incarico=incarico)
    mancanti = requisiti_mancanti(incarico)
    if mancanti:
        raise ValidationError(mancanti)
    adesso = timezone.now()
    incarico.protocollo = protocolla(
        istituto=incarico.istituto, verso=Protocollo.Verso.USCITA, riferimento=incarico,
        quando=adesso,
        oggetto=f"{incarico.get_tipo_atto_display()} – {incarico.oggetto} – "
                f"{incarico.persona.nome_completo}")
    incarico.conferito_il = adesso
    incarico.data_fine_originaria = incarico.data_fine
    pdf = atto.genera(incarico, dirigente=autore)
    nome = f"{'lettera-incarico' if incarico.lettera else 'contratto'}-{incarico.pk}.pdf"
    percorso = default_storage.save(f"incarichi/{incarico.istituto_id}/{uuid.uuid4().hex}.pdf",
                                    ContentFile(pdf))
    documento = DocumentoIncarico.objects.create(
        incarico=incarico, tipo=TipoDocumentoIncarico.ATTO, percorso=percorso, nome=nome,
        mime="application/pdf", dimensione=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(), caricato_da=autore)
    _cambia_stato(incarico, "emetti_atto", autore=autore,
                  campi=("protocollo", "conferito_il", "data_fine_originaria"),
                  descrizione=f"{incarico.get_tipo_atto_display()} "
                              f"{'emessa' if incarico.tipo_atto in ATTI_FEMMINILI else 'emesso'} con "
                              f"{incarico.protocollo.segnatura}",
                  dettagli={"sha256": documento.sha256})
    archivia_superate(url=_url(incarico), oggetto_inizia=DA_PERFEZIONARE)
    notifica(destinatario=incarico.persona, istituto=incarico.istituto,
             oggetto=f"{incarico.get_tipo_atto_display()}: {incarico.oggetto}",
             testo=f"L'istituto {incarico.istituto.denominazione} ha emesso l'atto di incarico "
                   f"({incarico.protocollo.segnatura}). Scaricalo dalla pagina dell'incarico, "
                   "firmalo e restituiscilo da lì.",
             url=_url_della_persona(incarico))
    return incarico


@transaction.atomic
def registra_firma(*, autore, membership: Membership, incarico: Incarico, file) -> Incarico:
    """Upload of the signed copy (PDF or P7M, checked by content): «firmato». The unsigned
    act stays beside it."""
    verificato = documenti.verifica_file(file, tipi=("pdf", "p7m"))
    incarico = _esegui("registra_firma", membership=membership, incarico=incarico)
    documento = _copia_firmata(incarico, verificato, autore=autore)
    _cambia_stato(incarico, "registra_firma", autore=autore, campi=("firmato_il",),
                  descrizione=f"Caricata la copia firmata «{documento.nome}»",
                  dettagli={"sha256": documento.sha256, "tipo": verificato.tipo})
    return incarico


@transaction.atomic
def restituisci_atto_firmato(*, persona: User, incarico: Incarico, file) -> Incarico:
    """«Restituisci l'atto firmato»: the incaricato returns the signed copy from «Il mio
    incarico» (the same step as the office's «Carica la copia firmata»: «firmato»); the
    Dirigente Scolastico is told. Nobody else may: the same 404 as for a missing incarico."""
    verificato = documenti.verifica_file(file, tipi=("pdf", "p7m"))
    incarico = _blocca(incarico)
    if incarico.persona_id != persona.pk:
        raise PermissionDenied("L'incarico non è conferito a te.")
    if incarico.stato not in stati.TRANSIZIONI["registra_firma"].da:
        raise ValidationError("L'atto firmato è già stato consegnato all'istituto."
                              if incarico.firmato_il else
                              f"L'incarico è «{incarico.get_stato_display().lower()}»: non c'è "
                              "un atto da restituire.")
    documento = _copia_firmata(incarico, verificato, autore=persona)
    _cambia_stato(incarico, "registra_firma", autore=persona, campi=("firmato_il",),
                  descrizione=f"{persona.nome_completo} ha restituito la copia firmata "
                              f"«{documento.nome}»",
                  dettagli={"sha256": documento.sha256, "tipo": verificato.tipo})
    for dirigente in _dirigenti(incarico.istituto):
        notifica(destinatario=dirigente, istituto=incarico.istituto,
                 oggetto=f"Atto firmato restituito: {incarico.oggetto}",
                 testo=f"{persona.nome_completo} ha restituito firmato l'atto "
                       f"({incarico.protocollo.segnatura}): controlla la copia nella pagina "
                       "dell'incarico e avvia le attività quando iniziano.",
                 url=_url(incarico))
    return incarico


def _copia_firmata(incarico: Incarico, verificato, *, autore) -> DocumentoIncarico:
    """The signed copy stored beside the unsigned act, which it must not be, nor another
    document of the incarico picked by mistake."""
    uguale = incarico.documenti.filter(sha256=verificato.sha256).first()
    if uguale is not None and uguale.tipo == TipoDocumentoIncarico.ATTO:
        raise ValidationError({"file": "Il file è l'atto emesso dal portale, senza firme: carica "
                                       "la copia firmata dalle parti (la scansione del foglio "
                                       "firmato o il file con la firma digitale)."})
    if uguale is not None:
        raise ValidationError({"file": f"Il file è «{uguale.nome}», già tra i documenti "
                                       f"dell'incarico ({uguale.get_tipo_display()}): carica la "
                                       "copia dell'atto firmata dalle parti."})
    documento = _salva_documento(incarico, verificato, tipo=TipoDocumentoIncarico.ATTO_FIRMATO,
                                 autore=autore)
    incarico.firmato_il = timezone.now()
    return documento


@transaction.atomic
def registra_esito_corte_conti(*, autore, membership: Membership, incarico: Incarico,
                               data) -> Incarico:
    """The positive outcome of the preventive control: the contract becomes effective."""
    _verifica_ruolo(membership, incarico)
    incarico = _blocca(incarico)
    if (incarico.controllo_corte_conti != ControlloCorteConti.DOVUTO
            or incarico.stato not in (StatoIncarico.CONFERITO, StatoIncarico.FIRMATO)):
        raise ValidationError("Nessun controllo preventivo della Corte dei conti in attesa.")
    atto = timezone.localdate(incarico.conferito_il)
    if data is None or not atto <= data <= timezone.localdate():
        raise ValidationError({"data": f"L'esito segue il contratto ({atto:%d/%m/%Y}) e non è "
                                       "futuro: indica la data in cui la Corte dei conti l'ha "
                                       "comunicato."})
    incarico.esito_corte_conti_il = data
    incarico.save(update_fields=["esito_corte_conti_il", "aggiornato_il"])
    registra_evento(autore=autore, azione="incarico.esito_corte_conti", oggetto=incarico,
                    descrizione=f"Esito positivo della Corte dei conti {data_con('del', data)}")
    return incarico


@transaction.atomic
def avvia(*, autore, membership: Membership, incarico: Incarico) -> Incarico:
    """The activities start; a contract under preventive control only after its outcome."""
    incarico = _esegui("avvia", membership=membership, incarico=incarico)
    if (incarico.controllo_corte_conti == ControlloCorteConti.DOVUTO
            and incarico.esito_corte_conti_il is None):
        raise ValidationError("Il contratto è efficace solo dopo l'esito positivo del controllo "
                              "preventivo della Corte dei conti (art. 15): registralo prima.")
    if incarico.data_inizio > timezone.localdate():  # no hours could be registered before it
        raise ValidationError(f"Le attività iniziano {data_con('il', incarico.data_inizio)}: "
                              "avviale da quel giorno.")
    incarico.avviato_il = timezone.now()
    _cambia_stato(incarico, "avvia", autore=autore, campi=("avviato_il",),
                  descrizione="Attività dell'incarico avviate")
    return incarico


def fine_anno_scolastico(giorno: date) -> date:
    """31 August of the school year (1 September – 31 August) that holds `giorno`."""
    return date(giorno.year if giorno.month < 9 else giorno.year + 1, 8, 31)


def fine_massima_della_proroga(incarico: Incarico) -> date:
    """How far a proroga may move the end: to the end of the school year after the one of the
    current end. An incarico serves activities planned for a school year (the scheda's); a
    proroga only recovers delays not due to the incaricato (art. 11), so it may carry them into
    the next school year, never further: beyond that it is new work, a new incarico (no
    renewal). Without a bound a typo (31/12/9999) was confirmed as «2.912.021 giorni in più»."""
    return date(fine_anno_scolastico(incarico.data_fine).year + 1, 8, 31)


def controlla_proroga(incarico: Incarico, data_fine) -> None:
    """The new end of a proroga (also asked before its confirmation)."""
    if data_fine is None or data_fine <= incarico.data_fine:
        raise ValidationError({"data_fine": "La nuova data di fine deve essere successiva a quella "
                                            f"attuale ({incarico.data_fine:%d/%m/%Y})."})
    if data_fine > (massima := fine_massima_della_proroga(incarico)):
        raise ValidationError({"data_fine": (
            f"La proroga può spostare la fine al più {data_con('al', massima)}, ultimo giorno "
            f"dell'anno scolastico {massima.year - 1}/{massima.year % 100:02d}, il successivo a "
            f"quello della fine attuale ({incarico.data_fine:%d/%m/%Y}): per attività oltre "
            "quella data serve un nuovo incarico.")})


@transaction.atomic
def proroga(*, autore, membership: Membership, incarico: Incarico, data_fine,
            motivazione: str) -> Incarico:
    """Only the end date moves, with the same economic terms (art. 11: no renewal)."""
    incarico = _esegui("proroga", membership=membership, incarico=incarico)
    if not (motivazione or "").strip():
        raise ValidationError({"motivazione": "Indica il motivo della proroga (ritardi non "
                                              "imputabili all'incaricat"
                                              f"{desinenza(incarico.persona)})."})
    controlla_proroga(incarico, data_fine)
    precedente = incarico.data_fine
    incarico.data_fine = data_fine
    _cambia_stato(incarico, "proroga", autore=autore, campi=("data_fine",),
                  descrizione=f"Incarico prorogato {data_con('dal', precedente)} "
                              f"{data_con('al', data_fine)}, compenso invariato: {motivazione.strip()}",
                  dettagli={"fine_precedente": precedente.isoformat()})
    notifica(destinatario=incarico.persona, istituto=incarico.istituto,
             oggetto=f"Proroga dell'incarico: {incarico.oggetto}",
             testo=f"Il termine dell'incarico è prorogato {data_con('al', data_fine)} alle stesse "
                   f"condizioni tecniche ed economiche. Motivo: {frase(motivazione)}",
             url=_url_della_persona(incarico))
    return incarico


@transaction.atomic
def concludi(*, autore, membership: Membership, incarico: Incarico) -> Incarico:
    incarico = _esegui("concludi", membership=membership, incarico=incarico)
    incarico.concluso_il = timezone.now()
    _cambia_stato(incarico, "concludi", autore=autore, campi=("concluso_il",),
                  descrizione="Incarico concluso: attività terminate")
    oggi = timezone.localdate(incarico.concluso_il)
    prima = (f", prima del termine dell'atto ({incarico.data_fine:%d/%m/%Y})"
             if oggi < incarico.data_fine else "")
    notifica(destinatario=incarico.persona, istituto=incarico.istituto,
             oggetto=f"Incarico concluso: {incarico.oggetto}",
             testo=f"L'istituto {incarico.istituto.denominazione} ha concluso l'incarico "
                   f"«{incarico.oggetto}» {data_con('il', oggi)}{prima}. Le ore svolte fino a "
                   "quel giorno si possono ancora annotare finché il compenso non è liquidato: "
                   "la liquidazione, dopo la verifica delle ore, chiude il registro.",
             url=_url_della_persona(incarico))
    return incarico


def controlla_comunicazione_revoca(comunicata_il, incarico: Incarico | None = None) -> None:
    """The notice runs from the day the revoca was given to the person: not a day to come
    (also checked by the form, before the confirmation), nor one before the act existed."""
    if comunicata_il and comunicata_il > timezone.localdate():
        raise ValidationError({"comunicata_il": (
            f"La revoca non può essere comunicata in una data futura ({comunicata_il:%d/%m/%Y}): "
            "registrala dopo averla comunicata "
            + (f"all'incaricat{desinenza(incarico.persona)}." if incarico
               else "alla persona incaricata."))})
    if (comunicata_il and incarico is not None and incarico.conferito_il
            and comunicata_il < (atto := timezone.localdate(incarico.conferito_il))):
        raise ValidationError({"comunicata_il": (
            f"La revoca non può essere comunicata prima dell'atto di conferimento, emesso "
            f"{data_con('il', atto)}: indica il giorno in cui l'hai comunicata "
            f"all'incaricat{desinenza(incarico.persona)}.")})


# revoked before the activities started, it can never start (`avvia` leaves only «firmato»):
# no hours are written (registro_ore_aperto) and nothing is liquidated (controlla_liquidazione)
NULLA_DOVUTO = "Le attività non sono state avviate: non è dovuto alcun compenso"


@transaction.atomic
def revoca(*, autore, membership: Membership, incarico: Incarico, motivazione: str,
           comunicata_il=None) -> Incarico:
    """Recesso with 15 days' notice (art. 10, c. 2, lett. h): effective 15 days after it is
    communicated; the work done until then is liquidated."""
    incarico = _esegui("revoca", membership=membership, incarico=incarico)
    if not (motivazione or "").strip():
        raise ValidationError({"motivazione": "Indica la motivazione della revoca."})
    atto_emesso = incarico.stato != StatoIncarico.IN_PREPARAZIONE
    controlla_comunicazione_revoca(comunicata_il, incarico)
    comunicata_il = comunicata_il or timezone.localdate()
    incarico.revocato_il = timezone.now()
    incarico.motivazione_revoca = motivazione.strip()
    incarico.recesso_efficace_dal = (
        comunicata_il + timedelta(days=stati.GIORNI_PREAVVISO_RECESSO) if atto_emesso else None)
    _cambia_stato(incarico, "revoca", autore=autore,
                  campi=("revocato_il", "motivazione_revoca", "recesso_efficace_dal"),
                  descrizione=f"Incarico revocato: {incarico.motivazione_revoca}")
    archivia_superate(url=_url(incarico), oggetto_inizia=DA_PERFEZIONARE)
    testo = (f"L'incarico «{incarico.oggetto}» è revocato. "
             f"Motivazione: {frase(incarico.motivazione_revoca)}")
    if incarico.recesso_efficace_dal:
        testo += (f" Il recesso ha effetto {data_con('dal', incarico.recesso_efficace_dal)} "
                  f"(preavviso di {stati.GIORNI_PREAVVISO_RECESSO} giorni)")
        testo += (f". {NULLA_DOVUTO}." if incarico.avviato_il is None
                  else "; l'attività svolta fino ad allora sarà liquidata.")
    # a direct award withdrawn before its act was never said to the person: no notice of its
    # revoca (its reason is the office's: «Compenso errato: va ricreato»)
    if atto_emesso or incarico.conferimento == Conferimento.SELEZIONE:
        notifica(destinatario=incarico.persona, istituto=incarico.istituto,
                 oggetto=f"Revoca dell'incarico: {incarico.oggetto}", testo=testo,
                 url=_url_della_persona(incarico))
    return incarico


# --- Registro ore and liquidazione --------------------------------------------------------

def _oltre_il_giorno(data, ore, nel_giorno) -> str:
    """Why `ore` more do not fit the day `data`, which already holds `nel_giorno`."""
    if not nel_giorno:
        return (f"Un giorno ha {ORE_IN_UN_GIORNO} ore: {numero_ore(ore)} ore "
                f"{data_con('il', data)} non sono possibili.")
    gia = ("ne risulta già 1 registrata" if nel_giorno == 1
           else f"ne risultano già {numero_ore(nel_giorno)} registrate")
    return (f"Un giorno ha {ORE_IN_UN_GIORNO} ore: {data_con('il', data)} {gia}, se ne possono "
            f"aggiungere al più {numero_ore(ORE_IN_UN_GIORNO - nel_giorno)}.")


@transaction.atomic
def registra_ore(*, autore, membership: Membership, incarico: Incarico, data, ore,
                 attivita: str) -> OreSvolte:
    """A line of the registro ore; the total never exceeds the hours granted (locked)."""
    _verifica_ruolo(membership, incarico)
    return _nuova_riga(_blocca(incarico), autore=autore, data=data, ore=ore, attivita=attivita)


@transaction.atomic
def comunica_iban(*, persona: User, incarico: Incarico, iban: str) -> Incarico:
    """«Dati per il pagamento»: the external incaricato gives the IBAN the compenso is paid to,
    and may correct it at any time: the liquidazione fixes the amount, the payment order comes
    after it; a revoked incarico too is paid for the part done. The event keeps only the last
    four characters, and says when it was changed after the liquidazione."""
    incarico = _blocca(incarico)
    if incarico.persona_id != persona.pk:
        raise PermissionDenied("L'incarico non è conferito a te.")
    if not incarico.chiede_iban:
        raise ValidationError("Il personale della scuola riceve il compenso con il cedolino "
                              "unico: l'IBAN non serve.")
    try:
        compatto = validatori.iban_valido(iban)
    except ValidationError as errore:
        raise ValidationError({"iban": errore.messages}) from None
    if compatto == incarico.iban:
        return incarico
    prima = incarico.iban
    incarico.iban, incarico.iban_comunicato_il = compatto, timezone.now()
    incarico.save(update_fields=["iban", "iban_comunicato_il"])
    registra_evento(autore=persona, azione="incarico.iban", oggetto=incarico,
                    descrizione=(f"{persona.nome_completo} ha "
                                 f"{'corretto' if prima else 'comunicato'} l'IBAN per il "
                                 f"pagamento (termina con {compatto[-4:]})"
                                 + (", dopo la liquidazione" if incarico.liquidato_il else "")),
                    dettagli={"ultime_cifre": compatto[-4:]})
    return incarico


@transaction.atomic
def annota_ore(*, persona: User, incarico: Incarico, data, ore, attivita: str) -> OreSvolte:
    """«Annota le ore»: the incaricato keeps their own timesheet from «Il mio incarico» (the
    act says they annotate the hours; the compenso is paid on it); the same rules as the
    office's lines, and the DS or the DSGA verifies them. Nobody else may: the same 404."""
    incarico = _blocca(incarico)
    if incarico.persona_id != persona.pk:
        raise PermissionDenied("L'incarico non è conferito a te.")
    return _nuova_riga(incarico, autore=persona, data=data, ore=ore, attivita=attivita)


def errore_del_giorno(incarico: Incarico, data) -> str:
    """Why a line of the registro ore may not fall on `data` ("" when it may): the same rules
    for the form (said beside the hours' own error) and for the service."""
    if (incarico.stato == StatoIncarico.REVOCATO and data is not None
            and data >= incarico.recesso_efficace_dal):
        return ("L'incarico è revocato e il recesso ha effetto "
                f"{data_con('dal', incarico.recesso_efficace_dal)}: si registrano solo le ore "
                "svolte fino al giorno prima.")
    if data is None or not (incarico.data_inizio <= data <= incarico.data_fine):
        return (f"La data deve cadere tra {data_con('il', incarico.data_inizio)} "
                f"e {data_con('il', incarico.data_fine)}.")
    if data > timezone.localdate():
        return "Non si registrano ore di giorni futuri."
    # seed 001, art. 10: the contract is written «a pena di nullità»; before the act, no contract
    if incarico.conferito_il and data < (atto := timezone.localdate(incarico.conferito_il)):
        return (f"L'atto di incarico è {data_con('del', atto)}: si registrano solo le ore "
                "svolte da quel giorno (senza atto scritto la prestazione non si paga).")
    if incarico.concluso_il and data > (conclusione := timezone.localdate(incarico.concluso_il)):
        return (f"L'incarico è concluso {data_con('il', conclusione)}: si registrano solo le "
                "ore svolte fino a quel giorno.")
    return ""


def _nuova_riga(incarico: Incarico, *, autore, data, ore, attivita: str) -> OreSvolte:
    """A line of the registro ore on the locked `incarico`, whoever writes it."""
    if not registro_ore_aperto(incarico):
        raise ValidationError(registro_ore_chiuso(incarico))
    if errore := errore_del_giorno(incarico, data):
        raise ValidationError({"data": errore})
    ore = Decimal(ore)
    attivita = (attivita or "").strip()
    del_giorno = incarico.ore_svolte.filter(data=data)
    if del_giorno.filter(ore=ore, attivita__iexact=attivita).exists():  # sent twice
        raise ValidationError({"attivita": (
            f"Una riga identica {data_con('del', data)} è già registrata ({numero_ore(ore)} "
            f"or{'a' if ore == 1 else 'e'}, «{attivita}»): se è un'altra attività dello stesso "
            "giorno, descrivila.")})
    if incarico.ore is not None:
        svolte = incarico.ore_svolte.aggregate(s=Sum("ore"))["s"] or Decimal("0")
        if svolte + ore > incarico.ore:
            raise ValidationError({"ore": f"Superate le ore assegnate: {incarico.ore} in tutto, "
                                          f"{numero_ore(svolte)} già registrate, ne restano "
                                          f"{numero_ore(incarico.ore - svolte)}."})
    nel_giorno = del_giorno.aggregate(s=Sum("ore"))["s"] or Decimal("0")
    if nel_giorno + ore > ORE_IN_UN_GIORNO:  # a typo («30» for «3,0»), never a day's work
        raise ValidationError({"ore": _oltre_il_giorno(data, ore, nel_giorno)})
    riga = OreSvolte(incarico=incarico, data=data, ore=ore, attivita=attivita,
                     inserita_da=autore)
    riga.full_clean()
    riga.save()
    chi = (f" dall'incaricat{desinenza(autore)}" if autore.pk == incarico.persona_id else "")
    registra_evento(autore=autore, azione="incarico.ore", oggetto=incarico,
                    descrizione=f"{'Registrata' if ore == 1 else 'Registrate'}{chi} "
                                f"{quantita(numero_ore(ore), 'ora')} {data_con('del', data)}: {riga.attivita}")
    return riga


MOTIVO_MASSIMO = 500  # as the dialog's field (incarico.html)


@transaction.atomic
def elimina_ore(*, autore, membership: Membership, incarico: Incarico, riga_pk,
                motivo: str = "") -> OreSvolte:
    """A line written by mistake, while nobody has verified it yet: removed, and the event
    keeps what it said. A line the incaricato annotated is his declaration of work done: the
    office removes it only saying why, and he is told."""
    _verifica_ruolo(membership, incarico)
    incarico = _blocca(incarico)
    riga = incarico.ore_svolte.filter(pk=riga_pk).first()
    sua = riga is not None and riga.inserita_da_id == incarico.persona_id
    motivo = (motivo or "").strip()
    if sua and not motivo:
        raise ValidationError({"motivo": "Scrivi perché elimini la riga annotata "
                                         f"dall'incaricat{desinenza(incarico.persona)}: "
                                         "riceverà il motivo nella notifica."})
    if len(motivo) > MOTIVO_MASSIMO:
        raise ValidationError({"motivo": f"Il motivo è al massimo di {MOTIVO_MASSIMO} caratteri."})
    riga = _elimina_riga(incarico, riga, autore=autore, motivo=motivo if sua else "")
    if sua:
        notifica(destinatario=incarico.persona, istituto=incarico.istituto,
                 oggetto=f"Registro ore: eliminata una tua riga – {incarico.oggetto}",
                 testo=f"{autore.nome_completo} ha eliminato la riga {data_con('del', riga.data)} "
                       f"che avevi annotato nel registro ore ({quantita(numero_ore(riga.ore), 'ora')}"
                       f", «{riga.attivita}»). Motivo: {motivo}",
                 url=_url_della_persona(incarico) + "#registro-ore")
    return riga


@transaction.atomic
def elimina_ore_annotate(*, persona: User, incarico: Incarico, riga_pk) -> OreSvolte:
    """The incaricato removes a line of their own written by mistake, until it is verified
    (the office's lines are the office's)."""
    incarico = _blocca(incarico)
    if incarico.persona_id != persona.pk:
        raise PermissionDenied("L'incarico non è conferito a te.")
    return _elimina_riga(incarico, incarico.ore_svolte.filter(pk=riga_pk, inserita_da=persona)
                         .first(), autore=persona)


def _elimina_riga(incarico: Incarico, riga: OreSvolte | None, *, autore,
                  motivo: str = "") -> OreSvolte:
    if riga is None:
        raise ValidationError("La riga del registro ore non esiste più.")
    if riga.verificata_il is not None:
        raise ValidationError("La riga è già verificata: non si elimina più.")
    if not registro_ore_aperto(incarico):
        raise ValidationError(registro_ore_chiuso(incarico))
    registra_evento(autore=autore, azione="incarico.ore_eliminate", oggetto=incarico,
                    descrizione=f"Eliminata la riga {data_con('del', riga.data)}: "
                                f"{quantita(numero_ore(riga.ore), 'ora')} – {riga.attivita}"
                                + (f". Motivo: {motivo}" if motivo else ""),
                    dettagli={"data": riga.data.isoformat(), "ore": str(riga.ore),
                              "attivita": riga.attivita, "inserita_da": riga.inserita_da_id,
                              **({"motivo": motivo} if motivo else {})})
    riga.delete()
    return riga


def registro_ore_aperto(incarico: Incarico) -> bool:
    """Hours are written while the activities run, after their conclusion until the
    liquidation, and for a revoked incarico that had started, those done before the recesso
    takes effect (the 15 days' notice included: they are paid)."""
    return (incarico.stato in (StatoIncarico.IN_CORSO, StatoIncarico.CONCLUSO)
            or (incarico.stato == StatoIncarico.REVOCATO and incarico.avviato_il is not None
                and incarico.recesso_efficace_dal is not None))


def registro_ore_chiuso(incarico: Incarico) -> str:
    """Why no line is written or removed on `incarico` (its register is not open): said to
    whoever sends hours from a page opened before the state changed."""
    if incarico.stato == StatoIncarico.LIQUIDATO:
        perche = ("il compenso è stato liquidato"
                  + (f" {data_con('il', timezone.localdate(incarico.liquidato_il))}"
                     if incarico.liquidato_il else ""))
    elif incarico.stato == StatoIncarico.REVOCATO:
        perche = "l'incarico è stato revocato prima dell'avvio delle attività"
    else:
        perche = "le attività non sono ancora state avviate"
    return f"Il registro ore è chiuso: {perche}."


@transaction.atomic
def verifica_ore(*, autore, membership: Membership, incarico: Incarico,
                fino_a: int | None = None) -> int:
    """The DS or the DSGA verifies the lines not yet verified, up to line `fino_a` (the last
    one the page showed them; None: all); returns how many."""
    _verifica_ruolo(membership, incarico, ruoli=stati.ADEMPIMENTI["verifica_ore"].ruoli)
    incarico = _blocca(incarico)
    righe = incarico.ore_svolte.filter(verificata_il__isnull=True)
    if fino_a is not None:
        righe = righe.filter(pk__lte=fino_a)
    ore = righe.aggregate(s=Sum("ore"))["s"]
    quante = righe.update(verificata_da=autore, verificata_il=timezone.now())
    if not quante:
        raise ValidationError("Non ci sono righe del registro da verificare.")
    registra_evento(autore=autore, azione="incarico.ore_verificate", oggetto=incarico,
                    descrizione=f"{quantita(quante, 'riga')} del registro ore verificat{'a' if quante == 1 else 'e'}")
    # the incaricato keeps the register too: the hours that now count for the compenso
    notifica(destinatario=incarico.persona, istituto=incarico.istituto,
             oggetto=f"Ore verificate: {incarico.oggetto}",
             testo=f"{autore.nome_completo} ha verificato {quantita(quante, 'riga')} del registro "
                   f"ore, {quantita(numero_ore(ore), 'ora')} in tutto: contano per la "
                   "liquidazione del compenso.",
             url=_url_della_persona(incarico) + "#registro-ore")
    return quante


def da_liquidare(incarico: Incarico, giorni_assenza: int | None = 0):
    """(importo lordo, dodicesimi decurtati, ore verificate) that «Liquida» would record: what
    the confirmation page shows before anything is written."""
    verificate = incarico.ore_svolte.aggregate(s=Sum("ore"))["s"] or Decimal("0")
    quota = None
    if incarico.stato == StatoIncarico.REVOCATO and incarico.recesso_efficace_dal:
        quota = compensi.giorni_svolti(
            data_inizio=incarico.data_inizio, data_fine=incarico.data_fine,
            recesso_dal=incarico.recesso_efficace_dal,
            avviato_il=timezone.localdate(incarico.avviato_il) if incarico.avviato_il else None)
    importo, dodicesimi = compensi.importo_liquidabile(
        compenso=incarico.compenso, forfettario=incarico.forfettario,
        ore_assegnate=incarico.ore, ore_verificate=verificate,
        giorni_assenza=giorni_assenza or 0,
        tariffa_oraria=incarico.tariffa_oraria if incarico.tariffa_id else None,
        quota_svolta=quota)
    return importo, dodicesimi, verificate


def controlla_liquidazione(incarico: Incarico) -> None:
    """What must hold before «Liquida» (also asked before its confirmation)."""
    if incarico.conferito_il is None:
        raise ValidationError("Nessun atto emesso: non c'è nulla da liquidare.")
    if incarico.stato == StatoIncarico.REVOCATO and incarico.avviato_il is None:
        raise ValidationError("L'incarico è stato revocato prima dell'avvio delle attività: non "
                              "c'è nulla da liquidare.")
    if (incarico.stato == StatoIncarico.REVOCATO and incarico.recesso_efficace_dal
            and incarico.recesso_efficace_dal > timezone.localdate()):
        raise ValidationError("Il recesso ha effetto "
                              f"{data_con('dal', incarico.recesso_efficace_dal)}: fino ad allora "
                              "si registrano le ore del preavviso, poi si liquida.")
    if incarico.ore_svolte.filter(verificata_il__isnull=True).exists():
        raise ValidationError("Ci sono ore non ancora verificate dal DS o dal DSGA.")


@transaction.atomic
def liquida(*, autore, membership: Membership, incarico: Incarico,
            giorni_assenza: int = 0) -> Incarico:
    """Liquidazione after the checks (art. 12, c. 3): verified hours × rate for hourly
    incarichi, the 1/12 reduction per 21 days of absence for forfettario ones."""
    incarico = _esegui("liquida", membership=membership, incarico=incarico)
    controlla_liquidazione(incarico)
    if giorni_assenza and not incarico.forfettario:
        raise ValidationError({"giorni_assenza": (
            "Le assenze decurtano solo un compenso forfettario: questo incarico si liquida per "
            "le ore verificate.")})
    importo, dodicesimi, verificate = da_liquidare(incarico, giorni_assenza)
    incarico.giorni_assenza = giorni_assenza or 0
    incarico.dodicesimi_decurtati = dodicesimi
    incarico.importo_liquidato = importo
    incarico.importo_liquidato_lordo_stato = compensi.Compenso(
        lordo=importo, aliquota=incarico.aliquota_oneri_stato).lordo_stato
    incarico.liquidato_il = timezone.now()
    _cambia_stato(incarico, "liquida", autore=autore,
                  campi=("giorni_assenza", "dodicesimi_decurtati", "importo_liquidato",
                         "importo_liquidato_lordo_stato", "liquidato_il"),
                  descrizione=f"Compenso liquidato: {euro(importo)}"
                              + (f" ({dodicesimi}/12 decurtati per assenze)" if dodicesimi else ""),
                  dettagli={"ore_verificate": str(verificate)})
    notifica(destinatario=incarico.persona, istituto=incarico.istituto,
             oggetto=f"Liquidazione dell'incarico: {incarico.oggetto}",
             testo=_liquidazione_in_parole(incarico, verificate), url=_url_della_persona(incarico))
    return incarico


def _liquidazione_in_parole(incarico: Incarico, verificate) -> str:
    """What the person is told: which «lordo», and why it is less than the act said."""
    testo = (f"È stato liquidato il compenso dell'incarico «{incarico.oggetto}»: "
             f"{incarico.liquidato_in_parole}")
    if incarico.dodicesimi_decurtati:
        testo += (f", decurtato di {incarico.dodicesimi_decurtati}/12 per "
                  f"{quantita(incarico.giorni_assenza, 'giorno')} di assenza")
    elif not incarico.forfettario and incarico.ore:
        testo += (f", per {quantita(numero_ore(verificate), 'ora')} "
                  f"verificat{'a' if verificate == 1 else 'e'} su {incarico.ore} "
                  f"assegnat{'a' if incarico.ore == 1 else 'e'}")
    testo += "."
    if incarico.importo_liquidato != incarico.compenso:
        testo += f" Il compenso dell'atto era {incarico.compenso_in_parole}."
    return testo


# --- Trasparenza --------------------------------------------------------------------------

STATI_PUBBLICABILI = stati.IMPEGNANO_BUDGET | {StatoIncarico.REVOCATO}


@transaction.atomic
def pubblica(*, autore, membership: Membership, incarico: Incarico) -> Incarico:
    """Publication in Amministrazione trasparente (art. 16): «Consulenti e collaboratori»
    for external incarichi, «Personale» for staff."""
    _verifica_ruolo(membership, incarico, ruoli=stati.ADEMPIMENTI["pubblica"].ruoli)
    incarico = _blocca(incarico)
    if incarico.stato not in STATI_PUBBLICABILI or incarico.conferito_il is None:
        raise ValidationError("Si pubblica un incarico dopo l'emissione dell'atto.")
    if incarico.pubblicato_il is None:
        incarico.pubblicato_il = timezone.now()
        incarico.save(update_fields=["pubblicato_il", "aggiornato_il"])
        registra_evento(autore=autore, azione="incarico.pubblicato", oggetto=incarico,
                        descrizione="Incarico pubblicato in Amministrazione trasparente")
    return incarico


@transaction.atomic
def pubblica_curriculum(*, autore, membership: Membership, incarico: Incarico,
                        file) -> DocumentoIncarico:
    """The CV of an external subject, published with the incarico (PDF only)."""
    _verifica_ruolo(membership, incarico, ruoli=(Ruolo.DS,))
    verificato = documenti.verifica_file(file, tipi=("pdf",))
    incarico = _blocca(incarico)
    if not incarico.esterno:
        raise ValidationError("Il curriculum si pubblica per gli incarichi esterni.")
    incarico.documenti.filter(tipo=TipoDocumentoIncarico.CURRICULUM).update(pubblico=False)
    documento = _salva_documento(incarico, verificato, tipo=TipoDocumentoIncarico.CURRICULUM,
                                 autore=autore)
    documento.pubblico = True
    documento.save(update_fields=["pubblico"])
    registra_evento(autore=autore, azione="incarico.curriculum", oggetto=incarico,
                    descrizione=f"Pubblicato il curriculum «{documento.nome}»")
    return documento


def controlla_comunicazione_anagrafe(incarico: Incarico, data) -> None:
    """Once for every incarico conferito — to a public employee or to an external consultant
    (regulation art. 5; art. 53, c. 14, d.lgs. 165/2001) — on a day between the act and today
    (also asked before the confirmation)."""
    if incarico.conferito_il is None:
        raise ValidationError("Si comunica un incarico dopo l'emissione dell'atto.")
    if incarico.comunicato_anagrafe_il is not None:
        raise ValidationError("La comunicazione all'Anagrafe delle prestazioni è già registrata "
                              f"{data_con('il', incarico.comunicato_anagrafe_il)} e non si "
                              "modifica.")
    if data > timezone.localdate():
        raise ValidationError({"data": "La data della comunicazione non può essere futura."})
    if data < (atto := timezone.localdate(incarico.conferito_il)):
        raise ValidationError({"data": "La data della comunicazione non può precedere l'atto di "
                                       f"incarico ({atto:%d/%m/%Y})."})


@transaction.atomic
def registra_comunicazione_anagrafe(*, autore, membership: Membership, incarico: Incarico,
                                    data=None) -> Incarico:
    """The incarico was communicated to the Anagrafe delle prestazioni (PerlaPA)."""
    _verifica_ruolo(membership, incarico, ruoli=stati.ADEMPIMENTI["comunica_anagrafe"].ruoli)
    incarico = _blocca(incarico)
    data = data or timezone.localdate()
    controlla_comunicazione_anagrafe(incarico, data)
    incarico.comunicato_anagrafe_il = data
    incarico.save(update_fields=["comunicato_anagrafe_il", "aggiornato_il"])
    registra_evento(autore=autore, azione="incarico.comunicato_anagrafe", oggetto=incarico,
                    descrizione="Incarico comunicato all'Anagrafe delle prestazioni "
                                f"{data_con('il', incarico.comunicato_anagrafe_il)}")
    return incarico


def limiti_semestre(anno: int, semestre: int) -> tuple[date, date]:
    return (date(anno, 1, 1), date(anno, 6, 30)) if semestre == 1 else (date(anno, 7, 1),
                                                                        date(anno, 12, 31))


@transaction.atomic
def registra_comunicazione_negativa(*, autore, membership: Membership, anno: int,
                                    semestre: int) -> ComunicazioneNegativa:
    """«Comunicazione negativa»: no incarico was conferred in a semester that has ended."""
    _verifica_ruolo(membership, ruoli=(Ruolo.DS, Ruolo.DSGA))
    if semestre not in (1, 2):
        raise ValidationError("Il semestre è il primo o il secondo.")
    inizio, fine = limiti_semestre(anno, semestre)
    if fine >= timezone.localdate():
        raise ValidationError("La comunicazione negativa si registra a semestre concluso.")
    conferiti = Incarico.objects.filter(istituto=membership.istituto_id,
                                        conferito_il__date__range=(inizio, fine)).count()
    if conferiti:
        conferito, comunicato = (("è stato conferito", "va comunicato") if conferiti == 1
                                 else ("sono stati conferiti", "vanno comunicati"))
        raise ValidationError(f"Nel semestre {conferito} {quantita(conferiti, 'incarico')}: "
                              f"{comunicato}, non si registra una comunicazione negativa.")
    if ComunicazioneNegativa.objects.filter(istituto=membership.istituto_id, anno=anno,
                                            semestre=semestre).exists():
        raise ValidationError("La comunicazione negativa di questo semestre è già registrata.")
    comunicazione = ComunicazioneNegativa.objects.create(
        istituto=membership.istituto, anno=anno, semestre=semestre, registrata_da=autore)
    registra_evento(autore=autore, azione="incarichi.comunicazione_negativa",
                    oggetto=comunicazione, istituto=membership.istituto,
                    descrizione=f"Comunicazione negativa: nessun incarico nel {semestre}° "
                                f"semestre {anno}")
    return comunicazione


@transaction.atomic
def persona_per_affidamento(*, autore, membership: Membership, codice_fiscale: str, nome: str,
                            cognome: str, email: str) -> User:
    """The person named by the DS for an affidamento diretto: found by codice fiscale, or
    registered (it will log in with SPID or CIE under the same codice fiscale)."""
    _verifica_ruolo(membership, ruoli=(Ruolo.DS,))
    persona = User.objects.filter(codice_fiscale=codice_fiscale).first()
    if persona is not None:
        return persona
    persona = User(codice_fiscale=codice_fiscale, nome=nome.strip(), cognome=cognome.strip(),
                   email=email)
    persona.set_unusable_password()
    persona.full_clean()
    persona.save()
    registra_evento(autore=autore, azione="persona.registrata", oggetto=persona,
                    istituto=membership.istituto,
                    descrizione=f"Registrat{desinenza(persona)} {persona.nome_completo} "
                                f"per un affidamento diretto")
    return persona
