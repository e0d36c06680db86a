"""Writes of the kernel: people, roles, API tokens, notifications.

Every service is keyword-only and atomic, checks `core.permissions.require` first and
writes through core.writes (row_create, row_update, row_delete), which audit. Management
commands act as `core.permissions.CONSOLE`, for the bootstrap actions only.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.audit import audit_record
from core.choices import TEAM_SCOPED_ROLES, Role
from core.identity import user_address_vouch
from core.models import ApiToken, Notification, OrganisationProfile, RoleAssignment, Team, User
from core.permissions import forget_roles, require
from core.writes import row_create, row_delete, row_insert, row_lock, row_update

TOKEN_PREFIX_LENGTH = 8


@transaction.atomic
def team_create(*, actor, name: str, description: str = "") -> Team:
    """Create a team that can own AI systems (administrators)."""
    require(actor, "core.team.create")
    return row_create(
        actor=actor,
        model=Team,
        values={"name": name, "slug": slugify(name), "description": description},
        action="team.created",
        audit_changes={"name": name},
    )


@transaction.atomic
def user_create(*, actor, email: str, password: str | None, full_name: str = "") -> User:
    """Create a login (administrators; the console for the first administrator). No
    password (None): the person signs in once they set one through the reset mail. The
    address given is their verified login address (core.identity.user_address_vouch)."""
    require(actor, "core.user.create")
    address = User.objects.normalize_email(email).lower()
    user = row_create(
        actor=actor,
        model=User,
        values={"email": address, "full_name": full_name, "password": make_password(password)},
        action="user.created",
        audit_changes={"email": address},
    )
    user_address_vouch(user=user)
    return user


@transaction.atomic
def role_grant(*, actor, user: User, role: str, team: Team | None = None) -> RoleAssignment:
    """Give a user a role; product owners must name the team they own systems for."""
    require(actor, "core.role.grant", user)
    role = Role(role)
    if role in TEAM_SCOPED_ROLES and team is None:
        raise ValueError(f"The role {role.label} needs a team.")
    if role not in TEAM_SCOPED_ROLES:
        team = None
    row_lock(user)  # two grants of the same role at once: the second finds the first
    assignment = RoleAssignment.objects.filter(user=user, role=role, team=team).first()
    if assignment is None:
        assignment = row_create(
            actor=actor,
            model=RoleAssignment,
            values={"user": user, "role": role, "team": team},
            action="role.granted",
            audit_on=user,
            audit_changes={"role": role.value, "team": team.name if team else None},
        )
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Take a role away (administrators)."""
    require(actor, "core.role.revoke", assignment.user)
    user, team = assignment.user, assignment.team
    row_delete(
        actor=actor,
        obj=assignment,
        action="role.revoked",
        audit_on=user,
        audit_changes={"role": assignment.role, "team": team.name if team else None},
    )
    forget_roles(user)


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # the secret: shown once, never stored


