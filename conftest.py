from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts import limiti
from accounts.models import Istituto, Membership, Ruolo, User

# Shared fixtures: a real Celery worker, a running portal with a Chromium page.
pytest_plugins = ["portale.tests.celery_reale", "portale.tests.browser", "procedure.tests.fixtures"]


@pytest.fixture(scope="session", autouse=True)
def dati_delle_migrazioni_dopo_ogni_flush():
    """A transactional test ends with a flush that empties every table, the reference data of
    the data migrations too; which tests run after it on the same worker changes from run to
    run (--dist worksteal). The flush sends post_migrate: the migrations' own functions put the
    CCNL rates and the regulation's incompatible pair back (idempotent: get_or_create)."""
    import importlib

    from django.apps import apps
    from django.db.models.signals import post_migrate

    from fabbisogno.models import TariffaOraria

    tariffe = importlib.import_module("incarichi.migrations.0002_tariffe_ccnl")
    incompatibilita = importlib.import_module("incarichi.migrations.0006_incompatibilita_come_dati")
    # 0002 names the model's home of then (incarichi): it is fabbisogno's now.
    registro_di_allora = SimpleNamespace(get_model=lambda *_: TariffaOraria)

    def ricarica(**_):
        tariffe.carica(registro_di_allora, None)
        incompatibilita.coppia_dell_art_17(apps, None)

    post_migrate.connect(ricarica, sender=apps.get_app_config("incarichi"),
                         dispatch_uid="dati_delle_migrazioni")
    yield
    post_migrate.disconnect(dispatch_uid="dati_delle_migrazioni",
                            sender=apps.get_app_config("incarichi"))


@pytest.fixture(autouse=True)
def archivio_privato_temporaneo(settings, tmp_path):
    """Uploaded and generated files of a test go to its own folder, never to var/media."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
    }}


@pytest.fixture(autouse=True)
def conteggio_richieste_spento(settings):
    """The submission path's request counter (portale.disponibilita) writes a telemetry row
    per request; off unless a test turns it on, so the access sweep's fingerprint of every
    table sees only what the views themselves change. A test that turns it on sees every
    count written at once (the counts kept in memory between writes: test_disponibilita)."""
    settings.DISPONIBILITA_VISTE = ()
    settings.DISPONIBILITA_SCRITTURA_SECONDI = 0


@pytest.fixture(autouse=True)
def cache_vuota():
    """Each test starts with an empty cache (the local-memory cache outlives a test)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def istituto(db):
    return Istituto.objects.create(
        codice_meccanografico="RMIC8A7005", denominazione="IC Leonardo da Vinci",
        codice_fiscale="97000010583", indirizzo="Via dei Quattro Venti 10", comune="Roma",
        provincia="RM", regione="Lazio", email="rmic8a7005@istruzione.it",
        pec="rmic8a7005@pec.istruzione.it",
    )


@pytest.fixture
def altro_istituto(db):
    return Istituto.objects.create(
        codice_meccanografico="MIPS01000A", denominazione="Liceo Galilei",
        codice_fiscale="80002010157", indirizzo="Viale Lombardia 5", comune="Milano",
        provincia="MI", regione="Lombardia", email="mips01000a@istruzione.it",
        pec="mips01000a@pec.istruzione.it",
    )


@pytest.fixture
def crea_persona(db):
    def crea(codice_fiscale, nome="Mario", cognome="Rossi", email="", **extra):
        return User.objects.create_user(codice_fiscale, nome=nome, cognome=cognome,
                                        email=email or f"{codice_fiscale.lower()}@example.it", **extra)
    return crea


@pytest.fixture
def con_ruolo(crea_persona):
    """A person holding `ruolo` (in `istituto`, or nationally) from today."""
    def crea(codice_fiscale, ruolo, istituto=None, **extra):
        persona = User.objects.filter(codice_fiscale=codice_fiscale).first() or crea_persona(
            codice_fiscale, **extra)
        Membership.objects.create(user=persona, ruolo=ruolo, istituto=istituto,
                                  valido_dal=timezone.localdate())
        return persona
    return crea


@pytest.fixture
def ds(con_ruolo, istituto):
    return con_ruolo("RSSMRA70A41H501W", Ruolo.DS, istituto, nome="Maria", cognome="Rossi")


@pytest.fixture
def ds_altro(con_ruolo, altro_istituto):
    return con_ruolo("BNCGPP75C12F205U", Ruolo.DS, altro_istituto, nome="Giuseppe", cognome="Bianchi")


@pytest.fixture
def amministrazione(con_ruolo):
    return con_ruolo("CNTFNC68L20H501F", Ruolo.AMMINISTRAZIONE, nome="Francesco", cognome="Conti")


@pytest.fixture
def candidato(crea_persona):
    return crea_persona("FRRLSS92P45F839O", nome="Alessia", cognome="Ferrari")


@pytest.fixture
def client_di(client):
    def entra(user):
        client.force_login(user)
        return client
    return entra


def pytest_collection_modifyitems(config, items):
    """The long tests first (stable sort, the rest in their order): under xdist a worker starts
    with one while the other runs the short ones, instead of one worker alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("lunga") is None)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report on the item (used to screenshot failed browser tests)."""
    esito = yield
    rapporto = esito.get_result()
    setattr(item, f"rep_{rapporto.when}", rapporto)


@pytest.fixture
def scheda_conclusa(ds):
    """A concluded scheda progettuale of the DS's istituto (30 h × 19,25 €)."""
    from datetime import date

    from fabbisogno import services as schede
    from fabbisogno.models import TariffaOraria

    membership = ds.memberships.get()
    tariffa = TariffaOraria.objects.get(importo_orario="19.25")
    scheda = schede.crea_scheda(
        autore=ds, membership=membership, titolo="Tutor del modulo di matematica",
        descrizione="Recupero delle competenze di base", tipologia_incarico="tutor",
        fonte_finanziamento="pnrr", cup="D34D22000350006", destinatari="Studenti delle classi prime",
        data_inizio=date(2027, 1, 15), data_fine=date(2027, 5, 30), ore_previste=30,
        tariffa=tariffa,
    )
    return schede.concludi_scheda(autore=ds, membership=membership, scheda=scheda)


@pytest.fixture
def orologio_fermo(monkeypatch):
    """The rate limiter's clock stands still mid-window: no minute boundary between requests."""
    monkeypatch.setattr(limiti, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
