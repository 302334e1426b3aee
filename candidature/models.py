from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.validators import valida_telefono
from portale.models import DocumentoArchiviato, Protocollo
from procedure.models import AllegatoRichiesto, Categoria, Criterio, ProceduraSelezione


class StatoCandidatura(models.TextChoices):
    BOZZA = "bozza", "Bozza"
    INVIATA = "inviata", "Inviata"
    IN_ISTRUTTORIA = "in_istruttoria", "In istruttoria"
    INTEGRATA = "integrata", "Integrata"
    AMMESSA = "ammessa", "Ammessa"
    ESCLUSA = "esclusa", "Esclusa"
    RITIRATA = "ritirata", "Ritirata"
    ANNULLATA = "annullata", "Annullata"


CHIUSE = (StatoCandidatura.RITIRATA, StatoCandidatura.ANNULLATA)
INVIATE = (StatoCandidatura.INVIATA, StatoCandidatura.IN_ISTRUTTORIA, StatoCandidatura.INTEGRATA,
           StatoCandidatura.AMMESSA, StatoCandidatura.ESCLUSA)
RITIRABILI = INVIATE[:3]  # sent and not yet judged: «Ritira» while the terms are open


class Candidatura(models.Model):
    """An application to a procedura. Once sent (protocol, timestamp, SHA-256) it never
    changes: withdrawal and the procedure's annulment only change its state."""

    procedura = models.ForeignKey(ProceduraSelezione, on_delete=models.PROTECT,
                                  related_name="candidature")
    candidato = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="candidature")
    stato = models.CharField(max_length=20, choices=StatoCandidatura.choices,
                             default=StatoCandidatura.BOZZA)
    categoria = models.CharField("partecipo come", max_length=20, choices=Categoria.choices,
                                 blank=True)
    amministrazione_appartenenza = models.CharField(max_length=255, blank=True)
    risposte = models.JSONField(default=dict, blank=True)
    dichiarazioni = models.JSONField(default=dict, blank=True)
    autocertificazioni = models.JSONField(default=dict, blank=True)
    email = models.EmailField("e-mail", blank=True)
    pec = models.EmailField("PEC", blank=True)
    telefono = models.CharField("telefono", max_length=30, blank=True,
                                validators=[valida_telefono])
    indirizzo = models.CharField("indirizzo", max_length=255, blank=True)
    punteggio_dichiarato = models.DecimalField(max_digits=7, decimal_places=2, null=True,
                                               blank=True)
    protocollo = models.OneToOneField(Protocollo, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    inviata_il = models.DateTimeField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    ricevuta = models.CharField(max_length=255, blank=True)  # private storage name
    ritirata_il = models.DateTimeField(null=True, blank=True)
    promemoria_inviato_il = models.DateTimeField(null=True, blank=True)
    creata_il = models.DateTimeField(auto_now_add=True)
    aggiornata_il = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "candidatura"
        verbose_name_plural = "candidature"
        ordering = ["-aggiornata_il", "-id"]
        indexes = [models.Index(fields=["procedura", "stato"]),
                   models.Index(fields=["candidato", "-aggiornata_il"])]
        constraints = [
            models.CheckConstraint(condition=Q(stato__in=[s.value for s in StatoCandidatura]),
                                   name="candidatura_stato_valido"),
            # one live application per person and procedure; after withdrawal, a new one
            models.UniqueConstraint(fields=["procedura", "candidato"],
                                    condition=~Q(stato__in=["ritirata", "annullata"]),
                                    name="una_candidatura_attiva"),
            models.CheckConstraint(
                condition=Q(stato="bozza") | Q(protocollo__isnull=False, inviata_il__isnull=False)
                | Q(stato="annullata", protocollo__isnull=True),
                name="candidatura_inviata_protocollata",
            ),
        ]

    def __str__(self):
        return f"Candidatura di {self.candidato} – {self.procedura}"

    @property
    def inviata(self) -> bool:
        return self.protocollo_id is not None


class AllegatoCandidatura(DocumentoArchiviato):
    candidatura = models.ForeignKey(Candidatura, on_delete=models.CASCADE, related_name="allegati")
    allegato_richiesto = models.ForeignKey(AllegatoRichiesto, on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="+")
    criterio = models.ForeignKey(Criterio, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        verbose_name = "allegato della candidatura"
        verbose_name_plural = "allegati della candidatura"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["candidatura", "allegato_richiesto"],
                                    condition=Q(allegato_richiesto__isnull=False),
                                    name="un_file_per_allegato_richiesto"),
            models.UniqueConstraint(fields=["candidatura", "criterio"],
                                    condition=Q(criterio__isnull=False),
                                    name="un_documento_per_criterio"),
        ]

    @property
    def per_cosa(self) -> str:
        """What the file documents: the attachment the avviso asks for, or the declared title."""
        return self.allegato_richiesto.nome if self.allegato_richiesto_id else self.criterio.descrizione


