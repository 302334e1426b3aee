"""What the applications contribute to the office's cruscotto (`portale.cruscotto`): the sent
istanze of closed procedures waiting to be evaluated, and the istruttorie waiting for the
candidate's reply with their deadline. Only procedures whose terms are closed: before the
closing second the office sees no application, not even as a number per procedure."""

from django.db.models import Count, Q
from django.urls import reverse

from portale.cruscotto import Cifra, Riga, Riquadro
from portale.lingua import quantita
from procedure.models import Stato
from procedure.selectors import RUOLI_PROCEDURE, procedure_visibili

from .models import Candidatura, RichiestaIntegrazione, StatoCandidatura, StatoRichiesta

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
