import pytest

from accounts.models import Membership, Ruolo
from assistenza import services
from portale.tests import campioni_documenti as campioni


@pytest.fixture(autouse=True)
def archivio_privato(settings, tmp_path):
    """Uploaded files go to a temporary private storage, never to the checkout's var/."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None}}}
    return tmp_path / "media"


@pytest.fixture
def supporto(con_ruolo):
    return con_ruolo("MRNLRA90M50H501J", Ruolo.SUPPORTO, nome="Laura", cognome="Marini")


@pytest.fixture
def supporto2(con_ruolo):
    return con_ruolo("CNTFNC68L20H501F", Ruolo.SUPPORTO, nome="Francesco", cognome="Conti")


@pytest.fixture
def altro_candidato(crea_persona):
    return crea_persona("ESPMRC88R03L736K", nome="Marco", cognome="Esposito")


@pytest.fixture
def membership_di():
    def trova(persona):
        return Membership.objects.select_related("istituto").filter(user=persona).first()
    return trova


@pytest.fixture
def apri_ticket(membership_di):
    """Each call a distinct request (the same one sent twice is refused: TicketGiaAperto)."""
    numero = iter(range(1, 10_000))

    def apri(richiedente, oggetto="Non riesco a caricare il curriculum", tipologia="candidature",
             allegati=(), **extra):
        n = next(numero)
        descrizione = extra.pop("descrizione", "Il pulsante non risponde." if n == 1
                                else f"Il pulsante non risponde (prova {n}).")
        return services.apri_ticket(
            autore=richiedente, membership=membership_di(richiedente), tipologia=tipologia,
            oggetto=oggetto, descrizione=descrizione, allegati=allegati, **extra)
    return apri


@pytest.fixture
def come(membership_di):
    """Keyword arguments to call a service as `persona` with its membership."""
    def kwargs(persona):
        return {"autore": persona, "membership": membership_di(persona)}
    return kwargs


@pytest.fixture
def pdf_caricato():
    return lambda nome="schermata.pdf": campioni.caricato(nome, campioni.pdf(nome))
