"""«Monitoraggio» (counts by category and day, CSV, PDF) and «Invia notifica» to candidates."""

import csv
import io
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from candidature import monitoraggio, services
from candidature.models import Candidatura
from portale.models import Evento, Notifica
from procedure import services as procedure_services
from procedure.models import Categoria

from .istanze_fixtures import invia

pytestmark = pytest.mark.django_db


def _righe_per_categoria(statistiche):
    return {r.etichetta: (r.bozze, r.inviate, r.ritirate) for r in statistiche.per_categoria}


def test_conteggi_per_categoria_e_per_giorno(scenario):
    ieri = timezone.now() - timedelta(days=1)
    Candidatura.objects.filter(pk=scenario.marco.pk).update(inviata_il=ieri)
    statistiche = monitoraggio.calcola(scenario.procedura)
    per_categoria = _righe_per_categoria(statistiche)
    assert per_categoria[Categoria.INTERNO.label] == (0, 1, 0)
    # Luca's draft; Alessia and Sara sent; Sara's first application withdrawn
    assert per_categoria[Categoria.PRIVATO.label] == (1, 2, 1)
    totale = statistiche.totale
    assert (totale.bozze, totale.inviate, totale.ritirate, totale.annullate) == (1, 3, 1, 0)
    giorni = {g: (r.bozze, r.inviate, r.ritirate) for g, r in statistiche.per_giorno}
    oggi, ieri = timezone.localdate(), timezone.localdate(ieri)
    assert giorni == {ieri: (0, 1, 0), oggi: (1, 2, 1)}
    grafico = statistiche.grafici["giorni"]
    assert not grafico["vuoto"] and len(grafico["barre"]) == 2 * 3  # two days × three measures


def test_monitoraggio_vuoto(client, ds, procedura_aperta):
    client.force_login(ds)
    pagina = client.get(reverse("candidature:monitoraggio", args=[procedura_aperta.pk]))
    assert pagina.status_code == 200
    assert "non ci sono ancora candidature" in pagina.content.decode()


def test_pagina_con_grafico_e_tabella_e_query_costanti(client, ds, scenario, crea_persona,
                                                      django_assert_max_num_queries):
    client.force_login(ds)
    indirizzo = reverse("candidature:monitoraggio", args=[scenario.procedura.pk])
    client.get(indirizzo)
    with django_assert_max_num_queries(14) as prima:
        pagina = client.get(indirizzo)
    testo = pagina.content.decode()
    assert '<svg' in testo and 'id="tabella-categorie"' in testo and 'id="tabella-giorni"' in testo
    assert 'id="totale-inviate">3<' in testo
    # 1 bozza, 3 inviate, 1 ritirata: the word agrees with its number
    for totale, parola in (("bozze", "Bozza"), ("inviate", "Inviate"), ("ritirate", "Ritirata")):
        assert re.search(rf'id="totale-{totale}">\d+</p><p class="mb-0">{parola}</p>', testo)
    Candidatura.objects.filter(pk=scenario.alessia.pk).update(
        inviata_il=timezone.now() - timedelta(days=5))
    with django_assert_max_num_queries(len(prima.captured_queries)):
        client.get(indirizzo)


def _annulla(ds, procedura):
    procedure_services.annulla(autore=ds, membership=ds.memberships.get(), procedura=procedura,
                               motivazione="Progetto definanziato")


def test_procedura_annullata_annullate_a_parte(client, ds, scenario):
    # After an annulment the page read «Annullate» above charts and tables that had no such
    # measure (the table had no «Annullate» column, while the CSV and the PDF had one).
    _annulla(ds, scenario.procedura)  # the withdrawn one stays withdrawn
    client.force_login(ds)
    testo = unescape(client.get(reverse("candidature:monitoraggio",
                                        args=[scenario.procedura.pk])).content.decode())
    assert 'id="totale-annullate">4</p><p class="mb-0">Annullate</p>' in testo
    assert ("4 candidature sono state annullate con la procedura: sono contate a parte, nella "
            "colonna «Annullate», e non compaiono nei grafici.") in testo
    tabella = testo[testo.index('id="tabella-categorie"'):]
    tabella = tabella[:tabella.index("</table>")]
    assert '<th scope="col" class="text-end">Annullate</th>' in tabella
    assert re.search(r'<th scope="row">Totale</th><td class="text-end fw-bold">0</td>'
                     r'<td class="text-end fw-bold">0</td><td class="text-end fw-bold">1</td>'
                     r'<td class="text-end fw-bold">4</td>', tabella)


def test_solo_annullate_nessuna_contraddizione(client, ds, procedura_aperta, persone):
    # Only annulled applications: «1 Annullata» above «Nessuna candidatura da rappresentare»
    # and «non ci sono ancora candidature, nemmeno in bozza».
    invia(persone["alessia"], procedura_aperta)
    _annulla(ds, procedura_aperta)
    client.force_login(ds)
    testo = unescape(client.get(reverse("candidature:monitoraggio",
                                        args=[procedura_aperta.pk])).content.decode())
    assert 'id="totale-annullate">1</p><p class="mb-0">Annullata</p>' in testo
    assert ("1 candidatura è stata annullata con la procedura: è contata a parte, nella "
            "colonna «Annullate», e non compare nei grafici.") in testo
    assert "Nessuna candidatura da rappresentare" not in testo
    assert "nemmeno in bozza" not in testo
    assert testo.count("Nessuna bozza, candidatura inviata o ritirata da rappresentare.") == 2


