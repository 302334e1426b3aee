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
