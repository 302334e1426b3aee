"""The one settings module of the portal, driven by the environment.

Defaults give the embedded setup that `make run` uses: SQLite in WAL mode, Celery on a
filesystem broker, e-mail written to var/mail, media under var/. DATABASE_URL,
CELERY_BROKER_URL, EMAIL_URL and STORAGE_S3_BUCKET switch to PostgreSQL, Redis, SMTP and
S3-compatible storage. DJANGO_ENV=production turns on every deployment safeguard and never
enables the local SPID test identity provider.
"""

import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import (
    cartella_per_indirizzo,
    conn_max_age,
    email_config,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required in production")
    SECRET_KEY = "sviluppo-non-usare-in-produzione-" + "x" * 40

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
PORTALE_BASE_URL = env_str("PORTALE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [PORTALE_BASE_URL])

# The SPID test identity provider is a development and test tool: never in production.
SPID_TEST_IDP_ENABLED = not PRODUCTION and env_bool("SPID_TEST_IDP", True)

INSTALLED_APPS = [
    "portale.admin_config.PortaleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "accounts",
    "accounts.spid",
    "portale",
    "fabbisogno",
    "procedure",
    "candidature",
    "graduatorie",
    "incarichi",
    "strumenti",
    "assistenza",
]
if SPID_TEST_IDP_ENABLED:
    INSTALLED_APPS.append("accounts.spid_test_idp")

MIDDLEWARE = [
    # outermost: counts the answers (5xx apart) of the submission path with their final status
    "portale.disponibilita.ContaRichiesteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portale.compressione.ComprimiPagineMiddleware",  # HTML only: it sees the final page
    # 400 for control characters (NUL…) in path, query, form and cookies, before anything
    # (static files, sessions, views) passes them to the file system or the database.
    "portale.input_ostile.RifiutaInputOstileMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MembershipAttivaMiddleware",
    # a login redirect answered to htmx opens the login page as a page
    "portale.htmx_accesso.AccessoHtmxMiddleware",
    # innermost: a 405 of a form's address opened with GET becomes a page, not a blank one
    "portale.solo_invio.SoloInvioMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.ruoli",
                "accounts.context_processors.sessione",
                "portale.context_processors.notifiche",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Persistent connections only for long-lived workers (gunicorn, Celery), never under
    # runserver (a thread per request, a connection per thread): see env.conn_max_age and
    # docs/DEPLOY.md. Health checks drop a connection the server closed before reusing it.
    DATABASES = {"default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=conn_max_age(sys.argv, debug=DEBUG), conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portale:area_riservata"
LOGOUT_REDIRECT_URL = "portale:home"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "codice_fiscale"
ACCOUNT_USER_DISPLAY = "accounts.models.nome_visualizzato"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_UID_MAX_LENGTH = 191
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portale Gestione Incarichi"

# --- SPID / CIE -------------------------------------------------------------------------
SPID_SP_ENTITY_ID = env_str("SPID_SP_ENTITY_ID", f"{PORTALE_BASE_URL}/accounts/spid/metadata/")
# Outside production the portal makes its own key pair, whose certificate names the entityID
# (AgID rules), so a pair for another address is replaced: one folder per address, or
# `make run PORT=8013` and the tests (127.0.0.1:8000) replace each other's pair while the
# other signs with it. Production gives its files (SPID_KEY_FILE, SPID_CERT_FILE; docs/DEPLOY.md).
_SAML = VAR_DIR / "saml" if PRODUCTION else VAR_DIR / "saml" / cartella_per_indirizzo(SPID_SP_ENTITY_ID)
SPID_KEY_FILE = env_str("SPID_KEY_FILE", str(_SAML / "sp.key"))
SPID_CERT_FILE = env_str("SPID_CERT_FILE", str(_SAML / "sp.crt"))
SPID_XMLSEC_BINARY = env_str("SPID_XMLSEC_BINARY", "/usr/bin/xmlsec1")
# Metadata of the trusted identity providers: spid-<nome>.xml, cie-<nome>.xml (see README).
SPID_IDP_METADATA_DIR = env_str("SPID_IDP_METADATA_DIR", "")
SPID_ORGANIZZAZIONE = {
    "nome": env_str("SPID_ORG_NOME", "Portale Gestione Incarichi"),
    "url": PORTALE_BASE_URL,
    "ipa_code": env_str("SPID_ORG_IPA", "m_pi"),
    "email": env_str("SPID_ORG_EMAIL", "assistenza@portale-incarichi.example.it"),
    "telefono": env_str("SPID_ORG_TELEFONO", "+39061234567"),
    "localita": env_str("SPID_ORG_LOCALITA", "Roma"),
    "comune": env_str("SPID_ORG_COMUNE", "H501"),  # codice catastale, for the CIE metadata
}
SPID_TEST_IDP_KEY_FILE = str(VAR_DIR / "saml" / "test-idp.key")
SPID_TEST_IDP_CERT_FILE = str(VAR_DIR / "saml" / "test-idp.crt")
# Level requested when a page does not ask for more (1, 2 or 3): SpidL2 by default.
SPID_LIVELLO_PREDEFINITO = env_int("SPID_LIVELLO_PREDEFINITO", 2)
SPID_TOLLERANZA_OROLOGIO = env_int("SPID_TOLLERANZA_OROLOGIO", 60)  # seconds of clock skew
# The registry of identity providers (accounts.spid.GestoreIdentita, `manage.py
# aggiorna_registro_idp`): offered at login in production; in development only the test IdP.
SPID_REGISTRO_ATTIVO = env_bool("SPID_REGISTRO_ATTIVO", PRODUCTION)
SPID_REGISTRO_URL = env_str("SPID_REGISTRO_URL", "https://registry.spid.gov.it/metadata/idp/spid-entities-idps.xml")
CIE_AMBIENTE = env_str("CIE_AMBIENTE", "produzione")  # or "preproduzione"
CIE_METADATA_URL = {
    "produzione": "https://idserver.servizicie.interno.gov.it/idp/shibboleth?Metadata",
    "preproduzione": "https://preproduzione.idserver.servizicie.interno.gov.it/idp/shibboleth?Metadata",
}

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano")]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap-italia", BASE_DIR / "node_modules" / "bootstrap-italia" / "dist"),
]
MEDIA_ROOT = VAR_DIR / "media"
S3_BUCKET = env_str("STORAGE_S3_BUCKET")
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("STORAGE_S3_ENDPOINT_URL") or None,
            "access_key": env_str("STORAGE_S3_ACCESS_KEY"),
            "secret_key": env_str("STORAGE_S3_SECRET_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    # Private: no base_url, nothing is served by URL; files go out through permission checks.
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production the files are served from the apps' folders, as Django's DEBUG does, also
# when DEBUG is off: `make run` turns it off (scripts/run.sh) so that the demo shows the
# portal's own Italian error pages, not Django's technical ones.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 26_214_400

# --- Uploaded documents (portale.documenti) ---------------------------------------------
# Largest file a user may upload (type checked by content, SHA-256 kept, private storage).
DOCUMENTI_DIMENSIONE_MASSIMA = env_int("DOCUMENTI_DIMENSIONE_MASSIMA", 10 * 1024 * 1024)

# --- E-mail -----------------------------------------------------------------------------
vars().update(email_config(env_str("EMAIL_URL", f"file://{VAR_DIR / 'mail'}"), BASE_DIR))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Portale Gestione Incarichi <noreply@portale-incarichi.example.it>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ASSISTENZA_FROM_EMAIL = env_str("ASSISTENZA_FROM_EMAIL", "Assistenza Portale Incarichi <assistenza@portale-incarichi.example.it>")

# --- Assistenza (tickets) ---------------------------------------------------------------
# Days after a ticket is resolved or closed during which its requester may reopen it.
ASSISTENZA_GIORNI_RIAPERTURA = env_int("ASSISTENZA_GIORNI_RIAPERTURA", 10)

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery"
    for _sub in ("queue", "processed", "control"):
        (_queue_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "rinvia-notifiche-in-sospeso": {
        "task": "portale.tasks.rinvia_notifiche_in_sospeso",
        "schedule": 60.0,
    },
    "allinea-procedure-alle-scadenze": {
        "task": "procedure.tasks.allinea_procedure",
        "schedule": 30.0,
    },
    "promemoria-bozze-in-scadenza": {
        "task": "candidature.tasks.invia_promemoria_scadenze",
        "schedule": 600.0,
    },
    "scadi-richieste-di-integrazione": {
        "task": "candidature.tasks.scadi_integrazioni",
        "schedule": 60.0,
    },
    "scadi-proposte-di-incarico": {
        "task": "graduatorie.tasks.scadi_proposte",
        "schedule": 60.0,
    },
    "pulisci-richieste-saml-scadute": {
        "task": "accounts.tasks.pulisci_richieste_saml",
        "schedule": crontab(minute=17),
    },
    # the heartbeat (portale.disponibilita): a late run is dropped, never bunched with the next
    "battito-del-portale": {
        "task": "portale.tasks.registra_battito",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
    "proroghe-per-malfunzionamento": {
        "task": "procedure.tasks.compensa_malfunzionamenti",
        "schedule": 60.0,
        "options": {"expires": 50},
    },
}
NOTIFICHE_RITARDO_RINVIO_SECONDI = env_int("NOTIFICHE_RITARDO_RINVIO_SECONDI", 60)

# --- Availability and «Proroga per malfunzionamento» (issue 19) ---------------------------
# portale.disponibilita: the heartbeat and the answers of the submission path tell an outage;
# procedure.services.compensa_malfunzionamenti extends (or reopens) the procedures it hit.
PROROGA_MALFUNZIONAMENTO = env_bool("PROROGA_MALFUNZIONAMENTO", True)
# an outage counts if it touched the last FINESTRA_ORE hours before the deadline (or the
# deadline fell inside it); the extension is its length rounded up to ARROTONDAMENTO_MINUTI
PROROGA_MALFUNZIONAMENTO_FINESTRA_ORE = env_int("PROROGA_MALFUNZIONAMENTO_FINESTRA_ORE", 24)
PROROGA_MALFUNZIONAMENTO_ARROTONDAMENTO_MINUTI = env_int(
    "PROROGA_MALFUNZIONAMENTO_ARROTONDAMENTO_MINUTI", 60)
# no heartbeat for more than these minutes is an outage (the beat writes one a minute)
DISPONIBILITA_SOGLIA_BATTITO_MINUTI = env_int("DISPONIBILITA_SOGLIA_BATTITO_MINUTI", 5)
# a minute of the submission path with at least RICHIESTE_MINIME answers, more than
# ERRORI_PERCENTUALE % of them 5xx, is a failed minute
DISPONIBILITA_ERRORI_PERCENTUALE = env_int("DISPONIBILITA_ERRORI_PERCENTUALE", 50)
DISPONIBILITA_RICHIESTE_MINIME = env_int("DISPONIBILITA_RICHIESTE_MINIME", 10)
DISPONIBILITA_CONSERVAZIONE_GIORNI = env_int("DISPONIBILITA_CONSERVAZIONE_GIORNI", 7)
# the successful answers are counted in memory and written at most every these seconds
# (a 5xx, a new minute: at once); 0 writes at every request
DISPONIBILITA_SCRITTURA_SECONDI = env_int("DISPONIBILITA_SCRITTURA_SECONDI", 5)
# the views of the submission path whose answers are counted
DISPONIBILITA_VISTE = ("candidature:presenta", "candidature:passo", "candidature:riepilogo",
                       "candidature:invia")

# --- Cache -----------------------------------------------------------------------------
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith("redis") else
    {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portale"}
}

# --- Forms ------------------------------------------------------------------------------
# Django's renderer, the common widgets' templates written in Python (portale/renderer.py)
FORM_RENDERER = "portale.renderer.Renderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Sessions and security --------------------------------------------------------------
# A session ends after SESSIONE_INATTIVITA_MASSIMA seconds without requests (idle) and in any
# case SESSIONE_DURATA_MASSIMA seconds after login (absolute): accounts.spid.sessione.
SESSIONE_DURATA_MASSIMA = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSIONE_INATTIVITA_MASSIMA = env_int("SESSIONE_INATTIVITA_SECONDI", 30 * 60)
SESSION_COOKIE_AGE = SESSIONE_DURATA_MASSIMA
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Lax, not Strict: the IdP's answer arrives cross-site
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script reads the cookie
# Messages in the session: no extra cookie besides session and CSRF (both __Host- in production).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
                  "accounts.spid.sessione.ScadenzaSessioneMiddleware")
X_FRAME_OPTIONS = "DENY"
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "portale.sicurezza.IntestazioniSicurezzaMiddleware")
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY", "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
    "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'",
]))
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Rate limits (accounts.limiti): (requests, seconds) per client address or per person.
LIMITI = {
    "accesso": (env_int("LIMITE_ACCESSI_AL_MINUTO", 30), 60),
    "invio": (env_int("LIMITE_INVII_AL_MINUTO", 10), 60),
    # each step of the application form saves the draft: moving back and forth is not flooding
    "passi": (env_int("LIMITE_PASSI_AL_MINUTO", 40), 60),
}
IP_CLIENT_META = env_str("IP_CLIENT_META", "REMOTE_ADDR")  # e.g. HTTP_X_REAL_IP behind nginx
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"semplice": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"4xx_senza_traccia": {"()": "config.log_filters.ClientErrorWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "semplice"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG) printed every record a second time: the records
        # go to the root's console only, a 4xx as one line
        "django": {"level": "INFO"},
        "django.request": {"filters": ["4xx_senza_traccia"]},
        "saml2": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}
