"""«Gestione istanze» through HTTP: who sees what and when, filters, search, detail, downloads."""

import csv
import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from accounts.models import Ruolo
from candidature.models import StatoCandidatura
from portale.formato import numero
from portale.tests.campioni_documenti import pdf
from procedure.models import ProceduraSelezione

from .istanze_fixtures import chiudi, invia

pytestmark = pytest.mark.django_db


def _url(nome, scenario, istanza=None, **extra):
    args = [scenario.procedura.pk] + ([istanza.pk] if istanza else []) + list(extra.values())
    return reverse(f"candidature:{nome}", args=args)


def _zip(risposta) -> zipfile.ZipFile:
    assert risposta.status_code == 200, risposta
    assert risposta["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(risposta.streaming_content)))


def test_prima_della_chiusura_le_istanze_non_si_vedono(client, ds, procedura_aperta, persone):
    inviata = invia(persone["alessia"], procedura_aperta)
    client.force_login(ds)
    pagina = client.get(reverse("candidature:istanze", args=[procedura_aperta.pk]))
    assert pagina.status_code == 200
    assert "dopo la chiusura" in pagina.content.decode()
    assert "Ferrari" not in pagina.content.decode()
    for nome, args in [("istanza", [inviata.pk]), ("istanza_zip", [inviata.pk]), ("istanze_zip", [])]:
        assert client.get(reverse(f"candidature:{nome}",
                                  args=[procedura_aperta.pk, *args])).status_code == 404


def test_elenco_mostra_le_inviate_e_ritirate_mai_le_bozze(client, ds, scenario):
    client.force_login(ds)
    pagina = client.get(_url("istanze", scenario))
    testo = pagina.content.decode()
    assert pagina.status_code == 200
    for c in (scenario.alessia, scenario.marco, scenario.sara, scenario.sara_ritirata):
        assert f"{c.protocollo.numero}/{c.protocollo.anno}" in testo
    assert "Bozzetti" not in testo
    assert "Istanze inviate (4)" in testo
    # declared scores as the ranking writes them: two decimals, right-aligned in their column
    for c in (scenario.alessia, scenario.marco, scenario.sara):
        assert c.punteggio_dichiarato is not None
        assert (f'<td data-etichetta="Punteggio dichiarato" class="text-end">'
                f'{numero(c.punteggio_dichiarato, 2)}</td>') in testo
    # the tabs of the procedure lead here and to the Monitoraggio
    assert reverse("candidature:monitoraggio", args=[scenario.procedura.pk]) in testo


@pytest.mark.parametrize("filtro, attesi", [
    ({"stato": "ritirata"}, {"sara_ritirata"}),
    ({"stato": "inviata"}, {"alessia", "marco", "sara"}),
    ({"categoria": "interno"}, {"marco"}),
    ({"q": "esposito"}, {"marco"}),
    ({"q": "Sara Mancini"}, {"sara", "sara_ritirata"}),
    ({"q": "MNCSRA85B45F205W"}, {"sara", "sara_ritirata"}),
])
def test_filtri_e_ricerca(client, ds, scenario, filtro, attesi):
    client.force_login(ds)
    pagina = client.get(_url("istanze", scenario), filtro)
    mostrate = {c.pk for c in pagina.context["pagina"].object_list}
    assert mostrate == {getattr(scenario, nome).pk for nome in attesi}


def test_ricerca_per_numero_di_protocollo(client, ds, scenario):
    client.force_login(ds)
    protocollo = scenario.marco.protocollo
    for cerca in (str(protocollo.numero), f"{protocollo.numero}/{protocollo.anno}"):
        pagina = client.get(_url("istanze", scenario), {"q": cerca})
        assert [c.pk for c in pagina.context["pagina"].object_list] == [scenario.marco.pk]
    vuota = client.get(_url("istanze", scenario), {"q": f"{protocollo.numero}/1999"})
    assert list(vuota.context["pagina"].object_list) == []
    assert "Nessuna istanza corrisponde ai filtri" in vuota.content.decode()


def test_filtri_non_validi_non_rompono_la_pagina(client, ds, scenario):
    client.force_login(ds)
    pagina = client.get(_url("istanze", scenario), {"stato": "inventato", "pagina": "x"})
    assert pagina.status_code == 200
    assert pagina.context["pagina"].paginator.count == 4


def test_query_dell_elenco_costanti(client, ds, scenario, crea_persona,
                                    django_assert_max_num_queries):
    client.force_login(ds)
    client.get(_url("istanze", scenario))  # warm the session and the membership
    with django_assert_max_num_queries(14) as poche:
        client.get(_url("istanze", scenario))
    procedura = scenario.procedura
    # more applications, sent while the procedure was open again
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(
        stato="aperta", data_chiusura=timezone.now() + timedelta(hours=1))
    procedura.refresh_from_db()
    for i, cf in enumerate(["BNCGPP80A01H501U", "VRDLGU75B02F205R", "NREPLA70C03L219G"]):
        invia(crea_persona(cf, nome=f"Nome{i}", cognome=f"Cognome{i}"), procedura)
    chiudi(procedura)
    with django_assert_max_num_queries(len(poche.captured_queries)):
        pagina = client.get(_url("istanze", scenario))
    assert pagina.context["pagina"].paginator.count == 7


def test_dettaglio_mostra_risposte_dichiarazioni_e_documenti(client, ds, scenario):
    client.force_login(ds)
    pagina = client.get(_url("istanza", scenario, scenario.alessia))
    testo = pagina.content.decode()
    assert pagina.status_code == 200
    assert "Disponibilità il sabato" in testo and "Sì" in testo
    assert "108/110" in testo
    assert "Politecnico di Milano, 2015" in testo
    assert scenario.alessia.sha256 in testo
    assert scenario.alessia.candidato.codice_fiscale in testo
    for allegato in scenario.alessia.allegati.all():
        assert reverse("candidature:istanza_allegato", args=[
            scenario.procedura.pk, scenario.alessia.pk, allegato.pk]) in testo


def test_scarica_un_allegato(client, ds, scenario):
    client.force_login(ds)
    allegato = scenario.alessia.allegati.filter(allegato_richiesto__isnull=False).get()
    risposta = client.get(reverse("candidature:istanza_allegato", args=[
        scenario.procedura.pk, scenario.alessia.pk, allegato.pk]))
    contenuto = b"".join(risposta.streaming_content)
    assert risposta.status_code == 200
    assert hashlib.sha256(contenuto).hexdigest() == allegato.sha256
    protocollo = scenario.alessia.protocollo
    assert f"{protocollo.numero:07d}-{protocollo.anno}" in risposta["Content-Disposition"]


def test_zip_di_una_istanza_con_elenco_e_impronte(client, ds, scenario):
    client.force_login(ds)
    archivio = _zip(client.get(_url("istanza_zip", scenario, scenario.alessia)))
    nomi = archivio.namelist()
    allegati = list(scenario.alessia.allegati.all())
    assert len(allegati) == 2  # the curriculum and the degree certificate
    assert len(nomi) == 3 and nomi[-1] == "elenco.csv"
    for allegato in allegati:
        contenuti = {hashlib.sha256(archivio.read(n)).hexdigest() for n in nomi[:-1]}
        assert allegato.sha256 in contenuti
    righe = list(csv.reader(io.StringIO(archivio.read("elenco.csv").decode("utf-8-sig")),
                            delimiter=";"))
    assert righe[0][-1] == "verifica" and {r[-1] for r in righe[1:]} == {"ok"}
    assert all("/" not in n and ".." not in n for n in nomi)


def test_zip_della_procedura_una_cartella_per_istanza_e_filtri(client, ds, scenario):
    client.force_login(ds)
    archivio = _zip(client.get(_url("istanze_zip", scenario)))
    cartelle = {n.split("/")[0] for n in archivio.namelist() if "/" in n}
    assert len(cartelle) == 4  # four sent applications (one withdrawn), no draft
    assert any("mancini-sara" in c for c in cartelle)
    solo_interni = _zip(client.get(_url("istanze_zip", scenario), {"categoria": "interno"}))
    assert {n.split("/")[0] for n in solo_interni.namelist() if "/" in n} == {
        c for c in cartelle if "esposito-marco" in c}


def test_zip_segnala_un_file_alterato(client, ds, scenario):
    allegato = scenario.marco.allegati.get()
    with default_storage.open(allegato.percorso, "wb") as f:
        f.write(pdf("alterato"))
    client.force_login(ds)
    archivio = _zip(client.get(_url("istanza_zip", scenario, scenario.marco)))
    elenco = archivio.read("elenco.csv").decode("utf-8-sig")
    assert "SHA-256 DIVERSO" in elenco


# --- forbidden paths ---------------------------------------------------------------------

def _tutti_gli_indirizzi(scenario):
    procedura, istanza = scenario.procedura, scenario.alessia
    allegato = istanza.allegati.first()
    return [
        reverse("candidature:istanze", args=[procedura.pk]),
        reverse("candidature:istanze_zip", args=[procedura.pk]),
        reverse("candidature:istanze_notifica", args=[procedura.pk]) + f"?istanze={istanza.pk}",
        reverse("candidature:monitoraggio", args=[procedura.pk]),
        reverse("candidature:monitoraggio_csv", args=[procedura.pk]),
        reverse("candidature:monitoraggio_pdf", args=[procedura.pk]),
        reverse("candidature:istanza", args=[procedura.pk, istanza.pk]),
        reverse("candidature:istanza_zip", args=[procedura.pk, istanza.pk]),
        reverse("candidature:istanza_allegato", args=[procedura.pk, istanza.pk, allegato.pk]),
        reverse("candidature:istanza_istruttoria", args=[procedura.pk, istanza.pk]),
    ]


def test_anonimo_va_al_login(client, scenario):
    for indirizzo in _tutti_gli_indirizzi(scenario):
        risposta = client.get(indirizzo)
        assert risposta.status_code == 302 and "/accounts/login/" in risposta["Location"], indirizzo


def test_candidato_non_entra(client, scenario):
    client.force_login(scenario.alessia.candidato)
    for indirizzo in _tutti_gli_indirizzi(scenario):
        assert client.get(indirizzo).status_code == 403, indirizzo


def test_personale_di_un_altro_istituto_riceve_404(client, ds_altro, scenario):
    client.force_login(ds_altro)
    for indirizzo in _tutti_gli_indirizzi(scenario):
        assert client.get(indirizzo).status_code == 404, indirizzo


def test_referente_non_gestisce_le_istanze(client, con_ruolo, istituto, scenario):
    referente = con_ruolo("BRNLCU80A01H501X", Ruolo.REFERENTE, istituto)
    client.force_login(referente)
    assert client.get(_url("istanze", scenario)).status_code == 403


def test_bozza_e_istanza_di_altra_procedura_404(client, ds, scenario, crea_procedura_completa):
    client.force_login(ds)
    assert client.get(_url("istanza", scenario, scenario.bozza)).status_code == 404
    altra = crea_procedura_completa()
    assert client.get(reverse("candidature:istanza", args=[
        altra.pk, scenario.alessia.pk])).status_code == 404
    # an attachment of another application through this one's address
    allegato_marco = scenario.marco.allegati.get()
    assert client.get(reverse("candidature:istanza_allegato", args=[
        scenario.procedura.pk, scenario.alessia.pk, allegato_marco.pk])).status_code == 404


def test_stato_ritirata_resta_consultabile(client, ds, scenario):
    client.force_login(ds)
    pagina = client.get(_url("istanza", scenario, scenario.sara_ritirata))
    assert pagina.status_code == 200
    assert scenario.sara_ritirata.stato == StatoCandidatura.RITIRATA
    assert "Richiedi istruttoria" not in pagina.content.decode()
