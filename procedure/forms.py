import re
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from portale import formato
from portale.forms import DATA, DATA_ORA, numeri_in_italiano
from portale.lingua import elenco, quantita
from portale.scelte import SCEGLI, SceltaVuotaInItaliano

from . import griglie
from .models import (
    MASSIMO_GIORNI_RECLAMI,
    MASSIMO_INCARICHI,
    AllegatoRichiesto,
    BaseCompenso,
    CampoModulo,
    Categoria,
    Criterio,
    FormatoAllegato,
    ProceduraSelezione,
    TipoCampo,
    TipoCriterio,
)
from .services import CAMPI_INFORMAZIONI, MODI_GRIGLIA, errori_delle_date


class InformazioniForm(SceltaVuotaInItaliano, forms.ModelForm):
    """Informazioni generali: everything optional but the oggetto, to allow drafts."""

    class Meta:
        model = ProceduraSelezione
        fields = list(CAMPI_INFORMAZIONI)
        formfield_callback = numeri_in_italiano
        widgets = {
            "data_inizio_attivita": DATA,
            "data_fine_attivita": DATA,
            "base_compenso": forms.RadioSelect,
            **{c: forms.Textarea(attrs={"rows": 3}) for c in (
                "profilo", "modalita_pagamento", "requisiti_ammissione", "modalita_svolgimento",
                "informativa_privacy")},
        }
        # what the field counts and its range, instead of «maggiore o uguale a 1»
        error_messages = {
            "numero_incarichi": {
                "min_value": f"Indica quanti incarichi conferire: da 1 a {MASSIMO_INCARICHI}.",
                "max_value": f"Indica quanti incarichi conferire: da 1 a {MASSIMO_INCARICHI}."},
            "giorni_reclami": {
                "min_value": ("I giorni per i reclami contro la graduatoria provvisoria vanno da 1 "
                              f"a {MASSIMO_GIORNI_RECLAMI}."),
                "max_value": ("I giorni per i reclami contro la graduatoria provvisoria vanno da 1 "
                              f"a {MASSIMO_GIORNI_RECLAMI}.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nome, campo in self.fields.items():
            if nome != "oggetto" and not isinstance(campo, forms.BooleanField):
                campo.required = False
        # two radios, no «nessuna» among them: left unchosen, it is missing at the conclusion
        self.fields["base_compenso"].choices = BaseCompenso.choices
        if not self.instance.scheda_id:  # nothing was prefilled: do not say it was
            campo = self.fields["progetto"]
            campo.help_text = campo.help_text.replace(" Precompilato dalla scheda progettuale.", "")

    def clean(self):
        dati = super().clean()
        # said with the other errors of the same «Salva», not one round later by the service
        errori = errori_delle_date(
            inizio=dati.get("data_inizio_attivita"), fine=dati.get("data_fine_attivita"),
            inizio_salvato=self.instance.data_inizio_attivita if self.instance.pk else None,
            adesso=timezone.now())
        for campo, messaggio in errori.items():
            self.add_error(campo, messaggio)
        return dati


class SezioneForm(forms.Form):
    titolo = forms.CharField(label="Titolo della nuova sezione", max_length=200)


class CampoForm(SceltaVuotaInItaliano, forms.ModelForm):
    opzioni_testo = forms.CharField(
        label="Opzioni (una per riga, per «Scelta da elenco»)", required=False,
        # only a list has options: hidden for the other types (assets/secondo-il-tipo.js)
        widget=forms.Textarea(attrs={"rows": 3, "data-mostra-se": f"tipo:{TipoCampo.SCELTA}"}))

    class Meta:
        model = CampoModulo
        fields = ["sezione", "etichetta", "tipo", "obbligatorio", "aiuto"]

    def __init__(self, *args, procedura, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sezione"].queryset = procedura.sezioni.all()
        self.fields["sezione"].required = False

    def dati(self) -> dict:
        dati = {k: self.cleaned_data[k] for k in self.Meta.fields}
        dati["opzioni"] = (self.cleaned_data.get("opzioni_testo") or "").splitlines()
        return dati


class AllegatoForm(SceltaVuotaInItaliano, forms.ModelForm):
    formati = forms.MultipleChoiceField(label="Formati ammessi", choices=FormatoAllegato.choices,
                                        widget=forms.CheckboxSelectMultiple,
                                        initial=[FormatoAllegato.PDF])

    class Meta:
        model = AllegatoRichiesto
        fields = ["nome", "descrizione", "obbligatorio", "formati"]


class CriterioForm(SceltaVuotaInItaliano, forms.ModelForm):
    fasce_testo = forms.CharField(
        label="Fasce di voto (per il voto di laurea)", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),  # one band per line: a text input drops them
        help_text="Una fascia per riga, «voto massimo: punti»: per esempio «100: 6», «105: 12,5», «110: 18»")
    categorie = forms.MultipleChoiceField(
        label="Valido solo per (nessuna scelta: tutte le categorie)", required=False,
        choices=Categoria.choices, widget=forms.CheckboxSelectMultiple)

    soddisfatto_da = forms.ModelMultipleChoiceField(
        label="Solo per un requisito: è soddisfatto se il candidato dichiara almeno uno tra",
        required=False, queryset=Criterio.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Nessuna scelta: il candidato dichiara di possederlo e la commissione lo "
                  "verifica. Con una scelta il portale lo calcola dai titoli dichiarati.")

    class Meta:
        model = Criterio
        fields = ["descrizione", "tipo", "punti", "massimo", "unita", "bonus_lode", "scala_voto",
                  "categorie", "gruppo", "soddisfatto_da"]
        formfield_callback = numeri_in_italiano
        widgets = {"descrizione": forms.Textarea(attrs={"rows": 3})}  # the grids' titles are long

    # the bands beside the other fields of a degree mark, not after the group
    field_order = ["descrizione", "tipo", "punti", "massimo", "unita", "bonus_lode", "scala_voto",
                   "fasce_testo", "categorie", "gruppo", "soddisfatto_da"]
    # The fields each type uses (procedure/criteri.py): the others are hidden while that type is
    # chosen (assets/secondo-il-tipo.js); description, categories and group are for every type.
    PER_TIPO = {"punti": (TipoCriterio.FISSO, TipoCriterio.PER_UNITA),
                "massimo": (TipoCriterio.PER_UNITA, TipoCriterio.MANUALE),
                "unita": (TipoCriterio.PER_UNITA,),
                "bonus_lode": (TipoCriterio.VOTO_LAUREA,), "scala_voto": (TipoCriterio.VOTO_LAUREA,),
                "fasce_testo": (TipoCriterio.VOTO_LAUREA,),
                "soddisfatto_da": (TipoCriterio.REQUISITO,)}

    def __init__(self, *args, procedura, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scala_voto"].required = False  # only marks use it: 110 when not given
        # the titles a requirement can rest on: the procedure's declared criteria
        self.fields["soddisfatto_da"].queryset = procedura.criteri.exclude(
            tipo__in=(TipoCriterio.REQUISITO, TipoCriterio.MANUALE)).exclude(
            pk=self.instance.pk)
        if not self.fields["soddisfatto_da"].queryset.exists():
            # no title yet for a requirement to rest on: no question without answers
            del self.fields["soddisfatto_da"]
        for campo, tipi in self.PER_TIPO.items():
            if campo in self.fields:
                self.fields[campo].widget.attrs["data-mostra-se"] = "tipo:" + " ".join(tipi)
        if self.instance.pk and self.instance.fasce:
            self.initial["fasce_testo"] = "\n".join(
                f"{voto}: {formato.punti(Decimal(str(punti)))}" for voto, punti in self.instance.fasce)

    def clean_fasce_testo(self):
        """One band a line, or several on a line after «;» or «, » (the decimal comma of
        «12,5» is not followed by a space)."""
        fasce = []
        for riga in re.split(r"\n|;|,\s", self.cleaned_data.get("fasce_testo") or ""):
            if not riga.strip():
                continue
            voto, _, punti = riga.partition(":")
            punti = formato.da_testo(punti)
            if not voto.strip().isdigit() or not punti:
                raise ValidationError(f"La fascia «{riga.strip()}» non è nella forma «voto: punti».")
            fasce.append([int(voto), float(Decimal(punti))])
        return sorted(fasce)

    def dati(self) -> dict:
        dati = {k: self.cleaned_data.get(k) for k in self.Meta.fields}
        dati["scala_voto"] = dati["scala_voto"] or 110
        if dati["tipo"] == TipoCriterio.VOTO_LAUREA:
            dati["fasce"] = self.cleaned_data["fasce_testo"]
        dati["soddisfatto_da"] = (list(dati["soddisfatto_da"] or [])
                                  if dati["tipo"] == TipoCriterio.REQUISITO else [])
        return dati


class GrigliaForm(forms.Form):
    griglia = forms.ChoiceField(label="Griglia del regolamento", choices=[
        ("", SCEGLI), *((k, v[0]) for k, v in griglie.GRIGLIE.items())])
    modo = forms.ChoiceField(label="I criteri già presenti", required=False,
                             choices=list(MODI_GRIGLIA.items()), widget=forms.RadioSelect)

    def __init__(self, *args, criteri_presenti: int = 0, tipologia: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # the grid of the procedure's tipologia first, not the first of the list
        self.fields["griglia"].initial = griglie.GRIGLIA_DELLA_TIPOLOGIA.get(tipologia, "")
        if not criteri_presenti:
            del self.fields["modo"]  # nothing to replace: the grid is simply loaded


GIORNI_FINESTRA_BREVE = 7


class PubblicazioneForm(forms.Form):
    data_apertura = forms.DateTimeField(label="Data e ora di apertura",
                                        widget=DATA_ORA)
    data_chiusura = forms.DateTimeField(label="Data e ora di chiusura",
                                        widget=DATA_ORA)
    # the avviso states the opening: ticked, that date is the opening, not only a forecast
    apertura_automatica = forms.BooleanField(
        label="Apri le candidature da sole alla data di apertura", required=False, initial=True,
        help_text="Se la data è già passata si aprono subito. Senza spunta l'avviso è pubblicato "
                  "ma le candidature restano chiuse finché non usi «Apri» o «Programma apertura».")

    # a window shorter than this is rare, and often a month or a day typed wrong: asked once
    finestra_breve = forms.BooleanField(
        label=f"Confermo: le candidature restano aperte meno di {GIORNI_FINESTRA_BREVE} giorni",
        required=False, widget=forms.HiddenInput)

    def clean_data_apertura(self):
        # a past opening opens now; one more than a year ago is a year typed wrong («0001»)
        apertura = self.cleaned_data["data_apertura"]
        if apertura < timezone.now() - timedelta(days=365):
            raise ValidationError("La data di apertura è passata da più di un anno: controlla "
                                  "l'anno.")
        return apertura

    def clean(self):
        dati = super().clean()
        confermata = dati.pop("finestra_breve", False)  # the form's question, not the service's
        apertura, chiusura = dati.get("data_apertura"), dati.get("data_chiusura")
        if apertura is None or chiusura is None:
            return dati
        finestra = chiusura - max(apertura, timezone.now())
        if timedelta(0) < finestra < timedelta(days=GIORNI_FINESTRA_BREVE) and not confermata:
            # the question appears with the message, beside the dates to check
            self.fields["finestra_breve"].widget = forms.CheckboxInput()
            self.add_error("data_chiusura", (
                f"Le candidature resterebbero aperte {_per_quanto(finestra)}: controlla la "
                "data di chiusura. Se è voluto, spunta la conferma qui sotto e pubblica di "
                "nuovo."))
        return dati


def _per_quanto(intervallo: timedelta) -> str:
    """«solo 2 giorni e 2 ore», «solo 5 ore», «per meno di un'ora»."""
    ore = intervallo.seconds // 3600
    parti = [quantita(n, parola) for n, parola in ((intervallo.days, "giorno"), (ore, "ora")) if n]
    return f"solo {elenco(parti)}" if parti else "per meno di un'ora"


class ProgrammaAperturaForm(forms.Form):
    data_apertura = forms.DateTimeField(label="Apertura automatica il",
                                        widget=DATA_ORA)


class ProrogaForm(forms.Form):
    nuova_chiusura = forms.DateTimeField(label="Nuova data e ora di chiusura",
                                         widget=DATA_ORA)


# A reason is published with the avviso and sent to every candidate: 2.000 characters, as the
# other reasons of the portal (an exclusion, a correction); 21.000 were accepted.
MOTIVAZIONE_MASSIMA = 2000


class MotivazioneForm(forms.Form):
    motivazione = forms.CharField(label="Motivazione", max_length=MOTIVAZIONE_MASSIMA,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class MotivazioneFacoltativaForm(forms.Form):
    motivazione = forms.CharField(label="Motivazione (facoltativa)", required=False,
                                  max_length=MOTIVAZIONE_MASSIMA,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class ConfermaForm(forms.Form):
    """Actions that need nothing but an explicit confirmation."""
