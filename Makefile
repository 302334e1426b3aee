# Portale Gestione Incarichi — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
# The newest interpreter of the supported range (3.11–3.13, as Django 5.2) that runs here.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
  $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null \
  && { command -v $$p; break; }; done)
VENV := .venv
PORT ?= 8000
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup lint lock check-deploy demo clean spid-check bench librerie-pdf

run: setup ## Serve the portal (migrate, demo data, Celery worker and beat) on 127.0.0.1:$(PORT)
	@PORT=$(PORT) bash scripts/run.sh

# Tests in parallel (pytest-xdist): one worker per core, at most TEST_WORKER (each has its own
# test database and its own browser); TEST_WORKER=0 runs them in this process. The long tests
# (marker `lunga`) go first and a worker that runs out takes half of the other's queue
# (--dist worksteal): no worker left alone with the visual sweep at the end.
TEST_WORKER ?= 4
test: setup /usr/bin/chromium ## The whole suite (PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set)
	$(VENV)/bin/pytest -q $(if $(filter 0,$(TEST_WORKER)),,-n auto --maxprocesses $(TEST_WORKER) --dist worksteal)

setup: $(VENV)/.installato node_modules/.installato /usr/bin/xmlsec1 librerie-pdf

# Exactly the locked set (requirements/dev.txt, hashes checked): the same versions on every
# machine and every day, until `make lock` changes them on purpose.
$(VENV)/.installato: requirements/dev.txt
	@test -n "$(PYTHON)" || { echo "Serve Python 3.11, 3.12 o 3.13 (python3.13, python3.12, python3.11 o python3): installane uno e riprova." >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --require-hashes --no-deps -r requirements/dev.txt
	touch $@

lock: $(VENV)/.installato ## Upgrade the locked dependencies within pyproject.toml's ranges (then `make test`)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --generate-hashes --upgrade -q -o requirements/dev.txt
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
	  --generate-hashes -c requirements/dev.txt -q -o requirements/base.txt
	$(VENV)/bin/uv pip compile tools/spid/requirements.in --universal --python-version 3.11 \
	  --generate-hashes --upgrade -q -o tools/spid/requirements.txt
	@echo "Lock aggiornato (requirements/*.txt). Ora: make test — la verifica degli accessi elenca i nuovi pattern URL da classificare."

node_modules/.installato: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

/usr/bin/xmlsec1:
	@# pysaml2 signs and verifies SAML messages with the xmlsec1 program.
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1; \
	else echo "Installa xmlsec1 (sudo apt-get install xmlsec1) e riprova."; exit 1; fi

librerie-pdf:
	@# HarfBuzz-Subset: WeasyPrint subsets the fonts with it in milliseconds (fontTools, its
	@# fallback, takes ten times longer on every PDF).
	@ldconfig -p | grep -q libharfbuzz-subset.so.0 || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0; \
	else echo "Installa libharfbuzz-subset0 (sudo apt-get install libharfbuzz-subset0) e riprova."; exit 1; fi; }

/usr/bin/chromium:
	@# The browser journeys run in Debian's Chromium (Playwright never downloads a browser here).
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Installa chromium (sudo apt-get install chromium) e riprova."; exit 1; fi

lint: setup assets-check ## ruff, the app order (import-linter), migrations in step with models, static/portale/dist built from assets/
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

.PHONY: lighthouse
lighthouse: setup ## Lighthouse 12.2.3 (mobile) on public and candidate pages, portal in production mode; writes tools/lighthouse/RESULTS.md
	$(PY) tools/lighthouse/run.py

# Bootstrap Italia slimmed to what the templates use (see README, «Fogli di stile e script»). The
# built files are committed, so a clone, the Docker image and collectstatic need no build step;
# `make lint` (and so CI) fails when they are not the build of assets/ with the pinned tools.
.PHONY: assets assets-check
assets: node_modules/.installato ## Rebuild static/portale/dist/ (Bootstrap Italia CSS and JS) from assets/
	bash assets/build.sh static/portale/dist

assets-check: node_modules/.installato ## static/portale/dist/ is the build of assets/ (part of make lint)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && bash assets/build.sh "$$tmp" && \
	for f in bootstrap-italia.min.css bootstrap-italia.min.js passi.min.js; do \
	  cmp -s "$$tmp/$$f" "static/portale/dist/$$f" || { echo "static/portale/dist/$$f non è la build di assets/: esegui make assets e fai il commit del risultato" >&2; exit 1; }; \
	done; echo "static/portale/dist: build aggiornata"
