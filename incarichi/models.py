"""The appointment: the Incarico (conferimento, atto, compenso, ore, liquidazione,
trasparenza), its documents, hours and the incompatibilities between roles. It answers a need
of `fabbisogno` (the scheda, its CCNL rate) and is born from a selection (the candidatura):
both on its left."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from accounts.models import Istituto
from fabbisogno.models import SchedaProgettuale, TariffaOraria, TipologiaIncarico
from portale.formato import euro
from portale.models import DocumentoArchiviato
from portale.validatori import almeno


class Rapporto(models.TextChoices):
    """Who receives the incarico (art. 2, c. 4; values as the candidate categories)."""

    INTERNO = "interno", "Personale interno"
    ALTRA_SCUOLA = "altra_scuola", "Collaborazione plurima (personale di altra istituzione scolastica)"
    ALTRA_PA = "altra_pa", "Esterno – dipendente di altra pubblica amministrazione"
    PRIVATO = "privato", "Esterno – soggetto privato"


PERSONALE_SCOLASTICO = (Rapporto.INTERNO, Rapporto.ALTRA_SCUOLA)  # lettera di incarico, tariffe CCNL
ESTERNI = (Rapporto.ALTRA_PA, Rapporto.PRIVATO)  # contratto, compenso omnicomprensivo
DIPENDENTI_ALTRE_AMMINISTRAZIONI = (Rapporto.ALTRA_SCUOLA, Rapporto.ALTRA_PA)  # art. 3, c. 7


class TipoAtto(models.TextChoices):
    LETTERA = "lettera", "Lettera di incarico"
    PRESTAZIONE_OPERA = "prestazione_opera", "Contratto di prestazione d'opera (art. 2222 c.c.)"
    PRESTAZIONE_INTELLETTUALE = ("prestazione_intellettuale",
                                 "Contratto di prestazione d'opera intellettuale (art. 2229 c.c.)")
    COCOCO = "cococo", "Collaborazione coordinata e continuativa (art. 409, n. 3, c.p.c.)"
    OCCASIONALE = "occasionale", "Contratto di lavoro autonomo occasionale (art. 2222 c.c.)"


CONTRATTI = tuple(t for t in TipoAtto if t != TipoAtto.LETTERA)


class Conferimento(models.TextChoices):
    SELEZIONE = "selezione", "Procedura di selezione"
    AFFIDAMENTO_DIRETTO = "affidamento_diretto", "Affidamento diretto"


class MotivazioneAffidamento(models.TextChoices):
    """The only four cases of art. 8 in which the comparative procedure may be skipped."""

    URGENZA = "urgenza", "a) assoluta urgenza determinata dall'imprevedibile necessità di conferire l'incarico"
    UNICITA = "unicita", "b) prestazione che non consente forme di comparazione (unicità della prestazione)"
    DESERTA = "deserta", "c) precedente procedura comparativa andata deserta"
    OCCASIONALE = "occasionale", "d) collaborazione meramente occasionale"


class ControlloCorteConti(models.TextChoices):
    """Art. 15: contracts with external subjects, except teaching and obligatory services."""

    DA_VALUTARE = "", "Da valutare"
    ESCLUSO_DOCENZA = "escluso_docenza", "Escluso: incarico di docenza"
    ESCLUSO_OBBLIGATORIO = "escluso_obbligatorio", "Escluso: servizio o adempimento obbligatorio per legge"
    DOVUTO = "dovuto", "Soggetto al controllo preventivo di legittimità"


TIPOLOGIE_DOCENZA = (TipologiaIncarico.ESPERTO, TipologiaIncarico.FORMATORE, TipologiaIncarico.TUTOR)
TIPOLOGIE_INCOMPATIBILI = (TipologiaIncarico.PROGETTISTA, TipologiaIncarico.COLLAUDATORE)


class Incompatibilita(models.Model):
    """Two roles one person may not hold in the same project (CUP or codice progetto).

    Data, not code: the pair of the regulation (art. 17, progettista e collaudatore) ships
    with migration 0006; the technical staff add others in the administration. Without an
    istituto a rule holds for every istituto. Checked when a candidate is proposed
    (`graduatorie`), when an incarico is conferred (`services.incarichi`); the pair of art. 17
    is also refused by the database (`progettista_collaudatore_incompatibili`).
    """

    istituto = models.ForeignKey(Istituto, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="incompatibilita",
                                 help_text="Vuoto: la regola vale per ogni istituto.")
    tipologia = models.CharField("tipologia", max_length=20, choices=TipologiaIncarico.choices)
    incompatibile_con = models.CharField("incompatibile con", max_length=20,
                                         choices=TipologiaIncarico.choices)
    riferimento = models.CharField("riferimento normativo", max_length=200, blank=True)

    class Meta:
        verbose_name = "incompatibilità tra ruoli dello stesso progetto"
        verbose_name_plural = "incompatibilità tra ruoli dello stesso progetto"
        ordering = ["istituto_id", "tipologia", "incompatibile_con"]
        constraints = [
            models.UniqueConstraint(fields=["istituto", "tipologia", "incompatibile_con"],
                                    nulls_distinct=False, name="incompatibilita_unica"),
        ]

    def __str__(self):
        return (f"{self.get_tipologia_display()} e {self.get_incompatibile_con_display().lower()}"
                f" dello stesso progetto")

    def clean(self):
        doppione = Incompatibilita.objects.filter(
            Q(tipologia=self.incompatibile_con, incompatibile_con=self.tipologia)
            | Q(tipologia=self.tipologia, incompatibile_con=self.incompatibile_con),
            istituto=self.istituto_id).exclude(pk=self.pk)
        if doppione.exists():
            raise ValidationError("Questa incompatibilità è già registrata.")


class StatoIncarico(models.TextChoices):
    IN_PREPARAZIONE = "in_preparazione", "In preparazione"
    CONFERITO = "conferito", "Conferito"
    FIRMATO = "firmato", "Firmato"
    IN_CORSO = "in_corso", "In corso"
    CONCLUSO = "concluso", "Concluso"
    LIQUIDATO = "liquidato", "Liquidato"
    REVOCATO = "revocato", "Revocato"


# The self-certifications of art. 3, cc. 4–5 (the same keys as the candidate's form).
AUTOCERTIFICAZIONI_INCARICO = {
    "dichiara_incompatibilita": "assenza di situazioni di incompatibilità con l'incarico (art. 3, c. 4)",
    "dichiara_conflitto_interessi": "assenza di conflitto di interessi, anche potenziale (art. 53, c. 14, d.lgs. 165/2001)",
    "dichiara_codice_comportamento": "sottoscrizione del Codice di comportamento dei dipendenti pubblici (DPR 62/2013)",
}


class Incarico(models.Model):
    """An incarico individuale: from the conferimento to the liquidazione and its publication.

    Its states and their moves are the table in `incarichi/stati.py`; every change goes
    through `incarichi.services.incarichi`.
    """

    istituto = models.ForeignKey(Istituto, on_delete=models.PROTECT, related_name="incarichi")
    scheda = models.ForeignKey(SchedaProgettuale, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="incarichi",
                               verbose_name="scheda progettuale")
    candidatura = models.OneToOneField("candidature.Candidatura", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="incarico")
    persona = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="incarichi", verbose_name="incaricato")
    stato = models.CharField("stato", max_length=20, choices=StatoIncarico.choices,
                             default=StatoIncarico.IN_PREPARAZIONE)
    oggetto = models.CharField("oggetto dell'incarico", max_length=255)
    tipologia = models.CharField("tipologia", max_length=20, choices=TipologiaIncarico.choices)
    rapporto = models.CharField("rapporto", max_length=20, choices=Rapporto.choices)
    amministrazione_appartenenza = models.CharField("amministrazione di appartenenza",
                                                    max_length=255, blank=True)
    tipo_atto = models.CharField("atto", max_length=30, choices=TipoAtto.choices)
    conferimento = models.CharField("modalità di conferimento", max_length=20,
                                    choices=Conferimento.choices)
    motivazione_affidamento = models.CharField("motivazione dell'affidamento diretto (art. 8)",
                                               max_length=20, blank=True,
                                               choices=MotivazioneAffidamento.choices)
    giustificazione = models.TextField("giustificazione dell'affidamento diretto", blank=True)
    progetto = models.CharField("progetto (CUP o scheda)", max_length=40, blank=True,
                                help_text="Identifica il progetto per l'incompatibilità "
                                          "tra progettista e collaudatore")
    luogo = models.CharField("luogo di svolgimento", max_length=255, blank=True)
    # the weekly commitment (hours and days): from the accepted proposal, written in the act
    # among the «modalità di espletamento dell'attività» (regolamento art. 10, c. 2, f)
    impegno_settimanale = models.CharField(
        "impegno settimanale", max_length=255, blank=True,
        help_text="Ore e giorni, per esempio «4 ore settimanali (martedì e giovedì, "
                  "14:30–16:30)». Per una selezione è quello della proposta accettata.")
    data_inizio = models.DateField("inizio")
    data_fine = models.DateField("fine")
    data_fine_originaria = models.DateField("fine prevista all'atto", null=True, blank=True)

    # Compenso: ore × tariffa CCNL for school staff (lordo dipendente and lordo stato),
    # an all-inclusive gross amount for external experts.
    ore = models.PositiveIntegerField("ore assegnate", null=True, blank=True)
    forfettario = models.BooleanField("compenso forfettario", default=False)
    tariffa = models.ForeignKey(TariffaOraria, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name="tariffa CCNL")
    tariffa_oraria = models.DecimalField("compenso orario (€)", max_digits=8, decimal_places=2,
                                         null=True, blank=True)
    compenso = models.DecimalField("compenso (€)", max_digits=10, decimal_places=2,
                                   validators=[almeno(Decimal("0.01"), "€")])
    aliquota_oneri_stato = models.DecimalField(max_digits=6, decimal_places=4, null=True,
                                               blank=True)
    compenso_lordo_stato = models.DecimalField("compenso lordo stato (€)", max_digits=10,
                                               decimal_places=2, null=True, blank=True)
    modalita_pagamento = models.TextField(
        "modalità e tempi di pagamento", blank=True,
        help_text="Solo ciò che si aggiunge all'atto: l'atto dice già compenso, ore e tempi "
                  "di liquidazione (dopo la verifica delle ore svolte e registrate).")

    # Checklist before the act (art. 3, cc. 4–7; art. 15)
    autocertificazioni = models.JSONField(default=dict, blank=True)
    casellario_acquisito_il = models.DateField("certificato del casellario acquisito il",
                                               null=True, blank=True)
    controllo_corte_conti = models.CharField("controllo preventivo della Corte dei conti",
                                             max_length=20, blank=True,
                                             choices=ControlloCorteConti.choices)
    esito_corte_conti_il = models.DateField("esito positivo della Corte dei conti del",
                                            null=True, blank=True)

    protocollo = models.OneToOneField("portale.Protocollo", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    conferito_il = models.DateTimeField("atto emesso il", null=True, blank=True)
    firmato_il = models.DateTimeField(null=True, blank=True)
    avviato_il = models.DateTimeField(null=True, blank=True)
    concluso_il = models.DateTimeField(null=True, blank=True)
    revocato_il = models.DateTimeField(null=True, blank=True)
    motivazione_revoca = models.TextField("motivazione della revoca", blank=True)
    recesso_efficace_dal = models.DateField("recesso efficace dal", null=True, blank=True)

    giorni_assenza = models.PositiveIntegerField("giorni di assenza", null=True, blank=True)
    dodicesimi_decurtati = models.PositiveSmallIntegerField(null=True, blank=True)
    importo_liquidato = models.DecimalField("importo liquidato (€)", max_digits=10,
                                            decimal_places=2, null=True, blank=True)
    importo_liquidato_lordo_stato = models.DecimalField(max_digits=10, decimal_places=2,
                                                        null=True, blank=True)
    liquidato_il = models.DateTimeField(null=True, blank=True)
    # «Dati per il pagamento» of an external incaricato (school staff: the cedolino unico)
    iban = models.CharField("IBAN per il pagamento", max_length=34, blank=True)
    iban_comunicato_il = models.DateTimeField("IBAN comunicato il", null=True, blank=True)

    pubblicato_il = models.DateTimeField("pubblicato in Amministrazione trasparente il",
                                         null=True, blank=True)
    comunicato_anagrafe_il = models.DateField("comunicato all'Anagrafe delle prestazioni il",
                                              null=True, blank=True)

    creato_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    creato_il = models.DateTimeField(auto_now_add=True)
    aggiornato_il = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "incarico"
        verbose_name_plural = "incarichi"
        ordering = ["-creato_il", "-id"]
        indexes = [models.Index(fields=["istituto", "stato", "-creato_il"]),
                   models.Index(fields=["istituto", "pubblicato_il"])]
        constraints = [
            models.CheckConstraint(condition=Q(stato__in=[s.value for s in StatoIncarico]),
                                   name="incarico_stato_valido"),
            models.CheckConstraint(condition=Q(rapporto__in=[r.value for r in Rapporto]),
                                   name="incarico_rapporto_valido"),
            # the lettera di incarico for school staff, a contract for external subjects
            models.CheckConstraint(
                condition=Q(rapporto__in=PERSONALE_SCOLASTICO, tipo_atto=TipoAtto.LETTERA)
                | Q(rapporto__in=ESTERNI, tipo_atto__in=CONTRATTI),
                name="incarico_atto_coerente_con_rapporto"),
            models.CheckConstraint(
                condition=Q(conferimento=Conferimento.SELEZIONE)
                | (Q(conferimento=Conferimento.AFFIDAMENTO_DIRETTO)
                   & Q(motivazione_affidamento__in=[m.value for m in MotivazioneAffidamento])
                   & ~Q(giustificazione="")),
                name="affidamento_diretto_motivato"),
            models.CheckConstraint(condition=Q(data_fine__gte=models.F("data_inizio")),
                                   name="incarico_periodo_coerente"),
            models.CheckConstraint(
                condition=Q(stato__in=["in_preparazione", "revocato"]) | Q(protocollo__isnull=False),
                name="incarico_atto_protocollato"),
            # Progettista and collaudatore of the same project are incompatible: one person
            # holds at most one of the two roles per project.
            models.UniqueConstraint(
                fields=["istituto", "progetto", "persona"],
                condition=Q(tipologia__in=TIPOLOGIE_INCOMPATIBILI) & ~Q(stato="revocato"),
                name="progettista_collaudatore_incompatibili",
                violation_error_message="Progettista e collaudatore dello stesso progetto sono "
                                        "incompatibili: la persona ha già uno dei due incarichi."),
        ]

    def __str__(self):
        return f"Incarico n. {self.pk} – {self.oggetto}"

    @property
    def esterno(self) -> bool:
        return self.rapporto in ESTERNI

    @property
    def lettera(self) -> bool:
        return self.tipo_atto == TipoAtto.LETTERA

    @property
    def dipendente_pubblico(self) -> bool:
        return self.rapporto != Rapporto.PRIVATO

    @property
    def iban_in_parole(self) -> str:
        """«IT60 X054 2811 1010 0000 0123 456», in groups of four as on a bank statement."""
        return " ".join(self.iban[i:i + 4] for i in range(0, len(self.iban), 4))

    @property
    def chiede_iban(self) -> bool:
        """Paid by bank transfer by the school: the external ones (art. 2, c. 4)."""
        return self.rapporto in ESTERNI

    @property
    def compenso_in_parole(self) -> str:
        """«1.130,37 € lordo dipendente (1.500,00 € lordo Stato)», «2.100,00 € lordo
        omnicomprensivo»: the amount with its base, as the incarico's page and its
        confirmations say it."""
        return self._in_parole(self.compenso, self.compenso_lordo_stato)

    @property
    def liquidato_in_parole(self) -> str:
        """What was paid, with its base, as `compenso_in_parole` says the act's amount."""
        return self._in_parole(self.importo_liquidato, self.importo_liquidato_lordo_stato)

    def _in_parole(self, lordo, lordo_stato) -> str:
        return f"{euro(lordo)} {self.base_del_compenso}" + (
            f" ({euro(lordo_stato)} lordo Stato)" if lordo_stato and not self.esterno else "")

    @property
    def base_del_compenso(self) -> str:
        """What the amount includes: an external expert's is all-inclusive, school staff's
        before the State's charges (the public transparency page heads each table with it)."""
        return "lordo omnicomprensivo" if self.esterno else "lordo dipendente"

    @property
    def revocato(self) -> bool:
        """Revoked, whatever came after: a revoked incarico is then paid (stato «liquidato») for
        the work done, and stays revoked for what the public page says."""
        return self.revocato_il is not None

    @property
    def fine_svolta(self) -> date:
        """The last day of the activities: for an incarico revoked after their start, the day
        before the recesso takes effect (never past the planned end)."""
        if self.revocato and self.avviato_il is not None and self.recesso_efficace_dal:
            return min(self.data_fine, self.recesso_efficace_dal - timedelta(days=1))
        return self.data_fine


