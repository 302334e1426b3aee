"""The development key pair of the service provider, with two portals on one VAR_DIR.

Its certificate names the entityID (AgID rules), which comes from the portal's address, and a
pair for another entityID is replaced. With one file for every address, `make run PORT=8013`
and the tests (127.0.0.1:8000) replaced each other's pair while the other was signing with it:
the test identity provider then refused one login in four («Richiesta non valida») and SPID
tests failed at random whenever both ran. Each address has its own pair now.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

RADICE = Path(__file__).resolve().parents[2]
STAMPA_CHIAVE = ("from django.conf import settings; from accounts.spid.config import assicura_chiavi_sp; "
                 "assicura_chiavi_sp(); print(settings.SPID_KEY_FILE)")


def _portale(var_dir: Path, indirizzo: str) -> Path:
    """What a portal at `indirizzo` does at its first SPID page: ensure its pair; its key file."""
    ambiente = {k: v for k, v in os.environ.items()
                if k not in {"SPID_KEY_FILE", "SPID_CERT_FILE", "SPID_SP_ENTITY_ID", "DJANGO_ENV"}}
    ambiente |= {"VAR_DIR": str(var_dir), "PORTALE_BASE_URL": indirizzo, "DJANGO_ENV": "development"}
    esito = subprocess.run([sys.executable, "-c", "import django, os; os.environ.setdefault("
                            "'DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); " + STAMPA_CHIAVE],
                           env=ambiente, cwd=RADICE, capture_output=True, text=True, check=True)
    return Path(esito.stdout.strip().splitlines()[-1])


def _impronta(percorso: Path) -> str:
    return hashlib.sha256(percorso.read_bytes()).hexdigest()


def test_due_portali_sullo_stesso_var_dir_non_si_sostituiscono_le_chiavi(tmp_path):
    chiave_8000 = _portale(tmp_path, "http://127.0.0.1:8000")
    prima = _impronta(chiave_8000)
    chiave_8013 = _portale(tmp_path, "http://127.0.0.1:8013")
    assert chiave_8013 != chiave_8000
    assert _impronta(chiave_8000) == prima  # the first portal still signs with the key it has
    assert _portale(tmp_path, "http://127.0.0.1:8000") == chiave_8000
    assert _impronta(chiave_8000) == prima and chiave_8013.exists()
