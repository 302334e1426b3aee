"""«Il mio incarico»: the incaricato reads the act issued, downloads it and returns it signed
from the portal (a new user found only «Firmalo e restituiscilo alla segreteria della scuola»,
with no upload and no channel named: the journey ended there)."""

import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Ruolo
from incarichi.models import StatoIncarico, TipoDocumentoIncarico
from incarichi.services import incarichi as servizi
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


def _registro(incarico):
    return reverse("incarichi:annota_ore", args=[incarico.pk])


def test_l_incaricato_annota_le_ore_e_l_ufficio_le_verifica(client_di, crea_scheda, affida,
                                                            docente, ds, porta_incarico):
    """The act says the incaricato annotates the hours, and the compenso is paid on the
    timesheet (seed 003): from «Il mio incarico», with the office's rules, verified by the
    DS or the DSGA; a line of one's own is removed until it is verified."""
    incarico = porta_incarico(affida(crea_scheda(ore=10), docente), "in_corso")
    client = client_di(docente)
    pagina = unescape(client.get(_pagina(incarico)).content.decode())
    assert "Registro ore" in pagina and "Nessuna ora annotata su 10 assegnate" in pagina
    assert f'name="data" value="{timezone.localdate():%Y-%m-%d}"' in pagina  # today, to start
    assert 'action="' + _registro(incarico) in pagina

    # letters in the hours, a day outside the incarico: said beside the fields, what was typed kept
    risposta = client.post(_registro(incarico), {"data": "2099-02-03", "ore": "tre",
                                                 "attivita": "Laboratorio di lettura"})
    pagina = unescape(risposta.content.decode())
    assert risposta.status_code == 200 and "Le ore non sono state annotate" in pagina
    assert 'value="Laboratorio di lettura"' in pagina and 'value="tre"' in pagina
    # both errors at once: the day was said wrong only after the hours were put right
    assert "Scrivi le ore in cifre" in pagina
    assert "La data deve cadere tra il 12/01/2026 e il 30/06/2026." in pagina
    risposta = client.post(_registro(incarico), {"data": "2099-02-03", "ore": "3",
                                                 "attivita": "Laboratorio di lettura"})
    assert "La data deve cadere tra il 12/01/2026 e il 30/06/2026." in unescape(
        risposta.content.decode())
    # beyond the hours granted
    risposta = client.post(_registro(incarico), {"data": "2026-02-03", "ore": "11",
                                                 "attivita": "Laboratorio di lettura"})
    assert "Superate le ore assegnate" in unescape(risposta.content.decode())
    assert not incarico.ore_svolte.exists()

    risposta = client.post(_registro(incarico), {"data": "2026-02-03", "ore": "2,5",
                                                 "attivita": "Laboratorio di lettura"})
    assert risposta["Location"] == _pagina(incarico) + "#registro-ore"
    riga = incarico.ore_svolte.get()
    assert (riga.ore, riga.inserita_da, riga.verificata_il) == (Decimal("2.5"), docente, None)
    evento = Evento.objects.filter(azione="incarico.ore").latest("pk")
    assert evento.autore == docente
    assert evento.descrizione == ("Registrate dall'incaricato 2,5 ore del 03/02/2026: "
                                  "Laboratorio di lettura")
    pagina = unescape(client.get(_pagina(incarico)).content.decode())
    assert "2,5 ore annotate su 10 assegnate" in pagina and "da verificare" in pagina
    assert "Eliminare la riga del registro ore?" in pagina

    # the office sees whose line it is, and verifies it
    ufficio = strip_tags(unescape(client_di(ds).get(reverse("incarichi:incarico",
                                                            args=[incarico.pk])).content.decode()))
    assert "Laboratorio di lettura (annotata dall'incaricato)" in ufficio
    membership = ds.memberships.get()
    d_ufficio = servizi.registra_ore(autore=ds, membership=membership, incarico=incarico,
                                     data=date(2026, 2, 4), ore=1, attivita="Riunione")
    servizi.verifica_ore(autore=ds, membership=membership, incarico=incarico, fino_a=riga.pk)
    avviso = Notifica.objects.filter(destinatario=docente).latest("pk")  # he is told
    assert avviso.oggetto == f"Ore verificate: {incarico.oggetto}"
    assert avviso.testo == (f"{ds.nome_completo} ha verificato 1 riga del registro ore, 2,5 ore in "
                            "tutto: contano per la liquidazione del compenso.")
    assert avviso.url == _pagina(incarico) + "#registro-ore"
    client = client_di(docente)
    pagina = unescape(client.get(_pagina(incarico)).content.decode())
    assert "verificata il" in pagina and "Riunione (registrata dall'istituto)" in strip_tags(pagina)
    # 2,5 annotated by him + 1 by the office («annotate» counted the office's too); his line
    # verified
    assert "3,5 ore registrate su 10 assegnate, di cui 2,5 verificate." in pagina
    assert "Eliminare la riga del registro ore?" not in pagina  # verified, or the office's
    for altra in (riga, d_ufficio):
        url = reverse("incarichi:elimina_ore_annotate", args=[incarico.pk, altra.pk])
        client.post(url)
        assert incarico.ore_svolte.filter(pk=altra.pk).exists()

    # a line of one's own written by mistake, not yet verified, is removed
    sbagliata = servizi.annota_ore(persona=docente, incarico=incarico, data=date(2026, 2, 5),
                                   ore=1, attivita="Per errore")
    risposta = client.post(reverse("incarichi:elimina_ore_annotate",
                                   args=[incarico.pk, sbagliata.pk]), follow=True)
    assert "Eliminata la riga del 05/02/2026 del registro ore." in unescape(
        risposta.content.decode())
    assert not incarico.ore_svolte.filter(pk=sbagliata.pk).exists()
    assert Evento.objects.filter(azione="incarico.ore_eliminate", autore=docente).exists()


