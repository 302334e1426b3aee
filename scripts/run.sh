#!/usr/bin/env bash
# Start the web server and a Celery worker with embedded beat; Ctrl-C stops both.
set -u
cd "$(dirname "$0")/.."
export DJANGO_ENV="${DJANGO_ENV:-development}"
PY=.venv/bin/python

.venv/bin/celery -A config worker -B --loglevel=INFO --concurrency=2 \
  --schedule="${VAR_DIR:-var}/celerybeat-schedule" &
WORKER=$!
trap 'echo; echo "Arresto in corso…"; kill $WORKER 2>/dev/null; wait $WORKER 2>/dev/null; exit 0' INT TERM EXIT

cat <<MSG

  Portale Gestione Incarichi: http://127.0.0.1:8000
  Accedi con «Entra con SPID» → «SPID Test» e scegli una delle identità elencate sopra.
  E-mail inviate: cartella var/mail/   ·   Ctrl-C per fermare tutto.

MSG
$PY manage.py runserver 127.0.0.1:8000
