"""Forms of «Gestione delle istanze» (staff) and of the candidate's answer to an istruttoria."""

from django import forms
from django.utils import timezone

from portale.documenti import CampoDocumento
from portale.forms import DATA_ORA
from procedure.models import Categoria

from .selectors import STATI_ISTANZE
from .services import TIPI_DOCUMENTI_INTEGRAZIONE, errore_scadenza_integrazione


class FiltriIstanzeForm(forms.Form):
    stato = forms.ChoiceField(label="Stato", required=False,
                              choices=[("", "Tutti")] + [(s.value, s.label) for s in STATI_ISTANZE])
    categoria = forms.ChoiceField(label="Categoria", required=False,
                                  choices=[("", "Tutte")] + list(Categoria.choices))
    q = forms.CharField(label="Cerca per nome o numero di protocollo", required=False,
                        max_length=100)

    def valori(self) -> dict:
        if not self.is_valid():
            return {"stato": "", "categoria": "", "cerca": ""}
        return {"stato": self.cleaned_data["stato"], "categoria": self.cleaned_data["categoria"],
                "cerca": self.cleaned_data["q"].strip()}


class RichiestaIntegrazioneForm(forms.Form):
    messaggio = forms.CharField(
        label="Che cosa deve integrare il candidato", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Il candidato potrà rispondere con un testo e con documenti; i titoli già "
                  "dichiarati non si possono modificare.")
    scadenza = forms.DateTimeField(
        label="Rispondere entro", widget=DATA_ORA,
        help_text="Almeno 24 ore e al più 30 giorni da adesso.")

    def clean_scadenza(self):
        # the service's rule, said with the other errors of the same send
        scadenza = self.cleaned_data["scadenza"]
        if errore := errore_scadenza_integrazione(scadenza, timezone.now()):
            raise forms.ValidationError(errore)
        return scadenza


class NotificaForm(forms.Form):
    oggetto = forms.CharField(label="Oggetto", max_length=200)
    testo = forms.CharField(label="Testo", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class RispostaIntegrazioneForm(forms.Form):
    testo = forms.CharField(label="La tua risposta", max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 5}))
    documenti = CampoDocumento(label="Documenti (facoltativi)", tipi=TIPI_DOCUMENTI_INTEGRAZIONE,
                               multiplo=True, massimo_file=5, required=False)


class ChiudiIstruttoriaForm(forms.Form):
    nota = forms.CharField(label="Perché chiudi l'istruttoria (il candidato lo leggerà)",
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
