from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Istituto
from fabbisogno.models import (
    DICITURA_UE,
    SchedaProgettuale,
    TipologiaIncarico,
    lordo_dipendente,
    valida_cup,
)
from fabbisogno.selectors import aliquota_alla_data
from portale.formato import euro
from portale.validatori import almeno


class Stato(models.TextChoices):
    BOZZA = "bozza", "In Bozza"
    CONCLUSA = "conclusa", "Conclusa"
    PUBBLICATA = "pubblicata", "Pubblicata"
    APERTA = "aperta", "Aperta"
    CHIUSA = "chiusa", "Chiusa"
    SOSPESA = "sospesa", "Sospesa"
    IN_REVISIONE = "in_revisione", "In Revisione"
    IN_VALUTAZIONE = "in_valutazione", "In valutazione"
    VALUTATA = "valutata", "Valutata"
    CONCLUSA_ESITO = "conclusa_esito", "Conclusa con esito"
    ANNULLATA = "annullata", "Annullata"


class Categoria(models.TextChoices):
    """Candidate categories in the priority order of art. 3 of the regulation."""

    INTERNO = "interno", "Personale interno"
    ALTRA_SCUOLA = "altra_scuola", "Personale di altre istituzioni scolastiche (collaborazioni plurime)"
    ALTRA_PA = "altra_pa", "Dipendenti di altre pubbliche amministrazioni"
    PRIVATO = "privato", "Soggetti privati"


PRIORITA_CATEGORIE = [c.value for c in Categoria]

# Bounds of an avviso's figures, beyond any real selection of a school: a typo never reaches
# the avviso («Incarichi 2147483647», a reclamo open for 30.000 days).
MASSIMO_INCARICHI = 100
MASSIMO_GIORNI_RECLAMI = 30


class BaseCompenso(models.TextChoices):
    """What the avviso's amount includes (seeds/003: lordo stato = lordo dipendente × 1,327).
    The amount of an incarico to school staff is computed from it at the conferimento."""

    LORDO_STATO = "lordo_stato", ("Lordo Stato, omnicomprensivo: comprende gli oneri a carico "
                                  "dello Stato")
    LORDO_DIPENDENTE = "lordo_dipendente", ("Lordo dipendente: per il personale della scuola "
                                            "si aggiungono gli oneri a carico dello Stato")

    @property
    def breve(self) -> str:
        return {"lordo_stato": "lordo Stato (omnicomprensivo)",
                "lordo_dipendente": "lordo dipendente"}[self.value]


INFORMATIVA_PRIVACY = (
    "I dati personali forniti con la candidatura sono trattati dall'istituzione scolastica, "
    "titolare del trattamento, ai sensi degli artt. 13 e 14 del Regolamento (UE) 2016/679, "
    "esclusivamente per la gestione della presente procedura di selezione e per gli obblighi "
    "di pubblicità e trasparenza (d.lgs. 33/2013). Il conferimento dei dati è necessario per "
    "partecipare. L'interessato può esercitare i diritti di cui agli artt. 15-22 del Regolamento "
    "rivolgendosi al titolare o al suo Responsabile della protezione dei dati."
)