def test_senza_annullate_nessuna_colonna_annullate(client, ds, scenario):
    client.force_login(ds)
    testo = client.get(reverse("candidature:monitoraggio", args=[scenario.procedura.pk])
                       ).content.decode()
    assert "Annullate" not in testo


def test_report_csv(client, ds, scenario):
    client.force_login(ds)
    risposta = client.get(reverse("candidature:monitoraggio_csv", args=[scenario.procedura.pk]))
    assert risposta.status_code == 200
    assert risposta["Content-Type"].startswith("text/csv")
    righe = list(csv.reader(io.StringIO(risposta.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Totale", "1", "3", "1", "0"] in righe
    # a date as Italian spreadsheets read it, not 2026-12-04
    assert [f"{timezone.localdate():%d/%m/%Y}", "1", "3", "1"] in righe


def test_report_pdf(client, ds, scenario):
    client.force_login(ds)
    risposta = client.get(reverse("candidature:monitoraggio_pdf", args=[scenario.procedura.pk]))
    contenuto = b"".join(risposta.streaming_content)
    assert risposta.status_code == 200 and contenuto.startswith(b"%PDF")
    assert risposta["Content-Disposition"].startswith("attachment")
    testo = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(contenuto)).pages)
    assert scenario.procedura.oggetto[:30] in testo
    assert "Totale" in testo


def test_report_pdf_composto_una_volta_finche_i_dati_non_cambiano(client, ds, scenario,
                                                                  monkeypatch):
    from candidature import monitoraggio

    composizioni = []
    originale = monitoraggio.genera_pdf

    def conta(*args, **kwargs):
        composizioni.append(args[0])
        return originale(*args, **kwargs)

    monkeypatch.setattr(monitoraggio, "genera_pdf", conta)
    client.force_login(ds)
    indirizzo = reverse("candidature:monitoraggio_pdf", args=[scenario.procedura.pk])

    def scarica():
        risposta = client.get(indirizzo)
        contenuto = b"".join(risposta.streaming_content)
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(contenuto)).pages)

    primo = scarica()
    assert scarica() == primo and len(composizioni) == 1  # the same figures: read, not composed
    from candidature.models import Candidatura

    # a figure moves (the draft's category changes): the next download shows it
    bozza = Candidatura.objects.get(procedura=scenario.procedura, stato="bozza")
    assert bozza.categoria != "interno"
    Candidatura.objects.filter(pk=bozza.pk).update(categoria="interno")
    terzo = scarica()
    assert len(composizioni) == 2 and terzo != primo


# --- Invia notifica ------------------------------------------------------------------------

def test_notifica_a_un_gruppo(client, ds, scenario):
    client.force_login(ds)
    indirizzo = reverse("candidature:istanze_notifica", args=[scenario.procedura.pk])
    scelte = [scenario.alessia.pk, scenario.marco.pk]
    conferma = client.get(indirizzo, {"istanze": scelte})
    assert conferma.status_code == 200
    assert "Conferma: invia a 2 candidati" in conferma.content.decode()
    vuota = client.post(indirizzo, {"istanze": scelte, "oggetto": "Colloquio", "testo": ""})
    assert vuota.status_code == 200 and "Colloquio" in vuota.content.decode()
    assert not Notifica.objects.filter(oggetto="Colloquio").exists()
    risposta = client.post(indirizzo, {"istanze": scelte, "oggetto": "Colloquio",
                                       "testo": "Il colloquio si terrà il 3 dicembre."})
    assert risposta.status_code == 302
    destinatari = set(Notifica.objects.filter(oggetto="Colloquio")
                      .values_list("destinatario_id", flat=True))
    assert destinatari == {scenario.alessia.candidato_id, scenario.marco.candidato_id}
    assert Evento.objects.filter(azione="candidatura.notifica").count() == 2


def test_notifica_senza_selezione_torna_all_elenco(client, ds, scenario):
    client.force_login(ds)
    risposta = client.get(reverse("candidature:istanze_notifica", args=[scenario.procedura.pk]))
    assert risposta.status_code == 302
    assert risposta["Location"] == reverse("candidature:istanze", args=[scenario.procedura.pk])


def test_notifica_non_raggiunge_bozze_ne_altre_procedure(client, ds, scenario, persone,
                                                         crea_procedura_completa, porta_a):
    client.force_login(ds)
    indirizzo = reverse("candidature:istanze_notifica", args=[scenario.procedura.pk])
    for intruso in (scenario.bozza.pk, "abc"):
        assert client.post(indirizzo, {"istanze": [scenario.alessia.pk, intruso],
                                       "oggetto": "X", "testo": "Y"}).status_code == 404
    altra = crea_procedura_completa()
    procedure_services.aggiungi_campo(autore=ds, membership=ds.memberships.get(), procedura=altra,
                                      etichetta="Disponibilità", tipo="si_no")
    altra = porta_a(altra, "aperta")
    estranea = invia(persone["marco"], altra)
    with pytest.raises(PermissionDenied, match="solo le istanze inviate"):
        services.invia_notifica_candidati(
            autore=ds, membership=ds.memberships.get(), procedura=scenario.procedura,
            candidature=[estranea], oggetto="X", testo="Y")
    assert not Notifica.objects.filter(oggetto="X").exists()
