"""The login page's ways in: `{% sso_sign_in as sso %}` gives the single sign-on
provider's name and the URL its button posts to (None when none is set up), and
`{% password_login_on as passwords %}` whether passwords are on (PASSWORD_LOGIN)."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.socialaccount.adapter import get_adapter
from django import template
from django.conf import settings
from django.urls import reverse

from core.sso.config import PROVIDER

register = template.Library()


@dataclass(frozen=True)
class SsoSignIn:
    name: str
    login_url: str


@register.simple_tag(takes_context=True)
def sso_sign_in(context) -> SsoSignIn | None:
    apps = get_adapter().list_apps(context.get("request"), provider=PROVIDER)
    if not apps:
        return None
    app = apps[0]
    url = reverse("openid_connect_login", kwargs={"provider_id": app.provider_id})
    return SsoSignIn(name=app.name or "Single sign-on", login_url=url)


@register.simple_tag
def password_login_on() -> bool:
    return bool(settings.PASSWORD_LOGIN)
