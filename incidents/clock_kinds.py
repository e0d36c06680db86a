"""How an incident's clocks are named on core's engine: the Deadline kind
`incidents.<ClockKind>` and the label people read."""

from __future__ import annotations

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
