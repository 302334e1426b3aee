"""«Il mio incarico»: the incaricato reads the act issued, downloads it and returns it signed
from the portal (a new user found only «Firmalo e restituiscilo alla segreteria della scuola»,
with no upload and no channel named: the journey ended there)."""

from html import unescape

from django.core.files.storage import default_storage
from django.urls import reverse

from incarichi.models import StatoIncarico, TipoDocumentoIncarico
from portale.models import Evento, Notifica
from portale.tests.campioni_documenti import caricato, pdf

from .conftest import documento


def _pagina(incarico):
    return reverse("incarichi:il_mio_incarico", args=[incarico.pk])


def test_l_incaricato_restituisce_l_atto_firmato(client_di, crea_scheda, affida, docente, ds,
                                                  porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente), "conferito")
    # the notice of the act leads here
    avviso = Notifica.objects.filter(destinatario=docente).latest("pk")
    assert avviso.url == _pagina(incarico)
    client = client_di(docente)
    pagina = unescape(client.get(_pagina(incarico)).content.decode())
    assert "Firma e restituisci l'atto" in pagina
    assert incarico.protocollo.segnatura in pagina
    assert reverse("incarichi:atto_personale", args=[incarico.pk]) in pagina

    # the unsigned act is refused beside the field, nothing changes
    with default_storage.open(documento(incarico).percorso) as atto:
        senza_firma = atto.read()
    risposta = client.post(_pagina(incarico), {"file": caricato("atto.pdf", senza_firma)})
    assert risposta.status_code == 200
    assert "Il file è l'atto emesso dal portale, senza firme" in unescape(risposta.content.decode())
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.CONFERITO

    risposta = client.post(_pagina(incarico),
                           {"file": caricato("atto-firmato.pdf", pdf("Firmato da Luigi Bruni"))},
                           follow=True)
    pagina = unescape(risposta.content.decode())
    assert "Atto firmato restituito" in pagina
    assert "consegnata" in pagina and "da te" in pagina
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.FIRMATO and incarico.firmato_il
    firmato = documento(incarico, TipoDocumentoIncarico.ATTO_FIRMATO)
    assert firmato.caricato_da == docente
    evento = Evento.objects.filter(azione="incarico.registra_firma").latest("pk")
    assert evento.autore == docente and evento.dettagli["a"] == StatoIncarico.FIRMATO
    assert evento.dettagli["sha256"] == firmato.sha256
    # the DS is told, with the way to the incarico
    avviso = Notifica.objects.filter(destinatario=ds).latest("pk")
    assert avviso.oggetto.startswith("Atto firmato restituito")
    assert avviso.url == reverse("incarichi:incarico", args=[incarico.pk])
    # once only: a second copy is refused, the first stays
    risposta = client.post(_pagina(incarico), {"file": caricato("altro.pdf", pdf("Altro"))},
                           follow=True)
    pagina = unescape(risposta.content.decode())
    assert "L'atto firmato è già stato consegnato all'istituto." in pagina
    assert "Firma e restituisci" not in pagina
    assert incarico.documenti.filter(tipo=TipoDocumentoIncarico.ATTO_FIRMATO).count() == 1


def test_solo_l_incaricato_e_solo_con_l_atto_emesso(client_di, crea_scheda, affida, docente,
                                                     esperta, ds, porta_incarico):
    in_preparazione = affida(crea_scheda(), docente)
    # before the act: nothing to read, the same 404 as a missing incarico
    assert client_di(docente).get(_pagina(in_preparazione)).status_code == 404
    incarico = porta_incarico(in_preparazione, "conferito")
    # somebody else, the office too (it has the incarico's page): 404, and a POST changes nothing
    for altro in (esperta, ds):
        client = client_di(altro)
        assert client.get(_pagina(incarico)).status_code == 404
        assert client.post(_pagina(incarico), {"file": caricato("x.pdf", pdf("X"))}
                           ).status_code == 404
    incarico.refresh_from_db()
    assert incarico.stato == StatoIncarico.CONFERITO
    assert not incarico.documenti.filter(tipo=TipoDocumentoIncarico.ATTO_FIRMATO).exists()