class ProceduraSelezione(models.Model):
    istituto = models.ForeignKey(Istituto, on_delete=models.PROTECT, related_name="procedure")
    scheda = models.ForeignKey(SchedaProgettuale, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="procedure", verbose_name="scheda progettuale")
    origine = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="derivate", verbose_name="procedura di origine")
    stato = models.CharField("fase", max_length=20, choices=Stato.choices, default=Stato.BOZZA)
    stato_precedente = models.CharField(max_length=20, choices=Stato.choices, blank=True)

    # 1. Informazioni generali (art. 4 del regolamento)
    oggetto = models.CharField("oggetto dell'incarico", max_length=255)
    tipologia_incarico = models.CharField("tipologia di incarico", max_length=20,
                                          choices=TipologiaIncarico.choices, blank=True)
    progetto = models.CharField(
        "progetto (CUP o codice progetto)", max_length=40, blank=True,
        help_text="Il CUP, o un codice del progetto se non ne ha uno: due incarichi dello stesso "
                  "progetto possono essere incompatibili (progettista e collaudatore, art. 17). "
                  "Precompilato dalla scheda progettuale.")
    profilo = models.TextField("profilo professionale e competenze richieste", blank=True)
    numero_incarichi = models.PositiveSmallIntegerField(
        "numero di incarichi", default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MASSIMO_INCARICHI)])
    compenso = models.DecimalField("compenso previsto (€)", max_digits=10, decimal_places=2,
                                   null=True, blank=True,
                                   validators=[almeno(Decimal("0.01"), "€")])
    base_compenso = models.CharField(
        "il compenso previsto è", max_length=20, choices=BaseCompenso.choices, blank=True,
        help_text="Per il personale della scuola il portale calcola l'altro importo al "
                  "conferimento; per gli esperti esterni il compenso è sempre omnicomprensivo.")
    modalita_pagamento = models.TextField("compenso: modalità di remunerazione", blank=True)
    data_inizio_attivita = models.DateField("inizio delle attività", null=True, blank=True)
    data_fine_attivita = models.DateField("fine delle attività", null=True, blank=True)
    luogo = models.CharField("luogo di svolgimento", max_length=255, blank=True)
    ammette_interni = models.BooleanField(Categoria.INTERNO.label, default=True)
    ammette_altre_scuole = models.BooleanField(Categoria.ALTRA_SCUOLA.label, default=False)
    ammette_altre_pa = models.BooleanField(Categoria.ALTRA_PA.label, default=False)
    ammette_privati = models.BooleanField(Categoria.PRIVATO.label, default=False)
    requisiti_ammissione = models.TextField("requisiti di ammissione", blank=True)
    modalita_svolgimento = models.TextField(
        "modalità di svolgimento della selezione", blank=True,
        default="Valutazione comparativa dei curricula secondo i criteri dell'avviso; "
                "graduatoria provvisoria, reclami, graduatoria definitiva approvata dal "
                "Dirigente Scolastico.")
    giorni_reclami = models.PositiveSmallIntegerField(
        "giorni per i reclami", default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MASSIMO_GIORNI_RECLAMI)])
    parita_precede_piu_giovane = models.BooleanField(
        "a parità di punteggio precede il candidato più giovane", default=True,
        help_text="Altrimenti conta solo l'ordine di protocollo")
    informativa_privacy = models.TextField("informativa privacy", default=INFORMATIVA_PRIVACY)

    # Calendar of the avviso
    data_apertura = models.DateTimeField("apertura dei termini", null=True, blank=True)
    data_chiusura = models.DateTimeField("chiusura dei termini", null=True, blank=True)
    apertura_programmata = models.BooleanField(default=False)
    pubblicata_il = models.DateTimeField(null=True, blank=True)
    motivazione_annullamento = models.TextField(blank=True)

    creata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    creata_il = models.DateTimeField(auto_now_add=True)
    aggiornata_il = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "procedura di selezione"
        verbose_name_plural = "procedure di selezione"
        ordering = ["-aggiornata_il", "-id"]
        indexes = [
            models.Index(fields=["istituto", "stato", "-aggiornata_il"]),
            # «Gestione procedure di selezione»: the istituto's rows already in the list's order,
            # so a page reads its 20 rows instead of sorting every procedura of the istituto.
            models.Index(fields=["istituto", "-aggiornata_il", "-id"], name="procedura_elenco_staff"),
            models.Index(fields=["-pubblicata_il", "-id"], name="procedura_pubblicazione",
                         condition=Q(pubblicata_il__isnull=False)),
            models.Index(fields=["stato", "data_chiusura"], name="procedura_scadenze"),
            models.Index(fields=["stato", "data_apertura"], name="procedura_aperture"),
            models.Index(fields=["-aggiornata_il"], name="procedura_pubblica_modificata",
                         condition=Q(pubblicata_il__isnull=False)),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stato__in=[s.value for s in Stato]),
                                   name="procedura_stato_valido"),
            models.CheckConstraint(
                condition=Q(data_apertura__isnull=True) | Q(data_chiusura__isnull=True)
                | Q(data_chiusura__gt=models.F("data_apertura")),
                name="procedura_chiusura_dopo_apertura",
            ),
        ]

    def __str__(self):
        return self.oggetto

    @property
    def compenso_in_parole(self) -> str:
        """«1.500,00 € lordo Stato (omnicomprensivo); per il personale della scuola 1.130,37 €
        lordo dipendente» (what school staff would be paid, when they may apply), «» when no
        amount is set."""
        return "; ".join(p for p in (self.importo_in_parole, self.compenso_personale_scuola,
                                     self.compenso_esterni) if p)

    @property
    def importo_in_parole(self) -> str:
        """«1.500,00 € lordo Stato (omnicomprensivo)»: the amount on its base."""
        if self.compenso is None:
            return ""
        base = f" {BaseCompenso(self.base_compenso).breve}" if self.base_compenso else ""
        return f"{euro(self.compenso)}{base}"

    @property
    def compenso_personale_scuola(self) -> str:
        """«per il personale della scuola 1.130,37 € lordo dipendente»: what an amount in lordo
        Stato pays school staff, when they may apply; «» otherwise."""
        lordo = (self._lordo_dipendente_del_personale()
                 if self.ammette_interni or self.ammette_altre_scuole else None)
        return f"per il personale della scuola {euro(lordo)} lordo dipendente" if lordo else ""

    def _lordo_dipendente_del_personale(self):
        """What an amount in lordo Stato pays school staff (the State's charges taken out at
        the rate of the activities' start), or None: no amount, another base, no rate."""
        if self.compenso is None or self.base_compenso != BaseCompenso.LORDO_STATO:
            return None
        aliquota = aliquota_alla_data(self.data_inizio_attivita or timezone.localdate())
        return None if aliquota is None else lordo_dipendente(self.compenso, aliquota)

    @property
    def compenso_esterni(self) -> str:
        """«per gli esperti esterni lo stesso importo è lordo omnicomprensivo»: an amount in
        lordo dipendente (a CCNL rate) means nothing to an external expert, who is paid the same
        figure all-inclusive (incarichi: compenso_esterno); «» when no external may apply."""
        if (self.compenso is None or self.base_compenso != BaseCompenso.LORDO_DIPENDENTE
                or not (self.ammette_altre_pa or self.ammette_privati)):
            return ""
        return "per gli esperti esterni lo stesso importo è lordo omnicomprensivo"

    @property
    def progetto_e_finanziamento(self) -> str:
        """What the avviso says of the project and its funds: «CUP D34D22000350006; PNRR,
        finanziato dall'Unione europea – NextGenerationEU» (the funding source and the EU's
        wording from the scheda progettuale, when the procedure comes from one); «» when
        neither is known."""
        parti = []
        codice = self.progetto or (self.scheda.cup if self.scheda_id else "")
        if codice:
            parti.append(f"CUP {codice}" if valida_cup.regex.search(codice)
                         else f"codice progetto {codice}")
        fonte = self.scheda.fonte_finanziamento if self.scheda_id else ""
        if fonte:
            dicitura = DICITURA_UE.get(fonte)
            parti.append(self.scheda.get_fonte_finanziamento_display()
                         + (f", {dicitura}" if dicitura else ""))
        return "; ".join(parti)

    def compenso_per(self, categoria: str) -> str:
        """The amount for one candidate, on the base that applies to their category (the
        proposal of incarico): «1.130,37 € lordo dipendente (1.500,00 € lordo Stato)» for
        school staff, «1.500,00 € lordo omnicomprensivo» for an external expert."""
        if self.compenso is None:
            return ""
        if categoria in (Categoria.ALTRA_PA, Categoria.PRIVATO):
            # a CCNL amount: the modalità still say «… l'ora, lordo dipendente»
            per_la_scuola = (" (lo stesso importo che per il personale della scuola è lordo "
                             "dipendente)" if self.base_compenso == BaseCompenso.LORDO_DIPENDENTE
                             else "")
            return f"{euro(self.compenso)} lordo omnicomprensivo{per_la_scuola}"
        lordo = self._lordo_dipendente_del_personale()
        if lordo is None:
            return self.importo_in_parole
        return f"{euro(lordo)} lordo dipendente ({euro(self.compenso)} lordo Stato)"

    @property
    def regola_parita(self) -> str:
        """How ties are ordered, as the avviso states it after «A parità di punteggio»
        (graduatorie.calcolo applies it)."""
        if self.parita_precede_piu_giovane:
            return "precede il candidato più giovane, poi l'ordine di protocollo"
        return "prevale l'ordine di protocollo della candidatura"

    @property
    def categorie_ammesse(self) -> list[str]:
        return [c for c, ammessa in zip(PRIORITA_CATEGORIE, [
            self.ammette_interni, self.ammette_altre_scuole, self.ammette_altre_pa,
            self.ammette_privati], strict=True) if ammessa]

    def get_categorie_ammesse_display(self) -> list[str]:
        return [Categoria(c).label for c in self.categorie_ammesse]


