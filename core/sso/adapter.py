"""allauth's hooks for single sign-on: who gets an account at their first sign-in, and
what the portal copies from the provider (the address, the name)."""

from __future__ import annotations

from allauth.account.utils import filter_users_by_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

from core.audit import audit_record
from core.sso.services import sso_account_created_record


def provider_name(sociallogin) -> str:
    """The provider as the login page names it (SSO_OIDC_NAME)."""
    provider = getattr(sociallogin, "provider", None)
    return getattr(provider, "name", "") or sociallogin.account.provider


def sso_refusal_record(sociallogin, reason: str) -> None:
    """A single sign-on that signed nobody in, with why and the address it was for."""
    audit_record(
        actor=None,
        action="auth.sso_refused",
        object_type="core.user",
        changes={
            "reason": reason,
            "attempted_email": vouched_address(sociallogin) or "",
            "provider": provider_name(sociallogin),
        },
    )


def vouched_address(sociallogin) -> str | None:
    """The address the provider vouches for (core.sso.config: verified_email), if any."""
    verified = [a.email for a in sociallogin.email_addresses if a.verified and a.email]
    return verified[0].lower() if verified else None


class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on makes an account for a person the portal does not know yet (the
    account adapter keeps sign-up with a password closed), with the address the
    provider vouches for as their verified login address."""

    def pre_social_login(self, request, sociallogin) -> None:
        # After allauth found the account (by the provider's id or the address), before
        # anyone is signed in: an address outside SSO_EMAIL_DOMAINS goes no further.
        domains = sociallogin.provider.app.settings.get("email_domains") or []
        address = vouched_address(sociallogin)
        if domains and (address is None or address.rpartition("@")[2] not in domains):
            sso_refusal_record(sociallogin, "The address is outside the allowed domains.")
            page = render(request, "account/signup_closed.html", status=403)
            raise ImmediateHttpResponse(page)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # allauth asks only when the sign-in matched no account (by the provider's id,
        # or by a verified address: SOCIALACCOUNT_EMAIL_AUTHENTICATION). Without an
        # address to make the account with, or with one an account holds that could not
        # sign in, allauth would offer its sign-up form: refuse instead, on the record.
        address = vouched_address(sociallogin)
        if address is None:
            sso_refusal_record(sociallogin, "The provider vouched for no e-mail address.")
        elif filter_users_by_email(address):
            sso_refusal_record(
                sociallogin, "The address belongs to an account that cannot sign in."
            )
        else:
            return True
        return False

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        # Addresses are stored lower-case (core.models.UserManager); the full name is
        # the provider's `name`, or given and family names.
        user.email = (user.email or "").lower()
        for address in sociallogin.email_addresses:
            address.email = address.email.lower()
        names = (data.get("first_name") or "", data.get("last_name") or "")
        user.full_name = (data.get("name") or " ".join(names)).strip()[:150]
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        sso_account_created_record(user=user, provider=provider_name(sociallogin))
        return user
