"""The shape of the code, checked like behaviour: no import circles between modules.

(The order of the apps is import-linter's contract in `pyproject.toml`, run by `make lint`.)
"""

import grimp

APP = ["accounts", "portale", "fabbisogno", "procedure", "candidature", "graduatorie",
       "incarichi", "strumenti", "assistenza"]


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


# --- The data follows the pipeline too ---------------------------------------------------

# DESIGN.md §3 / docs/ARCHITECTURE.md: every app points only to the apps on its left.
PIPELINE = ["accounts", "portale", "fabbisogno", "procedure", "candidature", "graduatorie",
            "incarichi"]
# Side apps: they see the kernel only.
LATERALI = {"strumenti": {"accounts", "portale"}, "assistenza": {"accounts", "portale"}}
# No relation points to the right, and there is no list of exceptions: the last one,
# Incarico.candidatura, points left since incarichi moved to the end of the pipeline (#20).


def _app_di(model) -> str:
    return model._meta.app_config.name.split(".")[0]


def _relazioni():
    """(model, field name, target model) for every relation declared on a project model:
    ForeignKey, OneToOneField, ManyToManyField (with its through model), GenericRelation and
    the content-type key of each GenericForeignKey."""
    from django.apps import apps
    from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation

    nostre = set(PIPELINE) | set(LATERALI)
    for model in apps.get_models(include_auto_created=True):
        if _app_di(model) not in nostre:
            continue
        for campo in model._meta.get_fields(include_hidden=True):
            if isinstance(campo, GenericForeignKey):
                yield model, campo.name, model._meta.get_field(campo.ct_field).related_model
            elif isinstance(campo, GenericRelation) or (
                    campo.is_relation and (campo.concrete or campo.many_to_many)
                    and not campo.auto_created):
                yield model, campo.name, campo.related_model


def _ammessa(sorgente: str, destinazione: str) -> bool:
    if destinazione == sorgente:
        return True
    if destinazione not in set(PIPELINE) | set(LATERALI):
        return True  # Django and third-party apps (contenttypes, auth, allauth) sit at the left
    if sorgente in LATERALI:
        return destinazione in LATERALI[sorgente]
    if destinazione in LATERALI:
        return False
    return PIPELINE.index(destinazione) < PIPELINE.index(sorgente)


def test_ogni_relazione_tra_modelli_punta_a_sinistra():
    verso_destra = {}
    for model, nome, destinazione in _relazioni():
        if not _ammessa(_app_di(model), _app_di(destinazione)):
            verso_destra[(model._meta.label, nome)] = _app_di(destinazione)
    assert verso_destra == {}


def test_la_verifica_delle_relazioni_le_vede_tutte():
    """The walk sees each kind of relation (else the test above would pass vacuously)."""
    trovate = {(m._meta.label, nome): d._meta.label for m, nome, d in _relazioni()}
    assert trovate[("incarichi.Incarico", "candidatura")] == "candidature.Candidatura"   # 1:1
    assert _ammessa("incarichi", "candidature")   # the appointment is born from a selection
    assert trovate[("procedure.ProceduraSelezione", "scheda")] == "fabbisogno.SchedaProgettuale"
    assert trovate[("procedure.ProceduraSelezione", "istituto")] == "accounts.Istituto"  # FK
    assert trovate[("portale.Evento", "oggetto")] == "contenttypes.ContentType"      # generic
    assert trovate[("procedure.Criterio", "soddisfatto_da")] == "procedure.Criterio"  # M2M
    assert _ammessa("graduatorie", "candidature") and not _ammessa("portale", "procedure")
    assert not _ammessa("strumenti", "procedure") and not _ammessa("procedure", "assistenza")
