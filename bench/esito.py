"""The figures of a benchmark in machine-readable form (`--json PATH`), read by bench.tutti.

Every benchmark writes one JSON object:

    {"benchmark": "procedure_staff", "descrizione": "...", "figure": {...}, "rapporti": {...},
     "obiettivo": "≥ 2×", "esito": "OK" | "FALLITO", "righe": [the lines printed]}
"""

import json
from pathlib import Path


def scrivi(percorso: str | None, benchmark: str, *, descrizione: str, figure: dict,
           obiettivo: str, superato: bool, righe: list[str], rapporti: dict | None = None) -> None:
    if not percorso:
        return
    dati = {"benchmark": benchmark, "descrizione": descrizione, "figure": figure,
            "rapporti": rapporti or {}, "obiettivo": obiettivo,
            "esito": "OK" if superato else "FALLITO", "righe": righe}
    Path(percorso).write_text(json.dumps(dati, ensure_ascii=False, indent=2, default=str) + "\n",
                              encoding="utf-8")
