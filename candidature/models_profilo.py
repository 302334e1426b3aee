"""«Il mio profilo» (issue 17, «una volta sola»): what a person declares once and reuses in
every application — titles of study, certifications, experiences, abilitazioni,
publications, the CV and the identity document. The contacts stay on accounts.User (the identity's own columns).

These rows belong to the person (`persona`), not to an application: an application copies
what it uses into its own JSON and its own stored file (precompila.py), so editing or
removing a profile entry never changes an application. Why they live in `candidature` and
not in `accounts`: docs/ARCHITECTURE.md («Il profilo del candidato»).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from portale.lingua import data_con
from portale.models import DocumentoArchiviato


class TipoVoce(models.TextChoices):
    TITOLO_STUDIO = "titolo_studio", "Titolo di studio"
    CERTIFICAZIONE = "certificazione", "Certificazione"
    ESPERIENZA_PROFESSIONALE = "esperienza_professionale", "Esperienza professionale"
    ESPERIENZA_SCOLASTICA = "esperienza_scolastica", "Esperienza nella scuola"
    ABILITAZIONE = "abilitazione", "Abilitazione"
    PUBBLICAZIONE = "pubblicazione", "Pubblicazione"


ESPERIENZE = (TipoVoce.ESPERIENZA_PROFESSIONALE, TipoVoce.ESPERIENZA_SCOLASTICA)


def accordato(tipo: str, participio: str) -> str:
    """«Titolo di studio salvato», «Certificazione salvata»: `participio` («salvat», «tolt»)
    agreeing with the kind's label (only «Titolo di studio» is masculine)."""
    return f"{TipoVoce(tipo).label} {participio}{'o' if tipo == TipoVoce.TITOLO_STUDIO else 'a'}"


class LivelloTitolo(models.TextChoices):
    DIPLOMA = "diploma", "Diploma di scuola secondaria superiore"
    LAUREA_TRIENNALE = "laurea_triennale", "Laurea triennale"
    LAUREA_MAGISTRALE = "laurea_magistrale", "Laurea magistrale, specialistica o vecchio ordinamento"
    MASTER = "master", "Master o corso di perfezionamento"
    DOTTORATO = "dottorato", "Dottorato di ricerca"
    ALTRO = "altro", "Altro titolo"


SCALE_VOTO = [(110, "110 (lauree)"), (100, "100 (diplomi)"), (60, "60 (diplomi del vecchio ordinamento)")]


