"""Protocol numbers: gapless per istituto and year, safe under concurrent transactions.

The counter row is locked (SELECT … FOR UPDATE) inside the caller's transaction: a
rollback of the caller rolls the number back too, so no gap is ever left. Without an explicit
`quando`, the registration time is read after that lock, so numbers and times grow together
(a register where n. 12 precedes n. 11 in time is what DPR 445/2000 art. 53 forbids); callers
check their deadline against `registrato_il` and roll back if it is late. Take the counter
last, after every other lock and computation: it is the one row all registrations share.
On SQLite (no row locks: it serializes every write) the same UPDATE … RETURNING works.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from ..models import ContatoreProtocollo, Protocollo


def protocolla(*, istituto, oggetto: str, verso: str = Protocollo.Verso.ENTRATA,
               riferimento=None, quando=None) -> Protocollo:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("protocolla() va chiamata dentro la transazione dell'atto")
    anno = timezone.localtime(quando or timezone.now()).year
    numero = _prossimo_numero(istituto.pk, anno)  # the row stays locked until the commit
    if quando is None:
        quando = timezone.now()
        if timezone.localtime(quando).year != anno:  # the year turned while waiting
            _prossimo_numero(istituto.pk, anno, passo=-1)  # ours still: nobody took another
            return protocolla(istituto=istituto, oggetto=oggetto, verso=verso,
                              riferimento=riferimento, quando=quando)
    return Protocollo.objects.create(
        istituto=istituto,
        anno=anno,
        numero=numero,
        registrato_il=quando,
        verso=verso,
        oggetto=oggetto[:500],
        content_type=ContentType.objects.get_for_model(riferimento) if riferimento else None,
        object_id=str(riferimento.pk) if riferimento else "",
    )


def _prossimo_numero(istituto_id: int, anno: int, passo: int = 1) -> int:
    """Move the counter by `passo` and return it: one UPDATE … RETURNING, which takes the
    row's lock (the counter is the one serial step of every registration: one statement
    while holding it, not a SELECT … FOR UPDATE and an UPDATE). The year's first number
    creates the row (a concurrent creation is absorbed by ON CONFLICT) and tries again."""
    tabella = connection.ops.quote_name(ContatoreProtocollo._meta.db_table)
    with connection.cursor() as cursore:
        # Only the model's own table name is interpolated; values are parameters.
        cursore.execute(f"UPDATE {tabella} SET ultimo_numero = ultimo_numero + %s "  # noqa: S608
                        "WHERE istituto_id = %s AND anno = %s RETURNING ultimo_numero",
                        [passo, istituto_id, anno])
        riga = cursore.fetchone()
    if riga is not None:
        return riga[0]
    ContatoreProtocollo.objects.bulk_create(
        [ContatoreProtocollo(istituto_id=istituto_id, anno=anno)], ignore_conflicts=True)
    return _prossimo_numero(istituto_id, anno, passo)
