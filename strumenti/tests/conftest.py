import pytest

from accounts.models import Membership, Ruolo
from portale.tests import campioni_documenti as campioni
from strumenti import services


@pytest.fixture(autouse=True)
def archivio_privato(settings, tmp_path):
    """Uploaded files go to a temporary private storage, never to the checkout's var/."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None}}}
    return tmp_path / "media"


@pytest.fixture
def membership_di():
    def trova(persona, ruolo=None):
        qs = Membership.objects.select_related("istituto").filter(user=persona)
        return (qs.filter(ruolo=ruolo) if ruolo else qs).get()
    return trova


@pytest.fixture
def crea_strumento(membership_di):
    """A strumento uploaded through the service by `autore` with its (only) membership."""
    def crea(autore, titolo="Modello di avviso", visibilita="pubblico", categoria="template",
             descrizione="", dati=None, nome="modello.pdf"):
        return services.carica_strumento(
            autore=autore, membership=membership_di(autore), titolo=titolo,
            descrizione=descrizione, categoria=categoria, visibilita=visibilita,
            file=campioni.caricato(nome, dati or campioni.pdf(titolo)))
    return crea


@pytest.fixture
def segreteria(con_ruolo, istituto):
    return con_ruolo("NREPLA85E10H501Q", Ruolo.SEGRETERIA, istituto, nome="Paolo", cognome="Neri")


@pytest.fixture
def supporto(con_ruolo):
    return con_ruolo("MRNLRA90M50H501J", Ruolo.SUPPORTO, nome="Laura", cognome="Marini")
