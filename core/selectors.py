"""Reads of the kernel that pages and endpoints need, each at a fixed query cost."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from core.models import ApiToken, AuditEvent, Notification, RoleAssignment, User
from core.permissions import can

# The columns the audit trail may be sorted by (query value -> ORM ordering).
AUDIT_SORTS = {"seq": "seq", "-seq": "-seq"}


@dataclass(frozen=True)
class AuditFilters:
    """What a viewer narrowed the audit trail to; empty strings mean "any"."""

    object_type: str = ""
    object_id: str = ""
    object_name: str = ""
    actor: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None
    time_zone: str = "UTC"

    def as_dict(self) -> dict:
        """The filters that were set, as plain values (for the audit event of an export)."""
        values = {
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_name": self.object_name,
            "actor": self.actor,
            "action": self.action,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in values.items() if value}


def _whole_words(text: str) -> str:
    """A pattern for `text` standing alone in what the trail calls an object, so that
    SYS-001 finds "SYS-001 Resume screener" and "SYS-001: Model card", not SYS-0012."""
    return rf"(^|[^[:alnum:]]){re.escape(text.strip())}($|[^[:alnum:]])"


def _local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


def audit_events_for(user, filters: AuditFilters, sort: str = "-seq") -> QuerySet[AuditEvent]:
    """The audit events this user may read, narrowed by the filters.

    Dates are calendar days in the viewer's time zone; `date_to` is inclusive."""
    if not can(user, "core.audit.view"):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.all()
    if filters.object_type:
        events = events.filter(object_type=filters.object_type.strip().lower())
    if filters.object_id:
        events = events.filter(object_id=filters.object_id.strip())
    if filters.object_name:
        events = events.filter(object_repr__iregex=_whole_words(filters.object_name))
    if filters.actor:
        events = events.filter(actor_label__iexact=filters.actor.strip())
    if filters.action:
        events = events.filter(action__startswith=filters.action.strip())
    if filters.date_from:
        events = events.filter(at__gte=_local_midnight(filters.date_from, filters.time_zone))
    if filters.date_to:
        end = _local_midnight(filters.date_to + timedelta(days=1), filters.time_zone)
        events = events.filter(at__lt=end)
    return events.order_by(AUDIT_SORTS.get(sort, "-seq"))


def audit_object_types() -> list[str]:
    """Object types the trail can name (every model's label), for the filter's suggestions.

    Taken from the app registry rather than a DISTINCT over the whole trail."""
    return sorted({model._meta.label_lower for model in apps.get_models()})


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """A person's own inbox, newest first."""
    notes = Notification.objects.filter(recipient=user)
    if unread_only:
        notes = notes.filter(read_at__isnull=True)
    return notes.order_by("-created_at", "-id")


def notification_get_for(user, pk: int) -> Notification:
    """One of the user's own notifications; 404 for someone else's, as for a missing one."""
    return get_object_or_404(Notification, pk=pk, recipient=user)


def role_assignments_of(user: User) -> list[RoleAssignment]:
    """The roles a person holds, with their teams (one query)."""
    return list(
        RoleAssignment.objects.filter(user=user).select_related("team").order_by("role", "team")
    )


def api_tokens_for(user) -> QuerySet[ApiToken]:
    """A person's own API tokens, newest first (revoked ones too, for the record)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_get_for(user, pk: int) -> ApiToken:
    return get_object_or_404(ApiToken.objects.select_related("user"), pk=pk, user=user)
