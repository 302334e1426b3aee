#!/usr/bin/env bash
# `make run`: prepare the database and the demo, start a Celery worker (with beat) and the web
# server on 127.0.0.1:$PORT, and print the address and the demo identities once the portal
# really answers. Ctrl-C stops everything. The console shows the requests and real errors;
# everything else (worker output, library warnings) goes to var/log/.
set -u
cd "$(dirname "$0")/.."
export DJANGO_ENV="${DJANGO_ENV:-development}"
# The demo shows what users see: a page that does not exist, or that belongs to another school,
# is the portal's Italian «Pagina non trovata», not Django's technical page listing every URL
# of the portal. DJANGO_DEBUG=1 make run brings the technical pages back, for development.
export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"
PORT="${PORT:-8000}"
VAR="${VAR_DIR:-var}"
LOG="$VAR/log"
PY=.venv/bin/python
mkdir -p "$LOG"

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
  echo "PORT=«$PORT» non è una porta valida: usa ad esempio make run PORT=8001." >&2
  exit 2
fi
if ! $PY - "$PORT" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
then
  echo "La porta $PORT è già in uso (un altro «make run» ancora attivo?). Fermalo, oppure usa" >&2
  echo "un'altra porta: make run PORT=$((PORT + 1))" >&2
  exit 1
fi

# Links, e-mails and the SPID/CIE test login name the portal's own address: the port chosen here
# (with make run PORT=8001 the test identity provider otherwise sent the login back to :8000).
export PORTALE_BASE_URL="${PORTALE_BASE_URL:-http://127.0.0.1:$PORT}"

# Library warnings (deprecations, fonts) are not the user's business: kept in the log files.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}"

passo() {  # passo "descrizione" comando…: one console line per step, the details in the log
  local descrizione=$1; shift
  printf '  %s… ' "$descrizione"
  if "$@" >>"$LOG/avvio.log" 2>&1; then echo "fatto"; else
    echo "non riuscito. Dettagli in $LOG/avvio.log:"; tail -n 20 "$LOG/avvio.log"; exit 1
  fi
}
echo "Portale Gestione Incarichi: avvio (dettagli in $LOG/)"
: >"$LOG/avvio.log"
passo "Aggiorno il database" $PY manage.py migrate --noinput
passo "Carico i dati demo" $PY manage.py carica_demo

PIDS=()
ferma() {
  trap - INT TERM HUP EXIT
  trap '' PIPE  # the console may already be gone: stop the children first, then say so
  kill "${PIDS[@]}" 2>/dev/null
  { echo; echo "Arresto in corso…"; } 2>/dev/null
  for _ in $(seq 20); do  # the worker finishes its running task (warm shutdown), up to 10 s
    kill -0 "${PIDS[@]}" 2>/dev/null || break
    sleep 0.5
  done
  kill -9 "${PIDS[@]}" 2>/dev/null
  wait "${PIDS[@]}" 2>/dev/null
  exit 0
}
trap ferma INT TERM HUP EXIT

# -B runs beat inside the worker; as root Celery warns about it at every start (log only).
: >"$LOG/worker.log"
.venv/bin/celery -A config worker -B --loglevel=INFO --concurrency=2 \
  --schedule="$VAR/celerybeat-schedule" >>"$LOG/worker.log" 2>&1 &
PIDS+=($!)
printf '  Avvio il worker Celery… '
for _ in $(seq 60); do
  grep -q " ready\." "$LOG/worker.log" && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "terminato. Ultime righe di $LOG/worker.log:"; tail -n 20 "$LOG/worker.log"; exit 1; }
  sleep 0.5
done
grep -q " ready\." "$LOG/worker.log" && echo "pronto" || echo "ancora in avvio (continuo)"

# The development server: the console keeps its request lines and errors; its start-up
# chatter and library warnings stay in the log.
RUMORE='Warning|warnings\.warn|INFO xmlschema|^\s*$|Watching for file changes|Performing system checks|System check identified|Django version|Starting development server|Quit the server with|^[A-Z][a-z]+ [0-9]+, [0-9]{4} - |development server|production servers|GET /healthz'
$PY manage.py runserver --noreload "127.0.0.1:$PORT" \
  > >(tee -a "$LOG/portale.log" | grep --line-buffered -v -E "$RUMORE") 2>&1 &
PIDS+=($!)
printf '  Avvio il server web… '
for _ in $(seq 120); do
  $PY - "$PORT" <<'PY' 2>/dev/null && break
import sys, urllib.error, urllib.request
try:  # any HTTP answer means the server listens (503 only says the broker is degraded)
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1)
except urllib.error.HTTPError:
    pass
PY
  kill -0 "${PIDS[1]}" 2>/dev/null || { echo "terminato. Dettagli in $LOG/portale.log"; tail -n 20 "$LOG/portale.log"; exit 1; }
  sleep 0.5
done
echo "in ascolto"

cat <<MSG

  ┌────────────────────────────────────────────────────────────────────────┐
    Portale Gestione Incarichi: http://127.0.0.1:$PORT
  └────────────────────────────────────────────────────────────────────────┘
  Accedi con «Entra con SPID»: si apre «SPID Test»; scegli una di queste persone:
$($PY manage.py carica_demo --solo-identita 2>/dev/null | sed 's/^/  /')

  E-mail inviate: $VAR/mail/   ·   Log: $LOG/   ·   Ctrl-C per fermare tutto.

MSG
wait "${PIDS[1]}"
