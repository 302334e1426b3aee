"""Actions on «Il mio profilo» (issue 17): one function each, keyword-only, transactional,
each writing its event. Only the person changes their own profile: the views load the
entry with selectors_profilo.access_voce (404 for anyone else) and the services check the
owner again.

No action here touches an application: a draft takes its copy from the profile when it is
opened (precompila.py), a sent application never changes.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from portale import documenti
from portale.services.eventi import registra_evento

from ..models_profilo import (
    CURRICULUM,
    IDENTITA,
    CurriculumProfilo,
    DocumentoIdentitaProfilo,
    TipoDocumentoProfilo,
    TipoVoce,
    VoceProfilo,
    accordato,
)

CONTATTI = ("email", "pec", "telefono", "indirizzo")
COLONNE_VOCE = ("livello", "titolo", "ente", "ruolo", "conseguito_il", "dal", "al", "voto",
                "scala_voto", "lode", "note")


def _propria(persona, voce: VoceProfilo) -> None:
    if voce.persona_id != persona.pk:
        raise PermissionDenied("La voce non è del tuo profilo.")


def _applica(voce: VoceProfilo, dati: dict) -> list[str]:
    cambiati = []
    for campo in COLONNE_VOCE:
        if campo in dati:
            valore = dati[campo]
            if valore is None and campo in ("livello", "titolo", "ente", "ruolo", "note"):
                valore = ""
            if campo == "lode":
                valore = bool(valore)
            if getattr(voce, campo) != valore:
                cambiati.append(campo)
            setattr(voce, campo, valore)
    if voce.voto is None:  # no mark: no scale, no lode (the database checks it too)
        voce.lode = False
    return cambiati


@transaction.atomic
def aggiorna_contatti(*, persona, dati: dict):
    """Contacts and domicilio digitale (PEC), on the person (accounts.User)."""
    cambiati = [c for c in CONTATTI if c in dati and getattr(persona, c) != (dati[c] or "")]
    for campo in cambiati:
        setattr(persona, campo, dati[campo] or "")
    if cambiati:
        persona.full_clean(exclude=[f.name for f in persona._meta.fields if f.name not in CONTATTI])
        persona.save(update_fields=cambiati)
        registra_evento(autore=persona, azione="profilo.contatti", oggetto=persona,
                        descrizione="Contatti del profilo aggiornati",
                        dettagli={"campi": cambiati})
    return persona


@transaction.atomic
def aggiungi_voce(*, persona, tipo: str, dati: dict) -> VoceProfilo:
    voce = VoceProfilo(persona=persona, tipo=TipoVoce(tipo))
    _applica(voce, dati)
    voce.full_clean()
    voce.save()
    registra_evento(autore=persona, azione="profilo.voce_aggiunta", oggetto=voce,
                    descrizione=f"{voce.get_tipo_display()} aggiunta al profilo")
    return voce


@transaction.atomic
def modifica_voce(*, persona, voce: VoceProfilo, dati: dict) -> VoceProfilo:
    _propria(persona, voce)
    voce = VoceProfilo.objects.select_for_update().get(pk=voce.pk)
    cambiati = _applica(voce, dati)
    voce.full_clean()
    voce.save()
    registra_evento(autore=persona, azione="profilo.voce_modificata", oggetto=voce,
                    descrizione=f"{voce.get_tipo_display()} del profilo modificata",
                    dettagli={"campi": cambiati})
    return voce


@transaction.atomic
def elimina_voce(*, persona, voce: VoceProfilo) -> None:
    _propria(persona, voce)
    registra_evento(autore=persona, azione="profilo.voce_eliminata", oggetto=voce,
                    descrizione=f"{accordato(voce.tipo, 'tolt')} dal profilo",
                    dettagli={"voce": voce.in_parole()[:300]})
    VoceProfilo.objects.filter(pk=voce.pk, persona=persona).delete()


@transaction.atomic
def carica_documento(*, persona, tipo: TipoDocumentoProfilo, verificato):
    """Store a document of the profile (the CV, the identity document), verified by content
    in the formats of its kind; a previous one is replaced and its file removed after the
    commit (applications hold their own copies: precompila.py)."""
    documenti.verifica_file(verificato, tipi=tipo.tipi)
    percorso = documenti.archivia(verificato, cartella=f"profili/{persona.pk}")
    try:
        # the person's row serialises two uploads at once (one document of a kind per person)
        get_user_model().objects.select_for_update().only("pk").get(pk=persona.pk)
        precedente = tipo.modello.objects.filter(persona=persona).first()
        if precedente:
            vecchio = precedente.percorso
            precedente.delete()
            transaction.on_commit(lambda: documenti.elimina_archiviato(vecchio))
        documento = tipo.modello.objects.create(
            persona=persona, percorso=percorso, nome=verificato.nome, mime=verificato.mime,
            dimensione=verificato.dimensione, sha256=verificato.sha256,
            contenuti_attivi=list(verificato.contenuti_attivi))
        registra_evento(autore=persona, azione=f"profilo.{tipo.evento}",
                        oggetto=documento, descrizione=f"{tipo.nome} del profilo caricato",
                        dettagli={"sha256": verificato.sha256})
    except Exception:
        documenti.elimina_archiviato(percorso)
        raise
    return documento


@transaction.atomic
def elimina_documento(*, persona, tipo: TipoDocumentoProfilo) -> bool:
    documento = tipo.modello.objects.select_for_update().filter(persona=persona).first()
    if documento is None:
        return False
    percorso = documento.percorso
    registra_evento(autore=persona, azione=f"profilo.{tipo.evento}_eliminato",
                    oggetto=documento, descrizione=f"{tipo.nome} tolto dal profilo",
                    dettagli={"sha256": documento.sha256})
    documento.delete()
    transaction.on_commit(lambda: documenti.elimina_archiviato(percorso))
    return True


def carica_curriculum(*, persona, verificato) -> CurriculumProfilo:
    return carica_documento(persona=persona, tipo=CURRICULUM, verificato=verificato)


def elimina_curriculum(*, persona) -> bool:
    return elimina_documento(persona=persona, tipo=CURRICULUM)


def carica_identita(*, persona, verificato) -> DocumentoIdentitaProfilo:
    return carica_documento(persona=persona, tipo=IDENTITA, verificato=verificato)


def elimina_identita(*, persona) -> bool:
    return elimina_documento(persona=persona, tipo=IDENTITA)
