"""«Simula» (seed 000: the form «così come la visualizzeranno i candidati»): the staff go
through the candidates' own steps, cards and messages, and nothing is saved."""

import os
from html import unescape

import pytest
from django.urls import reverse

from candidature.models import AllegatoCandidatura, Candidatura
from portale.tests.campioni_documenti import caricato, pdf
from procedure import services as procedure_services
from procedure.models import ProceduraSelezione
from procedure.modulo import AUTOCERTIFICAZIONI

pytestmark = pytest.mark.django_db


def _url(procedura, passo=None):
    if passo is None:
        return reverse("candidature:simula", args=[procedura.pk])
    return reverse("candidature:simula_passo", args=[procedura.pk, passo])


def _file_in(cartella) -> list[str]:
    return [os.path.join(radice, f) for radice, _, nomi in os.walk(cartella) for f in nomi]


def test_la_simulazione_percorre_i_passi_dei_candidati_e_non_salva_nulla(
        client, ds, crea_procedura_completa, settings):
    procedura = crea_procedura_completa()  # still in bozza: tried before it is published
    laurea = procedura.criteri.get(descrizione__startswith="Laurea vecchio")
    curriculum = procedura.allegati_richiesti.get()
    client.force_login(ds)

    primo = client.get(_url(procedura)).content.decode()
    assert "Passo 1 di 6: Dati e contatti" in primo and 'class="steppers' in primo
    assert "Simulazione" in primo and "nulla viene salvato" in primo
    assert 'aria-current="page" href="' + _url(procedura) + '"' in primo  # the «Simula» tab
    assert "hx-post" not in primo  # every step answers at its own address, without htmx
    assert f'action="{_url(procedura)}"' in primo

    risposta = client.post(_url(procedura, "categoria"), {"categoria": "privato",
                                                           "vai": "titoli"})
    assert risposta["Location"] == _url(procedura, "titoli")
    # a wrong value: the candidate's own message, what was typed kept, no step forward
    risposta = client.post(_url(procedura, "titoli"), {f"criterio_{laurea.pk}": "120",
                                                        "vai": "allegati"})
    pagina = unescape(risposta.content.decode())
    assert risposta.status_code == 200 and "Il voto è un numero da 66 a 110." in pagina
    assert 'value="120"' in pagina
    risposta = client.post(_url(procedura, "titoli"), {
        f"criterio_{laurea.pk}": "110", f"criterio_{laurea.pk}_lode": "on", "vai": "allegati"})
    assert risposta["Location"] == _url(procedura, "allegati")
    # back to the titles: the answer is there, with the points of its card
    pagina = client.get(_url(procedura, "titoli")).content.decode()
    assert 'value="110"' in pagina and "Con i dati salvati: 20 punti" in pagina
    assert "Salva nel mio profilo" not in pagina  # the staff's profile is not the point

    riepilogo = unescape(client.get(_url(procedura, "riepilogo")).content.decode())
    assert "Prima di inviare completa" in riepilogo
    assert f"Allega «{curriculum.nome}». " in riepilogo
    assert f'href="{_url(procedura, "allegati")}"' in riepilogo

    conservati = _file_in(settings.MEDIA_ROOT)
    risposta = client.post(_url(procedura, "allegati"), {
        f"allegato_{curriculum.pk}": caricato("cv.pdf", pdf("Curriculum")), "vai": "dichiarazioni"})
    assert risposta["Location"] == _url(procedura, "dichiarazioni")
    risposta = client.post(_url(procedura, "dichiarazioni"), {
        **dict.fromkeys(AUTOCERTIFICAZIONI, "on"), "vai": "riepilogo"})
    assert risposta["Location"] == _url(procedura, "riepilogo")

    riepilogo = unescape(client.get(risposta["Location"]).content.decode())
    assert "Prima di inviare completa" not in riepilogo and "<strong>20</strong>" in riepilogo
    assert "110/110 e lode" in riepilogo
    assert f"{curriculum.nome}: cv.pdf" in riepilogo  # named, not a link to a stored file
    assert "Nella simulazione la candidatura non si invia" in riepilogo
    assert reverse("candidature:simula_ricomincia", args=[procedura.pk]) in riepilogo
    assert "/invia/" not in riepilogo and "Elimina la bozza" not in riepilogo
    # nothing reached the database or the storage
    assert not Candidatura.objects.exists() and not AllegatoCandidatura.objects.exists()
    assert _file_in(settings.MEDIA_ROOT) == conservati

    risposta = client.post(reverse("candidature:simula_ricomincia", args=[procedura.pk]))
    assert risposta["Location"] == _url(procedura)
    riepilogo = unescape(client.get(_url(procedura, "riepilogo")).content.decode())
    assert "Scegli la categoria con cui partecipi." in riepilogo and "cv.pdf" not in riepilogo


def test_simula_solo_cio_che_vale_per_le_categorie_ammesse(client, ds, ds_membership,
                                                          crea_procedura_completa):
    procedura = crea_procedura_completa()  # personale interno and soggetti privati
    assert sorted(procedura.categorie_ammesse) == ["interno", "privato"]
    procedure_services.aggiungi_criterio(
        autore=ds, membership=ds_membership, procedura=procedura,
        descrizione="Servizio in altra amministrazione", tipo="per_unita", punti=1, massimo=5,
        unita="anno", categorie=["altra_pa"])
    client.force_login(ds)

    def passi():
        return "".join(client.get(_url(procedura, passo)).content.decode()
                       for passo in ("categoria", "titoli"))
    pagine = passi()
    assert "Servizio in altra amministrazione" not in pagine
    assert "Amministrazione o istituzione scolastica di appartenenza" not in pagine
    ProceduraSelezione.objects.filter(pk=procedura.pk).update(ammette_altre_pa=True)
    pagine = passi()
    assert "Servizio in altra amministrazione" in pagine
    assert "Amministrazione o istituzione scolastica di appartenenza" in pagine


def test_simula_percorsi_vietati(client, ds, ds_altro, candidato, segreteria,
                                 crea_procedura_completa):
    procedura = crea_procedura_completa()
    indirizzi = [_url(procedura), _url(procedura, "titoli"), _url(procedura, "riepilogo")]
    ricomincia = reverse("candidature:simula_ricomincia", args=[procedura.pk])
    for indirizzo in indirizzi:
        assert client.get(indirizzo)["Location"].startswith("/accounts/login/")
    client.force_login(candidato)  # a candidate is not the school's staff
    for indirizzo in indirizzi:
        assert client.get(indirizzo).status_code == 403
    assert client.post(ricomincia).status_code == 403
    client.force_login(ds_altro)  # another school's DS does not see the procedure
    for indirizzo in indirizzi:
        assert client.get(indirizzo).status_code == 404
    assert client.post(ricomincia).status_code == 404
    client.force_login(segreteria)  # who drafts procedures tries their form
    for indirizzo in indirizzi:
        assert client.get(indirizzo).status_code == 200
    assert client.get(_url(procedura, "inesistente")).status_code == 404
    assert client.get(ricomincia).status_code == 405
    # the simulation of one procedure is not another's
    client.force_login(ds)
    altra = crea_procedura_completa(oggetto="Tutor del laboratorio")
    client.post(_url(procedura, "categoria"), {"categoria": "privato", "vai": "titoli"})
    assert "Scegli la categoria con cui partecipi." in unescape(
        client.get(_url(altra, "riepilogo")).content.decode())
