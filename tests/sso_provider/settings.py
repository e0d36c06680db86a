"""Settings of the test OpenID Connect provider (see __init__.py). Not the portal's."""

import os

SECRET_KEY = "test-provider-only-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
    "tests.sso_provider.apps.SsoProviderConfig",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.sso_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["SSO_PROVIDER_DB"]}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test people only
LOGIN_URL = "/login/"
# Cookies of its own: the browser may see the portal on the same host name.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrftoken"

# django-oidc-provider: the issuer is SITE_URL + /openid.
SITE_URL = os.environ["SSO_PROVIDER_URL"]
OIDC_USERINFO = "tests.sso_provider.claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "tests.sso_provider.claims.GroupsScopeClaims"
# The groups in the ID token too, as Entra ID sends them.
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
