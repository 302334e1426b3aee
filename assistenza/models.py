"""Tickets of the assistance service: requester, thread of messages, support queue.

The states and their allowed moves are the table `TRANSIZIONI`; every change goes through
`assistenza.services`, which checks it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Istituto
from portale.documenti import TIPI


class Tipologia(models.TextChoices):
    ACCESSO = "accesso", "Accesso al portale"
    SCHEDE = "schede", "Schede progettuali"
    PROCEDURE = "procedure", "Procedure di selezione"
    CANDIDATURE = "candidature", "Candidature"
    GRADUATORIE = "graduatorie", "Graduatorie"
    INCARICHI = "incarichi", "Incarichi (atto, ore, compenso)"
    STRUMENTI = "strumenti", "Strumenti"
    TECNICA = "tecnica", "Segnalazione tecnica"
    ALTRO = "altro", "Altro"


# The school staff's own work: a person who holds no role (a candidate) is not offered them.
TIPOLOGIE_DEL_PERSONALE = frozenset({Tipologia.SCHEDE, Tipologia.STRUMENTI})


class Stato(models.TextChoices):
    APERTO = "aperto", "Aperto"
    IN_LAVORAZIONE = "in_lavorazione", "In lavorazione"
    IN_ATTESA = "in_attesa", "In attesa di riscontro"
    RISOLTO = "risolto", "Risolto"
    CHIUSO = "chiuso", "Chiuso"


# The allowed moves, in one place: from → the states one may reach from it.
TRANSIZIONI: dict[str, frozenset[str]] = {
    Stato.APERTO: frozenset({Stato.IN_LAVORAZIONE, Stato.IN_ATTESA, Stato.RISOLTO, Stato.CHIUSO}),
    Stato.IN_LAVORAZIONE: frozenset({Stato.IN_ATTESA, Stato.RISOLTO, Stato.CHIUSO}),
    Stato.IN_ATTESA: frozenset({Stato.APERTO, Stato.IN_LAVORAZIONE, Stato.RISOLTO, Stato.CHIUSO}),
    Stato.RISOLTO: frozenset({Stato.CHIUSO, Stato.APERTO, Stato.IN_LAVORAZIONE}),  # riapri
    Stato.CHIUSO: frozenset({Stato.APERTO, Stato.IN_LAVORAZIONE}),  # riapri
}
STATI_ATTIVI = (Stato.APERTO, Stato.IN_LAVORAZIONE, Stato.IN_ATTESA)
# The Supporto's work: an active ticket but one that waits for the person's reply.
DA_LAVORARE = (Stato.APERTO, Stato.IN_LAVORAZIONE)
STATI_CONCLUSI = (Stato.RISOLTO, Stato.CHIUSO)


class ContatoreTicket(models.Model):
    """The last ticket number of a year, locked to give the next one (gapless)."""

    anno = models.PositiveIntegerField(unique=True)
    ultimo_numero = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.anno}: {self.ultimo_numero}"


class Ticket(models.Model):
    codice = models.CharField("Id ticket", max_length=20, unique=True)
    anno = models.PositiveIntegerField()
    numero = models.PositiveIntegerField()
    richiedente = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ticket_aperti"
    )
    # The istituto the requester was operating for, as context for the support staff.
    # Not named `istituto` on purpose: ticket events must not appear in istituto dashboards.
    istituto_richiedente = models.ForeignKey(
        Istituto, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ruolo_richiedente = models.CharField(max_length=40, blank=True)
    tipologia = models.CharField("tipologia", max_length=20, choices=Tipologia.choices)
    oggetto = models.CharField("oggetto", max_length=200)
    riferimento_procedura = models.CharField(
        "procedura di riferimento", max_length=100, blank=True,
        help_text="Codice o numero della procedura di selezione a cui si riferisce, se c'è.",
    )
    stato = models.CharField("stato", max_length=20, choices=Stato.choices, default=Stato.APERTO)
    assegnato_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="ticket_assegnati",
    )
    creato_il = models.DateTimeField("aperto il", default=timezone.now, db_index=True)
    aggiornato_il = models.DateTimeField("ultimo aggiornamento", default=timezone.now)
    prima_risposta_il = models.DateTimeField("prima risposta il", null=True, blank=True)
    risolto_il = models.DateTimeField("risolto il", null=True, blank=True)
    concluso_il = models.DateTimeField(
        "risolto o chiuso il", null=True, blank=True,
        help_text="Da qui decorrono i giorni entro cui il richiedente può riaprirlo.",
    )
    riaperture = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "ticket"
        verbose_name_plural = "ticket"
        ordering = ["-creato_il", "-id"]
        indexes = [
            models.Index(fields=["richiedente", "-creato_il"]),
            models.Index(fields=["stato", "assegnato_a", "creato_il"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["anno", "numero"], name="ticket_numero_unico"),
            models.CheckConstraint(condition=Q(stato__in=[s.value for s in Stato]),
                                   name="ticket_stato_valido"),
            models.CheckConstraint(condition=Q(tipologia__in=[t.value for t in Tipologia]),
                                   name="ticket_tipologia_valida"),
            models.CheckConstraint(
                condition=Q(stato__in=[s.value for s in STATI_ATTIVI], concluso_il__isnull=True)
                | Q(stato__in=[s.value for s in STATI_CONCLUSI], concluso_il__isnull=False),
                name="ticket_concluso_coerente_con_lo_stato",
            ),
        ]

    def __str__(self):
        return f"{self.codice} – {self.oggetto}"

    @staticmethod
    def formatta_codice(anno: int, numero: int) -> str:
        return f"TCK-{anno}-{numero:06d}"

    @property
    def attivo(self) -> bool:
        return self.stato in STATI_ATTIVI


class Messaggio(models.Model):
    """One message of the thread: the opening description, replies, internal notes."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messaggi")
    autore = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    testo = models.TextField("testo")
    dal_supporto = models.BooleanField(default=False)
    interno = models.BooleanField(
        "nota interna", default=False, help_text="Visibile solo al Supporto, mai al richiedente."
    )
    creato_il = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "messaggio"
        verbose_name_plural = "messaggi"
        ordering = ["creato_il", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(interno=False) | Q(dal_supporto=True),
                                   name="nota_interna_solo_dal_supporto"),
        ]

    def __str__(self):
        return f"{self.ticket.codice} – {self.creato_il:%d/%m/%Y %H:%M}"