class TipoDocumentoIncarico(models.TextChoices):
    ATTO = "atto", "Atto emesso (da firmare)"
    ATTO_FIRMATO = "atto_firmato", "Atto firmato"
    AUTORIZZAZIONE = "autorizzazione", "Autorizzazione dell'amministrazione di appartenenza"
    CURRICULUM = "curriculum", "Curriculum vitae"


class DocumentoIncarico(DocumentoArchiviato):
    """A private file of an incarico; the act and its signed copy are both kept."""

    incarico = models.ForeignKey(Incarico, on_delete=models.PROTECT, related_name="documenti")
    tipo = models.CharField(max_length=20, choices=TipoDocumentoIncarico.choices)
    pubblico = models.BooleanField("pubblicato", default=False,
                                   help_text="Solo il curriculum di un esterno si pubblica")
    caricato_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "documento dell'incarico"
        verbose_name_plural = "documenti dell'incarico"
        ordering = ["caricato_il", "id"]
        constraints = [
            models.UniqueConstraint(fields=["incarico", "tipo"], condition=Q(tipo="atto"),
                                    name="un_solo_atto_emesso"),
            models.CheckConstraint(condition=Q(pubblico=False) | Q(tipo="curriculum"),
                                   name="pubblico_solo_il_curriculum"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} – {self.nome}"


class OreSvolte(models.Model):
    """A line of the registro ore: date, hours, activity; verified by the DS or the DSGA."""

    incarico = models.ForeignKey(Incarico, on_delete=models.PROTECT, related_name="ore_svolte")
    data = models.DateField("data")
    ore = models.DecimalField("ore", max_digits=5, decimal_places=2,
                              validators=[almeno(Decimal("0.25"), "ore")])
    attivita = models.CharField("attività svolta", max_length=300)
    inserita_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    inserita_il = models.DateTimeField(auto_now_add=True)
    verificata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    verificata_il = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ore svolte"
        verbose_name_plural = "registro ore"
        ordering = ["data", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ore__gt=0), name="ore_svolte_positive"),
        ]

    def __str__(self):
        return f"{self.data:%d/%m/%Y}: {self.ore} h – {self.attivita}"


class ComunicazioneNegativa(models.Model):
    """Anagrafe delle prestazioni: no incarico conferred in a semester (art. 53, c. 14)."""

    istituto = models.ForeignKey(Istituto, on_delete=models.PROTECT, related_name="+")
    anno = models.PositiveSmallIntegerField()
    semestre = models.PositiveSmallIntegerField(choices=[(1, "Primo semestre"),
                                                         (2, "Secondo semestre")])
    registrata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+")
    registrata_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "comunicazione negativa"
        verbose_name_plural = "comunicazioni negative"
        ordering = ["-anno", "-semestre"]
        constraints = [
            models.UniqueConstraint(fields=["istituto", "anno", "semestre"],
                                    name="una_comunicazione_negativa_per_semestre"),
            models.CheckConstraint(condition=Q(semestre__in=[1, 2]),
                                   name="comunicazione_negativa_semestre_valido"),
        ]

    def __str__(self):
        return f"Comunicazione negativa {self.semestre}° semestre {self.anno}"
