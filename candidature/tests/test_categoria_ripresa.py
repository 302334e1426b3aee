"""A new application starts from the category of the candidate's last one (issue 17, «una volta
sola»): Alessia, a teacher of another school, chose «Personale di altre istituzioni
scolastiche» and typed her school on every application. Who she works for does not change
from one avviso to the next; what it makes her depends on the school of the avviso."""

from html import unescape

import pytest
from django.urls import reverse

from candidature import services
from candidature.models import Candidatura
from procedure.models import Categoria

pytestmark = pytest.mark.django_db


@pytest.fixture
def inviata_come(bozza_completa, candidato):
    def invia(categoria, amministrazione=""):
        Candidatura.objects.filter(pk=bozza_completa.pk).update(
            categoria=categoria, amministrazione_appartenenza=amministrazione)
        bozza_completa.refresh_from_db()
        return services.invia(candidato=candidato, candidatura=bozza_completa)
    return invia


@pytest.fixture
def nuovo_avviso(crea_procedura_completa, porta_a):
    def crea(istituto=None, **ammesse):
        procedura = porta_a(crea_procedura_completa(oggetto="Tutor di robotica", **ammesse),
                            "aperta")
        if istituto is not None:  # the avviso of another school
            type(procedura).objects.filter(pk=procedura.pk).update(istituto=istituto)
        return procedura
    return crea


def _nuova_bozza(client, candidato, procedura):
    client.force_login(candidato)
    pagina = client.get(reverse("candidature:presenta", args=[procedura.pk]), follow=True)
    return (Candidatura.objects.get(candidato=candidato, procedura=procedura),
            unescape(pagina.content.decode()))


def test_nella_stessa_scuola_la_stessa_categoria(client, candidato, inviata_come, nuovo_avviso):
    inviata_come(Categoria.INTERNO)
    bozza, pagina = _nuova_bozza(client, candidato, nuovo_avviso())
    assert (bozza.categoria, bozza.amministrazione_appartenenza) == (Categoria.INTERNO, "")
    assert ("La categoria «Personale interno» è ripresa dalla tua ultima candidatura: "
            "controllala nel passo «Categoria e requisiti».") in pagina


def test_l_interno_di_una_scuola_e_di_un_altra_scuola_per_le_altre(
        client, candidato, inviata_come, nuovo_avviso, altro_istituto):
    inviata_come(Categoria.INTERNO)  # at IC Leonardo da Vinci
    bozza, _ = _nuova_bozza(client, candidato,
                            nuovo_avviso(altro_istituto, ammette_altre_scuole=True))
    assert (bozza.categoria, bozza.amministrazione_appartenenza) == (
        Categoria.ALTRA_SCUOLA, "IC Leonardo da Vinci")


def test_chi_lavora_altrove_resta_di_quella_amministrazione(
        client, candidato, inviata_come, nuovo_avviso, altro_istituto, procedura_aperta):
    type(procedura_aperta).objects.filter(pk=procedura_aperta.pk).update(ammette_altre_pa=True)
    inviata_come(Categoria.ALTRA_PA, "Comune di Milano")
    bozza, _ = _nuova_bozza(client, candidato,
                            nuovo_avviso(altro_istituto, ammette_altre_pa=True))
    assert (bozza.categoria, bozza.amministrazione_appartenenza) == (
        Categoria.ALTRA_PA, "Comune di Milano")


def test_una_categoria_che_l_avviso_non_ammette_non_si_propone(
        client, candidato, inviata_come, nuovo_avviso, altro_istituto):
    inviata_come(Categoria.INTERNO)  # another school's avviso open to interni and privati only
    bozza, pagina = _nuova_bozza(client, candidato, nuovo_avviso(altro_istituto))
    assert (bozza.categoria, bozza.amministrazione_appartenenza) == ("", "")
    assert "ripresa dalla tua ultima candidatura" not in pagina


def test_senza_candidature_inviate_nessuna_categoria(client, candidato, bozza_completa,
                                                     nuovo_avviso):
    # a draft never sent declares nothing
    bozza, _ = _nuova_bozza(client, candidato, nuovo_avviso())
    assert bozza.categoria == ""


def test_chi_era_di_un_altra_scuola_nella_propria_scuola_e_interno(
        client, candidato, inviata_come, nuovo_avviso, altro_istituto, procedura_aperta):
    type(procedura_aperta).objects.filter(pk=procedura_aperta.pk).update(ammette_altre_scuole=True)
    inviata_come(Categoria.ALTRA_SCUOLA, "liceo galilei ")  # typed by hand
    bozza, _ = _nuova_bozza(client, candidato, nuovo_avviso(altro_istituto))
    assert (bozza.categoria, bozza.amministrazione_appartenenza) == (Categoria.INTERNO, "")
