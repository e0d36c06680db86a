"""Notification drafts (DOMAIN.md section 6): one template per audience, filled from the
incident's facts and the organisation's profile (DOMAIN.md 13). Pure: no ORM, no clock;
the service passes the incident (anything with its attributes), the profile and the
context it looked up (the system, the actions done, the clock's due time, now). A person
edits the draft before it is sent.

Each document carries its items under headings of its own, so a reader, a test and the
PDF find each one:
- the GDPR Art. 33 report to the supervisory authority (`ART33_HEADINGS`), every item of
  Art. 33(3) from facts the DPO recorded, phased (Art. 33(4)), late ones with a place for
  the reasons for the delay;
- the EU AI Act Art. 73 report (or, where we are the deployer, the Art. 26(5) notice to
  the provider and the authority): incidents/rules/drafts_art73.py;
- the Art. 34 notice to the people affected, in plain words (`USERS_HEADINGS`);
- the leadership briefing (`LEADERSHIP_HEADINGS`).

What is not known yet is said to be not known: the drafts never fill a gap with a
plausible sentence.
"""

from __future__ import annotations

from datetime import datetime

from incidents.choices import Audience, IncidentType, NotificationPhase
from incidents.rules.drafts_art73 import ART73_HEADINGS, art73_draft
from incidents.rules.drafts_parts import (
    Draft,
    DraftContext,
    count,
    dpo_contact,
    measures,
    natures,
    or_to_follow,
    sections,
    when,
)
from incidents.rules.incident import gdpr_applies

__all__ = ["Draft", "DraftContext", "draft_for", "sections_of", "users_missing"]

