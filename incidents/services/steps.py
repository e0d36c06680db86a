"""The status steps of an incident (reported -> triaged -> contained -> resolved ->
closed), each by whoever works the incident, each in the timeline. Triage meets the
triage clock, containment the containment clock; closing needs the post-incident
review and ends the SLA clocks still open (the regulatory ones run until the
authority is informed)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_cancel
from core.permissions import require
from core.writes import row_lock, row_update
from incidents import rules
from incidents.choices import IncidentStatus as S
from incidents.choices import TimelineKind
from incidents.contributions import clock_label, deadline_kind
from incidents.models import Incident, PostIncidentReview
from incidents.services.meet import clock_met_record
from incidents.services.timeline import timeline_record

STAMPS = {
    S.TRIAGED: "triaged_at",
    S.CONTAINED: "contained_at",
    S.RESOLVED: "resolved_at",
    S.CLOSED: "closed_at",
}


def _step(*, actor, incident: Incident, target: S, note: str = "") -> Incident:
    row_lock(incident)
    require(actor, "incidents.incident.work", incident)
    has_review = PostIncidentReview.objects.filter(incident=incident).exists()
    problems = rules.status_step_problems(incident.status, target, has_review=has_review)
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    now = timezone.now()
    row_update(
        actor=actor,
        obj=incident,
        values={"status": target},
        also={STAMPS[target]: now, "updated_at": now},
        action=f"incident.{target}",
        audit_extra={"note": note} if note else None,
    )
    text = f"Marked {target.label.lower()}." + (f" {note.strip()}" if note.strip() else "")
    timeline_record(incident=incident, kind=TimelineKind.STATUS, text=text, actor=actor, at=now)
    clock = rules.STEP_MEETS.get(target)
    if clock is not None:
        _meet(actor, incident, clock, now)
    if target == S.CLOSED:
        _end_sla_clocks(actor, incident)
    return incident


def _meet(actor, incident: Incident, kind, at) -> None:
    deadline = deadline_open_for(subject=incident, kind=deadline_kind(kind))
    if deadline is None:
        return
    clock_met_record(actor=actor, incident=incident, kind=kind, deadline=deadline, at=at)


def _end_sla_clocks(actor, incident: Incident) -> None:
    for kind in rules.SLA_KINDS:
        deadline = deadline_open_for(subject=incident, kind=deadline_kind(kind))
        if deadline is not None:
            deadline_cancel(actor=actor, deadline=deadline, reason="incident closed")
            timeline_record(
                incident=incident,
                kind=TimelineKind.CLOCK,
                actor=actor,
                text=f"{clock_label(kind, incident.incident_id)}: ended, incident closed.",
            )


@transaction.atomic
def incident_triage(*, actor, incident: Incident, note: str = "") -> Incident:
    """Triaged: meets the triage clock."""
    return _step(actor=actor, incident=incident, target=S.TRIAGED, note=note)


@transaction.atomic
def incident_contain(*, actor, incident: Incident, note: str = "") -> Incident:
    """Contained: meets the containment clock."""
    return _step(actor=actor, incident=incident, target=S.CONTAINED, note=note)


@transaction.atomic
def incident_resolve(*, actor, incident: Incident, note: str = "") -> Incident:
    """Resolved: the cause is fixed; the review comes next."""
    return _step(actor=actor, incident=incident, target=S.RESOLVED, note=note)


@transaction.atomic
def incident_close(*, actor, incident: Incident, note: str = "") -> Incident:
    """Closed: needs the post-incident review."""
    return _step(actor=actor, incident=incident, target=S.CLOSED, note=note)
