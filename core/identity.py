"""Identity changes: a person's login e-mail addresses, password and second factor.

allauth performs these changes in its own views; the hooks it documents (its signals,
received in core.auth) and the User admin call the services here, which record each
change as an audit event naming who acted (the actor) and whose identity changed (the
object, by the account, not by the address it claims).

Accounts are created by administrators (nobody signs up), so the address an
administrator gives an account is vouched for: it is stored as verified. Any other
address counts for nothing until its owner confirms it from its mailbox.
"""

from __future__ import annotations

from django.db import transaction

from core.audit import audit_record
from core.audit_display import register_action_labels
from core.models import AuditEvent, User
from core.writes import row_create, row_update

IDENTITY_ACTIONS = {
    "email.added": "Added a login e-mail address (unverified)",
    "email.verified": "Verified a login e-mail address",
    "email.removed": "Removed a login e-mail address",
    "email.primary_changed": "Changed the login e-mail address",
    "email.primary_refused": "Was refused an unverified login e-mail address",
    "password.changed": "Changed their password",
    "password.set": "Set a password",
    "password.reset": "Reset a forgotten password",
    "password.set_by_admin": "Set a person's password as an administrator",
    "mfa.activated": "Activated a second factor",
    "mfa.deactivated": "Deactivated a second factor",
    "mfa.recovery_codes_generated": "Generated new recovery codes",
    "sso.account_created": "Got an account at their first single sign-on",
    "sso.role_granted": "Was given a role by their single sign-on groups",
    "sso.role_revoked": "Lost a role their single sign-on groups no longer give",
    "sessions.ended_everywhere": "Signed out everywhere",
}
register_action_labels(IDENTITY_ACTIONS)


@transaction.atomic
def identity_change_record(
    *, actor, user: User, action: str, changes: dict | None = None
) -> AuditEvent:
    """Record one change of `user`'s identity, made by `actor` (themselves, or an
    administrator). The event's object is the account; `changes` says what changed
    (an address, a kind of factor), never a secret."""
    if action not in IDENTITY_ACTIONS:
        raise ValueError(f"Not an identity change: {action}")
    return audit_record(
        actor=actor,
        action=action,
        obj=user,
        changes={"person": user.display_name, "account": user.pk, **(changes or {})},
    )


@transaction.atomic
def user_address_vouch(*, user: User) -> None:
    """Make `user`'s account address (set by an administrator or the console) their
    verified, primary login address; any other address of theirs stops being primary.

    Called where accounts are created or an administrator changes an account's
    address: that person vouches for it, so signing in needs no confirmation mail.
    Records nothing itself: the creation or the administrator's change that called it
    is audited with the address."""
    from allauth.account.models import EmailAddress  # allauth's model, loaded late

    address = user.email
    rows = EmailAddress.objects.filter(user=user)
    # One primary address per account (allauth's constraint): the former one steps down first.
    for former in rows.filter(primary=True).exclude(email__iexact=address):
        row_update(actor=None, obj=former, values={"primary": False}, action=None)
    vouched = {"verified": True, "primary": True}
    row = rows.filter(email__iexact=address).first()
    if row is None:
        row_create(
            actor=None,
            model=EmailAddress,
            values={"user": user, "email": address, **vouched},
            action=None,
        )
    else:
        row_update(actor=None, obj=row, values=vouched, action=None)
