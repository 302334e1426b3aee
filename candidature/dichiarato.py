"""What an application declares, line by line, as the summary, the detail page and the PDF
ricevuta show it (issue 17): each evaluable title with its value and the points it gives,
the requirements, the answers to the procedure's questions, the self-certifications.

Pure reads of the application and of the criteria already loaded; the points come from the
scoring rules (procedure.criteri), and the lines add up to services.punteggio_dichiarato:
in a group of alternatives only the best line counts, the others show why they give 0.
"""

from dataclasses import dataclass
from decimal import Decimal

from portale.formato import punti as formato_punti
from portale.lingua import quantita
from procedure import criteri as regole
from procedure.models import Categoria, TipoCampo, TipoCriterio
from procedure.modulo import AUTOCERTIFICAZIONI

ZERO = Decimal("0")


@dataclass
class Riga:
    criterio: object
    valore: str        # the declared value in words, "" when nothing is declared
    descrizione: str   # the candidate's description (titles, ente, dates)
    punti: Decimal     # what the line adds to the total
    nota: str = ""     # why a declared line gives nothing


def valore_in_parole(criterio, valore) -> str:
    if valore in (None, "", False):
        return ""
    if criterio.tipo in (TipoCriterio.FISSO, TipoCriterio.REQUISITO):
        return "Sì, in possesso"
    if criterio.tipo == TipoCriterio.PER_UNITA:
        # a commission's correction may be a fraction, stored as «2.5»: «2,5 esperienze»
        try:
            numero = Decimal(str(valore))
        except ArithmeticError:
            return str(valore)
        if not numero.is_finite():
            return str(valore)
        if not numero:
            return ""
        if numero == numero.to_integral_value():
            return quantita(int(numero), criterio.unita or "unità")
        return quantita(format(numero.normalize(), "f").replace(".", ","), criterio.unita or "unità")
    if criterio.tipo == TipoCriterio.VOTO_LAUREA and isinstance(valore, dict):
        if not valore.get("voto"):
            return ""
        testo = f"{valore['voto']}/{criterio.scala_voto or 110}"
        return testo + (" e lode" if valore.get("lode") else "")
    return str(valore)


def righe_titoli(candidatura, criteri) -> list[Riga]:
    """One line per criterion that gives points (requirements excluded), in the avviso's order."""
    dichiarazioni = candidatura.dichiarazioni or {}
    categoria = candidatura.categoria
    righe: list[Riga] = []
    for criterio in criteri:
        if criterio.tipo == TipoCriterio.REQUISITO:
            continue
        valore = dichiarazioni.get(str(criterio.pk))
        riga = Riga(criterio=criterio, valore=valore_in_parole(criterio, valore),
                    descrizione=dichiarazioni.get(f"{criterio.pk}_descrizione") or "",
                    punti=ZERO)
        if criterio.tipo == TipoCriterio.MANUALE:
            riga.nota = "Lo valuta la commissione"
        elif not regole.applicabile(criterio, categoria):
            if riga.valore:
                riga.nota = ("Non vale per la categoria scelta" if categoria else
                             "Scegli la categoria: vale solo per alcune")
        else:
            riga.punti = regole.punteggio_criterio(criterio, valore)
        righe.append(riga)
    # in a group of alternatives only the best counts (procedure.criteri._totale)
    migliori: dict[str, Riga] = {}
    for riga in righe:
        gruppo = riga.criterio.gruppo
        if gruppo and riga.punti > (migliori[gruppo].punti if gruppo in migliori else ZERO):
            migliori[gruppo] = riga
    for riga in righe:
        gruppo = riga.criterio.gruppo
        if gruppo and riga.punti and migliori.get(gruppo) is not riga:
            riga.nota = (f"In alternativa con altri titoli ({gruppo}): conta solo il migliore, "
                         f"qui {formato_punti(riga.punti)} non sommati")
            riga.punti = ZERO
    return righe