def test_il_registro_si_apre_con_le_attivita_e_solo_all_incaricato(client_di, crea_scheda, affida,
                                                                   docente, esperta, ds,
                                                                   porta_incarico):
    incarico = porta_incarico(affida(crea_scheda(), docente), "firmato")
    client = client_di(docente)
    assert "Registro ore" not in client.get(_pagina(incarico)).content.decode()
    risposta = client.post(_registro(incarico), {"data": "2026-02-03", "ore": "2",
                                                 "attivita": "Prima dell'avvio"})
    assert ("Le ore non sono state annotate. Il registro ore è chiuso: le attività non sono "
            "ancora state avviate.") in unescape(risposta.content.decode())
    assert not incarico.ore_svolte.exists()

    incarico = servizi.avvia(autore=ds, membership=ds.memberships.get(), incarico=incarico)
    riga = servizi.annota_ore(persona=docente, incarico=incarico, data=date(2026, 2, 3), ore=2,
                              attivita="Tutoraggio")
    elimina = reverse("incarichi:elimina_ore_annotate", args=[incarico.pk, riga.pk])
    # anybody else, the office included (it has «registra_ore» and «elimina_ore»): 404, and
    # nothing written or removed
    for altro in (esperta, ds):
        client = client_di(altro)
        for url in (_registro(incarico), elimina):
            assert client.post(url, {"data": "2026-02-04", "ore": "1", "attivita": "Altro"}
                               ).status_code == 404, (altro, url)
    assert list(incarico.ore_svolte.values_list("pk", flat=True)) == [riga.pk]
    with pytest.raises(PermissionDenied):
        servizi.annota_ore(persona=esperta, incarico=incarico, data=date(2026, 2, 4), ore=1,
                           attivita="Altro")
    with pytest.raises(PermissionDenied):
        servizi.elimina_ore_annotate(persona=esperta, incarico=incarico, riga_pk=riga.pk)
    # GET is not an action
    assert client_di(docente).get(_registro(incarico)).status_code == 405


