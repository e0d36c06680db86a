"""What incidents gives core's contribution points, registered once from
IncidentsConfig.ready() (`contributions_register`):

- its deadline kinds on core's clocks engine: `incidents.<ClockKind>` and the label
  people read (the services, selectors and lists name the clocks through this module);
- navigation entries, the panel of open incidents on the system page, the audit trail's
  words and links;
- the guard that makes changing a system ask for a confirmation while an Art. 73
  serious incident on it is open and the authority not yet informed;
- the listener by which Art. 73 clocks follow the system's AI Act category;
- the `incident_log` and `art73_report` evidence kinds for the frameworks'
  requirements (core.evidence_kinds).
"""

from __future__ import annotations

from core.audit_display import register_action_labels, register_object_link
from core.guards import ChangeGuard, register_change_guard
from core.navigation import NavEntry, register_nav_entry
from core.panels import Panel, register_panel
from incidents.choices import ClockKind as K

PREFIX = "incidents."
CLOCK_KIND_NAMES = {
    K.TRIAGE: "Incident triage",
    K.CONTAINMENT: "Incident containment",
    K.LEADERSHIP: "Incident leadership notification",
    K.REGULATORY_ASSESSMENT: "Incident regulatory assessment",
    K.GDPR_72H: "GDPR 72 h notification",
    K.AI_ACT_ART73: "EU AI Act Art. 73 report",
}
_LABELS = {
    K.TRIAGE: "Triage of {id}",
    K.CONTAINMENT: "Containment of {id}",
    K.LEADERSHIP: "Leadership notification for {id}",
    K.REGULATORY_ASSESSMENT: "Regulatory assessment of {id}",
    K.GDPR_72H: "GDPR 72 h notification for {id}",
    K.AI_ACT_ART73: "EU AI Act Art. 73 report for {id}",
}


def deadline_kind(kind: str) -> str:
    """'gdpr_72h' -> 'incidents.gdpr_72h'."""
    return f"{PREFIX}{K(kind).value}"


def clock_kind(deadline_kind_name: str) -> K:
    """'incidents.gdpr_72h' -> ClockKind.GDPR_72H."""
    return K(deadline_kind_name.removeprefix(PREFIX))


def clock_label(kind: str, incident_id: str) -> str:
    return _LABELS[K(kind)].format(id=incident_id)


def incident_link(incident_id: str) -> str:
    return f"/incidents/{incident_id}/"


def art73_warnings(system) -> list[str]:
    """The change guard's warnings: one per open serious incident not yet reported."""
    # Imported here: the selectors name the clocks through this module.
    from incidents.selectors import art73_unreported

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
    "incident.reported": "Reported an incident",
    "incident.triaged": "Marked an incident triaged",
    "incident.contained": "Marked an incident contained",
    "incident.resolved": "Marked an incident resolved",
    "incident.closed": "Closed an incident",
    "incident.severity_changed": "Changed an incident's severity",
    "incident.facts_changed": "Changed an incident's facts",
    "incident.awareness_set": "Recorded when a regulatory fact of an incident became known",
    "incident.awareness_corrected": "Corrected when a regulatory fact of an incident became known",
    "incident.lead_assigned": "Named an incident's lead",
    "incident.note_added": "Added a note to an incident's timeline",
    "incident.checklist_done": "Ticked an item of an incident's checklist",
    "incident.clock_met": "Recorded an incident clock as met",
    "incident.gdpr_no_risk_decided": "Decided a breach is unlikely to risk people (no GDPR notice)",
    "incident_sla.changed": "Changed the incident SLA policy",
    "playbookitem.created": "Added an incident playbook item",
    "playbookitem.changed": "Changed an incident playbook item",
    "incident.notification_drafted": "Drafted an incident notification",
    "incident.notification_updated": "Edited an incident notification",
    "incident.notification_sent": "Recorded an incident notification as sent",
    "incident.notification_downloaded": "Downloaded an incident notification (PDF)",
    "incident.notice_facts_updated": "Recorded the facts for an incident's notifications",
    "incident.checklist_copied": "Copied the playbook's items onto an incident's checklist",
    "incident.review_recorded": "Recorded a post-incident review",
    "incident.review_evidence_attached": "Attached a file to a post-incident review",
    "incident.review_evidence_removed": "Removed a file from a post-incident review",
    "incident.notification_evidence_attached": "Attached a file to a sent incident notification",
    "incident.notification_evidence_removed": "Removed a file from a sent incident notification",
    "change.confirmed_despite_warning": "Confirmed a change despite a warning",
}


