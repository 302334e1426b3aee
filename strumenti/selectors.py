"""Who sees which strumento: the rules live here, in the queryset, and nowhere else.

Viewer → strumenti visible (always only those not withdrawn and with a file):
- anyone, even not logged in: every "Pubblico" strumento, national or of any istituto (a school
  marks a file public precisely to hand it to people outside it, e.g. forms for candidates);
- any logged-in user (candidates included): also the national "Tutti gli utenti del portale";
- a member of an istituto, with the active role: also the strumenti of that istituto for
  "Tutti gli utenti del portale", and national and own-istituto ones for
  "Segreterie" if the role is DS, DSGA or Segreteria,
  "Referenti di progetto" if the role is Referente di progetto *or* DS, DSGA, Segreteria
  (they coordinate the referenti and hand them the same materials);
- Amministrazione centrale and Supporto: every national strumento; Amministrazione centrale
  also every istituto's (as `accounts.selectors.filtra_per_istituto` lets it see every
  istituto), Supporto of the istituti only the public ones.
Who manages (edits, uploads versions, withdraws): Amministrazione centrale the national ones,
DS/DSGA/Segreteria those of the istituto of their active role.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Membership, Ruolo

from .models import Ambito, Strumento, VersioneStrumento, Visibilita

RUOLI_SEGRETERIE = (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA)
RUOLI_CARICAMENTO = (Ruolo.AMMINISTRAZIONE, *RUOLI_SEGRETERIE)


def livelli_del_ruolo(ruolo: str | None) -> tuple[str, ...]:
    """The non-public visibilities a role of an istituto reaches."""
    if ruolo in RUOLI_SEGRETERIE:
        return (Visibilita.UTENTI, Visibilita.SEGRETERIE, Visibilita.REFERENTI)
    if ruolo == Ruolo.REFERENTE:
        return (Visibilita.UTENTI, Visibilita.REFERENTI)
    return (Visibilita.UTENTI,)


def filtro_visibili(user, membership: Membership | None) -> Q:
    filtro = Q(visibilita=Visibilita.PUBBLICO)
    if not getattr(user, "is_authenticated", False):
        return filtro
    filtro |= Q(istituto__isnull=True, visibilita=Visibilita.UTENTI)
    if membership is None:
        return filtro
    if membership.ruolo in (Ruolo.AMMINISTRAZIONE, Ruolo.SUPPORTO):
        filtro |= Q(istituto__isnull=True)
    if membership.ruolo == Ruolo.AMMINISTRAZIONE:
        filtro |= Q(istituto__isnull=False)
    elif membership.istituto_id is not None:
        filtro |= Q(visibilita__in=livelli_del_ruolo(membership.ruolo)) & (
            Q(istituto__isnull=True) | Q(istituto_id=membership.istituto_id)
        )
    return filtro


# The filter «Visibilità» splits «utenti» in its two audiences, the words of the list's column:
# the national strumenti («Tutti gli utenti del portale») and an istituto's (its staff).
PERSONALE_DELL_ISTITUTO = "personale"


def incontra_strumenti_del_personale(membership: Membership | None) -> bool:
    """Whether an istituto's «utenti» strumenti may reach this role (filtro_visibili)."""
    return membership is not None and (membership.ruolo == Ruolo.AMMINISTRAZIONE
                                       or membership.istituto_id is not None)


def filtro_gestibili(membership: Membership | None) -> Q | None:
    if membership is None:
        return None
    if membership.ruolo == Ruolo.AMMINISTRAZIONE:
        return Q(istituto__isnull=True)
    if membership.ruolo in RUOLI_SEGRETERIE and membership.istituto_id is not None:
        return Q(istituto_id=membership.istituto_id)
    return None


def puo_caricare(membership: Membership | None) -> bool:
    return filtro_gestibili(membership) is not None


def puo_gestire(membership: Membership | None, strumento: Strumento) -> bool:
    if strumento.ritirato_il is not None or membership is None:
        return False
    if membership.ruolo == Ruolo.AMMINISTRAZIONE:
        return strumento.istituto_id is None
    return (membership.ruolo in RUOLI_SEGRETERIE and membership.istituto_id is not None
            and strumento.istituto_id == membership.istituto_id)


