from django import forms

from portale.documenti import CampoDocumento
from portale.scelte import SceltaVuotaInItaliano

from .models import (
    UTENTI_DELL_ISTITUTO,
    Ambito,
    Categoria,
    Strumento,
    Visibilita,
    visibilita_in_parole,
)
from .selectors import PERSONALE_DELL_ISTITUTO, incontra_strumenti_del_personale
from .services import TIPI_AMMESSI


class StrumentoForm(SceltaVuotaInItaliano, forms.ModelForm):
    class Meta:
        model = Strumento
        fields = ["titolo", "descrizione", "categoria", "visibilita"]
        widgets = {"descrizione": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "visibilita": "Chi può consultare e scaricare lo strumento. «Pubblico»: chiunque, "
                          "anche senza accedere; «Referenti di progetto»: i referenti e le "
                          "segreterie (DS, DSGA, Segreteria).",
        }

    def __init__(self, *args, dell_istituto: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibilita"].choices = [
            (valore, visibilita_in_parole(valore, dell_istituto=dell_istituto) if valore else etichetta)
            for valore, etichetta in self.fields["visibilita"].choices]


class CaricaStrumentoForm(StrumentoForm):
    file = CampoDocumento(label="File", tipi=TIPI_AMMESSI)
    nota = forms.CharField(label="Note di versione", max_length=300, required=False)


class NuovaVersioneForm(forms.Form):
    file = CampoDocumento(label="Nuovo file", tipi=TIPI_AMMESSI)
    nota = forms.CharField(label="Che cosa cambia in questa versione", max_length=300,
                           required=False)


class FiltriStrumentiForm(forms.Form):
    q = forms.CharField(label="Cerca nel titolo o nella descrizione", required=False)
    categoria = forms.ChoiceField(label="Categoria", required=False,
                                  choices=[("", "Tutte"), *Categoria.choices])
    ambito = forms.ChoiceField(label="Ambito", required=False,
                               choices=[("", "Tutti"), *Ambito.choices])
    visibilita = forms.ChoiceField(label="Visibilità", required=False,
                                   choices=[("", "Tutte"), *Visibilita.choices])
    gestibili = forms.BooleanField(label="Solo quelli che gestisco", required=False)

    def __init__(self, *args, user=None, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        # only the visibilities the person can meet: a candidate never sees «Segreterie»
        if membership is None:
            visibili = ([Visibilita.PUBBLICO, Visibilita.UTENTI]
                        if user is not None and user.is_authenticated else [])
            if len(visibili) < 2:
                del self.fields["visibilita"]
            else:
                self.fields["visibilita"].choices = [("", "Tutte")] + [
                    (v.value, v.label) for v in visibili]
        else:
            # the staff meet both meanings of «utenti»: the national strumenti for everybody
            # logged in, their istituto's for its staff; one option each, with the words of
            # the list and the detail (one option for both said two things at once)
            scelte = []
            for valore, etichetta in self.fields["visibilita"].choices:
                scelte.append((valore, etichetta))
                if valore == Visibilita.UTENTI and incontra_strumenti_del_personale(membership):
                    scelte.append((PERSONALE_DELL_ISTITUTO, UTENTI_DELL_ISTITUTO))
            self.fields["visibilita"].choices = scelte

    def campi_a_scelta(self):
        return [self[nome] for nome in ("categoria", "ambito", "visibilita") if nome in self.fields]

    def valori(self) -> dict:
        if not self.is_valid():
            return {}
        dati = self.cleaned_data
        return {"cerca": dati["q"].strip(), "categoria": dati["categoria"],
                "ambito": dati["ambito"], "visibilita": dati.get("visibilita", ""),
                "solo_gestibili": dati["gestibili"]}
