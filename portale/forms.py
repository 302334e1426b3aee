from django import forms

from accounts.models import Istituto, Ruolo
from accounts.validators import normalizza_codice_fiscale, valida_codice_fiscale_persona

from .scelte import SceltaVuotaInItaliano


class IstitutoForm(forms.ModelForm):
    class Meta:
        model = Istituto
        fields = ["codice_meccanografico", "denominazione", "codice_fiscale", "indirizzo",
                  "comune", "provincia", "regione", "email", "pec", "logo"]
        help_texts = {"codice_meccanografico": "10 caratteri, es. RMIC8A7005",
                      "logo": "Immagine PNG o JPEG usata nell'intestazione dei documenti"}

    def clean_codice_meccanografico(self):
        return self.cleaned_data["codice_meccanografico"].upper().strip()

    def clean_provincia(self):
        return self.cleaned_data["provincia"].upper().strip()


class AssegnaRuoloForm(SceltaVuotaInItaliano, forms.Form):
    codice_fiscale = forms.CharField(label="Codice fiscale", max_length=16)
    nome = forms.CharField(label="Nome", max_length=150, required=False)
    cognome = forms.CharField(label="Cognome", max_length=150, required=False)
    email = forms.EmailField(label="E-mail", max_length=254, required=False)
    ruolo = forms.ChoiceField(label="Ruolo")
    istituto = forms.ModelChoiceField(
        label="Istituto", queryset=Istituto.objects.filter(attivo=True), required=False
    )
    valido_dal = forms.DateField(label="Valido dal", required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    valido_al = forms.DateField(label="Valido fino al", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, ruoli: tuple[Ruolo, ...], con_istituto: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ruolo"].choices = [(r.value, r.label) for r in ruoli]
        if not con_istituto:
            del self.fields["istituto"]

    def clean_codice_fiscale(self):
        valore = normalizza_codice_fiscale(self.cleaned_data["codice_fiscale"])
        valida_codice_fiscale_persona(valore)
        return valore

    def clean(self):
        dati = super().clean()
        dal, al = dati.get("valido_dal"), dati.get("valido_al")
        if dal and al and al < dal:
            self.add_error("valido_al", "La fine della validità non può precedere l'inizio.")
        return dati
