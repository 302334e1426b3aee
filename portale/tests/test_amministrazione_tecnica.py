"""The Django admin: superusers only, after password AND a TOTP code (allauth MFA)."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Una-password-robusta-2026"


@pytest.fixture
def superutente():
    return User.objects.create_superuser("CNTFNC68L20H501F", PASSWORD, nome="Francesco")


def _codice(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _login_password(client):
    return client.post("/accounts/login/", {"login": "CNTFNC68L20H501F", "password": PASSWORD})


def test_anonimo_mandato_al_login(client):
    risposta = client.get("/amministrazione-tecnica/")
    assert risposta.status_code == 302
    assert "/accounts/login/" in client.get(risposta["Location"])["Location"]


def test_superutente_senza_totp_deve_attivarlo(client, superutente):
    _login_password(client)
    risposta = client.get("/amministrazione-tecnica/", follow=True)
    assert any("/accounts/2fa/totp/activate/" in url for url, _ in risposta.redirect_chain)


def test_superutente_con_password_e_totp_entra(client, superutente):
    secret = generate_totp_secret()
    TOTP.activate(superutente, secret)
    risposta = _login_password(client)
    assert risposta.status_code == 302 and "/accounts/2fa/authenticate/" in risposta["Location"]
    assert client.get("/amministrazione-tecnica/").status_code == 302  # password alone: not in
    client.post("/accounts/2fa/authenticate/", {"code": _codice(secret)})
    pagina = client.get("/amministrazione-tecnica/")
    assert pagina.status_code == 200 and "amministrazione tecnica" in pagina.content.decode()


def test_accesso_spid_senza_mfa_non_basta_al_superutente(client, superutente):
    client.force_login(superutente)  # as after an SPID login: no MFA record in the session
    risposta = client.get("/amministrazione-tecnica/")
    assert risposta.status_code == 302


def test_non_superutente_rifiutato(client, ds):
    ds.is_staff = True
    ds.save()
    client.force_login(ds)
    risposta = client.get("/amministrazione-tecnica/login/")
    assert risposta.status_code == 403
