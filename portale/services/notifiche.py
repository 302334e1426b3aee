"""Notifications as an outbox: the row is written with the change, e-mail goes out after.

`notifica()` writes the row inside the caller's transaction; on commit the e-mail task is
queued. If the broker is down the row stays `in_attesa` and the periodic sweep queues it
again; `invia_email_notifica()` locks the row and sends only if still pending, so a
notification is e-mailed exactly once however many times it is queued.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from ..accoda import accoda
from ..models import Notifica, StatoInvio

logger = logging.getLogger(__name__)


def notifica(*, destinatario, oggetto: str, testo: str, url: str = "", istituto=None,
             email: bool = True, mittente: str = "") -> Notifica:
    riga = Notifica.objects.create(
        destinatario=destinatario,
        istituto=istituto,
        oggetto=_accorcia(oggetto, Notifica._meta.get_field("oggetto").max_length),
        testo=testo,
        url=url,
        mittente=mittente,
        stato_email=StatoInvio.IN_ATTESA if email and destinatario.email else StatoInvio.NON_RICHIESTA,
    )
    if riga.stato_email == StatoInvio.IN_ATTESA:
        transaction.on_commit(lambda: accoda_invio(riga.pk))
    return riga


def _accorcia(testo: str, limite: int) -> str:
    """At most `limite` characters, cut after a whole word with «…» (an oggetto of a procedure
    may be 255 characters long)."""
    if len(testo) <= limite:
        return testo
    return testo[:limite].rsplit(" ", 1)[0].rstrip(" ,;:.–-") + "…"


def accoda_invio(notifica_id: int) -> bool:
    """Queue the e-mail task; a broker outage is logged, the sweep will try again."""
    try:
        accoda("portale.tasks.invia_notifica", notifica_id)
    except Exception:  # noqa: BLE001 - any broker failure leaves the outbox row pending
        logger.warning("Broker non raggiungibile: notifica %s resta in attesa", notifica_id)
        return False
    return True


def invia_email_notifica(notifica_id: int) -> bool:
    """Send the e-mail of one notification if still pending. True when this call sent it."""
    with transaction.atomic():
        riga = (
            Notifica.objects.select_for_update(of=("self",))
            .select_related("destinatario")
            .filter(pk=notifica_id, stato_email=StatoInvio.IN_ATTESA)
            .first()
        )
        if riga is None:
            return False
        riga.tentativi_email += 1
        messaggio = EmailMessage(
            subject=riga.oggetto,
            body=_corpo_email(riga),
            from_email=riga.mittente or settings.DEFAULT_FROM_EMAIL,
            to=[riga.destinatario.email],
        )
        try:
            messaggio.send()
        except Exception as errore:  # noqa: BLE001 - recorded on the row, retried by the sweep
            riga.ultimo_errore = str(errore)[:500]
            riga.save(update_fields=["tentativi_email", "ultimo_errore"])
            logger.warning("Invio e-mail della notifica %s fallito: %s", riga.pk, errore)
            return False
        riga.stato_email = StatoInvio.INVIATA
        riga.email_inviata_il = timezone.now()
        riga.ultimo_errore = ""
        riga.save(update_fields=["tentativi_email", "stato_email", "email_inviata_il", "ultimo_errore"])
        return True


def rinvia_in_sospeso(ritardo_secondi: int | None = None) -> int:
    """Queue again every notification still pending after the delay; returns how many."""
    ritardo = settings.NOTIFICHE_RITARDO_RINVIO_SECONDI if ritardo_secondi is None else ritardo_secondi
    soglia = timezone.now() - timedelta(seconds=ritardo)
    ids = list(
        Notifica.objects.filter(stato_email=StatoInvio.IN_ATTESA, creata_il__lte=soglia)
        .order_by("creata_il")
        .values_list("pk", flat=True)[:500]
    )
    return sum(1 for pk in ids if accoda_invio(pk))


def segna_letta(*, notifica: Notifica) -> None:
    if notifica.letta_il is None:
        notifica.letta_il = timezone.now()
        notifica.save(update_fields=["letta_il"])


def archivia_superate(*, url: str, oggetto_inizia: str) -> int:
    """Notices that asked for something now done, by whoever did it: read, so that the inbox
    does not keep asking; how many."""
    return Notifica.objects.filter(url=url, oggetto__startswith=oggetto_inizia,
                                   letta_il__isnull=True).update(letta_il=timezone.now())


def segna_tutte_lette(*, destinatario) -> int:
    """«Segna tutte come lette»: the person's unread notices, at once; how many they were."""
    return Notifica.objects.filter(destinatario=destinatario, letta_il__isnull=True).update(
        letta_il=timezone.now())


# how a message written by a person may open: the e-mail then does not greet a second time
SALUTI = ("gentile", "gent.", "buongiorno", "buonasera", "salve", "caro ", "cara ", "egregio",
          "egregia", "spett.")


def _corpo_email(riga: Notifica) -> str:
    saluta = not riga.testo.lstrip().lower().startswith(SALUTI)
    righe = ([f"Gentile {riga.destinatario.nome_completo or 'utente'},", ""] if saluta else []
             ) + [riga.testo]
    if riga.url:
        righe += ["", f"Per i dettagli: {settings.PORTALE_BASE_URL}{riga.url}"]
    righe += ["", "Portale Gestione Incarichi", "Questo messaggio è generato automaticamente."]
    return "\n".join(righe)
