from django.db import models


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
