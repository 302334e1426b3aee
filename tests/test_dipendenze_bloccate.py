"""The installed Python packages are exactly the locked ones (requirements/dev.txt).

`make setup` installs from the lock with hashes; if a machine ends up with other versions
(a hand-made `pip install`, a lock edited without reinstalling) the suite says so here, as a
drift, instead of failing later somewhere unrelated.
"""

from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = Path(__file__).resolve().parent.parent / "requirements" / "dev.txt"


def righe_bloccate(testo: str) -> list[Requirement]:
    """The `name==version ; marker` lines of a uv/pip-compile lock (hashes and comments skipped)."""
    requisiti = []
    for riga in testo.replace("\\\n", " ").splitlines():
        riga = riga.split(" --hash")[0].strip()
        if riga and not riga.startswith(("#", "-")):
            requisiti.append(Requirement(riga))
    return requisiti


def scostamenti(requisiti: list[Requirement], installati: dict[str, str]) -> list[str]:
    ambiente = default_environment()
    diversi = []
    for requisito in requisiti:
        if requisito.marker and not requisito.marker.evaluate(ambiente):
            continue
        (specifica,) = requisito.specifier
        trovato = installati.get(canonicalize_name(requisito.name))
        if trovato != specifica.version:
            diversi.append(f"{requisito.name}: bloccato {specifica.version}, installato {trovato}")
    return diversi


def test_il_lock_si_legge_e_i_marcatori_valgono():
    requisiti = righe_bloccate(LOCK.read_text())
    nomi = {canonicalize_name(r.name) for r in requisiti}
    assert {"django", "django-allauth", "celery", "pytest"} <= nomi
    assert all(str(r.specifier).startswith("==") for r in requisiti), "il lock fissa ogni versione"
    # a line whose marker excludes this interpreter is not expected to be installed
    finto = righe_bloccate('pacchetto-windows==1.0 ; sys_platform == "win32" \\\n'
                           "    --hash=sha256:00\ndjango==0.1 \\\n    --hash=sha256:00\n")
    assert scostamenti(finto, {"django": "0.1"}) == []
    assert scostamenti(finto, {"django": "5.2"}) == ["django: bloccato 0.1, installato 5.2"]


def test_le_versioni_installate_sono_quelle_del_lock():
    installati = {canonicalize_name(d.metadata["Name"]): d.version
                  for d in metadata.distributions()}
    diversi = scostamenti(righe_bloccate(LOCK.read_text()), installati)
    assert not diversi, (
        "L'ambiente non corrisponde a requirements/dev.txt (reinstalla con `make setup`, o "
        "aggiorna il lock di proposito con `make lock`):\n  " + "\n  ".join(diversi))
