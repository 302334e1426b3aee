"""Istituti and roles: created by Amministrazione centrale, staff assigned by the DS."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import RUOLI_ASSEGNATI_DAL_DS, Istituto, Membership, Ruolo, User
from accounts.validators import normalizza_codice_fiscale, valida_codice_fiscale_persona

from ..lingua import data_con
from .eventi import registra_evento
from .notifiche import notifica

CAMPI_ISTITUTO = (
    "codice_meccanografico", "denominazione", "codice_fiscale", "indirizzo", "comune",
    "provincia", "regione", "email", "pec", "logo",
)


def _solo_amministrazione(membership: Membership | None) -> None:
    if membership is None or membership.ruolo != Ruolo.AMMINISTRAZIONE:
        raise PermissionDenied("Solo l'Amministrazione centrale gestisce gli istituti.")


@transaction.atomic
def crea_istituto(*, autore, membership, **dati) -> Istituto:
    _solo_amministrazione(membership)
    istituto = Istituto(**{k: v for k, v in dati.items() if k in CAMPI_ISTITUTO})
    istituto.full_clean()
    _codice_fiscale_libero(istituto)
    istituto.save()
    registra_evento(autore=autore, azione="istituto.creato", oggetto=istituto, istituto=istituto,
                    descrizione=f"Creato l'istituto {istituto.denominazione}")
    return istituto


@transaction.atomic
def modifica_istituto(*, autore, membership, istituto: Istituto, **dati) -> Istituto:
    _solo_amministrazione(membership)
    cambiati = {}
    for campo, valore in dati.items():
        if campo in CAMPI_ISTITUTO and getattr(istituto, campo) != valore:
            cambiati[campo] = str(valore)
            setattr(istituto, campo, valore)
    istituto.full_clean()
    _codice_fiscale_libero(istituto)
    istituto.save()
    if cambiati:
        registra_evento(autore=autore, azione="istituto.modificato", oggetto=istituto,
                        istituto=istituto,
                        descrizione="Dati dell'istituto aggiornati", dettagli=cambiati)
    return istituto


def _codice_fiscale_libero(istituto: Istituto) -> None:
    """An istituzione scolastica has one codice fiscale, and no other has it."""
    altro = (Istituto.objects.filter(codice_fiscale=istituto.codice_fiscale)
             .exclude(pk=istituto.pk).first())
    if altro is not None:
        raise ValidationError({"codice_fiscale": (
            f"Il codice fiscale {istituto.codice_fiscale} è già di {altro.denominazione} "
            f"({altro.codice_meccanografico}): un'istituzione scolastica ne ha uno solo, e i "
            "suoi plessi non si registrano a parte.")})


def _stesso_nome(persona, nome: str, cognome: str) -> bool:
    """The name typed beside a codice fiscale is the registered person's (capitals and spaces
    aside); nothing typed says nothing."""
    def uguale(a, b):
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
    return ((not nome.strip() or uguale(nome, persona.nome))
            and (not cognome.strip() or uguale(cognome, persona.cognome)))


def ruoli_assegnabili(membership: Membership | None) -> tuple[Ruolo, ...]:
    """Which roles the active membership may assign."""
    if membership is None:
        return ()
    if membership.ruolo == Ruolo.AMMINISTRAZIONE:
        return (Ruolo.DS, Ruolo.AMMINISTRAZIONE, Ruolo.SUPPORTO)
    if membership.ruolo == Ruolo.DS:
        return RUOLI_ASSEGNATI_DAL_DS
    return ()


def _gia_nel_ruolo(persona, gia: Membership) -> str:
    """The period the new appointment would overlap, and the first day it may start: «ha già
    questo ruolo» sent a DS looking for a role the list showed as revoked."""
    dove = "in questo istituto" if gia.istituto_id else "nel portale"
    ruolo = f"il ruolo «{gia.get_ruolo_display()}» {dove} {data_con('dal', gia.valido_dal)}"
    if gia.revocato_il:
        return (f"{persona.nome_completo} ha avuto {ruolo} fino alla revoca "
                f"{data_con('del', gia.revocato_il)}: la nuova nomina può decorrere al più presto "
                f"{data_con('dal', gia.revocato_il)}.")
    if gia.valido_al:
        return (f"{persona.nome_completo} ha {ruolo} {data_con('al', gia.valido_al)}: la nuova "
                "nomina può decorrere al più presto "
                f"{data_con('dal', gia.valido_al + timedelta(days=1))}.")
    return f"{persona.nome_completo} ha già {ruolo}, senza scadenza."


@transaction.atomic
def assegna_ruolo(*, autore, membership, codice_fiscale: str, ruolo: str, istituto=None,
                  nome: str = "", cognome: str = "", email: str = "",
                  valido_dal=None, valido_al=None) -> Membership:
    """Give `ruolo` to the person with `codice_fiscale` (created if never logged in yet)."""
    if ruolo not in ruoli_assegnabili(membership):
        raise PermissionDenied("Non puoi assegnare questo ruolo.")
    if membership.ruolo == Ruolo.DS:
        istituto = membership.istituto  # a DS assigns roles only in the own istituto
    if ruolo in (Ruolo.AMMINISTRAZIONE, Ruolo.SUPPORTO):
        if istituto is not None:
            # said, not dropped: the person choosing an istituto meant something by it
            raise ValidationError({"istituto": f"Il ruolo «{Ruolo(ruolo).label}» è nazionale, "
                                               "non di un istituto: lascia vuoto l'istituto."})
        istituto = None
    elif istituto is None:
        raise ValidationError({"istituto": "Indica l'istituto per questo ruolo."})
    codice_fiscale = normalizza_codice_fiscale(codice_fiscale)
    valida_codice_fiscale_persona(codice_fiscale)
    if not User.objects.filter(codice_fiscale=codice_fiscale).exists():
        # the lists, the notices and the history name people: never a bare codice fiscale
        mancanti = {campo: f"Indica il {parola}: la persona non ha ancora effettuato l'accesso "
                           "al portale."
                    for campo, parola, valore in (("nome", "nome", nome),
                                                  ("cognome", "cognome", cognome))
                    if not (valore or "").strip()}
        if mancanti:
            raise ValidationError(mancanti)
    registrata = User.objects.filter(codice_fiscale=codice_fiscale).first()
    if registrata is not None and not _stesso_nome(registrata, nome or "", cognome or ""):
        scritto = " ".join(p for p in ((nome or "").strip(), (cognome or "").strip()) if p)
        raise ValidationError({"codice_fiscale": (
            f"Il codice fiscale {codice_fiscale} è di {registrata.nome_completo}, non di "
            f"{scritto}: controlla il codice fiscale, oppure lascia vuoti nome e cognome.")})
    persona, creata = User.objects.get_or_create(
        codice_fiscale=codice_fiscale,
        defaults={"nome": nome, "cognome": cognome, "email": email},
    )
    if creata:
        persona.clean()
        persona.set_unusable_password()
        persona.save()
    dal = valido_dal or timezone.localdate()
    gia = Membership.objects.filter(user=persona).sovrapposte(
        ruolo=ruolo, istituto=istituto, dal=dal, al=valido_al).order_by("valido_dal").first()
    if gia is not None:
        raise ValidationError(_gia_nel_ruolo(persona, gia))
    if ruolo in UNO_ALLA_VOLTA:
        _uno_alla_volta(ruolo=ruolo, istituto=istituto, persona=persona, dal=dal, al=valido_al)
    nuova = Membership(
        user=persona, ruolo=ruolo, istituto=istituto,
        valido_dal=dal, valido_al=valido_al,
    )
    nuova.full_clean()
    nuova.save()
    registra_evento(
        autore=autore, azione="ruolo.assegnato", oggetto=nuova, istituto=istituto,
        descrizione=f"Assegnato il ruolo {nuova.get_ruolo_display()} a {persona}",
        dettagli={"codice_fiscale": persona.codice_fiscale, "ruolo": ruolo},
    )
    quando = "Da oggi puoi" if dal <= timezone.localdate() else f"{data_con('Dal', dal)} potrai"
    notifica(
        destinatario=persona, istituto=istituto,
        oggetto=f"Ti è stato assegnato il ruolo {nuova.ruolo_della_persona}",
        testo=f"{quando} operare nel portale come {nuova.della_persona}. Accedi con SPID o CIE.",
        url="/area-riservata/",
    )
    return nuova


# The roles an istituto has one of at a time, and how the refusal names the holder.
UNO_ALLA_VOLTA = {
    Ruolo.DS: ("ha già chi ne è dirigente", "Un istituto ha un solo dirigente alla volta"),
    Ruolo.DSGA: ("ha già un DSGA", "Un istituto ha un solo DSGA alla volta"),
}


def _uno_alla_volta(*, ruolo: str, istituto: Istituto, persona: User, dal, al) -> None:
    """An istituto has one DS and one DSGA at a time (a reggente is the DS of another school
    who leads this one while it has none). The istituto's row is locked first, so two
    assignments made at the same moment cannot both pass the check."""
    Istituto.objects.select_for_update().filter(pk=istituto.pk).first()
    altro = (Membership.objects.exclude(user=persona)
             .sovrapposte(ruolo=ruolo, istituto=istituto, dal=dal, al=al)
             .select_related("user").order_by("valido_dal").first())
    if altro is None:
        return
    ha_gia, regola = UNO_ALLA_VOLTA[ruolo]
    periodo = data_con("dal", altro.valido_dal) + (
        f" {data_con('al', altro.valido_al)}" if altro.valido_al else ", senza scadenza")
    raise ValidationError(
        f"{istituto.denominazione} {ha_gia} nel periodo indicato: {altro.user} ({periodo}). "
        f"{regola}: revoca prima il suo ruolo, oppure fai iniziare il nuovo dal giorno dopo la "
        "fine del suo."
    )


@transaction.atomic
def revoca_non_ammessa(membership, ruolo_da_revocare: Membership, oggi=None) -> str | None:
    """Why `membership` cannot revoke `ruolo_da_revocare` now, or None when it can: what
    `revoca_ruolo` checks, for the page not to offer a revocation it would refuse."""
    oggi = oggi or timezone.localdate()
    if ruolo_da_revocare.ruolo not in ruoli_assegnabili(membership):
        if ruolo_da_revocare.ruolo == Ruolo.DS:  # `ruoli_assegnabili`: the Amministrazione
            return (f"Il ruolo di {ruolo_da_revocare.ruolo_della_persona} lo revoca "
                    "l'Amministrazione centrale.")
        return "Il tuo ruolo non può revocare questo ruolo."
    if membership.ruolo == Ruolo.DS and ruolo_da_revocare.istituto_id != membership.istituto_id:
        return "Il ruolo appartiene a un altro istituto."
    if ruolo_da_revocare.revocato_il:
        return f"Il ruolo è già stato revocato {data_con('il', ruolo_da_revocare.revocato_il)}."
    if ruolo_da_revocare.valido_al and ruolo_da_revocare.valido_al < oggi:
        return f"Il ruolo è già concluso {data_con('il', ruolo_da_revocare.valido_al)}."
    return None


def revoca_ruolo(*, autore, membership, ruolo_da_revocare: Membership) -> Membership:
    oggi = timezone.localdate()
    if motivo := revoca_non_ammessa(membership, ruolo_da_revocare, oggi):
        raise PermissionDenied(motivo)
    # effective at once (the confirmation says «da oggi»): revoked today, no longer valid today
    ruolo_da_revocare.valido_al = max(oggi, ruolo_da_revocare.valido_dal)
    ruolo_da_revocare.revocato_il = oggi
    ruolo_da_revocare.save(update_fields=["valido_al", "revocato_il"])
    registra_evento(
        autore=autore, azione="ruolo.revocato", oggetto=ruolo_da_revocare,
        istituto=ruolo_da_revocare.istituto,
        descrizione=f"Revocato il ruolo {ruolo_da_revocare.get_ruolo_display()} "
                    f"a {ruolo_da_revocare.user}",
    )
    notifica(
        destinatario=ruolo_da_revocare.user, istituto=ruolo_da_revocare.istituto,
        oggetto=f"Ruolo {ruolo_da_revocare.ruolo_della_persona} revocato",
        testo=f"Il ruolo {ruolo_da_revocare.della_persona} è stato revocato {data_con('dal', oggi)}.",
    )
    return ruolo_da_revocare
