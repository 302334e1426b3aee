"""The candidate form a procedure defines, as a Django form.

Used by «Simula» (staff see exactly what candidates will fill in; nothing is saved) and by
the candidature app for the real application.

Help texts written by staff (a field's `aiuto`, an attachment's `descrizione`) are escaped
here: Django's and crispy-bootstrap5's templates print `help_text` with `|safe`, so an
unescaped `<img onerror>` or `</form><form action=…>` would reach the candidate's page.
"""

from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.utils.html import conditional_escape

from portale.forms import DATA, DecimaleInItaliano, InteroInItaliano
from portale.lingua import plurale_locuzione

from .criteri import applicabile, errore_voto, soddisfatto_da
from .models import Categoria, ProceduraSelezione, Stato, TipoCampo, TipoCriterio

AUTOCERTIFICAZIONI = {
    # the avviso states the requisiti di ammissione (regulation, «Bando», point 2): the candidate
    # declares them under DPR 445/2000, the commission checks them
    "dichiara_requisiti": "Dichiaro di possedere i requisiti di ammissione previsti dall'avviso.",
    "dichiara_incompatibilita": "Dichiaro di non trovarmi in situazioni di incompatibilità con "
                                "l'incarico (art. 3, c. 4, del regolamento).",
    "dichiara_conflitto_interessi": "Dichiaro l'assenza di conflitto di interessi, anche "
                                    "potenziale (art. 53, c. 14, d.lgs. 165/2001).",
    "dichiara_codice_comportamento": "Dichiaro di aver preso visione del Codice di comportamento "
                                     "dei dipendenti pubblici (DPR 62/2013) e di rispettarlo.",
    "dichiara_dpr_445": "Sono consapevole delle responsabilità penali per dichiarazioni mendaci "
                        "(artt. 75 e 76 DPR 445/2000).",
    "presa_visione_privacy": "Ho letto l'informativa sul trattamento dei dati personali.",
}


@dataclass(frozen=True)
class Elementi:
    """What a procedure asks its candidates — questions, criteria (each requirement's rule
    loaded), required attachments — read once: three queries, four with requirements. A
    request builds the form, scores and checks from one reading. A criterion valid only for
    categories the avviso does not admit is asked of nobody: it is left out."""

    campi: tuple
    criteri: tuple
    allegati: tuple

    @classmethod
    def di(cls, procedura: ProceduraSelezione) -> "Elementi":
        ammesse = procedura.categorie_ammesse
        criteri = [c for c in procedura.criteri.all()
                   if not ammesse or any(applicabile(c, categoria) for categoria in ammesse)]
        prefetch_related_objects([c for c in criteri if c.tipo == TipoCriterio.REQUISITO],
                                 "soddisfatto_da")
        return cls(campi=tuple(procedura.campi.select_related("sezione")),
                   criteri=tuple(criteri), allegati=tuple(procedura.allegati_richiesti.all()))

    @classmethod
    def del_modulo(cls, procedura: ProceduraSelezione) -> "Elementi":
        """The elements of a published form, from the cache, for the candidates' every step:
        no query. The key holds the procedure's last change (`aggiornata_il`), which every
        change of the form after the bozza moves (procedure.services: only additions, in
        revisione, under the procedure's lock); in bozza, where criteria change without
        touching the procedure and only the staff's «Simula» reads them, read afresh. The
        cache keeps copies (pickled), so no request shares objects with another."""
        if procedura.stato == Stato.BOZZA:
            return cls.di(procedura)
        chiave = (f"procedure:elementi:{VERSIONE_IN_CACHE}:{procedura.pk}:"
                  f"{procedura.aggiornata_il.isoformat()}")
        elementi = cache.get(chiave)
        if elementi is None:
            elementi = cls.di(procedura)
            cache.set(chiave, elementi, DURATA_IN_CACHE)
        return elementi


# Change it when the models read by Elementi change shape: copies cached before a deploy are
# not read by the new code. They expire anyway after DURATA_IN_CACHE seconds.
VERSIONE_IN_CACHE = 2
DURATA_IN_CACHE = 15 * 60


def nome_campo(campo) -> str:
    return f"campo_{campo.pk}"


def nome_criterio(criterio) -> str:
    return f"criterio_{criterio.pk}"


def nome_allegato(allegato) -> str:
    return f"allegato_{allegato.pk}"


def testo_di_aiuto(testo: str) -> str:
    """Staff text as a form's help_text: plain text, escaped (the templates mark it safe)."""
    return conditional_escape(testo or "")