def totale(righe: list[Riga]) -> Decimal:
    return sum((r.punti for r in righe), ZERO)


@dataclass
class Voce:
    testo: str
    risposta: str


def _per_id(candidatura) -> dict:
    return {int(k): v for k, v in (candidatura.dichiarazioni or {}).items() if k.isdigit()}


def _risposta_requisito(criterio, dichiarazioni) -> str:
    if not regole.soddisfatto_da(criterio):  # declared by the candidate, checked later
        return "Sì, in possesso" if dichiarazioni.get(criterio.pk) else "Non dichiarato"
    if regole.requisito_soddisfatto(criterio, dichiarazioni):
        return "Sì, dai titoli dichiarati"
    return "Non risulta dai titoli dichiarati"


def requisiti(candidatura, criteri) -> list[Voce]:
    dichiarazioni = _per_id(candidatura)
    return [Voce(c.descrizione, _risposta_requisito(c, dichiarazioni))
            for c in criteri if c.tipo == TipoCriterio.REQUISITO
            and regole.applicabile(c, candidatura.categoria)]


def requisiti_mancanti(candidatura, criteri) -> list[str]:
    """The requirements the declarations do not meet (the riepilogo warns, issue 18)."""
    return regole.requisiti_mancanti(criteri, candidatura.categoria, _per_id(candidatura))


def risposte(candidatura, campi) -> list[Voce]:
    voci = []
    for campo in campi:
        valore = (candidatura.risposte or {}).get(str(campo.pk))
        if campo.tipo in (TipoCampo.DICHIARAZIONE,) or isinstance(valore, bool):
            testo = "Sì" if valore else "No"
        elif valore in (None, ""):
            testo = "—"
        elif campo.tipo == TipoCampo.SI_NO:
            testo = {"si": "Sì", "no": "No"}.get(valore, str(valore))
        else:
            testo = str(valore)
        voci.append(Voce(campo.etichetta, testo))
    return voci


def file_ripetuti(allegati) -> list[str]:
    """The same file (same SHA-256) attached for two different documents, said with both
    names: a likely mistake of the file picker, told before «Invia», not refused."""
    per_impronta: dict[str, list] = {}
    for allegato in allegati:
        per_impronta.setdefault(allegato.sha256, []).append(allegato)
    return [f"Lo stesso file «{gruppo[0].nome}» è allegato come "
            + " e come ".join(f"«{a.per_cosa}»" for a in sorted(
                gruppo, key=lambda a: (a.allegato_richiesto_id is None, a.pk)))
            for gruppo in per_impronta.values() if len(gruppo) > 1]


def richieste(candidatura) -> list[tuple[str, str]]:
    """The declarations the application was asked for: all of them for a draft; for one sent,
    those of its day (a declaration added to the form later was not asked of it)."""
    if candidatura.protocollo_id is None:
        return list(AUTOCERTIFICAZIONI.items())
    rese = candidatura.autocertificazioni or {}
    return [(nome, testo) for nome, testo in AUTOCERTIFICAZIONI.items() if nome in rese]


def autocertificazioni(candidatura) -> list[Voce]:
    rese = candidatura.autocertificazioni or {}
    return [Voce(testo, "Resa" if rese.get(nome) else "Non resa")
            for nome, testo in richieste(candidatura)]


def contesto(candidatura, *, campi, criteri) -> dict:
    """Everything the summary, the detail page and the ricevuta print."""
    righe = righe_titoli(candidatura, criteri)
    return {
        "righe_titoli": righe, "totale_righe": totale(righe),
        "requisiti": requisiti(candidatura, criteri),
        "requisiti_mancanti": requisiti_mancanti(candidatura, criteri),
        "risposte": risposte(candidatura, campi),
        "autocertificazioni": autocertificazioni(candidatura),
        "categoria_in_parole": (Categoria(candidatura.categoria).label
                                if candidatura.categoria in Categoria.values else ""),
    }
