"""«Monitoraggio» of a procedure: drafts, sent and withdrawn applications by category and by
day, computed with database aggregates (four queries, whatever the number of applications),
the charts as inline SVG drawn here, and the report as CSV.

Counts follow the current state of each application: a draft counts on the day it was
created, a sent one on the day it was sent, a withdrawn one on the day it was withdrawn;
annulled applications (the procedure was annulled) are counted apart.
"""

import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from portale import csv_sicuro
from portale.pdf import genera_pdf, pdf_conservato
from procedure.models import Categoria

from .models import INVIATE, Candidatura, StatoCandidatura

MISURE = (("bozze", "Bozze"), ("inviate", "Inviate"), ("ritirate", "Ritirate"))
FILTRI = {
    "bozze": Q(stato=StatoCandidatura.BOZZA),
    "inviate": Q(stato__in=INVIATE),
    "ritirate": Q(stato=StatoCandidatura.RITIRATA),
    "annullate": Q(stato=StatoCandidatura.ANNULLATA),
}
DATA_PER_MISURA = {"bozze": "creata_il", "inviate": "inviata_il", "ritirate": "ritirata_il"}
# Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart also by the legend
# order and by each bar's title; the table beside the chart is the accessible equivalent.
COLORI = {"bozze": "#5c6f82", "inviate": "#0066cc", "ritirate": "#cc334d"}
GIORNI_NEL_GRAFICO = 62
TELEFONO = 360  # the width of a phone's chart, in SVG units ≈ CSS px at 390 px


def _carattere(larghezza: int) -> int:
    """The text size in SVG units: the wide chart is shown at ~0,9 of its 720 units (col-lg-7
    at 1366 px), the phone's at ~1: 12 px or more on the screen either way."""
    return 12 if larghezza <= TELEFONO else 14


@dataclass
class Riga:
    etichetta: str
    bozze: int = 0
    inviate: int = 0
    ritirate: int = 0
    annullate: int = 0

    def valori(self) -> dict:
        return {m: getattr(self, m) for m, _ in MISURE}


@dataclass
class Statistiche:
    totale: Riga
    per_categoria: list[Riga]
    per_giorno: list[tuple[date, Riga]]
    grafici: dict = field(default_factory=dict)


def calcola(procedura) -> Statistiche:
    candidature = Candidatura.objects.filter(procedura=procedura).order_by()
    righe = {r["categoria"]: r for r in candidature.values("categoria").annotate(
        **{nome: Count("pk", filter=filtro) for nome, filtro in FILTRI.items()})}
    categorie = list(procedura.categorie_ammesse) + [
        c for c in righe if c and c not in procedura.categorie_ammesse]
    per_categoria = [Riga(Categoria(c).label, **_conteggi(righe.get(c))) for c in categorie]
    if righe.get(""):
        per_categoria.append(Riga("Categoria non ancora indicata", **_conteggi(righe[""])))
    totale = Riga("Totale", **{m: sum(getattr(r, m) for r in per_categoria)
                              for m in ("bozze", "inviate", "ritirate", "annullate")})

    giorni: dict[date, Riga] = {}
    for misura, campo in DATA_PER_MISURA.items():
        for riga in (candidature.filter(FILTRI[misura], **{f"{campo}__isnull": False})
                     .annotate(giorno=TruncDate(campo)).values("giorno")
                     .annotate(n=Count("pk")).order_by("giorno")):
            giorno = riga["giorno"]
            giorni.setdefault(giorno, Riga(f"{giorno:%d/%m/%Y}"))
            setattr(giorni[giorno], misura, riga["n"])
    per_giorno = sorted(giorni.items())
    statistiche = Statistiche(totale=totale, per_categoria=per_categoria, per_giorno=per_giorno)
    # a phone draws its own, 360 units wide: the wide one scaled to 366 px has 6 px words
    statistiche.grafici = {"giorni": grafico_giorni(per_giorno),
                           "categorie": grafico_categorie(per_categoria),
                           "giorni_telefono": grafico_giorni(per_giorno, larghezza=TELEFONO),
                           "categorie_telefono": grafico_categorie(per_categoria,
                                                                   larghezza=TELEFONO)}
    return statistiche


def _conteggi(riga: dict | None) -> dict:
    return {m: (riga or {}).get(m, 0) for m in ("bozze", "inviate", "ritirate", "annullate")}


# --- charts as SVG geometry (rendered by candidature/_grafico_*.html) ----------------------

def _scala(massimo: int) -> int:
    """A round top for the axis: 1, 2, 5, 10, 20, 50…"""
    passo = 1
    while True:
        for fattore in (1, 2, 5):
            if massimo <= passo * fattore:
                return passo * fattore
        passo *= 10


