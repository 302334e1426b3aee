"""The forms of «Il mio profilo»: contacts (on accounts.User), one entry of any kind, the CV."""

from types import SimpleNamespace

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from portale.documenti import CampoDocumento
from portale.forms import (
    DATA,
    EMAIL_NON_VALIDO,
    EMAIL_PERSONALE,
    INDIRIZZO_PERSONALE,
    PEC_NON_VALIDA,
    InteroInItaliano,
)
from portale.scelte import SceltaVuotaInItaliano
from procedure.criteri import errore_voto

from .models_profilo import TipoVoce, VoceProfilo

# Which columns each kind of entry asks, in the page's order.
CAMPI_PER_TIPO = {
    TipoVoce.TITOLO_STUDIO: ("livello", "titolo", "ente", "conseguito_il", "voto", "scala_voto",
                             "lode", "note"),
    TipoVoce.CERTIFICAZIONE: ("titolo", "ente", "conseguito_il", "note"),
    TipoVoce.ESPERIENZA_PROFESSIONALE: ("ente", "ruolo", "titolo", "dal", "al", "note"),
    TipoVoce.ESPERIENZA_SCOLASTICA: ("ente", "ruolo", "titolo", "dal", "al", "note"),
    TipoVoce.ABILITAZIONE: ("titolo", "ente", "conseguito_il", "note"),
    TipoVoce.PUBBLICAZIONE: ("titolo", "ente", "conseguito_il", "note"),
}
ETICHETTE = {
    TipoVoce.TITOLO_STUDIO: {"titolo": "Titolo (es. Laurea in Ingegneria informatica)",
                             "ente": "Università o istituto"},
    TipoVoce.CERTIFICAZIONE: {"titolo": "Certificazione (es. Inglese B2, EIPASS)",
                              "ente": "Ente certificatore"},
    TipoVoce.ESPERIENZA_PROFESSIONALE: {"titolo": "Attività svolta (facoltativa)",
                                        "ente": "Ente o datore di lavoro"},
    TipoVoce.ESPERIENZA_SCOLASTICA: {"titolo": "Attività svolta (es. esperto PON, tutor)",
                                     "ente": "Istituzione scolastica"},
    TipoVoce.ABILITAZIONE: {"titolo": "Abilitazione (es. classe di concorso A041)",
                            "ente": "Rilasciata da"},
    TipoVoce.PUBBLICAZIONE: {"titolo": "Titolo della pubblicazione",
                             "ente": "Editore o rivista", "conseguito_il": "Data di pubblicazione"},
}


class ContattiForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email", "pec", "telefono", "indirizzo"]
        labels = {"email": "E-mail per le comunicazioni", "pec": "Domicilio digitale (PEC)",
                  "telefono": "Telefono", "indirizzo": "Indirizzo di residenza o domicilio"}
        widgets = {"telefono": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
                   "email": forms.EmailInput(attrs=EMAIL_PERSONALE),
                   "indirizzo": forms.TextInput(attrs=INDIRIZZO_PERSONALE)}
        help_texts = {"email": "Qui ricevi gli avvisi del portale: proposte di incarico, "
                               "richieste di integrazione, esiti e le loro scadenze.",
                      "pec": "L'indirizzo PEC al quale ricevere le comunicazioni con valore "
                             "legale (facoltativo)."}
        error_messages = {"email": EMAIL_NON_VALIDO, "pec": PEC_NON_VALIDA}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # blank on the account (an identity may come without one), not in what the person keeps
        self.fields["email"].required = True


class VoceForm(SceltaVuotaInItaliano, forms.ModelForm):
    """Any kind of entry: the fields of `tipo` only (CAMPI_PER_TIPO)."""

    class Meta:
        model = VoceProfilo
        fields = ["livello", "titolo", "ente", "ruolo", "conseguito_il", "dal", "al", "voto",
                  "scala_voto", "lode", "note"]
        widgets = {"conseguito_il": DATA, "dal": DATA, "al": DATA,
                   "note": forms.Textarea(attrs={"rows": 2}),
                   "voto": forms.TextInput(attrs={"inputmode": "numeric"})}
        field_classes = {"voto": InteroInItaliano}
        error_messages = {"voto": {"invalid": "Scrivi il voto in cifre, senza virgola (ad "
                                              "esempio 105)."}}

    def __init__(self, *args, tipo: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.tipo = TipoVoce(tipo)
        tenuti = CAMPI_PER_TIPO[self.tipo]
        self.fields = {nome: self.fields[nome] for nome in tenuti}
        for nome, etichetta in ETICHETTE.get(self.tipo, {}).items():
            if nome in self.fields:
                self.fields[nome].label = etichetta
        if "titolo" in self.fields and self.tipo in (TipoVoce.ESPERIENZA_PROFESSIONALE,
                                                     TipoVoce.ESPERIENZA_SCOLASTICA):
            self.fields["titolo"].required = False
            self.fields["ente"].required = True
            self.fields["ruolo"].required = True
            self.fields["dal"].required = True
        elif "titolo" in self.fields:
            self.fields["titolo"].required = True
        if "livello" in self.fields:
            self.fields["livello"].required = True
        if "scala_voto" in self.fields:
            self.fields["scala_voto"].help_text = ("110 per le lauree, 100 per i diplomi; "
                                                   "la lode vale solo con il voto massimo.")
        self.fields["note"].max_length = 1000
        self.fields["note"].widget.attrs["maxlength"] = 1000

    def clean(self):
        dati = super().clean()
        oggi = timezone.localdate()
        for nome in ("conseguito_il", "dal"):
            if dati.get(nome) and dati[nome] > oggi:
                self.add_error(nome, "La data non può essere nel futuro.")
        if dati.get("dal") and dati.get("al") and dati["al"] < dati["dal"]:
            self.add_error("al", "La data di fine viene prima di quella di inizio.")
        if self.tipo == TipoVoce.TITOLO_STUDIO:
            voto, lode, scala = dati.get("voto"), bool(dati.get("lode")), dati.get("scala_voto")
            if voto is not None and not scala:
                self.add_error("scala_voto", "Indica su quanto è il voto (110, 100 o 60).")
            elif (voto is not None or lode) and "voto" not in self.errors:  # unreadable: said
                # the same rule as the application form and the commission's corrections
                errore = errore_voto(SimpleNamespace(scala_voto=scala or 110), voto, lode)
                if errore:
                    self.add_error("lode" if "lode" in errore.lower() and voto else "voto", errore)
        if self.tipo in (TipoVoce.ESPERIENZA_PROFESSIONALE, TipoVoce.ESPERIENZA_SCOLASTICA):
            dati["titolo"] = dati.get("titolo") or ""
        return dati


class CurriculumForm(forms.Form):
    curriculum = CampoDocumento(label="Curriculum vitae (PDF)", tipi=("pdf",))


class IdentitaForm(forms.Form):
    documento_identita = CampoDocumento(
        label="Documento d'identità (PDF, JPEG o PNG)", tipi=("pdf", "jpeg", "png"),
        help_text="Carta d'identità, passaporto o patente in corso di validità, fronte e retro "
                  "in un solo file.")


# the upload form of each kind of document (models_profilo.DOCUMENTI_PROFILO), and its field
FORM_DOCUMENTO = {"curriculum": (CurriculumForm, "curriculum"),
                  "documento-identita": (IdentitaForm, "documento_identita")}
