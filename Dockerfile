# syntax=docker/dockerfile:1
# Portale Gestione Incarichi: one image for web (gunicorn), migrate, Celery worker and beat.
#
#   docker build -t portale-incarichi .
#
# Stage "assets" installs the npm packages (Bootstrap Italia) with Debian's Node.js; only
# node_modules/bootstrap-italia/dist reaches the final image, at the same relative path, so
# STATICFILES_DIRS in config/settings.py finds it.

# --- Front-end assets -------------------------------------------------------------------
FROM debian:bookworm-slim AS assets
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# --- Runtime ----------------------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

# xmlsec1: pysaml2 signs and verifies SAML messages with /usr/bin/xmlsec1.
# pango, harfbuzz-subset, DejaVu fonts: WeasyPrint (PDF documents); fontconfig builds the
# system font cache here, since the application user cannot write one of its own.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      xmlsec1 \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fontconfig fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 portale \
 && useradd --system --uid 1000 --gid portale --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin portale

WORKDIR /app

# Runtime dependencies only, exactly as locked (requirements/base.txt, with hashes): this
# layer is rebuilt only when the lock changes.
COPY requirements/base.txt ./requirements/base.txt
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/base.txt

COPY --from=assets /build/node_modules/bootstrap-italia/dist ./node_modules/bootstrap-italia/dist
COPY . .

# Static files are collected at build time: production uses whitenoise's
# CompressedManifestStaticFilesStorage, which needs the manifest. The secret key is a
# throwaway used only by this step (settings refuse to load without one in production);
# the real one comes from the environment at run time.
ARG DJANGO_SECRET_KEY=solo-per-collectstatic-in-fase-di-build-non-usare-altrove
RUN DJANGO_ENV=production DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY}" \
      python manage.py collectstatic --noinput \
 && mkdir -p /app/var/saml \
 && chown -R portale:portale /app/var \
 && chmod 0700 /app/var/saml

# /app/var (VAR_DIR) belongs to the application user: the beat schedule and, in
# var/saml/, the SPID keys and the identity-provider metadata (a volume in compose).
USER portale

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