def contributions_register() -> None:
    """Called once by IncidentsConfig.ready()."""
    from core.category_listeners import register_ai_act_category_listener
    from core.deadline_list import deadline_kind_register
    from incidents.services.category import incidents_follow_ai_act_category

    for kind, name in CLOCK_KIND_NAMES.items():
        deadline_kind_register(deadline_kind(kind), name)
    register_action_labels(ACTION_LABELS)
    register_object_link("incidents.incident", _incident_page)
    register_object_link("incidents.incidentnotification", _incident_page)
    for entry in (
        NavEntry("Incidents", "incidents:list", "incidents.nav", position=70, group="Incidents"),
        NavEntry(
            "Clocks", "incidents:clocks", "incidents.clocks.nav", position=71, group="Incidents"
        ),
        NavEntry(
            "Breach register",
            "incidents:breaches",
            "incidents.breach_register.view",
            position=72,
            group="Incidents",
        ),
    ):
        register_nav_entry(entry)
    register_panel(
        Panel(
            slot="registry.system_detail",
            title="Open incidents",
            url_name="incidents:system_panel",
            action="incidents.incident.view",
        )
    )
    register_change_guard(
        ChangeGuard(
            subject="registry.system", name="incidents.art73_unreported", warnings=art73_warnings
        )
    )
    # Art. 73 clocks follow the system's AI Act category (registry calls core).
    register_ai_act_category_listener("incidents.art73", incidents_follow_ai_act_category)
    _work_sources_register()
    _evidence_kinds_register()


def _evidence_kinds_register() -> None:
    from core.evidence_kinds import EvidenceKind, register_evidence_kind
    from incidents.selectors import evidence_kinds as found

    for kind in (
        EvidenceKind(
            "incident_log",
            "The system's incident log",
            "incidents",
            found.incident_log_found,
            found.incidents_list_url,
        ),
        EvidenceKind(
            "art73_report",
            "Serious incidents reported to the authority (EU AI Act Art. 73 / 26(5))",
            "incidents",
            found.art73_reports_found,
            found.incidents_list_url,
        ),
    ):
        register_evidence_kind(kind)


def _work_sources_register() -> None:
    """What waits for the DPO, Legal, the responders and the incident leads ("Waiting for
    me", core.work). The DPO's breaches to decide come before the clocks: while no
    decision exists, the breach item stands for its GDPR clock (incidents.selectors.work)."""
    from core.choices import Role
    from core.work import WorkSource, register_work_source
    from incidents.permissions import LEADS
    from incidents.selectors import work

    filers = frozenset({Role.DPO, Role.LEGAL})
    for source in (
        WorkSource(
            "incidents.breaches_to_decide",
            "Personal-data breaches to decide",
            frozenset({Role.DPO}),
            work.breaches_to_decide_for,
            position=9,
        ),
        WorkSource(
            "incidents.regulatory_clocks",
            "Regulatory clocks running",
            filers,
            work.regulatory_clocks_waiting_for,
            position=10,
        ),
        WorkSource(
            "incidents.unsent",
            "Notifications drafted, not sent",
            filers,
            work.notifications_unsent_for,
            position=11,
        ),
        WorkSource(
            "incidents.steps_due",
            "Incident steps due",
            frozenset(LEADS),
            work.incident_steps_due_for,
            position=12,
        ),
        WorkSource(
            "incidents.no_lead",
            "Incidents with no lead",
            frozenset({Role.RESPONDER}),
            work.incidents_without_lead_for,
            position=13,
        ),
    ):
        register_work_source(source)