class SezioneModulo(models.Model):
    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.CASCADE,
                                  related_name="sezioni")
    titolo = models.CharField("titolo della sezione", max_length=200)
    ordine = models.PositiveSmallIntegerField(default=0)
    aggiunta_in_revisione = models.BooleanField(default=False)

    class Meta:
        ordering = ["ordine", "id"]
        verbose_name = "sezione del modulo"
        verbose_name_plural = "sezioni del modulo"

    def __str__(self):
        return self.titolo


class TipoCampo(models.TextChoices):
    TESTO = "testo", "Testo breve"
    TESTO_LUNGO = "testo_lungo", "Testo lungo"
    NUMERO = "numero", "Numero"
    DATA = "data", "Data"
    SCELTA = "scelta", "Scelta da elenco"
    SI_NO = "si_no", "Sì / No"
    DICHIARAZIONE = "dichiarazione", "Dichiarazione da accettare"


class CampoModulo(models.Model):
    """A question of the candidate form defined by the procedure («Funzionalità»)."""

    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.CASCADE,
                                  related_name="campi")
    sezione = models.ForeignKey(SezioneModulo, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="campi")
    etichetta = models.CharField("domanda o etichetta", max_length=300)
    tipo = models.CharField("tipo", max_length=20, choices=TipoCampo.choices)
    obbligatorio = models.BooleanField("obbligatorio", default=True)
    opzioni = models.JSONField("opzioni", default=list, blank=True)
    aiuto = models.CharField("testo di aiuto", max_length=300, blank=True)
    ordine = models.PositiveSmallIntegerField(default=0)
    aggiunto_in_revisione = models.BooleanField(default=False)

    class Meta:
        ordering = ["sezione__ordine", "ordine", "id"]
        verbose_name = "campo del modulo"
        verbose_name_plural = "campi del modulo"
        constraints = [models.CheckConstraint(
            condition=Q(tipo__in=[t.value for t in TipoCampo]), name="campo_tipo_valido")]

    def __str__(self):
        return self.etichetta


