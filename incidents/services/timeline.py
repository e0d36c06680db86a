"""Writing a line of an incident's timeline: every service that changes an incident
calls this in its own transaction, beside its audit event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from incidents.models import Incident, TimelineEntry


def timeline_record(
    *,
    incident: Incident,
    kind: str,
    text: str,
    actor=None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TimelineEntry:
    """Append one line; `actor` None is the portal itself (a clock's sweep)."""
    return TimelineEntry.objects.create(
        incident=incident,
        kind=kind,
        text=text,
        actor=actor if getattr(actor, "pk", None) else None,
        data=data or {},
        at=at or timezone.now(),
    )
