"""A deployment check (`manage.py check --deploy` and every start): passwords turned off
with no single sign-on set up would leave nobody a way in."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

from core.sso.config import PROVIDER


@register(Tags.security)
def passwords_off_needs_a_provider(app_configs, **kwargs) -> list[Warning]:
    if settings.PASSWORD_LOGIN or settings.SOCIALACCOUNT_PROVIDERS.get(PROVIDER):
        return []
    return [
        Warning(
            "PASSWORD_LOGIN is off and no single sign-on is set up: nobody can sign in.",
            hint="Set SSO_OIDC_SERVER_URL and SSO_OIDC_CLIENT_ID, or PASSWORD_LOGIN=true.",
            id="core.W001",
        )
    ]