class FormatoAllegato(models.TextChoices):
    PDF = "pdf", "PDF"
    P7M = "p7m", "PDF firmato (P7M)"
    IMMAGINE = "immagine", "Immagine JPEG o PNG"


class AllegatoRichiesto(models.Model):
    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.CASCADE,
                                  related_name="allegati_richiesti")
    nome = models.CharField("documento", max_length=200)
    descrizione = models.CharField("indicazioni", max_length=300, blank=True)
    obbligatorio = models.BooleanField("obbligatorio", default=True)
    formati = models.JSONField("formati ammessi", default=list)
    ordine = models.PositiveSmallIntegerField(default=0)
    aggiunto_in_revisione = models.BooleanField(default=False)

    class Meta:
        ordering = ["ordine", "id"]
        verbose_name = "allegato richiesto"
        verbose_name_plural = "allegati richiesti"

    def __str__(self):
        return self.nome

    def get_formati_display(self) -> str:
        return ", ".join(FormatoAllegato(f).label for f in self.formati)


class TipoCriterio(models.TextChoices):
    FISSO = "fisso", "Punteggio fisso (posseduto sì/no)"
    PER_UNITA = "per_unita", "Punti per unità, con massimo"
    VOTO_LAUREA = "voto_laurea", "Fasce di voto di laurea, con lode"
    MANUALE = "manuale", "Valutato dalla commissione (es. colloquio, metodologia)"
    REQUISITO = "requisito", "Requisito di ammissione (escludente)"


