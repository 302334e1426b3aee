"""Compensi of an incarico: pure arithmetic on amounts that are data (seeds/003).

- School staff: ore × the CCNL hourly rate valid at the start date = lordo dipendente;
  lordo stato = lordo dipendente × (1 + the rate's aliquota), i.e. × 1,327 today.
- School staff paid the avviso's all-inclusive amount (lordo Stato): the lordo dipendente is
  that amount without the State's charges; the lordo stato stays the amount, to the cent.
- External experts: one all-inclusive gross amount (no lordo stato on top).
- Forfettario incarichi: one twelfth less for every 21 days of absence (art. 27 of the
  contratto integrativo: 21 days → 1/12, 42 days → 2/12), never below zero.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q

from fabbisogno.models import CENTESIMO, TariffaOraria, lordo_dipendente
from fabbisogno.selectors import aliquota_alla_data
from portale.lingua import data_con

GIORNI_PER_DODICESIMO = 21


def arrotonda(importo: Decimal) -> Decimal:
    return importo.quantize(CENTESIMO, ROUND_HALF_UP)


@dataclass(frozen=True)
class Compenso:
    lordo: Decimal  # lordo dipendente for staff, all-inclusive gross for external experts
    ore: int | None = None
    tariffa: TariffaOraria | None = None
    tariffa_oraria: Decimal | None = None
    aliquota: Decimal | None = None
    stabilito_lordo_stato: Decimal | None = None  # the amount was agreed as lordo stato

    @property
    def lordo_stato(self) -> Decimal | None:
        if self.stabilito_lordo_stato is not None:
            return self.stabilito_lordo_stato
        return None if self.aliquota is None else arrotonda(self.lordo * (1 + self.aliquota))


def tariffa_alla_data(tariffa: TariffaOraria, giorno) -> TariffaOraria:
    """The rate with the same description valid on `giorno` (rates change by validity)."""
    valida = (TariffaOraria.objects
              .filter(descrizione=tariffa.descrizione, valida_dal__lte=giorno)
              .filter(Q(valida_al__isnull=True) | Q(valida_al__gte=giorno))
              .order_by("-valida_dal").first())
    if valida is None:
        raise ValidationError(f"Nessuna tariffa «{tariffa.descrizione}» è valida "
                              f"{data_con('al', giorno)}.")
    return valida


def compenso_personale(*, ore: int, tariffa: TariffaOraria, giorno) -> Compenso:
    """School staff: hours × the CCNL rate valid on `giorno`, with lordo stato."""
    valida = tariffa_alla_data(tariffa, giorno)
    return Compenso(lordo=arrotonda(valida.importo_orario * ore), ore=ore, tariffa=valida,
                    tariffa_oraria=valida.importo_orario, aliquota=valida.aliquota_oneri_stato)


def compenso_personale_lordo_stato(*, importo: Decimal, ore: int | None, giorno) -> Compenso:
    """School staff paid an amount agreed as lordo Stato (all-inclusive): 1.500,00 € is
    1.130,37 € lordo dipendente at 32,70 % of charges, and never more than 1.500,00 € in all."""
    importo = arrotonda(Decimal(importo))
    aliquota = aliquota_alla_data(giorno)
    if aliquota is None:  # no CCNL rate says the charges: the amount cannot be split
        return Compenso(lordo=importo, ore=ore)
    return Compenso(lordo=lordo_dipendente(importo, aliquota), ore=ore, aliquota=aliquota,
                    stabilito_lordo_stato=importo)


def compenso_esterno(*, importo: Decimal, ore: int | None = None) -> Compenso:
    """External experts: the all-inclusive gross amount; the hourly figure only informs."""
    importo = arrotonda(Decimal(importo))
    tariffa_oraria = arrotonda(importo / ore) if ore else None
    return Compenso(lordo=importo, ore=ore, tariffa_oraria=tariffa_oraria)


def dodicesimi_da_decurtare(giorni_assenza: int) -> int:
    return min(12, max(0, giorni_assenza) // GIORNI_PER_DODICESIMO)


def giorni_svolti(*, data_inizio: date, data_fine: date, recesso_dal: date,
                  avviato_il: date | None) -> tuple[int, int]:
    """(days worked until the recesso takes effect, days of the period), both ends included:
    the share a revoked incarico without hours is paid for. Counted from the day the
    activities really started (a contract may wait for the Corte dei conti), not before the
    period; never started: none."""
    del_periodo = (data_fine - data_inizio).days + 1
    if avviato_il is None:
        return 0, del_periodo
    primo = max(data_inizio, avviato_il)
    ultimo = min(data_fine, recesso_dal - timedelta(days=1))
    return max(0, (ultimo - primo).days + 1), del_periodo


def importo_liquidabile(*, compenso: Decimal, forfettario: bool, ore_assegnate: int | None,
                        ore_verificate: Decimal, giorni_assenza: int = 0,
                        tariffa_oraria: Decimal | None = None,
                        quota_svolta: tuple[int, int] | None = None) -> tuple[Decimal, int]:
    """(amount due, twelfths cut). Forfettario: the 1/12 rule on absences; by the hour: the
    verified hours (never beyond those granted) × the hourly rate, at most the compenso.
    `quota_svolta` (days run, days of the period): a revoked incarico is paid «in relazione
    allo stato di avanzamento» (art. 10.2 h): without hours, that share of the compenso."""
    if quota_svolta is not None and (forfettario or not ore_assegnate):
        svolti, del_periodo = quota_svolta
        compenso = compenso * svolti / del_periodo
    if forfettario:
        dodicesimi = dodicesimi_da_decurtare(giorni_assenza)
        return arrotonda(compenso * (12 - dodicesimi) / 12), dodicesimi
    if not ore_assegnate:
        return arrotonda(compenso), 0
    ore = min(Decimal(ore_verificate), Decimal(ore_assegnate))
    if tariffa_oraria is not None:
        return min(compenso, arrotonda(ore * tariffa_oraria)), 0
    return arrotonda(compenso * ore / ore_assegnate), 0
