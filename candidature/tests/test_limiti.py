"""The rate limit on saving and sending applications (accounts.limiti), per person."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from candidature.models import StatoCandidatura

pytestmark = pytest.mark.django_db


@override_settings(LIMITI={"accesso": (2, 60), "invio": (2, 60)})
def test_troppi_invii_dalla_stessa_persona(orologio_fermo, client, candidato, bozza_completa):
    cache.clear()
    client.force_login(candidato)
    presenta = reverse("candidature:presenta", args=[bozza_completa.procedura_id])
    assert client.post(presenta, {}).status_code != 429
    assert client.post(presenta, {}).status_code != 429
    invia = reverse("candidature:invia", args=[bozza_completa.pk])
    risposta = client.post(invia)
    assert risposta.status_code == 429
    bozza_completa.refresh_from_db()
    assert bozza_completa.stato == StatoCandidatura.BOZZA  # nothing processed, nothing lost


@override_settings(LIMITI={"accesso": (2, 60), "invio": (2, 60)})
def test_il_limite_e_per_persona(orologio_fermo, client, candidato, crea_persona, bozza_completa):
    cache.clear()
    presenta = reverse("candidature:presenta", args=[bozza_completa.procedura_id])
    client.force_login(candidato)
    for _ in range(3):
        client.post(presenta, {})
    client.force_login(crea_persona("BNCGPP80A01H501U", nome="Giuseppe", cognome="Bianco"))
    assert client.post(presenta, {}).status_code != 429