def _campo_per(campo) -> forms.Field:
    comuni = {"label": campo.etichetta, "required": campo.obbligatorio,
              "help_text": testo_di_aiuto(campo.aiuto)}
    match campo.tipo:
        case TipoCampo.TESTO:
            return forms.CharField(max_length=500, **comuni)
        case TipoCampo.TESTO_LUNGO:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                                   **comuni)
        case TipoCampo.NUMERO:
            return DecimaleInItaliano(**comuni)
        case TipoCampo.DATA:
            return forms.DateField(widget=DATA, **comuni)
        case TipoCampo.SCELTA:
            return forms.ChoiceField(choices=[("", "—")] + [(o, o) for o in campo.opzioni],
                                     **comuni)
        case TipoCampo.SI_NO:
            return forms.TypedChoiceField(choices=[("", "—"), ("si", "Sì"), ("no", "No")],
                                          **comuni)
        case _:
            return forms.BooleanField(**comuni)


def _dichiarazione_per(criterio) -> list[tuple[str, forms.Field]]:
    nome, etichetta = nome_criterio(criterio), criterio.descrizione
    if criterio.tipo == TipoCriterio.REQUISITO and soddisfatto_da(criterio):
        return []  # met by the titles declared: nothing to tick
    match criterio.tipo:
        case TipoCriterio.FISSO | TipoCriterio.REQUISITO:
            return [(nome, forms.BooleanField(label=f"Possiedo: {etichetta}", required=False))]
        case TipoCriterio.PER_UNITA:
            unita = plurale_locuzione(criterio.unita or "unità")  # «numero di anni»
            fuori = f"Il numero di {unita} va da 0 a 999."
            return [(nome, InteroInItaliano(label=f"{etichetta} – numero di {unita}",
                                            min_value=0, max_value=999, required=False,
                                            error_messages={"min_value": fuori,
                                                            "max_value": fuori}))]
        case TipoCriterio.VOTO_LAUREA:
            # the range is `errore_voto`'s, said in the form's clean() as everywhere else
            scala = criterio.scala_voto or 110
            return [(nome, InteroInItaliano(label=f"{etichetta} – voto su {scala}",
                                            required=False, error_messages={
                                                "invalid": "Scrivi il voto come numero intero, "
                                                           "senza virgola (ad esempio "
                                                           f"{scala - 5})."})),
                    (f"{nome}_lode", forms.BooleanField(label=f"con lode (solo con {scala})",
                                                        required=False))]
        case _:
            return []  # manual criteria are scored by the commission


def modulo_candidatura(procedura: ProceduraSelezione, elementi: Elementi | None = None,
                       nomi=None) -> type[forms.Form]:
    """Build the form class of this procedure's application; with `nomi`, only those fields
    (a step of the form: its rules apply to the fields it has)."""
    elementi = elementi or Elementi.di(procedura)
    campi: dict[str, forms.Field] = {
        "categoria": forms.ChoiceField(
            label="Partecipo come",
            choices=[("", "—")] + [(c, Categoria(c).label) for c in procedura.categorie_ammesse]),
    }
    if {Categoria.ALTRA_SCUOLA.value, Categoria.ALTRA_PA.value} & set(procedura.categorie_ammesse):
        campi["amministrazione_appartenenza"] = forms.CharField(
            label="Amministrazione o istituzione scolastica di appartenenza", required=False,
            help_text="Obbligatoria per il personale di altre scuole e delle altre PA")
    for campo in elementi.campi:
        campi[nome_campo(campo)] = _campo_per(campo)
    for criterio in elementi.criteri:
        for nome, campo in _dichiarazione_per(criterio):
            campi[nome] = campo
    for allegato in elementi.allegati:
        campi[nome_allegato(allegato)] = forms.FileField(
            label=f"{allegato.nome} ({allegato.get_formati_display()})",
            required=allegato.obbligatorio, help_text=testo_di_aiuto(allegato.descrizione))
    for nome, testo in AUTOCERTIFICAZIONI.items():
        campi[nome] = forms.BooleanField(label=testo, required=True)
    if nomi is not None:
        nomi = set(nomi)
        campi = {nome: campo for nome, campo in campi.items() if nome in nomi}

    voti = [c for c in elementi.criteri
            if c.tipo == TipoCriterio.VOTO_LAUREA and nome_criterio(c) in campi]

    def clean(self):
        dati = forms.Form.clean(self)
        if (dati.get("categoria") in ("altra_scuola", "altra_pa")
                and "amministrazione_appartenenza" in self.fields
                and not dati.get("amministrazione_appartenenza")):
            self.add_error("amministrazione_appartenenza",
                           "Indica l'amministrazione di appartenenza.")
        for criterio in voti:
            nome = nome_criterio(criterio)
            if nome in self.errors:
                continue
            errore = errore_voto(criterio, dati.get(nome), bool(dati.get(f"{nome}_lode")))
            if errore:
                self.add_error(nome, errore)
        return dati

    return type("ModuloCandidatura", (forms.Form,), {**campi, "clean": clean})

