"""Login integration: allauth adapter, and audit events for logins (by password or by
single sign-on), failures, sign-outs (and why) and every change of a person's identity
(e-mail addresses, password, second factor, the roles single sign-on gives)."""

from collections.abc import Callable

from allauth.account import signals as account_signals
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.mfa import signals as mfa_signals
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.dispatch import receiver

from core.audit import audit_record
from core.audit_display import register_action_labels
from core.identity import identity_change_record
from core.sessions import signed_out_because
from core.sso import checks  # noqa: F401 - registers the deployment check
from core.sso.adapter import provider_name
from core.sso.rules import claims_of, groups_in
from core.sso.services import sso_roles_sync

# allauth's message when it refuses to make an unverified address the login address.
UNVERIFIED_PRIMARY_MESSAGE = "account/messages/unverified_primary_email.txt"
PASSWORDS_OFF_MESSAGE = "Signing in with a password is turned off: use single sign-on."

register_action_labels(
    {
        "auth.password_login_refused": "Sign-in with a password refused: single sign-on only",
        "auth.sso_refused": "Single sign-on refused",
    }
)


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators, or by a first single sign-on
    (core.sso.adapter); nobody signs up with a password."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        # allauth refuses an unverified address as the login address with this message
        # and no signal: the refused attempt goes into the audit trail too.
        if message_template == UNVERIFIED_PRIMARY_MESSAGE and request.user.is_authenticated:
            identity_change_record(
                actor=request.user,
                user=request.user,
                action="email.primary_refused",
                changes={"address": str(request.POST.get("email", ""))[:254]},
            )
        return super().add_message(request, level, message_template, *args, **kwargs)

    def pre_authenticate(self, request, **credentials) -> None:
        # Past the failed-login rate (ACCOUNT_RATE_LIMITS) allauth refuses before any
        # password is checked, so Django's user_login_failed never fires: record the
        # refused attempt here, or a guesser's 6th to 30th tries leave no trace.
        if not settings.PASSWORD_LOGIN:
            # core.sso.middleware refuses the login form's POST before it gets here; any
            # other form that checks a password (reauthentication) is refused too.
            _record_attempt(credentials, "auth.password_login_refused")
            raise ValidationError(PASSWORDS_OFF_MESSAGE)
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            _record_attempt(credentials, "auth.login_throttled")
            raise


# Django's auth signals are the one place every login path passes through
# (allauth form, admin, API session); the receivers record explicitly.
@receiver(user_logged_in)
def _record_login(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", obj=user, changes=_sign_in_method(request, user))


def _sign_in_method(request, user) -> dict:
    """How this sign-in was made, from the steps allauth recorded in the session: a
    password, or single sign-on with the provider's name and the person's id there.
    Nothing for a login no allauth form made (the test client's force_login)."""
    if request is None:
        return {}
    steps = [s for s in get_authentication_records(request, user) if s.get("method") != "mfa"]
    if not steps:
        return {}
    step = steps[-1]
    if step["method"] != "socialaccount":
        return {"method": step["method"]}
    return {"method": "sso", "provider": _provider_label(step["provider"]), "uid": step["uid"]}


def _provider_label(provider_id: str) -> str:
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    names = [app.get("name") for app in apps if app.get("provider_id") == provider_id]
    return names[0] if names and names[0] else provider_id


@receiver(user_logged_out)
def _record_logout(sender, request, user, **kwargs):
    if user is not None:
        why = signed_out_because(request)
        audit_record(actor=user, action="auth.logout", obj=user, changes=why)


@receiver(account_signals.user_logged_in)
def _sso_roles_follow_groups(sender, request, user, sociallogin=None, **kwargs):
    """At each single sign-on the person's roles follow their groups (core.sso)."""
    if sociallogin is None:
        return
    claims = claims_of(sociallogin.account.extra_data)
    groups = groups_in(claims, settings.SSO_GROUPS_CLAIM)
    sso_roles_sync(user=user, groups=groups, provider=provider_name(sociallogin))


@receiver(user_login_failed)
def _record_login_failed(sender, credentials, request=None, **kwargs):
    _record_attempt(credentials, "auth.login_failed")


def _record_attempt(credentials: dict, action: str) -> None:
    """A sign-in that did not happen, with the address it was tried for."""
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(
        actor=None,
        action=action,
        object_type="core.user",
        object_id="",
        changes={"attempted_email": attempted},
    )


# --- identity changes: allauth's documented signals call core.identity -----------------


def _actor(request, user):
    """Who acted: the signed-in person (themselves, or an administrator), else the person
    whose identity changed (a password reset by its e-mailed link)."""
    signed_in = getattr(request, "user", None)
    return signed_in if getattr(signed_in, "is_authenticated", False) else user


def _record(request, user, action: str, changes: dict | None = None) -> None:
    """One change of `user`'s identity, made by `_actor`, into the audit trail."""
    identity_change_record(actor=_actor(request, user), user=user, action=action, changes=changes)


def _address(email_address) -> dict:
    return {"address": email_address.email, "verified": email_address.verified}


def _factor(authenticator) -> dict:
    return {"factor": authenticator.type}


@receiver(account_signals.email_confirmed)
def _record_email_verified(sender, request, email_address, **kwargs):
    _record(request, email_address.user, "email.verified", {"address": email_address.email})


@receiver(account_signals.email_changed)
def _record_email_changed(sender, request, user, from_email_address, to_email_address, **kw):
    changes = {
        "from": from_email_address.email if from_email_address else None,
        "to": to_email_address.email,
        "verified": to_email_address.verified,
    }
    _record(request, user, "email.primary_changed", changes)


def _recorder(action: str, details: Callable[..., dict] | None):
    """A receiver that records `action` for the signal's user, with `details(**signal's
    arguments)` as the event's changes (none without it)."""

    def record(sender, request, user, **kwargs):
        _record(request, user, action, details(**kwargs) if details else None)

    return record


def _email_details(email_address, **_) -> dict:
    return _address(email_address)


def _factor_details(authenticator, **_) -> dict:
    return _factor(authenticator)


# The signals whose event is one fixed action for the signal's user: one recorder each,
# kept alive by the signal (weak=False), connected once (dispatch_uid).
for _signal, _action, _details in (
    (account_signals.email_added, "email.added", _email_details),
    (account_signals.email_removed, "email.removed", _email_details),
    (account_signals.password_changed, "password.changed", None),
    (account_signals.password_set, "password.set", None),
    (account_signals.password_reset, "password.reset", None),
    (mfa_signals.authenticator_removed, "mfa.deactivated", _factor_details),
    (mfa_signals.authenticator_reset, "mfa.recovery_codes_generated", _factor_details),
):
    _signal.connect(_recorder(_action, _details), weak=False, dispatch_uid=f"core.auth:{_action}")


@receiver(mfa_signals.authenticator_added)
def _record_mfa_added(sender, request, user, authenticator, **kwargs):
    recovery_codes = authenticator.type == authenticator.Type.RECOVERY_CODES
    action = "mfa.recovery_codes_generated" if recovery_codes else "mfa.activated"
    _record(request, user, action, _factor(authenticator))
