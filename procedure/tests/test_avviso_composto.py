"""The avviso PDF is composed after the action, from the HTML frozen at the action (#16)."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from portale.models import Evento
from procedure import avviso, services, tasks
from procedure.models import VersioneAvviso

pytestmark = pytest.mark.django_db


def _testo(pdf: bytes) -> str:
    return " ".join(pagina.extract_text() for pagina in PdfReader(BytesIO(pdf)).pages)


def _pubblica(procedura, ds, ds_membership, **date):
    adesso = timezone.now()
    return services.pubblica(autore=ds, membership=ds_membership, procedura=procedura,
                             data_apertura=date.get("apertura", adesso + timedelta(days=1)),
                             data_chiusura=date.get("chiusura", adesso + timedelta(days=20)))


def test_la_pubblicazione_congela_l_html_e_accoda_il_pdf(ds, ds_membership, crea_procedura_completa,
                                                        porta_a, django_capture_on_commit_callbacks):
    procedura = porta_a(crea_procedura_completa(oggetto="Esperto di robotica"), "conclusa")
    with django_capture_on_commit_callbacks() as dopo_il_commit:
        _pubblica(procedura, ds, ds_membership)
    versione = procedura.versioni_avviso.get()
    assert not versione.file and versione.sha256 == ""
    assert "Esperto di robotica" in versione.sorgente and "<html" in versione.sorgente
    assert len(dopo_il_commit) == 1

    sha = tasks.componi_avviso(versione.pk)  # what the worker runs
    versione.refresh_from_db()
    with versione.file.open("rb") as file:
        pdf = file.read()
    import hashlib
    assert sha == versione.sha256 == hashlib.sha256(pdf).hexdigest()
    assert pdf.startswith(b"%PDF") and "Esperto di robotica" in _testo(pdf)
    assert tasks.componi_avviso(versione.pk) == sha  # once: a second run changes nothing
    eventi = Evento.objects.filter(azione="avviso_composto", object_id=str(procedura.pk))
    assert eventi.count() == 1 and eventi.get().dettagli == {"versione": 1, "sha256": sha}


def test_il_pdf_composto_dopo_dice_cio_che_valeva_all_azione(client, ds, ds_membership,
                                                             crea_procedura_completa, porta_a):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    chiusura = timezone.localtime(timezone.now() + timedelta(days=20)).replace(
        hour=12, minute=0, second=0, microsecond=0)
    _pubblica(procedura, ds, ds_membership, chiusura=chiusura,
              apertura=timezone.now() - timedelta(minutes=1))
    procedura.refresh_from_db()
    services.apri(autore=ds, membership=ds_membership, procedura=procedura)
    services.proroga(autore=ds, membership=ds_membership, procedura=procedura,
                     nuova_chiusura=chiusura + timedelta(days=7))
    # Neither PDF composed yet (no worker): v1, composed now, still says the first closing.
    assert not VersioneAvviso.objects.filter(procedura=procedura).exclude(file="").exists()
    v1 = b"".join(client.get(f"/avvisi/{procedura.pk}/avviso-v1.pdf").streaming_content)
    v2 = b"".join(client.get(f"/avvisi/{procedura.pk}/avviso.pdf").streaming_content)
    assert f"{chiusura:%d/%m/%Y}" in _testo(v1)
    assert f"{chiusura + timedelta(days=7):%d/%m/%Y}" in _testo(v2)
    assert f"{chiusura + timedelta(days=7):%d/%m/%Y}" not in _testo(v1)


def test_senza_broker_l_azione_riesce_e_il_pdf_arriva_al_primo_download(
        client, ds, ds_membership, crea_procedura_completa, porta_a, monkeypatch,
        django_capture_on_commit_callbacks, caplog):
    def broker_fermo(*args, **kwargs):
        raise ConnectionError("redis giù")

    monkeypatch.setattr(tasks.componi_avviso, "delay", broker_fermo)
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    with django_capture_on_commit_callbacks(execute=True):
        _pubblica(procedura, ds, ds_membership)
    assert "sarà composto al primo download" in caplog.text
    client.force_login(ds)
    pagina = client.get(f"/procedure/{procedura.pk}/").content.decode()
    assert "PDF in composizione" in pagina
    risposta = client.get(f"/procedure/{procedura.pk}/avviso-v1.pdf")
    assert risposta.status_code == 200
    versione = procedura.versioni_avviso.get()
    assert risposta["X-Avviso-SHA256"] == versione.sha256 != ""
    assert "PDF in composizione" not in client.get(f"/procedure/{procedura.pk}/").content.decode()


def test_la_composizione_non_dipende_dallo_stato_attuale(ds, ds_membership, crea_procedura_completa,
                                                        porta_a):
    procedura = porta_a(crea_procedura_completa(oggetto="Tutor di matematica"), "conclusa")
    _pubblica(procedura, ds, ds_membership)
    versione = procedura.versioni_avviso.get()
    procedura.oggetto = "Titolo cambiato dopo"
    procedura.save(update_fields=["oggetto"])
    testo = _testo(avviso.componi_pdf(versione.pk).file.read())
    assert "Tutor di matematica" in testo and "Titolo cambiato dopo" not in testo


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_il_worker_compone_il_pdf_dopo_il_commit(crea_procedura_completa, porta_a, ds,
                                                ds_membership, broker_ripristinabile):
    import time

    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from config.celery import app
    from portale.tests.celery_reale import broker_configurato, punta_broker

    punta_broker(*broker_configurato())
    procedura = porta_a(crea_procedura_completa(), "conclusa")

    def chiudi(**kwargs):
        connections.close_all()

    task_postrun.connect(chiudi, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False,
                          queues=[broker_ripristinabile], loglevel="WARNING", shutdown_timeout=15):
            _pubblica(procedura, ds, ds_membership)
            scadenza = time.monotonic() + 30
            while time.monotonic() < scadenza and not procedura.versioni_avviso.get().sha256:
                time.sleep(0.1)
    finally:
        task_postrun.disconnect(chiudi)
    versione = procedura.versioni_avviso.get()
    assert versione.sha256 and versione.file.read().startswith(b"%PDF")


def test_l_avviso_nomina_le_categorie_per_cui_vale_un_criterio(ds, ds_membership,
                                                              crea_procedura_completa, porta_a):
    """«solo per:» in the criteria table of the avviso names the categories as the regulation
    does, not the codes the database keeps."""
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    criterio = procedura.criteri.first()
    criterio.categorie = ["altra_pa", "privato"]
    criterio.save()
    _pubblica(procedura, ds, ds_membership)
    sorgente = procedura.versioni_avviso.get().sorgente
    assert ("solo per: Dipendenti di altre pubbliche amministrazioni, Soggetti privati"
            in sorgente)
    assert "altra_pa" not in sorgente and "privato," not in sorgente


def test_categorie_e_gruppo_di_alternative_separati_nelle_note(ds, ds_membership,
                                                               crea_procedura_completa, porta_a):
    """The two notes of one criterion read as two: «solo per: …; in alternativa nel gruppo
    «…»», not run together («…Soggetti privati in alternativa…»)."""
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    criterio = procedura.criteri.first()
    criterio.categorie, criterio.gruppo = ["privato"], "Abilitazione"
    criterio.save()
    _pubblica(procedura, ds, ds_membership)
    sorgente = procedura.versioni_avviso.get().sorgente
    assert "<td>solo per: Soggetti privati; in alternativa nel gruppo «Abilitazione»</td>" in sorgente


def test_l_avviso_e_firmato_dal_dirigente_in_servizio_con_il_titolo_concordato(
        ds, ds_membership, crea_procedura_completa, porta_a, con_ruolo, istituto):
    """The avviso is the DS's act: it names who signs it, as the act of incarico and the
    ranking do, and a version composed later by the portal (a proroga for an outage, with no
    author) is signed by the DS in service then."""
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    _pubblica(procedura, ds, ds_membership)
    firma = procedura.versioni_avviso.get().sorgente.split("Trattamento dei dati personali")[1]
    assert "La Dirigente Scolastica<br>Maria Rossi" in firma
    assert "Il Dirigente Scolastico" not in firma

    ds_membership.revocato_il = timezone.localdate()
    ds_membership.save(update_fields=["revocato_il"])
    con_ruolo("BNCGPP75C12F205U", "ds", istituto, nome="Giuseppe", cognome="Bianchi")
    procedura.refresh_from_db()
    versione = avviso.genera_versione(procedura, "Proroga per malfunzionamento del portale")
    assert "Il Dirigente Scolastico<br>Giuseppe Bianchi" in versione.sorgente
    assert "Maria Rossi" not in versione.sorgente
