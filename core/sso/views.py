"""Two steps of allauth's single sign-on that the portal takes over, each at allauth's
own address (config/urls.py lists them before allauth's URLs): the provider's callback,
which keeps the sign-in's ID token, and "Log out", which then ends the session at the
provider too (core.sso.logout)."""

from __future__ import annotations

from allauth.account.views import LogoutView
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.contrib.auth.decorators import login_not_required
from django.http import Http404

from core.sso.logout import id_token_keep, provider_sign_out_url


class IdTokenKeepingAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, holding on to the ID token of the provider's
    token response (allauth verifies it, keeps its claims and drops the token)."""

    id_token = ""

    def complete_login(self, request, app, token, **kwargs):
        self.id_token = kwargs["response"].get("id_token") or ""
        return super().complete_login(request, app, token, **kwargs)


@login_not_required
def callback(request, provider_id: str):
    """allauth's callback from the provider; when it signed someone in, their ID token is
    kept for the sign-out. A sign-in that stopped short (refused, or waiting for another
    step) keeps nothing: the token would outlive it in an anonymous session."""
    adapter = IdTokenKeepingAdapter(request, provider_id)
    try:
        response = OAuth2CallbackView.adapter_view(adapter)(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None  # as allauth's own callback: no such provider
    if adapter.id_token and request.user.is_authenticated:
        id_token_keep(request, provider_id=provider_id, id_token=adapter.id_token)
    return response


class PortalLogoutView(LogoutView):
    """allauth's "Log out" (the session ended, recorded as auth.logout by core.auth),
    then on to the provider's sign-out when the person came in by single sign-on."""

    def get_redirect_url(self) -> str:
        # allauth asks before it logs out, while the session still holds the ID token.
        return provider_sign_out_url(self.request) or super().get_redirect_url()


logout = PortalLogoutView.as_view()
