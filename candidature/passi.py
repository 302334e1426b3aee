"""The application form in steps (issue 17): which fields each step shows, the form of one
step, and the cards of the evaluable titles.

A step's form is the application form (candidature.forms.modulo, with its rules) built
with the step's fields only: its cleaned data hold only those keys, so «Salva» of one
step (services.salva_bozza, unchanged) leaves the other steps' answers as they were.
The last step, «Riepilogo e invio», has no fields: it is the summary page.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from procedure import criteri as regole
from procedure.models import TipoCampo, TipoCriterio
from procedure.modulo import AUTOCERTIFICAZIONI, Elementi

from .forms import campi_da_inviare, modulo, valori_della_bozza
from .services import CONTATTI


@dataclass(frozen=True)
class Passo:
    slug: str
    titolo: str
    numero: int


PASSI = tuple(Passo(slug, titolo, numero) for numero, (slug, titolo) in enumerate((
    ("dati", "Dati e contatti"),
    ("categoria", "Categoria e requisiti"),
    ("titoli", "Titoli valutabili"),
    ("allegati", "Allegati"),
    ("dichiarazioni", "Dichiarazioni"),
    ("riepilogo", "Riepilogo e invio"),
), start=1))
PER_SLUG = {passo.slug: passo for passo in PASSI}
RIEPILOGO = PER_SLUG["riepilogo"]


def passo(slug: str) -> Passo | None:
    return PER_SLUG.get(slug)


def precedente(corrente: Passo) -> Passo | None:
    return PASSI[corrente.numero - 2] if corrente.numero > 1 else None


def successivo(corrente: Passo) -> Passo | None:
    return PASSI[corrente.numero] if corrente.numero < len(PASSI) else None


def _valutabile(criterio) -> bool:
    return criterio.tipo not in (TipoCriterio.REQUISITO, TipoCriterio.MANUALE)


def nomi(slug: str, elementi: Elementi) -> list[str]:
    """The names of the form fields shown by step `slug`, in the order of the page."""
    campi, criteri, allegati = elementi.campi, elementi.criteri, elementi.allegati
    if slug == "dati":
        return list(CONTATTI)
    if slug == "categoria":
        return (["categoria", "amministrazione_appartenenza"]
                + [f"criterio_{c.pk}" for c in criteri if c.tipo == TipoCriterio.REQUISITO]
                + [f"campo_{c.pk}" for c in campi if c.tipo != TipoCampo.DICHIARAZIONE])
    if slug == "titoli":
        elenco = []
        for c in criteri:
            if _valutabile(c):
                elenco += [f"criterio_{c.pk}", f"criterio_{c.pk}_lode",
                           f"criterio_{c.pk}_descrizione", f"documento_criterio_{c.pk}"]
        return elenco
    if slug == "allegati":
        return [f"allegato_{a.pk}" for a in allegati]
    if slug == "dichiarazioni":
        return ([f"campo_{c.pk}" for c in campi if c.tipo == TipoCampo.DICHIARAZIONE]
                + list(AUTOCERTIFICAZIONI))
    return []


def passo_del_campo(nome: str, elementi: Elementi) -> Passo:
    """The step that shows the form field `nome` (the summary if none does)."""
    return next((p for p in PASSI[:-1] if nome in nomi(p.slug, elementi)), RIEPILOGO)


def primo_da_completare(procedura, candidatura, elementi: Elementi) -> Passo:
    """Where «Completa la candidatura» resumes a draft: the first step with a field «Invia»
    asks for still empty, or the summary when nothing is missing."""
    valori = valori_della_bozza(procedura, candidatura)
    valori |= {f"allegato_{a.allegato_richiesto_id}": True for a in candidatura.allegati.all()}
    da_inviare = campi_da_inviare(elementi)
    for passo_ in PASSI[:-1]:
        if any(nome in da_inviare and valori.get(nome) in (None, "", False)
               for nome in nomi(passo_.slug, elementi)):
            return passo_
    return RIEPILOGO


def modulo_del_passo(procedura, candidatura, slug: str, elementi: Elementi, *args, **kwargs):
    """The application form with only the fields of step `slug`, in the page's order: only
    those are built."""
    form = modulo(procedura, candidatura, *args, elementi=elementi, nomi=nomi(slug, elementi),
                  **kwargs)
    if slug == "titoli":  # inside a card whose legend names the criterion: short labels
        for criterio in elementi.criteri:
            nome = f"criterio_{criterio.pk}"
            if nome in form.fields:
                campo = form.fields[nome]
                # the list of errors above the step names the criterion in full
                campo.etichetta_completa = campo.label
                campo.label = _etichetta_breve(criterio, campo.label)
            if f"{nome}_descrizione" in form.fields:
                for campo, etichetta in ((f"{nome}_descrizione", "Descrizione (titoli, enti, date)"),
                                         (f"documento_{nome}", "Documento (facoltativo, PDF)")):
                    form.fields[campo].label = etichetta
                    # ten titles have a «Documento»: the list of errors says whose
                    form.fields[campo].etichetta_completa = f"{criterio.descrizione} – {etichetta}"
    return form


def _etichetta_breve(criterio, etichetta: str) -> str:
    """«Voto su 110», «Numero di anni», «Lo possiedo»: what follows the criterion's name in
    its full label (procedure.modulo), the name being the card's legend."""
    if criterio.tipo == TipoCriterio.FISSO:
        return "Lo possiedo"
    coda = etichetta.removeprefix(criterio.descrizione).removeprefix(" – ")
    return coda[:1].upper() + coda[1:] if coda != etichetta else etichetta


# --- the cards of «Titoli valutabili» -------------------------------------------------------

@dataclass
class Scheda:
    """One criterion as the candidate sees it: value, description and document together,
    its rule in words, the points it gives with the saved draft."""

    criterio: object
    regola: str
    campi: list = field(default_factory=list)
    documento: object = None  # the AllegatoCandidatura already stored, if any
    punti: Decimal = Decimal("0")
    nota: str = ""
    manuale: bool = False
    non_applicabile: bool = False  # not for the category chosen: folded, still declarable


def schede_titoli(form, elementi: Elementi, righe: dict, allegati_per_criterio: dict, *,
                  categoria: str = "") -> list:
    """`righe`: {criterio id: dichiarato.Riga} of the saved draft; `categoria`, the one chosen
    in the step before (its criteria come folded: the step was 17.000 px on a phone)."""
    schede = []
    for criterio in elementi.criteri:
        if criterio.tipo == TipoCriterio.REQUISITO:
            continue
        riga = righe.get(criterio.pk)
        scheda = Scheda(criterio=criterio, regola=regole.regola_in_parole(criterio),
                        punti=riga.punti if riga else Decimal("0"),
                        nota=riga.nota if riga else "",
                        manuale=criterio.tipo == TipoCriterio.MANUALE,
                        non_applicabile=bool(categoria)
                        and not regole.applicabile(criterio, categoria),
                        documento=allegati_per_criterio.get(criterio.pk))
        nome = f"criterio_{criterio.pk}"
        for chiave in (nome, f"{nome}_lode", f"{nome}_descrizione", f"documento_{nome}"):
            if chiave in form.fields:
                scheda.campi.append(form[chiave])
        schede.append(scheda)
    return schede
