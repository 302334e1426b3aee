"""Actions on schede progettuali (Rilevazione del fabbisogno)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Ruolo
from portale.formato import euro, numero
from portale.services.eventi import registra_evento
from portale.services.notifiche import notifica
from portale.validatori import massimo_per_cifre

from .models import FONTI_CON_CUP, SchedaProgettuale, StatoScheda
from .selectors import chi_genera_la_procedura

RUOLI_SCHEDE = (Ruolo.DS, Ruolo.DSGA, Ruolo.SEGRETERIA, Ruolo.REFERENTE)
CAMPI_SCHEDA = (
    "titolo", "descrizione", "tipologia_incarico", "fonte_finanziamento", "cup", "destinatari",
    "data_inizio", "data_fine", "ore_previste", "tariffa", "tariffa_manuale", "referente",
)


def _verifica_ruolo(membership: Membership | None) -> None:
    if membership is None or membership.ruolo not in RUOLI_SCHEDE or membership.istituto_id is None:
        raise PermissionDenied("Il tuo ruolo non consente di gestire le schede progettuali.")


@transaction.atomic
def crea_scheda(*, autore, membership: Membership, **dati) -> SchedaProgettuale:
    """«Crea scheda progettuale»: a draft; only the title is needed to save it."""
    _verifica_ruolo(membership)
    scheda = SchedaProgettuale(istituto=membership.istituto, creata_da=autore)
    _applica(scheda, dati)
    _verifica_campi(scheda)
    if membership.ruolo == Ruolo.REFERENTE and scheda.referente_id is None:
        scheda.referente = autore
    scheda.full_clean()
    scheda.save()
    registra_evento(autore=autore, azione="scheda.creata", oggetto=scheda,
                    descrizione=f"Creata la scheda progettuale «{scheda.titolo}» in bozza")
    return scheda


@transaction.atomic
def salva_scheda(*, autore, membership: Membership, scheda: SchedaProgettuale,
                 **dati) -> SchedaProgettuale:
    """«Salva»: keep the draft, partial data allowed."""
    _verifica_ruolo(membership)
    scheda = SchedaProgettuale.objects.select_for_update().get(pk=scheda.pk)
    if scheda.stato != StatoScheda.BOZZA:
        raise ValidationError("Una scheda conclusa non si modifica più.")
    cambiati = _applica(scheda, dati)
    _verifica_campi(scheda)
    scheda.full_clean()
    scheda.save()
    if cambiati:
        registra_evento(autore=autore, azione="scheda.salvata", oggetto=scheda,
                        descrizione="Bozza della scheda salvata", dettagli={"campi": cambiati})
    return scheda


def _verifica_campi(scheda: SchedaProgettuale) -> None:
    """What is typed must be coherent when it is saved, not only at the conclusion: a draft
    may be incomplete, never contradictory."""
    errori = incoerenze(data_inizio=scheda.data_inizio, data_fine=scheda.data_fine,
                        ore_previste=scheda.ore_previste, tariffa_manuale=scheda.tariffa_manuale)
    if errori:
        raise ValidationError(errori)


# More than a year of full-time work (about 1.800 hours) is no incarico individuale: a slip.
ORE_PREVISTE_MASSIME = 2000


def incoerenze(*, data_inizio, data_fine, ore_previste, tariffa_manuale) -> dict[str, str]:
    """The contradictions among the values of a scheda, by field (the form shows them with
    the other errors of the same «Salva», not one round later)."""
    errori = {}
    if data_inizio and data_fine and data_fine < data_inizio:
        errori["data_fine"] = "La fine del periodo precede l'inizio."
    if ore_previste is not None and ore_previste < 1:
        errori["ore_previste"] = "Le ore previste devono essere almeno una."
    elif ore_previste is not None and ore_previste > ORE_PREVISTE_MASSIME:
        errori["ore_previste"] = (f"Le ore previste sono al massimo "
                                  f"{numero(ORE_PREVISTE_MASSIME, 0)}: controlla il numero.")
    if tariffa_manuale is not None and tariffa_manuale <= 0:
        errori["tariffa_manuale"] = "Il compenso orario deve essere maggiore di zero."
    return errori


# The largest rate the column holds (max_digits=8, decimal_places=2): the form's bound, and the
# live amount box's (scheda_form.html passes it to importo.js).
COMPENSO_ORARIO_MASSIMO = massimo_per_cifre(
    SchedaProgettuale._meta.get_field("tariffa_manuale").max_digits,
    SchedaProgettuale._meta.get_field("tariffa_manuale").decimal_places)

# Above this an hourly rate typed in is more likely a slip (7050 for 70,50) than a fee: the
# portal asks to check it, it does not refuse it (no rule of the regulation caps it).
TARIFFA_DA_CONTROLLARE = Decimal("100")


def da_confermare(scheda: SchedaProgettuale) -> str:
    """The sentence the conclusion asks to tick when `avvertenze` has something ("" if not)."""
    if not avvertenze(scheda):
        return ""
    return (f"Ho controllato: il compenso orario inserito è {euro(scheda.tariffa_manuale)} "
            f"l'ora ({euro(scheda.importo)} per {scheda.ore_previste} ore).")


def avvertenze(scheda: SchedaProgettuale) -> list[str]:
    """What is allowed but worth a second look before concluding the scheda."""
    if scheda.tariffa_manuale and scheda.tariffa_manuale > TARIFFA_DA_CONTROLLARE:
        return [f"Il compenso orario inserito è {euro(scheda.tariffa_manuale)} l'ora, oltre "
                f"{euro(TARIFFA_DA_CONTROLLARE)}: controlla la cifra (i centesimi si scrivono "
                "dopo la virgola, per esempio 70,50)."]
    return []


# the fields a scheda needs to be concluded (a draft is saved without them), as said when missing
PER_CONCLUDERE = {
    "titolo": "il titolo", "descrizione": "la descrizione e gli obiettivi",
    "tipologia_incarico": "la tipologia di incarico",
    "fonte_finanziamento": "la fonte di finanziamento", "destinatari": "i destinatari",
    "data_inizio": "l'inizio del periodo", "data_fine": "la fine del periodo",
    "ore_previste": "le ore previste",
}


def elementi_mancanti(scheda: SchedaProgettuale) -> list[str]:
    """Everything that prevents concluding the scheda, as messages for the user."""
    mancanti = []
    for campo, nome in PER_CONCLUDERE.items():
        if getattr(scheda, campo) in (None, ""):
            # plural for a plural noun and for two joined by «e» («la descrizione e gli obiettivi»)
            verbo = "Mancano" if nome.split(" ", 1)[0] in ("i", "gli", "le") or " e " in nome \
                else "Manca"
            mancanti.append(f"{verbo} {nome}.")
    if scheda.ore_previste == 0:
        mancanti.append("Le ore previste devono essere almeno una.")
    if scheda.data_inizio and scheda.data_fine and scheda.data_fine < scheda.data_inizio:
        mancanti.append("La fine del periodo precede l'inizio.")
    if scheda.tariffa_id is None and scheda.tariffa_manuale is None:
        mancanti.append("Scegli una tariffa oraria del CCNL oppure inserisci il compenso orario.")
    if scheda.tariffa_id is not None and scheda.tariffa_manuale is not None:
        mancanti.append("Indica la tariffa del CCNL oppure il compenso orario inserito, non entrambi.")
    if scheda.fonte_finanziamento in FONTI_CON_CUP and not scheda.cup:
        mancanti.append("Per questa fonte di finanziamento il CUP è obbligatorio.")
    return mancanti


@transaction.atomic
def concludi_scheda(*, autore, membership: Membership, scheda: SchedaProgettuale,
                    avvertenze_controllate: bool = False) -> SchedaProgettuale:
    """«Concludi scheda progettuale»: complete and coherent, then no longer editable. What
    `avvertenze` flags (a rate that looks like a slip) must have been confirmed: concluded,
    the amount is the budget for good."""
    _verifica_ruolo(membership)
    scheda = SchedaProgettuale.objects.select_for_update().get(pk=scheda.pk)
    if scheda.stato != StatoScheda.BOZZA:
        raise ValidationError("La scheda è già conclusa.")
    mancanti = elementi_mancanti(scheda)
    if mancanti:
        raise ValidationError(mancanti)
    if avvertenze(scheda) and not avvertenze_controllate:
        raise ValidationError(
            f"Conferma di aver controllato il compenso orario inserito: "
            f"{euro(scheda.tariffa_manuale)} l'ora è oltre {euro(TARIFFA_DA_CONTROLLARE)}.")
    scheda.stato = StatoScheda.CONCLUSA
    scheda.conclusa_il = timezone.now()
    scheda.save(update_fields=["stato", "conclusa_il", "aggiornata_il"])
    registra_evento(autore=autore, azione="scheda.conclusa", oggetto=scheda,
                    descrizione=f"Scheda progettuale conclusa: importo {euro(scheda.importo)}",
                    dettagli={"importo": str(scheda.importo)})
    if membership.ruolo == Ruolo.REFERENTE:  # who generates the procedure is told
        for dirigente in chi_genera_la_procedura(scheda.istituto_id):
            notifica(destinatario=dirigente.user, istituto=scheda.istituto,
                     oggetto=f"Scheda progettuale conclusa – {scheda.titolo}",
                     testo=f"{autore} ha concluso la scheda progettuale «{scheda.titolo}» "
                           f"({euro(scheda.importo)}): puoi generare la procedura di selezione "
                           "o procedere con un affidamento diretto.",
                     url=reverse("fabbisogno:scheda", args=[scheda.pk]))
    return scheda


@transaction.atomic
def elimina_scheda(*, autore, membership: Membership, scheda: SchedaProgettuale) -> None:
    """«Elimina bozza»: a draft no longer needed is deleted, by who may edit it (the office of
    its istituto; a referente, her own). A concluded scheda stays; so does a draft something
    points to (a procedure, an incarico): the event keeps what it was."""
    _verifica_ruolo(membership)
    scheda = SchedaProgettuale.objects.select_for_update().get(pk=scheda.pk)
    if scheda.istituto_id != membership.istituto_id or (
            membership.ruolo == Ruolo.REFERENTE
            and autore.pk not in (scheda.referente_id, scheda.creata_da_id)):
        raise PermissionDenied("La scheda appartiene a un altro istituto o a un altro referente.")
    if scheda.stato != StatoScheda.BOZZA:
        raise ValidationError("La scheda è conclusa: non si può eliminare.")
    registra_evento(autore=autore, azione="scheda.eliminata", oggetto=scheda,
                    descrizione=f"Eliminata la bozza della scheda progettuale «{scheda.titolo}»",
                    dettagli={campo: str(getattr(scheda, campo)) for campo in CAMPI_SCHEDA
                              if getattr(scheda, campo) not in (None, "")})
    try:
        with transaction.atomic():
            scheda.delete()
    except models.ProtectedError as errore:  # the event above goes with the rollback
        usata = ", ".join(f"{_con_articolo(o._meta.verbose_name)} n. {o.pk} «{o}»"
                          for o in errore.protected_objects)
        raise ValidationError(f"La bozza «{scheda.titolo}» non si può eliminare: la usa "
                              f"{usata}.") from None


def _con_articolo(nome: str) -> str:
    """«la procedura di selezione», «l'incarico»."""
    primo = nome.split(" ", 1)[0]
    return f"l'{nome}" if nome[:1] in "aeiou" else f"la {nome}" if primo.endswith("a") \
        else f"il {nome}"


def _applica(scheda: SchedaProgettuale, dati: dict) -> list[str]:
    cambiati = []
    for campo in CAMPI_SCHEDA:
        if campo not in dati:
            continue
        valore = dati[campo]
        if valore is None and isinstance(SchedaProgettuale._meta.get_field(campo),
                                         (models.CharField, models.TextField)):
            valore = ""
        if getattr(scheda, campo) != valore:
            setattr(scheda, campo, valore)
            cambiati.append(campo)
    if scheda.cup:
        scheda.cup = scheda.cup.upper().strip()
    return cambiati
