"""Issue 17: after «Ritira», the new application starts from the withdrawn one (data and
documents; the stored files are reused, never copied or lost)."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from candidature import services
from candidature.models import AllegatoCandidatura, Candidatura, StatoCandidatura
from portale.models import Evento
from portale.tests.campioni_documenti import caricato, pdf
from procedure.models import ProceduraSelezione

pytestmark = pytest.mark.django_db


@pytest.fixture
def ritirata(candidato, bozza_completa):
    inviata = services.invia(candidato=candidato, candidatura=bozza_completa)
    return services.ritira(candidato=candidato, candidatura=inviata)


def test_la_nuova_candidatura_riparte_dalla_ritirata(client, candidato, ritirata):
    client.force_login(candidato)
    dettaglio = client.get(reverse("candidature:dettaglio", args=[ritirata.pk])).content.decode()
    presenta = reverse("candidature:presenta", args=[ritirata.procedura_id])
    assert f'href="{presenta}">Presenta una nuova candidatura' in dettaglio
    # said first, before the receipt and the whole declaration: what happened, what can be done
    assert (dettaglio.index("Candidatura ritirata</div>") < dettaglio.index("Presenta una nuova")
            < dettaglio.index("Invio registrato") < dettaglio.index("Dati e contatti"))
    # received, but no longer standing: not «Candidatura ricevuta» in green
    assert '<div class="callout success">' not in dettaglio
    assert "Candidatura ricevuta" not in dettaglio

    pagina = client.get(presenta).content.decode()
    assert "riparte da quella ritirata" in pagina and 'value="alessia.ferrari@example.it"' in pagina
    nuova = Candidatura.objects.get(stato=StatoCandidatura.BOZZA)
    assert nuova.pk != ritirata.pk and nuova.categoria == "privato"
    assert nuova.dichiarazioni == ritirata.dichiarazioni and nuova.risposte == ritirata.risposte
    assert not any(nuova.autocertificazioni.values())  # given again, knowingly
    vecchio, = ritirata.allegati.all()
    copia, = nuova.allegati.all()
    assert (copia.percorso, copia.sha256, copia.allegato_richiesto_id) == (
        vecchio.percorso, vecchio.sha256, vecchio.allegato_richiesto_id)  # the same stored file
    assert Evento.objects.filter(azione="candidatura.ripresa").count() == 1
    # the withdrawn one is untouched, and its page no longer offers a second new one
    ritirata.refresh_from_db()
    assert ritirata.stato == StatoCandidatura.RITIRATA and ritirata.allegati.count() == 1
    dettaglio = client.get(reverse("candidature:dettaglio", args=[ritirata.pk])).content.decode()
    assert "Presenta una nuova candidatura" not in dettaglio and "Candidatura ritirata" in dettaglio
    # it leads to the new one, and does not say the terms are closed (they are open)
    assert "sono chiusi" not in dettaglio
    assert (f'Hai già una nuova candidatura, in bozza: <a href="{presenta}">completala</a> '
            "entro la chiusura dei termini.") in dettaglio
    riepilogo = client.get(reverse("candidature:riepilogo", args=[ritirata.procedura_id]))
    assert vecchio.sha256 in riepilogo.content.decode()

    # replacing the copied document in the new draft keeps the withdrawn one's file
    allegato = ritirata.procedura.allegati_richiesti.get()
    client.post(reverse("candidature:passo", args=[ritirata.procedura_id, "allegati"]), {
        f"allegato_{allegato.pk}": caricato("cv-nuovo.pdf", pdf("Nuovo CV")), "salva": ""})
    nuovo, = nuova.allegati.all()
    assert nuovo.nome == "cv-nuovo.pdf" and nuovo.percorso != vecchio.percorso
    assert default_storage.exists(vecchio.percorso)
    assert AllegatoCandidatura.objects.filter(percorso=vecchio.percorso).count() == 1


def test_a_termini_chiusi_non_si_riparte(client, candidato, ritirata):
    adesso = timezone.now()
    ProceduraSelezione.objects.filter(pk=ritirata.procedura_id).update(
        data_apertura=adesso - timezone.timedelta(days=2),
        data_chiusura=adesso - timezone.timedelta(seconds=1))
    client.force_login(candidato)
    dettaglio = client.get(reverse("candidature:dettaglio", args=[ritirata.pk])).content.decode()
    assert "Presenta una nuova candidatura" not in dettaglio and "Candidatura ritirata" in dettaglio
    risposta = client.get(reverse("candidature:presenta", args=[ritirata.procedura_id]),
                          follow=True)
    assert "sono chiusi" in risposta.content.decode()
    assert not Candidatura.objects.filter(stato=StatoCandidatura.BOZZA).exists()


def test_solo_il_titolare_e_solo_da_una_ritirata(candidato, crea_persona, ritirata):
    from django.core.exceptions import PermissionDenied, ValidationError

    from candidature import ripresenta

    altro = crea_persona("ESPMRC88R03L736K", nome="Marco")
    with pytest.raises(PermissionDenied):
        ripresenta.ripresenta(candidato=altro, ritirata=ritirata)
    bozza = services.apri_bozza(candidato=candidato, procedura=ritirata.procedura)
    with pytest.raises(ValidationError):
        ripresenta.ripresenta(candidato=candidato, ritirata=bozza)
