"""Single sign-out: signing out of the portal after a single sign-on ends the person's
session at the identity provider too (OpenID Connect RP-Initiated Logout 1.0). Without
it the provider still knows the browser, and the next "Sign in with …" signs the person
straight back in without asking who they are.

allauth keeps only the claims of the ID token, so the token itself is kept in the
portal's session at sign-in (core.sso.views.callback). At sign-out the browser is sent to
the provider's end_session_endpoint, from its discovery document, with the token as
id_token_hint, and comes back to the login page."""

from __future__ import annotations

import logging

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.shortcuts import resolve_url
from requests import RequestException

from core.sso.rules import end_session_url

logger = logging.getLogger("aigov.sso")

# The ID token of this session's single sign-on, with the provider that issued it.
ID_TOKEN_KEY = "core.sso.id_token"


def id_token_keep(request, *, provider_id: str, id_token: str) -> None:
    """Keep the ID token of the single sign-on just made in the person's session: the
    portal's logout empties the session, so the token goes with the session it names."""
    request.session[ID_TOKEN_KEY] = {"provider_id": provider_id, "id_token": id_token}


def provider_sign_out_url(request) -> str | None:
    """Where the browser goes to end the person's session at the provider, then back to
    the login page (which the provider must know as a post-logout redirect URI). Read
    before the portal's logout empties the session.

    None when there is nothing to end there or no way to: a password sign-in, a single
    sign-on whose ID token the session does not hold, SSO_LOGOUT_AT_PROVIDER off, a
    provider that advertises no end_session_endpoint (Google), or one that cannot be
    reached: the portal's own sign-out never waits on the provider."""
    kept = request.session.get(ID_TOKEN_KEY)
    if not settings.SSO_LOGOUT_AT_PROVIDER or not isinstance(kept, dict):
        return None
    adapter = OpenIDConnectOAuth2Adapter(request, kept["provider_id"])
    try:
        client_id = adapter.get_provider().app.client_id
        endpoint = adapter.openid_config.get("end_session_endpoint")  # the discovery document
    except (SocialApp.DoesNotExist, RequestException, ValueError) as error:
        logger.warning("Signed out of the portal only, not at the identity provider: %r", error)
        return None
    if not endpoint:
        return None
    back = build_absolute_uri(request, resolve_url(settings.ACCOUNT_LOGOUT_REDIRECT_URL))
    return end_session_url(
        endpoint, id_token=kept["id_token"], client_id=client_id, post_logout_redirect_uri=back
    )
