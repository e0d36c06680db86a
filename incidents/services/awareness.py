"""The moments the organisation learned the facts that start the regulatory clocks
(DOMAIN 6): that personal data was affected (GDPR Art. 33, 72 hours) and that the
incident is serious (EU AI Act Art. 73). Each is set when its fact is first set (now,
or earlier with a reason), may be corrected with a reason, never into the future and
never before discovery; each set or correction names who did it, is audited and is
written to the timeline, and the open clock moves with it."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.permissions import require
from core.writes import row_lock, row_update
from incidents import rules
from incidents.choices import TimelineKind
from incidents.models import Incident
from incidents.services.clocks import incident_clocks_sync
from incidents.services.timeline import timeline_record

FACT_OF = {
    "personal_data_aware_at": ("personal data affected", lambda i: i.personal_data_exposed),
    "serious_incident_aware_at": ("a serious incident", rules.is_serious),
}
WORDS = {
    "personal_data_aware_at": "Aware that personal data was affected",
    "serious_incident_aware_at": "Aware that the incident is serious",
}


def by_field(field: str) -> str:
    """'personal_data_aware_at' -> 'personal_data_aware_by' (who set it)."""
    return field.removesuffix("_at") + "_by"


def awareness_moments_apply(
    *, actor, incident: Incident, given: dict[str, datetime | None], reason: str, now: datetime
) -> dict[str, list]:
    """Set and save the awareness moments of `incident` (locked by the caller, or by
    row_update): a moment given is checked and set; a fact now set without a moment yet
    takes `now`. Audits and writes the timeline; returns {field: [before, after]}.
    ValidationError names the field."""
    problems, changes = {}, {}
    for field, (fact_words, fact_set) in FACT_OF.items():
        before, at = getattr(incident, field), given.get(field)
        if at is None:
            if before is None and fact_set(incident):
                changes[field] = [None, now]
            continue
        if not fact_set(incident):
            problems[field] = f"Record {fact_words} first: this moment is when it was learned."
            continue
        found = rules.awareness_moment_problems(
            field, at, discovered_at=incident.discovered_at, now=now, reason=reason
        )
        if found:
            problems |= found
        elif at != before:
            changes[field] = [before, at]
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    for field, (before, after) in changes.items():
        _record(actor, incident, field, before, after, reason, now)
    return changes


def _record(actor, incident: Incident, field: str, before, after, reason: str, now) -> None:
    """Save one moment with who set it (one audit event each), and its timeline line."""
    reason = (reason or "").strip()
    row_update(
        actor=actor,
        obj=incident,
        values={field: after},
        also={by_field(field): actor, "updated_at": now},
        action="incident.awareness_set" if before is None else "incident.awareness_corrected",
        audit_extra={"reason": reason} if reason else None,
    )
    verb = "recorded as"
    if before is not None:
        verb = f"corrected from {before.astimezone(UTC):%Y-%m-%d %H:%M} UTC to"
    why = f" Reason: {reason}" if reason else ""
    timeline_record(
        incident=incident,
        kind=TimelineKind.AWARENESS,
        actor=actor,
        text=f"{WORDS[field]}: {verb} {after.astimezone(UTC):%Y-%m-%d %H:%M} UTC.{why}",
        data={
            "field": field,
            "from": before.isoformat() if before else None,
            "to": after.isoformat(),
            "reason": reason,
        },
    )


@transaction.atomic
def incident_awareness_moments_set(
    *,
    actor,
    incident: Incident,
    personal_data_aware_at: datetime | None = None,
    serious_incident_aware_at: datetime | None = None,
    reason: str = "",
) -> Incident:
    """Set or correct when the organisation learned that personal data was affected
    and/or that the incident is serious (whoever may change the incident): the GDPR
    and Art. 73 clocks move to run from the new moments."""
    row_lock(incident)
    require(actor, "incidents.incident.change", incident)
    if incident.status == "closed":
        raise ValidationError({"status": ["The incident is closed."]})
    given = {
        "personal_data_aware_at": personal_data_aware_at,
        "serious_incident_aware_at": serious_incident_aware_at,
    }
    now = timezone.now()
    changes = awareness_moments_apply(
        actor=actor, incident=incident, given=given, reason=reason, now=now
    )
    if not changes:
        return incident
    incident_clocks_sync(actor=actor, incident=incident, why="moment of awareness set")
    return incident
