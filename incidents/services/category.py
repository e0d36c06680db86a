"""Art. 73 follows the system's EU AI Act category (DOMAIN 6): when a system becomes
high-risk, its open serious incidents get their Art. 73 clock from the moment the
organisation learned they were serious; when it stops being high-risk, those clocks
are cancelled with the reason (kept in the audit trail and the timeline). Registered
in IncidentsConfig.ready() on core's category listeners; the registry's screening
service calls it inside its transaction, after its own permission check."""

from __future__ import annotations

from incidents import rules
from incidents.choices import IncidentStatus
from incidents.models import Incident
from incidents.services.clocks import incident_clocks_sync
from registry.choices import AIActCategory


def category_words(category: str) -> str:
    return (
        str(AIActCategory(category).label).lower() if category in AIActCategory.values else category
    )


def incidents_follow_ai_act_category(*, actor, system, before: str, after: str) -> None:
    """Open, keep or cancel the Art. 73 clocks of `system`'s open serious incidents to
    match its new category (`before` -> `after`)."""
    why = (
        f"the system's EU AI Act category changed from {category_words(before)} "
        f"to {category_words(after)}"
    )
    open_incidents = (
        Incident.objects.filter(system=system)
        .exclude(status=IncidentStatus.CLOSED)
        .select_for_update()
        .order_by("pk")
    )
    for incident in open_incidents:
        if rules.is_serious(incident):
            incident.system = system  # the category just set, not a stale copy
            incident_clocks_sync(actor=actor, incident=incident, why=why)
