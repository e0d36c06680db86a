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
from core.writes import row_lock
from incidents import rules
from incidents.choices import Severity, TimelineKind
from incidents.models import Incident
from incidents.rules import AWARENESS_FIELDS
from incidents.services.awareness import awareness_moments_apply, by_field
from incidents.services.clocks import incident_clocks_sync
from incidents.services.report import checklist_copy, dpo_tell_gdpr_started
from incidents.services.timeline import timeline_record

FACTS = (
    "affected_people_estimate", "eu_residents_affected", "personal_data_exposed", "death",
    "critical_infrastructure_disruption", "widespread_infringement", "other_serious_harm",
    "breach_nature",
)  # fmt: skip


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
    incident.severity = severity
    incident.updated_at = timezone.now()
    incident.save(update_fields=["severity", "updated_at"])
    reason = (reason or "").strip()
    audit_record(
        actor=actor, action="incident.severity_changed", obj=incident,
        changes={"severity": [before, severity], "reason": reason},
    )  # fmt: skip
    verb = "raised" if rules.severity_raised(before, severity) else "lowered"
    timeline_record(
        incident=incident, kind=TimelineKind.SEVERITY, actor=actor,
        text=f"Severity {verb} from {Severity(before).label.lower()} to "
        f"{Severity(severity).label.lower()}." + (f" Reason: {reason}" if reason else ""),
        data={"from": before, "to": severity, "reason": reason},
    )  # fmt: skip
    checklist_copy(incident=incident)
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
    incident.discovered_at = discovered_at
    incident.updated_at = now
    incident.save(update_fields=["discovered_at", "updated_at"])
    audit_record(
        actor=actor, action="incident.awareness_corrected", obj=incident,
        changes={"discovered_at": [before, discovered_at], "reason": reason.strip()},
    )  # fmt: skip
    timeline_record(
        incident=incident, kind=TimelineKind.AWARENESS, actor=actor,
        text=f"Discovery time corrected from {before:%Y-%m-%d %H:%M} UTC to "
        f"{discovered_at.astimezone(before.tzinfo):%Y-%m-%d %H:%M} UTC. Reason: {reason.strip()}",
        data={"from": before.isoformat(), "to": discovered_at.isoformat()},
    )  # fmt: skip
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
    unknown = sorted(set(facts) - set(FACTS))
    if unknown:
        raise ValidationError({name: ["Not a fact of an incident."] for name in unknown})
    changes = {n: [getattr(incident, n), v] for n, v in facts.items() if getattr(incident, n) != v}
    awareness = {k: v for k, v in (awareness or {}).items() if v is not None}
    if not changes and not awareness:
        return incident
    gdpr_before = rules.gdpr_applies(incident)
    for name, (_old, new) in changes.items():
        setattr(incident, name, new)
    now = timezone.now()
    incident.updated_at = now
    incident.full_clean(exclude=["system", "reported_by", "lead"])
    moments = awareness_moments_apply(
        actor=actor, incident=incident, given=awareness, reason=reason, now=now
    )
    moved = [f for name in moments for f in (name, by_field(name))]
    incident.save(update_fields=[*changes, *moved, "updated_at"])
    if not changes:
        incident_clocks_sync(actor=actor, incident=incident, why="moment of awareness set")
        return incident
    audit_record(actor=actor, action="incident.facts_changed", obj=incident, changes=changes)
    field = Incident._meta.get_field
    said = ", ".join(f"{field(n).verbose_name}: {v[1]}" for n, v in changes.items())
    timeline_record(
        incident=incident, kind=TimelineKind.NOTE, actor=actor, text=f"Facts changed: {said}.",
        data={n: v[1] for n, v in changes.items()},
    )  # fmt: skip
    incident_clocks_sync(actor=actor, incident=incident, why="facts changed")
    if rules.gdpr_applies(incident) and not gdpr_before:
        dpo_tell_gdpr_started(incident)
    return incident
