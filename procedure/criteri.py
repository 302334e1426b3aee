"""Scoring rules of the criteri di valutazione, as pure functions.

A declaration is the candidate's answer to one criterion: True/False for fixed points and
requirements, a number of units, {"voto": 108, "lode": False} for a degree mark, and the
commission's mean for manual criteria. Criteria restricted to some categories count only
for those; in a group of alternatives only the best counts.
"""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from portale.formato import punti as formato_punti

from .models import TipoCriterio

ZERO = Decimal("0")


def applicabile(criterio, categoria: str) -> bool:
    return not criterio.categorie or categoria in criterio.categorie


def massimo_criterio(criterio) -> Decimal:
    if criterio.tipo == TipoCriterio.FISSO:
        return criterio.punti or ZERO
    if criterio.tipo in (TipoCriterio.PER_UNITA, TipoCriterio.MANUALE):
        return criterio.massimo or ZERO
    if criterio.tipo == TipoCriterio.VOTO_LAUREA:
        migliore = max((Decimal(str(p)) for _, p in criterio.fasce), default=ZERO)
        return migliore + (criterio.bonus_lode or ZERO)
    return ZERO


# The lowest passing mark of each scale (110: lauree, 100: diplomi, 60: vecchio ordinamento).
VOTO_MINIMO = {110: 66, 100: 60, 60: 36}


def errore_voto(criterio, voto, lode: bool) -> str:
    """The one rule for marks, in the form, the presets and the commission's corrections:
    every mark of the criterion's scale is accepted, lode only with its top mark. Returns the
    message, or "" when the mark is valid."""
    scala = criterio.scala_voto or 110
    minimo = VOTO_MINIMO.get(scala, 0)
    if voto is None:
        return "Con la lode indica anche il voto." if lode else ""
    if not minimo <= voto <= scala:
        return f"Il voto è un numero da {minimo} a {scala}."
    if lode and voto != scala:
        return f"La lode si dichiara solo con {scala}."
    return ""


def _punti(valore) -> str:
    testo = formato_punti(valore)
    return f"{testo} punt{'o' if testo == '1' else 'i'}"


def regola_in_parole(criterio) -> str:
    """How a criterion gives points, as the avviso tells candidates («2 punti per anno, fino a
    10 punti»; «fino a 100: 6 punti; fino a 110: 12 punti; lode: +2»)."""
    if criterio.tipo == TipoCriterio.FISSO:
        return f"{_punti(criterio.punti)} se in possesso"
    if criterio.tipo == TipoCriterio.PER_UNITA:
        return (f"{_punti(criterio.punti)} per {criterio.unita or 'unità'}, fino a "
                f"{_punti(criterio.massimo)}")
    if criterio.tipo == TipoCriterio.VOTO_LAUREA:
        fasce = "; ".join(f"fino a {voto}: {_punti(p)}" for voto, p in criterio.fasce)
        scala = criterio.scala_voto or 110
        fasce = f"voto su {scala} – {fasce}"
        return fasce + (f"; {scala} e lode: +{_punti(criterio.bonus_lode)}"
                        if criterio.bonus_lode else "")
    if criterio.tipo == TipoCriterio.MANUALE:
        return f"valutato dalla commissione, fino a {_punti(criterio.massimo)}"
    alternative = soddisfatto_da(criterio)
    if alternative:
        nomi = ", ".join(f"«{a.descrizione}»" for a in alternative)
        if len(alternative) == 1:
            return f"requisito di ammissione: va dichiarato il titolo {nomi}"
        return f"requisito di ammissione: va dichiarato almeno uno tra {nomi}"
    return "requisito di ammissione: senza di esso la candidatura è esclusa"


def punteggio_criterio(criterio, dichiarazione) -> Decimal:
    """Points for one declaration (not yet grouped, category already checked)."""
    if dichiarazione in (None, "", False):
        return ZERO
    if criterio.tipo == TipoCriterio.FISSO:
        return criterio.punti or ZERO
    if criterio.tipo == TipoCriterio.PER_UNITA:
        unita = Decimal(str(dichiarazione))
        if unita <= 0:
            return ZERO
        return min(unita * (criterio.punti or ZERO), criterio.massimo or unita * (criterio.punti or ZERO))
    if criterio.tipo == TipoCriterio.VOTO_LAUREA:
        voto = int(dichiarazione.get("voto") or 0)
        punti = ZERO
        for soglia, valore in sorted(criterio.fasce, key=lambda f: f[0]):
            if voto <= soglia:
                punti = Decimal(str(valore))
                break
        else:
            return ZERO
        if (dichiarazione.get("lode") and criterio.bonus_lode
                and voto == (criterio.scala_voto or 110)):
            punti += criterio.bonus_lode
        return punti
    if criterio.tipo == TipoCriterio.MANUALE:
        return min(Decimal(str(dichiarazione)), criterio.massimo or ZERO)
    return ZERO


def _totale(valori: Iterable[tuple]) -> Decimal:
    """Sum per group: ungrouped criteria add up, each group contributes only its best."""
    migliori: dict[str, Decimal] = {}
    totale = ZERO
    for criterio, punti in valori:
        if criterio.gruppo:
            migliori[criterio.gruppo] = max(migliori.get(criterio.gruppo, ZERO), punti)
        else:
            totale += punti
    return totale + sum(migliori.values(), ZERO)


