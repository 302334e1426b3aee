"""Key journey in a real browser: Debian's Chromium driven by Playwright.

The portal runs as `make run` runs it (migrate, carica_demo, runserver) in a separate process
with its own SQLite database in a temporary folder, so the SAML addresses it signs are the
ones the browser really visits.
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
pytestmark = pytest.mark.browser


def _porta_libera() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def portale(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium non installato: .ci/run deve installare il pacchetto chromium")
        pytest.skip("Chromium non installato (apt-get install chromium)")
    porta = _porta_libera()
    base = f"http://127.0.0.1:{porta}"
    ambiente = {k: v for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}}
    ambiente |= {"VAR_DIR": str(tmp_path_factory.mktemp("var")), "PORTALE_BASE_URL": base,
                 "DJANGO_ENV": "development", "EMAIL_URL": "console://"}
    manage = [sys.executable, str(RADICE / "manage.py")]
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
    from playwright.sync_api import sync_playwright

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


def test_accesso_spid_scelta_istituto_e_uscita(portale, pagina):
    pagina.goto(portale + "/")
    pagina.get_by_role("link", name="Accedi con SPID o CIE").click()
    pagina.get_by_role("link", name="Entra con SPID").click()
    pagina.wait_for_url("**/spid-test-idp/sso/")
    pagina.get_by_role("button", name="Maria Rossi").click()
    pagina.wait_for_url(portale + "/area-riservata/")
    assert "Ti sei collegato con successo come Maria Rossi" in pagina.content()
    assert pagina.locator("p.lead").inner_text() == "Operi come Dirigente Scolastico – IC Leonardo da Vinci."

    # Reggenza: the DS switches to the other istituto from the header, by keyboard.
    pagina.get_by_label("Operi come").select_option(label="Dirigente Scolastico – Liceo Scientifico Galileo Galilei")
    pagina.get_by_role("button", name="Cambia").focus()
    with pagina.expect_navigation():
        pagina.keyboard.press("Enter")
    assert pagina.get_by_text("Ora operi come Dirigente Scolastico – Liceo Scientifico Galileo Galilei").is_visible()

    pagina.get_by_role("link", name="Personale dell'istituto").click()
    assert pagina.get_by_role("cell", name="Anna Gialli", exact=True).is_visible()
    assert pagina.get_by_role("cell", name="Lucia Verdi", exact=True).count() == 0  # other istituto's staff

    pagina.get_by_role("button", name="Esci").click()
    pagina.wait_for_url(portale + "/")
    assert pagina.get_by_role("link", name="Accedi all'area personale").is_visible()


def test_candidato_con_cie_non_vede_le_pagine_del_personale(portale, pagina):
    pagina.goto(portale + "/accounts/login/")
    pagina.get_by_role("link", name="Entra con CIE").click()
    pagina.get_by_role("button", name="Marco Esposito").click()
    pagina.wait_for_url(portale + "/area-riservata/")
    risposta = pagina.goto(portale + "/gestione/personale/")
    assert risposta.status == 403
    assert "riservata al personale" in pagina.content()
