"""Notification drafts (DOMAIN.md section 6): one template per audience, filled from the
incident's facts. Pure: no ORM, no clock; the service passes the incident (anything
with its attributes) and the context it looked up (the DPO's contact, the system's
name, the actions taken). A person edits the draft before it is sent.

The regulator's draft carries every GDPR Art. 33(3) field under a heading of its own
(`ART33_HEADINGS`), so a reader, a test and the PDF find each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from incidents.choices import Audience, IncidentType, NotificationPhase

ART33_HEADINGS = (
    "Nature of the personal data breach",
    "Categories and approximate number of data subjects and records",
    "Contact point: data protection officer",
    "Likely consequences of the breach",
    "Measures taken or proposed",
)
USERS_HEADINGS = (
    "What happened",
    "What data was involved",
    "What you can do",
    "Where to get support",
    "Your right to complain",
)
LEADERSHIP_HEADINGS = (
    "Business impact",
    "Reputational impact",
    "Regulatory impact",
    "Decisions needed",
    "Resources",
    "Timeline",
)

# What kind of personal data an incident type typically involves, as a starting point
# for the author to correct.
DATA_BY_TYPE = {
    IncidentType.PRIVACY_VIOLATION: "personal data shown in the system's outputs "
    "(e.g. names, contact details, or text memorised from training data)",
    IncidentType.SECURITY_BREACH: "data reachable through the compromised access "
    "(prompts, conversation history, account details)",
    IncidentType.RAG_INJECTION: "documents retrieved into users' sessions and the "
    "answers given from them",
    IncidentType.DATA_POISONING: "training or retrieval data of the system",
    IncidentType.BIAS_HARM: "decisions and the personal data they were based on",
}


@dataclass(frozen=True)
class DraftContext:
    """What a draft needs besides the incident itself."""

    system_name: str
    dpo_contact: str
    organisation: str = "Our organisation"
    support_contact: str = ""
    supervisory_authority: str = "the data protection supervisory authority"
    actions_taken: list[str] = field(default_factory=list)
    now: datetime | None = None


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    recipient: str = ""


def _fmt(at: datetime | None) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC" if at else "not yet"


def _people(incident) -> str:
    count = incident.affected_people_estimate
    return f"approximately {count:,}" if count else "not yet known (to follow)"


def _sections(pairs) -> str:
    return "\n\n".join(f"{heading}\n{text}" for heading, text in pairs).strip() + "\n"


def _measures(context: DraftContext) -> str:
    if not context.actions_taken:
        return "Containment is under way; the measures will be listed in a follow-up."
    return "\n".join(f"- {action}" for action in context.actions_taken)


def regulator_draft(incident, context: DraftContext, *, phase: str, regime: str) -> Draft:
    """Art. 33(3) for GDPR; the Art. 73 report carries the same facts plus the system."""
    kind = IncidentType(incident.type).label.lower()
    phase_label = "Follow-up" if phase == NotificationPhase.FOLLOW_UP else "Initial notification"
    law = "EU AI Act Art. 73" if regime == "ai_act_art73" else "GDPR Art. 33"
    data = DATA_BY_TYPE.get(incident.type, "to be confirmed")
    body = _sections(
        [
            (
                ART33_HEADINGS[0],
                f"{incident.incident_id}: {kind} in the AI system {context.system_name}. "
                f"{incident.description}\nBecame aware: {_fmt(incident.discovered_at)}.",
            ),
            (
                ART33_HEADINGS[1],
                f"Data subjects: {_people(incident)}"
                f"{' (EU residents affected)' if incident.eu_residents_affected else ''}.\n"
                f"Records: {_people(incident)}.\nCategories of data: {data}.",
            ),
            (ART33_HEADINGS[2], context.dpo_contact or "to be named"),
            (
                ART33_HEADINGS[3],
                "Exposure of the personal data listed above to people not entitled to it; "
                "possible loss of confidentiality, misuse and distress for those affected.",
            ),
            (ART33_HEADINGS[4], _measures(context)),
        ]
    )
    if phase == NotificationPhase.INITIAL:
        body += "\nThis notification is phased: further information will follow.\n"
    subject = f"{phase_label} under {law}: {incident.incident_id} ({context.organisation})"
    return Draft(subject, body)


def users_draft(incident, context: DraftContext) -> Draft:
    data = DATA_BY_TYPE.get(incident.type, "we are still establishing which data")
    support = context.support_contact or context.dpo_contact or "our support team"
    body = _sections(
        [
            (
                USERS_HEADINGS[0],
                f"On {_fmt(incident.discovered_at)} we found a problem with "
                f"{context.system_name}: {incident.description}",
            ),
            (USERS_HEADINGS[1], f"The data involved: {data}."),
            (
                USERS_HEADINGS[2],
                "Be wary of unexpected messages that mention this incident, change "
                "passwords you reused with this service, and tell us if you notice misuse.",
            ),
            (USERS_HEADINGS[3], f"Contact {support}."),
            (
                USERS_HEADINGS[4],
                f"You have the right to lodge a complaint with {context.supervisory_authority}.",
            ),
        ]
    )
    return Draft(f"Important information about your data ({context.organisation})", body)


def leadership_draft(
    incident, context: DraftContext, *, clocks: list[tuple[str, datetime]]
) -> Draft:
    severity = incident.severity
    regulatory = (
        "A personal-data breach affecting EU residents: GDPR Art. 33 notification within 72 hours."
        if incident.eu_residents_affected and incident.personal_data_exposed
        else "No GDPR notification expected on current facts; the assessment is open."
    )
    timeline = "\n".join(f"- {label}: due {_fmt(at)}" for label, at in clocks) or "- none"
    body = _sections(
        [
            (
                LEADERSHIP_HEADINGS[0],
                f"{severity.capitalize()} incident on {context.system_name}: "
                f"{incident.description} People affected: {_people(incident)}.",
            ),
            (
                LEADERSHIP_HEADINGS[1],
                "Possible media and customer attention if the affected people are told.",
            ),
            (LEADERSHIP_HEADINGS[2], regulatory),
            (
                LEADERSHIP_HEADINGS[3],
                "Whether to suspend the system or divert its traffic; approval of the "
                "notifications to the authority and to the affected people.",
            ),
            (LEADERSHIP_HEADINGS[4], "Incident responders and the system's team; name more."),
            (LEADERSHIP_HEADINGS[5], timeline),
        ]
    )
    return Draft(f"[{severity.upper()}] {incident.incident_id}: {incident.title}", body)


def draft_for(incident, context: DraftContext, *, audience: str, phase: str, regime: str,
              clocks: list[tuple[str, datetime]] = ()) -> Draft:  # fmt: skip
    """The draft for one audience."""
    if audience == Audience.REGULATOR:
        return regulator_draft(incident, context, phase=phase, regime=regime)
    if audience == Audience.USERS:
        return users_draft(incident, context)
    return leadership_draft(incident, context, clocks=list(clocks))


def sections_of(body: str) -> list[dict]:
    """A notification's text back as sections: a block whose first line is one of the
    known headings starts a section; other text goes with the section before it (or an
    untitled one). The PDF shows each heading as a heading."""
    known = set(ART33_HEADINGS) | set(USERS_HEADINGS) | set(LEADERSHIP_HEADINGS)
    sections: list[dict] = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        first, _, rest = block.strip("\n").partition("\n")
        if first.strip() in known:
            sections.append({"heading": first.strip(), "text": rest})
        elif sections:
            sections[-1]["text"] += "\n\n" + block.strip("\n")
        elif block.strip():
            sections.append({"heading": "", "text": block.strip("\n")})
    return sections
