"""The need (Rilevazione del fabbisogno): the scheda progettuale, the CCNL hourly rates it
is priced with, and its budget. The incarichi that answer it live in `incarichi`, at the end of
the pipeline."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from accounts.models import Istituto
from portale.formato import euro
from portale.validatori import almeno

CENTESIMO = Decimal("0.01")


class TipologiaIncarico(models.TextChoices):
    ESPERTO = "esperto", "Esperto"
    TUTOR = "tutor", "Tutor"
    PROGETTISTA = "progettista", "Progettista"
    COLLAUDATORE = "collaudatore", "Collaudatore"
    FIGURA_AGGIUNTIVA = "figura_aggiuntiva", "Figura aggiuntiva"
    FORMATORE = "formatore", "Formatore"
    ALTRO = "altro", "Altro"


class FonteFinanziamento(models.TextChoices):
    PNRR = "pnrr", "PNRR"
    PN_FSE = "pn_fse", "PN Scuola e competenze – FSE+"
    PN_FESR = "pn_fesr", "PN Scuola e competenze – FESR"
    FIS = "fis", "Fondo dell'istituzione scolastica (FIS/MOF)"
    PROGRAMMA_ANNUALE = "programma_annuale", "Programma annuale (fondi di bilancio)"
    ENTI = "enti", "Contributi di enti, famiglie o privati"
    ALTRO = "altro", "Altro"


# Funds for which the CUP (Codice Unico di Progetto) is mandatory.
FONTI_CON_CUP = (FonteFinanziamento.PNRR, FonteFinanziamento.PN_FSE, FonteFinanziamento.PN_FESR)

# What the publicity of the European funds asks each act and notice to say (PNRR: art. 34 Reg.
# UE 2021/241; the Programma nazionale 2021-2027: art. 47 and annex IX of Reg. UE 2021/1060).
DICITURA_UE = {
    FonteFinanziamento.PNRR: "finanziato dall'Unione europea – NextGenerationEU",
    FonteFinanziamento.PN_FSE: "cofinanziato dall'Unione europea",
    FonteFinanziamento.PN_FESR: "cofinanziato dall'Unione europea",
}

valida_cup = RegexValidator(
    r"^[A-Z][0-9]{2}[A-Z0-9]{12}$",
    "Il CUP è di 15 caratteri: una lettera, due cifre, poi lettere e cifre (es. D34D22000350006).",
)


class TariffaOraria(models.Model):
    """An hourly rate of the CCNL tables: data with a validity period, never a constant."""

    descrizione = models.CharField("descrizione", max_length=200)
    importo_orario = models.DecimalField(
        "compenso orario lordo dipendente (€)", max_digits=8, decimal_places=2,
        validators=[almeno(Decimal("0.01"), "€")],
    )
    aliquota_oneri_stato = models.DecimalField(
        "oneri a carico dello Stato", max_digits=6, decimal_places=4, default=Decimal("0.3270"),
        help_text="INPDAP 24,20% + IRAP 8,50%: lordo stato = lordo dipendente × 1,327",
    )
    valida_dal = models.DateField("valida dal")
    valida_al = models.DateField("valida fino al", null=True, blank=True)
    riferimento = models.CharField("riferimento normativo", max_length=200, blank=True)

    class Meta:
        verbose_name = "tariffa oraria CCNL"
        verbose_name_plural = "tariffe orarie CCNL"
        ordering = ["-importo_orario", "descrizione"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valida_al__isnull=True) | Q(valida_al__gte=models.F("valida_dal")),
                name="tariffa_periodo_coerente",
            )
        ]

    def __str__(self):
        return f"{self.descrizione} – {euro(self.importo_orario)}/h"

    def lordo_stato(self, lordo_dipendente: Decimal) -> Decimal:
        return (lordo_dipendente * (1 + self.aliquota_oneri_stato)).quantize(CENTESIMO, ROUND_HALF_UP)


def lordo_dipendente(lordo_stato: Decimal, aliquota: Decimal) -> Decimal:
    """What remains of an amount agreed as lordo Stato once the State's charges are taken
    out: 1.500,00 € at 32,70 % is 1.130,37 € lordo dipendente."""
    return (lordo_stato / (1 + aliquota)).quantize(CENTESIMO, ROUND_HALF_UP)


class StatoScheda(models.TextChoices):
    BOZZA = "bozza", "In Bozza"
    CONCLUSA = "conclusa", "Conclusa"


class SchedaProgettuale(models.Model):
    """Rilevazione del fabbisogno: the need an incarico will answer."""

    istituto = models.ForeignKey(Istituto, on_delete=models.PROTECT, related_name="schede")
    stato = models.CharField("fase", max_length=10, choices=StatoScheda.choices,
                             default=StatoScheda.BOZZA)
    titolo = models.CharField("titolo", max_length=200)
    descrizione = models.TextField("descrizione e obiettivi", blank=True)
    tipologia_incarico = models.CharField("tipologia di incarico", max_length=20,
                                          choices=TipologiaIncarico.choices, blank=True)
    fonte_finanziamento = models.CharField("fonte di finanziamento", max_length=20,
                                           choices=FonteFinanziamento.choices, blank=True)
    cup = models.CharField("CUP", max_length=15, blank=True, validators=[valida_cup])
    destinatari = models.CharField("destinatari", max_length=300, blank=True)
    data_inizio = models.DateField("inizio del periodo", null=True, blank=True)
    data_fine = models.DateField("fine del periodo", null=True, blank=True)
    ore_previste = models.PositiveIntegerField("ore previste", null=True, blank=True)
    tariffa = models.ForeignKey(TariffaOraria, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name="tariffa oraria CCNL")
    tariffa_manuale = models.DecimalField(
        "oppure compenso orario inserito (€)", max_digits=8, decimal_places=2, null=True,
        blank=True, validators=[almeno(Decimal("0.01"), "€")],
        help_text="Per gli esperti esterni: compenso orario omnicomprensivo",
    )
    referente = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="schede_referente",
                                  verbose_name="referente di progetto")
    creata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    creata_il = models.DateTimeField(auto_now_add=True)
    aggiornata_il = models.DateTimeField(auto_now=True)
    conclusa_il = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "scheda progettuale"
        verbose_name_plural = "schede progettuali"
        ordering = ["-aggiornata_il", "-id"]
        indexes = [models.Index(fields=["istituto", "stato", "-aggiornata_il"])]
        constraints = [
            models.CheckConstraint(condition=Q(stato__in=[s.value for s in StatoScheda]),
                                   name="scheda_stato_valido"),
        ]

    def __str__(self):
        return self.titolo

    @property
    def chiave_progetto(self) -> str:
        """The project a procedure or an incarico born from this scheda belongs to: the CUP
        when there is one, otherwise the scheda itself."""
        return self.cup or f"scheda-{self.pk}"

    @property
    def tariffa_oraria(self) -> Decimal | None:
        if self.tariffa_manuale is not None:
            return self.tariffa_manuale
        return self.tariffa.importo_orario if self.tariffa_id else None

    @property
    def lordo(self) -> str:
        """What the amount is: a rate typed in is an external expert's, all-inclusive."""
        return "lordo omnicomprensivo" if self.tariffa_manuale is not None else "lordo dipendente"

    @property
    def importo(self) -> Decimal | None:
        """Ore previste × tariffa oraria (`lordo` says of what kind)."""
        if self.ore_previste is None or self.tariffa_oraria is None:
            return None
        return (self.tariffa_oraria * self.ore_previste).quantize(CENTESIMO, ROUND_HALF_UP)

    @property
    def importo_lordo_stato(self) -> Decimal | None:
        if self.importo is None or self.tariffa_manuale is not None or not self.tariffa_id:
            return None  # the external expert's amount is all-inclusive
        return self.tariffa.lordo_stato(self.importo)
