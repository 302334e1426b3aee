"""«Simula» (seed 000: «simulare la compilazione della procedura di selezione così come la
visualizzeranno i candidati»): the application form in its steps, for the school's staff, on
a draft that is never saved.

The answers live in the session, one draft per procedure; a file chosen is checked as the
candidate's would be (type, size, content), then only its name, size and SHA-256 are kept:
nothing reaches the database or the storage.
"""

from .models import AllegatoCandidatura, Candidatura
from .services import CONTATTI, applica_dati


def _chiave(procedura) -> str:
    return f"simula-{procedura.pk}"


def bozza(session, procedura, utente, elementi) -> tuple[Candidatura, list[AllegatoCandidatura]]:
    """The simulated draft (unsaved) and its documents (unsaved), as the session keeps them;
    the contacts start from the person's own, as a candidate's new draft does."""
    stato = session.get(_chiave(procedura), {})
    candidatura = Candidatura(
        procedura=procedura, candidato=utente,
        categoria=stato.get("categoria", ""),
        amministrazione_appartenenza=stato.get("amministrazione_appartenenza", ""),
        risposte=stato.get("risposte", {}), dichiarazioni=stato.get("dichiarazioni", {}),
        autocertificazioni=stato.get("autocertificazioni", {}),
        **{campo: stato.get(campo, getattr(utente, campo, "")) for campo in CONTATTI})
    richiesti = {f"allegato_{a.pk}": ("allegato_richiesto", a) for a in elementi.allegati}
    richiesti |= {f"documento_criterio_{c.pk}": ("criterio", c) for c in elementi.criteri}
    allegati = []
    for chiave, (nome, dimensione, sha256) in stato.get("file", {}).items():
        if chiave in richiesti:  # a field the form no longer has is forgotten
            campo, elemento = richiesti[chiave]
            allegati.append(AllegatoCandidatura(nome=nome, dimensione=dimensione,
                                                sha256=sha256, **{campo: elemento}))
    return candidatura, allegati


def ricorda(session, procedura, elementi, candidatura, *, dati: dict, file: dict) -> None:
    """A step's valid answers written on the simulated draft and kept in the session; `file`:
    {field: portale.documenti.FileVerificato} — their names only."""
    applica_dati(elementi, candidatura, dati)
    precedente = session.get(_chiave(procedura), {})
    session[_chiave(procedura)] = {
        "categoria": candidatura.categoria,
        "amministrazione_appartenenza": candidatura.amministrazione_appartenenza,
        **{campo: getattr(candidatura, campo) for campo in CONTATTI},
        "risposte": candidatura.risposte, "dichiarazioni": candidatura.dichiarazioni,
        "autocertificazioni": candidatura.autocertificazioni,
        "file": precedente.get("file", {}) | {
            chiave: (f.nome, f.dimensione, f.sha256) for chiave, f in file.items()},
    }


def ricomincia(session, procedura) -> None:
    session.pop(_chiave(procedura), None)
