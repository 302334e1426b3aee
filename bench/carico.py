"""A small closed-loop HTTP load generator on loopback: N threads, fixed duration."""

import http.client
import threading
import time
from urllib.parse import urlsplit


def misura(base: str, percorsi: list[str], *, secondi: float = 8.0, thread: int = 4,
           intestazioni: dict[str, str] | None = None) -> dict:
    """Requests per second and latency percentiles over `percorsi`, round robin.

    `intestazioni` are added to every request (e.g. the Cookie of a logged-in session).
    """
    richiesta = {"Host": "127.0.0.1", **(intestazioni or {})}
    parti = urlsplit(base)
    fine = time.monotonic() + secondi
    tempi: list[float] = []
    errori = [0]
    blocco = threading.Lock()

    def lavora(indice: int):
        conn = http.client.HTTPConnection(parti.hostname, parti.port, timeout=30)
        locali, n = [], indice
        while time.monotonic() < fine:
            percorso = percorsi[n % len(percorsi)]
            n += 1
            inizio = time.perf_counter()
            try:
                conn.request("GET", percorso, headers=richiesta)
                risposta = conn.getresponse()
                risposta.read()
                if risposta.status != 200:
                    with blocco:
                        errori[0] += 1
            except OSError:
                with blocco:
                    errori[0] += 1
                conn = http.client.HTTPConnection(parti.hostname, parti.port, timeout=30)
                continue
            locali.append(time.perf_counter() - inizio)
        with blocco:
            tempi.extend(locali)

    fili = [threading.Thread(target=lavora, args=(i,)) for i in range(thread)]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join()
    tempi.sort()

    def percentile(p):
        return tempi[min(len(tempi) - 1, int(len(tempi) * p))] * 1000 if tempi else 0.0

    return {"richieste": len(tempi), "errori": errori[0], "rps": len(tempi) / secondi,
            "p50_ms": percentile(0.50), "p95_ms": percentile(0.95)}


def misura_alternata(base: str, gruppi: dict[str, list[str]], *, turni: int = 4,
                     secondi: float = 4.0, thread: int = 4,
                     intestazioni: dict[str, dict[str, str]] | None = None) -> dict[str, dict]:
    """`misura` of each group in turn, `turni` times: a neighbour's load on a shared machine
    then weighs on every group alike, and the ratios between groups stay meaningful.

    Per group: requests, errors, rps over all its rounds, the median of the rounds' p50, the
    worst p95, and `rps_turni`, the rps of each round (for ratios round by round).
    """
    misure: dict[str, list[dict]] = {nome: [] for nome in gruppi}
    for _ in range(turni):
        for nome, percorsi in gruppi.items():
            misure[nome].append(misura(base, percorsi, secondi=secondi, thread=thread,
                                       intestazioni=(intestazioni or {}).get(nome)))
    risultato = {}
    for nome, serie in misure.items():
        richieste = sum(m["richieste"] for m in serie)
        risultato[nome] = {
            "richieste": richieste, "errori": sum(m["errori"] for m in serie),
            "rps": richieste / (secondi * len(serie)),
            "p50_ms": sorted(m["p50_ms"] for m in serie)[len(serie) // 2],
            "p95_ms": max(m["p95_ms"] for m in serie), "rps_turni": [m["rps"] for m in serie]}
    return risultato
