"""What the evaluation and the rankings contribute to the cruscotto (`portale.cruscotto`):
for a commissario, the procedures to evaluate (their only way in besides the notification);
for the office, the reclami to answer and the proposals waiting for the candidate's answer."""

from django.db.models import Count, Q
from django.urls import reverse

from accounts.models import Ruolo
from portale.cruscotto import Cifra, Riga, Riquadro
from procedure.models import Stato
from procedure.selectors import RUOLI_PROCEDURE, procedure_visibili

from .models import Reclamo, StatoProposta, StatoReclamo
from .selectors import nomine_di


def commissioni(user, membership) -> Riquadro | None:
    nomine = list(nomine_di(user).filter(procedura__stato=Stato.IN_VALUTAZIONE)[:10])
    if not nomine:
        return None
    righe = [Riga(n.procedura.oggetto, reverse("graduatorie:valutazione", args=[n.procedura_id]),
                  dettaglio=n.procedura.istituto.denominazione) for n in nomine]
    return Riquadro("Le mie commissioni", [
        Cifra("Procedure da valutare", len(nomine), reverse("graduatorie:le_mie_commissioni"),
              in_attesa=True, singolare="Procedura da valutare")], righe, titolo_righe="Da valutare", ordine=5)


def graduatorie(user, membership) -> Riquadro | None:
    if membership is None or membership.ruolo not in RUOLI_PROCEDURE:
        return None
    procedure = (procedure_visibili(membership)
                 .annotate(in_attesa=Count("proposte", filter=Q(
                     proposte__stato=StatoProposta.IN_ATTESA)))
                 .filter(in_attesa__gt=0).only("id", "oggetto").order_by("id")[:10])
    reclami = (Reclamo.objects.filter(graduatoria__procedura__istituto_id=membership.istituto_id,
                                      stato=StatoReclamo.PRESENTATO)
               .values_list("graduatoria__procedura_id", flat=True))
    reclami = list(reclami)
    righe = [Riga(p.oggetto, reverse("graduatorie:interpello", args=[p.pk]),
                  dettaglio="proposta di incarico in attesa di risposta") for p in procedure]
    cifre = [
        Cifra("Reclami da decidere", len(reclami),
              reverse("graduatorie:graduatoria", args=[reclami[0]]) if reclami else "",
              # a to-do only for who decides them (graduatorie.services: the DS)
              in_attesa=bool(reclami) and membership.ruolo == Ruolo.DS,
              singolare="Reclamo da decidere"),
        Cifra("Proposte in attesa di risposta", sum(p.in_attesa for p in procedure),
              righe[0].url if righe else "", singolare="Proposta in attesa di risposta"),
    ]
    return Riquadro("Graduatorie e interpello", cifre, righe,
                    titolo_righe="Proposte di incarico in attesa",
                    vuoto="Nessuna proposta in attesa di risposta.", ordine=35)
