"""What the applications contribute to the cruscotto (`portale.cruscotto`).

- The office: the sent istanze of closed procedures waiting to be evaluated, and the
  istruttorie waiting for the candidate's reply with their deadline. Only procedures whose
  terms are closed: before the closing second the office sees no application, not even as a
  number per procedure.
- The candidate: what waits for them, with its deadline (a draft to send before the avviso
  closes, an integration to send, a proposal to answer), first thing after logging in.
"""

from django.db.models import Count, Q
from django.urls import reverse

from portale.cruscotto import Cifra, Riga, Riquadro
from portale.lingua import quantita
from procedure.models import Stato
from procedure.selectors import RUOLI_PROCEDURE, procedure_visibili

from . import estensioni
from .models import CHIUSE, Candidatura, RichiestaIntegrazione, StatoCandidatura, StatoRichiesta

DA_VALUTARE = (Stato.CHIUSA, Stato.IN_VALUTAZIONE)
INVIATE = Q(candidature__protocollo__isnull=False) & ~Q(
    candidature__stato__in=(StatoCandidatura.RITIRATA, StatoCandidatura.ANNULLATA))


def riquadro(user, membership) -> Riquadro | None:
    if membership is None or membership.ruolo not in RUOLI_PROCEDURE:
        return None
    chiuse = procedure_visibili(membership).filter(stato__in=DA_VALUTARE)
    procedure = (chiuse.annotate(istanze=Count("candidature", filter=INVIATE))
                 .only("id", "oggetto", "stato").order_by("data_chiusura")[:10])
    totale = (Candidatura.objects.filter(procedura__in=chiuse, protocollo__isnull=False)
              .exclude(stato__in=(StatoCandidatura.RITIRATA, StatoCandidatura.ANNULLATA)).count())
    righe = [Riga(p.oggetto, reverse("candidature:istanze", args=[p.pk]),
                  dettaglio=f"{quantita(p.istanze, 'istanza')} · {p.get_stato_display().lower()}")
             for p in procedure]
    attese = list(RichiestaIntegrazione.objects
                  .filter(candidatura__procedura__istituto_id=membership.istituto_id,
                          stato=StatoRichiesta.APERTA)
                  .values_list("candidatura__procedura_id", "scadenza").order_by("scadenza"))
    prima = attese[0] if attese else None
    cifre = [
        Cifra("Istanze da valutare", totale,
              righe[0].url if len(righe) == 1 else reverse("procedure:elenco")
              + f"?fase={Stato.CHIUSA.value}", in_attesa=bool(righe),
              singolare="Istanza da valutare"),
        Cifra("Istruttorie in attesa di risposta", len(attese),
              reverse("candidature:istanze", args=[prima[0]]) + f"?stato={StatoCandidatura.IN_ISTRUTTORIA}"
              if prima else "", singolare="Istruttoria in attesa di risposta"),
    ]
    return Riquadro("Istanze", cifre, righe, titolo_righe="Procedure con istanze da valutare",
                    vuoto="Nessuna procedura chiusa in attesa di valutazione.", ordine=30)


def riquadro_candidato(user, membership) -> Riquadro | None:
    """«Le mie candidature» for the person acting as candidate (no staff role chosen): the
    applications sent, and under «Da fare» the highlighted follow-ups of every app (an
    integration to send, a proposal to answer; not the act of an incarico, which «I miei
    incarichi» shows) and the drafts of avvisi still open, each with
    its deadline. A fixed number of queries: the applications, one per follow-up provider."""
    if membership is not None:
        return None
    proprie = list(Candidatura.objects.filter(candidato=user).exclude(stato__in=CHIUSE)
                   .select_related("procedura").order_by("procedura__data_chiusura", "pk"))
    # an application that became an incarico: the act to sign is said by «I miei incarichi»
    seguiti = estensioni.seguiti(proprie, tranne=("incarico",))
    urgenti = [(c, s) for c in proprie for s in seguiti.get(c.pk, []) if s.urgente]
    bozze = [Riga(s.testo, s.url, dettaglio=c.procedura.oggetto)
             for c, s in urgenti if c.stato == StatoCandidatura.BOZZA]
    risposte = [Riga(s.testo, s.url, dettaglio=c.procedura.oggetto)
                for c, s in urgenti if c.stato != StatoCandidatura.BOZZA]
    elenco = reverse("candidature:le_mie")
    cifre = [
        Cifra("Candidature inviate", sum(c.protocollo_id is not None for c in proprie), elenco,
              singolare="Candidatura inviata"),
        Cifra("Bozze da inviare", len(bozze), elenco, in_attesa=bool(bozze),
              singolare="Bozza da inviare"),
        Cifra("Risposte da dare", len(risposte), elenco, in_attesa=bool(risposte),
              singolare="Risposta da dare"),
    ]
    if not proprie and not Candidatura.objects.filter(candidato=user).exists():
        # the first access: where to begin, not four zeros and «nothing to do»
        return Riquadro("Le mie candidature", cifre, [
            Riga("Consulta gli avvisi aperti e presenta la tua candidatura",
                 reverse("procedure:avvisi") + "?stato=aperto"),
            Riga("Compila il tuo profilo: ogni candidatura lo riprende già compilato",
                 reverse("candidature:profilo"))], titolo_righe="Per cominciare", ordine=1)
    return Riquadro("Le mie candidature", cifre, risposte + bozze, titolo_righe="Da fare",
                    vuoto="Niente da fare per ora: qui trovi le bozze da inviare e le risposte "
                          "che l'istituto ti chiede, con la scadenza.", ordine=1)
