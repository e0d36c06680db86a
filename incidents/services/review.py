"""The post-incident review (DOMAIN.md 6, "After every incident"): root cause, the test
cases that would have caught it, control or policy changes, the risk register entry
created or updated (by its ID: the register lives in governance, above this app), and
whether the model card must change. Recorded once the incident is resolved; closing
needs it."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cards.services.flags import card_new_version_needed
from core.permissions import require
from core.writes import row_create, row_lock, row_update
from incidents.choices import IncidentStatus, TimelineKind
from incidents.models import Incident, PostIncidentReview
from incidents.services.timeline import timeline_record

# The risk register's ID format (governance.models.risk_id_validator), repeated here
# because incidents may not import governance.
RISK_ID = re.compile(r"^RISK-\d{3,6}$")
REVIEW_FIELDS = ("root_cause", "test_cases", "control_changes")


def review_problems(incident, *, root_cause, test_cases, control_changes, risk_id) -> dict:
    problems = {}
    if incident.status != IncidentStatus.RESOLVED:
        label = IncidentStatus(incident.status).label.lower()
        problems["status"] = (
            f"The review is recorded once the incident is resolved (it is {label})."
        )
    texts = {"root_cause": root_cause, "test_cases": test_cases, "control_changes": control_changes}
    for name, text in texts.items():
        if not (text or "").strip():
            problems[name] = "This is required."
    if risk_id and not RISK_ID.match(risk_id):
        problems["risk_id"] = "Use the risk register's ID, e.g. RISK-001."
    return problems


@transaction.atomic
def incident_review_record(
    *,
    actor,
    incident: Incident,
    root_cause: str,
    test_cases: str,
    control_changes: str,
    risk_id: str = "",
    model_card_change_needed: bool = False,
) -> PostIncidentReview:
    """Record (or revise, until the incident is closed) the post-incident review."""
    incident = row_lock(incident)
    require(actor, "incidents.review.record", incident)
    risk_id = (risk_id or "").strip().upper()
    problems = review_problems(
        incident,
        root_cause=root_cause,
        test_cases=test_cases,
        control_changes=control_changes,
        risk_id=risk_id,
    )
    if problems:
        raise ValidationError(problems)
    review = PostIncidentReview.objects.filter(incident=incident).first()
    values = {
        "root_cause": root_cause.strip(),
        "test_cases": test_cases.strip(),
        "control_changes": control_changes.strip(),
        "risk_id": risk_id,
        "model_card_change_needed": bool(model_card_change_needed),
    }
    revised = review is not None
    asks_new_card = values["model_card_change_needed"] and not (
        revised and review.model_card_change_needed
    )
    # The event tells the review as it reads now, not a diff: the trail has always said so.
    said = {**values, "revised": revised}
    values |= {"reviewed_by": actor, "reviewed_at": timezone.now()}
    if revised:
        row_update(
            actor=actor,
            obj=review,
            values=values,
            action="incident.review_recorded",
            audit_on=incident,
            audit_changes=said,
        )
    else:
        review = row_create(
            actor=actor,
            model=PostIncidentReview,
            values={"incident": incident, **values},
            action="incident.review_recorded",
            audit_on=incident,
            audit_changes=said,
        )
    timeline_record(
        incident=incident,
        kind=TimelineKind.REVIEW,
        actor=actor,
        text=("Post-incident review revised" if revised else "Post-incident review recorded")
        + (f"; risk {risk_id}" if risk_id else ""),
        data={"risk_id": risk_id, "model_card_change_needed": values["model_card_change_needed"]},
    )
    if asks_new_card:  # said now, not in an earlier revision: the cards are flagged once
        card_new_version_needed(
            actor=actor,
            system=incident.system,
            reason=f"The post-incident review of {incident.incident_id} says the model card "
            "must change.",
        )
    return review
