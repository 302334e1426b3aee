from django import forms

from accounts.models import Ruolo
from portale.formato import euro
from portale.forms import DATA, numeri_in_italiano
from portale.scelte import SceltaVuotaInItaliano

from .models import SchedaProgettuale
from .selectors import referenti_possibili, tariffe_valide
from .services import CAMPI_SCHEDA, COMPENSO_ORARIO_MASSIMO, PER_CONCLUDERE, incoerenze


class SchedaForm(SceltaVuotaInItaliano, forms.ModelForm):
    """Every field optional but the title: «Salva» keeps partial drafts."""

    class Meta:
        model = SchedaProgettuale
        fields = list(CAMPI_SCHEDA)
        formfield_callback = numeri_in_italiano
        widgets = {
            "data_inizio": DATA,
            "data_fine": DATA,
            "descrizione": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        for nome, campo in self.fields.items():
            campo.required = nome == "titolo"
            if nome in PER_CONCLUDERE and not campo.required:
                # not marked «*» (a draft is saved without it), yet «Concludi» asks for it
                campo.help_text = " ".join(filter(None, [
                    "Serve per concludere la scheda.", str(campo.help_text or "")]))
        self.fields["tariffa"].queryset = tariffe_valide()
        self.fields["tariffa"].empty_label = "— nessuna (compenso inserito a mano) —"
        self.fields["referente"].queryset = referenti_possibili(membership)
        if (self.instance.pk is None and membership is not None
                and membership.ruolo == Ruolo.REFERENTE):
            # a referente writes her own scheda: she is its referente until she chooses another
            self.fields["referente"].initial = membership.user_id
        # the limits are the service's (incoerenze, in clean): one message for each, in words
        ore = self.fields["ore_previste"]
        ore.min_value = ore.max_value = None
        ore.validators = []
        tariffa = self.fields["tariffa_manuale"]  # the maximum said of a rate, in euro
        tariffa.error_messages["max_digits"] = tariffa.error_messages["max_whole_digits"] = (
            f"Il compenso orario è al massimo {euro(COMPENSO_ORARIO_MASSIMO)}: controlla la cifra.")

    def clean_cup(self):
        return (self.cleaned_data.get("cup") or "").upper().strip()

    def clean(self):
        dati = super().clean()
        valori = {nome: dati.get(nome) for nome in ("data_inizio", "data_fine", "ore_previste",
                                                    "tariffa_manuale")}
        for nome, errore in incoerenze(**valori).items():
            if nome not in self.errors:
                self.add_error(nome, errore)
        return dati
