"""«Elimina la bozza»: opening «Presenta candidatura» creates a draft, and a candidate who
changed their mind had no way to remove it (it stayed in «Le mie candidature» and in the
cruscotto's count). A draft goes with its documents; a sent application does not (it is
withdrawn); nobody else's."""

from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from candidature import services
from candidature.models import Candidatura, StatoCandidatura
from portale.models import Evento

pytestmark = pytest.mark.django_db


def test_la_bozza_se_ne_va_con_i_suoi_documenti(client, candidato, bozza_completa,
                                               django_capture_on_commit_callbacks):
    percorsi = list(bozza_completa.allegati.values_list("percorso", flat=True))
    assert percorsi and all(default_storage.exists(p) for p in percorsi)
    client.force_login(candidato)
    riepilogo = client.get(reverse("candidature:riepilogo", args=[bozza_completa.procedura_id]))
    url = reverse("candidature:elimina_bozza", args=[bozza_completa.pk])
    assert f'action="{url}"' in riepilogo.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        risposta = client.post(url, follow=True)
    assert risposta.redirect_chain[-1][0] == reverse("candidature:le_mie")
    assert "Bozza eliminata" in unescape(risposta.content.decode())
    assert not Candidatura.objects.filter(pk=bozza_completa.pk).exists()
    assert not any(default_storage.exists(p) for p in percorsi)
    evento = Evento.objects.get(azione="candidatura.bozza_eliminata")
    assert evento.autore == candidato


def test_una_candidatura_inviata_non_si_elimina(candidato, bozza_completa):
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    with pytest.raises(ValidationError, match="si ritira"):
        services.elimina_bozza(candidato=candidato, candidatura=inviata)
    assert Candidatura.objects.get(pk=inviata.pk).stato == StatoCandidatura.INVIATA


def test_la_bozza_di_un_altro_no(client, crea_persona, bozza_completa):
    altro = crea_persona("BNCLRA95M41F205Z", nome="Laura", cognome="Bianchi")
    with pytest.raises(PermissionDenied):
        services.elimina_bozza(candidato=altro, candidatura=bozza_completa)
    client.force_login(altro)
    url = reverse("candidature:elimina_bozza", args=[bozza_completa.pk])
    assert client.post(url).status_code == 404
    assert client.get(url).status_code in (404, 405)
    client.logout()
    assert client.post(url)["Location"].startswith("/accounts/login/")
    assert Candidatura.objects.filter(pk=bozza_completa.pk).exists()


def test_i_file_della_candidatura_ritirata_restano(candidato, bozza_completa,
                                                  django_capture_on_commit_callbacks):
    """A new draft starts from the withdrawn application with the same stored files: deleting
    the draft leaves them to the withdrawn one."""
    from candidature import ripresenta

    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    services.ritira(candidato=candidato, candidatura=inviata)
    nuova, _ = ripresenta.apri_bozza(candidato=candidato, procedura=inviata.procedura)
    condivisi = set(nuova.allegati.values_list("percorso", flat=True))
    assert condivisi and condivisi <= set(inviata.allegati.values_list("percorso", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        services.elimina_bozza(candidato=candidato, candidatura=nuova)
    assert all(default_storage.exists(p) for p in condivisi)
    assert Candidatura.objects.get(pk=inviata.pk).stato == StatoCandidatura.RITIRATA
