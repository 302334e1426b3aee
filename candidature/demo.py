"""Demo applications: drafts and sent ones with attachments, through the real services.

Two demo procedures receive applications while open and are then closed (their deadline
moved into the past, as if the time had passed): «Progettista della rete LAN» stays chiusa,
ready for «Avvio valutazione istanze», with a request for integration open to Sara Mancini;
«Tutor dei percorsi PCTO» goes on to in valutazione.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from portale import documenti
from portale.demo import alle, dirigente
from procedure import services as procedure_services
from procedure.demo import retrodata
from procedure.models import ProceduraSelezione, Stato

from . import services
from .models import Candidatura

CANDIDATI = [
    ("FRRLSS92P45F839O", "Alessia", "Ferrari", "altra_scuola", "Liceo Parini di Milano"),
    ("ESPMRC88R03L736K", "Marco", "Esposito", "privato", ""),
    ("GRCLNZ79A12H501Q", "Lorenzo", "Greco", "interno", ""),
    ("MNCSRA85B45F205W", "Sara", "Mancini", "altra_pa", "Comune di Milano"),
    ("RCCGNN90C10L219Q", "Giovanni", "Ricci", "privato", ""),
    ("LNGFRN77D52H501P", "Francesca", "Longo", "interno", ""),
    ("BRNMTT83E21F839H", "Matteo", "Bruno", "altra_scuola", "IC Mazzini di Napoli"),
    ("CSTLRA95H60A944K", "Laura", "Costa", "privato", ""),
]

# (procedura, candidati che inviano, candidati con una bozza, stato finale)
DOMANDE = [
    ("Esperto di robotica educativa", CANDIDATI[:1], CANDIDATI[1:2], None),
    ("Progettista della rete LAN", CANDIDATI[2:7], CANDIDATI[7:8], Stato.CHIUSA),
    ("Tutor dei percorsi PCTO", CANDIDATI[:4], [], Stato.IN_VALUTAZIONE),
]
VOTI = [110, 108, 105, 100, 96, 110, 102, 99]


def pdf_minimo(testo: str) -> bytes:
    """A small valid PDF (one page of text) built by hand, for the demo attachments."""
    flusso = f"BT /F1 14 Tf 72 720 Td ({testo}) Tj ET".encode("latin-1", "replace")
    oggetti = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(flusso) + flusso + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    corpo, posizioni = b"%PDF-1.4\n", []
    for numero, oggetto in enumerate(oggetti, 1):
        posizioni.append(len(corpo))
        corpo += b"%d 0 obj\n" % numero + oggetto + b"\nendobj\n"
    xref = len(corpo)
    corpo += b"xref\n0 %d\n0000000000 65535 f \n" % (len(oggetti) + 1)
    corpo += b"".join(b"%010d 00000 n \n" % p for p in posizioni)
    corpo += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(oggetti) + 1, xref)
    return corpo


def _persona(codice_fiscale, nome, cognome) -> User:
    persona, _ = User.objects.get_or_create(
        codice_fiscale=codice_fiscale,
        defaults={"nome": nome, "cognome": cognome,
                  "email": f"{nome.lower()}.{cognome.lower()}@example.it"})
    return persona


def _compila(procedura, candidato, categoria, amministrazione, voto) -> Candidatura:
    candidatura = services.apri_bozza(candidato=candidato, procedura=procedura)
    dati = {"categoria": categoria, "amministrazione_appartenenza": amministrazione,
            "email": candidato.email, "telefono": "0612345678",
            "dichiara_requisiti": True,
            "dichiara_incompatibilita": True, "dichiara_conflitto_interessi": True,
            "dichiara_codice_comportamento": True, "dichiara_dpr_445": True,
            "presa_visione_privacy": True}
    for campo in procedura.campi.all():
        dati[f"campo_{campo.pk}"] = (campo.opzioni or ["si"])[0]
    for numero, criterio in enumerate(procedura.criteri.all()):
        chiave = f"criterio_{criterio.pk}"
        if criterio.tipo == "voto_laurea" and numero == 0:
            dati[chiave], dati[f"{chiave}_lode"] = voto, voto == 110 and candidato.pk % 2 == 0
            dati[f"{chiave}_descrizione"] = "Laurea magistrale, Università di Roma"
        elif criterio.tipo == "per_unita":
            dati[chiave] = (candidato.pk + numero) % 4
        elif criterio.tipo == "fisso":
            dati[chiave] = bool((candidato.pk + numero) % 2)
    file = {}
    for allegato in procedura.allegati_richiesti.all():
        contenuto = ContentFile(pdf_minimo(f"{allegato.nome} - {candidato}"),
                                name=f"{allegato.nome[:30]}.pdf")
        file[f"allegato_{allegato.pk}"] = documenti.verifica_file(
            contenuto, tipi=services.tipi_ammessi(allegato))
    return services.salva_bozza(candidato=candidato, candidatura=candidatura, dati=dati, file=file)


@transaction.atomic
def carica() -> dict:
    inviate = bozze = 0
    for oggetto, chi_invia, chi_bozza, stato_finale in DOMANDE:
        procedura = ProceduraSelezione.objects.filter(oggetto=oggetto).first()
        if procedura is None or procedura.candidature.exists() or procedura.stato != Stato.APERTA:
            continue
        # a procedure that ends closed ran its terms in the past: sent within them
        apertura = finestra_passata(procedura) if stato_finale else None
        for indice, (cf, nome, cognome, categoria, amministrazione) in enumerate(chi_invia):
            candidato = _persona(cf, nome, cognome)
            with alle(giorno_della_finestra(apertura, indice)):
                candidatura = _compila(procedura, candidato, categoria, amministrazione,
                                       VOTI[indice])
                services.invia(candidato=candidato, candidatura=candidatura)
            inviate += 1
        for cf, nome, cognome, categoria, amministrazione in chi_bozza:
            with alle(giorno_della_finestra(apertura, len(chi_invia))):
                _compila(procedura, _persona(cf, nome, cognome), categoria, amministrazione, 100)
            bozze += 1
        if stato_finale:
            chiudi(procedura, stato_finale)
        if oggetto == ISTRUTTORIA_DEMO[0]:
            _chiedi_integrazione(procedura)
    return {"candidature inviate": inviate, "bozze": bozze}


# An open «istruttoria» on the closed procedure: the employing administration's authorisation
# (art. 3.7) asked to the public employee, answerable from «Le mie candidature».
ISTRUTTORIA_DEMO = ("Progettista della rete LAN", "MNCSRA85B45F205W",
                    "Per completare l'istruttoria trasmetta l'autorizzazione del Comune di Milano "
                    "allo svolgimento dell'incarico (art. 3, comma 7, del regolamento).")


def _chiedi_integrazione(procedura: ProceduraSelezione) -> None:
    _, codice_fiscale, messaggio = ISTRUTTORIA_DEMO
    procedura.refresh_from_db()
    candidatura = procedura.candidature.filter(candidato__codice_fiscale=codice_fiscale,
                                               protocollo__isnull=False).first()
    if candidatura is None or procedura.stato != Stato.CHIUSA:
        return
    membership = dirigente(procedura.istituto.codice_meccanografico)
    services.richiedi_integrazione(autore=membership.user, membership=membership,
                                   candidatura=candidatura, messaggio=messaggio,
                                   scadenza=timezone.now() + timedelta(days=7))


def finestra_passata(procedura: ProceduraSelezione, chiusa_da: timedelta = timedelta(0)):
    """The terms as if they had run for 20 days up to `chiusa_da` ago (by default now); the
    opening, for the applications sent within them (`giorno_della_finestra`)."""
    chiusura = timezone.now() - chiusa_da
    apertura = chiusura - timedelta(days=20)
    retrodata(procedura, apertura=apertura, chiusura=chiusura)
    return apertura


def giorno_della_finestra(apertura, indice: int):
    """When the `indice`-th demo application of terms opened at `apertura` was sent (None:
    the terms are open, now)."""
    return apertura and apertura + timedelta(days=indice + 1, hours=2, minutes=7 * indice)


def chiudi(procedura: ProceduraSelezione, stato_finale: str) -> None:
    """The clock, not a person, closed the procedure whose terms ran in the past; the
    evaluation started when `stato_finale` says so."""
    procedure_services.allinea(procedura.pk)
    if stato_finale == Stato.IN_VALUTAZIONE:
        membership = dirigente(procedura.istituto.codice_meccanografico)
        procedure_services.avvia_valutazione(autore=membership.user, membership=membership,
                                             procedura=procedura)