def test_l_ufficio_elimina_una_riga_dell_incaricato_solo_dicendo_perche(
        client_di, crea_scheda, affida, docente, ds, porta_incarico):
    """A line the incaricato annotated is his declaration of work done: the office removes it
    only with a reason, and he is told (he read only «2 ore annotate» the next time)."""
    incarico = porta_incarico(affida(crea_scheda(ore=10), docente), "in_corso")
    sua = servizi.annota_ore(persona=docente, incarico=incarico, data=date(2026, 2, 3), ore=2,
                             attivita="Tutoraggio")
    membership = ds.memberships.get()
    dell_ufficio = servizi.registra_ore(autore=ds, membership=membership, incarico=incarico,
                                        data=date(2026, 2, 4), ore=1, attivita="Riunione")
    client = client_di(ds)
    pagina = client.get(reverse("incarichi:incarico", args=[incarico.pk])).content.decode()
    # the reason, asked in the dialog, goes with its button
    assert f'name="motivo" form="modulo-elimina-ore-{sua.pk}"' in pagina
    assert f'type="submit" form="modulo-elimina-ore-{sua.pk}"' in pagina
    assert f'form="modulo-elimina-ore-{dell_ufficio.pk}"' not in pagina
    url = reverse("incarichi:elimina_ore", args=[incarico.pk, sua.pk])
    risposta = client.post(url, {"motivo": "  "}, follow=True)
    assert "Scrivi perché elimini la riga annotata dall'incaricato: riceverà il motivo" in unescape(
        risposta.content.decode())
    assert incarico.ore_svolte.filter(pk=sua.pk).exists()
    assert not Notifica.objects.filter(destinatario=docente,
                                       oggetto__startswith="Registro ore").exists()

    risposta = client.post(url, {"motivo": "x" * 501}, follow=True)
    assert "Il motivo è al massimo di 500 caratteri." in unescape(risposta.content.decode())
    assert incarico.ore_svolte.filter(pk=sua.pk).exists()
    client.post(url, {"motivo": "Il 03/02 la scuola era chiusa per elezioni."})
    assert not incarico.ore_svolte.filter(pk=sua.pk).exists()
    avviso = Notifica.objects.filter(destinatario=docente).latest("pk")
    assert avviso.oggetto == f"Registro ore: eliminata una tua riga – {incarico.oggetto}"
    assert avviso.testo == (
        f"{ds.nome_completo} ha eliminato la riga del 03/02/2026 che avevi annotato nel registro "
        "ore (2 ore, «Tutoraggio»). Motivo: Il 03/02 la scuola era chiusa per elezioni.")
    assert avviso.url == _pagina(incarico) + "#registro-ore"
    evento = Evento.objects.filter(azione="incarico.ore_eliminate").latest("pk")
    assert "Il 03/02 la scuola era chiusa per elezioni." in evento.descrizione
    # the office's own line: removed without a reason, nobody told
    client.post(reverse("incarichi:elimina_ore", args=[incarico.pk, dell_ufficio.pk]))
    assert not incarico.ore_svolte.exists()
    assert Notifica.objects.filter(destinatario=docente).latest("pk") == avviso


RIQUADRO = '">I miei incarichi</h2>'  # the cruscotto's box, not the menu's entry


