"""Changes that move an incident's clocks: its severity, its awareness time, its facts.
Each recomputes the clocks from the ORIGINAL (or corrected) discovery time through
incident_clocks_sync, is audited and written to the timeline."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.permissions import require
from core.writes import row_lock, row_update
from incidents import rules
from incidents.choices import Severity, TimelineKind
from incidents.models import Incident
from incidents.rules import AWARENESS_FIELDS, FACT_FIELDS
from incidents.services.awareness import awareness_moments_apply
from incidents.services.clocks import incident_clocks_sync
from incidents.services.report import checklist_copy, dpo_tell_gdpr_started
from incidents.services.timeline import timeline_record


def _refuse(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})


def _open(incident: Incident) -> None:
    if incident.status == "closed":
        raise ValidationError({"status": ["The incident is closed."]})


@transaction.atomic
def incident_severity_change(
    *, actor, incident: Incident, severity: str, reason: str = ""
) -> Incident:
    """Raise or lower the severity. Raising shortens the open clocks, counted from the
    original discovery time, opens those that now apply and adds the severity's
    playbook items; lowering needs a reason (ValidationError on `reason`)."""
    row_lock(incident)
    require(actor, "incidents.incident.change", incident)
    _open(incident)
    before = incident.severity
    _refuse(rules.severity_change_problems(before, severity, reason))
    reason = (reason or "").strip()
    row_update(
        actor=actor,
        obj=incident,
        values={"severity": severity},
        action="incident.severity_changed",
        audit_extra={"reason": reason},
    )
    verb = "raised" if rules.severity_raised(before, severity) else "lowered"
    timeline_record(
        incident=incident,
        kind=TimelineKind.SEVERITY,
        actor=actor,
        text=f"Severity {verb} from {Severity(before).label.lower()} to "
        f"{Severity(severity).label.lower()}." + (f" Reason: {reason}" if reason else ""),
        data={"from": before, "to": severity, "reason": reason},
    )
    checklist_copy(actor=actor, incident=incident)
    incident_clocks_sync(actor=actor, incident=incident, why=f"severity {verb}")
    return incident


@transaction.atomic
def incident_awareness_correct(
    *, actor, incident: Incident, discovered_at: datetime, reason: str
) -> Incident:
    """Correct the discovery time (with a reason, never into the future, never after a
    recorded moment of awareness): the SLA clocks, which run from it, move with it."""
    row_lock(incident)
    require(actor, "incidents.incident.change", incident)
    _open(incident)
    now = timezone.now()
    problems = rules.awareness_problems(discovered_at, now)
    if not (reason or "").strip():
        problems["reason"] = "Say why the discovery time is corrected."
    if not problems and discovered_at > incident.reported_at:
        problems["discovered_at"] = (
            "Awareness cannot come after the report: it was "
            f"reported at {incident.reported_at:%Y-%m-%d %H:%M} UTC."
        )
    if not problems and discovered_at == incident.discovered_at:
        problems["discovered_at"] = "This is the recorded discovery time already."
    if not problems:
        problems = _discovery_after_awareness(incident, discovered_at)
    _refuse(problems)
    before = incident.discovered_at
    row_update(
        actor=actor,
        obj=incident,
        values={"discovered_at": discovered_at},
        also={"updated_at": now},
        action="incident.awareness_corrected",
        audit_extra={"reason": reason.strip()},
    )
    timeline_record(
        incident=incident,
        kind=TimelineKind.AWARENESS,
        actor=actor,
        text=f"Discovery time corrected from {before:%Y-%m-%d %H:%M} UTC to "
        f"{discovered_at.astimezone(before.tzinfo):%Y-%m-%d %H:%M} UTC. Reason: {reason.strip()}",
        data={"from": before.isoformat(), "to": discovered_at.isoformat()},
    )
    incident_clocks_sync(actor=actor, incident=incident, why="discovery time corrected")
    return incident


def _discovery_after_awareness(incident: Incident, discovered_at: datetime) -> dict:
    """Discovery comes first: it cannot move after a recorded moment of awareness."""
    for name in AWARENESS_FIELDS:
        moment = getattr(incident, name)
        if moment is not None and discovered_at > moment:
            words = Incident._meta.get_field(name).verbose_name
            return {
                "discovered_at": f"Discovery cannot come after the recorded moment "
                f"'{words}' ({moment:%Y-%m-%d %H:%M} UTC): correct that moment first."
            }
    return {}


@transaction.atomic
def incident_facts_update(
    *, actor, incident: Incident, awareness: dict | None = None, reason: str = "", **facts
) -> Incident:
    """Change the facts the regulatory clocks hang on (EU residents, personal data and
    the nature of its breach, the serious-incident facts, the people estimate): a fact
    first set records its moment of awareness (now, or `awareness`'s moment, earlier
    with a `reason`), and the GDPR and Art. 73 clocks open, move or are cancelled."""
    row_lock(incident)
    require(actor, "incidents.incident.change", incident)
    _open(incident)
    unknown = sorted(set(facts) - set(FACT_FIELDS))
    if unknown:
        raise ValidationError({name: ["Not a fact of an incident."] for name in unknown})
    awareness = {k: v for k, v in (awareness or {}).items() if v is not None}
    gdpr_before = rules.gdpr_applies(incident)
    now = timezone.now()
    # The facts are saved first (the moments check them), and audited after the
    # moments they set, in the order the trail has always told it.
    changes = row_update(
        actor=actor, obj=incident, values=facts, also={"updated_at": now}, action=None
    ).changes
    if not changes and not awareness:
        return incident
    awareness_moments_apply(actor=actor, incident=incident, given=awareness, reason=reason, now=now)
    if not changes:
        incident_clocks_sync(actor=actor, incident=incident, why="moment of awareness set")
        return incident
    audit_record(actor=actor, action="incident.facts_changed", obj=incident, changes=changes)
    field = Incident._meta.get_field
    said = ", ".join(f"{field(n).verbose_name}: {v[1]}" for n, v in changes.items())
    timeline_record(
        incident=incident,
        kind=TimelineKind.NOTE,
        actor=actor,
        text=f"Facts changed: {said}.",
        data={n: v[1] for n, v in changes.items()},
    )
    incident_clocks_sync(actor=actor, incident=incident, why="facts changed")
    if rules.gdpr_applies(incident) and not gdpr_before:
        dpo_tell_gdpr_started(incident)
    return incident
