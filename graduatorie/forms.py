from datetime import timedelta

from django import forms
from django.utils import timezone

from accounts.models import Membership, User
from portale.documenti import CampoDocumento
from portale.formato import punti
from portale.forms import DATA_ORA, DecimaleInItaliano
from procedure.models import Categoria, Criterio, TipoCriterio

from .models import (
    GIORNI_IMPEGNO_MASSIMO,
    GIORNI_TROPPO_LUNGHI,
    MASSIMO_ORE_SETTIMANALI,
    MINIMO_ORE_SETTIMANALI,
    Commissario,
    MotivoSenzaIncarico,
)
from .services import MASSIMO_DOCUMENTI_RECLAMO, RISPOSTA_MINIMA, TIPI_DOCUMENTI_RECLAMO


class NominaForm(forms.Form):
    persona = forms.ModelChoiceField(label="Persona dell'istituto da nominare",
                                     queryset=User.objects.none(),
                                     empty_label="Scegli una persona")

    def __init__(self, *args, procedura, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Membership.objects.valide().filter(istituto=procedura.istituto).values("user_id")
        # who already sits on the commission is not offered again
        gia_nominati = Commissario.objects.attivi().filter(procedura=procedura).values("user_id")
        self.fields["persona"].queryset = User.objects.filter(pk__in=ids).exclude(
            pk__in=gia_nominati).order_by("cognome", "nome")


class EscludiForm(forms.Form):
    motivazione = forms.CharField(label="Motivazione dell'esclusione", max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


AIUTO_VALORE = ("Sì/No per i titoli posseduti, un numero per anni o esperienze, il voto "
                "(66–110) per la laurea.")


def criteri_correggibili(procedura):
    """The declared titles a correction can change: not the commission's own marks, and not
    the requirements computed from other criteria (corrected through those criteria)."""
    return procedura.criteri.exclude(tipo=TipoCriterio.MANUALE).exclude(
        pk__in=Criterio.soddisfatto_da.through.objects.values("from_criterio_id"))


class CorrezioneForm(forms.Form):
    criterio = forms.ModelChoiceField(label="Titolo dichiarato da correggere",
                                      queryset=Criterio.objects.none(),
                                      empty_label="Scegli il titolo")
    valore = forms.CharField(label="Valore corretto", required=False, max_length=20,
                             help_text=AIUTO_VALORE)
    lode = forms.BooleanField(label="Con lode", required=False)
    nota = forms.CharField(label="Nota che motiva la correzione", max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, procedura, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterio"].queryset = criteri_correggibili(procedura)


class CategoriaForm(forms.Form):
    categoria = forms.ChoiceField(label="Categoria corretta", choices=())
    nota = forms.CharField(label="Nota che motiva la correzione", max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, procedura, attuale="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categoria"].choices = [("", "Scegli la categoria")] + [
            (c, Categoria(c).label) for c in procedura.categorie_ammesse if c != attuale]


class PunteggiForm(forms.Form):
    def __init__(self, *args, criteri, iniziali=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteri = criteri
        for criterio in criteri:
            self.fields[f"criterio_{criterio.pk}"] = DecimaleInItaliano(
                label=f"{criterio.descrizione} (da 0 a {punti(criterio.massimo)})",
                min_value=0, max_value=criterio.massimo, max_digits=6, decimal_places=2,
                initial=(iniziali or {}).get(criterio.pk),
                error_messages={"invalid": "Scrivi il punteggio in cifre, con la virgola per i "
                                           "decimali: per esempio «8» o «7,5».",
                                "min_value": "Il punteggio non può essere negativo."})

    def punteggi(self) -> dict:
        return {c: self.cleaned_data[f"criterio_{c.pk}"] for c in self.criteri}


class ReclamoForm(forms.Form):
    testo = forms.CharField(label="Motivi del reclamo", max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 6}))
    documenti = CampoDocumento(label="Documenti a sostegno (facoltativi)", required=False,
                               tipi=TIPI_DOCUMENTI_RECLAMO, multiplo=True,
                               massimo_file=MASSIMO_DOCUMENTI_RECLAMO)


class RispostaReclamoForm(forms.Form):
    decisione = forms.ChoiceField(label="Decisione", widget=forms.RadioSelect, choices=[
        ("respingi", "Respingi il reclamo"),
        ("accogli", "Accogli il reclamo: nuova valutazione e nuova versione della graduatoria")])
    risposta = forms.CharField(label="Risposta al candidato", max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    riammetti = forms.BooleanField(label="Riammetti l'istanza esclusa", required=False)

    def __init__(self, *args, procedura, esclusione: str | None = None, **kwargs):
        """esclusione: the reason the application is excluded in the ranking in force (the
        answer to such a reclamo is first a readmission); None when it is ranked, and then
        no «Riammetti», which the service would refuse."""
        super().__init__(*args, **kwargs)
        if esclusione is None:
            del self.fields["riammetti"]
        else:
            self.fields["riammetti"].help_text = (
                f"Esclusa per «{esclusione}»: riammessa, entra in graduatoria con la sua "
                "valutazione e con i titoli eventualmente rivalutati qui sotto.")
        # a reclamo may dispute several titles: each with its corrected value
        for n in range(1, TITOLI_PER_RECLAMO + 1):
            self.fields[f"criterio_{n}"] = forms.ModelChoiceField(
                label=("Titolo da rivalutare (se accolto)" if n == 1 else
                       f"{ORDINALI[n]} titolo da rivalutare (se serve)"), required=False,
                queryset=criteri_correggibili(procedura), empty_label="Nessuno")
            del_titolo = "" if n == 1 else f" del {ORDINALI[n].lower()} titolo"
            self.fields[f"valore_{n}"] = forms.CharField(
                label=f"Nuovo valore{del_titolo}", required=False, max_length=20,
                help_text=AIUTO_VALORE if n == 1 else "")
            self.fields[f"lode_{n}"] = forms.BooleanField(label=f"Con lode{del_titolo}",
                                                          required=False)
        self.order_fields(["decisione", "risposta", "riammetti",
                           *[f"{campo}_{n}" for n in range(1, TITOLI_PER_RECLAMO + 1)
                             for campo in ("criterio", "valore", "lode")]])

    def titoli(self) -> list[tuple]:
        """(n, criterio, valore typed, lode) of each row with a title chosen."""
        return [(n, self.cleaned_data[f"criterio_{n}"], self.cleaned_data[f"valore_{n}"],
                 self.cleaned_data[f"lode_{n}"]) for n in range(1, TITOLI_PER_RECLAMO + 1)
                if self.cleaned_data.get(f"criterio_{n}") is not None]


TITOLI_PER_RECLAMO = 3
ORDINALI = {2: "Secondo", 3: "Terzo"}


TROPPE_ORE = f"Le ore settimanali non possono superare {MASSIMO_ORE_SETTIMANALI}."


class PropostaForm(forms.Form):
    ore_settimanali = DecimaleInItaliano(
        label="Ore settimanali di impegno", min_value=MINIMO_ORE_SETTIMANALI,
        # no max_digits: «1000» gets one message, the maximum's, not also Django's digits
        max_value=MASSIMO_ORE_SETTIMANALI, decimal_places=1,
        help_text="L'orario complessivo settimanale, per esempio «4» o «2,5».",
        error_messages={
            "required": "Indica le ore settimanali di impegno.",
            "min_value": "Indica almeno mezz'ora: «0,5».",
            "max_value": TROPPE_ORE,
            "max_decimal_places": "Indica le ore con al più un decimale, per esempio «2,5».",
            "invalid": "Scrivi le ore in cifre, con la virgola per i decimali: per esempio «4» o "
                       "«2,5»."})
    giorni_impegno = forms.CharField(
        label="Giorni e orari di impegno", max_length=GIORNI_IMPEGNO_MASSIMO,
        error_messages={"required": "Indica i giorni (e gli orari) di impegno.",
                        "max_length": GIORNI_TROPPO_LUNGHI},
        help_text="I singoli giorni, per esempio «martedì e giovedì, 14:30–16:30». La proposta "
                  "li riporta con le date dell'avviso; valgono anche per i candidati successivi "
                  "in caso di rinuncia.")
    scadenza = forms.DateTimeField(
        label="Il candidato risponde entro", input_formats=["%Y-%m-%dT%H:%M"],
        widget=DATA_ORA,
        help_text="Almeno 24 ore da adesso. Senza risposta entro il termine la proposta vale "
                  "come rinuncia e passa al candidato successivo.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the earliest deadline the service accepts, to the minute: the browser knows it too
        # (assets/conferma.js says it before «Inviare la proposta?»)
        primo = timezone.localtime() + RISPOSTA_MINIMA + timedelta(minutes=1)
        self.fields["scadenza"].widget.attrs["min"] = primo.strftime("%Y-%m-%dT%H:%M")

    @staticmethod
    def iniziali(proposte) -> dict:
        """Two days to answer; the commitment of the last offer made, if any (the procedure's
        posts usually share it)."""
        quando = timezone.localtime() + timedelta(days=2)
        iniziali = {"scadenza": quando.replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")}
        ultima = next((p for p in reversed(proposte) if p.ore_settimanali is not None), None)
        if ultima is not None:
            iniziali |= {"ore_settimanali": ultima.ore_in_cifre,
                         "giorni_impegno": ultima.giorni_impegno}
        return iniziali


class AnnullaAccettazioneForm(forms.Form):
    motivo = forms.ChoiceField(label="Perché l'incarico non può essere conferito",
                               choices=MotivoSenzaIncarico.choices, widget=forms.RadioSelect)
    motivazione = forms.CharField(
        label="Motivazione", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Il candidato la riceve nella notifica e la legge nella pagina della sua "
                  "candidatura; resta nel registro dell'interpello.")
