"""Reads of schede progettuali and CCNL rates, scoped to the active membership."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.models import Membership, Ruolo, User

from .models import SchedaProgettuale, StatoScheda, TariffaOraria


def aliquota_alla_data(giorno) -> Decimal | None:
    """The State's charges of the CCNL rates valid on `giorno`, for a staff amount agreed
    without a rate (e.g. an internal expert paid the procedure's amount)."""
    return (TariffaOraria.objects.filter(valida_dal__lte=giorno)
            .filter(Q(valida_al__isnull=True) | Q(valida_al__gte=giorno))
            .order_by("-valida_dal").values_list("aliquota_oneri_stato", flat=True).first())


def schede_visibili(membership: Membership | None):
    if membership is None or membership.istituto_id is None:
        return SchedaProgettuale.objects.none()
    qs = SchedaProgettuale.objects.filter(istituto_id=membership.istituto_id)
    if membership.ruolo == Ruolo.REFERENTE:
        qs = qs.filter(Q(referente_id=membership.user_id) | Q(creata_da_id=membership.user_id))
    elif membership.ruolo not in (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA):
        return SchedaProgettuale.objects.none()
    return qs


def elenco_schede(membership, *, fase: str = "", cerca: str = ""):
    qs = schede_visibili(membership).select_related("tariffa", "referente")
    if fase:
        qs = qs.filter(stato=fase)
    if cerca:
        qs = qs.filter(titolo__icontains=cerca)
    return qs.order_by("-aggiornata_il", "-id")


# a second «Salva» of the same new scheda within this time (the browser's Back, a double
# click) is the same scheda
FINESTRA_GEMELLA = timedelta(minutes=15)


def bozza_appena_creata(autore, membership, titolo: str) -> SchedaProgettuale | None:
    """The draft with this title that `autore` created moments ago at the istituto, if any."""
    if membership is None or not (titolo or "").strip():
        return None
    return (SchedaProgettuale.objects.filter(
        istituto_id=membership.istituto_id, creata_da=autore, stato=StatoScheda.BOZZA,
        titolo__iexact=titolo.strip(), creata_il__gte=timezone.now() - FINESTRA_GEMELLA)
        .order_by("-creata_il").first())


def access_scheda(membership, pk) -> SchedaProgettuale:
    qs = schede_visibili(membership).select_related("tariffa", "referente", "istituto", "creata_da")
    try:
        return qs.get(pk=pk)
    except (SchedaProgettuale.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def tariffe_valide(giorno=None):
    giorno = giorno or timezone.localdate()
    return TariffaOraria.objects.filter(
        Q(valida_dal__lte=giorno), Q(valida_al__isnull=True) | Q(valida_al__gte=giorno)
    )


def referenti_possibili(membership: Membership):
    """People who may be named referente: staff of the same istituto, valid today."""
    return User.objects.filter(
        memberships__in=Membership.objects.valide().filter(istituto_id=membership.istituto_id)
    ).distinct().order_by("cognome", "nome")


def chi_genera_la_procedura(istituto_id):
    """The DS and the DSGA in service at the istituto: told when a referente concludes a
    scheda, since they generate the procedure from it (or confer directly)."""
    return (Membership.objects.valide().filter(istituto_id=istituto_id,
                                              ruolo__in=(Ruolo.DS, Ruolo.DSGA))
            .select_related("user").order_by("ruolo", "pk"))