def grafico_giorni(per_giorno: list[tuple[date, Riga]], *, larghezza: int = 720,
                   altezza: int = 240) -> dict:
    """Grouped vertical bars, one group per day (gaps filled with zero), last 62 days."""
    if not per_giorno:
        return {"vuoto": True}
    primo, ultimo = per_giorno[0][0], per_giorno[-1][0]
    primo = max(primo, ultimo - timedelta(days=GIORNI_NEL_GRAFICO - 1))
    dati = dict(per_giorno)
    giorni = [primo + timedelta(days=i) for i in range((ultimo - primo).days + 1)]
    massimo = _scala(max([1] + [v for g in giorni if g in dati for v in dati[g].valori().values()]))
    sinistra, basso, alto = 40, 36, 12
    area_x, area_y = larghezza - sinistra - 8, altezza - basso - alto
    gruppo = area_x / len(giorni)
    barra = max(1.0, min(14.0, (gruppo - 2) / len(MISURE)))
    ogni = max(1, round(len(giorni) / (larghezza // 70)))  # a date label every ~70 units
    barre, etichette = [], []
    for i, giorno in enumerate(giorni):
        riga = dati.get(giorno) or Riga(f"{giorno:%d/%m/%Y}")
        x0 = sinistra + i * gruppo + (gruppo - barra * len(MISURE)) / 2
        for j, (misura, nome) in enumerate(MISURE):
            valore = getattr(riga, misura)
            h = area_y * valore / massimo
            barre.append({"x": round(x0 + j * barra, 2), "y": round(alto + area_y - h, 2),
                          "w": round(barra, 2), "h": round(h, 2), "colore": COLORI[misura],
                          "titolo": f"{giorno:%d/%m/%Y} – {nome}: {valore}"})
        if i % ogni == 0:
            etichette.append({"x": round(sinistra + i * gruppo + gruppo / 2, 2),
                              "testo": f"{giorno:%d/%m}"})
    passo = massimo // 5 if massimo % 5 == 0 else 1
    assi = [{"y": round(alto + area_y - area_y * v / massimo, 2), "valore": v}
            for v in range(0, massimo + 1, passo)]
    return {"vuoto": False, "larghezza": larghezza, "altezza": altezza, "barre": barre,
            "carattere": _carattere(larghezza), "etichette": etichette, "assi": assi,
            "sinistra": sinistra,
            "destra": larghezza - 8, "base": alto + area_y, "y_etichette": altezza - basso + 16,
            "legenda": [{"nome": n, "colore": COLORI[m]} for m, n in MISURE],
            "primo": primo, "ultimo": ultimo}


def grafico_categorie(per_categoria: list[Riga], *, larghezza: int = 720) -> dict:
    """Horizontal bars, three per category (bozze, inviate, ritirate)."""
    if not per_categoria or not any(any(r.valori().values()) for r in per_categoria):
        return {"vuoto": True}
    massimo = _scala(max(v for r in per_categoria for v in r.valori().values()))
    sinistra, riga_h, barra_h = 12, 70, 16
    area = larghezza - sinistra - 60
    righe = []
    for i, riga in enumerate(per_categoria):
        y = i * riga_h
        barre = []
        for j, (misura, nome) in enumerate(MISURE):
            valore = getattr(riga, misura)
            y_barra = y + 18 + j * barra_h
            barre.append({"x": sinistra, "y": y_barra,
                          "w": round(area * valore / massimo, 2), "h": barra_h - 3,
                          "colore": COLORI[misura], "valore": valore,
                          "x_valore": round(sinistra + area * valore / massimo + 4, 2),
                          "y_valore": y_barra + (barra_h - 3) / 2,
                          "titolo": f"{riga.etichetta} – {nome}: {valore}"})
        righe.append({"etichetta": riga.etichetta, "y": y + 13, "barre": barre})
    return {"vuoto": False, "larghezza": larghezza, "altezza": len(per_categoria) * riga_h,
            "carattere": _carattere(larghezza), "righe": righe,
            "legenda": [{"nome": n, "colore": COLORI[m]} for m, n in MISURE]}


# --- report ---------------------------------------------------------------------------------

def csv_report(procedura, statistiche: Statistiche) -> str:
    """The report as CSV for spreadsheets (";" separated, as Italian Excel expects)."""
    uscita = io.StringIO()
    scrivi = csv_sicuro.scrittore(uscita, delimiter=";", lineterminator="\r\n").writerow
    scrivi([f"Monitoraggio della procedura n. {procedura.pk}", procedura.oggetto])
    scrivi([])
    scrivi(["Categoria", "Bozze", "Inviate", "Ritirate", "Annullate"])
    for riga in [*statistiche.per_categoria, statistiche.totale]:
        scrivi([riga.etichetta, riga.bozze, riga.inviate, riga.ritirate, riga.annullate])
    scrivi([])
    scrivi(["Giorno", "Bozze", "Inviate", "Ritirate"])
    for giorno, riga in statistiche.per_giorno:
        scrivi([f"{giorno:%d/%m/%Y}", riga.bozze, riga.inviate, riga.ritirate])
    return uscita.getvalue()


def pdf_report(procedura, statistiche: Statistiche) -> str:
    """The storage name of the report as PDF, composed once for each state of the figures.

    WeasyPrint takes about a second; staff download the report many times while nothing
    changed: the name carries the SHA-256 of what the PDF shows (the figures and the
    procedure's phase and terms), so a download reads the stored file until a figure moves.
    """
    mostrato = (f"{procedura.stato}|{procedura.data_apertura}|{procedura.data_chiusura}|"
                f"{procedura.oggetto}|" + csv_report(procedura, statistiche))
    impronta = hashlib.sha256(mostrato.encode()).hexdigest()[:32]
    nome = (f"monitoraggio/{procedura.istituto.codice_meccanografico}/"
            f"procedura-{procedura.pk}-{impronta}.pdf")
    return pdf_conservato(nome, lambda: genera_pdf(
        "pdf/candidature/monitoraggio.html",
        {"procedura": procedura, "statistiche": statistiche, "composto_il": timezone.now()},
        istituto=procedura.istituto, titolo=f"Monitoraggio della procedura n. {procedura.pk}"))
