"""The EU AI Act serious-incident report (DOMAIN.md section 6): its own content, not the
GDPR report's. Where we are the provider, the Art. 73 report to the market surveillance
authority; where we are only the deployer, the Art. 26(5) notice to the provider and
that authority (same clock). Pure: no ORM, no clock.

Items (`ART73_HEADINGS`): provider and system identification (with the EU database
registration number, or "not registered"), what happened and when we became aware,
the serious-incident facts, the causal link as far as known, the corrective action
taken, and whether the report is initial (incomplete, Art. 73(5)) or final.
"""

from __future__ import annotations

from incidents.choices import IncidentType, NotificationPhase
from incidents.rules.drafts_parts import Draft, DraftContext, count, measures, or_to_follow, when

ART73_HEADINGS = (
    "Report type",
    "Provider and AI system",
    "What happened and when we became aware",
    "Serious-incident facts",
    "Causal link between the AI system and the incident",
    "Corrective action taken",
)

# Art. 3(49) and the Art. 73 time limits, in the order the strictest comes first.
SERIOUS_FACTS = (
    ("death", "A person died (Art. 3(49)(a)); report within 10 days of awareness (Art. 73(4))."),
    (
        "critical_infrastructure_disruption",
        "Serious and irreversible disruption of the management or operation of critical "
        "infrastructure (Art. 3(49)(b)); report within 2 days (Art. 73(3)).",
    ),
    (
        "widespread_infringement",
        "Widespread infringement of obligations under Union law protecting fundamental "
        "rights (Art. 3(49)(c)); report within 2 days (Art. 73(3)).",
    ),
    (
        "other_serious_harm",
        "Serious harm to a person's health, to property or to the environment, or another "
        "infringement of fundamental rights (Art. 3(49)); report within 15 days (Art. 73(2)).",
    ),
)
NOT_ESTABLISHED = "Not yet established: under investigation; the final report will state it."
PHASES = {
    NotificationPhase.INITIAL: (
        "Initial report: incomplete, sent first so the authority hears in time; a complete "
        "report follows (Art. 73(5))."
    ),
    NotificationPhase.FOLLOW_UP: "Follow-up report: adds to our earlier report.",
    NotificationPhase.FINAL: "Final report: complete as of its date.",
}


def is_deployer_only(context: DraftContext) -> bool:
    return context.our_role == "deployer"


def _provider(context: DraftContext) -> str:
    org = context.organisation
    us = f"{org.legal_name}, {' '.join(org.address.split())}".rstrip(".")
    registration = (
        f"EU database registration number: {context.eu_database_number}."
        if context.eu_database_number.strip()
        else "EU database: not registered."
    )
    version = f", version {context.system_version}" if context.system_version.strip() else ""
    system = f"AI system: {context.system_name}{version}.\n{registration}"
    if is_deployer_only(context):
        providers = "; ".join(context.providers) or "not recorded in the register (name it)"
        return f"Provider: {providers.rstrip('.')}.\nDeployer: {us}.\n{system}"
    return f"Provider: {us}.\n{system}"


def _happened(incident, context: DraftContext) -> str:
    kind = IncidentType(incident.type).label.lower()
    return (
        f"{incident.incident_id}: {kind}. {incident.description.strip()}\n"
        f"Incident discovered: {when(incident.discovered_at, context.zone)}.\n"
        f"Became aware that the incident is serious: "
        f"{when(incident.serious_incident_aware_at, context.zone)}."
    )


def _facts(incident) -> str:
    found = [f"- {text}" for name, text in SERIOUS_FACTS if getattr(incident, name)]
    listed = "\n".join(found) or "- None recorded yet: say which applies."
    return f"{listed}\nPeople affected: {count(incident.affected_people_estimate, 'people')}."


def art73_draft(incident, context: DraftContext, *, phase: str) -> Draft:
    """The serious-incident report, or the deployer's Art. 26(5) notice."""
    org = context.organisation
    authority = org.market_surveillance_authority_name.strip()
    body_pairs = [
        (ART73_HEADINGS[0], PHASES.get(phase, PHASES[NotificationPhase.INITIAL])),
        (ART73_HEADINGS[1], _provider(context)),
        (ART73_HEADINGS[2], _happened(incident, context)),
        (ART73_HEADINGS[3], _facts(incident)),
        (ART73_HEADINGS[4], or_to_follow(incident.causal_link, NOT_ESTABLISHED)),
        (ART73_HEADINGS[5], or_to_follow(measures(incident, context), "None taken yet.")),
    ]
    body = "\n\n".join(f"{h}\n{t.strip()}" for h, t in body_pairs) + "\n"
    if is_deployer_only(context):
        providers = "; ".join(context.providers) or "the provider"
        intro = (
            f"As the deployer of {context.system_name} we inform the provider and the market "
            "surveillance authority of a serious incident (EU AI Act Art. 26(5)).\n\n"
        )
        subject = f"Serious incident notice under EU AI Act Art. 26(5): {incident.incident_id}"
        return Draft(f"{subject} ({org.legal_name})", intro + body, f"{providers}; {authority}")
    subject = f"Serious incident report under EU AI Act Art. 73: {incident.incident_id}"
    return Draft(f"{subject} ({org.legal_name})", body, authority)
