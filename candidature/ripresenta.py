"""A new application after «Ritira» starts from the withdrawn one (issue 17).

The data are copied through services.salva_bozza (its locks, its deadline check, its rules);
the documents are not uploaded again: the new draft's rows point to the files already
stored, which stay where they are (services._registra_allegato deletes a replaced file only
when no other application uses it). The self-certifications (DPR 445/2000) are not copied: the
candidate gives them again, knowingly, in «Dichiarazioni».
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portale.lingua import quantita
from portale.services.eventi import registra_evento
from procedure.modulo import AUTOCERTIFICAZIONI

from . import services
from .forms import valori_della_bozza
from .models import AllegatoCandidatura, Candidatura, StatoCandidatura


def ultima_ritirata(candidato, procedura) -> Candidatura | None:
    return (Candidatura.objects.filter(procedura=procedura, candidato=candidato,
                                       stato=StatoCandidatura.RITIRATA)
            .order_by("-ritirata_il", "-pk").first())


def apri_bozza(*, candidato, procedura) -> tuple[Candidatura, Candidatura | None]:
    """For a candidate without a live application (the caller looked): a new draft
    (services.apri_bozza), which starts from the last withdrawn application if there is one.
    Returns (application, the withdrawn one it was copied from, or None)."""
    ritirata = ultima_ritirata(candidato, procedura)
    if ritirata is not None:
        return ripresenta(candidato=candidato, ritirata=ritirata), ritirata
    return services.apri_bozza(candidato=candidato, procedura=procedura), None


@transaction.atomic
def ripresenta(*, candidato, ritirata: Candidatura) -> Candidatura:
    """«Presenta una nuova candidatura» after «Ritira»: a draft with the withdrawn one's data
    and documents. Refused when the terms are closed (services.TerminiChiusi)."""
    if ritirata.candidato_id != candidato.pk:
        raise PermissionDenied("La candidatura non è tua.")
    if ritirata.stato != StatoCandidatura.RITIRATA:
        raise ValidationError("Si riparte solo da una candidatura ritirata.")
    bozza = services.apri_bozza(candidato=candidato, procedura=ritirata.procedura)
    dati = {chiave: valore for chiave, valore in valori_della_bozza(ritirata.procedura, ritirata).items()
            if chiave not in AUTOCERTIFICAZIONI}
    # the lock salva_bozza takes on the draft is held until this transaction ends
    bozza = services.salva_bozza(candidato=candidato, candidatura=bozza, dati=dati)
    presenti = {(a.allegato_richiesto_id, a.criterio_id) for a in bozza.allegati.all()}
    copiati = [
        AllegatoCandidatura(
            candidatura=bozza, percorso=a.percorso, nome=a.nome, mime=a.mime,
            dimensione=a.dimensione, sha256=a.sha256, contenuti_attivi=a.contenuti_attivi,
            allegato_richiesto_id=a.allegato_richiesto_id, criterio_id=a.criterio_id)
        for a in ritirata.allegati.all()
        if (a.allegato_richiesto_id, a.criterio_id) not in presenti]
    AllegatoCandidatura.objects.bulk_create(copiati)
    segnatura = ritirata.protocollo.segnatura if ritirata.protocollo_id else f"n. {ritirata.pk}"
    registra_evento(autore=candidato, azione="candidatura.ripresa", oggetto=bozza,
                    istituto=ritirata.procedura.istituto,
                    descrizione=f"Nuova bozza dalla candidatura ritirata {segnatura} "
                                f"({quantita(len(copiati), 'documento')} già archiviati)",
                    dettagli={"da": ritirata.pk, "documenti": [a.sha256 for a in copiati]})
    return bozza
