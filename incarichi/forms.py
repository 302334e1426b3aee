import copy
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.validators import valida_codice_fiscale_persona
from portale.documenti import CampoDocumento
from portale.forms import (
    DATA,
    EMAIL_NON_VALIDO,
    CodiceFiscaleField,
    CodiceIncollato,
    DecimaleInItaliano,
    InteroInItaliano,
)
from portale.validatori import minimo

from .models import (
    AUTOCERTIFICAZIONI_INCARICO,
    PERSONALE_SCOLASTICO,
    TIPOLOGIE_DOCENZA,
    Conferimento,
    Incarico,
    MotivazioneAffidamento,
    Rapporto,
    TipoAtto,
)
from .services import incarichi as servizi


def _autocertificazioni(form) -> None:
    for chiave, testo in AUTOCERTIFICAZIONI_INCARICO.items():
        form.fields[chiave] = forms.BooleanField(label=f"Dichiarata: {testo}", required=False)


class AffidamentoForm(forms.Form):
    """«Affidamento diretto»: the person, the art. 8 motivazione, the economic terms."""

    codice_fiscale = CodiceFiscaleField(label="Codice fiscale dell'incaricato",
                                        validators=[valida_codice_fiscale_persona])
    nome = forms.CharField(max_length=100)
    cognome = forms.CharField(max_length=100)
    email = forms.EmailField(label="E-mail", max_length=254, error_messages=EMAIL_NON_VALIDO)
    rapporto = forms.ChoiceField(choices=Rapporto.choices)
    amministrazione_appartenenza = forms.CharField(
        label="Amministrazione o scuola di appartenenza", max_length=255, required=False)
    motivazione = forms.ChoiceField(label="Motivazione (art. 8)",
                                    choices=MotivazioneAffidamento.choices,
                                    widget=forms.RadioSelect)
    giustificazione = forms.CharField(label="Giustificazione scritta",
                                      widget=forms.Textarea(attrs={"rows": 3}))
    ore = InteroInItaliano(label="Ore", min_value=1, required=False,
                           help_text="Se vuoto, le ore previste dalla scheda; non più di quelle")
    compenso = DecimaleInItaliano(label="Compenso lordo omnicomprensivo (€)",
                                  min_value=Decimal("0.01"), decimal_places=2, required=False,
                                  error_messages={"min_value": minimo(Decimal("0.01"), "€")},
                                  help_text="Se vuoto, la parte dell'importo della scheda che "
                                            "corrisponde alle ore. Per il personale della scuola "
                                            "con la tariffa del CCNL si calcola dalle ore: "
                                            "lascialo vuoto.")
    forfettario = forms.BooleanField(label="Compenso forfettario", required=False)
    data_inizio = forms.DateField(label="Inizio", required=False, widget=DATA)
    data_fine = forms.DateField(label="Fine", required=False, widget=DATA)
    luogo = forms.CharField(label="Luogo di svolgimento", max_length=255, required=False)
    impegno_settimanale = forms.CharField(
        label="Impegno settimanale", max_length=255, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ore e giorni, per esempio «4 ore settimanali (martedì e giovedì, "
                  "14:30–16:30)». L'atto lo riporta tra le modalità di svolgimento.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _autocertificazioni(self)

    def clean_codice_fiscale(self):
        return self.cleaned_data["codice_fiscale"].upper().strip()

    def clean_data_inizio(self):
        inizio = self.cleaned_data["data_inizio"]
        if inizio and inizio < timezone.localdate():  # the act comes before the work
            raise ValidationError(f"L'inizio ({inizio:%d/%m/%Y}) non può essere già passato: "
                                  "l'incarico si conferisce prima che le attività inizino.")
        return inizio

    def dati_servizio(self) -> dict:
        dati = dict(self.cleaned_data)
        dati["autocertificazioni"] = {k: dati.pop(k) for k in AUTOCERTIFICAZIONI_INCARICO}
        for chiave in ("codice_fiscale", "nome", "cognome", "email"):
            dati.pop(chiave)
        return dati


class RequisitiForm(forms.ModelForm):
    class Meta:
        model = Incarico
        fields = ["casellario_acquisito_il", "controllo_corte_conti", "tipo_atto", "luogo",
                  "impegno_settimanale", "modalita_pagamento"]
        widgets = {"casellario_acquisito_il": DATA,
                   # a phone shows the whole commitment, not its first 30 characters
                   "impegno_settimanale": forms.Textarea(attrs={"rows": 2}),
                   "modalita_pagamento": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, ds: bool = False, **kwargs):
        """`ds`: the DS corrects a direct award's hours and fee here before the act, as the
        award set them (AffidamentoForm's fields and rules)."""
        super().__init__(*args, **kwargs)
        _autocertificazioni(self)
        for chiave in AUTOCERTIFICAZIONI_INCARICO:
            self.fields[chiave].initial = self.instance.autocertificazioni.get(chiave, False)
        incarico = self.instance
        if ds and incarico.conferimento == Conferimento.AFFIDAMENTO_DIRETTO and incarico.scheda_id:
            self.fields["ore"] = copy.deepcopy(AffidamentoForm.base_fields["ore"])
            self.fields["ore"].initial = incarico.ore
            if not (incarico.rapporto in PERSONALE_SCOLASTICO and incarico.scheda.tariffa_id):
                # typed all-inclusive, as at the award (for school staff on a rate typed in)
                self.fields["compenso"] = copy.deepcopy(AffidamentoForm.base_fields["compenso"])
                self.fields["compenso"].initial = (incarico.compenso_lordo_stato
                                                   if incarico.rapporto in PERSONALE_SCOLASTICO
                                                   else incarico.compenso)
        scelte = [c for c in TipoAtto.choices if (c[0] == TipoAtto.LETTERA) != self.instance.esterno]
        self.fields["tipo_atto"].choices = scelte
        if not self.instance.esterno:
            del self.fields["controllo_corte_conti"]
        elif self.instance.tipologia in TIPOLOGIE_DOCENZA:
            self.fields["controllo_corte_conti"].help_text = (
                "Per un incarico di docenza (esperto, formatore, tutor) di norma: «Escluso: "
                "incarico di docenza». L'atto riporta la scelta.")

    def dati_servizio(self) -> dict:
        dati = dict(self.cleaned_data)
        dati["autocertificazioni"] = {k: dati.pop(k) for k in AUTOCERTIFICAZIONI_INCARICO}
        return dati


class DocumentoForm(forms.Form):
    file = CampoDocumento(label="File (PDF o P7M firmato)", tipi=("pdf", "p7m"))


class CurriculumForm(forms.Form):
    file = CampoDocumento(label="Curriculum vitae da pubblicare (PDF)", tipi=("pdf",))


class ProrogaForm(forms.Form):
    data_fine = forms.DateField(label="Nuova data di fine", widget=DATA)
    motivazione = forms.CharField(label="Motivo (ritardi non imputabili all'incaricato)",
                                  max_length=500)


class RevocaForm(forms.Form):
    motivazione = forms.CharField(label="Motivazione", widget=forms.Textarea(attrs={"rows": 2}))
    comunicata_il = forms.DateField(label="Comunicata all'incaricato il", required=False,
                                    widget=DATA, help_text="Il recesso ha effetto 15 giorni dopo")

    def clean(self):
        dati = super().clean()
        try:
            servizi.controlla_comunicazione_revoca(dati.get("comunicata_il"))
        except ValidationError as errore:
            self.add_error(None, errore)
        return dati


class LiquidazioneForm(forms.Form):
    giorni_assenza = forms.IntegerField(label="Giorni di assenza (incarichi forfettari)",
                                        min_value=0, initial=0, required=False)


class ComunicazioneAnagrafeForm(forms.Form):
    data = forms.DateField(label="Comunicato il", widget=DATA, initial=timezone.localdate,
                           error_messages={"required": "Indica il giorno della comunicazione."})


class VerificaOreForm(forms.Form):
    """The last line of the register the verifier saw: a line written meanwhile (by the
    segreteria, in another tab) is not verified unseen."""
    fino_a = forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages={
        "required": "Ricarica la pagina dell'incarico: non risulta quali righe del registro hai "
                    "visto.",
        "invalid": "Ricarica la pagina dell'incarico: non risulta quali righe del registro hai "
                   "visto."})


class EsitoCorteContiForm(forms.Form):
    data = forms.DateField(label="Data dell'esito positivo", widget=DATA)


class IbanForm(forms.Form):
    # pasted with spaces, in lower case; on a phone capitals and no spell-checker
    iban = CodiceIncollato(
        label="IBAN", lunghezza=34, troppo_lungo="Un IBAN ha al massimo 34 caratteri: controllalo.",
        help_text="Del conto intestato o cointestato a te; puoi incollarlo con gli spazi.",
        error_messages={"required": "Scrivi l'IBAN del conto su cui ricevere il compenso."})


class OreForm(forms.Form):
    data = forms.DateField(widget=DATA)
    ore = DecimaleInItaliano(min_value=Decimal("0.25"), max_digits=5, decimal_places=2,
                             # an example of hours (at most 999,99), not the generic «1.234,50»
                             error_messages={"min_value": minimo(Decimal("0.25"), "ore"),
                                             "invalid": "Scrivi le ore in cifre, con la virgola "
                                                        "per i decimali: ad esempio 2 oppure 1,5.",
                                             "max_decimal_places": "Scrivi al massimo due cifre "
                                                                   "dopo la virgola, ad esempio "
                                                                   "1,75.",
                                             "max_digits": "Troppe ore per un giorno: controlla "
                                                           "la cifra.",
                                             "max_whole_digits": "Troppe ore per un giorno: "
                                                                 "controlla la cifra."},
                             help_text="Per esempio 2 oppure 1,5.")
    attivita = forms.CharField(label="Attività svolta", max_length=300)

    def __init__(self, *args, incarico=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.incarico = incarico

    def clean(self):
        """The day's rules with the other errors, not after them (the service checks again
        under its lock); a closed register is said once, on top, by the service."""
        dati = super().clean()
        if (self.incarico is not None and "data" in dati
                and servizi.registro_ore_aperto(self.incarico)
                and (errore := servizi.errore_del_giorno(self.incarico, dati["data"]))):
            self.add_error("data", errore)
        return dati


class ComunicazioneNegativaForm(forms.Form):
    anno = forms.IntegerField(min_value=2000, max_value=2100)
    semestre = forms.TypedChoiceField(choices=[(1, "Primo"), (2, "Secondo")], coerce=int)
