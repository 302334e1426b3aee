from django import forms

from portale.documenti import CampoDocumento
from portale.forms import DATA

from .models import TRANSIZIONI, Stato, Tipologia
from .selectors import VISTE_CODA
from .services import MASSIMO_ALLEGATI, STATI_DOPO_RISPOSTA, TIPI_ALLEGATI


def _campo_allegati(etichetta="Allegati"):
    return CampoDocumento(label=etichetta, tipi=TIPI_ALLEGATI, multiplo=True, required=False,
                          massimo_file=MASSIMO_ALLEGATI)


def _data(etichetta):
    return forms.DateField(label=etichetta, required=False,
                           widget=DATA)

# a request, a reply, a note: about four pages of text (they are also sent by e-mail)
TESTO_MASSIMO = 10_000
TROPPO_LUNGO = {"max_length": "Il testo è troppo lungo: al massimo 10.000 caratteri. Accorcialo, "
                              "oppure allega i dettagli in un file."}


class ApriTicketForm(forms.Form):
    tipologia = forms.ChoiceField(label="Tipologia", choices=[("", "Scegli…"), *Tipologia.choices])
    oggetto = forms.CharField(label="Oggetto", max_length=200,
                              help_text="In poche parole, ad esempio «Non vedo la procedura 12».")
    descrizione = forms.CharField(
        label="Descrizione", max_length=TESTO_MASSIMO, error_messages=TROPPO_LUNGO, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Che cosa stavi facendo, che cosa ti aspettavi, che cosa è successo "
                  "(con l'eventuale messaggio di errore).")
    riferimento_procedura = forms.CharField(
        label="Procedura di selezione a cui si riferisce (facoltativo)", max_length=100,
        required=False, help_text="Il codice o il numero della procedura, se la richiesta "
                                  "riguarda una procedura precisa.")
    allegati = _campo_allegati("Allegati (facoltativi: schermate o documenti)")

    def __init__(self, *args, tipologie=Tipologia.choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tipologia"].choices = [("", "Scegli…"), *tipologie]
        self.fields["tipologia"].error_messages["invalid_choice"] = (
            "Scegli una tipologia tra quelle proposte.")


class PeriodoCoerente(forms.Form):
    """«dal» … «al» of a filter: an inverted period is said, never read as an empty one."""

    def clean(self):
        dati = super().clean()
        if dati.get("dal") and dati.get("al") and dati["al"] < dati["dal"]:
            self.add_error("al", "La fine del periodo non può precedere l'inizio.")
        return dati


class FiltriMonitoraggioForm(PeriodoCoerente):
    codice = forms.CharField(label="Id ticket", required=False)
    tipologia = forms.ChoiceField(label="Tipologia", required=False,
                                  choices=[("", "Tutte"), *Tipologia.choices])
    stato = forms.ChoiceField(label="Stato", required=False,
                              choices=[("", "Tutti"), *Stato.choices])
    dal = _data("Aperto dal")
    al = _data("Aperto al")

    def __init__(self, *args, tipologie=Tipologia.choices, **kwargs):
        """`tipologie`: those the person may open (services.tipologie_ammesse)."""
        super().__init__(*args, **kwargs)
        self.fields["tipologia"].choices = [("", "Tutte"), *tipologie]

    def valori(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class FiltriCodaForm(PeriodoCoerente):
    vista = forms.ChoiceField(label="Vista", required=False, choices=list(VISTE_CODA.items()))
    stato = forms.ChoiceField(label="Stato", required=False,
                              choices=[("attivi", "Da lavorare"), *Stato.choices, ("", "Tutti")],
                              initial="attivi")  # what an unfiltered queue lists
    tipologia = forms.ChoiceField(label="Tipologia", required=False,
                                  choices=[("", "Tutte"), *Tipologia.choices])
    # a short label: a long one wraps on a phone and is drawn over its own field
    q = forms.CharField(label="Cerca", required=False,
                        help_text="Id ticket, oggetto, procedura, istituto, nome e cognome "
                                  "o codice fiscale del richiedente")
    dal = _data("Aperto dal")
    al = _data("Aperto al")

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "stato" not in data:
            # a tab's link (?vista=tutti) carries no state: «Da lavorare», what its figure counts
            data = data.copy()
            data["stato"] = "attivi"
        super().__init__(data, *args, **kwargs)

    # what the queue lists with no filter: the active tickets (a tab's figure says «da lavorare»)
    PREDEFINITI = {"stato": "attivi", "tipologia": "", "cerca": "", "dal": None, "al": None}

    def valori(self) -> dict:
        valori = {"vista": "non_assegnati", **self.PREDEFINITI}
        if self.is_bound and self.is_valid():
            dati = self.cleaned_data
            valori.update(vista=dati["vista"] or "non_assegnati", stato=dati["stato"],
                          tipologia=dati["tipologia"], cerca=dati["q"].strip(),
                          dal=dati["dal"], al=dati["al"])
        return valori


class PeriodoForm(PeriodoCoerente):
    dal = _data("Ticket aperti dal")
    al = _data("al")


class RispostaForm(forms.Form):
    risposta_predefinita = forms.ModelChoiceField(
        label="Risposta predefinita", required=False, queryset=None, empty_label="Nessuna",
        help_text="Scegliendola, il testo viene inserito qui sotto e puoi modificarlo.")
    testo = forms.CharField(label="Risposta al richiedente", required=False,
                            max_length=TESTO_MASSIMO, error_messages=TROPPO_LUNGO, widget=forms.Textarea(attrs={"rows": 6}))
    allegati = _campo_allegati()
    stato = forms.ChoiceField(label="Dopo la risposta il ticket è",
                              choices=[(s.value, s.label) for s in STATI_DOPO_RISPOSTA],
                              initial=Stato.IN_ATTESA)
    # set by risposte-predefinite.js: the chosen reply was copied into the text, so an empty
    # text was emptied by the operator, not left for the server to fill
    con_javascript = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ticket, risposte, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        self.fields["risposta_predefinita"].queryset = risposte

    def clean(self):
        dati = super().clean()
        predefinita = dati.get("risposta_predefinita")
        if not (dati.get("testo") or "").strip():
            if predefinita is None:
                self.add_error("testo", "Scrivi la risposta o scegli una risposta predefinita.")
            elif dati.get("con_javascript"):
                self.add_error("testo", "Il testo della risposta è vuoto: scrivilo prima di inviare.")
            else:  # without JavaScript the chosen canned reply is sent as it is
                dati["testo"] = predefinita.compila(self.ticket)
        return dati


class MessaggioForm(forms.Form):
    testo = forms.CharField(label="Il tuo messaggio", max_length=TESTO_MASSIMO, error_messages=TROPPO_LUNGO,
                            widget=forms.Textarea(attrs={"rows": 4}))
    allegati = _campo_allegati()


class NotaInternaForm(forms.Form):
    testo = forms.CharField(label="Nota interna (non visibile al richiedente)",
                            max_length=TESTO_MASSIMO, error_messages=TROPPO_LUNGO, widget=forms.Textarea(attrs={"rows": 3}))


class RiapriForm(forms.Form):
    motivazione = forms.CharField(label="Perché riapri il ticket?",
                                  widget=forms.Textarea(attrs={"rows": 3}))


class AssegnaForm(forms.Form):
    operatore = forms.ModelChoiceField(label="Assegna a", queryset=None, empty_label=None)

    def __init__(self, *args, operatori, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operatore"].queryset = operatori


class CambiaStatoForm(forms.Form):
    stato = forms.ChoiceField(label="Nuovo stato")
    motivazione = forms.CharField(label="Messaggio al richiedente (facoltativo)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stato"].choices = [
            (s.value, s.label) for s in Stato if s.value in TRANSIZIONI[ticket.stato]]
