import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Istituto, Membership, Ruolo, User
from accounts.validators import valida_codice_fiscale_persona, valida_codice_meccanografico

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("valore", ["RSSMRA70A41H501X", "RSSMRA70A41H50", "12345678901", ""])
def test_codice_fiscale_non_valido_con_messaggio_italiano(valore):
    with pytest.raises(ValidationError) as errore:
        valida_codice_fiscale_persona(valore)
    assert "non è valido" in errore.value.messages[0]


def test_codice_fiscale_normalizzato_e_data_di_nascita_derivata():
    persona = User.objects.create_user(" rssmra70a41h501w ")
    assert persona.codice_fiscale == "RSSMRA70A41H501W"
    assert str(persona.data_nascita) == "1970-01-01"
    assert not persona.has_usable_password()


@pytest.mark.parametrize("valore", ["RMIC8A700", "1MIC8A7005", "RMIC8A7005X", "rm-c8a7005"])
def test_codice_meccanografico_non_valido(valore):
    with pytest.raises(ValidationError) as errore:
        valida_codice_meccanografico(valore)
    assert "codice meccanografico" in errore.value.messages[0]


def test_istituto_full_clean_rifiuta_codici_errati(istituto):
    istituto.codice_meccanografico = "XX"
    istituto.codice_fiscale = "12345678901"
    with pytest.raises(ValidationError) as errore:
        istituto.full_clean()
    assert {"codice_meccanografico", "codice_fiscale"} <= set(errore.value.message_dict)


def test_il_database_rifiuta_un_ruolo_di_istituto_senza_istituto(crea_persona):
    persona = crea_persona("RSSMRA70A41H501W")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=persona, ruolo=Ruolo.DS, istituto=None)


def test_il_database_rifiuta_un_ruolo_nazionale_legato_a_un_istituto(crea_persona, istituto):
    persona = crea_persona("RSSMRA70A41H501W")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=persona, ruolo=Ruolo.SUPPORTO, istituto=istituto)


def test_il_database_rifiuta_un_ruolo_inventato(crea_persona, istituto):
    persona = crea_persona("RSSMRA70A41H501W")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=persona, ruolo="preside", istituto=istituto)


def test_validita_dei_ruoli(ds, istituto):
    oggi = timezone.localdate()
    Membership.objects.filter(user=ds).update(valido_al=oggi - timedelta(days=1),
                                              valido_dal=oggi - timedelta(days=30))
    assert not Membership.objects.valide().filter(user=ds).exists()


def test_reggenza_cambio_dell_istituto_attivo(client, con_ruolo, istituto, altro_istituto):
    ds = con_ruolo("RSSMRA70A41H501W", Ruolo.DS, istituto)
    con_ruolo("RSSMRA70A41H501W", Ruolo.DS, altro_istituto)
    client.force_login(ds)
    pagina = client.get("/area-riservata/").content.decode()
    assert 'id="membership-attiva"' in pagina and "Liceo Galilei" in pagina
    seconda = Membership.objects.get(user=ds, istituto=altro_istituto)
    # switched on a page of the first istituto (a procedure of its own): the reserved area of
    # the second, not the page left, which would answer 404 there
    risposta = client.post("/profilo/cambia-istituto/", {"membership": seconda.pk},
                           headers={"Referer": "http://testserver/procedure/7/graduatoria/"})
    assert risposta.status_code == 302 and risposta["Location"] == "/area-riservata/"
    assert client.get("/area-riservata/").wsgi_request.membership == seconda
    # the same istituto (another role of the same person there, or none changed): the page
    risposta = client.post("/profilo/cambia-istituto/", {"membership": seconda.pk},
                           headers={"Referer": "http://testserver/procedure/"})
    assert risposta["Location"] == "http://testserver/procedure/"


