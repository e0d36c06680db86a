"""What incidents contributes to other apps' pages, registered in IncidentsConfig.ready():
navigation entries, the panel of open incidents on the system page, and the guard that
makes changing a system ask for a confirmation while an Art. 73 serious incident on it
is open and the authority not yet informed."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core.audit_display import register_action_labels, register_object_link
from core.guards import ChangeGuard, register_change_guard
from core.navigation import NavEntry, register_nav_entry
from core.panels import Panel, register_panel
from incidents.choices import Audience, ClockKind, IncidentStatus
from incidents.models import Incident, IncidentNotification

SERIOUS = (
    Q(death=True)
    | Q(critical_infrastructure_disruption=True)
    | Q(widespread_infringement=True)
    | Q(other_serious_harm=True)
)


def art73_unreported(system) -> list[Incident]:
    """Open serious incidents of a high-risk system with no Art. 73 report sent (one
    query; none for a system that is not high-risk)."""
    if getattr(system, "ai_act_category", "") != "high_risk":
        return []
    reported = IncidentNotification.objects.filter(
        incident=OuterRef("pk"), audience=Audience.REGULATOR,
        regime=ClockKind.AI_ACT_ART73, sent_at__isnull=False,
    )  # fmt: skip
    return list(
        Incident.objects.filter(SERIOUS, system=system)
        .exclude(status=IncidentStatus.CLOSED)
        .exclude(Exists(reported))
        .order_by("discovered_at")
    )


def art73_warnings(system) -> list[str]:
    return [
        f"{incident.incident_id} is a serious incident under EU AI Act Art. 73 and the "
        "market surveillance authority has not been informed yet."
        for incident in art73_unreported(system)
    ]


def _incident_page(_object_id: str, object_repr: str) -> str | None:
    """An incident's or notification's name starts with its incident ID (INC-0001 ...)."""
    first = (object_repr or "").split(" ", 1)[0]
    return f"/incidents/{first}/" if first.startswith("INC-") else None


ACTION_LABELS = {
    "incident.notification_drafted": "Drafted an incident notification",
    "incident.notification_updated": "Edited an incident notification",
    "incident.notification_sent": "Recorded an incident notification as sent",
    "incident.notification_downloaded": "Downloaded an incident notification (PDF)",
    "incident.notice_facts_updated": "Recorded the facts for an incident's notifications",
    "incident.review_recorded": "Recorded a post-incident review",
    "change.confirmed_despite_warning": "Confirmed a change despite a warning",
}


def register() -> None:
    register_action_labels(ACTION_LABELS)
    register_object_link("incidents.incident", _incident_page)
    register_object_link("incidents.incidentnotification", _incident_page)
    register_nav_entry(NavEntry("Incidents", "incidents:list", "incidents.nav"))
    register_nav_entry(NavEntry("Clocks", "incidents:clocks", "incidents.clocks.nav"))
    register_panel(
        Panel(
            slot="registry.system_detail",
            title="Open incidents",
            url_name="incidents:system_panel",
            action="incidents.incident.view",
        )  # fmt: skip
    )
    register_change_guard(
        ChangeGuard(
            subject="registry.system", name="incidents.art73_unreported", warnings=art73_warnings
        )  # fmt: skip
    )
