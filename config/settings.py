"""Settings from the environment (twelve-factor).

Without DATABASE_URL / REDIS_URL the embedded PostgreSQL and Redis under var/
are started or joined (see core.embedded), so `make run` needs nothing installed.

One concern a module, imported here by name: config.environment (yes/no variables and
the portal's address), config.settings_security (sign-in, single sign-on, sessions,
Content-Security-Policy, TLS), config.settings_api (the API and its rate limits) and
config.settings_operations (metrics, logs).
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

# Settings by name from the modules of their concern (Django reads them from this one).
from config.environment import BEHIND_TLS, PORTAL_BASE_URL, env_bool  # noqa: F401
from config.settings_api import REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401
from config.settings_operations import (  # noqa: F401
    CELERY_WORKER_HIJACK_ROOT_LOGGER,
    DATABASE_ENGINE,
    LOG_FORMAT,
    LOGGING,
    METRICS_ALLOWED_NETWORKS,
    METRICS_CLIENT_IP_HEADER,
    METRICS_MIDDLEWARE_FIRST,
    METRICS_MIDDLEWARE_LAST,
    METRICS_TOKEN,
)
from config.settings_security import (  # noqa: F401
    ACCOUNT_ADAPTER,
    ACCOUNT_EMAIL_VERIFICATION,
    ACCOUNT_LOGIN_METHODS,
    ACCOUNT_LOGOUT_ON_GET,
    ACCOUNT_LOGOUT_REDIRECT_URL,
    ACCOUNT_RATE_LIMITS,
    ACCOUNT_SESSION_REMEMBER,
    ACCOUNT_SIGNUP_FIELDS,
    ACCOUNT_USER_MODEL_USERNAME_FIELD,
    AUTH_PASSWORD_VALIDATORS,
    AUTH_USER_MODEL,
    AUTHENTICATION_BACKENDS,
    CONTENT_SECURITY_POLICY,
    CSRF_COOKIE_SECURE,
    LOGIN_REDIRECT_URL,
    LOGIN_URL,
    MFA_SUPPORTED_TYPES,
    MFA_TOTP_ISSUER,
    PASSWORD_LOGIN,
    SECURE_HSTS_INCLUDE_SUBDOMAINS,
    SECURE_HSTS_PRELOAD,
    SECURE_HSTS_SECONDS,
    SECURE_PROXY_SSL_HEADER,
    SECURE_SSL_REDIRECT,
    SESSION_COOKIE_HTTPONLY,
    SESSION_COOKIE_SECURE,
    SESSION_IDLE_TIMEOUT,
    SOCIALACCOUNT_ADAPTER,
    SOCIALACCOUNT_AUTO_SIGNUP,
    SOCIALACCOUNT_EMAIL_AUTHENTICATION,
    SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT,
    SOCIALACCOUNT_EMAIL_VERIFICATION,
    SOCIALACCOUNT_PROVIDERS,
    SSO_GROUPS_CLAIM,
    SSO_LOGOUT_AT_PROVIDER,
)

BASE_DIR = Path(__file__).resolve().parent.parent

if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
    from core.embedded import boot

    boot()


# Off unless asked for (`DEBUG=true make run`): Django's debug pages list every URL
# pattern and show settings, so nothing runs with them by default, not even make run.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_prometheus",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "core",
    "vendors",
    "registry",
    "cards",
    "incidents",
    "governance",
    "assurance",
    "compliance",
]

MIDDLEWARE = [
    METRICS_MIDDLEWARE_FIRST,
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.ApiNotFoundMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.RequestIdMiddleware",
    "core.logging.RequestLogMiddleware",
    "core.sessions.IdleTimeoutMiddleware",
    "core.sso.middleware.PasswordsOffMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "core.middleware.ViewerTimeZoneMiddleware",
    METRICS_MIDDLEWARE_LAST,
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
                "core.context_processors.portal",
            ],
            # The one date format (core.dates) in every template without a {% load %}.
            "builtins": ["core.templatetags.dates"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=60, engine=DATABASE_ENGINE
    )
}
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("AIGOV_TEST_DB", "test_aigov")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ["REDIS_URL"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
}


def celery_url(url: str) -> str:
    # kombu spells a unix socket "redis+socket://", redis-py spells it "unix://".
    return url.replace("unix://", "redis+socket://", 1) if url.startswith("unix://") else url


CELERY_BROKER_URL = celery_url(REDIS_URL)
CELERY_RESULT_BACKEND = celery_url(REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The clocks' one beat entry (DESIGN.md section 3): every minute, one sweep of all deadlines.
# A sweep enqueued twice, retried or redelivered after a crash sends nothing twice.
CELERY_BEAT_SCHEDULE = {
    "deadlines-sweep": {
        "task": "core.tasks.deadlines_sweep",
        # CLOCK_SWEEP_SECONDS (the several-processes test) shortens the minute to seconds.
        "schedule": float(os.environ.get("CLOCK_SWEEP_SECONDS", 0)) or crontab(),
        # A sweep stuck in a dead broker for long is useless: the next minute's covers it.
        "options": {"expires": 300},
    },
    # The whole audit chain walked from event #1 each night (issue 21): packs then walk
    # from a checkpoint at most a day old; a break is told to the administrators.
    "audit-chain-verify": {
        "task": "core.tasks.audit_chain_verify",
        "schedule": crontab(minute=40, hour=2),
        "options": {"expires": 3600},
    },
    # Audit packs (issue 10): fail exports whose worker died or ran over the time limit,
    # delete pack files older than PACK_RETENTION_DAYS. Safe to run twice.
    "packs-sweep": {
        "task": "governance.tasks.packs_sweep",
        "schedule": crontab(),
        "options": {"expires": 50},
    },
    # Compliance (issue 19): recompute every system's stored statuses for the board's
    # matrix (evidence changed in the apps that own it, or expired) and open the review
    # clocks of requirements that were met and need review again.
    "compliance-coverage-refresh": {
        "task": "compliance.tasks.coverage_refresh_all",
        "schedule": crontab(minute="*/10"),
        "options": {"expires": 540},
    },
    # Red teaming (issue 20): a system that became high or critical tier gets its
    # quarterly red-team clock (no tier-change listener exists). Safe to run twice.
    "assurance-red-team-clocks": {
        "task": "assurance.tasks.red_team_clocks_open_missing",
        "schedule": crontab(minute=15, hour=2),
        "options": {"expires": 3600},
    },
}
# An unacknowledged task (a worker killed mid-task) is delivered again after this many
# seconds. Redis's default is an hour; the crash tests shorten it for their worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
}
if "CELERY_VISIBILITY_TIMEOUT" in os.environ:  # look for lost tasks every second
    CELERY_BROKER_TRANSPORT_OPTIONS |= {
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
        "unacked_mutex_expire": 5,
    }
# A worker started for a test consumes, and enqueues its e-mails to, the test's own queue.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# A bare {{ value }} and |date write the portal's one format (core.dates), not en-GB's.
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves static files in every mode. Plain copies on this machine: make run
# collects them in seconds, and the tests never collect (a manifest would be missing).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if BEHIND_TLS:
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
MEDIA_ROOT = Path(os.environ.get("EVIDENCE_ROOT", BASE_DIR / "var" / "evidence"))
# Evidence files: under MEDIA_ROOT on this machine, in an S3-compatible bucket in
# production (EVIDENCE_STORAGE=s3). Never a public URL: config/urls.py serves nothing
# from MEDIA_ROOT, and core:evidence_download streams the bytes after a permission check.
STORAGES["evidence"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
}
if os.environ.get("EVIDENCE_STORAGE", "").lower() == "s3":
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("EVIDENCE_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("EVIDENCE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("EVIDENCE_S3_REGION") or None,
            "access_key": os.environ.get("EVIDENCE_S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("EVIDENCE_S3_SECRET_ACCESS_KEY", ""),
            "location": os.environ.get("EVIDENCE_S3_PREFIX", "evidence"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,  # content-addressed: the same name is the same bytes
        },
    }
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(25 * 1024 * 1024)))

# Audit packs (issue 10). The PDFs are stored under var/packs (never a public URL; served
# only by the permission-checked, audited download) and deleted after PACK_RETENTION_DAYS.
STORAGES["packs"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": Path(os.environ.get("PACK_ROOT", BASE_DIR / "var" / "packs")),
        "base_url": None,
    },
}
if STORAGES["evidence"]["BACKEND"].endswith("S3Storage"):
    # Several hosts: the exports worker writes a pack that any web host serves, so packs
    # go to the evidence bucket too, under a folder of their own.
    STORAGES["packs"] = {
        "BACKEND": STORAGES["evidence"]["BACKEND"],
        "OPTIONS": STORAGES["evidence"]["OPTIONS"]
        | {"location": os.environ.get("PACK_S3_PREFIX", "packs")},
    }
PACK_RETENTION_DAYS = int(os.environ.get("PACK_RETENTION_DAYS", "90"))
# One render may take this long (seconds) before its worker kills it; the export is failed.
PACK_RENDER_TIME_LIMIT = int(os.environ.get("PACK_RENDER_TIME_LIMIT", "300"))
# Packs render on a queue of their own, in a worker recycled after each (run_portal).
PACK_EXPORT_QUEUE = os.environ.get("PACK_EXPORT_QUEUE", "exports")
# The organisation's signing key and certificate (PEM). `make run` generates a self-signed
# pair there on its first run; production names its own files.
PACK_SIGNING_KEY = Path(
    os.environ.get("PACK_SIGNING_KEY", BASE_DIR / "var" / "signing" / "pack-signing.key")
)
PACK_SIGNING_CERT = Path(
    os.environ.get("PACK_SIGNING_CERT", BASE_DIR / "var" / "signing" / "pack-signing.crt")
)
# Uploads through a vendor questionnaire link (no account behind them): a smaller limit.
VENDOR_UPLOAD_MAX_BYTES = int(os.environ.get("VENDOR_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# Incident SLAs count business days without this country's public holidays (ISO 3166
# code for the `holidays` package) until an administrator sets the organisation's
# calendar in its profile, which takes it when first created.
INCIDENT_HOLIDAY_COUNTRY = os.environ.get("INCIDENT_HOLIDAY_COUNTRY", "DE")
# The organisation's time zone until an administrator sets it in the organisation profile
# (core.models.OrganisationProfile, which takes these two when it is first created):
# business days and the weekly leadership report are counted in it.
ORGANISATION_TIME_ZONE = os.environ.get("ORGANISATION_TIME_ZONE", "Europe/Berlin")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH")  # the folder of the file backend's mail
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "AI Governance Portal <governance@localhost>"
)

# The largest request body Django accepts; bigger bodies get a 400, never a 500.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

PORTAL_NAME = "AI Governance Portal"
