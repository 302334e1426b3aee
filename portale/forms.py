from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import Istituto, Ruolo
from accounts.validators import normalizza_codice_fiscale, valida_codice_fiscale_persona

from .formato import da_testo, numero
from .scelte import SCEGLI, SceltaVuotaInItaliano
from .validatori import massimo, massimo_per_cifre, minimo

# Django says «indirizzo email»; the portal writes «e-mail» on every label, and shows the form
# Date pickers read and send ISO values only: given Django's localized format («01/12/2026»)
# a prefilled field shows empty, and a save sends it empty. One widget each, for every form.
DATA = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATA_ORA = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

EMAIL_NON_VALIDO = {"invalid": "Inserisci un indirizzo e-mail valido, per esempio "
                               "nome.cognome@esempio.it."}
PEC_NON_VALIDA = {"invalid": "Inserisci un indirizzo PEC valido, per esempio "
                             "nome.cognome@pec.it."}
# WCAG 1.3.5: the purpose of the fields about the person, for the browser to fill them in
EMAIL_PERSONALE = {"type": "email", "autocomplete": "email"}
INDIRIZZO_PERSONALE = {"autocomplete": "street-address"}


class CodiceIncollato(forms.CharField):
    """A code as it is pasted: spaces anywhere and lower case are not errors. The field lets in
    more than the code's length (a browser's maxlength of 16 cut the last character of a value
    pasted with a space in front, and the error then spoke of 15); the validators judge what
    remains, `lunghezza_salvata` characters at most."""

    def __init__(self, *, lunghezza: int, troppo_lungo: str, **kwargs):
        self.lunghezza_salvata = lunghezza  # what reaches the column, whitespace removed
        kwargs.setdefault("max_length", lunghezza + 8)
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocapitalize": "characters",
                                                           "spellcheck": "false"}))
        super().__init__(**kwargs)
        self.validators.append(MaxLengthValidator(lunghezza, message=troppo_lungo))

    def to_python(self, value):
        return "".join(super().to_python(value).split()).upper()


class CodiceFiscaleField(CodiceIncollato):
    def __init__(self, **kwargs):
        super().__init__(lunghezza=16, troppo_lungo="Il codice fiscale ha 16 caratteri: "
                                                    "controllalo.", **kwargs)


def _in_ordine(testo: str) -> str:
    """A name as a letterhead shows it: no spaces around or twice in a row."""
    return " ".join((testo or "").split())


class IstitutoForm(SceltaVuotaInItaliano, forms.ModelForm):
    # pasted with spaces around, a code was cut by the browser's maxlength (see CodiceIncollato)
    codice_meccanografico = CodiceIncollato(
        label="Codice meccanografico", lunghezza=10, help_text="10 caratteri, es. RMIC8A7005",
        troppo_lungo="Il codice meccanografico ha 10 caratteri: controllalo.")
    codice_fiscale = CodiceIncollato(
        label="Codice fiscale", lunghezza=11,
        troppo_lungo="Il codice fiscale di un istituto ha 11 cifre: controllalo.")

    class Meta:
        model = Istituto
        fields = ["codice_meccanografico", "denominazione", "codice_fiscale", "indirizzo",
                  "comune", "provincia", "regione", "email", "pec", "logo"]
        error_messages = {"email": EMAIL_NON_VALIDO, "pec": EMAIL_NON_VALIDO}
        help_texts = {"logo": "Immagine PNG o JPEG usata nell'intestazione dei documenti"}

    def clean_denominazione(self):
        return _in_ordine(self.cleaned_data["denominazione"])

    def clean_indirizzo(self):
        return _in_ordine(self.cleaned_data["indirizzo"])

    def clean_comune(self):
        comune = _in_ordine(self.cleaned_data["comune"])
        return comune[:1].upper() + comune[1:]  # «napoli»: the list showed it in lower case

    def clean_provincia(self):
        return self.cleaned_data["provincia"].upper().strip()