def test_i_miei_incarichi_da_ogni_via_e_cosa_fare(client_di, crea_scheda, affida, docente,
                                                  esperta, ds, porta_incarico,
                                                  django_assert_max_num_queries):
    """An incarico by affidamento diretto has no application behind it: «I miei incarichi»
    (menu and cruscotto) is where its person finds it again after the first notice."""
    client = client_di(docente)
    elenco = reverse("incarichi:i_miei")
    pagina = unescape(client.get(elenco).content.decode())
    assert "Nessun incarico" in pagina and "Non hai incarichi conferiti." in pagina
    assert f'href="{elenco}"' in pagina  # in the menu, «I miei incarichi»
    assert RIQUADRO not in client.get("/area-riservata/").content.decode()

    da_firmare = porta_incarico(affida(crea_scheda("Tutor di lettura"), docente), "conferito")
    in_corso = porta_incarico(affida(crea_scheda("Tutor di scrittura"), docente), "in_corso")
    affida(crea_scheda("Tutor di storia"), docente)  # in preparazione: no act, not listed
    porta_incarico(affida(crea_scheda("Esperta di coding"), esperta, "privato"), "conferito")

    pagina = strip_tags(unescape(client.get(elenco).content.decode()))
    assert "Incarichi (2)" in pagina
    assert "Tutor di lettura" in pagina and "Firma e restituisci l'atto di incarico" in pagina
    assert "Tutor di scrittura" in pagina and "Annota le ore" in pagina
    assert "Tutor di storia" not in pagina and "Esperta di coding" not in pagina
    html = client.get(elenco).content.decode()
    assert f'href="{_pagina(da_firmare)}"' in html
    assert f'href="{_pagina(in_corso)}#registro-ore"' in html

    cruscotto = unescape(client.get("/area-riservata/").content.decode())
    assert RIQUADRO in cruscotto
    cruscotto = strip_tags(cruscotto)
    cifre = " ".join(cruscotto.split()).split("I miei incarichi 1", 1)[1]
    assert cifre.startswith("Atto da firmare Da fare 1Incarico in corso 2Incarichi in tutto")
    assert "Firma e restituisci l'atto di incarico: Tutor di lettura" in cruscotto
    assert "Annota le ore: Tutor di scrittura" in cruscotto
    # the office's cruscotto has none of them: the DS has no incarico of his own
    assert RIQUADRO not in client_di(ds).get("/area-riservata/").content.decode()

    # the same number of queries with many incarichi
    for n in range(5):
        porta_incarico(affida(crea_scheda(f"Tutor {n}"), docente), "in_corso")
    with django_assert_max_num_queries(12):
        assert client.get(elenco).status_code == 200

    # the external expert, signed and at work: the IBAN to give comes before the hours
    esterno = porta_incarico(affida(crea_scheda("Esperta di robotica", cup="D34D22000350012",
                                                tariffa_manuale=Decimal("50")),
                                    esperta, "privato"), "in_corso")
    sua = client_di(esperta)
    html = unescape(sua.get(elenco).content.decode())
    assert "Indica l'IBAN per il pagamento" in html
    assert f'href="{_pagina(esterno)}#pagamento"' in html
    servizi.comunica_iban(persona=esperta, incarico=esterno, iban="IT60X0542811101000000123456")
    html = unescape(sua.get(elenco).content.decode())
    assert "Indica l'IBAN" not in html and f'href="{_pagina(esterno)}#registro-ore"' in html


def test_registri_ore_da_verificare_dal_cruscotto_all_elenco(
        client_di, crea_scheda, affida, docente, esperta, ds, ds_altro, con_ruolo, istituto,
        porta_incarico, django_assert_max_num_queries):
    """The hours an incaricato annotates wait for the DS or the DSGA (the compenso is
    liquidated only on verified hours): the office's cruscotto counts the registers to verify
    and leads to the list filtered on them, each with the hours still to verify."""
    scrittura = porta_incarico(affida(crea_scheda("Tutor di scrittura", ore=10), docente),
                               "in_corso")
    lettura = porta_incarico(affida(crea_scheda("Tutor di lettura", ore=10), esperta, "privato"),
                             "in_corso")
    dsga = con_ruolo("VRDLCU75D50H501Z", Ruolo.DSGA, istituto, nome="Lucia", cognome="Verdi")
    segreteria = con_ruolo("NREPLA80A01H501K", Ruolo.SEGRETERIA, istituto, nome="Paolo",
                           cognome="Neri")
    elenco = reverse("incarichi:incarichi") + "?ore=da_verificare"

    def cifra(client):
        testo = strip_tags(unescape(client.get("/area-riservata/").content.decode()))
        trovata = re.search(r"(\d+)\s*Registr[io] ore da verificare", testo)
        return trovata and trovata[1]

    assert cifra(client_di(ds)) == "0"  # nothing annotated yet: a zero, not highlighted
    for ore, giorno in (("2,5", 3), ("1", 4)):
        client_di(docente).post(_registro(scrittura), {"data": f"2026-02-0{giorno}", "ore": ore,
                                                       "attivita": "Laboratorio di scrittura"})
    client_di(esperta).post(_registro(lettura), {"data": "2026-02-03", "ore": "1",
                                                 "attivita": "Lettura ad alta voce"})
    assert scrittura.ore_svolte.count() == 2 and lettura.ore_svolte.count() == 1

    for chi in (ds, dsga):
        html = unescape(client_di(chi).get("/area-riservata/").content.decode())
        assert f'href="{elenco}"' in html
        assert cifra(client_di(chi)) == "2"
        assert "Registri ore da verificare" in html
    # the segreteria does not verify: no such figure; the other school's DS sees nothing of it
    assert cifra(client_di(segreteria)) is None
    altro = unescape(client_di(ds_altro).get(elenco).content.decode())
    assert "Nessun incarico corrisponde ai filtri scelti." in altro

    pagina = strip_tags(unescape(client_di(ds).get(elenco).content.decode()))
    assert "Incarichi (2)" in pagina
    assert "3,5 ore da verificare" in pagina and "1 ora da verificare" in pagina

    servizi.verifica_ore(autore=ds, membership=ds.memberships.get(), incarico=scrittura)
    assert cifra(client_di(ds)) == "1"
    html = unescape(client_di(ds).get("/area-riservata/").content.decode())
    assert "Registro ore da verificare" in html  # the singular
    pagina = strip_tags(unescape(client_di(ds).get(elenco).content.decode()))
    assert "Incarichi (1)" in pagina and "Tutor di lettura" in pagina
    assert "Tutor di scrittura" not in pagina
    # the whole list still says it on the incarico that has hours to verify, only there
    pagina = strip_tags(unescape(client_di(ds).get(reverse("incarichi:incarichi")).content
                                 .decode()))
    assert "Incarichi (2)" in pagina
    assert re.findall(r"\d+(?:,\d+)? or[ae] da verificare", pagina) == ["1 ora da verificare"]
    # the filter with nothing behind it: the empty state and the way back
    servizi.verifica_ore(autore=dsga, membership=dsga.memberships.get(), incarico=lettura)
    pagina = unescape(client_di(ds).get(elenco).content.decode())
    assert "Nessun incarico corrisponde ai filtri scelti." in pagina

    # the same number of queries with many registers to verify
    for n in range(6):
        incarico = porta_incarico(affida(crea_scheda(f"Tutor {n}", ore=10), docente), "in_corso")
        servizi.annota_ore(persona=docente, incarico=incarico, data=date(2026, 2, 3),
                           ore=Decimal("1"), attivita="Laboratorio")
    ufficio = client_di(ds)
    with django_assert_max_num_queries(9):
        assert ufficio.get(elenco).status_code == 200