def _attivi() -> QuerySet[Strumento]:
    return Strumento.objects.filter(ritirato_il__isnull=True, versione_corrente__isnull=False)


def strumenti_visibili(user, membership: Membership | None) -> QuerySet[Strumento]:
    return _attivi().filter(filtro_visibili(user, membership))


def elenco_strumenti(user, membership: Membership | None, *, cerca: str = "", categoria: str = "",
                     ambito: str = "", visibilita: str = "", solo_gestibili: bool = False,
                     ) -> QuerySet[Strumento]:
    qs = strumenti_visibili(user, membership).select_related("istituto", "versione_corrente")
    if solo_gestibili:
        gestibili = filtro_gestibili(membership)
        qs = qs.filter(gestibili) if gestibili is not None else qs.none()
    if cerca:
        qs = qs.filter(Q(titolo__icontains=cerca) | Q(descrizione__icontains=cerca))
    if categoria:
        qs = qs.filter(categoria=categoria)
    if ambito == Ambito.NAZIONALE:
        qs = qs.filter(istituto__isnull=True)
    elif ambito == Ambito.ISTITUTO:
        qs = qs.filter(istituto__isnull=False)
    if visibilita == Visibilita.UTENTI:
        qs = qs.filter(visibilita=Visibilita.UTENTI, istituto__isnull=True)
    elif visibilita == PERSONALE_DELL_ISTITUTO:
        qs = qs.filter(visibilita=Visibilita.UTENTI, istituto__isnull=False)
    elif visibilita:
        qs = qs.filter(visibilita=visibilita)
    return qs.order_by("-aggiornato_il", "-id")


def guide_e_materiali_pubblici(limite: int = 20) -> list[Strumento]:
    """National public strumenti for the Informazioni utili page, manuals first."""
    qs = (_attivi().filter(istituto__isnull=True, visibilita=Visibilita.PUBBLICO)
          .select_related("versione_corrente").order_by("titolo"))
    return list(qs[:limite])


def access_strumento(user, membership: Membership | None, pk) -> Strumento:
    """The one door to a strumento one may see: the same 404 whether missing or not visible."""
    try:
        return strumenti_visibili(user, membership).select_related(
            "istituto", "versione_corrente", "creato_da").get(pk=pk)
    except (Strumento.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def strumenti_ritirati(membership: Membership | None) -> QuerySet[Strumento]:
    """«Strumenti ritirati»: those the active role would manage, the latest withdrawn first."""
    gestibili = filtro_gestibili(membership)
    if gestibili is None:
        return Strumento.objects.none()
    return (Strumento.objects.filter(gestibili, ritirato_il__isnull=False)
            .select_related("istituto", "versione_corrente", "ritirato_da")
            .order_by("-ritirato_il", "-id"))


def access_strumento_gestibile(membership: Membership | None, pk, *, per_aggiornare=False,
                               ritirato=False) -> Strumento:
    """The door for changes: 404 unless the active role manages it (optionally row-locked);
    `ritirato` opens the withdrawn ones instead, to restore them."""
    gestibili = filtro_gestibili(membership)
    if gestibili is None:
        raise Http404
    qs = Strumento.objects.filter(gestibili, ritirato_il__isnull=not ritirato)
    if per_aggiornare:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.select_related("istituto", "versione_corrente").get(pk=pk)
    except (Strumento.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def access_versione(user, membership: Membership | None, pk, numero=None) -> VersioneStrumento:
    """The current version for whoever sees the strumento; older ones only for its managers."""
    strumento = access_strumento(user, membership, pk)
    if numero is None or int(numero) == strumento.versione_corrente.numero:
        versione = strumento.versione_corrente
    elif puo_gestire(membership, strumento):
        versione = strumento.versioni.filter(numero=numero).first()
        if versione is None:
            raise Http404
    else:
        raise Http404
    versione.strumento = strumento
    return versione


def versioni_di(strumento: Strumento) -> QuerySet[VersioneStrumento]:
    return strumento.versioni.select_related("caricata_da").order_by("-numero")
