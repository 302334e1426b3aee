"""What incarichi does at the moments of the interpello of `graduatorie`, which cannot import
it (the app order): registered in `graduatorie/estensioni.py` from `apps.py`.

- `conflitto`: a candidate with a role incompatible with the procedure's in the same project
  (the incompatibilities as data, `Incompatibilita`): an incarico already held, or a proposal
  of another procedure of the same project already accepted. The interpello skips them.
- `prepara`: «Accetta» prepares the Incarico «in preparazione» (`conferisci_da_selezione`).
- `annulla`: «Annulla l'accettazione» revokes the Incarico still in preparation; once its act
  is issued the incarico is revoked from its own page, not from the interpello.
- `preparati`: the incarico prepared for each accepted candidatura of a procedure.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from graduatorie.estensioni import IncaricoPreparato
from graduatorie.models import Proposta, StatoProposta

from .models import Incarico, StatoIncarico
from .selectors import Conflitto, incompatibili_con
from .services.incarichi import conferisci_da_selezione, conflitto, progetto_della_procedura, revoca

SENZA_ATTO = (StatoIncarico.IN_PREPARAZIONE, StatoIncarico.REVOCATO)


def conflitto_nel_progetto(procedura, candidatura) -> str:
    """Why the candidate may not take the role of this procedure in its project, or ""."""
    scheda = procedura.scheda
    tipologia = procedura.tipologia_incarico or (scheda.tipologia_incarico if scheda else "")
    progetto = progetto_della_procedura(procedura)
    persona = candidatura.candidato
    motivo = conflitto(istituto_id=procedura.istituto_id, progetto=progetto, persona=persona,
                       tipologia=tipologia)
    regole = incompatibili_con(tipologia, procedura.istituto_id) if not motivo else {}
    if regole:
        accettata = (Proposta.objects.filter(
            stato=StatoProposta.ACCETTATA, candidatura__candidato=persona,
            procedura__istituto=procedura.istituto_id, procedura__progetto=progetto,
            procedura__tipologia_incarico__in=list(regole))
            .exclude(procedura=procedura).select_related("procedura").first())
        if accettata is not None:
            altra = accettata.procedura.tipologia_incarico
            motivo = Conflitto(regole[altra], altra, progetto, "proposta accettata nella "
                               f"procedura n. {accettata.procedura_id}").motivazione(persona)
    return motivo


def prepara(candidato, proposta) -> str:
    """The acceptance creates the Incarico «in preparazione»; what to tell the DS.

    If the procedure lacks what the incarico needs (e.g. the period of the activities), the
    acceptance still stands: the DS is told why, and not to confer it by affidamento diretto.
    """
    try:
        with transaction.atomic():
            incarico = conferisci_da_selezione(autore=candidato, candidatura=proposta.candidatura,
                                               impegno_settimanale=proposta.impegno)
    except ValidationError as errore:
        return ("L'incarico non è stato preparato automaticamente: " + " ".join(errore.messages)
                + " L'accettazione resta valida: non conferire l'incarico per affidamento "
                "diretto (il candidato è stato scelto con la selezione), chiedi all'assistenza "
                "di correggere la causa indicando la procedura n. "
                f"{proposta.procedura_id}; se l'incarico non può essere conferito, usa "
                "«Annulla l'accettazione» nella pagina Interpello: passa al candidato successivo.")
    return (f"L'incarico n. {incarico.pk} è in preparazione: completa la checklist ed emetti "
            "l'atto dalla pagina «Incarichi».")


def annulla(*, autore, membership, proposta, motivazione: str) -> dict:
    """The Incarico prepared for the accepted proposal, locked: refused once its act is
    issued, revoked while in preparation. Returns the details for the event."""
    incarico = (Incarico.objects.select_for_update(of=("self",))
                .filter(candidatura_id=proposta.candidatura_id).first())
    if incarico is not None and incarico.stato not in SENZA_ATTO:
        raise ValidationError(f"L'atto dell'incarico n. {incarico.pk} è già emesso: l'incarico "
                              "si revoca dalla sua pagina, non dall'interpello.")
    if incarico is not None and incarico.stato == StatoIncarico.IN_PREPARAZIONE:
        revoca(autore=autore, membership=membership, incarico=incarico, motivazione=motivazione)
    return {"incarico_revocato": incarico.pk if incarico else None}


def preparati(procedura) -> dict[int, IncaricoPreparato]:
    return {i.candidatura_id: _preparato(i)
            for i in Incarico.objects.filter(candidatura__procedura=procedura)
            .only("pk", "stato", "candidatura_id")}


def _preparato(incarico) -> IncaricoPreparato:
    atto_emesso = incarico.stato not in SENZA_ATTO
    return IncaricoPreparato(
        pk=incarico.pk, stato=incarico.get_stato_display(),
        url=reverse("incarichi:incarico", args=[incarico.pk]),
        in_preparazione=incarico.stato == StatoIncarico.IN_PREPARAZIONE,
        atto_emesso=atto_emesso,
        url_atto=reverse("incarichi:atto_personale", args=[incarico.pk]) if atto_emesso else "",
        url_della_persona=reverse("incarichi:il_mio_incarico", args=[incarico.pk])
        if atto_emesso else "")