class AssegnaRuoloForm(SceltaVuotaInItaliano, forms.Form):
    codice_fiscale = CodiceFiscaleField(label="Codice fiscale")
    nome = forms.CharField(label="Nome", max_length=150, required=False)
    cognome = forms.CharField(label="Cognome", max_length=150, required=False)
    email = forms.EmailField(label="E-mail", max_length=254, required=False,
                             error_messages=EMAIL_NON_VALIDO)
    ruolo = forms.ChoiceField(label="Ruolo")
    istituto = forms.ModelChoiceField(
        label="Istituto", queryset=Istituto.objects.filter(attivo=True), required=False,
        help_text="Obbligatorio per i ruoli di un istituto; resta vuoto per Amministrazione "
                  "centrale e Supporto, che operano su tutti gli istituti.",
    )
    valido_dal = forms.DateField(label="Valido dal", required=False, widget=DATA)
    valido_al = forms.DateField(label="Valido fino al", required=False, widget=DATA)

    def __init__(self, *args, ruoli: tuple[Ruolo, ...], con_istituto: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # none preselected: a role is chosen, never taken by default (the first was the DS)
        self.fields["ruolo"].choices = [("", SCEGLI), *((r.value, r.label) for r in ruoli)]
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


_IN_LETTERE = {1: "una cifra", 2: "due cifre", 3: "tre cifre", 4: "quattro cifre"}


def _decimali_ammessi(decimali: int) -> str:
    if decimali == 0:
        return "Scrivi un numero intero, senza virgola (ad esempio 3)."
    esempio = numero(35.5, decimali) if decimali > 1 else "35,5"
    return (f"Scrivi al massimo {_IN_LETTERE.get(decimali, f'{decimali} cifre')} dopo la "
            f"virgola, ad esempio {esempio}.")


class DecimaleInItaliano(forms.DecimalField):
    """A decimal typed the Italian way: «70,50», «1.500,00», also «1500.50» or «1.500». A text
    field read here, not a number field: that leaves the comma to the browser, and one not set
    to Italian turns «70,50» into 7050."""

    default_error_messages = {
        "invalid": "Scrivi un numero con la virgola per i decimali, ad esempio 1.234,50 o 2,5."}

    def __init__(self, **kwargs):
        # data-numero: assets/conferma.js says a value that is no number before «Confermi?»
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal",
                                                           "data-numero": "decimale"}))
        # the limits written as they are typed («10», «0,50»), not Django's «10.00»
        limiti = {}
        if kwargs.get("min_value") is not None:
            limiti["min_value"] = minimo(kwargs["min_value"])
        if kwargs.get("max_value") is not None:
            limiti["max_value"] = massimo(kwargs["max_value"])
        # the column's digits said in words, not Django's «Assicurati che non vi siano più di 2
        # cifre decimali» / «… più di 8 cifre in totale»
        cifre, decimali = kwargs.get("max_digits"), kwargs.get("decimal_places")
        if decimali is not None:
            limiti["max_decimal_places"] = _decimali_ammessi(decimali)
        if cifre is not None and decimali is not None:
            limiti["max_digits"] = limiti["max_whole_digits"] = (
                f"Il numero è al massimo {numero(massimo_per_cifre(cifre, decimali), decimali)}: "
                "controlla la cifra.")
        kwargs["error_messages"] = limiti | (kwargs.get("error_messages") or {})
        super().__init__(localize=True, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = da_testo(value)
            if value is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class InteroInItaliano(forms.IntegerField):
    """A whole number in a text field with the phone's numeric keypad: a browser's number field
    not set to Italian drops the comma of «1,5» and sends 15 (for a candidate, fifteen years
    declared under DPR 445/2000). Here «1,5» reaches the server and is refused with its reason."""

    default_error_messages = {"invalid": "Scrivi un numero intero, senza virgola (ad esempio 3)."}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric",
                                                           "data-numero": "intero"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        # «1.000» is a thousand, as everywhere in the portal (Django's IntegerField dropped
        # «.000» as decimals: 1.000 ore previste were saved as 1)
        if isinstance(value, str):
            letto = da_testo(value)
            if letto is None or "." in letto:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = letto
        return super().to_python(value)


def numeri_in_italiano(campo_del_modello, **kwargs):
    """ModelForm.Meta.formfield_callback: every decimal of the model read as DecimaleInItaliano;
    an integer as InteroInItaliano («12,5» refused, not sent as 125 by a browser not set to
    Italian), bounded by the model's own validators, not the column's range (a positive
    field with «at least 1» said «≥ 0» for -1 and «≥ 1» for 0)."""
    if isinstance(campo_del_modello, models.DecimalField):
        kwargs["form_class"] = DecimaleInItaliano
    elif isinstance(campo_del_modello, models.IntegerField):
        kwargs.setdefault("form_class", InteroInItaliano)
        limiti = campo_del_modello.validators
        minimi = [v.limit_value for v in limiti if isinstance(v, MinValueValidator)
                  and not callable(v.limit_value)]
        massimi = [v.limit_value for v in limiti if isinstance(v, MaxValueValidator)
                   and not callable(v.limit_value)]
        if minimi:
            kwargs.setdefault("min_value", max(minimi))
        if massimi:
            kwargs.setdefault("max_value", min(massimi))
    return campo_del_modello.formfield(**kwargs)
