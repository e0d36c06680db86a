"""Login integration: allauth adapter, and audit events for logins, failures and every
change of a person's identity (e-mail addresses, password, second factor)."""

from collections.abc import Callable

from allauth.account import signals as account_signals
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.dispatch import receiver

from core.audit import audit_record
from core.identity import identity_change_record

# allauth's message when it refuses to make an unverified address the login address.
UNVERIFIED_PRIMARY_MESSAGE = "account/messages/unverified_primary_email.txt"


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators; nobody signs up by themselves."""

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
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            _record_attempt(credentials, "auth.login_throttled")
            raise


# Django's auth signals are the one place every login path passes through
# (allauth form, admin, API session); the receivers record explicitly.
@receiver(user_logged_in)
def _record_login(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", obj=user)


@receiver(user_logged_out)
def _record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user)


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
