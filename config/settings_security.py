"""Who may come in and how the browser is held to it: accounts and sign-in (allauth,
second factors), single sign-on, sessions, the Content-Security-Policy and the cookies
and headers of a deployment behind TLS. Imported by name into config/settings.py."""

import os

from csp.constants import NONE, SELF

from config.environment import BEHIND_TLS, env_bool
from core.sso.config import oidc_providers, with_provider_form_action

# --- Accounts and sign-in (allauth, second factors) ---------------------------------------
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

# --- Single sign-on (issue 17; README "Single sign-on") -----------------------------------
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
# Signing out after a single sign-on ends the session at the provider too (OpenID Connect
# RP-Initiated Logout, when the provider's discovery document names an end_session_endpoint),
# or the next "Sign in with …" would sign the person straight back in (core.sso.logout).
# The provider must know <portal>/accounts/login/ as a post-logout redirect URI.
SSO_LOGOUT_AT_PROVIDER = env_bool("SSO_LOGOUT_AT_PROVIDER", True)

# --- Content-Security-Policy --------------------------------------------------------------
# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and
# images from the portal's own origin only, no inline script or style (htmx's indicator
# style is turned off in base.html), no framing, forms posted only here. A browser reports
# what it refused to core:csp_report, which logs it (logger "aigov.csp").
_BASE_POLICY = {
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
# The sign-in form posts here and is redirected to the provider, which Chrome checks
# against form-action: the provider's origin is added when single sign-on is set up.
CONTENT_SECURITY_POLICY = with_provider_form_action(_BASE_POLICY, SOCIALACCOUNT_PROVIDERS)

# --- Sessions and cookies (README "Sessions") ---------------------------------------------
# Signed out after this many seconds without a request (core.sessions; 0: never).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", "1800"))
SESSION_COOKIE_HTTPONLY = True
# Behind TLS (an https PORTAL_BASE_URL): cookies only over https, HSTS, plain http
# redirected, the proxy's X-Forwarded-Proto trusted. On plain http, Django's defaults.
SESSION_COOKIE_SECURE = BEHIND_TLS
CSRF_COOKIE_SECURE = BEHIND_TLS
SECURE_SSL_REDIRECT = BEHIND_TLS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if BEHIND_TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = BEHIND_TLS
SECURE_HSTS_PRELOAD = BEHIND_TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS else None
