"""The DPO's decision that a personal-data breach is unlikely to result in a risk to
people (GDPR Art. 33(1)): the 72-hour clock closes without a notification, and the
decision with its reasons is kept (audited, in the timeline and the breach register,
Art. 33(5))."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.permissions import require
from core.writes import row_lock, row_update
from incidents import rules
from incidents.choices import ClockKind, TimelineKind
from incidents.contributions import deadline_kind
from incidents.models import Incident
from incidents.services.clocks import incident_clocks_sync, incident_deadlines
from incidents.services.timeline import timeline_record

NO_RISK_WHY = "the DPO decided the breach is unlikely to result in a risk to people"


@transaction.atomic
def incident_gdpr_no_risk_decide(*, actor, incident: Incident, reasons: str) -> Incident:
    """Record the DPO's decision (the DPO only; once; with reasons; not after the
    authority was notified): the GDPR clock is cancelled with that reason."""
    row_lock(incident)
    require(actor, "incidents.gdpr.no_risk_decide", incident)
    if incident.status == "closed":
        raise ValidationError({"status": ["The incident is closed."]})
    gdpr_met = (
        incident_deadlines(incident)
        .filter(kind=deadline_kind(ClockKind.GDPR_72H), met_at__isnull=False)
        .exists()
    )
    problems = rules.no_risk_decision_problems(incident, reasons, gdpr_met=gdpr_met)
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    now, reasons = timezone.now(), reasons.strip()
    row_update(
        actor=actor,
        obj=incident,
        values={"gdpr_no_risk_at": now, "gdpr_no_risk_reasons": reasons},
        also={"gdpr_no_risk_by": actor, "updated_at": now},
        action="incident.gdpr_no_risk_decided",
        # The decision as made (not as a change from blank), as the trail has told it.
        audit_changes={"gdpr_no_risk_at": now, "gdpr_no_risk_reasons": reasons},
    )
    timeline_record(
        incident=incident,
        kind=TimelineKind.NOTE,
        actor=actor,
        text="GDPR: the DPO decided the breach is unlikely to result in a risk to people, "
        f"so the supervisory authority is not notified. Reasons: {reasons}",
        data={"gdpr_no_risk_reasons": reasons},
    )
    incident_clocks_sync(actor=actor, incident=incident, why=NO_RISK_WHY)
    return incident