def punteggio_totale(criteri, categoria: str, dichiarazioni: dict) -> Decimal:
    """Total score of a candidate of `categoria`; `dichiarazioni` maps criterio id → value."""
    return _totale(
        (c, punteggio_criterio(c, dichiarazioni.get(c.pk)))
        for c in criteri if c.tipo != TipoCriterio.REQUISITO and applicabile(c, categoria)
    )


def soddisfatto_da(criterio) -> list:
    """The criteria whose declaration meets the requirement `criterio` (empty: a requirement
    the candidate declares and the commission checks). Read from the prefetch when the caller
    made one (`prefetch_related("soddisfatto_da")`), else one query per requirement."""
    if criterio.tipo != TipoCriterio.REQUISITO or criterio._state.adding:
        return []
    cache = getattr(criterio, "_prefetched_objects_cache", {})
    if "soddisfatto_da" in cache:
        return list(cache["soddisfatto_da"])
    return list(criterio.soddisfatto_da.all())


def dichiarato(valore) -> bool:
    """Something is declared: a title possessed, a positive number of units, a mark."""
    if isinstance(valore, dict):
        return bool(valore.get("voto"))
    if valore in (None, "", False):
        return False
    try:
        return Decimal(str(valore)) > 0
    except (InvalidOperation, ValueError):
        return bool(valore)


def requisito_soddisfatto(criterio, dichiarazioni: dict) -> bool:
    """A rule requirement: at least one of its criteria declared (whatever their category:
    the title is possessed); a declared requirement: ticked (or corrected) to yes."""
    alternative = soddisfatto_da(criterio)
    if alternative:
        return any(dichiarato(dichiarazioni.get(a.pk)) for a in alternative)
    return bool(dichiarazioni.get(criterio.pk))


def requisiti_mancanti(criteri, categoria: str, dichiarazioni: dict) -> list[str]:
    """The descriptions of the requirements of `categoria` not met by `dichiarazioni`."""
    return [c.descrizione for c in criteri
            if c.tipo == TipoCriterio.REQUISITO and applicabile(c, categoria)
            and not requisito_soddisfatto(c, dichiarazioni)]


def motivazione_requisiti(mancanti: list[str]) -> str:
    """The exclusion's motivazione prefilled for the commission."""
    if not mancanti:
        return ""
    elenco = "; ".join(f"«{m}»" for m in mancanti)
    if len(mancanti) == 1:
        return f"Manca il requisito di ammissione {elenco}."
    return f"Mancano i requisiti di ammissione {elenco}."


def punteggio_massimo(criteri, categorie: Iterable[str]) -> Decimal:
    """The best total reachable by a candidate of any admitted category."""
    criteri = [c for c in criteri if c.tipo != TipoCriterio.REQUISITO]
    return max(
        (_totale((c, massimo_criterio(c)) for c in criteri if applicabile(c, cat))
         for cat in categorie),
        default=ZERO,
    )


def errori_criterio(criterio) -> list[str]:
    """What makes a criterion unusable, as messages (empty when coherent)."""
    errori = []
    nome = f"«{criterio.descrizione}»"
    if criterio.tipo in (TipoCriterio.FISSO, TipoCriterio.PER_UNITA) and not criterio.punti:
        errori.append(f"Il criterio {nome} non indica i punti.")
    if criterio.tipo in (TipoCriterio.PER_UNITA, TipoCriterio.MANUALE) and not criterio.massimo:
        errori.append(f"Il criterio {nome} non indica il punteggio massimo.")
    if (criterio.tipo == TipoCriterio.PER_UNITA and criterio.punti and criterio.massimo
            and Decimal(str(criterio.punti)) > Decimal(str(criterio.massimo))):
        # one title alone would already be worth more than the criterion's maximum
        errori.append(f"Nel criterio {nome} i punti per {criterio.unita or 'unità'} "
                      f"({formato_punti(criterio.punti)}) superano il punteggio massimo "
                      f"({formato_punti(criterio.massimo)}).")
    if criterio.tipo == TipoCriterio.VOTO_LAUREA:
        if not criterio.fasce:
            errori.append(f"Il criterio {nome} non ha fasce di voto.")
        elif any(not (isinstance(f, list | tuple) and len(f) == 2) for f in criterio.fasce):
            errori.append(f"Le fasce del criterio {nome} devono essere coppie [voto, punti].")
        elif any(_negativo(punti) for _voto, punti in criterio.fasce):
            errori.append(f"Le fasce del criterio {nome} non possono dare punti negativi.")
    # a negative value would lower the maximum of the whole grid: points are never negative
    for campo, frase in (("punti", "i punti non possono essere negativi"),
                         ("massimo", "il punteggio massimo non può essere negativo"),
                         ("bonus_lode", "i punti per la lode non possono essere negativi")):
        if _negativo(getattr(criterio, campo)):
            errori.append(f"Nel criterio {nome} {frase}.")
    return errori


def _negativo(valore) -> bool:
    try:
        return valore is not None and Decimal(str(valore)) < 0
    except (InvalidOperation, ValueError):
        return False