def test_l_incaricato_legge_quanto_gli_e_stato_liquidato(client_di, crea_scheda, affida, docente,
                                                         ds, porta_incarico):
    """After «Liquida» the notice says the amount; the incaricato's page says it too, with its
    base and the day, beside the act's compenso (a paid amount may be less: hours verified)."""
    kw = dict(autore=ds, membership=ds.memberships.get())
    incarico = porta_incarico(affida(crea_scheda(), docente), "in_corso")
    servizi.registra_ore(**kw, incarico=incarico, data=incarico.data_inizio, ore=Decimal("3"),
                         attivita="Primo incontro")
    servizi.verifica_ore(**kw, incarico=incarico)
    incarico = servizi.liquida(**kw, incarico=servizi.concludi(**kw, incarico=incarico))
    assert incarico.importo_liquidato == 3 * incarico.tariffa_oraria < incarico.compenso
    pagina = " ".join(strip_tags(unescape(
        client_di(docente).get(_pagina(incarico)).content.decode()).replace("</dt>", " ")).split())
    assert (f"Liquidato {incarico.liquidato_in_parole}, il "
            f"{timezone.localdate(incarico.liquidato_il):%d/%m/%Y}") in pagina
    assert "Stato Liquidato" in pagina


def test_le_notifiche_dell_incarico_portano_a_il_mio_incarico(crea_scheda, affida, docente, ds,
                                                              porta_incarico):
    """Proroga, revoca and liquidazione told the incaricato without a link: the notice opened
    nothing. Each leads to «Il mio incarico» once the act exists (before it there is no page)."""
    kw = dict(autore=ds, membership=ds.memberships.get())

    def ultima():
        return Notifica.objects.filter(destinatario=docente).latest("pk")

    prorogato = porta_incarico(affida(crea_scheda("Tutor di storia"), docente), "in_corso")
    servizi.proroga(**kw, incarico=prorogato, data_fine=prorogato.data_fine + timedelta(days=30),
                    motivazione="Sospensione delle lezioni per elezioni")
    assert ultima().oggetto.startswith("Proroga") and ultima().url == _pagina(prorogato)

    revocato = porta_incarico(affida(crea_scheda("Tutor di lettura"), docente), "firmato")
    servizi.revoca(**kw, incarico=revocato, motivazione="Progetto non finanziato")
    assert ultima().oggetto.startswith("Revoca") and ultima().url == _pagina(revocato)

    concluso = porta_incarico(affida(crea_scheda("Tutor di grammatica"), docente), "concluso")
    assert ultima().oggetto.startswith("Incarico concluso") and ultima().url == _pagina(concluso)
    liquidato = porta_incarico(affida(crea_scheda("Tutor di scrittura"), docente), "liquidato")
    assert ultima().oggetto.startswith("Liquidazione") and ultima().url == _pagina(liquidato)

    # withdrawn before its act (never told to him): no notice, no page to lead to
    senza_atto = affida(crea_scheda("Tutor di geografia"), docente)
    servizi.revoca(**kw, incarico=senza_atto, motivazione="Non più necessario")
    assert ultima().oggetto.startswith("Liquidazione")


