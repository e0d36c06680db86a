"""Settings from the environment (twelve-factor).

Without DATABASE_URL / REDIS_URL the embedded PostgreSQL and Redis under var/
are started or joined (see core.embedded), so `make run` needs nothing installed.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

from core.sso.config import oidc_providers, with_provider_form_action

BASE_DIR = Path(__file__).resolve().parent.parent

if not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")):
    from core.embedded import boot

    boot()


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


# Off unless asked for (`DEBUG=true make run`): Django's debug pages list every URL
# pattern and show settings, so nothing runs with them by default, not even make run.
DEBUG = env_bool("DEBUG", False)
# Where people reach the portal (links in e-mails). An https address means the portal
# is deployed behind TLS (docker-compose.yml, the image): Secure cookies, HSTS, plain
# http redirected, static files under hashed names. make run and the tests serve
# plain http on this machine, where a Secure cookie never comes back (no login).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://localhost:8000")
BEHIND_TLS = PORTAL_BASE_URL.startswith("https://")
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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "core",
    "vendors",
    "registry",
    "incidents",
    "governance",
]

MIDDLEWARE = [
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
    "core.sessions.IdleTimeoutMiddleware",
    "core.sso.middleware.PasswordsOffMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "core.middleware.ViewerTimeZoneMiddleware",
]

# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and
# images from the portal's own origin only, no inline script or style (htmx's indicator
# style is turned off in base.html), no framing, forms posted only here. A browser reports
# what it refused to core:csp_report, which logs it (logger "aigov.csp").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-report/",
    }
}

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

DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
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
        "schedule": crontab(),
        # A sweep stuck in a dead broker for long is useless: the next minute's covers it.
        "options": {"expires": 300},
    },
    # Audit packs (issue 10): fail exports whose worker died or ran over the time limit,
    # delete pack files older than PACK_RETENTION_DAYS. Safe to run twice.
    "packs-sweep": {
        "task": "governance.tasks.packs_sweep",
        "schedule": crontab(),
        "options": {"expires": 50},
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

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, loading the roles with the user (one query).
    "core.backends.PortalModelBackend",
    "core.backends.PortalAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# An address counts (sign-in, login address) only once its owner confirms it from its
# mailbox; the address an administrator gives an account is stored as verified
# (core.identity), so nobody is asked to confirm that one.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_ADAPTER = "core.auth.PortalAccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key", "login": "30/m/ip"}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "AI Governance Portal"

# --- Single sign-on and sessions (issue 17; README "Single sign-on", "Sessions") -------
# OpenID Connect through allauth's generic provider: one identity provider (Keycloak,
# Entra ID, Okta, Google Workspace alike) named by SSO_OIDC_SERVER_URL (the issuer),
# SSO_OIDC_CLIENT_ID, SSO_OIDC_CLIENT_SECRET and SSO_OIDC_NAME (the button's words);
# SSO_OIDC_SCOPES adds scopes (Okta's "groups"). Without a server URL and a client id
# there is no single sign-on and no button (core.sso.config).
SOCIALACCOUNT_PROVIDERS = oidc_providers(os.environ)
SOCIALACCOUNT_ADAPTER = "core.sso.adapter.PortalSocialAccountAdapter"
# Someone the portal does not know gets an account at their first sign-in, with the
# address the provider vouches for (verified); a known address signs in to its account.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
# The claim that lists a person's groups; core.SsoGroupMapping (admin) maps them to roles.
SSO_GROUPS_CLAIM = os.environ.get("SSO_GROUPS_CLAIM", "groups")
# PASSWORD_LOGIN=false: single sign-on is the only way in. No password form, a posted
# password refused and audited, no password reset (core.sso.middleware). Second factors
# are for password accounts, while passwords are on.
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True)
# The sign-in form posts here and is redirected to the provider, which Chrome checks
# against form-action: the provider's origin is added when single sign-on is set up.
CONTENT_SECURITY_POLICY = with_provider_form_action(
    CONTENT_SECURITY_POLICY, SOCIALACCOUNT_PROVIDERS
)
# Signed out after this many seconds without a request (core.sessions; 0: never).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", "1800"))

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
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "AI Governance Portal <governance@localhost>"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.api.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "core.api.throttling.RefuseAnonymousFloods",
        "rest_framework.permissions.IsAuthenticated",
    ],
    # The API is for scripts and pipelines: JSON bodies only (the schema then offers no
    # form encodings, where an empty field cannot be told from a missing one).
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    # Rate limits (core.api.throttling): a 429 with Retry-After beyond them. A pipeline
    # polling "may SYS-007 pass?" stays far below the person's rate; a token guesser
    # meets the failed-token one after a handful of tries.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.PersonThrottle",
        "core.api.throttling.AnonymousThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_RATE_PER_PERSON", "1200/min"),
        "anon": os.environ.get("API_RATE_ANONYMOUS", "60/min"),
        "failed_token": os.environ.get("API_RATE_FAILED_TOKENS", "20/min"),
    },
    # Counted per client address; behind a proxy, the proxies in front of the portal.
    "NUM_PROXIES": int(os.environ["API_NUM_PROXIES"]) if "API_NUM_PROXIES" in os.environ else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AI Governance Portal API",
    "DESCRIPTION": "AI system registry, classification and governance records.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Anonymous visitors see only the login page; the schema and its UI need a login too.
    "SERVE_PERMISSIONS": [
        "core.api.throttling.RefuseAnonymousFloods",
        "rest_framework.permissions.IsAuthenticated",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.forbid_unknown_request_fields",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DecisionImpactEnum": "registry.choices.DecisionImpact",
        "UserVulnerabilityEnum": "registry.choices.UserVulnerability",
        "RiskTierEnum": "registry.choices.RiskTier",
        "GateRequestStatusEnum": "registry.choices.GateRequestStatus",
        "ApprovalDecisionEnum": "registry.choices.ApprovalDecision",
        "VendorProductKindEnum": "vendors.choices.ProductKind",
        "VendorChangeKindEnum": "vendors.choices.ChangeKind",
        "VendorEvidenceKindEnum": "vendors.choices.EvidenceKind",
        # An incident's status in the incident and the breach register answers alike.
        "IncidentStatusEnum": "incidents.choices.IncidentStatus",
    },
}

# The largest request body Django accepts; bigger bodies get a 400, never a 500.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
if BEHIND_TLS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_tokens": {"()": "vendors.rules.log_redaction.RedactQuestionnaireTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_tokens"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The dev server's access lines go through the same filter (a link's token is secret).
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

PORTAL_NAME = "AI Governance Portal"