@transaction.atomic
def api_token_issue(
    *,
    actor,
    user: User,
    name: str,
    scope: str = "",
    scope_object: str = "",
    scope_label: str = "",
) -> IssuedToken:
    """Create a token for `user`; the returned key is the only copy of the secret.

    Only the user themselves (or the console, `manage.py issue_token`) issues one. A
    scoped token (an app's service checks its own permission first, e.g. a system's
    monitoring token) is refused by every API view but those of its scope."""
    require(actor, "core.token.issue", user)
    key = secrets.token_urlsafe(32)
    token = row_create(
        actor=actor,
        model=ApiToken,
        values={
            "user": user,
            "name": name.strip()[:100],
            "prefix": key[:TOKEN_PREFIX_LENGTH],
            "key_hash": token_hash(key),
            "scope": scope,
            "scope_object": scope_object,
            "scope_label": scope_label[:200],
        },
        action="api_token.issued",
        audit_changes={"user": user.email, **({"scope": scope_label or scope} if scope else {})},
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token (its owner, or an administrator); a second revocation changes nothing."""
    row_lock(token)
    require(actor, "core.token.revoke", token)
    if token.revoked_at is None:
        row_update(
            actor=actor,
            obj=token,
            values={"revoked_at": timezone.now()},
            action="api_token.revoked",
            audit_extra={"user": token.user.email},
        )
    return token


@transaction.atomic
def notification_send(
    *,
    recipient: User,
    title: str,
    reason: str,
    body: str = "",
    link: str = "",
    subject=None,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Put a notification in the recipient's inbox and e-mail it after commit.

    No actor and no permission check: the portal itself notifies, from inside the
    services (already permission-checked) and the deadline sweep that decided to.
    With a dedupe_key, a second call with the same key sends nothing."""
    if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    note = row_create(
        actor=None,
        model=Notification,
        values={
            "recipient": recipient,
            "title": title[:200],
            "body": body,
            "reason": reason[:200],
            "link": link,
            "subject_type": subject._meta.label_lower if subject is not None else "",
            "subject_id": str(subject.pk) if subject is not None else "",
            "dedupe_key": dedupe_key,
        },
        action=None,  # the service that notifies records the event; the inbox is its trace
    )
    transaction.on_commit(lambda: _enqueue_email(note.pk))
    return note


def notification_send_each(
    recipients: Iterable[User],
    *,
    dedupe_key: Callable[[User], str] | None = None,
    **notice: Any,
) -> None:
    """The same notice (notification_send's title, reason, body, link, subject) to each
    of `recipients`, people found by role most often; `dedupe_key(recipient)` names each
    one's notice."""
    for recipient in recipients:
        key = dedupe_key(recipient) if dedupe_key else None
        notification_send(recipient=recipient, dedupe_key=key, **notice)


def _enqueue_email(notification_id: int) -> None:
    from core.tasks import notification_email

    notification_email.delay(notification_id)


def notification_email_deliver(*, notification_id: int) -> bool:
    """Send one notification by e-mail, once.

    The row stays locked while the mail goes out; a failed send rolls back and is
    retried, a second delivery of the same task finds it already sent."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None:
            return False
        text = f"{note.body}\n\nWhy you received this: {note.reason}\n"
        if note.link:
            text += f"\nOpen: {settings.PORTAL_BASE_URL}{note.link}\n"
        send_mail(note.title, text, None, [note.recipient.email])
        row_update(actor=None, obj=note, values={"emailed_at": timezone.now()}, action=None)
    return True


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's own notifications read (all, or those in `ids`)."""
    require(user, "core.notification.read_own")
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    # One UPDATE for the lot: read marks are the person's own bookkeeping, not audited.
    # The count loaded with the user (core.backends) is out of date now.
    with contextlib.suppress(AttributeError):  # request.user is a lazy proxy: delattr
        del user.unread_notifications
    return unread.update(read_at=timezone.now())


@transaction.atomic
def user_time_zone_set(*, actor, user: User, time_zone: str) -> User:
    """Change the zone in which a person sees times (themselves, or an administrator);
    an unknown zone is refused."""
    row_lock(user)
    require(actor, "core.user.time_zone_change", user)
    if time_zone not in available_timezones():
        raise ValueError(f"Unknown time zone: {time_zone}")
    row_update(
        actor=actor, obj=user, values={"time_zone": time_zone}, action="user.time_zone_changed"
    )
    return user


@transaction.atomic
def audit_export_record(*, actor, filters: dict, up_to_seq: int, rows: int):
    """Record that someone exported (a slice of) the audit trail."""
    require(actor, "core.audit.export")
    return audit_record(
        actor=actor,
        action="audit.exported",
        object_type="core.auditevent",
        changes={"filters": filters, "up_to_seq": up_to_seq, "rows": rows},
    )


@transaction.atomic
def list_export_record(*, actor, object_type: str, filters: dict, rows: int):
    """Record that someone exported a list (exports are governance events, DOMAIN.md 10).

    What they may see of the list is its selector's business (`visible_to`)."""
    require(actor, "core.list.export")
    return audit_record(
        actor=actor,
        action="list.exported",
        object_type=object_type,
        changes={"filters": filters, "rows": rows},
    )


# The items of the profile an administrator keeps: every field but the id and the stamp.
ORGANISATION_FIELDS = tuple(
    field.name
    for field in OrganisationProfile._meta.concrete_fields
    if field.editable and not field.primary_key
)


@transaction.atomic
def organisation_profile_update(*, actor, **changes) -> OrganisationProfile:
    """Change items of the organisation profile (administrators only). Each item is
    validated (country codes, the time zone, the holiday region of the country); a
    refused change raises ValidationError naming the field and saves nothing. Audited
    as 'organisation.updated' with each item's old and new value."""
    # Imported here: core.selectors -> core.lists -> core.services (the export record).
    from core.selectors import organisation_profile_get

    require(actor, "core.organisation.change")
    unknown = sorted(set(changes) - set(ORGANISATION_FIELDS))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "Not an item of the organisation profile."))
    values = {name: _stripped(value) for name, value in changes.items()}
    profile = organisation_profile_get()
    row_update(actor=actor, obj=profile, values=values, action="organisation.updated")
    return profile


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


# --- the Django admin's writes, for models without a service of their own ---------------


@transaction.atomic
def admin_row_save(*, actor, obj, created: bool, changed: dict[str, str]) -> None:
    """Save a row an administrator created or changed in the Django admin, audited as
    `<model>.created` / `<model>.changed` with what the form changed (`changed`: each
    field with its value as shown, a secret as "(changed)"). Nothing changed in the
    row's own fields: no save and no event (its inlines and roles are audited apart)."""
    require(actor, "core.admin.manage")
    verb = "created" if created else "changed"
    action = f"{obj._meta.model_name}.{verb}"
    if created:
        row_insert(actor=actor, obj=obj, action=action, audit_changes=changed)
        return
    columns = {field.name for field in obj._meta.concrete_fields}
    # Read before row_update locks the row, which reloads it from the database.
    values = {name: getattr(obj, name) for name in changed if name in columns}
    row_update(actor=actor, obj=obj, values=values, action=action, audit_changes=changed)


@transaction.atomic
def admin_row_delete(*, actor, obj) -> None:
    """Delete a row in the Django admin, audited as `<model>.deleted` (the row named)."""
    require(actor, "core.admin.manage")
    row_delete(actor=actor, obj=obj, action=f"{obj._meta.model_name}.deleted")
