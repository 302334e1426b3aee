"""Issue 9's whole journey in a real browser, as its users meet it: a DS turns a need into an
open avviso, two candidates apply through SPID, the deadline passes, the commission evaluates,
the ranking is published and becomes definitive, the first candidate accepts and the DS issues
the act whose PDF is downloaded and read.

Only time is not waited for: `nel_portale` moves the stored deadlines into the past and runs
the task the scheduler would run at that second; the server then decides by its own clock.
"""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from portale.lingua import data_con
from portale.tests.browser import RADICE, apri_conferma, entra_come, guarda

pytestmark = pytest.mark.browser

OGGETTO = "Esperto di fotografia naturalistica"
DS = "Giuseppe Bianchi"
CATEGORIA_ALESSIA = "Personale di altre istituzioni scolastiche (collaborazioni plurime)"
CANDIDATI = {  # name → (category label, administration, degree mark)
    "Alessia Ferrari": (CATEGORIA_ALESSIA, "Liceo Parini di Milano", 110),
    "Marco Esposito": ("Soggetti privati", "", 98),
}


# the activities start after the selection, whenever the test runs
INIZIO = timezone.localdate() + timedelta(days=60)
FINE = INIZIO + timedelta(days=119)


def _locale(delta: timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def _pdf(percorso, pagine=1):
    """A real (blank) PDF document, as a candidate would upload."""
    scrittore = PdfWriter()
    for _ in range(pagine):
        scrittore.add_blank_page(width=595, height=842)
    with open(percorso, "wb") as file:
        scrittore.write(file)
    return str(percorso)


def _esci(pagina, portale):
    pagina.context.clear_cookies()
    pagina.goto(portale + "/")


def _procedura_aperta_dal_ds(pagina, portale) -> int:
    entra_come(pagina, portale, DS)
    pagina.get_by_role("button", name="Rilevazione del fabbisogno").click()  # the menu's dropdown
    pagina.get_by_role("link", name="Crea scheda progettuale").click()
    pagina.get_by_label("Titolo").fill(OGGETTO)
    pagina.get_by_label("Descrizione e obiettivi").fill("Laboratorio di fotografia all'aperto")
    pagina.get_by_label("Tipologia di incarico").select_option(label="Esperto")
    pagina.get_by_label("Fonte di finanziamento").select_option(
        label="Fondo dell'istituzione scolastica (FIS/MOF)")
    pagina.get_by_label("Destinatari").fill("Classi seconde del liceo")
    pagina.get_by_label("Inizio del periodo").fill(f"{INIZIO:%Y-%m-%d}")
    pagina.get_by_label("Fine del periodo").fill(f"{FINE:%Y-%m-%d}")
    pagina.get_by_label("Ore previste").fill("20")
    pagina.get_by_label("Tariffa oraria CCNL").select_option(
        label="Docenti – ore aggiuntive di insegnamento – 38,50 €/h")
    pagina.get_by_role("button", name="Successivo").click()
    pagina.get_by_role("button", name="Concludi scheda progettuale").click()
    pagina.get_by_role("button", name="Genera procedura di selezione").click()
    expect(pagina.get_by_text("Per concludere la procedura completa")).to_be_visible()
    numero = int(re.search(r"/(\d+)/$", pagina.url).group(1))

    pagina.get_by_role("link", name="1. Informazioni generali").click()
    pagina.get_by_label("Luogo di svolgimento").fill("Parco Nord, sede del liceo")
    pagina.get_by_label("Requisiti di ammissione").fill("Esperienza documentata di fotografia")
    for categoria in ("altre_scuole", "privati"):  # Bootstrap Italia styles the label
        pagina.locator(f"label[for=id_ammette_{categoria}]").click()
    expect(pagina.get_by_label("Soggetti privati")).to_be_checked()
    expect(pagina.get_by_label(CATEGORIA_ALESSIA)).to_be_checked()
    pagina.get_by_role("button", name="Salva").click()

    pagina.get_by_role("link", name="2. Funzionalità").click()
    pagina.locator("#id_allegato-nome").fill("Curriculum vitae")
    pagina.get_by_role("button", name="Aggiungi allegato").click()
    expect(pagina.get_by_text("Aggiunto al modulo di candidatura")).to_be_visible()

    pagina.get_by_role("link", name="3. Criteri di valutazione").click()
    pagina.get_by_label("Griglia del regolamento").select_option(
        label="Esperti interni/esterni (art. 17)")
    pagina.get_by_role("button", name="Carica griglia").click()
    expect(pagina.locator("#punteggio-massimo")).to_have_text("85")

    pagina.get_by_role("link", name="Riepilogo").click()
    pagina.get_by_role("button", name="Concludi Procedura di Selezione").click()
    pagina.get_by_role("button", name="Concludi la procedura").click()
    pagina.get_by_role("link", name="Pubblicazione").click()
    pagina.get_by_label("Data e ora di apertura").fill(_locale(timedelta(hours=1)))
    pagina.get_by_label("Data e ora di chiusura").fill(_locale(timedelta(days=15)))
    pagina.get_by_role("button", name="Conferma: Pubblicazione").click()
    pagina.get_by_role("link", name="Apri", exact=True).click()
    pagina.get_by_role("button", name="Conferma: Apri").click()
    expect(pagina.get_by_text("Candidature aperte da ora")).to_be_visible()
    _esci(pagina, portale)
    return numero


def _candidatura(pagina, portale, tmp_path, nome) -> str:
    """The candidate applies with her documents; returns the protocol («12/2026»)."""
    categoria, amministrazione, voto = CANDIDATI[nome]
    entra_come(pagina, portale, nome)
    pagina.get_by_role("link", name="Avvisi", exact=True).click()
    pagina.get_by_label("Parole").fill("fotografia naturalistica")
    pagina.get_by_role("button", name="Cerca").click()
    pagina.get_by_role("link", name=OGGETTO).click()
    pagina.get_by_role("link", name="Presenta candidatura").click()
    # 1. Dati e contatti
    pagina.get_by_label("PEC", exact=True).fill(nome.lower().replace(" ", ".") + "@pec.example.it")
    pagina.get_by_label("Telefono", exact=True).fill("0212345678")
    pagina.get_by_label("Indirizzo di residenza o domicilio").fill("Via Manzoni 1, Milano")
    pagina.get_by_role("button", name="Avanti").click()
    # 2. Categoria e requisiti
    pagina.get_by_label("Partecipo come").select_option(label=categoria)
    if amministrazione:
        pagina.get_by_label("Amministrazione o istituzione scolastica di appartenenza").fill(
            amministrazione)
    pagina.get_by_role("button", name="Avanti").click()
    # 3. Titoli valutabili: one card per criterion, its reading of the regulation in the title
    laurea = pagina.get_by_role("group", name=re.compile(
        "^Laurea vecchio ordinamento o specialistica"))
    expect(laurea).to_contain_text("da 106 a 110: 18 punti")
    laurea.get_by_label(re.compile("voto su 110", re.IGNORECASE)).fill(str(voto))
    laurea.get_by_label(re.compile("Descrizione")).fill(
        "Laurea magistrale in Scienze naturali, Università di Milano")
    laurea.get_by_label(re.compile("Documento")).set_input_files(
        _pdf(tmp_path / f"laurea-{voto}.pdf"))
    pagina.get_by_role("button", name="Avanti").click()
    # 4. Allegati
    pagina.get_by_label(re.compile(r"^Curriculum vitae\*?$")).set_input_files(
        _pdf(tmp_path / f"cv-{voto}.pdf", pagine=2))
    pagina.get_by_role("button", name="Avanti").click()
    # 5. Dichiarazioni
    for dichiarazione in ("requisiti di ammissione", "incompatibilità", "conflitto di interessi", "Codice di comportamento",
                          "dichiarazioni mendaci", "informativa sul trattamento"):
        pagina.locator("label", has_text=dichiarazione).click()  # the styled label, as users do
        expect(pagina.get_by_label(dichiarazione)).to_be_checked()
    pagina.get_by_role("button", name="Avanti").click()
    # 6. Riepilogo e invio
    expect(pagina.get_by_text("Totale dichiarato")).to_be_visible()
    pagina.get_by_role("button", name="Invia", exact=True).click()
    pagina.get_by_role("button", name="Invia la candidatura").click()
    expect(pagina.get_by_text("Candidatura ricevuta")).to_be_visible()
    segnatura = pagina.get_by_text("Prot. n.").inner_text()
    numero, anno = re.search(r"Prot\. n\. (\d+)/(\d{4})", segnatura).groups()
    _esci(pagina, portale)
    return f"{int(numero)}/{anno}"


def _scade_il_termine(nel_portale, numero):
    """As if the days to the deadline had passed: both dates move back by the same span, and
    the task scheduled at the deadline (procedure.tasks.chiudi_procedura) runs."""
    esito = nel_portale(f"""
from datetime import timedelta
from django.db.models import F
from django.utils import timezone
from procedure.models import ProceduraSelezione
from procedure.tasks import chiudi_procedura
procedura = ProceduraSelezione.objects.get(pk={numero})
trascorso = procedura.data_chiusura - timezone.now() + timedelta(seconds=1)
ProceduraSelezione.objects.filter(pk={numero}).update(
    data_apertura=F("data_apertura") - trascorso, data_chiusura=F("data_chiusura") - trascorso)
print("stato:", chiudi_procedura({numero}))
""")
    assert "stato: chiusa" in esito


def _scadono_i_reclami(nel_portale, numero):
    """As if the days for reclami had passed since the provisional ranking was published."""
    esito = nel_portale(f"""
from datetime import timedelta
from django.utils import timezone
from graduatorie.models import Graduatoria
versioni = Graduatoria.objects.filter(procedura_id={numero}, scadenza_reclami__isnull=False)
print("versioni:", versioni.update(scadenza_reclami=timezone.now() - timedelta(seconds=1)))
""")
    assert "versioni: 1" in esito


def _valuta(pagina, nome):
    pagina.get_by_role("link", name=f"Valuta l'istanza di {nome}").click()
    pagina.get_by_role("button", name="Ammetti").click()
    expect(pagina.get_by_text("Istanza ammessa.")).to_be_visible()
    pagina.get_by_role("link", name="Torna all'elenco delle istanze").click()


def test_dalla_scheda_alla_lettera_di_incarico(portale, pagina, nel_portale, tmp_path):
    numero = _procedura_aperta_dal_ds(pagina, portale)
    procedura = f"{portale}/procedure/{numero}/"
    protocolli = {nome: _candidatura(pagina, portale, tmp_path, nome) for nome in CANDIDATI}
    assert len(set(protocolli.values())) == 2

    _scade_il_termine(nel_portale, numero)

    # the DS starts the evaluation, names himself commissario and evaluates both applications
    entra_come(pagina, portale, DS)
    pagina.goto(procedura)
    pagina.get_by_role("link", name="Avvio valutazione istanze").click()
    pagina.get_by_role("button", name="Conferma: Avvio valutazione istanze").click()
    expect(pagina.get_by_text("Operazione eseguita: «Avvio valutazione istanze»")).to_be_visible()
    pagina.get_by_role("link", name="Commissione", exact=True).click()
    pagina.get_by_label("Persona dell'istituto da nominare").select_option(label=DS)
    pagina.get_by_role("button", name="Nomina commissario").click()
    expect(pagina.get_by_text(f"{DS} nominato commissario.")).to_be_visible()
    pagina.get_by_role("link", name="Valutazione", exact=True).click()
    expect(pagina.get_by_text("Valutate 0 di 2")).to_be_visible()
    for nome, protocollo in protocolli.items():  # the office sees each application's protocol
        expect(pagina.get_by_role("row").filter(has_text=nome.split()[1]).get_by_role(
            "cell", name=protocollo, exact=True)).to_be_visible()
    for nome in CANDIDATI:
        _valuta(pagina, nome)
    expect(pagina.get_by_text("Valutate 2 di 2")).to_be_visible()
    pagina.get_by_role("link", name="Concludi valutazione istanze").click()
    pagina.get_by_role("button", name="Conferma: Concludi valutazione istanze").click()
    expect(pagina.get_by_text("la graduatoria provvisoria è generata")).to_be_visible()
    pagina.get_by_role("link", name="Pubblica graduatoria provvisoria").click()
    pagina.get_by_role("button", name="Conferma: Pubblica graduatoria provvisoria").click()
    expect(pagina.get_by_text("Graduatoria provvisoria pubblicata")).to_be_visible()

    _scadono_i_reclami(nel_portale, numero)

    pagina.reload()
    pagina.get_by_role("link", name="Approva graduatoria definitiva").click()
    pagina.get_by_role("button", name="Conferma: Approva graduatoria definitiva").click()
    expect(pagina.get_by_text("Graduatoria definitiva approvata e pubblicata.")).to_be_visible()
    pagina.get_by_role("link", name="Interpello", exact=True).click()
    # what the server would refuse is said before «Inviare la proposta?», not after it
    pagina.get_by_label("Ore settimanali di impegno").fill("abc")
    pagina.get_by_label("Il candidato risponde entro").fill(_locale(timedelta(hours=2)))
    apri_conferma(pagina, pagina.get_by_role("button", name="Proponi incarico al prossimo candidato"))
    dialogo = pagina.get_by_role("dialog", name="Inviare la proposta di incarico?")
    expect(dialogo.get_by_role("alert")).to_have_text(
        "Prima di confermare compila il campo «Giorni e orari di impegno» e correggi i campi "
        "«Ore settimanali di impegno» e «Il candidato risponde entro»: chiudi questa finestra "
        "con «Annulla» e sistemali.")
    expect(dialogo.get_by_role("button", name="Invia la proposta")).to_be_disabled()
    dialogo.get_by_role("button", name="Annulla").click()
    expect(dialogo).to_be_hidden()
    pagina.get_by_label("Ore settimanali di impegno").fill("2,5")
    pagina.get_by_label("Giorni e orari di impegno").fill("mercoledì, 15:00–17:30")
    pagina.get_by_label("Il candidato risponde entro").fill(_locale(timedelta(days=3)))
    # Enter in a field does not send the proposal past the confirmation: one POST, the dialog's
    invii = []
    pagina.on("request", lambda r: invii.append(r.url) if r.method == "POST" else None)
    pagina.get_by_label("Giorni e orari di impegno").press("Enter")
    expect(pagina.get_by_text("La proposta va ad Alessia Ferrari")).to_be_visible()
    pagina.get_by_role("button", name="Proponi incarico al prossimo candidato").click()
    dialogo = pagina.get_by_role("dialog", name="Inviare la proposta di incarico?")
    expect(dialogo).to_contain_text("Alessia Ferrari riceve la proposta")
    dialogo.get_by_role("button", name="Invia la proposta").click()
    expect(pagina.get_by_text("Proposta inviata ad Alessia Ferrari.")).to_be_visible()
    assert len(invii) == 1 and invii[0].endswith("/interpello/"), invii
    expect(pagina.get_by_role("cell", name="2,5 ore settimanali (mercoledì, 15:00–17:30)")
           ).to_be_visible()
    _esci(pagina, portale)

    # the first-ranked candidate accepts
    entra_come(pagina, portale, "Alessia Ferrari")
    pagina.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="Le mie candidature").click()
    pagina.get_by_role("row").filter(has_text=OGGETTO).get_by_role(
        "link", name="Esito e reclami").click()
    expect(pagina.get_by_text("posizione 1")).to_be_visible()
    # the offer states the weekly commitment the DS wrote (seed 002), here and before confirming
    expect(pagina.get_by_text("2,5 ore settimanali (mercoledì, 15:00–17:30)")).to_be_visible()
    pagina.get_by_role("link", name="Accetta", exact=True).click()
    expect(pagina.get_by_text("2,5 ore settimanali (mercoledì, 15:00–17:30)")).to_be_visible()
    pagina.get_by_role("button", name="Confermo l'accettazione").click()
    # the message of the moment, and the proposal's card that stays with the day and time
    expect(pagina.get_by_role("alert").filter(has_text="Hai accettato la proposta")).to_be_visible()
    expect(pagina.get_by_text(re.compile(r"^Hai accettato la proposta il \d\d/\d\d/\d{4} alle "))
           ).to_be_visible()
    _esci(pagina, portale)

    # the DS completes the checklist, issues the act and downloads the lettera di incarico
    entra_come(pagina, portale, DS)
    menu = pagina.get_by_role("navigation", name="Navigazione principale")
    menu.get_by_role("button", name="Incarichi").click()
    menu.get_by_role("link", name="Gestione incarichi").click()
    pagina.get_by_label("Cerca per oggetto o incaricato").fill(OGGETTO)
    pagina.get_by_role("button", name="Cerca").click()
    pagina.get_by_role("link", name="Dettaglio dell'incarico ad Alessia Ferrari").click()
    expect(pagina.get_by_text("In preparazione").first).to_be_visible()
    incarico = pagina.url
    expect(pagina.get_by_text("Manca la data di acquisizione del certificato")).to_be_visible()
    pagina.get_by_label("Certificato del casellario acquisito il").fill(
        (timezone.localdate() - timedelta(days=1)).isoformat())
    pagina.get_by_label("Luogo di svolgimento").fill("Parco Nord, sede del liceo")
    pagina.get_by_label("Modalità e tempi di pagamento").fill(
        "In un'unica soluzione al termine, dopo la verifica del registro ore")
    pagina.get_by_role("button", name="Salva i requisiti").click()
    expect(pagina.get_by_text("Manca la data di acquisizione del certificato")).to_have_count(0)
    pagina.get_by_label("File (PDF o P7M firmato)").set_input_files(
        _pdf(tmp_path / "autorizzazione-liceo-parini.pdf"))
    pagina.get_by_role("button", name="Carica l'autorizzazione").click()
    expect(pagina.get_by_text("Manca l'autorizzazione")).to_have_count(0)
    pagina.get_by_role("button", name="Emetti l'atto").click()
    expect(pagina.get_by_text("L'operazione non si può annullare.")).to_be_visible()
    pagina.get_by_role("button", name="Conferma: Emetti l'atto").click()
    expect(pagina.get_by_text("Conferito").first).to_be_visible()
    atto = pagina.get_by_role("definition").filter(has_text="Lettera di incarico –").inner_text()
    segnatura = atto.split("–", 1)[1].strip()  # «MIPS01000A - Prot. n. 0000011/2026 del …»
    assert re.search(r"Prot\. n\. \d+/\d{4}", segnatura)

    with pagina.expect_download() as scaricamento:
        pagina.get_by_role("link", name=re.compile(r"^Atto emesso .* – lettera-incarico")).click()
    lettera = scaricamento.value.path().read_bytes()
    assert lettera.startswith(b"%PDF")
    testo = re.sub(r"\s+", " ", " ".join(
        foglio.extract_text() for foglio in PdfReader(io.BytesIO(lettera)).pages))
    for frase in [
        "Lettera di incarico", "Liceo Scientifico Galileo Galilei",  # the letterhead
        "conferisce ad Alessia Ferrari (C.F. FRRLSS92P45F839O)", "Liceo Parini di Milano",
        OGGETTO, "Luogo di svolgimento: Parco Nord, sede del liceo",
        segnatura,  # the act's protocol, as the page shows it
        "a) Durata dell'incarico", f"{data_con('Dal', INIZIO)} {data_con('al', FINE)}",
        "b) Oggetto dell'incarico",
        "c) Obblighi derivanti dall'espletamento dell'incarico", "registro ore",
        "d) Compenso", "Ore assegnate 20", "38,50 € l'ora",
        "Compenso lordo dipendente 770,00 €", "Compenso lordo Stato 1.021,79 €",
        "Per accettazione, l'incaricata: Alessia Ferrari",
    ]:
        assert frase in testo, frase
    assert "Foro" not in testo  # the contract's clauses are not in a lettera (art. 10.3)
    _esci(pagina, portale)

    # the incaricata returns the act signed from «Le mie candidature», without going to school
    entra_come(pagina, portale, "Alessia Ferrari")
    pagina.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="Le mie candidature").click()
    pagina.get_by_role("link", name="Firma e restituisci l'atto di incarico").click()
    expect(pagina.get_by_role("heading", name="Il mio incarico")).to_be_visible()
    pagina.get_by_label("File (PDF o P7M firmato)").set_input_files(
        _pdf(tmp_path / "lettera-incarico-firmata.pdf", pagine=2))
    apri_conferma(pagina, pagina.get_by_role("button", name="Restituisci l'atto firmato"))
    pagina.get_by_role("dialog", name="Restituire l'atto firmato?").get_by_role(
        "button", name="Restituisci l'atto").click()
    expect(pagina.get_by_text("Atto firmato restituito")).to_be_visible()
    expect(pagina.get_by_text("Copia firmata: «lettera-incarico-firmata.pdf»")).to_be_visible()
    _esci(pagina, portale)

    # the day the activities start, the DS starts them
    _iniziano_le_attivita(nel_portale, incarico)
    entra_come(pagina, portale, DS)
    pagina.goto(incarico)
    pagina.get_by_role("button", name="Avvia le attività").click()
    expect(pagina.get_by_text("Attività avviate.")).to_be_visible()
    _esci(pagina, portale)

    # the incaricata keeps her register of hours: a wrong line is refused, what she typed kept
    entra_come(pagina, portale, "Alessia Ferrari")
    pagina.get_by_role("navigation", name="Navigazione principale").get_by_role(
        "link", name="Le mie candidature").click()
    pagina.get_by_role("link", name="Il mio incarico: in corso").click()
    expect(pagina.get_by_text("Nessuna ora annotata su 20 assegnate")).to_be_visible()
    registro = pagina.locator("form").filter(has=pagina.get_by_role("button", name="Annota le ore"))
    registro.get_by_label("Data").fill(timezone.localdate().isoformat())
    registro.get_by_label("Ore").fill("0")
    registro.get_by_label("Attività svolta").fill("Uscita al parco: luce e inquadratura")
    pagina.get_by_role("button", name="Annota le ore").click()
    expect(pagina.get_by_text("Le ore non sono state annotate")).to_be_visible()
    expect(registro.get_by_label("Attività svolta")).to_have_value(
        "Uscita al parco: luce e inquadratura")
    registro.get_by_label("Ore").fill("2,5")
    pagina.get_by_role("button", name="Annota le ore").click()
    expect(pagina.get_by_role("alert").filter(has_text="Ore annotate:")).to_be_visible()
    expect(pagina.get_by_text("2,5 ore annotate su 20 assegnate")).to_be_visible()
    riga = pagina.get_by_role("row").filter(has_text="Uscita al parco")
    expect(riga).to_contain_text("da verificare")
    guarda(pagina, "registro-ore-incaricata", RADICE / "test-results" / "passi")
    _esci(pagina, portale)

    # the DS sees whose line it is and verifies it
    entra_come(pagina, portale, DS)
    pagina.goto(incarico)
    riga = pagina.get_by_role("row").filter(has_text="Uscita al parco")
    expect(riga).to_contain_text("(annotata dall'incaricata)")
    pagina.get_by_role("button", name="Verifica il registro ore").click()
    expect(pagina.get_by_text("Si verifica 1 riga del registro, 2,5 ore in tutto")).to_be_visible()
    pagina.get_by_role("button", name="Conferma: Verifica il registro ore").click()
    expect(pagina.get_by_text("Registro ore verificato.")).to_be_visible()
    expect(riga).to_contain_text(f"verificata da {DS}")


def _iniziano_le_attivita(nel_portale, url):
    """As if the days to the start of the activities had passed: the period moves back."""
    numero = int(url.rstrip("/").rsplit("/", 1)[1])
    esito = nel_portale(f"""
from datetime import timedelta
from django.utils import timezone
from incarichi.models import Incarico
print("incarichi:", Incarico.objects.filter(pk={numero}).update(
    data_inizio=timezone.localdate() - timedelta(days=7)))
""")
    assert "incarichi: 1" in esito
