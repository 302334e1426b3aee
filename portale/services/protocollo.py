"""Protocol numbers: gapless per istituto and year, safe under concurrent transactions.

The counter row is locked (SELECT … FOR UPDATE) inside the caller's transaction: a
rollback of the caller rolls the number back too, so no gap is ever left. Without an explicit
`quando`, the registration time is read after that lock, so numbers and times grow together
(a register where n. 12 precedes n. 11 in time is what DPR 445/2000 art. 53 forbids); callers
check their deadline against `registrato_il` and roll back if it is late. Take the counter
last, after every other lock and computation: it is the one row all registrations share.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from ..models import ContatoreProtocollo, Protocollo


def protocolla(*, istituto, oggetto: str, verso: str = Protocollo.Verso.ENTRATA,
               riferimento=None, quando=None) -> Protocollo:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("protocolla() va chiamata dentro la transazione dell'atto")
    anno = timezone.localtime(quando or timezone.now()).year
    ContatoreProtocollo.objects.bulk_create(
        [ContatoreProtocollo(istituto=istituto, anno=anno)], ignore_conflicts=True
    )
    contatore = ContatoreProtocollo.objects.select_for_update().get(istituto=istituto, anno=anno)
    if quando is None:
        quando = timezone.now()
        if timezone.localtime(quando).year != anno:  # the year turned while waiting
            return protocolla(istituto=istituto, oggetto=oggetto, verso=verso,
                              riferimento=riferimento, quando=quando)
    contatore.ultimo_numero += 1
    contatore.save(update_fields=["ultimo_numero"])
    return Protocollo.objects.create(
        istituto=istituto,
        anno=anno,
        numero=contatore.ultimo_numero,
        registrato_il=quando,
        verso=verso,
        oggetto=oggetto[:500],
        content_type=ContentType.objects.get_for_model(riferimento) if riferimento else None,
        object_id=str(riferimento.pk) if riferimento else "",
    )