ART33_HEADINGS = (
    "Nature of the personal data breach",
    "Categories and approximate number of data subjects and records",
    "Contact point: data protection officer",
    "Likely consequences of the breach",
    "Measures taken or proposed",
)
DELAY_HEADING = "Reasons for the delay"
USERS_HEADINGS = (
    "What happened",
    "What data was involved",
    "What this may mean for you",
    "What we have done",
    "What you can do",
    "Who to contact",
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

# The organisation profile's items each document needs (core.rules.organisation_missing
# names the missing ones; the service refuses the draft until they are filled in).
PROFILE_NEEDS = {
    "gdpr_72h": ("legal_name", "address", "dpo_name", "dpo_email", "supervisory_authority_name"),
    "ai_act_art73": ("legal_name", "address", "market_surveillance_authority_name"),
    Audience.USERS: (
        "legal_name",
        "dpo_name",
        "dpo_email",
        "supervisory_authority_name",
        "supervisory_authority_contact",
        "support_contact",
    ),
    Audience.LEADERSHIP: ("legal_name",),
}

# The incident's facts a notice to people cannot go without (Art. 34(2): the nature, the
# DPO, the likely consequences, the measures; and what they can do themselves).
USERS_NEED = {
    "likely_consequences": "Describe the likely consequences for the people affected.",
    "measures_taken": "Describe the measures taken or proposed.",
    "advice_to_people": "Say what the people affected can do to protect themselves.",
}


def _gdpr_nature(incident, context: DraftContext) -> str:
    kind = IncidentType(incident.type).label.lower()
    org, zone = context.organisation, context.zone
    return (
        f"{incident.incident_id}: {kind} in the AI system {context.system_name}, "
        f"operated by {org.legal_name}.\n"
        f"What happened to the personal data: {natures(incident)}.\n"
        f"{incident.description.strip()}\n"
        f"Incident discovered: {when(incident.discovered_at, zone)}.\n"
        f"Became aware that personal data was affected: "
        f"{when(incident.personal_data_aware_at, zone)}."
    )


def _gdpr_subjects(incident) -> str:
    residents = " (EU residents among them)" if incident.eu_residents_affected else ""
    return (
        f"Categories of people: {or_to_follow(incident.data_subject_categories)}\n"
        f"Number of people: {count(incident.affected_people_estimate, 'people')}{residents}.\n"
        f"Categories of personal data: {or_to_follow(incident.personal_data_categories)}\n"
        f"Number of personal data records: "
        f"{count(incident.affected_records_estimate, 'records')}."
    )


def _dpo_section(org) -> str:
    return f"{dpo_contact(org)}\n{org.legal_name}\n{org.address.strip()}"


def _gdpr_late(context: DraftContext) -> bool:
    return bool(context.gdpr_due_at and context.now and context.now > context.gdpr_due_at)


def gdpr_draft(incident, context: DraftContext, *, phase: str) -> Draft:
    """The Art. 33 report: every item of Art. 33(3) from the recorded facts."""
    org = context.organisation
    pairs = [
        (ART33_HEADINGS[0], _gdpr_nature(incident, context)),
        (ART33_HEADINGS[1], _gdpr_subjects(incident)),
        (ART33_HEADINGS[2], _dpo_section(org)),
        (ART33_HEADINGS[3], or_to_follow(incident.likely_consequences)),
        (ART33_HEADINGS[4], or_to_follow(measures(incident, context))),
    ]
    if _gdpr_late(context):
        ended = when(context.gdpr_due_at, context.zone)
        pairs.append(
            (
                DELAY_HEADING,
                f"The 72 hours ended {ended}. State here why this notification comes later.",
            )
        )
    body = sections(pairs) + "\n" + _phase_note(phase, context.earlier_reference)
    label = "Follow-up notification" if phase == NotificationPhase.FOLLOW_UP else "Notification"
    subject = (
        f"{label} of a personal data breach under GDPR Art. 33: {incident.incident_id} "
        f"({org.legal_name})"
    )
    return Draft(subject, body, org.supervisory_authority_name.strip())


def _phase_note(phase: str, earlier_reference: str) -> str:
    if phase == NotificationPhase.FOLLOW_UP:
        ref = f" (your reference {earlier_reference})" if earlier_reference else ""
        return f"This follow-up adds to our earlier notification{ref} (Art. 33(4)).\n"
    return (
        "This is our initial notification. Where information is not yet available it is "
        "marked so and will follow in phases without undue further delay (Art. 33(4)).\n"
    )


def _users_data(incident) -> str:
    if not incident.personal_data_exposed:
        return "As far as we know, none of your personal data was involved."
    return (
        f"Your personal data was {natures(incident)}. The data concerned: "
        f"{or_to_follow(incident.personal_data_categories, 'we are still establishing which data')}"
    )


def users_draft(incident, context: DraftContext) -> Draft:
    """The Art. 34 notice to the people affected, in plain words: what happened, the
    data, what it may mean, what we did, what they can do, the DPO, the right to
    complain to the supervisory authority named in the profile."""
    org = context.organisation
    body = sections(
        [
            (
                USERS_HEADINGS[0],
                f"On {when(incident.discovered_at, context.zone)} we found a "
                f"problem with our service {context.system_name}. "
                f"{incident.description.strip()}",
            ),
            (USERS_HEADINGS[1], _users_data(incident)),
            (USERS_HEADINGS[2], incident.likely_consequences),
            (USERS_HEADINGS[3], incident.measures_taken),
            (USERS_HEADINGS[4], incident.advice_to_people),
            (
                USERS_HEADINGS[5],
                f"For questions about this incident: {org.support_contact}.\n"
                f"Our data protection officer: {dpo_contact(org)}.",
            ),
            (
                USERS_HEADINGS[6],
                "You have the right to lodge a complaint with a supervisory "
                f"authority, in particular {org.supervisory_authority_name} "
                f"({org.supervisory_authority_contact}).",
            ),
        ]
    )
    return Draft(f"Important information about your personal data ({org.legal_name})", body)


def leadership_draft(
    incident, context: DraftContext, *, clocks: list[tuple[str, datetime]]
) -> Draft:
    """The briefing for leadership: impact, decisions, resources, the clocks."""
    severity = incident.severity
    regulatory = (
        "A personal-data breach: GDPR Art. 33 notification within 72 hours of becoming "
        "aware, unless the DPO finds it unlikely to result in a risk to people."
        if gdpr_applies(incident)
        else "No GDPR notification expected on current facts; the assessment is open."
    )
    timeline = "\n".join(f"- {label}: due {when(at, context.zone)}" for label, at in clocks)
    body = sections(
        [
            (
                LEADERSHIP_HEADINGS[0],
                f"{severity.capitalize()} incident on {context.system_name}: "
                f"{incident.description.strip()} People affected: "
                f"{count(incident.affected_people_estimate, 'people')}.",
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
            (LEADERSHIP_HEADINGS[5], timeline or "- no clock running"),
        ]
    )
    subject = f"[{severity.upper()}] {incident.incident_id}: {incident.title}"
    return Draft(subject, body)


def users_missing(incident) -> dict[str, str]:
    """The facts a notice to people still lacks, by field (empty when complete)."""
    missing = {
        name: text for name, text in USERS_NEED.items() if not getattr(incident, name, "").strip()
    }
    if incident.personal_data_exposed and not incident.personal_data_categories.strip():
        missing["personal_data_categories"] = "Say which categories of personal data."
    return missing


def draft_for(
    incident,
    context: DraftContext,
    *,
    audience: str,
    phase: str,
    regime: str,
    clocks: list[tuple[str, datetime]] = (),
) -> Draft:
    """The draft for one audience (and, for a regulator, one regime)."""
    if audience == Audience.REGULATOR and regime == "ai_act_art73":
        return art73_draft(incident, context, phase=phase)
    if audience == Audience.REGULATOR:
        return gdpr_draft(incident, context, phase=phase)
    if audience == Audience.USERS:
        return users_draft(incident, context)
    return leadership_draft(incident, context, clocks=list(clocks))


def known_headings() -> set[str]:
    return {*ART33_HEADINGS, DELAY_HEADING, *USERS_HEADINGS, *LEADERSHIP_HEADINGS, *ART73_HEADINGS}


def sections_of(body: str) -> list[dict]:
    """A notification's text back as sections: a block whose first line is one of the
    known headings starts a section; other text goes with the section before it (or an
    untitled one). The PDF shows each heading as a heading."""
    known = known_headings()
    found: list[dict] = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        first, _, rest = block.strip("\n").partition("\n")
        if first.strip() in known:
            found.append({"heading": first.strip(), "text": rest})
        elif found:
            found[-1]["text"] += "\n\n" + block.strip("\n")
        elif block.strip():
            found.append({"heading": "", "text": block.strip("\n")})
    return found