class Criterio(models.Model):
    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.CASCADE,
                                  related_name="criteri")
    descrizione = models.CharField("titolo valutabile", max_length=300)
    tipo = models.CharField("tipo", max_length=20, choices=TipoCriterio.choices)
    punti = models.DecimalField("punti (o punti per unità)", max_digits=6, decimal_places=2,
                                null=True, blank=True)
    massimo = models.DecimalField("punteggio massimo", max_digits=6, decimal_places=2,
                                  null=True, blank=True)
    unita = models.CharField("unità (es. anno, esperienza)", max_length=50, blank=True)
    fasce = models.JSONField("fasce di voto", default=list, blank=True,
                             help_text="Coppie [voto massimo della fascia, punti]")
    bonus_lode = models.DecimalField("punti per la lode", max_digits=6, decimal_places=2,
                                     null=True, blank=True)
    scala_voto = models.PositiveSmallIntegerField(
        "voto massimo della scala", choices=[(110, "110 (lauree)"), (100, "100 (diplomi)"),
                                             (60, "60 (diplomi del vecchio ordinamento)")],
        default=110, help_text="La lode vale solo con il voto massimo della scala")
    categorie = models.JSONField("valido solo per", default=list, blank=True)
    gruppo = models.CharField("gruppo di alternative", max_length=100, blank=True,
                              help_text="Tra i criteri dello stesso gruppo conta solo il migliore")
    # a requirement met by the declarations: at least one of these criteria (of the same
    # procedure) declared; empty = a requirement the candidate declares and the commission checks
    soddisfatto_da = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="requisiti",
        verbose_name="soddisfatto se è dichiarato almeno uno tra")
    ordine = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordine", "id"]
        verbose_name = "criterio di valutazione"
        verbose_name_plural = "criteri di valutazione"
        constraints = [models.CheckConstraint(
            condition=Q(tipo__in=[t.value for t in TipoCriterio]), name="criterio_tipo_valido")]

    def __str__(self):
        return self.descrizione

    def categorie_in_parole(self) -> str:
        """«valido solo per»: the categories by name, as the avviso and the office read them."""
        return ", ".join(Categoria(c).label for c in self.categorie)


class VersioneAvviso(models.Model):
    """The avviso as published: its HTML frozen at the action, the PDF composed from it once
    (in a task, or at the first download if no worker has done it) with its SHA-256; a
    revision adds a version."""

    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.CASCADE,
                                  related_name="versioni_avviso")
    numero = models.PositiveSmallIntegerField()
    sorgente = models.TextField(blank=True, help_text="L'HTML dell'avviso com'era all'azione: "
                                "il PDF si compone da qui, anche dopo.")
    file = models.FileField(upload_to="avvisi/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    motivo = models.CharField(max_length=200)
    creata_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-numero"]
        verbose_name = "versione dell'avviso"
        verbose_name_plural = "versioni dell'avviso"
        constraints = [models.UniqueConstraint(fields=["procedura", "numero"],
                                               name="versione_avviso_unica")]

    def __str__(self):
        return f"Avviso v{self.numero} – {self.procedura}"


class EsitoProroga(models.TextChoices):
    PROROGATA = "prorogata", "Termini prorogati"
    RIAPERTA = "riaperta", "Termini riaperti"
    NON_APPLICATA = "non_applicata", "Non applicata: valutazione già avviata"


class ProrogaMalfunzionamento(models.Model):
    """One outage of the portal compensated on one procedure («Proroga per malfunzionamento
    del portale», procedure.services.proroga_per_malfunzionamento): the same outage is never
    compensated twice, and an outage that grew after its compensation (merged with a later
    span) only adds the difference."""

    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.CASCADE,
                                  related_name="proroghe_malfunzionamento")
    inizio = models.DateTimeField("inizio dell'interruzione")
    fine = models.DateTimeField("fine dell'interruzione")
    cause = models.JSONField(default=list, blank=True)
    esito = models.CharField(max_length=20, choices=EsitoProroga.choices)
    minuti = models.PositiveIntegerField("minuti di proroga", default=0)
    chiusura_precedente = models.DateTimeField()
    nuova_chiusura = models.DateTimeField(null=True, blank=True)
    creata_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "proroga per malfunzionamento"
        verbose_name_plural = "proroghe per malfunzionamento"
        ordering = ["-creata_il", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["procedura", "inizio", "fine"],
                                    name="proroga_malfunzionamento_unica"),
            models.CheckConstraint(condition=Q(fine__gt=models.F("inizio")),
                                   name="proroga_malfunzionamento_intervallo"),
            models.CheckConstraint(condition=Q(esito__in=[e.value for e in EsitoProroga]),
                                   name="proroga_malfunzionamento_esito_valido"),
        ]

    def __str__(self):
        return f"{self.procedura_id}: {self.inizio:%d/%m/%Y %H:%M}–{self.fine:%H:%M} {self.esito}"
