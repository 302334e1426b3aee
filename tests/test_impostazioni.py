"""Settings that only show in deployment: database connections and the static manifest."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import conn_max_age

RADICE = Path(__file__).resolve().parents[1]


def _ambiente(tmp_path, **extra) -> dict:
    ambiente = {k: v for k, v in os.environ.items()
                if k not in {"DATABASE_URL", "CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE", "DJANGO_ENV"}}
    return ambiente | {"VAR_DIR": str(tmp_path / "var"), "STATIC_ROOT": str(tmp_path / "static"),
                       "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "a"} | extra


def _python(codice: str, ambiente: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", codice], env=ambiente, cwd=RADICE,  # noqa: S603
                          capture_output=True, text=True, timeout=120)


# --- CONN_MAX_AGE -----------------------------------------------------------------------------
def test_runserver_non_tiene_connessioni_aperte(monkeypatch):
    """runserver: a thread per request; persistent connections exhausted PostgreSQL's 100."""
    monkeypatch.setenv("CONN_MAX_AGE", "600")
    assert conn_max_age(["manage.py", "runserver", "0:8000"], debug=True) == 0
    assert conn_max_age(["manage.py", "runserver"], debug=False) == 0


def test_connessioni_persistenti_solo_per_i_worker(monkeypatch):
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)
    gunicorn = ["/venv/bin/gunicorn", "config.wsgi:application"]
    assert conn_max_age(gunicorn, debug=False) == 60
    assert conn_max_age(gunicorn, debug=True) == 60  # a fixed pool of workers, even in DEBUG
    assert conn_max_age(["/venv/lib/python3.11/site-packages/gunicorn/__main__.py"],
                        debug=True) == 60  # python -m gunicorn
    assert conn_max_age(["/venv/bin/celery", "-A", "config", "worker"], debug=True) == 60
    assert conn_max_age(["manage.py", "migrate"], debug=True) == 0
    assert conn_max_age(["manage.py", "migrate"], debug=False) == 60
    monkeypatch.setenv("CONN_MAX_AGE", "30")
    assert conn_max_age(gunicorn, debug=False) == 30
    monkeypatch.setenv("CONN_MAX_AGE", "0")
    assert conn_max_age(gunicorn, debug=False) == 0


LEGGI_DB = ("import sys; sys.argv = {argv!r}; from config import settings as s; "
            "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])")


@pytest.mark.parametrize(("env", "argv", "atteso"), [
    ({"DJANGO_ENV": "production"}, ["gunicorn"], "60 True"),
    ({"DJANGO_ENV": "production"}, ["manage.py", "runserver"], "0 True"),
    ({"DJANGO_ENV": "production", "CONN_MAX_AGE": "5"}, ["gunicorn"], "5 True"),
    ({}, ["manage.py", "runserver"], "0 True"),
    ({}, ["/venv/bin/gunicorn"], "60 True"),
    ({}, ["manage.py", "shell"], "0 True"),
])
def test_impostazioni_del_database(tmp_path, env, argv, atteso):
    ambiente = _ambiente(tmp_path, DATABASE_URL="postgres://u@127.0.0.1:5432/portale", **env)
    esito = _python(LEGGI_DB.format(argv=argv), ambiente)
    assert esito.returncode == 0, esito.stderr
    assert esito.stdout.strip() == atteso


# --- collectstatic --------------------------------------------------------------------------
def test_senza_collectstatic_il_server_non_parte_e_dice_perche(tmp_path):
    """Was: every page a 500 («Missing staticfiles manifest entry»)."""
    esito = _python("import config.wsgi", _ambiente(tmp_path, DJANGO_ENV="production"))
    assert esito.returncode != 0
    assert "esegui python manage.py collectstatic" in esito.stderr.lower()


def test_con_il_manifest_il_server_parte(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text(
        json.dumps({"paths": {}, "version": "1.1", "hash": ""}))
    esito = _python("import config.wsgi; print('avviato')",
                    _ambiente(tmp_path, DJANGO_ENV="production"))
    assert esito.returncode == 0, esito.stderr
    assert "avviato" in esito.stdout


def test_in_sviluppo_nessun_manifest_serve(tmp_path):
    esito = _python("import config.wsgi; print('avviato')", _ambiente(tmp_path))
    assert esito.returncode == 0, esito.stderr


# --- LOGGING ----------------------------------------------------------------------------------
def test_un_403_o_un_404_e_una_riga_sola_nella_console(tmp_path):
    """`make run` promises a console with the requests and the real errors: every refusal
    printed two full tracebacks (Django's own console handler and ours). A 4xx is an answer:
    one line, no traceback; a 500 keeps its traceback."""
    codice = (
        "import django; django.setup()\n"
        "from django.core.exceptions import PermissionDenied\n"
        "from django.http import HttpResponse\n"
        "from django.test import RequestFactory\n"
        "from django.utils.log import log_response\n"
        "richiesta = RequestFactory().get('/procedure/12/')\n"
        "for codice, errore in ((403, PermissionDenied('no')), (500, ValueError('rotto'))):\n"
        "    try:\n"
        "        raise errore\n"
        "    except Exception as e:\n"
        "        log_response('Risposta %s', codice, response=HttpResponse(status=codice),\n"
        "                     request=richiesta, exception=e)\n")
    esito = _python(codice, _ambiente(tmp_path, DJANGO_ENV="development",
                                      DJANGO_SETTINGS_MODULE="config.settings"))
    assert esito.returncode == 0, esito.stderr
    assert esito.stderr.count("Risposta 403") == 1
    assert esito.stderr.count("Risposta 500") == 1
    assert "PermissionDenied" not in esito.stderr
    assert esito.stderr.count("Traceback") == 1 and "ValueError: rotto" in esito.stderr


# --- The demo without DEBUG -------------------------------------------------------------------
def test_la_demo_senza_debug_serve_i_file_statici_e_la_pagina_non_trovata_italiana(tmp_path):
    """`make run` turns DEBUG off (scripts/run.sh): a page of another school showed Django's
    English technical 404, listing every URL of the portal. Without DEBUG, outside
    production, the static files still come from the apps' folders (nothing collected) and
    a missing page is the portal's own."""
    assert 'export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"' in (RADICE / "scripts" / "run.sh").read_text()
    codice = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.test import Client; c = Client(); "
        "s = c.get('/static/portale/dist/bootstrap-italia.min.js'); "
        "n = c.get('/questa-pagina-non-esiste/'); "
        "print(settings.DEBUG, s.status_code, n.status_code, "
        "'Pagina non trovata' in n.content.decode(), 'URLconf' in n.content.decode())")
    ambiente = _ambiente(tmp_path, DJANGO_ENV="development", DJANGO_DEBUG="0",
                         DJANGO_SETTINGS_MODULE="config.settings",
                         DJANGO_ALLOWED_HOSTS="testserver")
    esito = _python(codice, ambiente)
    assert esito.returncode == 0, esito.stderr
    assert esito.stdout.split() == ["False", "200", "404", "True", "False"]
