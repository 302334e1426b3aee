"""The registro eventi: every state change of the portal writes one line here."""

from django.contrib.contenttypes.models import ContentType

from ..models import Evento


def registra_evento(*, autore, azione: str, descrizione: str, oggetto=None, istituto=None,
                    dettagli: dict | None = None) -> Evento:
    """Append an event. Call it inside the transaction of the change it records."""
    if istituto is None and oggetto is not None:
        istituto = getattr(oggetto, "istituto", None)
    return Evento.objects.create(
        autore=autore if getattr(autore, "is_authenticated", False) else None,
        istituto=istituto,
        content_type=ContentType.objects.get_for_model(oggetto) if oggetto is not None else None,
        object_id=str(oggetto.pk) if oggetto is not None else "",
        oggetto_descrizione=str(oggetto)[:255] if oggetto is not None else "",
        azione=azione,
        descrizione=descrizione[:500],
        dettagli=dettagli or {},
    )
