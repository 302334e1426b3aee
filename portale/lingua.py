"""Italian agreement in texts built by the portal: plurals after a number, gender of a person.

    quantita(1, "allegato")          -> "1 allegato"
    quantita(2, "esperienza")        -> "2 esperienze"     (plurale() of the singular)
    quantita(3, "allegato richiesto") -> "3 allegati richiesti"
    desinenza(maria)                 -> "a"  ("nominat" + desinenza(persona))
    desinenza(persona, "e", "essa")  -> for other pairs

Gender comes from the codice fiscale (accounts.validators.sesso_da_codice_fiscale); when it is
unknown the text keeps both endings, "o/a", as Italian forms do. In templates the same are
the filters `quantita` and `desinenza` of `{% load formato %}`, and Django's
`{{ n }} allegat{{ n|pluralize:"o,i" }}` where the plural is irregular.
"""

from accounts.validators import sesso_da_codice_fiscale

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
    """«allegato richiesto» → «allegati richiesti»; «anno di servizio» → «anni di servizio»."""
    parole = testo.split(" ")
    fine = next((i for i, p in enumerate(parole) if p in {"di", "del", "della", "in", "per", "a"}),
                len(parole))
    return " ".join([plurale(p) for p in parole[:fine]] + parole[fine:])


def quantita(numero, singolare: str, plurale_: str | None = None) -> str:
    """"1 allegato", "2 allegati": the noun agrees with the number (1 only is singular)."""
    try:
        uno = numero == 1 or float(numero) == 1
    except (TypeError, ValueError):
        uno = False
    nome = singolare if uno else (plurale_ or plurale_locuzione(singolare))
    return f"{numero} {nome}"


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