def test_l_incaricato_che_apre_l_indirizzo_dell_ufficio_va_al_suo_incarico(
        client, ds, ds_altro, candidato, crea_scheda, affida, docente, esperta, porta_incarico):
    """The trial: Sara Mancini, incaricata, opened /incarichi/4/ (the office's page) and got a
    403 with only «Vai all'area riservata». Her own incarico, act issued: taken to «Il mio
    incarico». Anything else stays as it was: a 403 for somebody else's incarico or one whose
    act is not issued (the same answer as for an incarico that does not exist: nothing is
    revealed), the login for an anonymous visitor, a 404 for another school's staff."""
    suo = porta_incarico(affida(crea_scheda(), docente), "conferito")
    senza_atto = affida(crea_scheda("Altro", cup="D34D22000350012"), docente)
    di_altri = porta_incarico(affida(crea_scheda("Esperto", cup="D34D22000350013"), esperta,
                                     rapporto="privato"), "conferito")
    assert client.get(f"/incarichi/{suo.pk}/")["Location"].startswith("/accounts/login/")
    client.force_login(docente)
    risposta = client.get(f"/incarichi/{suo.pk}/")
    assert (risposta.status_code, risposta["Location"]) == (302, f"/incarichi/{suo.pk}/il-mio-incarico/")
    for pk in (senza_atto.pk, di_altri.pk, 999999):
        assert client.get(f"/incarichi/{pk}/").status_code == 403, pk
    # the office's actions are not redirected: still refused
    assert client.post(f"/incarichi/{suo.pk}/avvia/").status_code == 403
    client.force_login(candidato)
    assert client.get(f"/incarichi/{suo.pk}/").status_code == 403
    client.force_login(ds_altro)
    assert client.get(f"/incarichi/{suo.pk}/").status_code == 404
    client.force_login(ds)
    assert client.get(f"/incarichi/{suo.pk}/").status_code == 200


def _pagamento(incarico):
    return reverse("incarichi:comunica_iban", args=[incarico.pk])


IBAN = "IT60X0542811101000000123456"  # the checksum holds


