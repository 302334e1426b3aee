"""The lifecycle of an incarico as one table (DESIGN.md §4).

Each action names the states it may start from, the state it leads to, and who may do it.
`None` as target means the state does not change (a proroga moves only the end date, with
the same economic terms; no renewal exists). The act is issued only when the checklist is
complete (`services.incarichi.requisiti_mancanti`).

    in_preparazione ─emetti_atto→ conferito ─registra_firma→ firmato ─avvia→ in_corso
        ─concludi→ concluso ─liquida→ liquidato
    conferito, firmato, in_corso ─proroga→ (same state, later end date)
    in_preparazione, conferito, firmato, in_corso ─revoca→ revocato (recesso, preavviso 15 gg)
    revocato ─liquida→ liquidato (the work done until the recesso takes effect, 15 days after
        it is communicated: the hours of the notice are still written, services.registro_ore_aperto;
        without hours, the share of the period run, compensi.giorni_svolti)
"""

from dataclasses import dataclass

from accounts.models import Ruolo

from .models import StatoIncarico as S

DS = frozenset({Ruolo.DS})
DIRIGENZA = frozenset({Ruolo.DS, Ruolo.DSGA})
UFFICIO = frozenset({Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA})
ATTIVI = frozenset({S.CONFERITO, S.FIRMATO, S.IN_CORSO})
GIORNI_PREAVVISO_RECESSO = 15


@dataclass(frozen=True)
class Transizione:
    etichetta: str
    da: frozenset
    a: str | None
    ruoli: frozenset


TRANSIZIONI: dict[str, Transizione] = {
    #  action              UI label                               from                                   to            who
    "emetti_atto":    Transizione("Emetti l'atto",                    {S.IN_PREPARAZIONE},                   S.CONFERITO,  DS),
    "registra_firma": Transizione("Carica la copia firmata",          {S.CONFERITO},                         S.FIRMATO,    UFFICIO),
    "avvia":          Transizione("Avvia le attività",                {S.FIRMATO},                           S.IN_CORSO,   DIRIGENZA),
    "proroga":        Transizione("Proroga",                          ATTIVI,                                None,         DS),
    "concludi":       Transizione("Concludi l'incarico",              {S.IN_CORSO},                          S.CONCLUSO,   DIRIGENZA),
    "liquida":        Transizione("Liquida il compenso",              {S.CONCLUSO, S.REVOCATO},              S.LIQUIDATO,  DIRIGENZA),
    "revoca":         Transizione("Revoca (recesso con preavviso)",   ATTIVI | {S.IN_PREPARAZIONE},          S.REVOCATO,   DS),
}  # fmt: skip

# The same action with another label in one state: before the act there is no notice to give,
# the incarico is withdrawn at once (services.revoca).
ETICHETTE_PER_STATO = {("revoca", S.IN_PREPARAZIONE): "Revoca l'incarico (atto non emesso)"}


def etichetta(azione: str, stato: str) -> str:
    return ETICHETTE_PER_STATO.get((azione, stato), TRANSIZIONI[azione].etichetta)


# States whose act exists and stands (or stood, and was paid). What each weighs on the
# budget of the scheda: selectors.impegno_sul_budget.
IMPEGNANO_BUDGET = frozenset({S.CONFERITO, S.FIRMATO, S.IN_CORSO, S.CONCLUSO, S.LIQUIDATO})


@dataclass(frozen=True)
class Adempimento:
    etichetta: str
    ruoli: frozenset


# Actions that leave the state as it is but cannot be undone (they ask for confirmation,
# incarichi.conferme): the button's label and who may do them, for the page and the service.
ADEMPIMENTI: dict[str, Adempimento] = {
    "verifica_ore":      Adempimento("Verifica il registro ore",                               DIRIGENZA),
    "pubblica":          Adempimento("Pubblica in Amministrazione trasparente",                DS),
    "comunica_anagrafe": Adempimento("Segna come comunicato all'Anagrafe delle prestazioni",   DIRIGENZA),
}  # fmt: skip


# who may do an action, in words: the refusal says it
CHI = {DS: "il Dirigente Scolastico", DIRIGENZA: "il Dirigente Scolastico o il DSGA",
       UFFICIO: "il Dirigente Scolastico, il DSGA o la segreteria"}


def ruoli_di(azione: str) -> frozenset | None:
    """Who may do `azione` by the tables above (None: not in them, the service decides)."""
    voce = TRANSIZIONI.get(azione) or ADEMPIMENTI.get(azione)
    return voce.ruoli if voce else None


def solo_chi_puo(ruoli) -> str | None:
    chi = CHI.get(frozenset(ruoli))
    return f"Solo {chi} può eseguire questa operazione." if chi else None


class TransizioneNonConsentita(Exception):
    def __init__(self, azione: str, stato: str):
        super().__init__(f"«{TRANSIZIONI[azione].etichetta}» non è possibile quando l'incarico "
                         f"è «{S(stato).label}».")


def consentita(azione: str, stato: str, ruolo: str | None = None) -> bool:
    transizione = TRANSIZIONI[azione]
    return stato in transizione.da and (ruolo is None or ruolo in transizione.ruoli)


def azioni_possibili(stato: str, ruolo: str) -> list[str]:
    return [nome for nome in TRANSIZIONI if consentita(nome, stato, ruolo)]
