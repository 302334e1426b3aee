from django.db import models
from django.db.models import Q


class AsserzioneUsata(models.Model):
    """Assertion ids already consumed: the same response can never log anyone in twice."""

    id_asserzione = models.CharField(max_length=255, unique=True)
    idp = models.CharField(max_length=255)
    usata_il = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "asserzione SAML usata"
        verbose_name_plural = "asserzioni SAML usate"

    def __str__(self):
        return self.id_asserzione


class GestoreIdentita(models.Model):
    """An identity provider the portal may trust: the registry kept as data.

    Loaded by `manage.py aggiorna_registro_idp` (the official SPID registry and the ministry's
    CIE metadata, or the copy shipped in accounts/spid/registro/ when there is no network) and
    by `manage.py registra_idp` (eIDAS, the ministry's own credentials, any other SAML IdP).
    """

    class Tipo(models.TextChoices):
        SPID = "spid", "SPID"
        CIE = "cie", "CIE"
        EIDAS = "eidas", "eIDAS"
        MINISTERO = "ministero", "Credenziali del Ministero"

    class Ambiente(models.TextChoices):
        PRODUZIONE = "produzione", "produzione"
        PREPRODUZIONE = "preproduzione", "pre-produzione"

    class Fonte(models.TextChoices):
        REGISTRO = "registro", "registro ufficiale"
        FILE = "file", "copia distribuita con il portale"
        MANUALE = "manuale", "configurato a mano"

    entity_id = models.CharField("entity ID", max_length=255)
    tipo = models.CharField(max_length=10, choices=Tipo.choices)
    nome = models.CharField(max_length=200)
    logo = models.CharField(max_length=500, blank=True,
                            help_text="Indirizzo https del logo o file in static/spid/idp/.")
    sso_url = models.URLField("indirizzo SSO", max_length=500)
    sso_binding = models.CharField(max_length=80)
    slo_url = models.URLField("indirizzo SLO", max_length=500, blank=True)
    slo_binding = models.CharField(max_length=80, blank=True)
    certificati = models.JSONField(default=list, blank=True, help_text="Certificati di firma (DER in base64).")
    url_metadata = models.URLField("indirizzo dei metadata", max_length=500, blank=True)
    ambiente = models.CharField(max_length=15, choices=Ambiente.choices, default=Ambiente.PRODUZIONE)
    fonte = models.CharField(max_length=10, choices=Fonte.choices, default=Fonte.MANUALE)
    attivo = models.BooleanField(default=True)
    aggiornato_il = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "gestore dell'identità digitale"
        verbose_name_plural = "gestori dell'identità digitale"
        ordering = ["tipo", "nome"]
        constraints = [
            models.UniqueConstraint(fields=["entity_id", "tipo", "ambiente"],
                                    name="gestore_identita_unico"),
            models.CheckConstraint(condition=Q(tipo__in=["spid", "cie", "eidas", "ministero"]),
                                   name="gestore_identita_tipo_valido"),
            models.CheckConstraint(condition=Q(ambiente__in=["produzione", "preproduzione"]),
                                   name="gestore_identita_ambiente_valido"),
        ]

    def __str__(self):
        return f"{self.nome} ({self.get_tipo_display()})"