def test_non_si_puo_attivare_il_ruolo_di_un_altro(client, ds, ds_altro):
    client.force_login(ds)
    altrui = Membership.objects.get(user=ds_altro)
    client.post("/profilo/cambia-istituto/", {"membership": altrui.pk}, follow=True)
    assert client.get("/area-riservata/").wsgi_request.membership.user == ds


def test_utente_senza_ruolo_su_pagina_staff_messaggio_chiaro(client, candidato, caplog):
    client.force_login(candidato)
    risposta = client.get("/gestione/personale/")
    assert risposta.status_code == 403
    assert "Questa pagina è riservata a chi opera come Dirigente Scolastico o " \
           "Amministrazione centrale." in risposta.content.decode()
    assert "Accesso negato" in caplog.text


def test_anonimo_su_pagina_staff_va_al_login(client):
    risposta = client.get("/gestione/personale/")
    assert risposta.status_code == 302 and risposta["Location"].startswith("/accounts/login/")


def test_registrazione_con_password_chiusa(client):
    """Accounts come only from SPID/CIE: the password sign-up form is closed."""
    risposta = client.post("/accounts/signup/", {"username": "RSSMRA70A41H501W",
                                                 "password1": "Una-password-lunga-1"})
    assert "account/signup_closed.html" in [t.name for t in risposta.templates]
    assert User.objects.count() == 0


def test_impostazioni_di_produzione_non_abilitano_il_test_idp():
    """Production settings never install the SPID test identity provider."""
    codice = (
        "import django, os; django.setup(); from django.conf import settings; "
        "print('spid_test_idp' in ' '.join(settings.INSTALLED_APPS), settings.DEBUG, "
        "settings.SESSION_COOKIE_NAME)"
    )
    ambiente = {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "k" * 50,
                "DJANGO_SETTINGS_MODULE": "config.settings", "SPID_TEST_IDP": "1",
                "PATH": "/usr/bin:/bin"}
    esito = subprocess.run([sys.executable, "-c", codice], env=ambiente, capture_output=True,
                           text=True, check=True)
    assert esito.stdout.split() == ["False", "False", "__Host-sessionid"]


def test_produzione_senza_secret_key_non_parte():
    ambiente = {"DJANGO_ENV": "production", "DJANGO_SETTINGS_MODULE": "config.settings",
                "PATH": "/usr/bin:/bin"}
    esito = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=ambiente,
                           capture_output=True, text=True)
    assert esito.returncode != 0 and "DJANGO_SECRET_KEY" in esito.stderr


def test_istituto_str(istituto):
    assert str(istituto) == "IC Leonardo da Vinci (RMIC8A7005)"
    assert Istituto.objects.count() == 1


def test_il_nome_del_ruolo_si_accorda_con_chi_lo_ha(client, con_ruolo, istituto):
    """«Operi come Dirigente Scolastica» for a woman (the codice fiscale says it), «Dirigente
    Scolastico» for a man; in the list of the staff each row with its person."""
    from accounts.models import Ruolo

    maria = con_ruolo("RSSMRA70A41H501W", Ruolo.DS, istituto, nome="Maria", cognome="Rossi")
    giuseppe = con_ruolo("BNCGPP75C12F205U", Ruolo.DS, istituto, nome="Giuseppe",
                         cognome="Bianchi")
    client.force_login(maria)
    pagina = client.get("/area-riservata/").content.decode()
    assert f"Operi come <strong>Dirigente Scolastica – {istituto.denominazione}</strong>" in pagina
    assert "Dirigente Scolastico" not in pagina
    client.force_login(giuseppe)
    pagina = client.get("/area-riservata/").content.decode()
    assert f"Operi come <strong>Dirigente Scolastico – {istituto.denominazione}</strong>" in pagina
    # the list of the istituto's staff agrees each row with its person
    elenco = client.get("/gestione/personale/").content.decode()
    righe = elenco[elenco.index("<tbody>"):elenco.index("</tbody>")]  # not the header's
    assert ">Dirigente Scolastica</td>" in righe and ">Dirigente Scolastico</td>" in righe
