"""Italian agreement in texts built by the portal: plurals after a number, gender of a person.

    quantita(1, "allegato")          -> "1 allegato"
    quantita(2, "esperienza")        -> "2 esperienze"     (plurale() of the singular)
    quantita(3, "allegato richiesto") -> "3 allegati richiesti"
    desinenza(maria)                 -> "a"  ("nominat" + desinenza(persona))
    desinenza(persona, "e", "essa")  -> for other pairs
    data_con("dal", date(2027, 1, 11)) -> "dall'11/01/2027"  (the article elides before 8 and 11)

Gender comes from the codice fiscale (accounts.validators.sesso_da_codice_fiscale); when it is
unknown the text keeps both endings, "o/a", as Italian forms do. In templates the same are
the filters `quantita` and `desinenza` of `{% load formato %}`, and Django's
`{{ n }} allegat{{ n|pluralize:"o,i" }}` where the plural is irregular; `data_con` is the tag
`{% data_con "dal" data "d/m/Y H:i" %}`.
"""

import re
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.validators import sesso_da_codice_fiscale

from .formato import punti

# Words whose plural is the same (accented ending, consonant ending) are handled by the rules;
# these are the exceptions the portal uses.
PLURALI_IRREGOLARI = {"amico": "amici", "uomo": "uomini"}


def plurale(parola: str) -> str:
    """The plural of an Italian noun or adjective in the singular (regular forms)."""
    if not parola:
        return parola
    basso = parola.lower()
    if basso in PLURALI_IRREGOLARI:
        return PLURALI_IRREGOLARI[basso]
    if basso[-1] in "àèéìòù" or basso[-1] not in "aeio":
        return parola  # unità, città, bar: invariable
    if basso.endswith(("ca", "ga")):
        return parola[:-1] + "he"
    if basso.endswith(("co", "go")) and len(basso) > 3:
        return parola[:-1] + "hi"
    if basso.endswith("io"):
        return parola[:-1]  # studio → studi
    if basso.endswith("a"):
        return parola[:-1] + "e"
    return parola[:-1] + "i"  # -o, -e → -i


def plurale_locuzione(testo: str) -> str:
    """«allegato richiesto» → «allegati richiesti»; «anno di servizio» → «anni di servizio»;
    «Conclusa con esito» → «Concluse con esito»; «In revisione» stays (a state, not a noun)."""
    parole = testo.split(" ")
    fine = next((i for i, p in enumerate(parole)
                 if p.lower() in {"di", "del", "della", "in", "per", "a", "con"}), len(parole))
    return " ".join([plurale(p) for p in parole[:fine]] + parole[fine:])


def quantita(numero, singolare: str, plurale_: str | None = None) -> str:
    """"1 allegato", "2 allegati", "1.157 giorni", "2,50 ore": the noun agrees with the
    number (1 only is singular), a number is written the Italian way."""
    try:
        uno = numero == 1 or float(numero) == 1
    except (TypeError, ValueError):
        uno = False
    nome = singolare if uno else (plurale_ or plurale_locuzione(singolare))
    if isinstance(numero, int | float | Decimal) and not isinstance(numero, bool):
        numero = punti(numero)
    return f"{numero} {nome}"


def radice(parola: str) -> str:
    """A searched word without its last vowel, so that singular and plural, masculine and
    feminine find each other («esperti» → «espert», found in «Esperto»; «robotiche» →
    «robotic»); short words as typed."""
    parola = parola.strip()
    if len(parola) >= 6 and parola[-3:].lower() in ("che", "chi", "ghe", "ghi"):
        return parola[:-2]  # «robotiche» → «robotic», found in «robotica»
    return parola[:-1] if len(parola) >= 5 and parola[-1].lower() in "aeiouàèéìòù" else parola


def frase(testo) -> str:
    """A text typed in a form, as a sentence of a document: capital first letter, full stop
    at the end («Entro 30 giorni dalla fattura» before «Il compenso è …» read as one). Its own
    final mark is kept («revocato!», «(nota n. 12).»); a trailing comma, semicolon, colon or
    dash becomes the full stop."""
    testo = str(testo or "").strip().rstrip(",;:–—-").rstrip()
    if not testo:
        return ""
    testo = testo[0].upper() + testo[1:]
    return testo if testo.rstrip("»\"')]").endswith((".", "!", "?", "…")) else f"{testo}."


def senza_punto(testo) -> str:
    """A typed text that the document follows with its own full stop («Impegno: …».)."""
    return str(testo or "").strip().rstrip(".").rstrip()


def elenco(voci, congiunzione: str = "e") -> str:
    """«a», «a e b», «a, b e c» (or «o»): the Italian list, no comma before the last."""
    voci = list(voci)
    if len(voci) <= 1:
        return "".join(voci)
    return f"{', '.join(voci[:-1])} {congiunzione} {voci[-1]}"


def desinenza(persona, maschile: str = "o", femminile: str = "a") -> str:
    """The ending that agrees with the person: "o" or "a" (both, "o/a", when unknown)."""
    sesso = sesso_da_codice_fiscale(getattr(persona, "codice_fiscale", "") or "")
    if sesso == "F":
        return femminile
    if sesso == "M":
        return maschile
    return f"{maschile}/{femminile}"


def a_chi(nome) -> str:
    """The preposition before a name: «a Marco», «ad Alessia» (the euphonic d before the
    same vowel, as the Italian style guides keep it)."""
    testo = str(nome)
    return f"{'ad' if testo[:1].lower() in ('a', 'à') else 'a'} {testo}"


# the article before a number: «il 12», but «l'8» and «l'11» (otto, undici: a vowel is heard);
# «il 1°» stays (primo). Prepositions joined with «il» double the l: dal → dall', nel → nell'.
_ARTICOLATE = {"il": "l'", "dal": "dall'", "al": "all'", "del": "dell'", "nel": "nell'",
               "sul": "sull'"}
_SI_SENTE_UNA_VOCALE = re.compile(r"0*(8|11)(?!\d)")
GIORNO_E_ORA = "%d/%m/%Y alle %H:%M"


def con_articolo(preposizione: str, testo: str) -> str:
    """«dal 12/01/2027», «dall'11/01/2027», «l'8 marzo»: `preposizione` (il, dal, al, del,
    nel, sul; capitalised too) before `testo`, elided when `testo` starts with a day read
    with a vowel."""
    elisa = _ARTICOLATE.get(preposizione.lower())
    if elisa is None or not _SI_SENTE_UNA_VOCALE.match(testo):
        return f"{preposizione} {testo}"
    return (elisa.capitalize() if preposizione[:1].isupper() else elisa) + testo


def data_con(preposizione: str, data, formato: str = "%d/%m/%Y", *, formatta=format) -> str:
    """`con_articolo` with a date or a datetime (shown in local time) formatted by `formato`:
    data_con("entro il", scadenza, GIORNO_E_ORA). `formatta` is strftime's `format`, or
    Django's dateformat.format for the template tag's formats ("d/m/Y H:i")."""
    if isinstance(data, datetime) and timezone.is_aware(data):
        data = timezone.localtime(data)
    *prima, ultima = preposizione.split(" ")
    return " ".join([*prima, con_articolo(ultima, formatta(data, formato))])