# --- Istruttoria: a request for integration to one candidate (staff side of issue 5) ------

class StatoRichiesta(models.TextChoices):
    APERTA = "aperta", "In attesa di risposta"
    RISPOSTA = "risposta", "Risposta ricevuta"
    SCADUTA = "scaduta", "Scaduta senza risposta"
    CHIUSA = "chiusa", "Chiusa dall'ufficio"


class RichiestaIntegrazione(models.Model):
    """A request for integration (istruttoria) with a deadline.

    The sent application never changes: the candidate's answer (text and documents) is kept
    here, beside it, with its own SHA-256. While a request is open the application is
    `in_istruttoria`; the answer makes it `integrata`; at the deadline without an answer the
    request is `scaduta` and the application returns to the state it had before, as when the
    office closes it (`chiusa`, with a note) before the deadline.
    """

    candidatura = models.ForeignKey(Candidatura, on_delete=models.PROTECT,
                                    related_name="richieste_integrazione")
    richiesta_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    messaggio = models.TextField("richiesta")
    scadenza = models.DateTimeField("rispondere entro")
    stato = models.CharField(max_length=20, choices=StatoRichiesta.choices,
                             default=StatoRichiesta.APERTA)
    stato_candidatura_precedente = models.CharField(max_length=20,
                                                    choices=StatoCandidatura.choices)
    creata_il = models.DateTimeField(auto_now_add=True)
    risposta = models.TextField("risposta del candidato", blank=True)
    risposta_il = models.DateTimeField(null=True, blank=True)
    sha256_risposta = models.CharField(max_length=64, blank=True)
    # the answer is a document the person sends to the school: registered in entrata (null for
    # answers given before the register took them)
    protocollo_risposta = models.OneToOneField("portale.Protocollo", on_delete=models.PROTECT,
                                               null=True, blank=True, related_name="+")
    scaduta_il = models.DateTimeField(null=True, blank=True)
    chiusa_il = models.DateTimeField(null=True, blank=True)
    chiusa_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    nota_chiusura = models.TextField("perché l'istruttoria si chiude", blank=True)

    class Meta:
        verbose_name = "richiesta di integrazione"
        verbose_name_plural = "richieste di integrazione"
        ordering = ["-creata_il", "-id"]
        indexes = [models.Index(fields=["stato", "scadenza"], name="integrazione_scadenze")]
        constraints = [
            models.CheckConstraint(condition=Q(stato__in=[s.value for s in StatoRichiesta]),
                                   name="richiesta_integrazione_stato_valido"),
            models.UniqueConstraint(fields=["candidatura"], condition=Q(stato="aperta"),
                                    name="una_richiesta_integrazione_aperta"),
            models.CheckConstraint(
                condition=~Q(stato="risposta") | Q(risposta_il__isnull=False),
                name="richiesta_integrazione_risposta_datata"),
        ]

    def __str__(self):
        return f"Richiesta di integrazione n. {self.pk} – {self.candidatura}"


class DocumentoIntegrazione(DocumentoArchiviato):
    """A document the candidate sent with the answer to a request for integration."""

    richiesta = models.ForeignKey(RichiestaIntegrazione, on_delete=models.PROTECT,
                                  related_name="documenti")

    class Meta:
        verbose_name = "documento di integrazione"
        verbose_name_plural = "documenti di integrazione"
        ordering = ["id"]


# «Il mio profilo» (issue 17): the person's reusable data, in a module of its own
from .models_profilo import CurriculumProfilo, DocumentoIdentitaProfilo, VoceProfilo  # noqa: E402, F401