class VoceProfilo(models.Model):
    """One entry of the profile. Which columns a kind uses: forms_profilo.CAMPI_PER_TIPO."""

    persona = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="voci_profilo")
    tipo = models.CharField("tipo", max_length=30, choices=TipoVoce.choices)
    livello = models.CharField("tipo di titolo", max_length=30, choices=LivelloTitolo.choices,
                               blank=True)
    titolo = models.CharField("titolo", max_length=300, blank=True)
    ente = models.CharField("ente o istituzione", max_length=255, blank=True)
    ruolo = models.CharField("ruolo", max_length=200, blank=True)
    conseguito_il = models.DateField("data di conseguimento", null=True, blank=True)
    dal = models.DateField("dal", null=True, blank=True)
    al = models.DateField("al", null=True, blank=True, help_text="Vuoto se in corso")
    voto = models.PositiveSmallIntegerField("voto", null=True, blank=True)
    scala_voto = models.PositiveSmallIntegerField("voto massimo della scala", choices=SCALE_VOTO,
                                                  null=True, blank=True)
    lode = models.BooleanField("con lode", default=False)
    note = models.TextField("note", blank=True, max_length=1000)
    creata_il = models.DateTimeField(auto_now_add=True)
    aggiornata_il = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "voce del profilo"
        verbose_name_plural = "voci del profilo"
        ordering = ["tipo", "-conseguito_il", "-dal", "-id"]
        indexes = [models.Index(fields=["persona", "tipo"], name="voce_profilo_persona_tipo")]
        constraints = [
            models.CheckConstraint(condition=Q(tipo__in=[t.value for t in TipoVoce]),
                                   name="voce_profilo_tipo_valido"),
            # procedure.criteri.errore_voto in the database: lode only with the top mark
            models.CheckConstraint(condition=Q(lode=False) | Q(voto=F("scala_voto")),
                                   name="voce_profilo_lode_col_massimo"),
            models.CheckConstraint(condition=Q(voto__isnull=True) | Q(scala_voto__isnull=False),
                                   name="voce_profilo_voto_con_scala"),
            models.CheckConstraint(condition=Q(dal__isnull=True) | Q(al__isnull=True)
                                   | Q(al__gte=F("dal")), name="voce_profilo_date_in_ordine"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()}: {self.titolo}"

    @property
    def esperienza(self) -> bool:
        return self.tipo in ESPERIENZE

    @property
    def voto_in_parole(self) -> str:
        if not self.voto:
            return ""
        return f"{self.voto}/{self.scala_voto}" + (" e lode" if self.lode else "")

    def in_parole(self, *, con_voto: bool = True) -> str:
        """One line, as a declaration's description («titoli, enti, date»); without the mark
        where the form declares it in its own fields."""
        parti = [self.get_livello_display() + ": " + self.titolo if self.livello else self.titolo]
        parti = [p for p in parti if p]
        if self.ruolo:
            parti.append(self.ruolo)
        if self.ente:
            parti.append(self.ente)
        if self.conseguito_il:
            parti.append(f"{self.conseguito_il:%d/%m/%Y}")
        if self.dal:
            parti.append(data_con("dal", self.dal) + (f" {data_con('al', self.al)}" if self.al
                                                       else " (in corso)"))
        if self.voto and con_voto:
            parti.append(self.voto_in_parole)
        return ", ".join(parti)


class CurriculumProfilo(DocumentoArchiviato):
    """The person's CV (a private PDF, portale.documenti). An application gets its own copy."""

    persona = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="curriculum_profilo")

    class Meta:
        verbose_name = "curriculum del profilo"
        verbose_name_plural = "curricula dei profili"


class DocumentoIdentitaProfilo(DocumentoArchiviato):
    """The person's identity document (a private PDF or image, portale.documenti), kept like
    the CV: an application that asks for it gets its own copy (precompila.py)."""

    persona = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="documento_identita_profilo")

    class Meta:
        verbose_name = "documento d'identità del profilo"
        verbose_name_plural = "documenti d'identità dei profili"


@dataclass(frozen=True)
class TipoDocumentoProfilo:
    """A kind of document the profile keeps: its model, its words, the formats it accepts
    (portale.documenti codes) and the words that find the allegato it fills in an avviso."""

    slug: str
    modello: type
    nome: str  # «Curriculum vitae»
    articolo: str  # «il curriculum»: in the messages
    tipi: tuple[str, ...]
    parole: tuple[str, ...]  # an allegato whose name contains one of these is this document
    url: str  # candidature:profilo_<url>, profilo_scarica_<url>, profilo_elimina_<url>
    vuoto: str  # what the profile page says when there is none

    def corrisponde(self, allegato_richiesto) -> bool:
        nome = (allegato_richiesto.nome or "").lower()
        return any(p in nome for p in self.parole)

    @property
    def url_carica(self) -> str:
        return f"candidature:profilo_{self.url}"

    @property
    def url_scarica(self) -> str:
        return f"candidature:profilo_scarica_{self.url}"

    @property
    def url_elimina(self) -> str:
        return f"candidature:profilo_elimina_{self.url}"

    @property
    def evento(self) -> str:
        return self.slug.replace("-", "_")  # profilo.curriculum, profilo.documento_identita


CURRICULUM = TipoDocumentoProfilo("curriculum", CurriculumProfilo, "Curriculum vitae",
                                  "il curriculum", ("pdf",), ("curriculum",), "curriculum",
                                  "Nessun curriculum. Caricalo una volta: le candidature che lo "
                                  "chiedono lo allegano da sole.")
IDENTITA = TipoDocumentoProfilo("documento-identita", DocumentoIdentitaProfilo,
                                "Documento d'identità", "il documento d'identità",
                                ("pdf", "jpeg", "png"), ("identit",), "identita",
                                "Nessun documento d'identità. Caricalo una volta: le candidature "
                                "che lo chiedono lo allegano da sole.")
DOCUMENTI_PROFILO = {d.slug: d for d in (CURRICULUM, IDENTITA)}
