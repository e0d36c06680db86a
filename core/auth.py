"""Login integration: allauth adapter and audit events for logins and failures."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.audit import audit_record


class PortalAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators; nobody signs up by themselves."""

    def is_open_for_signup(self, request) -> bool:
        return False


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
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(
        actor=None,
        action="auth.login_failed",
        object_type="core.user",
        object_id="",
        changes={"attempted_email": attempted},
    )
