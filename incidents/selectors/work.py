"""What incidents put in "Waiting for me" (core.work): the regulatory clocks the DPO
and Legal file against, the notifications drafted and not sent, and the incidents a
responder leads or may take."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Cast

from core.choices import Role
from core.models import Deadline
from core.permissions import roles_of
from core.work import WorkItem, deadline_item
from incidents.choices import ClockKind, IncidentStatus
from incidents.contributions import deadline_kind, incident_link
from incidents.models import Incident, IncidentNotification

# Who files what (DOMAIN 6): the GDPR notification is the DPO's; the AI Act's Art. 73
# report is a regulatory filing of Legal and the DPO.
FILED_BY = {
    ClockKind.GDPR_72H: {Role.DPO},
    ClockKind.AI_ACT_ART73: {Role.DPO, Role.LEGAL},
}
STILL_OPEN = ~Q(status__in=[IncidentStatus.RESOLVED, IncidentStatus.CLOSED])


def regulatory_clocks_waiting_for(user) -> list[WorkItem]:
    """The running GDPR and Art. 73 clocks the person's roles file (one query)."""
    roles = roles_of(user)
    kinds = [deadline_kind(kind) for kind, filers in FILED_BY.items() if filers & roles]
    if not kinds:
        return []
    clocks = Deadline.objects.filter(
        kind__in=kinds, met_at__isnull=True, cancelled_at__isnull=True
    ).order_by("due_at", "pk")
    return [deadline_item(clock, why="A regulatory deadline you file against.") for clock in clocks]


def notifications_unsent_for(user) -> list[WorkItem]:
    """Notifications drafted and not yet sent, for those who send them (one query)."""
    if not roles_of(user) & {Role.DPO, Role.LEGAL}:
        return []
    drafts = (
        IncidentNotification.objects.filter(sent_at__isnull=True)
        .select_related("incident")
        .order_by("created_at", "pk")
    )
    return [
        WorkItem(
            title=f"{draft.incident.incident_id}: {draft.subject}",
            url=incident_link(draft.incident.incident_id),
            why=f"Drafted {draft.created_at:%Y-%m-%d}, not sent: "
            f"{draft.get_audience_display().lower()}, {draft.get_phase_display().lower()}.",
        )
        for draft in drafts
    ]


def incidents_to_work_for(user) -> list[WorkItem]:
    """Open incidents the responder leads, or that have no lead yet and may be taken;
    each with its soonest running clock (one query)."""
    incident_type = ContentType.objects.get_for_model(Incident)
    soonest = (
        Deadline.objects.filter(
            subject_type=incident_type,
            subject_id=Cast(OuterRef("pk"), CharField()),
            met_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .values("subject_id")
        .annotate(due=Min("due_at"))
        .values("due")
    )
    incidents = (
        Incident.objects.filter(STILL_OPEN, Q(lead=user) | Q(lead__isnull=True))
        .annotate(next_due=Subquery(soonest[:1]))
        .select_related("system")
        .order_by("discovered_at", "pk")
    )
    return [
        WorkItem(
            title=f"{incident.incident_id} {incident.title}",
            url=incident_link(incident.incident_id),
            why="You lead it." if incident.lead_id == user.pk else "No lead yet: take it.",
            due_at=incident.next_due,
        )
        for incident in incidents
    ]
