"""Strumenti: manuals, templates, forms and rules shared with a chosen audience.

A strumento is national (istituto empty, uploaded by Amministrazione centrale) or belongs to
one istituto (uploaded by its DS, DSGA or Segreteria). Its file lives in versions: a new
version becomes the current one and the previous ones stay as history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.models import Istituto
from portale.documenti import TIPI


class Categoria(models.TextChoices):
    MANUALE = "manuale", "Manuale"
    TEMPLATE = "template", "Template"
    MODULISTICA = "modulistica", "Modulistica"
    NORMATIVA = "normativa", "Normativa"
    ALTRO = "altro", "Altro"


class Visibilita(models.TextChoices):
    PUBBLICO = "pubblico", "Pubblico"
    UTENTI = "utenti", "Tutti gli utenti del portale"
    SEGRETERIE = "segreterie", "Segreterie (DS, DSGA, Segreteria)"
    REFERENTI = "referenti", "Referenti di progetto"


# «utenti» of a strumento of an istituto: who has a role there (strumenti/selectors.py), not
# every user of the portal as the national one
UTENTI_DELL_ISTITUTO = "Il personale dell'istituto con un ruolo nel portale"


def visibilita_in_parole(visibilita: str, *, dell_istituto: bool) -> str:
    if visibilita == Visibilita.UTENTI and dell_istituto:
        return UTENTI_DELL_ISTITUTO
    return Visibilita(visibilita).label


class Ambito(models.TextChoices):
    NAZIONALE = "nazionale", "Nazionale"
    ISTITUTO = "istituto", "Istituto"


class Strumento(models.Model):
    titolo = models.CharField("titolo", max_length=200)
    descrizione = models.TextField("descrizione", blank=True)
    categoria = models.CharField("categoria", max_length=20, choices=Categoria.choices)
    visibilita = models.CharField("visibilità", max_length=20, choices=Visibilita.choices)
    istituto = models.ForeignKey(
        Istituto, on_delete=models.PROTECT, null=True, blank=True, related_name="strumenti",
        help_text="Vuoto per gli strumenti nazionali dell'Amministrazione centrale.",
    )
    versione_corrente = models.ForeignKey(
        "VersioneStrumento", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    download = models.PositiveIntegerField("download", default=0)
    creato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    creato_il = models.DateTimeField(auto_now_add=True)
    aggiornato_il = models.DateTimeField(auto_now=True, db_index=True)
    ritirato_il = models.DateTimeField("ritirato il", null=True, blank=True)
    ritirato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="ritirato da",
    )

    class Meta:
        verbose_name = "strumento"
        verbose_name_plural = "strumenti"
        ordering = ["-aggiornato_il", "-id"]
        indexes = [models.Index(fields=["istituto", "visibilita"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(categoria__in=[c.value for c in Categoria]),
                name="strumento_categoria_valida",
            ),
            models.CheckConstraint(
                condition=Q(visibilita__in=[v.value for v in Visibilita]),
                name="strumento_visibilita_valida",
            ),
        ]

    def __str__(self):
        return self.titolo

    @property
    def visibilita_in_parole(self) -> str:
        return visibilita_in_parole(self.visibilita, dell_istituto=self.istituto_id is not None)

    @property
    def ambito(self) -> str:
        return Ambito.ISTITUTO if self.istituto_id else Ambito.NAZIONALE

    @property
    def descrizione_ambito(self) -> str:
        return self.istituto.denominazione if self.istituto_id else "Nazionale"


class VersioneStrumento(models.Model):
    """One uploaded file of a strumento; numbered 1, 2, … per strumento, never changed."""

    strumento = models.ForeignKey(Strumento, on_delete=models.CASCADE, related_name="versioni")
    numero = models.PositiveIntegerField("versione")
    file = models.FileField("file", max_length=255)
    nome_file = models.CharField("nome del file", max_length=255)
    tipo_mime = models.CharField(max_length=120)
    dimensione = models.PositiveBigIntegerField("dimensione (byte)")
    sha256 = models.CharField("impronta SHA-256", max_length=64)
    nota = models.CharField("note di versione", max_length=300, blank=True)
    caricata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    caricata_il = models.DateTimeField(auto_now_add=True)
    download = models.PositiveIntegerField("download", default=0)

    class Meta:
        verbose_name = "versione di uno strumento"
        verbose_name_plural = "versioni degli strumenti"
        ordering = ["strumento", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["strumento", "numero"], name="versione_unica"),
            models.CheckConstraint(condition=Q(numero__gte=1), name="versione_da_uno"),
        ]

    def __str__(self):
        return f"{self.strumento} – versione {self.numero}"

    @property
    def formato(self) -> str:
        """PDF, DOCX, … from the type recognised at upload."""
        return next((t.codice.upper() for t in TIPI.values() if t.mime == self.tipo_mime), "")
