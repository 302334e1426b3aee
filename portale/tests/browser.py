"""Real-browser fixtures: the portal started as `make run` starts it, and a Chromium page.

The portal runs (migrate, carica_demo, runserver) in a separate process with its own SQLite
database in a temporary folder, so the SAML addresses it signs are the ones the browser
really visits. `nel_portale` runs code in that process's database (same environment), for
what only time would change. Registered as a pytest plugin in the root conftest.py.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
RADICE = Path(__file__).resolve().parents[2]


def _porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ambiente_portale(tmp_path_factory) -> dict:
    """The environment of the portal process: its own VAR_DIR (SQLite database, files)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium non installato: .ci/run deve installare il pacchetto chromium")
        pytest.skip("Chromium non installato (apt-get install chromium)")
    porta = _porta_libera()
    ambiente = {k: v for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}}
    ambiente |= {"VAR_DIR": str(tmp_path_factory.mktemp("var")),
                 "PORTALE_BASE_URL": f"http://127.0.0.1:{porta}",
                 "DJANGO_ENV": "development", "EMAIL_URL": "console://"}
    return ambiente


def _manage(*comando) -> list[str]:
    return [sys.executable, str(RADICE / "manage.py"), *comando]


@pytest.fixture(scope="module")
def portale(ambiente_portale):
    ambiente = ambiente_portale
    base = ambiente["PORTALE_BASE_URL"]
    porta = base.rsplit(":", 1)[1]
    manage = _manage()
    for comando in (["migrate", "--noinput"], ["carica_demo"]):
        subprocess.run(manage + comando, env=ambiente, check=True, capture_output=True, cwd=RADICE)
    server = subprocess.Popen(manage + ["runserver", "--noreload", f"127.0.0.1:{porta}"],
                              env=ambiente, cwd=RADICE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("il portale non è partito")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def pagina(portale, request, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    # CI runs four portals and four browsers on two cores: a POST, its redirect and the next
    # page took more than the default 5 s there once (the journey passed alone). What a
    # person sees is still checked; only the wait for it is longer.
    expect.set_options(timeout=10_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        pagina = browser.new_page(viewport={"width": 1280, "height": 900}, locale="it-IT")
        yield pagina
        if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
            cartella = RADICE / "test-results"
            cartella.mkdir(exist_ok=True)
            pagina.screenshot(path=str(cartella / f"{request.node.name}.png"), full_page=True)
        browser.close()


def apri_conferma(pagina, pulsante) -> None:
    """Click `pulsante`, which opens a confirmation dialog, and wait until Bootstrap has shown
    it: while the dialog is still opening, Bootstrap ignores «Annulla»."""
    pagina.evaluate("() => { window.mostrato = new Promise(r => document.addEventListener("
                    "'shown.bs.modal', r, {once: true})); }")
    pulsante.click()
    pagina.evaluate("() => window.mostrato")


def entra_come(pagina, portale, nome, tipo="SPID"):
    """Log in through the SPID test identity provider as the demo person `nome`."""
    pagina.goto(portale + "/accounts/login/")
    pagina.get_by_role("link", name=f"Entra con {tipo}").click()
    pagina.get_by_role("button", name=nome).click()
    pagina.wait_for_url(portale + "/area-riservata/")


@pytest.fixture(scope="module")
def nel_portale(portale, ambiente_portale):
    """Run Python code (`manage.py shell -c`) in the running portal's database; returns stdout.

    For what only time would do in the journey (a deadline passing): the server decides by its
    own clock, so the test moves the stored dates into the past instead of waiting.
    """
    def esegui(codice: str) -> str:
        esito = subprocess.run(_manage("shell", "-c", codice), env=ambiente_portale, cwd=RADICE,
                               capture_output=True, text=True)
        if esito.returncode:
            pytest.fail(f"manage.py shell non riuscito:\n{esito.stderr}")
        return esito.stdout
    return esegui


def guarda(pagina, nome: str, cartella: Path) -> None:
    """No horizontal scroll at 1366 and 390 px; a full-page screenshot at both, in `cartella`
    (under test-results/, git-ignored), so a person can look at them."""
    cartella.mkdir(parents=True, exist_ok=True)
    # a click on a link returns once the navigation has started: measure the page it leads to
    pagina.wait_for_load_state()
    for larghezza, altezza in ((1366, 768), (390, 844)):
        pagina.set_viewport_size({"width": larghezza, "height": altezza})
        larga = pagina.evaluate("document.documentElement.scrollWidth")
        assert larga <= larghezza, f"{nome}: scorrimento orizzontale a {larghezza} px ({larga})"
        pagina.screenshot(path=str(cartella / f"{nome}-{larghezza}.png"), full_page=True)


def spunta(casella, valore: bool = True) -> None:
    """Tick (or untick) a Bootstrap Italia checkbox as a person does: by its label, which is
    drawn over the box. A forced click on the hidden input can land before the page's layout
    has settled (after an htmx swap) and miss; the label is a stable target."""
    from playwright.sync_api import expect

    if casella.is_checked() != valore:
        identificativo = casella.get_attribute("id")
        casella.page.locator(f'label[for="{identificativo}"]').click()
    expect(casella).to_be_checked(checked=valore)
