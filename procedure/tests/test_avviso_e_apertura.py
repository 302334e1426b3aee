"""The published avviso states the opening to the minute («dalle ore 08:39 del …»): whatever
opens the terms at another minute issues a new version that says the true one, so the PDF
candidates rely on never disagrees with the page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateformat import format as formatta

from portale.lingua import data_con
from portale.models import Evento
from procedure import services
from procedure.models import Stato

pytestmark = pytest.mark.django_db


def _dalle(istante) -> str:
    """As the avviso says it: «dalle ore 08:39 del 03/12/2026», «… dell'08/12/2026»."""
    return (f"dalle ore {formatta(timezone.localtime(istante), 'H:i')} "
            f"{data_con('del', istante, 'd/m/Y', formatta=formatta)}")


def _ultima(procedura):
    return procedura.versioni_avviso.order_by("-numero").first()


@pytest.fixture
def pubblicata(crea_procedura_completa, porta_a):
    """Published with the opening announced for tomorrow, not opened yet."""
    return porta_a(crea_procedura_completa(), "pubblicata")


def test_apri_prima_della_data_annunciata_nuova_versione(pubblicata, ds, ds_membership):
    annunciata = pubblicata.data_apertura
    adesso = timezone.now()
    services.apri(autore=ds, membership=ds_membership, procedura=pubblicata, adesso=adesso)
    pubblicata.refresh_from_db()
    assert pubblicata.stato == Stato.APERTA
    assert pubblicata.versioni_avviso.count() == 2
    versione = _ultima(pubblicata)
    assert _dalle(adesso) in versione.sorgente
    assert _dalle(annunciata) not in versione.sorgente
    evento = Evento.objects.filter(azione="procedura.apri").get()
    assert f"avviso versione {versione.numero}" in evento.descrizione


def test_programma_apertura_a_un_altra_data_nuova_versione(pubblicata, ds, ds_membership):
    nuova = timezone.now() + timedelta(hours=5)
    services.programma_apertura(autore=ds, membership=ds_membership, procedura=pubblicata,
                                data_apertura=nuova)
    assert pubblicata.versioni_avviso.count() == 2
    assert _dalle(nuova) in _ultima(pubblicata).sorgente


def test_stessa_data_annunciata_nessuna_nuova_versione(pubblicata, ds, ds_membership):
    # «Programma apertura» at the date of the publication (a few seconds apart: same minute)
    stessa = pubblicata.data_apertura.replace(second=0) + timedelta(seconds=30)
    services.programma_apertura(autore=ds, membership=ds_membership, procedura=pubblicata,
                                data_apertura=stessa)
    assert pubblicata.versioni_avviso.count() == 1


def test_pubblica_e_apri_subito_una_versione_con_l_apertura_vera(crea_procedura_completa, porta_a,
                                                                 ds, ds_membership):
    procedura = porta_a(crea_procedura_completa(), "conclusa")
    adesso = timezone.now()
    gia_passata = adesso - timedelta(minutes=20)  # the form was prefilled twenty minutes ago
    services.pubblica(autore=ds, membership=ds_membership, procedura=procedura,
                      data_apertura=gia_passata, data_chiusura=adesso + timedelta(days=10),
                      apertura_automatica=True, adesso=adesso)
    procedura.refresh_from_db()
    assert procedura.stato == Stato.APERTA
    assert procedura.versioni_avviso.count() == 1
    assert procedura.data_apertura == adesso
    assert _dalle(adesso) in _ultima(procedura).sorgente


def test_proroga_oltre_l_inizio_delle_attivita_rifiutata_e_poi_detta(client, crea_procedura_completa,
                                                                       porta_a, ds, ds_membership):
    """A typo (2099 for 2026) was accepted, published and could not be taken back: the closing
    must precede the activities' first day; a good proroga says the new date."""
    from datetime import datetime, time

    from django.core.exceptions import ValidationError

    procedura = porta_a(crea_procedura_completa(), "aperta")
    inizio = timezone.make_aware(datetime.combine(procedura.data_inizio_attivita, time(9)))
    versioni = procedura.versioni_avviso.count()
    with pytest.raises(ValidationError) as errore:
        services.proroga(autore=ds, membership=ds_membership, procedura=procedura,
                         nuova_chiusura=inizio)
    assert "deve precedere l'inizio delle attività" in str(errore.value)
    assert procedura.versioni_avviso.count() == versioni
    client.force_login(ds)
    # the page says the closing it extends (the new one must come after it)
    modulo = (client.get(f"/procedure/{procedura.pk}/azione/proroga/").content.decode()
              .replace("&#x27;", "'"))  # «l'08/12», «l'11/01»: an elided article
    ora = data_con("il", procedura.data_chiusura, "%d/%m/%Y alle %H:%M")
    assert f"Oggi la chiusura è {ora}: la nuova deve essere successiva." in modulo
    nuova = inizio - timedelta(days=2)
    risposta = client.post(f"/procedure/{procedura.pk}/azione/proroga/",
                           {"nuova_chiusura": timezone.localtime(nuova).strftime("%Y-%m-%dT%H:%M")},
                           follow=True)
    pagina = risposta.content.decode().replace("&#x27;", "'")
    assert f"Termini prorogati {data_con('al', nuova, '%d/%m/%Y alle %H:%M')}" in pagina


def test_pubblica_con_chiusura_dopo_l_inizio_delle_attivita_rifiutata(crea_procedura_completa,
                                                                       porta_a, ds, ds_membership):
    from django.core.exceptions import ValidationError

    procedura = porta_a(crea_procedura_completa(), "conclusa")
    adesso = timezone.now()
    with pytest.raises(ValidationError) as errore:
        services.pubblica(autore=ds, membership=ds_membership, procedura=procedura,
                          data_apertura=adesso, data_chiusura=adesso + timedelta(days=400))
    assert "data_chiusura" in errore.value.message_dict
    assert not procedura.versioni_avviso.exists()