def test_l_esterno_comunica_l_iban_e_l_ufficio_lo_trova(client_di, crea_scheda, affida, esperta,
                                                        ds, porta_incarico):
    """An expert paid by bank transfer had nowhere to give the IBAN: the office asked it by
    e-mail. «Il mio incarico» asks it (checked), the incarico's page shows it to the office."""
    incarico = porta_incarico(affida(crea_scheda(tariffa_manuale=Decimal("50")), esperta,
                                     rapporto="privato"), "conferito")
    client = client_di(esperta)
    pagina = unescape(client.get(_pagina(incarico)).content.decode())
    assert "Dati per il pagamento" in pagina and "Non hai ancora indicato l'IBAN" in pagina
    assert f'action="{_pagamento(incarico)}' in pagina

    # wrong: said beside the field, what was typed kept, nothing saved
    sbagliato = "IT60X0542811101000000123457"
    risposta = client.post(_pagamento(incarico), {"iban": sbagliato})
    pagina = unescape(risposta.content.decode())
    assert risposta.status_code == 200 and f'value="{sbagliato}"' in pagina
    assert "Le cifre di controllo dell'IBAN non tornano" in pagina
    for corto in ("IT60X05428", "12345"):
        pagina = unescape(client.post(_pagamento(incarico), {"iban": corto}).content.decode())
        assert "L'IBAN non è completo" in pagina or "non è un IBAN" in pagina, corto
    incarico.refresh_from_db()
    assert incarico.iban == ""

    # typed as the bank writes it, with spaces and in lower case
    risposta = client.post(_pagamento(incarico), {"iban": "it60 x054 2811 1010 0000 0123 456"},
                           follow=True)
    pagina = unescape(risposta.content.decode())
    assert "IBAN salvato" in pagina and "IT60 X054 2811 1010 0000 0123 456" in pagina
    incarico.refresh_from_db()
    assert incarico.iban == IBAN and incarico.iban_comunicato_il is not None
    evento = Evento.objects.get(azione="incarico.iban")
    assert evento.autore == esperta and IBAN not in str(evento.dettagli)  # the end only
    assert evento.dettagli["ultime_cifre"] == "3456"

    ufficio = unescape(client_di(ds).get(reverse("incarichi:incarico", args=[incarico.pk]))
                       .content.decode())
    assert "IBAN per il pagamento" in ufficio and "IT60 X054 2811 1010 0000 0123 456" in ufficio


def test_l_iban_solo_dell_esterno_e_solo_suo(client_di, crea_scheda, affida, docente, esperta,
                                             ds, porta_incarico):
    """School staff are paid with the cedolino unico: no IBAN asked; somebody else, the office
    included, gets the 404 of the personal page and changes nothing."""
    interno = porta_incarico(affida(crea_scheda(), docente), "conferito")
    pagina = unescape(client_di(docente).get(_pagina(interno)).content.decode())
    assert "Dati per il pagamento" not in pagina
    risposta = client_di(docente).post(_pagamento(interno), {"iban": IBAN}, follow=True)
    assert "cedolino unico" in unescape(risposta.content.decode())
    interno.refresh_from_db()
    assert interno.iban == ""
    ufficio = unescape(client_di(ds).get(reverse("incarichi:incarico", args=[interno.pk]))
                       .content.decode())
    assert "IBAN per il pagamento" not in ufficio

    esterno = porta_incarico(affida(crea_scheda("Esperto", cup="D34D22000350009",
                                                tariffa_manuale=Decimal("50")), esperta,
                                    rapporto="privato"), "conferito")
    for altro in (docente, ds):
        assert client_di(altro).post(_pagamento(esterno), {"iban": IBAN}).status_code == 404
    assert client_di(esperta).get(_pagamento(esterno)).status_code == 405
    esterno.refresh_from_db()
    assert esterno.iban == "" and not Evento.objects.filter(azione="incarico.iban").exists()


def test_l_iban_anche_se_revocato_e_dopo_la_liquidazione(crea_scheda, affida, esperta,
                                                          porta_incarico, client_di):
    """A revoked incarico is still paid for the part done, and the liquidazione fixes the
    amount before the payment order: the IBAN may be given then too (a trial found the page
    saying «IBAN da indicare» after the liquidazione with no form left to give it)."""
    from incarichi.models import Incarico

    incarico = porta_incarico(affida(crea_scheda(tariffa_manuale=Decimal("50")), esperta,
                                     rapporto="privato"), "firmato")
    Incarico.objects.filter(pk=incarico.pk).update(stato=StatoIncarico.REVOCATO)
    servizi.comunica_iban(persona=esperta, incarico=incarico, iban=IBAN)
    incarico.refresh_from_db()
    assert incarico.iban == IBAN
    Incarico.objects.filter(pk=incarico.pk).update(liquidato_il=timezone.now(), iban="")
    pagina = unescape(client_di(esperta).get(_pagina(incarico)).content.decode())
    assert "Non hai ancora indicato l'IBAN" in pagina and f'action="{_pagamento(incarico)}' in pagina
    servizi.comunica_iban(persona=esperta, incarico=incarico, iban="GB82WEST12345698765432")
    incarico.refresh_from_db()
    assert incarico.iban == "GB82WEST12345698765432"
    assert Evento.objects.filter(azione="incarico.iban").latest("pk").descrizione.endswith(
        ", dopo la liquidazione")
