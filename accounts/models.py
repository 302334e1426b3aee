from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .territorio import REGIONE_DELLA_PROVINCIA
from .validators import (
    data_nascita_da_codice_fiscale,
    normalizza_codice_fiscale,
    sesso_da_codice_fiscale,
    valida_codice_fiscale_ente,
    valida_codice_fiscale_persona,
    valida_codice_meccanografico,
    valida_telefono,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, codice_fiscale, password, **extra):
        codice_fiscale = normalizza_codice_fiscale(codice_fiscale)
        if not codice_fiscale:
            raise ValueError("Il codice fiscale è obbligatorio")
        extra.setdefault("data_nascita", data_nascita_da_codice_fiscale(codice_fiscale))
        user = self.model(codice_fiscale=codice_fiscale, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, codice_fiscale, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(codice_fiscale, password, **extra)

    def create_superuser(self, codice_fiscale, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(codice_fiscale, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person, identified by the codice fiscale that SPID/CIE assert."""

    codice_fiscale = models.CharField(
        "codice fiscale", max_length=16, unique=True, validators=[valida_codice_fiscale_persona]
    )
    nome = models.CharField("nome", max_length=150, blank=True)
    cognome = models.CharField("cognome", max_length=150, blank=True)
    email = models.EmailField("e-mail", blank=True)
    pec = models.EmailField("PEC", blank=True)
    telefono = models.CharField("telefono", max_length=30, blank=True,
                                validators=[valida_telefono])
    indirizzo = models.CharField("indirizzo di residenza o domicilio", max_length=255, blank=True)
    data_nascita = models.DateField("data di nascita", null=True, blank=True)
    livello_spid = models.PositiveSmallIntegerField("ultimo livello SPID", null=True, blank=True)
    is_staff = models.BooleanField("accesso all'amministrazione Django", default=False)
    is_active = models.BooleanField("attivo", default=True)
    date_joined = models.DateTimeField("registrato il", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "codice_fiscale"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "utente"
        verbose_name_plural = "utenti"
        ordering = ["cognome", "nome"]

    def __str__(self):
        return self.nome_completo or self.codice_fiscale

    @property
    def nome_completo(self) -> str:
        return f"{self.nome} {self.cognome}".strip()

    def get_full_name(self):
        return self.nome_completo

    def get_short_name(self):
        return self.nome

    def clean(self):
        self.codice_fiscale = normalizza_codice_fiscale(self.codice_fiscale)
        if not self.data_nascita:
            self.data_nascita = data_nascita_da_codice_fiscale(self.codice_fiscale)


def nome_visualizzato(user) -> str:
    """How allauth names a person in its messages: the name, not the codice fiscale."""
    return user.nome_completo or user.codice_fiscale


# The twenty regions, as the avvisi are filtered by them (the istituto's region is one of these).
REGIONI = (
    "Abruzzo", "Basilicata", "Calabria", "Campania", "Emilia-Romagna", "Friuli-Venezia Giulia",
    "Lazio", "Liguria", "Lombardia", "Marche", "Molise", "Piemonte", "Puglia", "Sardegna",
    "Sicilia", "Toscana", "Trentino-Alto Adige", "Umbria", "Valle d'Aosta", "Veneto",
)


class Istituto(models.Model):
    """An istituzione scolastica; its data make the letterhead of every document."""

    codice_meccanografico = models.CharField(
        "codice meccanografico", max_length=10, unique=True, validators=[valida_codice_meccanografico],
        error_messages={"unique": "Esiste già un istituto con questo codice meccanografico."},
    )
    denominazione = models.CharField("denominazione", max_length=255)
    codice_fiscale = models.CharField(
        "codice fiscale", max_length=11, validators=[valida_codice_fiscale_ente]
    )
    indirizzo = models.CharField("indirizzo", max_length=255)
    comune = models.CharField("comune", max_length=100)
    provincia = models.CharField("provincia (sigla)", max_length=2)
    regione = models.CharField("regione", max_length=50, choices=[(r, r) for r in REGIONI])
    email = models.EmailField("e-mail istituzionale")
    pec = models.EmailField("PEC")
    logo = models.ImageField("logo", upload_to="istituti/loghi/", blank=True)
    attivo = models.BooleanField("attivo", default=True)

    class Meta:
        verbose_name = "istituto"
        verbose_name_plural = "istituti"
        ordering = ["denominazione"]
        constraints = [
            models.CheckConstraint(
                condition=Q(codice_meccanografico__regex=r"^[A-Z]{2}[A-Z0-9]{8}$"),
                name="istituto_codice_meccanografico_formato",
            )
        ]

    def __str__(self):
        return f"{self.denominazione} ({self.codice_meccanografico})"

    def clean(self):
        self.codice_meccanografico = (self.codice_meccanografico or "").upper().strip()
        self.provincia = (self.provincia or "").upper().strip()
        regione = REGIONE_DELLA_PROVINCIA.get(self.provincia)
        if self.provincia and regione is None:
            raise ValidationError({"provincia": (
                f"«{self.provincia}» non è la sigla di una provincia italiana: scrivi le due "
                "lettere della targa, ad esempio NA o MI.")})
        if regione and self.regione in REGIONI and self.regione != regione:
            raise ValidationError({"regione": (
                f"La provincia {self.provincia} è in {regione}, non in {self.regione}.")})


class Ruolo(models.TextChoices):
    DS = "ds", "Dirigente Scolastico"
    DSGA = "dsga", "DSGA"
    SEGRETERIA = "segreteria", "Segreteria"
    REFERENTE = "referente", "Referente di progetto"
    AMMINISTRAZIONE = "amministrazione", "Amministrazione centrale"
    SUPPORTO = "supporto", "Supporto"


# the roles whose name agrees with the person holding it (the gender from the codice
# fiscale); the others read the same for everybody
RUOLI_AL_FEMMINILE = {Ruolo.DS: "Dirigente Scolastica"}

RUOLI_DI_ISTITUTO = (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA, Ruolo.REFERENTE)
RUOLI_NAZIONALI = (Ruolo.AMMINISTRAZIONE, Ruolo.SUPPORTO)
# Roles a DS may assign inside the own istituto; the DS itself is assigned centrally.
RUOLI_ASSEGNATI_DAL_DS = (Ruolo.DSGA, Ruolo.SEGRETERIA, Ruolo.REFERENTE)


class MembershipQuerySet(models.QuerySet):
    def valide(self, giorno=None):
        """Valid on `giorno` (today): within its period and not revoked on or before that
        day (a revocation takes effect at once, the period keeps saying until when)."""
        giorno = giorno or timezone.localdate()
        return self.filter(
            Q(valido_dal__lte=giorno), Q(valido_al__isnull=True) | Q(valido_al__gte=giorno),
            Q(revocato_il__isnull=True) | Q(revocato_il__gt=giorno),
        )

    def non_concluse(self, giorno=None):
        """Valid on `giorno` (today) or from a later day: not ended, not revoked by then."""
        giorno = giorno or timezone.localdate()
        return self.filter(Q(valido_al__isnull=True) | Q(valido_al__gte=giorno),
                           Q(revocato_il__isnull=True) | Q(revocato_il__gt=giorno))

    def sovrapposte(self, *, ruolo, istituto, dal, al=None):
        """The `ruolo` in `istituto` valid on at least one day from `dal` to `al` (open when
        None): the period not ended before `dal`, not revoked on or before `dal`, begun by `al`."""
        trovate = self.filter(ruolo=ruolo, istituto=istituto).filter(
            Q(valido_al__isnull=True) | Q(valido_al__gte=dal),
            Q(revocato_il__isnull=True) | Q(revocato_il__gt=dal),
        )
        return trovate.filter(valido_dal__lte=al) if al else trovate


class Membership(models.Model):
    """A role held by a user, in an istituto (or nationally), for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    istituto = models.ForeignKey(
        Istituto, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    ruolo = models.CharField("ruolo", max_length=20, choices=Ruolo.choices)
    valido_dal = models.DateField("valido dal", default=timezone.localdate)
    valido_al = models.DateField("valido al", null=True, blank=True)
    # the day of «Revoca»: from that day on the role no longer counts, whatever valido_al says
    revocato_il = models.DateField("revocato il", null=True, blank=True)
    creato_il = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "ruolo"
        verbose_name_plural = "ruoli"
        ordering = ["istituto__denominazione", "ruolo"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ruolo__in=[r.value for r in Ruolo]), name="membership_ruolo_valido"
            ),
            models.CheckConstraint(
                condition=(
                    Q(ruolo__in=[r.value for r in RUOLI_DI_ISTITUTO], istituto__isnull=False)
                    | Q(ruolo__in=[r.value for r in RUOLI_NAZIONALI], istituto__isnull=True)
                ),
                name="membership_istituto_coerente_col_ruolo",
            ),
            models.CheckConstraint(
                condition=Q(valido_al__isnull=True) | Q(valido_al__gte=models.F("valido_dal")),
                name="membership_periodo_coerente",
            ),
        ]

    def __str__(self):
        return f"{self.get_ruolo_display()} – {self._dove()}"

    def _dove(self) -> str:
        return self.istituto.denominazione if self.istituto_id else "nazionale"

    @property
    def ruolo_della_persona(self) -> str:
        """The role's name agreed with who holds it: «Dirigente Scolastica» for a woman (the
        holder is read: load `user` with the membership, as the lists and the header do)."""
        femminile = RUOLI_AL_FEMMINILE.get(self.ruolo)
        if femminile and sesso_da_codice_fiscale(self.user.codice_fiscale or "") == "F":
            return femminile
        return self.get_ruolo_display()

    @property
    def della_persona(self) -> str:
        """«Dirigente Scolastica – IC Leonardo da Vinci»: what the holder reads of the role."""
        return f"{self.ruolo_della_persona} – {self._dove()}"

    @property
    def nella_scelta(self) -> str:
        """In «Operi come»: the istituto first, the part that tells two roles apart, so that a
        phone that cuts the text cuts the role and not the school."""
        return f"{self._dove()} – {self.ruolo_della_persona}"

    @property
    def nazionale(self) -> bool:
        return self.istituto_id is None

    def valida_il(self, giorno) -> bool:
        return (self.valido_dal <= giorno and (self.valido_al is None or self.valido_al >= giorno)
                and (self.revocato_il is None or self.revocato_il > giorno))
