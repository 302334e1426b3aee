"""Reading settings from the environment: one place, typed, with Italian-free errors."""

import os
import re
from urllib.parse import parse_qs, unquote, urlparse, urlsplit


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def conn_max_age(argv: list[str], *, debug: bool) -> int:
    """Seconds a database connection is kept open (Django's CONN_MAX_AGE).

    Persistent connections pay off only with a fixed pool of long-lived workers (gunicorn,
    Celery). `runserver` serves every request in a new thread and each thread would keep its
    own connection until the process ends: under load that exhausts PostgreSQL's
    max_connections (100). So: 0 under runserver, whatever the environment says; otherwise
    the `CONN_MAX_AGE` variable; without it 60 for gunicorn and Celery, and for anything else
    (management commands, tests) 0 in development (DEBUG) and 60 in production.
    """
    if len(argv) > 1 and argv[1].startswith("runserver"):
        return 0
    if os.environ.get("CONN_MAX_AGE"):
        return env_int("CONN_MAX_AGE", 0)
    programma = argv[0].replace("\\", "/").split("/") if argv else [""]
    if any(nome in ("gunicorn", "celery") for nome in programma[-2:]):  # …/bin/gunicorn, -m
        return 60
    return 0 if debug else 60


def cartella_per_indirizzo(url: str) -> str:
    """A folder name for the address of `url`: "http://127.0.0.1:8013/x/" -> "127.0.0.1-8013"."""
    return re.sub(r"[^0-9A-Za-z.]+", "-", urlsplit(url).netloc).strip("-") or "locale"


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def email_config(url: str, base_dir) -> dict:
    """Translate EMAIL_URL into Django settings.

    smtp://user:password@host:587?tls=1, smtps://…, console://, file:///path, locmem://
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        path = parsed.path or str(base_dir / "var" / "mail")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": path,
        }
    if scheme in {"smtp", "smtps"}:
        query = parse_qs(parsed.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
            "EMAIL_TIMEOUT": 10,
        }
    raise ValueError(f"EMAIL_URL scheme not supported: {scheme!r}")
