"""Single sign-on from the environment: the one OpenID Connect provider entry for
allauth (SOCIALACCOUNT_PROVIDERS) and the form-action source its redirect needs.

config/settings_security.py calls these while settings load, so nothing here imports Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import deepcopy
from urllib.parse import urlsplit

PROVIDER = "openid_connect"
# The part of every single sign-on URL after /accounts/oidc/: the provider's redirect
# URI is <portal>/accounts/oidc/sso/login/callback/.
PROVIDER_ID = "sso"
SCOPES = ("openid", "profile", "email")


def oidc_providers(environ: Mapping[str, str]) -> dict:
    """allauth's SOCIALACCOUNT_PROVIDERS with one generic OpenID Connect provider, or
    none without SSO_OIDC_SERVER_URL and SSO_OIDC_CLIENT_ID."""
    server_url = environ.get("SSO_OIDC_SERVER_URL", "").strip()
    client_id = environ.get("SSO_OIDC_CLIENT_ID", "").strip()
    if not (server_url and client_id):
        return {}
    extra_scopes = environ.get("SSO_OIDC_SCOPES", "").replace(",", " ").split()
    domains = environ.get("SSO_EMAIL_DOMAINS", "").replace(",", " ").split()
    app = {
        "provider_id": PROVIDER_ID,
        "name": environ.get("SSO_OIDC_NAME", "").strip() or "Single sign-on",
        "client_id": client_id,
        "secret": environ.get("SSO_OIDC_CLIENT_SECRET", ""),
        "settings": {
            "server_url": server_url,
            "scope": list(dict.fromkeys([*SCOPES, *extra_scopes])),
            "oauth_pkce_enabled": True,
            # The organisation's own provider vouches for its people's addresses (most
            # send no email_verified claim), and a person the portal knows by that
            # address signs in to their account.
            "verified_email": True,
            "email_authentication": True,
            # SSO_EMAIL_DOMAINS: nobody signs in whose address is outside these (a
            # provider shared by several organisations); core.sso.adapter refuses them.
            "email_domains": [d.lower().lstrip("@") for d in domains],
        },
    }
    return {PROVIDER: {"APPS": [app]}}


def provider_origins(providers: Mapping) -> list[str]:
    """The origins (scheme://host[:port]) of the configured providers' server URLs."""
    origins = []
    for app in providers.get(PROVIDER, {}).get("APPS", []):
        parts = urlsplit(app["settings"]["server_url"])
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def with_provider_form_action(policy: Mapping, providers: Mapping) -> dict:
    """The Content-Security-Policy `policy` with the providers' origins allowed in
    form-action. Chrome applies form-action to the redirects after a form's POST, and
    the sign-in button posts to the portal, which redirects to the provider."""
    policy = deepcopy(dict(policy))
    origins = provider_origins(providers)
    if origins:
        directives = policy.setdefault("DIRECTIVES", {})
        directives["form-action"] = [*directives.get("form-action", []), *origins]
    return policy
