"""Clocks met by what people did: a regulator's notification sent (GDPR, Art. 73), a
leadership notification sent, the regulatory assessment recorded. The notification
services (incidents.services.notifications, INCIDENTS-WEB's) call
`incident_clock_meet` in their own transaction."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_meet
from core.models import Deadline
from core.permissions import require
from incidents import rules
from incidents.choices import ClockKind as K
from incidents.choices import TimelineKind
from incidents.contributions import clock_label, deadline_kind
from incidents.models import Incident
from incidents.services.timeline import timeline_record

# Who may meet which clock: the regulators' reports are the DPO's and Legal's.
MEET_PERMISSION = {
    K.GDPR_72H: "incidents.regulator.notify",
    K.AI_ACT_ART73: "incidents.regulator.notify",
    K.REGULATORY_ASSESSMENT: "incidents.regulatory_assessment.record",
    K.LEADERSHIP: "incidents.notification.send",
}


@transaction.atomic
def incident_clock_meet(
    *,
    actor,
    incident: Incident,
    kind: str,
    at: datetime | None = None,
    reference: str = "",
    delay_reasons: str = "",
):
    """Meet the incident's open clock of `kind` at `at` (default now), by `actor`,
    with the notification's reference. A GDPR notification after the 72 hours is
    refused (ValidationError on `delay_reasons`) unless the reasons for the delay are
    given. Returns the met Deadline; ValidationError on `kind` when no such clock runs."""
    if kind not in MEET_PERMISSION:
        raise ValidationError({"kind": [f"'{kind}' is not met by a notification."]})
    require(actor, MEET_PERMISSION[kind], incident)
    at = at or timezone.now()
    if at > timezone.now():
        raise ValidationError({"at": ["The time sent cannot be in the future."]})
    deadline = deadline_open_for(subject=incident, kind=deadline_kind(kind))
    if deadline is None:
        raise ValidationError({"kind": [f"No {K(kind).label} clock is running."]})
    if kind == K.GDPR_72H:
        problem = rules.gdpr_late_needs_reasons(deadline.due_at, at, delay_reasons)
        if problem:
            raise ValidationError({"delay_reasons": [problem]})
    ref = f", reference {reference.strip()}" if reference.strip() else ""
    data = {"clock": str(kind), "reference": reference, "delay_reasons": delay_reasons}
    deadline = clock_met_record(
        actor=actor, incident=incident, kind=kind, deadline=deadline, at=at, ref=ref, data=data
    )
    audit_record(
        actor=actor,
        action="incident.clock_met",
        obj=incident,
        changes={
            "clock": kind,
            "met_at": at,
            "reference": reference,
            **({"delay_reasons": delay_reasons.strip()} if delay_reasons.strip() else {}),
        },
    )
    return deadline


def clock_met_record(
    *,
    actor,
    incident: Incident,
    kind: str,
    deadline: Deadline,
    at: datetime,
    ref: str = "",
    data: dict | None = None,
) -> Deadline:
    """Meet the incident's open clock `deadline` at `at` and say so on the timeline
    ("<clock>: met (late), <ref>."): by a notification sent, or by a step taken."""
    deadline = deadline_meet(actor=actor, deadline=deadline, at=at)
    late = " (late)" if at > deadline.due_at else ""
    timeline_record(
        incident=incident,
        kind=TimelineKind.CLOCK,
        actor=actor,
        at=at,
        text=f"{clock_label(kind, incident.incident_id)}: met{late}{ref}.",
        data=data,
    )
    return deadline


@transaction.atomic
def incident_regulatory_assessment_record(*, actor, incident: Incident, note: str):
    """Record whether and to whom the incident must be reported (its note says): meets
    the regulatory-assessment clock."""
    require(actor, "incidents.regulatory_assessment.record", incident)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["Say what the assessment found."]})
    timeline_record(
        incident=incident,
        kind=TimelineKind.NOTE,
        actor=actor,
        text=f"Regulatory assessment: {note}",
    )
    return incident_clock_meet(actor=actor, incident=incident, kind=K.REGULATORY_ASSESSMENT)
