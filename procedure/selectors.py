"""Reads of procedure: staff lists scoped to the istituto, public avvisi for everyone."""

from datetime import UTC, datetime

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import Membership, Ruolo
from fabbisogno.estensioni import Collegamento
from portale.lingua import radice

from . import calendario, estensioni
from .models import ProceduraSelezione, Stato, TipoCriterio, VersioneAvviso

RUOLI_PROCEDURE = (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA)
STORICO = (Stato.CONCLUSA_ESITO, Stato.ANNULLATA)


def procedure_visibili(membership: Membership | None):
    if (membership is None or membership.istituto_id is None
            or membership.ruolo not in RUOLI_PROCEDURE):
        return ProceduraSelezione.objects.none()
    return ProceduraSelezione.objects.filter(istituto_id=membership.istituto_id)


# What «Gestione procedure di selezione» shows of each row: only these columns are read (a
# procedura's row holds kilobytes of text, the profile and the privacy notice, that sorting
# and sending would otherwise carry for every procedura of the istituto).
COLONNE_ELENCO = ("id", "istituto_id", "oggetto", "stato", "data_apertura", "data_chiusura",
                  "aggiornata_il")


def elenco_procedure(membership, *, fase: str = "", cerca: str = "", storico: bool = False):
    """The istituto's procedure for the staff list, newest change first, narrow rows."""
    qs = procedure_visibili(membership).only(*COLONNE_ELENCO)
    in_corso = ~Q(stato__in=STORICO)
    if (continua := estensioni.ancora_in_corso()) is not None:  # e.g. an interpello open
        in_corso |= Q(stato=Stato.CONCLUSA_ESITO) & continua
    # a dashboard figure followed (a phase, no tab) is found in either tab; inside «Storico» a
    # phase narrows the tab (it listed, under «Conclusa con esito», more than under «Tutte»:
    # the procedures whose interpello goes on, which are «In corso»)
    tab = qs.exclude(in_corso) if storico else qs.filter(in_corso)
    qs = (tab if storico else qs).filter(stato=fase) if fase else tab
    if cerca:
        filtro = Q(oggetto__icontains=cerca)
        if cerca.isdigit():
            filtro |= Q(pk=int(cerca))
        qs = qs.filter(filtro)
    return qs.order_by("-aggiornata_il", "-id")


