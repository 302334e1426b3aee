"""Demo data for `make run`: three istituti, their staff and the national roles.

Idempotent: running it again updates what exists and creates only what is missing.
Later capabilities add their own demo objects through `carica_demo`.
"""

from contextlib import nullcontext

from django.db import transaction
from django.utils import timezone

from accounts.models import Istituto, Membership, Ruolo, User
from accounts.spid_test_idp.identita import IDENTITA

ISTITUTI = [
    {
        "codice_meccanografico": "RMIC8A7005", "denominazione": "IC Leonardo da Vinci",
        "codice_fiscale": "97000010583", "indirizzo": "Via dei Quattro Venti 10",
        "comune": "Roma", "provincia": "RM", "regione": "Lazio",
        "email": "rmic8a7005@istruzione.it", "pec": "rmic8a7005@pec.istruzione.it",
    },
    {
        "codice_meccanografico": "MIPS01000A", "denominazione": "Liceo Scientifico Galileo Galilei",
        "codice_fiscale": "80002010157", "indirizzo": "Viale Lombardia 5",
        "comune": "Milano", "provincia": "MI", "regione": "Lombardia",
        "email": "mips01000a@istruzione.it", "pec": "mips01000a@pec.istruzione.it",
    },
    {  # without a DS of its own: led by the DS of the IC Leonardo da Vinci (reggenza)
        "codice_meccanografico": "RMIC8B4002", "denominazione": "IC Alberto Manzi",
        "codice_fiscale": "97112450586", "indirizzo": "Via Casilina 250",
        "comune": "Roma", "provincia": "RM", "regione": "Lazio",
        "email": "rmic8b4002@istruzione.it", "pec": "rmic8b4002@pec.istruzione.it",
    },
]

# (codice fiscale, ruolo, istituto or None). One DS per istituto at a time
# (portale.services.organizzazione.assegna_ruolo).
RUOLI = [
    ("RSSMRA70A41H501W", Ruolo.DS, "RMIC8A7005"),
    ("RSSMRA70A41H501W", Ruolo.DS, "RMIC8B4002"),  # reggenza
    ("BNCGPP75C12F205U", Ruolo.DS, "MIPS01000A"),
    ("VRDLCU80D55L219W", Ruolo.DSGA, "RMIC8A7005"),
    ("NREPLA85E10H501Q", Ruolo.SEGRETERIA, "RMIC8A7005"),
    ("GLLNNA82H48F205R", Ruolo.REFERENTE, "MIPS01000A"),
    ("CNTFNC68L20H501F", Ruolo.AMMINISTRAZIONE, None),
    ("MRNLRA90M50H501J", Ruolo.SUPPORTO, None),
]


@transaction.atomic
def carica() -> dict:
    istituti = {}
    for dati in ISTITUTI:
        istituto, _ = Istituto.objects.update_or_create(
            codice_meccanografico=dati["codice_meccanografico"], defaults=dati
        )
        istituti[istituto.codice_meccanografico] = istituto
    persone = {}
    for identita in IDENTITA:
        persona, _ = User.objects.update_or_create(
            codice_fiscale=identita.codice_fiscale,
            defaults={"nome": identita.nome, "cognome": identita.cognome, "email": identita.email,
                      "data_nascita": identita.data_nascita},
        )
        persone[identita.codice_fiscale] = persona
    inizio = timezone.localdate().replace(month=9, day=1)
    if inizio > timezone.localdate():
        inizio = inizio.replace(year=inizio.year - 1)
    tenuti = []
    for codice_fiscale, ruolo, codice in RUOLI:
        membership, _ = Membership.objects.get_or_create(
            user=persone[codice_fiscale], ruolo=ruolo,
            istituto=istituti[codice] if codice else None,
            defaults={"valido_dal": inizio},
        )
        tenuti.append(membership.pk)
    # a role an earlier demo gave and this one no longer lists (the reggenza moved) is revoked
    Membership.objects.filter(user__in=persone.values(), revocato_il__isnull=True).exclude(
        pk__in=tenuti).update(revocato_il=timezone.localdate())
    return {"istituti": len(istituti), "persone": len(persone), "ruoli": len(RUOLI)}


def dirigente(codice_meccanografico: str) -> Membership | None:
    """The DS of a demo istituto, through whom the apps' demo modules act."""
    return Membership.objects.valide().select_related("user", "istituto").filter(
        ruolo=Ruolo.DS, istituto__codice_meccanografico=codice_meccanografico).order_by("id").first()


def descrizione_identita() -> list[str]:
    return [f"{i.nome} {i.cognome} ({i.codice_fiscale}): {i.descrizione}" for i in IDENTITA]


def alle(quando):
    """Run what follows as if it were `quando` (an aware datetime; now when None): the demo
    tells what happened in the past on the days it happened, so that no date contradicts
    another (an application sent after its deadline, hours before their contract). With
    freezegun, a development dependency like the demo itself."""
    if quando is None:
        return nullcontext()
    from freezegun import freeze_time

    return freeze_time(quando, tick=True)
