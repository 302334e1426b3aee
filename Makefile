# Portale Gestione Incarichi — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup lint check-deploy demo clean spid-check bench

run: setup ## Serve the portal with a Celery worker and beat on the embedded defaults
	$(PY) manage.py migrate --noinput
	$(PY) manage.py carica_demo
	@bash scripts/run.sh

test: setup /usr/bin/chromium ## The whole suite (PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set)
	$(VENV)/bin/pytest -q

setup: $(VENV)/.installato node_modules/.installato /usr/bin/xmlsec1

$(VENV)/.installato: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $@

node_modules/.installato: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

/usr/bin/xmlsec1:
	@# pysaml2 signs and verifies SAML messages with the xmlsec1 program.
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1; \
	else echo "Installa xmlsec1 (sudo apt-get install xmlsec1) e riprova."; exit 1; fi

/usr/bin/chromium:
	@# The browser journeys run in Debian's Chromium (Playwright never downloads a browser here).
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Installa chromium (sudo apt-get install chromium) e riprova."; exit 1; fi

lint: setup ## ruff, the app order (import-linter), migrations in step with models
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

check-deploy: setup ## Production settings pass Django's deployment checklist
	DJANGO_ENV=production DJANGO_SECRET_KEY=$$(openssl rand -hex 40) \
	  DJANGO_ALLOWED_HOSTS=portale.example.it $(PY) manage.py check --deploy --fail-level WARNING

bench: $(VENV)/.installato ## Every benchmark of bench/ on PostgreSQL (not part of `make test`); writes bench/RESULTS.md
	@case "$${DATABASE_URL:=postgres://postgres@127.0.0.1:5432/bench_portale}" in \
	  postgres://*|postgresql://*) ;; \
	  *) echo "make bench richiede PostgreSQL: DATABASE_URL è «$$DATABASE_URL». Usa ad esempio DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_portale (ogni benchmark usa un proprio database bench_* su quel server)." >&2; exit 2;; \
	esac; DATABASE_URL="$$DATABASE_URL" $(PY) -m bench.tutti

spid-check: setup ## spid-sp-test (own venv, var/spid-tools-venv) on SPID/CIE metadata, AuthnRequest and the 111 responses
	bash tools/spid/spid-check.sh

demo: setup
	$(PY) manage.py carica_demo

clean:
	rm -rf var/db.sqlite3* var/celery var/mail var/static
