"""Every benchmark of bench/, one after the other, and bench/RESULTS.md (`make bench`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_portale .venv/bin/python -m bench.tutti

DATABASE_URL names the PostgreSQL server and user; each benchmark uses its own database on
that server (created when missing, data created once and reused), as in bench/README.md:
bench_portale, bench_graduatorie, bench_candidature, bench_procedure, bench_azioni. Each benchmark runs as
`python -m bench.<nome> --json FILE`; its figures come from that JSON, not from its output.
RESULTS.md gets the machine (CPU, RAM, OS, Python, PostgreSQL), the date, every benchmark's
figures, ratios, target and outcome. Exit status 1 when any benchmark fails or misses its
target (RESULTS.md is written anyway).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

RADICE = Path(__file__).resolve().parent.parent
PREDEFINITO = "postgres://postgres@127.0.0.1:5432/bench_portale"

# (module, its database on the server of DATABASE_URL)
BENCHMARK = [("avvisi_pubblici", "bench_portale"), ("graduatorie", "bench_graduatorie"),
             ("candidature", "bench_candidature"), ("procedure_staff", "bench_procedure"),
             ("azioni_staff", "bench_azioni")]


def url_database(url: str, nome: str) -> str:
    return urlsplit(url)._replace(path="/" + nome).geturl()


def macchina(url: str) -> dict:
    cpu = "sconosciuta"
    with open("/proc/cpuinfo", encoding="utf-8") as righe:
        for riga in righe:
            if riga.startswith("model name"):
                cpu = riga.split(":", 1)[1].strip()
                break
    ram = 0
    with open("/proc/meminfo", encoding="utf-8") as righe:
        for riga in righe:
            if riga.startswith("MemTotal:"):
                ram = int(riga.split()[1]) / 1024 / 1024
    sistema = platform.platform()
    try:
        with open("/etc/os-release", encoding="utf-8") as righe:
            valori = dict(r.rstrip("\n").split("=", 1) for r in righe if "=" in r)
        sistema = f"{valori.get('PRETTY_NAME', '').strip(chr(34))}, Linux {platform.release()}"
    except OSError:
        pass
    import psycopg

    with psycopg.connect(url_database(url, "postgres"), autocommit=True) as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=RADICE, text=True,
                                capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = os.environ.get("BENCH_COMMIT", "sconosciuto")
    return {"cpu": cpu, "core": os.cpu_count(), "ram_gib": ram, "sistema": sistema,
            "python": platform.python_version(), "postgresql": postgres, "commit": commit,
            "carico_iniziale": os.getloadavg()}


def esegui(modulo: str, url: str) -> dict:
    """Runs one benchmark with its output on the terminal; its figures from the JSON file."""
    with tempfile.TemporaryDirectory(prefix=f"bench_{modulo}-") as cartella:
        percorso = Path(cartella) / "esito.json"
        inizio = time.monotonic()
        codice = subprocess.run([sys.executable, "-m", f"bench.{modulo}", "--json", str(percorso)],
                                cwd=RADICE, env=os.environ | {"DATABASE_URL": url}).returncode
        durata = time.monotonic() - inizio
        if percorso.exists():
            dati = json.loads(percorso.read_text(encoding="utf-8"))
        else:
            dati = {"benchmark": modulo, "esito": "ERRORE", "righe": [],
                    "descrizione": "", "obiettivo": "", "figure": {}, "rapporti": {}}
    dati |= {"codice_uscita": codice, "durata_s": durata, "carico_dopo": os.getloadavg()}
    if codice and dati["esito"] == "OK":
        dati["esito"] = "ERRORE"
    return dati


def sintesi(dati: dict) -> tuple[str, str]:
    """(figures, ratio) in a few words for the summary table."""
    f, r = dati["figure"], dati["rapporti"]
    nome = dati["benchmark"]
    if dati["esito"] == "ERRORE" and not f:
        return "non concluso (vedi l'output)", "—"
    if nome == "avvisi_pubblici":
        return (f"minima {f['minima']['rps']:,.0f} req/s; /avvisi/ {f['lista']['rps']:,.0f} req/s, "
                f"p50 {f['lista']['p50_ms']:.1f} ms", f"{r['lista/minima']:.2f}")
    if nome == "graduatorie":
        m = f["mediana_s"]
        return ("; ".join(f"{int(n):,} {s:.3f} s" for n, s in m.items()),
                "crescita " + ", ".join(f"×{v:.1f}" for v in r["crescita"].values()))
    if nome == "candidature":
        p = f["passi"]["percorso"]
        richiesta = max((v["p95_ms"] for k, v in f["passi"].items() if k != "percorso"),
                        default=0)
        rapporto = r.get("cpu candidatura/ricevi")
        return (f"{f['completati']}/{f['candidati']} inviate, {f['errori']} errori, "
                f"{f['durata_s']:.1f} s, {f['candidature_al_s']:.1f} candidature/s; percorso "
                f"p50 {p['p50_ms']:.0f} ms, p95 {p['p95_ms']:.0f} ms; p95 della richiesta più "
                f"lenta {richiesta:.0f} ms; lock in attesa in media "
                f"{f.get('lock_in_attesa_media', 0):.2f}; CPU {f.get('cpu_ms_candidatura', 0):.0f} "
                f"ms a candidatura",
                f"CPU candidatura/ricevi {rapporto:.1f}×" if rapporto is not None else "—")
    if nome == "procedure_staff":
        return (f"elenco {f['elenco']['rps']:,.0f} req/s (p50 {f['elenco']['p50_ms']:.0f} ms); "
                f"admin {f['admin']['rps']:,.0f} req/s (p50 {f['admin']['p50_ms']:.0f} ms)",
                f"{r['elenco/admin']:.2f}×")
    if nome == "azioni_staff":
        return (f"{f['pagine']:,} pagine, {f['azioni_eseguite']} azioni eseguite, "
                f"{f['errori_500']} errori 500; azione più lenta {f['azione_max_ms']} ms, "
                f"pagina più lenta {f['pagina_max_ms']} ms",
                f"azione più lenta / vista minima {r['azione_max_su_minimo']}×")
    return "", ""


def scrivi_risultati(percorso: Path, info: dict, esiti: list[dict], inizio: datetime) -> None:
    carico = lambda v: " / ".join(f"{x:.1f}" for x in v)  # noqa: E731
    righe = [
        "# Risultati dei benchmark",
        "",
        f"Generato da `make bench` (`python -m bench.tutti`) il {inizio:%Y-%m-%d} alle "
        f"{inizio:%H:%M} (UTC{inizio:%z}), commit `{info['commit']}`. I rapporti sono misurati "
        "nella stessa esecuzione sulla stessa macchina; le cifre assolute dipendono dalla "
        "macchina e dal suo carico.",
        "",
        "## Macchina",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {info['cpu']}, {info['core']} core |",
        f"| RAM | {info['ram_gib']:.1f} GiB |",
        f"| Sistema | {info['sistema']} |",
        f"| Python | {info['python']} |",
        f"| PostgreSQL | {info['postgresql']} |",
        f"| Carico medio all'avvio (1/5/15 min) | {carico(info['carico_iniziale'])} |",
        "",
        "## Sintesi",
        "",
        "| benchmark | cifre | rapporto | obiettivo | esito |",
        "|---|---|---|---|---|",
    ]
    for dati in esiti:
        cifre, rapporto = sintesi(dati)
        righe.append(f"| `{dati['benchmark']}` | {cifre} | {rapporto} | {dati['obiettivo']} | "
                     f"**{dati['esito']}** |")
    for dati in esiti:
        righe += ["", f"## `{dati['benchmark']}`", ""]
        if dati["descrizione"]:
            righe += [dati["descrizione"] + ".", ""]
        righe += [f"Obiettivo: {dati['obiettivo'] or '—'}. Esito: **{dati['esito']}** "
                  f"(codice di uscita {dati['codice_uscita']}, {dati['durata_s']:.0f} s compresa "
                  f"la preparazione dei dati; carico medio alla fine {carico(dati['carico_dopo'])}).",
                  "", "```", *(dati["righe"] or ["(nessuna cifra: vedi l'output del comando)"]),
                  "```"]
    percorso.write_text("\n".join(righe) + "\n", encoding="utf-8")


def main() -> int:
    argomenti = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argomenti.add_argument("--solo", nargs="+", choices=[b[0] for b in BENCHMARK],
                           help="solo questi benchmark")
    argomenti.add_argument("--risultati", default=str(RADICE / "bench" / "RESULTS.md"),
                           help="file dei risultati (predefinito bench/RESULTS.md)")
    opzioni = argomenti.parse_args()
    url = os.environ.get("DATABASE_URL") or PREDEFINITO
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        sys.exit(f"make bench richiede PostgreSQL: DATABASE_URL è «{url}». Imposta "
                 f"DATABASE_URL verso un server PostgreSQL, ad esempio {PREDEFINITO} (ogni "
                 "benchmark usa un proprio database bench_* su quel server).")
    from bench.candidature import assicura_database

    try:
        info = macchina(url)
    except Exception as errore:  # the server is the first thing the benchmarks need
        sys.exit(f"PostgreSQL non raggiungibile a {url_database(url, '')}: {errore}")
    inizio = datetime.now().astimezone()
    esiti = []
    for modulo, database in BENCHMARK:
        if opzioni.solo and modulo not in opzioni.solo:
            continue
        url_bench = url_database(url, database)
        assicura_database(url_bench)
        print(f"\n=== {modulo} ({database}) ===", flush=True)
        esiti.append(esegui(modulo, url_bench))
    scrivi_risultati(Path(opzioni.risultati), info, esiti, inizio)
    print(f"\nrisultati in {opzioni.risultati}")
    for dati in esiti:
        print(f"  {dati['benchmark']:<16} {dati['esito']}")
    return 0 if all(d["esito"] == "OK" for d in esiti) else 1


if __name__ == "__main__":
    sys.exit(main())
