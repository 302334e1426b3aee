from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from accounts.models import Istituto

from .documenti import CONTENUTI_ATTIVI
from .lingua import data_con


class RegistroImmutabileError(Exception):
    """The registro eventi and the registro di protocollo are append-only."""


class SoloAggiuntaQuerySet(models.QuerySet):
    def delete(self):
        raise RegistroImmutabileError("registro non eliminabile")

    def update(self, **kwargs):
        raise RegistroImmutabileError("registro non modificabile")


class DocumentoArchiviato(models.Model):
    """A private file stored by portale.documenti.archivia(): where it is, what it is, its
    SHA-256. The concrete documents (allegati, integrazioni, reclami, atti) add their owner."""

    percorso = models.CharField(max_length=255)
    nome = models.CharField(max_length=200)
    mime = models.CharField(max_length=100)
    dimensione = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    caricato_il = models.DateTimeField(auto_now_add=True)
    # what portale.documenti found in a PDF at upload: codes of documenti.CONTENUTI_ATTIVI
    contenuti_attivi = models.JSONField("contenuti attivi", default=list, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.nome

    @property
    def avvisi_contenuto(self) -> list[str]:
        """The badges staff see beside the document («Contiene JavaScript», …)."""
        return [CONTENUTI_ATTIVI[c] for c in self.contenuti_attivi or () if c in CONTENUTI_ATTIVI]


class SoloAggiunta(models.Model):
    objects = SoloAggiuntaQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise RegistroImmutabileError(f"{self._meta.verbose_name} non modificabile")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RegistroImmutabileError(f"{self._meta.verbose_name} non eliminabile")


class Evento(SoloAggiunta):
    """One line of the registro eventi: who did what to which object, when."""

    quando = models.DateTimeField(auto_now_add=True, db_index=True)
    autore = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    istituto = models.ForeignKey(
        Istituto, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    oggetto = GenericForeignKey("content_type", "object_id")
    oggetto_descrizione = models.CharField("oggetto", max_length=255, blank=True)
    azione = models.CharField("azione", max_length=64)
    descrizione = models.CharField("descrizione", max_length=500)
    dettagli = models.JSONField("dettagli", default=dict, blank=True)

    class Meta:
        verbose_name = "evento"
        verbose_name_plural = "registro eventi"
        ordering = ["-quando", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-quando"])]

    def __str__(self):
        return f"{self.quando:%d/%m/%Y %H:%M} {self.azione} {self.oggetto_descrizione}"


class StatoInvio(models.TextChoices):
    IN_ATTESA = "in_attesa", "In attesa di invio"
    INVIATA = "inviata", "Inviata"
    NON_RICHIESTA = "non_richiesta", "Solo nel portale"


class Notifica(models.Model):
    """A notice to one person: shown in the in-app inbox and sent by e-mail (outbox row)."""

    destinatario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifiche"
    )
    istituto = models.ForeignKey(
        Istituto, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    oggetto = models.CharField("oggetto", max_length=200)
    testo = models.TextField("testo")
    url = models.CharField("collegamento", max_length=500, blank=True)
    creata_il = models.DateTimeField(auto_now_add=True, db_index=True)
    letta_il = models.DateTimeField(null=True, blank=True)
    mittente = models.CharField(max_length=254, blank=True)
    stato_email = models.CharField(
        max_length=20, choices=StatoInvio.choices, default=StatoInvio.IN_ATTESA
    )
    tentativi_email = models.PositiveIntegerField(default=0)
    email_inviata_il = models.DateTimeField(null=True, blank=True)
    ultimo_errore = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "notifica"
        verbose_name_plural = "notifiche"
        ordering = ["-creata_il", "-id"]
        indexes = [
            models.Index(
                fields=["creata_il"],
                condition=Q(stato_email="in_attesa"),
                name="notifica_email_in_attesa",
            ),
            models.Index(fields=["destinatario", "letta_il"]),
            # services.notifiche.archivia_superate: the unread notices of one page (few rows)
            models.Index(fields=["url"], condition=Q(letta_il__isnull=True),
                         name="notifica_non_letta_per_url"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stato_email__in=[s.value for s in StatoInvio]),
                name="notifica_stato_email_valido",
            )
        ]

    def __str__(self):
        return self.oggetto


class ContatoreProtocollo(models.Model):
    """The last protocol number given, per istituto and year (locked to assign the next)."""

    istituto = models.ForeignKey(Istituto, on_delete=models.PROTECT, related_name="+")
    anno = models.PositiveIntegerField()
    ultimo_numero = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["istituto", "anno"], name="contatore_unico_per_anno")
        ]

    def __str__(self):
        return f"{self.istituto_id}/{self.anno}: {self.ultimo_numero}"


class Protocollo(SoloAggiunta):
    """An entry of the registro di protocollo: gapless per istituto and year."""

    class Verso(models.TextChoices):
        ENTRATA = "E", "In entrata"
        USCITA = "U", "In uscita"

    istituto = models.ForeignKey(Istituto, on_delete=models.PROTECT, related_name="+")
    anno = models.PositiveIntegerField()
    numero = models.PositiveIntegerField()
    registrato_il = models.DateTimeField()
    verso = models.CharField(max_length=1, choices=Verso.choices)
    oggetto = models.CharField(max_length=500)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "protocollo"
        verbose_name_plural = "registro di protocollo"
        ordering = ["istituto", "anno", "numero"]
        constraints = [
            models.UniqueConstraint(
                fields=["istituto", "anno", "numero"], name="protocollo_numero_unico"
            )
        ]

    def __str__(self):
        return self.segnatura

    @property
    def segnatura(self) -> str:
        codice = self.istituto.codice_meccanografico if self.istituto_id else ""
        return f"{codice} - Prot. n. {self.numero:07d}/{self.anno} {data_con('del', self.registrato_il)}"


# --- availability of the portal (portale.disponibilita) -----------------------------------

class Battito(models.Model):
    """The heartbeat: one row a minute, written by a task the beat schedules
    (`portale.tasks.registra_battito`). A gap between two rows longer than
    DISPONIBILITA_SOGLIA_BATTITO_MINUTI is an outage (beat, broker, worker or database down).
    Telemetry, not an action: no event in the registro; rows older than
    DISPONIBILITA_CONSERVAZIONE_GIORNI are deleted by the heartbeat itself."""

    istante = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "battito"
        verbose_name_plural = "battiti"

    def __str__(self):
        return f"{self.istante:%d/%m/%Y %H:%M:%S}"


class RichiesteAlMinuto(models.Model):
    """Requests on the submission path (application form, steps, «Invia») in one minute, per
    server process: how many were answered and how many with a 5xx. One UPSERT per request
    (`portale.services.disponibilita.conta_richiesta`); a process counts on its own row, so
    the workers of a deadline peak never wait on each other's lock."""

    minuto = models.DateTimeField(db_index=True)
    processo = models.PositiveIntegerField()
    richieste = models.PositiveIntegerField(default=0)
    errori = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "richieste al minuto"
        verbose_name_plural = "richieste al minuto"
        constraints = [
            models.UniqueConstraint(fields=["minuto", "processo"], name="richieste_minuto_processo"),
        ]

    def __str__(self):
        return f"{self.minuto:%d/%m/%Y %H:%M}: {self.errori}/{self.richieste}"
