"""The lifecycle of a procedura di selezione as one table (DESIGN.md §4).

Each action names the states it may start from, the state it leads to, and who may do it.
`PRECEDENTE` means "back to the state saved when the procedure was suspended or put in
revision"; `None` as target means the procedure gets no new state (Duplica makes a new one and
leaves it as it is; Elimina bozza deletes the draft, the event keeps what it was). Time-driven moves (opening at data_apertura, closing at data_chiusura) belong to
`SISTEMA`: no person triggers them.
"""

from dataclasses import dataclass

from accounts.models import Ruolo

from .models import Stato

PRECEDENTE = "precedente"
SISTEMA = frozenset()
DS = frozenset({Ruolo.DS})
DIRIGENZA = frozenset({Ruolo.DS, Ruolo.DSGA})
REDAZIONE = frozenset({Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA})

TUTTI = frozenset(Stato)
PUBBLICATE = frozenset({Stato.PUBBLICATA, Stato.APERTA, Stato.CHIUSA})
ANNULLABILI = TUTTI - {Stato.BOZZA, Stato.ANNULLATA, Stato.CONCLUSA_ESITO}


@dataclass(frozen=True)
class Transizione:
    etichetta: str
    da: frozenset
    a: str | None
    ruoli: frozenset


TRANSIZIONI: dict[str, Transizione] = {
    #  action                       UI label                                  from             to                  who
    "salva":                   Transizione("Salva",                                  {Stato.BOZZA},      Stato.BOZZA,          REDAZIONE),
    "concludi":                Transizione("Concludi Procedura di Selezione",        {Stato.BOZZA},      Stato.CONCLUSA,       REDAZIONE),
    "pubblica":                Transizione("Pubblicazione",                          {Stato.CONCLUSA},   Stato.PUBBLICATA,     DS),
    "apri":                    Transizione("Apri",                                   {Stato.PUBBLICATA}, Stato.APERTA,         DIRIGENZA),
    "programma_apertura":      Transizione("Programma apertura",                     {Stato.PUBBLICATA}, Stato.PUBBLICATA,     DIRIGENZA),
    "apertura_programmata":    Transizione("Apertura programmata",                   {Stato.PUBBLICATA}, Stato.APERTA,         SISTEMA),
    "chiusura":                Transizione("Chiusura dei termini",                   {Stato.APERTA},     Stato.CHIUSA,         SISTEMA),
    # the portal was down near the deadline: later deadline, a closed avviso reopened (issue 19)
    "proroga_malfunzionamento": Transizione("Proroga per malfunzionamento del portale", {Stato.APERTA, Stato.CHIUSA}, Stato.APERTA, SISTEMA),
    "proroga":                 Transizione("Proroga",                                {Stato.PUBBLICATA, Stato.APERTA}, None,   DIRIGENZA),
    "sospendi":                Transizione("Sospendi",                               {Stato.PUBBLICATA, Stato.APERTA}, Stato.SOSPESA, DIRIGENZA),
    "riprendi":                Transizione("Riprendi",                               {Stato.SOSPESA},    PRECEDENTE,           DIRIGENZA),
    "avvia_revisione":         Transizione("Revisione – Modifiche non significative", PUBBLICATE,        Stato.IN_REVISIONE,   DIRIGENZA),
    "concludi_revisione":      Transizione("Concludi revisione",                     {Stato.IN_REVISIONE}, PRECEDENTE,         DIRIGENZA),
    "revisione_significativa": Transizione("Revisione – Modifiche significative",    PUBBLICATE,         Stato.ANNULLATA,      DS),
    "annulla":                 Transizione("Annulla",                                ANNULLABILI,        Stato.ANNULLATA,      DS),
    "avvia_valutazione":       Transizione("Avvio valutazione istanze",              {Stato.CHIUSA},     Stato.IN_VALUTAZIONE, DIRIGENZA),
    "concludi_valutazione":    Transizione("Concludi valutazione istanze",          {Stato.IN_VALUTAZIONE}, Stato.VALUTATA,   DIRIGENZA),
    "approva_graduatoria":     Transizione("Approva graduatoria definitiva",         {Stato.VALUTATA},   Stato.CONCLUSA_ESITO, DS),
    "duplica":                 Transizione("Duplica",                                TUTTI,              None,                 REDAZIONE),
    "elimina":                 Transizione("Elimina bozza",                          {Stato.BOZZA},      None,                 REDAZIONE),
}  # fmt: skip

# Started from the graduatorie pages, after their own checks (every application evaluated,
# reclami window over): not offered on the procedure's detail page.
DA_GRADUATORIE = frozenset({"concludi_valutazione", "approva_graduatoria"})
# Started from their own forms: «Salva» from each step, «Concludi Procedura di Selezione» from
# the button of the detail page that lists what is missing (`procedure:concludi`).
CON_FORM_PROPRIO = frozenset({"salva", "concludi"})
# Actions a person starts from the detail page, one page each (`procedure:azione`); the
# time-driven ones are not offered.
AZIONI_MANUALI = [nome for nome, t in TRANSIZIONI.items()
                  if t.ruoli and nome not in CON_FORM_PROPRIO and nome not in DA_GRADUATORIE]


class TransizioneNonConsentita(Exception):
    def __init__(self, azione: str, stato: str):
        etichetta = TRANSIZIONI[azione].etichetta if azione in TRANSIZIONI else azione
        super().__init__(
            f"«{etichetta}» non è possibile quando la procedura è «{Stato(stato).label}»."
        )


def consentita(azione: str, stato: str, ruolo: str | None = None) -> bool:
    transizione = TRANSIZIONI[azione]
    if stato not in transizione.da:
        return False
    return ruolo is None or ruolo in transizione.ruoli


def destinazione(azione: str, stato: str, stato_precedente: str) -> str:
    transizione = TRANSIZIONI[azione]
    if transizione.a == PRECEDENTE:
        return stato_precedente
    return stato if transizione.a is None else transizione.a


def azioni_disponibili(stato: str, ruolo: str | None) -> list[tuple[str, str]]:
    return [(nome, TRANSIZIONI[nome].etichetta) for nome in AZIONI_MANUALI
            if consentita(nome, stato, ruolo)]
