"""Valutazione, graduatorie, reclami and interpello of a procedura di selezione.

- `Commissario`: a person of the istituto named by the DS to evaluate one procedure (the role
  lives here, per procedure, not as a global Ruolo).
- `Valutazione`: the evaluation of one sent application: esito (ammessa / esclusa with a
  motivazione), declared values corrected by the commission (each with a note, `Correzione`),
  the manual scores of each commissario (`PunteggioCommissione`; the result is their mean).
- `Graduatoria`: one published version of the ranking, an immutable snapshot of rows with its
  SHA-256; a reclamo accepted or the approval of the definitive ranking add a version.
- `Reclamo` with its documents; `Proposta`: the interpello of one candidate for one incarico.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from candidature.models import Candidatura
from portale import formato
from portale.lingua import data_con, quantita
from portale.models import DocumentoArchiviato
from procedure.models import Categoria, Criterio, ProceduraSelezione


class CommissarioQuerySet(models.QuerySet):
    def attivi(self):
        return self.filter(revocato_il__isnull=True)


class Commissario(models.Model):
    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.PROTECT,
                                  related_name="commissari")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="nomine_commissario", verbose_name="commissario")
    nominato_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    nominato_il = models.DateTimeField(auto_now_add=True)
    revocato_il = models.DateTimeField(null=True, blank=True)

    objects = CommissarioQuerySet.as_manager()

    class Meta:
        verbose_name = "commissario"
        verbose_name_plural = "commissari"
        ordering = ["user__cognome", "user__nome", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["procedura", "user"], condition=Q(revocato_il__isnull=True),
            name="commissario_attivo_unico")]

    def __str__(self):
        return f"{self.user} – commissario della procedura n. {self.procedura_id}"


class Esito(models.TextChoices):
    DA_VALUTARE = "da_valutare", "Da valutare"
    AMMESSA = "ammessa", "Ammessa"
    ESCLUSA = "esclusa", "Esclusa"


class Valutazione(models.Model):
    candidatura = models.OneToOneField(Candidatura, on_delete=models.PROTECT,
                                       related_name="valutazione")
    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.PROTECT,
                                  related_name="valutazioni")
    esito = models.CharField(max_length=20, choices=Esito.choices, default=Esito.DA_VALUTARE)
    motivazione = models.TextField("motivazione dell'esclusione", blank=True)
    # {criterio id (str): corrected value}; the history with notes is in Correzione
    valori_corretti = models.JSONField(default=dict, blank=True)
    # the category corrected by the commission (empty: the declared one counts)
    categoria = models.CharField("categoria corretta", max_length=20, blank=True,
                                 choices=Categoria.choices)
    esito_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    esito_il = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "valutazione"
        verbose_name_plural = "valutazioni"
        constraints = [
            models.CheckConstraint(condition=Q(esito__in=[e.value for e in Esito]),
                                   name="valutazione_esito_valido"),
            models.CheckConstraint(condition=~Q(esito="esclusa") | ~Q(motivazione=""),
                                   name="esclusione_motivata"),
        ]

    def __str__(self):
        return f"Valutazione della candidatura n. {self.candidatura_id}"


def in_parole(valore) -> str:
    """A declared or corrected value as the pages write it: «sì», «108 e lode», «1,5»."""
    if valore in (None, ""):
        return "—"
    if valore is True or valore is False:
        return "sì" if valore else "no"
    if isinstance(valore, dict):  # a degree mark: {"voto": 108, "lode": false}
        return f"{valore.get('voto')}{' e lode' if valore.get('lode') else ''}"
    if isinstance(valore, int | float | Decimal) or (
            isinstance(valore, str) and valore.replace(".", "", 1).isdigit()):
        return formato.punti(valore)  # «1,5», as every number of the portal
    return str(valore)


class Correzione(models.Model):
    """A declared value corrected by the commission: never without a note. Without a
    criterio it corrects the category (values are Categoria codes)."""

    valutazione = models.ForeignKey(Valutazione, on_delete=models.PROTECT,
                                    related_name="correzioni")
    criterio = models.ForeignKey(Criterio, on_delete=models.PROTECT, related_name="+",
                                 null=True, blank=True)
    valore_dichiarato = models.JSONField(null=True, blank=True)
    valore_corretto = models.JSONField(null=True, blank=True)
    nota = models.TextField("nota della correzione")
    autore = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    creata_il = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "correzione"
        verbose_name_plural = "correzioni"
        ordering = ["creata_il", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(nota=""), name="correzione_con_nota")]

    def __str__(self):
        return f"Correzione di «{self.voce}»"

    @property
    def voce(self) -> str:
        return self.criterio.descrizione if self.criterio_id else "Categoria"

    def _in_parole(self, valore) -> str:
        if self.criterio_id is None and valore in Categoria.values:
            return Categoria(valore).label
        return in_parole(valore)

    @property
    def prima_in_parole(self) -> str:
        return self._in_parole(self.valore_dichiarato)

    @property
    def dopo_in_parole(self) -> str:
        return self._in_parole(self.valore_corretto)


class PunteggioCommissione(models.Model):
    """The score one commissario gives to one manual criterion of one application."""

    valutazione = models.ForeignKey(Valutazione, on_delete=models.CASCADE,
                                    related_name="punteggi")
    criterio = models.ForeignKey(Criterio, on_delete=models.PROTECT, related_name="+")
    commissario = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    punti = models.DecimalField(max_digits=6, decimal_places=2,
                                validators=[MinValueValidator(0)])
    aggiornato_il = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "punteggio della commissione"
        verbose_name_plural = "punteggi della commissione"
        constraints = [models.UniqueConstraint(fields=["valutazione", "criterio", "commissario"],
                                               name="un_punteggio_per_commissario")]

    def __str__(self):
        return f"{formato.punti(self.punti)} a «{self.criterio}»"


class TipoGraduatoria(models.TextChoices):
    PROVVISORIA = "provvisoria", "Provvisoria"
    DEFINITIVA = "definitiva", "Definitiva"


class SnapshotImmutabileError(Exception):
    pass


class GraduatoriaQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if {"righe", "sha256", "numero", "tipo", "procedura", "procedura_id"} & set(kwargs):
            raise SnapshotImmutabileError("le righe di una graduatoria non si modificano")
        return super().update(**kwargs)

    def delete(self):
        raise SnapshotImmutabileError("una graduatoria non si elimina")

    def pubblicate(self):
        return self.filter(pubblicata_il__isnull=False)


# what a version gains once, when it is published: its rows never change
PUBBLICAZIONE = {"pubblicata_il", "scadenza_reclami", "pubblicata_da", "protocollo"}


class Graduatoria(models.Model):
    """One version of the ranking: rows as data, sealed by their SHA-256."""

    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.PROTECT,
                                  related_name="graduatorie")
    numero = models.PositiveSmallIntegerField("versione")
    tipo = models.CharField(max_length=20, choices=TipoGraduatoria.choices)
    righe = models.JSONField()
    sha256 = models.CharField(max_length=64)
    motivo = models.CharField(max_length=300)
    creata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    creata_il = models.DateTimeField(auto_now_add=True)
    pubblicata_il = models.DateTimeField(null=True, blank=True)
    scadenza_reclami = models.DateTimeField(null=True, blank=True)
    # the publication is an act of the DS, registered in uscita; null for a version not
    # published, or published before the register took them
    pubblicata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")
    protocollo = models.OneToOneField("portale.Protocollo", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")

    objects = GraduatoriaQuerySet.as_manager()

    class Meta:
        verbose_name = "graduatoria"
        verbose_name_plural = "graduatorie"
        ordering = ["-numero"]
        constraints = [
            models.UniqueConstraint(fields=["procedura", "numero"], name="versione_graduatoria_unica"),
            models.CheckConstraint(condition=Q(tipo__in=[t.value for t in TipoGraduatoria]),
                                   name="graduatoria_tipo_valido"),
        ]

    def __str__(self):
        return f"Graduatoria {self.get_tipo_display().lower()} v{self.numero} – {self.procedura}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            campi = set(kwargs.get("update_fields") or ())
            if not campi or not campi <= PUBBLICAZIONE:
                raise SnapshotImmutabileError("una versione della graduatoria non si modifica")
            if campi & {"protocollo", "pubblicata_da"} and Graduatoria.objects.filter(
                    pk=self.pk, protocollo__isnull=False).exists():
                raise SnapshotImmutabileError("una versione pubblicata ha già il suo protocollo")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotImmutabileError("una graduatoria non si elimina")


class StatoReclamo(models.TextChoices):
    PRESENTATO = "presentato", "In attesa di risposta"
    ACCOLTO = "accolto", "Accolto"
    RESPINTO = "respinto", "Respinto"


class Reclamo(models.Model):
    graduatoria = models.ForeignKey(Graduatoria, on_delete=models.PROTECT, related_name="reclami",
                                    verbose_name="versione contestata")
    candidatura = models.ForeignKey(Candidatura, on_delete=models.PROTECT, related_name="reclami")
    testo = models.TextField("motivi del reclamo")
    presentato_il = models.DateTimeField()
    sha256 = models.CharField(max_length=64)
    stato = models.CharField(max_length=20, choices=StatoReclamo.choices,
                             default=StatoReclamo.PRESENTATO)
    risposta = models.TextField("risposta", blank=True)
    risposto_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    risposto_il = models.DateTimeField(null=True, blank=True)
    nuova_versione = models.ForeignKey(Graduatoria, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="+")
    # registered in entrata like every document a person sends to the school (DPR 445/2000
    # art. 53); null only for the reclami filed before the register took them
    protocollo = models.OneToOneField("portale.Protocollo", on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "reclamo"
        verbose_name_plural = "reclami"
        ordering = ["presentato_il", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stato__in=[s.value for s in StatoReclamo]),
                                   name="reclamo_stato_valido"),
            models.UniqueConstraint(fields=["candidatura"], condition=Q(stato="presentato"),
                                    name="un_reclamo_in_attesa"),
            models.CheckConstraint(condition=Q(stato="presentato") | ~Q(risposta=""),
                                   name="reclamo_risposta_motivata"),
        ]

    def __str__(self):
        return f"{self.riferimento} – {self.candidatura}"

    @property
    def riferimento(self) -> str:
        """«Reclamo prot. n. 31/2026»: as the school's register knows it (the database's id,
        counted across every school, said nothing); by date for one filed before the register
        took reclami."""
        if self.protocollo_id is None:
            return f"Reclamo {data_con('del', self.presentato_il)}"
        return f"Reclamo prot. n. {self.protocollo.numero}/{self.protocollo.anno}"


class DocumentoReclamo(DocumentoArchiviato):
    reclamo = models.ForeignKey(Reclamo, on_delete=models.PROTECT, related_name="documenti")

    class Meta:
        verbose_name = "documento del reclamo"
        verbose_name_plural = "documenti del reclamo"
        ordering = ["pk"]


class StatoProposta(models.TextChoices):
    IN_ATTESA = "in_attesa", "In attesa di risposta"
    ACCETTATA = "accettata", "Accettata"
    RINUNCIATA = "rinunciata", "Rinuncia"
    SCADUTA = "scaduta", "Nessuna risposta nei termini (rinuncia)"
    SALTATA = "saltata", "Non proposta: incompatibilità"
    ANNULLATA = "annullata", "Accettata, poi senza incarico"


class MotivoSenzaIncarico(models.TextChoices):
    """Why an accepted proposal is not followed by an Incarico (the post goes on)."""

    INCOMPATIBILITA = "incompatibilita", "Incompatibilità con un altro incarico dello stesso progetto"
    VERIFICA_PRECONTRATTUALE = "verifica", "Verifica precontrattuale non superata"
    RINUNCIA = "rinuncia", "Rinuncia del candidato dopo l'accettazione"
    DECADENZA = "decadenza", "Decadenza"


# the weekly hours an offer may state (half an hour, a full week of work)
MINIMO_ORE_SETTIMANALI, MASSIMO_ORE_SETTIMANALI = Decimal("0.5"), Decimal("40")
# the days and times, so that the incarico's «37,5 ore settimanali (…)» fits its 255 characters
GIORNI_IMPEGNO_MASSIMO = 200
GIORNI_TROPPO_LUNGHI = ("Descrivi i giorni e gli orari in al massimo %(limit_value)d caratteri (ne hai "
                        "scritti %(show_value)d).")


class Proposta(models.Model):
    """The interpello of one candidate for one of the procedure's incarichi."""

    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.PROTECT,
                                  related_name="proposte")
    graduatoria = models.ForeignKey(Graduatoria, on_delete=models.PROTECT, related_name="proposte")
    candidatura = models.ForeignKey(Candidatura, on_delete=models.PROTECT, related_name="proposte")
    incarico = models.PositiveSmallIntegerField("posto n.", validators=[MinValueValidator(1)])
    scadenza = models.DateTimeField("rispondere entro")
    # what the offer says of the commitment besides the avviso's dates (seed 002, «La
    # comunicazione relativa alla proposta di assunzione contiene»: l'orario complessivo
    # settimanale, distinto con i singoli giorni di impegno); empty only for a skipped candidate
    # and for proposals made before the portal asked for it
    ore_settimanali = models.DecimalField("ore settimanali", max_digits=4, decimal_places=1,
                                          null=True, blank=True,
                                          validators=[MinValueValidator(MINIMO_ORE_SETTIMANALI)])
    giorni_impegno = models.CharField("giorni e orari di impegno", max_length=255, blank=True)
    stato = models.CharField(max_length=20, choices=StatoProposta.choices,
                             default=StatoProposta.IN_ATTESA)
    creata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    creata_il = models.DateTimeField()
    risposta_il = models.DateTimeField(null=True, blank=True)
    # a candidate skipped (incompatible) or an acceptance without Incarico: why, by whom
    motivo = models.CharField("motivo", max_length=20, blank=True,
                              choices=MotivoSenzaIncarico.choices)
    motivazione = models.TextField("motivazione", blank=True)
    annullata_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    annullata_il = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "proposta di incarico"
        verbose_name_plural = "proposte di incarico"
        ordering = ["creata_il", "pk"]
        indexes = [models.Index(fields=["stato", "scadenza"], name="proposte_scadenze")]
        constraints = [
            models.CheckConstraint(condition=Q(stato__in=[s.value for s in StatoProposta]),
                                   name="proposta_stato_valido"),
            # one proposal per person and procedure: who refused is not called again (seed 002)
            models.UniqueConstraint(fields=["procedura", "candidatura"],
                                    name="una_proposta_per_candidatura"),
            models.UniqueConstraint(fields=["procedura", "incarico"],
                                    condition=Q(stato__in=["in_attesa", "accettata"]),
                                    name="un_incarico_una_proposta_viva"),
            # a skipped candidate or a voided acceptance always says why
            models.CheckConstraint(
                condition=~Q(stato__in=["saltata", "annullata"])
                | (~Q(motivo="") & ~Q(motivazione="")),
                name="proposta_senza_incarico_motivata"),
        ]

    def __str__(self):
        return f"Proposta per il posto n. {self.incarico} – {self.candidatura}"

    @property
    def impegno(self) -> str:
        """«4 ore settimanali (martedì e giovedì, 14:30–16:30)» ("" when not stated)."""
        if self.ore_settimanali is None:
            return ""
        ore = quantita(self.ore_in_cifre, "ora settimanale", "ore settimanali")
        return f"{ore} ({self.giorni_impegno})" if self.giorni_impegno else ore

    @property
    def ore_in_cifre(self) -> str:
        """The weekly hours as typed: «4», «2,5» ("" when not stated)."""
        ore = self.ore_settimanali
        if ore is None:
            return ""
        return formato.numero(ore, 0 if ore == ore.to_integral_value() else 1)