def access_procedura(membership, pk) -> ProceduraSelezione:
    try:
        return procedure_visibili(membership).select_related(
            "istituto", "scheda", "origine", "creata_da").get(pk=pk)
    except (ProceduraSelezione.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def conteggi_modulo(procedura: ProceduraSelezione) -> dict:
    return ProceduraSelezione.objects.filter(pk=procedura.pk).aggregate(
        campi=Count("campi", distinct=True), allegati=Count("allegati_richiesti", distinct=True),
        criteri=Count("criteri", distinct=True))


def versione_avviso(procedura: ProceduraSelezione, numero: int | None = None) -> VersioneAvviso:
    versioni = procedura.versioni_avviso.all()
    versione = versioni.filter(numero=numero).first() if numero else versioni.first()
    if versione is None:
        raise Http404
    return versione


# --- public pages ------------------------------------------------------------------------

def avvisi_pubblici(*, cerca: str = "", regione: str = "", provincia: str = "",
                    istituto: str = "", tipologia: str = "", stato: str = "", adesso=None):
    """Published avvisi of every istituto with the state a visitor sees: those open to
    applications first, then those about to open, then the rest; newest first in each."""
    adesso = adesso or timezone.now()
    qs = calendario.annota_stato_pubblico(
        ProceduraSelezione.objects.filter(pubblicata_il__isnull=False), adesso
    ).select_related("istituto").only(
        "oggetto", "tipologia_incarico", "stato", "data_apertura", "data_chiusura",
        "apertura_programmata", "pubblicata_il", "numero_incarichi", "istituto__denominazione",
        "istituto__codice_meccanografico", "istituto__comune", "istituto__provincia",
        "istituto__regione")
    if cerca:
        for parola in map(radice, cerca.split()[:6]):  # «esperti» finds «Esperto»
            qs = qs.filter(Q(oggetto__icontains=parola) | Q(istituto__denominazione__icontains=parola)
                           | Q(istituto__comune__icontains=parola))
    if regione:
        qs = qs.filter(istituto__regione=regione)
    if provincia:
        qs = qs.filter(istituto__provincia=provincia.upper())
    if istituto:
        # the start of the code is enough («RMIC»: the istituti comprensivi of Rome)
        qs = qs.filter(istituto__codice_meccanografico__startswith=istituto.strip().upper())
    if tipologia:
        qs = qs.filter(tipologia_incarico=tipologia)
    if stato:
        qs = qs.filter(stato_pubblico=stato)
    # a visitor comes to apply: what accepts applications now comes before what has closed
    prima = Case(When(stato_pubblico=calendario.StatoPubblico.APERTO, then=Value(0)),
                 When(stato_pubblico=calendario.StatoPubblico.IN_APERTURA, then=Value(1)),
                 default=Value(2), output_field=IntegerField())
    return qs.order_by(prima, "-pubblicata_il", "-id")


def access_avviso_pubblico(pk, adesso=None) -> ProceduraSelezione:
    try:
        return calendario.annota_stato_pubblico(
            ProceduraSelezione.objects.filter(pubblicata_il__isnull=False),
            adesso or timezone.now()).select_related("istituto", "scheda").get(pk=pk)
    except (ProceduraSelezione.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def avviso_sostitutivo(procedura: ProceduraSelezione) -> ProceduraSelezione | None:
    """The avviso published in place of an annulled one: its significant revision or a copy."""
    return procedura.derivate.filter(pubblicata_il__isnull=False).order_by("pk").first()


def access_avviso_per_candidatura(pk) -> ProceduraSelezione:
    """The published avviso for the candidate's form, with its istituto: one plain query on
    every step of the deadline peak. No public state here (access_avviso_pubblico computes it
    in SQL for the public pages): the candidate services ask the clock themselves."""
    try:
        return ProceduraSelezione.objects.select_related("istituto").get(
            pk=pk, pubblicata_il__isnull=False)
    except (ProceduraSelezione.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def firma_avvisi(adesso) -> tuple[str, int]:
    """What the public list depends on: (signature, seconds it stays valid).

    The signature changes with any saved change of a published avviso (every service saves,
    so aggiornata_il moves); the validity never crosses the next programmed opening or
    closing, so a cached list shows «Aperto»/«Chiuso» exactly as the clock decides.
    One statement of three indexed scalar subqueries: this runs on every anonymous request.
    """
    tabella = ProceduraSelezione._meta.db_table
    pubblicata = "pubblicata_il IS NOT NULL"
    # Only the model's own table name and constants are interpolated; values are parameters.
    sql = (f"SELECT (SELECT MAX(aggiornata_il) FROM {tabella} WHERE {pubblicata}), "  # noqa: S608
           f"(SELECT MIN(data_chiusura) FROM {tabella} WHERE {pubblicata} AND stato = %s "
           f"AND data_chiusura > %s), "
           f"(SELECT MIN(data_apertura) FROM {tabella} WHERE {pubblicata} AND stato = %s "
           f"AND apertura_programmata AND data_apertura > %s)")
    istante = connection.ops.adapt_datetimefield_value(adesso)
    with connection.cursor() as cursor:
        cursor.execute(sql, [Stato.APERTA, istante, Stato.PUBBLICATA, istante])
        ultima, *confini = cursor.fetchone()
    confini = [_come_datetime(c) for c in confini if c]
    prossimo = min(confini, default=None)
    durata = 60 if prossimo is None else int(min(60, (prossimo - adesso).total_seconds()))
    return str(ultima or "vuoto"), durata


def _come_datetime(valore) -> datetime:
    """SQLite returns datetimes of raw queries as text (UTC); PostgreSQL as datetimes."""
    if isinstance(valore, datetime):
        return valore
    return timezone.make_aware(parse_datetime(valore), UTC)


def criteri_con_regole(procedura: ProceduraSelezione) -> list:
    """The procedure's criteria with each requirement's rule loaded (procedure.criteri
    .soddisfatto_da): one query, plus one only when there are requirements."""
    criteri = list(procedura.criteri.all())
    prefetch_related_objects([c for c in criteri if c.tipo == TipoCriterio.REQUISITO],
                             "soddisfatto_da")
    return criteri


def procedura_della_scheda(scheda):
    """fabbisogno.estensioni «procedura generata»: the live procedure generated from `scheda`
    (one a scheda until it is annulled, services.genera_da_scheda), as a link to open it."""
    procedura = (ProceduraSelezione.objects.filter(scheda=scheda).exclude(stato=Stato.ANNULLATA)
                 .only("pk", "stato").order_by("-pk").first())
    if procedura is None:
        return None
    return Collegamento(f"Apri la procedura di selezione n. {procedura.pk} "
                        f"({procedura.get_stato_display().lower()})",
                        reverse("procedure:dettaglio", args=[procedura.pk]))
