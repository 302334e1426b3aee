"""Submitting an application: protocol, timestamp, SHA-256, the deadline at the second."""

import hashlib
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone
from freezegun import freeze_time

from candidature import ricevuta, services
from candidature.models import Candidatura, StatoCandidatura
from portale.lingua import GIORNO_E_ORA, data_con
from portale.models import Protocollo
from procedure import services as procedure_services
from procedure.models import ProceduraSelezione

pytestmark = pytest.mark.django_db


def test_invio_protocollo_timestamp_sha256_e_ricevuta(bozza_completa, candidato, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    assert inviata.stato == StatoCandidatura.INVIATA
    assert inviata.protocollo.numero == 1 and inviata.protocollo.istituto == inviata.procedura.istituto
    assert inviata.sha256 == hashlib.sha256(services.contenuto_canonico(inviata)).hexdigest()
    assert inviata.punteggio_dichiarato == 18  # laurea 108 → 18 points
    notifica = candidato.notifiche.get(oggetto__startswith="Candidatura inviata")
    assert inviata.sha256 in notifica.testo
    # the number as the title and the ricevuta write it, not «1/2026» beside «0000001/2026»
    anno = inviata.protocollo.anno
    assert f"con il protocollo n. 0000001/{anno}, come nella ricevuta" in notifica.testo
    assert notifica.oggetto == (f"Candidatura inviata – Prot. n. 0000001/{anno} – "
                                f"{inviata.procedura.oggetto}")
    percorso = ricevuta.assicura(inviata.pk)
    from django.core.files.storage import default_storage
    from pypdf import PdfReader
    testo = "".join(p.extract_text() for p in PdfReader(default_storage.open(percorso)).pages)
    assert inviata.sha256[:40] in testo.replace("\n", "") and "Prot. n. 0000001" in testo


def test_ricevuta_lunga_il_totale_chiude_la_tabella_una_volta(bozza_completa, candidato):
    """Titles described at length fill more than a page: the «Totale dichiarato» comes once,
    after the last title, not repeated at the foot of every page under half a table."""
    import io

    from pypdf import PdfReader

    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    criteri = list(inviata.procedura.criteri.all())
    lunga = "Corso annuale con esame finale, ente accreditato, sessanta crediti formativi. " * 8
    Candidatura.objects.filter(pk=inviata.pk).update(dichiarazioni={
        **inviata.dichiarazioni, **{f"{c.pk}_descrizione": f"{c.descrizione}: {lunga}" for c in criteri}})
    inviata.refresh_from_db()
    pagine = PdfReader(io.BytesIO(ricevuta.genera(inviata))).pages
    assert len(pagine) >= 3  # the table crosses at least one page break
    testo = "".join("".join(p.extract_text() for p in pagine).split())
    ultimo = "".join(criteri[-1].descrizione.split())
    assert testo.count("Totaledichiarato") == 1
    assert testo.rindex(ultimo) < testo.index("Totaledichiarato") < testo.index("Documentiallegati")
    # the closing note never alone on the last page: it stays with the declarations
    assert "Dichiarazionisostitutive" in "".join(pagine[-1].extract_text().split())


def test_il_contatore_del_protocollo_e_tenuto_solo_per_scrivere(bozza_completa, candidato):
    """Issue 19: the counter's row is the one serial step of «Invia» (every candidate of the
    istituto waits for it): from the UPDATE that takes the number to the commit, only the
    writes of the send — no read, which would lengthen the wait of the others."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as query:
        services.invia(candidato=candidato, candidatura=bozza_completa)
    istruzioni = [q["sql"] for q in query.captured_queries]
    primo = next(i for i, sql in enumerate(istruzioni)
                 if sql.startswith('UPDATE "portale_contatoreprotocollo"'))
    dopo = [sql.split(" ", 1)[0] for sql in istruzioni[primo:]]
    assert "SELECT" not in dopo, istruzioni[primo:]
    assert dopo.count("INSERT") >= 3  # the Protocollo row, the event, the notice


def test_una_candidatura_inviata_non_cambia_piu(bozza_completa, candidato):
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    with pytest.raises(ValidationError):
        services.salva_bozza(candidato=candidato, candidatura=inviata, dati={"categoria": "interno"})
    with pytest.raises(ValidationError) as errore:
        services.invia(candidato=candidato, candidatura=inviata)
    assert errore.value.code == "gia_inviata"
    assert Protocollo.objects.count() == 1


def test_incompleta_elenca_cosa_manca(procedura_aperta, candidato):
    bozza = services.apri_bozza(candidato=candidato, procedura=procedura_aperta)
    with pytest.raises(ValidationError) as errore:
        services.invia(candidato=candidato, candidatura=bozza)
    messaggi = " ".join(errore.value.messages)
    assert "Scegli la categoria" in messaggi and "Allega «Curriculum vitae»" in messaggi
    assert "Rispondi a «Disponibilità il sabato»" in messaggi and "DPR 445/2000" in messaggi
    assert Protocollo.objects.count() == 0


def test_i_requisiti_di_ammissione_si_dichiarano(bozza_completa, candidato):
    """The avviso states the requisiti di ammissione; nothing in the form had the candidate
    declare them (the commission could exclude for a requirement never declared). «Invia»
    without it names it; an application sent before the declaration existed is shown with the
    declarations of its day, not with one «Non resa» it was never asked."""
    from candidature import dichiarato, istanze

    testo = "Dichiaro di possedere i requisiti di ammissione previsti dall'avviso."
    Candidatura.objects.filter(pk=bozza_completa.pk).update(autocertificazioni={
        **bozza_completa.autocertificazioni, "dichiara_requisiti": False})
    bozza_completa.refresh_from_db()
    with pytest.raises(ValidationError) as errore:
        services.invia(candidato=candidato, candidatura=bozza_completa)
    assert f"Manca la dichiarazione: «{testo}»" in errore.value.messages
    assert (testo, "Non resa") in [(v.testo, v.risposta)
                                   for v in dichiarato.autocertificazioni(bozza_completa)]

    Candidatura.objects.filter(pk=bozza_completa.pk).update(autocertificazioni={
        **bozza_completa.autocertificazioni, "dichiara_requisiti": True})
    bozza_completa.refresh_from_db()
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    assert inviata.autocertificazioni["dichiara_requisiti"] is True
    del inviata.autocertificazioni["dichiara_requisiti"]  # as sent before it was asked
    assert testo not in [v.testo for v in dichiarato.autocertificazioni(inviata)]
    assert testo not in [r.etichetta for r in istanze.righe_autocertificazioni(inviata)]
    assert len(dichiarato.autocertificazioni(inviata)) == 5


@pytest.mark.parametrize("scarto, accettata", [(-1, True), (0, False), (1, False)])
def test_chiusura_al_secondo_senza_worker(bozza_completa, candidato, scarto, accettata):
    chiusura = bozza_completa.procedura.data_chiusura
    with freeze_time(chiusura + timedelta(seconds=scarto)):
        if accettata:
            assert services.invia(candidato=candidato, candidatura=bozza_completa).protocollo
        else:
            with pytest.raises(services.TerminiChiusi) as errore:
                services.invia(candidato=candidato, candidatura=bozza_completa)
            assert "sono chiusi" in str(errore.value.messages[0])
    bozza_completa.refresh_from_db()
    assert (bozza_completa.stato == StatoCandidatura.INVIATA) is accettata
    assert ProceduraSelezione.objects.get(pk=bozza_completa.procedura_id).stato == "aperta"


def test_sospesa_blocca_invia(bozza_completa, candidato, ds):
    procedure_services.sospendi(autore=ds, membership=ds.memberships.get(),
                                procedura=bozza_completa.procedura)
    with pytest.raises(services.TerminiChiusi) as errore:
        services.invia(candidato=candidato, candidatura=bozza_completa)
    assert "sospesa" in errore.value.messages[0]


def test_ritiro_e_nuova_candidatura(bozza_completa, candidato, procedura_aperta):
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    ritirata = services.ritira(candidato=candidato, candidatura=inviata)
    assert ritirata.stato == StatoCandidatura.RITIRATA and ritirata.protocollo  # kept, immutable
    nuova = services.apri_bozza(candidato=candidato, procedura=procedura_aperta)
    assert nuova.pk != inviata.pk and nuova.stato == StatoCandidatura.BOZZA
    assert nuova.email == "alessia.ferrari@example.it"  # contacts kept in the profile


def test_la_notifica_del_ritiro_dice_quale_candidatura_quando_e_fino_a_quando(
        bozza_completa, candidato):
    """The e-mail of a withdrawal said only «Hai ritirato la candidatura»: which avviso (in the
    subject only), which protocol, when, and until when a new one may be sent were missing."""
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    with freeze_time(inviata.inviata_il + timedelta(minutes=5)):
        services.ritira(candidato=candidato, candidatura=inviata)
    avviso = candidato.notifiche.get(oggetto__startswith="Candidatura ritirata")
    procedura, protocollo = inviata.procedura, inviata.protocollo
    quando = timezone.localtime(inviata.inviata_il + timedelta(minutes=5))
    chiusura = timezone.localtime(procedura.data_chiusura)
    assert avviso.testo == (
        f"Hai ritirato la candidatura per «{procedura.oggetto}» (protocollo n. "
        f"{protocollo.numero:07d}/{protocollo.anno}) {data_con('il', quando, GIORNO_E_ORA)}: non "
        f"sarà valutata. Fino alla chiusura dei termini, {data_con('il', chiusura, GIORNO_E_ORA)}, "
        "puoi "
        "presentarne una nuova.")


def test_ritiro_dopo_la_scadenza_rifiutato(bozza_completa, candidato):
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    with freeze_time(inviata.procedura.data_chiusura + timedelta(seconds=1)), \
            pytest.raises(services.TerminiChiusi):
        services.ritira(candidato=candidato, candidatura=inviata)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_venti_invii_paralleli_un_solo_protocollo(bozza_completa, candidato):
    if connection.vendor != "postgresql":
        pytest.skip("serve PostgreSQL per i lock di riga reali")
    partenza = threading.Barrier(20)
    esiti, errori = [], []

    def clic():
        try:
            partenza.wait()
            esiti.append(services.invia(candidato=candidato, candidatura=bozza_completa).protocollo_id)
        except ValidationError as errore:
            errori.append(errore.code)
        finally:
            connections.close_all()

    fili = [threading.Thread(target=clic) for _ in range(20)]
    for filo in fili:
        filo.start()
    for filo in fili:
        filo.join()
    assert len(esiti) == 1 and errori == ["gia_inviata"] * 19
    assert Protocollo.objects.count() == 1
    assert Candidatura.objects.get().protocollo.numero == 1


def test_promemoria_24_ore_prima_una_volta_sola(bozza_completa, candidato, procedura_aperta):
    chiusura = procedura_aperta.data_chiusura
    assert services.invia_promemoria(adesso=chiusura - timedelta(hours=30)) == 0
    assert services.invia_promemoria(adesso=chiusura - timedelta(hours=23)) == 1
    assert services.invia_promemoria(adesso=chiusura - timedelta(hours=22)) == 0
    assert candidato.notifiche.filter(oggetto__startswith="Promemoria").count() == 1


def test_protocolli_distinti_per_candidati_diversi(procedura_aperta, bozza_completa, candidato,
                                                  crea_persona):
    services.invia(candidato=candidato, candidatura=bozza_completa)
    altro = crea_persona("ESPMRC88R03L736K", nome="Marco")
    bozza = services.apri_bozza(candidato=altro, procedura=procedura_aperta)
    Candidatura.objects.filter(pk=bozza.pk).update(
        categoria="privato", email="m@example.it", risposte=bozza_completa.risposte,
        autocertificazioni=bozza_completa.autocertificazioni)
    for allegato in bozza_completa.allegati.all():
        allegato.pk, allegato.candidatura = None, bozza
        allegato.save()
    bozza.refresh_from_db()
    seconda = services.invia(candidato=altro, candidatura=bozza)
    assert seconda.protocollo.numero == 2
    assert timezone.now() >= seconda.inviata_il


def test_dati_demo_candidature(django_capture_on_commit_callbacks):
    """The demo sends real applications and leaves one closed procedure ready to evaluate."""
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=False):
        call_command("carica_demo")
    chiusa = ProceduraSelezione.objects.get(oggetto="Progettista della rete LAN")
    assert chiusa.stato == "chiusa"
    assert chiusa.candidature.filter(stato=StatoCandidatura.INVIATA).count() == 4
    # Sara Mancini's application awaits the integration asked in the demo
    istruttoria = chiusa.candidature.get(stato=StatoCandidatura.IN_ISTRUTTORIA)
    assert istruttoria.candidato.cognome == "Mancini"
    assert istruttoria.richieste_integrazione.get().stato == "aperta"
    assert chiusa.candidature.filter(stato=StatoCandidatura.BOZZA).count() == 1
    numeri = sorted(Protocollo.objects.filter(istituto=chiusa.istituto).values_list("numero", flat=True))
    assert numeri == list(range(1, len(numeri) + 1))  # gapless
    assert all(c.allegati.count() == 2 for c in chiusa.candidature.all())


def test_l_esito_della_valutazione_passa_dal_servizio_di_candidature(bozza_completa, candidato):
    """`graduatorie` asks `candidature` to record ammessa/esclusa; a bozza cannot be valued."""
    with pytest.raises(ValidationError):
        services.registra_esito_valutazione(candidatura=bozza_completa, ammessa=True)
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    services.registra_esito_valutazione(candidatura=inviata, ammessa=False)
    assert Candidatura.objects.get(pk=inviata.pk).stato == StatoCandidatura.ESCLUSA
    services.registra_esito_valutazione(candidatura=inviata, ammessa=True)
    assert Candidatura.objects.get(pk=inviata.pk).stato == StatoCandidatura.AMMESSA


def test_la_dirigente_non_si_candida_alle_procedure_che_guida(client, procedura_aperta, ds,
                                                              bozza_completa, candidato,
                                                              con_ruolo, istituto, ds_altro):
    """A new DS applied to her own avviso and was given a protocol number without a word,
    then named the commission, concluded the evaluation and published the ranking. She runs
    the procedure and signs its ranking: conflict of interest (art. 6-bis, legge 241/1990)."""
    with pytest.raises(ValidationError) as errore:
        services.apri_bozza(candidato=ds, procedura=procedura_aperta)
    assert errore.value.messages == [
        "Sei la Dirigente Scolastica dell'istituto che ha emesso l'avviso: guidi la procedura e "
        "firmi la graduatoria, quindi non puoi candidarti (conflitto di interessi, art. 6-bis "
        "della legge 241/1990)."]
    client.force_login(ds)
    risposta = client.get(f"/avvisi/{procedura_aperta.pk}/candidatura/", follow=True)
    assert risposta.redirect_chain[-1][0] == f"/avvisi/{procedura_aperta.pk}/"
    assert "non puoi candidarti" in risposta.content.decode()
    assert not Candidatura.objects.filter(candidato=ds).exists()
    # a draft written before the role: not sent, no number taken
    con_ruolo(candidato.codice_fiscale, "ds", istituto)
    with pytest.raises(ValidationError, match="non puoi candidarti"):
        services.invia(candidato=candidato, candidatura=bozza_completa)
    assert not Protocollo.objects.exists()
    # the DS of another istituto applies as anyone does
    assert services.apri_bozza(candidato=ds_altro, procedura=procedura_aperta).stato == "bozza"
