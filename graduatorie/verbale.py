"""The commission's verbale, read from what the portal recorded: who evaluated, which
applications were examined and with what outcome, each score criterion by criterion (every
commissario's mark and their mean, seed 004), the corrections with their notes, the reclami and
the resulting ranking (regulation art. 7 c. 5: the ranking «redatta dalla commissione,
approvata dal Dirigente Scolastico»). It closes with a line to sign for each commissario.

Staff of the istituto and the commissari, once the evaluation is concluded. A fixed number of
queries, whatever the number of applications.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from candidature.dichiarato import valore_in_parole
from portale import formato
from procedure import criteri as regole
from procedure.models import Stato, TipoCriterio
from procedure.selectors import criteri_con_regole

from .calcolo import (
    CENTESIMI,
    ZERO,
    Istanza,
    Punteggiatore,
    etichetta_categoria,
    media,
    ordine_di_chiamata,
)
from .models import Commissario, Correzione, Esito, Graduatoria, PunteggioCommissione
from .selectors import istanze_per_graduatoria, reclami_di

# the evaluation is concluded: the scores no longer move but by a reclamo
CONCLUSA = (Stato.VALUTATA, Stato.CONCLUSA_ESITO)


@dataclass(frozen=True)
class Voce:
    criterio: object
    valore: str  # the declared value (as corrected) in words, or the commissari's marks
    punti: Decimal
    conta: bool  # False: another criterion of its group gives more points


@dataclass(frozen=True)
class Scheda:
    """One admitted application, criterion by criterion."""
    istanza: Istanza
    categoria: str
    voci: list[Voce]
    totale: Decimal
    correzioni: list[tuple[Correzione, str, str]]  # with the values before and after, in words


@dataclass(frozen=True)
class Verbale:
    procedura: object
    commissari: list[Commissario]  # revoked ones too: who evaluated, and until when
    firmatari: list  # the active commissari's users
    conclusa_il: object  # when the evaluation was concluded (the first version's creation)
    criteri: list[tuple]  # (criterio, its rule in words): those that give points
    requisiti: list
    esaminate: list[tuple[Istanza, str]]  # with the category's label, in protocol order
    schede: list[Scheda]  # ranking order
    correzioni_categoria: list[Correzione]
    reclami: list
    versione: Graduatoria | None  # the latest version

    @property
    def ammesse(self) -> int:
        return sum(1 for i, _ in self.esaminate if i.esito == Esito.AMMESSA)

    @property
    def escluse(self) -> int:
        return sum(1 for i, _ in self.esaminate if i.esito == Esito.ESCLUSA)


def disponibile(procedura) -> bool:
    return procedura.stato in CONCLUSA


def _voti(procedura, firmatari) -> dict:
    """{(candidatura id, criterio id): [(commissario, punti)]} of the active commissari, in the
    order of their names."""
    nomi = {u.pk: u for u in firmatari}
    voti = defaultdict(list)
    for candidatura, criterio, commissario, punti in (
            PunteggioCommissione.objects.filter(valutazione__procedura=procedura,
                                                commissario_id__in=list(nomi))
            .values_list("valutazione__candidatura_id", "criterio_id", "commissario_id", "punti")
            .iterator(chunk_size=5000)):
        voti[candidatura, criterio].append((nomi[commissario], punti))
    ordine = {pk: n for n, pk in enumerate(nomi)}
    return {k: sorted(v, key=lambda coppia: ordine[coppia[0].pk]) for k, v in voti.items()}


def _in_parole(voti) -> str:
    if not voti:
        return "Nessun punteggio"
    dati = " · ".join(f"{u.nome_completo} {formato.numero(p)}" for u, p in voti)
    if len(voti) == 1:
        return dati
    return f"{dati} – media {formato.numero(media([p for _, p in voti]))}"


def _scheda(istanza, punteggiatore, voti, correzioni) -> Scheda:
    criteri = punteggiatore.applicabili(istanza.categoria)
    valori, punti = {}, {}
    for c in criteri:
        if c.tipo == TipoCriterio.MANUALE:
            valori[c.pk] = _in_parole(voti.get((istanza.candidatura, c.pk), []))
            punti[c.pk] = punteggiatore.punti(c, istanza.medie.get(c.pk))
        else:
            valore = istanza.dichiarazioni.get(c.pk)
            valori[c.pk] = valore_in_parole(c, valore) or "Non dichiarato"
            punti[c.pk] = punteggiatore.punti(c, valore)
    migliore = {}  # per group, the first criterion with the most points (as calcolo counts)
    for c in criteri:
        if c.gruppo and punti[c.pk] > punti.get(migliore.get(c.gruppo), Decimal(-1)):
            migliore[c.gruppo] = c.pk
    voci = [Voce(criterio=c, valore=valori[c.pk], punti=punti[c.pk],
                 conta=not c.gruppo or migliore[c.gruppo] == c.pk) for c in criteri]
    totale = sum((v.punti for v in voci if v.conta), ZERO).quantize(CENTESIMI, ROUND_HALF_UP)
    return Scheda(istanza=istanza, categoria=etichetta_categoria(istanza.categoria),
                  voci=voci, totale=totale,
                  correzioni=[(c, valore_in_parole(c.criterio, c.valore_dichiarato) or "—",
                               valore_in_parole(c.criterio, c.valore_corretto) or "—")
                              for c in correzioni.get(istanza.candidatura, [])])


def verbale(procedura) -> Verbale:
    criteri = criteri_con_regole(procedura)
    commissari = list(Commissario.objects.filter(procedura=procedura)
                      .select_related("user", "nominato_da").order_by("nominato_il", "pk"))
    firmatari = sorted((c.user for c in commissari if c.revocato_il is None),
                       key=lambda u: (u.cognome, u.nome, u.pk))
    istanze = sorted(istanze_per_graduatoria(procedura), key=lambda i: (i.protocollo,
                                                                         i.candidatura))
    versioni = list(Graduatoria.objects.filter(procedura=procedura).order_by("numero"))
    ultima = versioni[-1] if versioni else None
    correzioni, di_categoria = defaultdict(list), []
    for c in (Correzione.objects.filter(valutazione__procedura=procedura)
              .select_related("criterio", "autore", "valutazione__candidatura__candidato",
                              "valutazione__candidatura__protocollo")):
        if c.criterio_id is None:
            di_categoria.append(c)
        else:
            correzioni[c.valutazione.candidatura_id].append(c)
    punteggiatore, voti = Punteggiatore(criteri), _voti(procedura, firmatari)
    posto = {pk: n for n, pk in enumerate(ordine_di_chiamata(ultima.righe) if ultima else [])}
    ammesse = sorted((i for i in istanze if i.esito == Esito.AMMESSA),
                     key=lambda i: (posto.get(i.candidatura, len(posto)), i.protocollo))
    return Verbale(
        procedura=procedura, commissari=commissari, firmatari=firmatari,
        conclusa_il=versioni[0].creata_il if versioni else None,
        criteri=[(c, regole.regola_in_parole(c)) for c in criteri
                 if c.tipo != TipoCriterio.REQUISITO],
        requisiti=[c for c in criteri if c.tipo == TipoCriterio.REQUISITO],
        esaminate=[(i, etichetta_categoria(i.categoria)) for i in istanze],
        schede=[_scheda(i, punteggiatore, voti, correzioni) for i in ammesse],
        correzioni_categoria=di_categoria, reclami=list(reclami_di(procedura)), versione=ultima)
