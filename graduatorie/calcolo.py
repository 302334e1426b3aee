"""The ranking as a pure function: no queries, fast enough for 100,000 applications.

Input: the procedure's criteria and one `Istanza` per sent application (declarations with the
commission's corrections already applied, the mean of the commissari for manual criteria).
Output: the rows of a version of the graduatoria, as plain data ready to be sealed:

    {"sezioni": [{"categoria", "etichetta", "righe": [{"posizione", "candidatura", "cognome",
                  "nome", "punteggio", "protocollo"}]}],
     "esclusi": [{"candidatura", "cognome", "nome", "categoria", "motivazione", "protocollo"}]}

One section per category in the priority order of art. 3 (interni, altre scuole, altre PA,
privati); inside, total score descending; at equal score the younger candidate first when the
procedure says so, then the protocol order.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from procedure import criteri as regole
from procedure.models import PRIORITA_CATEGORIE, Categoria, TipoCriterio

CENTESIMI = Decimal("0.01")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Istanza:
    candidatura: int
    categoria: str
    cognome: str
    nome: str
    data_nascita: date | None
    protocollo: tuple[int, int]  # (anno, numero)
    esito: str  # "ammessa" or "esclusa"
    motivazione: str = ""
    dichiarazioni: dict = field(default_factory=dict)  # {criterio id: value}
    medie: dict = field(default_factory=dict)  # {criterio id: Decimal}, manual criteria


def media(punti: list) -> Decimal:
    """The mean of the commissari's marks (seed 004), to the cent."""
    if not punti:
        return ZERO
    return (sum((Decimal(p) for p in punti), ZERO) / len(punti)).quantize(CENTESIMI, ROUND_HALF_UP)


def _chiave(valore):
    if isinstance(valore, dict):
        return ("voto", str(valore.get("voto")), bool(valore.get("lode")))
    if isinstance(valore, list):
        return tuple(valore)
    return valore


class Punteggiatore:
    """Scores with procedure.criteri's rules, memoised per (criterio, declared value): the
    declarations of thousands of candidates take few distinct values."""

    def __init__(self, criteri):
        self.criteri = [c for c in criteri if c.tipo != TipoCriterio.REQUISITO]
        self._per_categoria: dict[str, list] = {}
        self._cache: dict = {}

    def applicabili(self, categoria: str) -> list:
        if categoria not in self._per_categoria:
            self._per_categoria[categoria] = [
                c for c in self.criteri if regole.applicabile(c, categoria)]
        return self._per_categoria[categoria]

    def punti(self, criterio, valore) -> Decimal:
        chiave = (criterio.pk, _chiave(valore))
        try:
            return self._cache[chiave]
        except KeyError:
            pass
        except TypeError:  # an unhashable value: score it without the cache
            return regole.punteggio_criterio(criterio, valore)
        punti = self._cache[chiave] = regole.punteggio_criterio(criterio, valore)
        return punti

    def totale(self, istanza: Istanza) -> Decimal:
        totale, migliori = ZERO, {}
        for criterio in self.applicabili(istanza.categoria):
            if criterio.tipo == TipoCriterio.MANUALE:
                valore = istanza.medie.get(criterio.pk)
            else:
                valore = istanza.dichiarazioni.get(criterio.pk)
            punti = self.punti(criterio, valore)
            if criterio.gruppo:
                if punti > migliori.get(criterio.gruppo, ZERO):
                    migliori[criterio.gruppo] = punti
            else:
                totale += punti
        return totale + sum(migliori.values(), ZERO)


def _protocollo(istanza: Istanza) -> str:
    anno, numero = istanza.protocollo
    return f"{numero}/{anno}"


def calcola(criteri, istanze, *, piu_giovane_prima: bool = True) -> dict:
    punteggiatore = Punteggiatore(criteri)
    ammesse, esclusi = {}, []
    for istanza in istanze:
        if istanza.esito != "ammessa":
            esclusi.append(istanza)
            continue
        # rounded as published: the rows are ordered by the total they show
        totale = punteggiatore.totale(istanza).quantize(CENTESIMI, ROUND_HALF_UP)
        ammesse.setdefault(istanza.categoria, []).append((totale, istanza))

    def ordine(coppia):
        totale, istanza = coppia
        nascita = istanza.data_nascita.toordinal() if (
            piu_giovane_prima and istanza.data_nascita) else 0
        return (-totale, -nascita, istanza.protocollo, istanza.candidatura)

    priorita = {c: i for i, c in enumerate(PRIORITA_CATEGORIE)}
    sezioni = []
    for categoria in sorted(ammesse, key=lambda c: (priorita.get(c, len(priorita)), c)):
        righe = sorted(ammesse[categoria], key=ordine)
        sezioni.append({
            "categoria": categoria,
            "etichetta": etichetta_categoria(categoria),
            "righe": [{"posizione": n, "candidatura": i.candidatura, "cognome": i.cognome,
                       "nome": i.nome, "punteggio": str(t),
                       "protocollo": _protocollo(i)}
                      for n, (t, i) in enumerate(righe, 1)],
        })
    esclusi.sort(key=lambda i: (priorita.get(i.categoria, len(priorita)), i.protocollo))
    return {
        "sezioni": sezioni,
        "esclusi": [{"candidatura": i.candidatura, "cognome": i.cognome, "nome": i.nome,
                     "categoria": etichetta_categoria(i.categoria), "motivazione": i.motivazione,
                     "protocollo": _protocollo(i)} for i in esclusi],
    }


def etichetta_categoria(categoria: str) -> str:
    try:
        return Categoria(categoria).label
    except ValueError:
        return categoria or "Categoria non indicata"


def sigillo(righe: dict) -> str:
    """SHA-256 of the rows in a canonical form (sorted keys, no spaces, UTF-8)."""
    testo = json.dumps(righe, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(testo.encode()).hexdigest()


def ordine_di_chiamata(righe: dict) -> list[int]:
    """Candidature ids in interpello order: categories by priority, then position."""
    return [r["candidatura"] for s in righe["sezioni"] for r in s["righe"]]
