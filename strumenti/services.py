"""Actions on strumenti: upload, new version, edit, withdraw, restore, count a download."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Membership
from portale import documenti
from portale.services.eventi import registra_evento

from . import selectors
from .models import Strumento, VersioneStrumento

TIPI_AMMESSI = ("pdf", "docx", "xlsx", "odt", "ods", "p7m")
CAMPI_MODIFICABILI = ("titolo", "descrizione", "categoria", "visibilita")


def _cartella(strumento: Strumento) -> str:
    return f"strumenti/{strumento.istituto.codice_meccanografico if strumento.istituto_id else 'nazionali'}"


def _nuova_versione(*, autore, strumento: Strumento, file, nota: str) -> VersioneStrumento:
    verificato = documenti.verifica_file(file, tipi=TIPI_AMMESSI)
    ultima = strumento.versioni.order_by("-numero").values_list("numero", flat=True).first() or 0
    percorso = documenti.archivia(verificato, cartella=_cartella(strumento))
    try:
        versione = VersioneStrumento(
            strumento=strumento, numero=ultima + 1, file=percorso, nome_file=verificato.nome,
            tipo_mime=verificato.mime, dimensione=verificato.dimensione,
            sha256=verificato.sha256, nota=nota.strip(), caricata_da=autore,
        )
        versione.full_clean()
        versione.save()
        strumento.versione_corrente = versione
        strumento.save(update_fields=["versione_corrente", "aggiornato_il"])
    except Exception:
        documenti.elimina_archiviato(percorso)
        raise
    return versione


@transaction.atomic
def carica_strumento(*, autore, membership: Membership | None, titolo: str, descrizione: str,
                     categoria: str, visibilita: str, file, nota: str = "") -> Strumento:
    """«Carica strumenti»: national for Amministrazione centrale, else of the own istituto."""
    if not selectors.puo_caricare(membership):
        raise PermissionDenied("Solo l'Amministrazione centrale e le segreterie caricano strumenti.")
    strumento = Strumento(
        titolo=titolo.strip(), descrizione=descrizione.strip(), categoria=categoria,
        visibilita=visibilita, creato_da=autore,
        istituto=None if membership.nazionale else membership.istituto,
    )
    strumento.full_clean()
    strumento.save()
    versione = _nuova_versione(autore=autore, strumento=strumento, file=file, nota=nota)
    registra_evento(
        autore=autore, azione="strumento.caricato", oggetto=strumento,
        descrizione=f"Caricato lo strumento «{strumento.titolo}» – "
                    f"visibilità: {strumento.visibilita_in_parole}",
        dettagli={"file": versione.nome_file, "sha256": versione.sha256,
                  "visibilita": strumento.visibilita},
    )
    return strumento


@transaction.atomic
def carica_versione(*, autore, membership: Membership | None, strumento: Strumento, file,
                    nota: str = "") -> VersioneStrumento:
    """A new file replaces the current one; the previous versions stay in the history."""
    strumento = selectors.access_strumento_gestibile(membership, strumento.pk, per_aggiornare=True)
    file = documenti.verifica_file(file, tipi=TIPI_AMMESSI)  # returned as is once verified
    corrente = strumento.versione_corrente
    if corrente is not None and file.sha256 == corrente.sha256:
        raise ValidationError({"file": (
            f"Il file è identico alla versione {corrente.numero} in vigore "
            f"(«{corrente.nome_file}»): scegli il file aggiornato.")})
    versione = _nuova_versione(autore=autore, strumento=strumento, file=file, nota=nota)
    registra_evento(
        autore=autore, azione="strumento.nuova_versione", oggetto=strumento,
        descrizione=f"Caricata la versione {versione.numero} di «{strumento.titolo}»",
        dettagli={"file": versione.nome_file, "sha256": versione.sha256, "nota": versione.nota},
    )
    return versione


@transaction.atomic
def modifica_strumento(*, autore, membership: Membership | None, strumento: Strumento,
                       **dati) -> Strumento:
    strumento = selectors.access_strumento_gestibile(membership, strumento.pk, per_aggiornare=True)
    cambiati = {}
    for campo in CAMPI_MODIFICABILI:
        if campo in dati:
            valore = dati[campo].strip() if isinstance(dati[campo], str) else dati[campo]
            if getattr(strumento, campo) != valore:
                cambiati[campo] = {"prima": getattr(strumento, campo), "dopo": valore}
                setattr(strumento, campo, valore)
    if not cambiati:
        return strumento
    strumento.full_clean()
    strumento.save()
    registra_evento(autore=autore, azione="strumento.modificato", oggetto=strumento,
                    descrizione=f"Modificati i dati dello strumento «{strumento.titolo}»",
                    dettagli=cambiati)
    return strumento


@transaction.atomic
def ritira_strumento(*, autore, membership: Membership | None, strumento: Strumento) -> Strumento:
    """Withdraw: it disappears from every list and download; files and history are kept."""
    strumento = selectors.access_strumento_gestibile(membership, strumento.pk, per_aggiornare=True)
    strumento.ritirato_il = timezone.now()
    strumento.ritirato_da = autore
    strumento.save(update_fields=["ritirato_il", "ritirato_da", "aggiornato_il"])
    registra_evento(autore=autore, azione="strumento.ritirato", oggetto=strumento,
                    descrizione=f"Ritirato lo strumento «{strumento.titolo}»")
    return strumento


@transaction.atomic
def ripristina_strumento(*, autore, membership: Membership | None, strumento: Strumento
                         ) -> Strumento:
    """Undo a withdrawal: visible and downloadable again as before, with the same versions."""
    strumento = selectors.access_strumento_gestibile(membership, strumento.pk,
                                                     per_aggiornare=True, ritirato=True)
    ritirato_il = strumento.ritirato_il
    strumento.ritirato_il = None
    strumento.ritirato_da = None
    strumento.save(update_fields=["ritirato_il", "ritirato_da", "aggiornato_il"])
    registra_evento(autore=autore, azione="strumento.ripristinato", oggetto=strumento,
                    descrizione=f"Ripristinato lo strumento «{strumento.titolo}»",
                    dettagli={"ritirato_il": ritirato_il.isoformat()})
    return strumento


def registra_download(*, versione: VersioneStrumento) -> None:
    """Count one download on the version and on the strumento (atomic increments, no lock)."""
    with transaction.atomic():
        VersioneStrumento.objects.filter(pk=versione.pk).update(download=F("download") + 1)
        Strumento.objects.filter(pk=versione.strumento_id).update(download=F("download") + 1)
