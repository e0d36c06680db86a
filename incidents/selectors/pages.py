"""The reads of the incident pages (INCIDENTS-WEB), beside incidents.selectors: one
incident with everything its page shows, in a fixed number of queries whatever the
length of its timeline, checklist or notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min

from core.models import Deadline
from core.selectors import visible_or_404
from incidents.contributions import PREFIX
from incidents.models import (
    ChecklistItem,
    Incident,
    IncidentNotification,
    PostIncidentReview,
    TimelineEntry,
)
from incidents.rules import SLA_KINDS
from incidents.selectors.incident import (
    Clock,
    incident_clocks,
    incident_get_for,
    incidents_visible_to,
)


@dataclass
class IncidentPage:
    incident: Incident
    clocks: list[Clock]
    timeline: list[TimelineEntry]
    checklist: list[ChecklistItem]
    notifications: list[IncidentNotification]
    review: PostIncidentReview | None
    next_clock: Clock | None = field(default=None)


def incident_page_for(user, incident_id: str, now: datetime) -> IncidentPage:
    """The incident page's data (7 queries); 404 when missing or not visible."""
    incident = incident_get_for(user, incident_id)
    timeline = list(
        TimelineEntry.objects.filter(incident=incident).select_related("actor").order_by("at", "id")
    )
    checklist = list(
        ChecklistItem.objects.filter(incident=incident)
        .select_related("done_by")
        .order_by("phase", "order", "id")
    )
    notifications = list(
        IncidentNotification.objects.filter(incident=incident)
        .select_related("sent_by", "created_by")
        .order_by("created_at", "id")
    )
    review = (
        PostIncidentReview.objects.filter(incident=incident).select_related("reviewed_by").first()
    )
    clocks = incident_clocks(incident, now)
    running = [c for c in clocks if c.running]
    return IncidentPage(
        incident=incident,
        clocks=clocks,
        timeline=timeline,
        checklist=checklist,
        notifications=notifications,
        review=review,
        next_clock=min(running, key=lambda c: c.due_at) if running else None,
    )


def notification_get_for(user, incident_id: str, pk: int) -> IncidentNotification:
    """One notification of a visible incident; 404 when missing or not visible."""
    rows = IncidentNotification.objects.filter(
        incident__in=incidents_visible_to(user)
    ).select_related("incident", "incident__system", "sent_by")
    return visible_or_404(rows, "No such notification.", pk=pk, incident__incident_id=incident_id)


def system_incidents_for(user, system) -> list[Incident]:
    """The panel on the system page: the system's open incidents (one query)."""
    return list(
        incidents_visible_to(user)
        .filter(system=system)
        .exclude(status="closed")
        .select_related("lead")
        .order_by("-discovered_at", "-pk")
    )


def metrics_rows(user):
    """What incidents.rules.metrics computes from: incidents with the time of their first sent
    notification, and their SLA clocks with severity (2 queries)."""
    incidents = list(
        incidents_visible_to(user)
        .annotate(notified_at=Min("notifications__sent_at"))
        .values("pk", "severity", "discovered_at", "triaged_at", "contained_at", "notified_at")
    )
    severity = {row["pk"]: row["severity"] for row in incidents}
    kinds = [f"{PREFIX}{k}" for k in SLA_KINDS]
    clocks = [
        {"severity": severity[int(d["subject_id"])], "due_at": d["due_at"], "met_at": d["met_at"]}
        for d in Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(Incident),
            kind__in=kinds,
            cancelled_at__isnull=True,
        ).values("subject_id", "due_at", "met_at")
        if int(d["subject_id"]) in severity
    ]
    return incidents, clocks
