import pytest

from accounts.spid import registro
from accounts.spid_test_idp import server as test_idp


@pytest.fixture
def registro_pulito():
    registro.identity_providers.cache_clear()
    yield
    registro.identity_providers.cache_clear()


def test_gli_idp_si_aggiungono_con_un_file_di_metadata(settings, tmp_path, registro_pulito):
    (tmp_path / "spid-poste_id.xml").write_text(test_idp.metadata_xml())
    (tmp_path / "cie-ministero_interno.xml").write_text(test_idp.metadata_xml())
    settings.SPID_TEST_IDP_ENABLED = False
    settings.SPID_IDP_METADATA_DIR = str(tmp_path)
    assert [(i.nome, i.tipo) for i in registro.identity_providers()] == [
        ("Ministero Interno", "cie"), ("Poste Id", "spid")]
    assert registro.trova(test_idp.ENTITY_ID, "cie").nome == "Ministero Interno"
    assert registro.trova("https://sconosciuto.example/", "spid") is None


def test_senza_configurazione_nessun_idp(settings, registro_pulito):
    settings.SPID_TEST_IDP_ENABLED = False
    settings.SPID_IDP_METADATA_DIR = ""
    assert registro.identity_providers() == ()
    assert registro.per_tipo("spid") == []
