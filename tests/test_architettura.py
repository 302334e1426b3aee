"""The shape of the code, checked like behaviour: no import circles between modules.

(The order of the apps is import-linter's contract in `pyproject.toml`, run by `make lint`.)
"""

import grimp

APP = ["accounts", "portale", "incarichi", "procedure", "candidature", "graduatorie",
       "strumenti", "assistenza"]


def _cicli(grafo, moduli):
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    indice, minimo, pila, in_pila, cicli = {}, {}, [], set(), []
    contatore = 0
    for radice in sorted(moduli):
        if radice in indice:
            continue
        lavoro = [(radice, iter(sorted(grafo.find_modules_directly_imported_by(radice) & moduli)))]
        indice[radice] = minimo[radice] = contatore
        contatore += 1
        pila.append(radice)
        in_pila.add(radice)
        while lavoro:
            nodo, figli = lavoro[-1]
            for figlio in figli:
                if figlio not in indice:
                    indice[figlio] = minimo[figlio] = contatore
                    contatore += 1
                    pila.append(figlio)
                    in_pila.add(figlio)
                    lavoro.append((figlio, iter(sorted(
                        grafo.find_modules_directly_imported_by(figlio) & moduli))))
                    break
                if figlio in in_pila:
                    minimo[nodo] = min(minimo[nodo], indice[figlio])
            else:
                lavoro.pop()
                if lavoro:
                    minimo[lavoro[-1][0]] = min(minimo[lavoro[-1][0]], minimo[nodo])
                if minimo[nodo] == indice[nodo]:
                    componente = []
                    while True:
                        m = pila.pop()
                        in_pila.discard(m)
                        componente.append(m)
                        if m == nodo:
                            break
                    if len(componente) > 1:
                        cicli.append(sorted(componente))
    return cicli


def test_nessun_cerchio_di_import_tra_moduli():
    """A service never imports its tasks (it queues them by name, `portale.accoda`); the SPID
    metadata reads the configuration, never the reverse."""
    grafo = grimp.build_graph(*APP, cache_dir=None)
    moduli = {m for m in grafo.modules if ".tests" not in m and ".migrations" not in m}
    assert _cicli(grafo, moduli) == []
