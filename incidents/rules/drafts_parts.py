"""The pieces every notification draft is made of (incidents/rules/drafts.py and
incidents/rules/drafts_art73.py): the context a draft gets, how it writes a time, a count,
a fact not known yet, the measures and the DPO's contact. Pure: no ORM, no clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from core.dates import moment_text
from incidents.choices import BreachNature

TO_FOLLOW = "Not yet known: it will follow in a further phase of this notification (Art. 33(4))."


@dataclass(frozen=True)
class DraftContext:
    """What a draft needs besides the incident: the organisation's profile (an
    OrganisationProfile or anything with its attributes), the system, the playbook
    actions done, the zone the document writes times in, and for a GDPR report its
    clock's due time and the moment of drafting (a late report leaves room for the
    reasons for the delay)."""

    organisation: object
    system_name: str
    system_id: str = ""
    zone: tzinfo = UTC
    actions_taken: list[str] = field(default_factory=list)
    now: datetime | None = None
    gdpr_due_at: datetime | None = None
    earlier_reference: str = ""
    # The system as the AI Act sees it (Art. 73 / Art. 26(5)): our role, its EU
    # database registration, and for a deployer the providers of what it runs on.
    system_version: str = ""
    our_role: str = "provider"
    eu_database_number: str = ""
    providers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    recipient: str = ""


def when(at: datetime | None, zone: tzinfo = UTC) -> str:
    """ "2026-03-04 10:00 CET (09:00 UTC)": the organisation's time in the portal's one
    format (core.dates), its zone named, with UTC beside it."""
    if at is None:
        return "not recorded"
    local = at.astimezone(zone)
    return f"{moment_text(at, zone)} {local.tzname()} ({at.astimezone(UTC):%H:%M} UTC)"


def count(number: int | None, noun: str) -> str:
    """'approximately 1,200 people'; 'not yet known' (the line's label names the noun)."""
    return f"approximately {number:,} {noun}" if number else "not yet known"


def sections(pairs) -> str:
    return "\n\n".join(f"{heading}\n{text.strip()}" for heading, text in pairs).strip() + "\n"


def or_to_follow(text: str, placeholder: str = TO_FOLLOW) -> str:
    return text.strip() if text and text.strip() else placeholder


def measures(incident, context: DraftContext) -> str:
    """The measures the DPO described, then the playbook actions already done."""
    parts = [incident.measures_taken.strip()] if incident.measures_taken.strip() else []
    if context.actions_taken:
        done = "\n".join(f"- {action}" for action in context.actions_taken)
        parts.append(f"Actions completed so far:\n{done}")
    return "\n\n".join(parts)


def dpo_contact(org) -> str:
    phone = f", telephone {org.dpo_phone}" if org.dpo_phone else ""
    return f"{org.dpo_name}, e-mail {org.dpo_email}{phone}"


def natures(incident) -> str:
    values = getattr(incident, "breach_nature", None) or []
    labels = [BreachNature(v).label.lower() for v in values if v in BreachNature.values]
    return "; ".join(labels) if labels else "not yet established"