class Allegato(models.Model):
    messaggio = models.ForeignKey(Messaggio, on_delete=models.CASCADE, related_name="allegati")
    file = models.FileField(max_length=255)
    nome_file = models.CharField("nome del file", max_length=255)
    tipo_mime = models.CharField(max_length=120)
    dimensione = models.PositiveBigIntegerField("dimensione (byte)")
    sha256 = models.CharField("impronta SHA-256", max_length=64)

    class Meta:
        verbose_name = "allegato"
        verbose_name_plural = "allegati"
        ordering = ["id"]

    def __str__(self):
        return self.nome_file

    @property
    def formato(self) -> str:
        return next((t.codice.upper() for t in TIPI.values() if t.mime == self.tipo_mime), "")


class RispostaPredefinita(models.Model):
    """A canned reply the support staff pick in the reply form. {nome}, {codice} and
    {giorni_riapertura} are replaced with the requester's first name, the ticket id and the days
    within which the requester may reopen a concluded ticket."""

    titolo = models.CharField("titolo", max_length=120, unique=True)
    testo = models.TextField("testo")
    tipologia = models.CharField("tipologia", max_length=20, choices=Tipologia.choices,
                                 blank=True, help_text="Vuoto: adatta a ogni tipologia.")
    attiva = models.BooleanField("attiva", default=True)
    ordine = models.PositiveSmallIntegerField("ordine", default=100)

    class Meta:
        verbose_name = "risposta predefinita"
        verbose_name_plural = "risposte predefinite"
        ordering = ["ordine", "titolo"]

    def __str__(self):
        return self.titolo

    def compila(self, ticket: Ticket) -> str:
        nome = ticket.richiedente.nome or ticket.richiedente.nome_completo or ""
        segnaposto = {"{nome}": nome, "{codice}": ticket.codice,
                      "{giorni_riapertura}": str(settings.ASSISTENZA_GIORNI_RIAPERTURA)}
        testo = self.testo
        for chiave, valore in segnaposto.items():
            testo = testo.replace(chiave, valore)
        return testo
