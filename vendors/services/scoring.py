"""Scoring an assessment (DOMAIN.md 8): the stored result, the previous scored
assessment superseded, and the next yearly re-assessment on the clocks engine."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.choices import Role
from core.clocks.rules import day_due_at
from core.evidence.selectors import current_evidence_filter
from core.permissions import require
from core.selectors import users_with_role
from core.services import notification_send_each
from core.writes import row_lock, row_update
from vendors.choices import AssessmentStatus, EvidenceKind, RiskTier
from vendors.models import Assessment
from vendors.rules import scoring as rules
from vendors.services.assessments import EDITABLE
from vendors.services.clocks import reassessment_clock_set

SCORED_FIELDS = (
    "status",
    "risk_score",
    "risk_tier",
    "recommendation",
    "findings",
    "use_approved",
    "scored_at",
    "scored_by",
)


def soc2_report_current(assessment: Assessment, today) -> bool:
    """Whether the assessment holds a SOC 2 report that is current on `today`."""
    return assessment.evidence.filter(
        current_evidence_filter(today, prefix="evidence__"), kind=EvidenceKind.SOC2_REPORT
    ).exists()


@transaction.atomic
def assessment_score(*, actor, assessment: Assessment) -> Assessment:
    """Compute and store the result from the answers (every scored answer given, or a
    400 naming the missing ones). The product's previous scored assessment becomes
    superseded; its re-assessment falls due a year from today (warned 30 days before).
    A high tier is put before the CISOs, who must approve it before use."""

    previous = _previous_scored(assessment)
    require(actor, "vendors.assessment.change", assessment)
    now = timezone.now()
    today = timezone.localdate(now)
    refused = _refusals(assessment)
    if refused:
        raise ValidationError(refused)
    answers = {name: getattr(assessment, name) for name in rules.SCORED_ANSWERS}
    answers["personal_data_sent"] = assessment.personal_data_sent
    result = rules.assessment_score(
        answers, soc2_report_current=soc2_report_current(assessment, today), today=today
    )
    if previous is not None:
        row_update(
            actor=actor,
            obj=previous,
            values={"status": AssessmentStatus.SUPERSEDED},
            action="assessment.superseded",
            audit_extra={"by": assessment.pk},
        )
    row_update(
        actor=actor,
        obj=assessment,
        action="assessment.scored",
        values={
            "status": AssessmentStatus.SCORED,
            "risk_score": result.points,
            "risk_tier": result.tier,
            "recommendation": result.recommendation,
            "findings": [f.as_dict() for f in result.findings],
            "use_approved": result.use_approved,
            "scored_at": now,
            "scored_by": actor,
        },
    )
    reassessment_clock_set(
        actor=actor,
        product=assessment.product,
        owner=assessment.assessor,
        met=True,
        due_at=day_due_at(rules.reassessment_due(today)),
    )
    if result.tier == RiskTier.HIGH:
        _ask_the_ciso(assessment)
    return assessment


def _previous_scored(assessment: Assessment) -> Assessment | None:
    """Lock the product, then the assessment: scorings of one product queue up."""
    row_lock(assessment.product)
    row_lock(assessment)
    return (
        Assessment.objects.select_for_update(of=("self",))
        .filter(product_id=assessment.product_id, status=AssessmentStatus.SCORED)
        .exclude(pk=assessment.pk)
        .first()
    )


def _refusals(assessment: Assessment) -> dict[str, list[str]]:
    if assessment.status not in EDITABLE:
        label = assessment.get_status_display().lower()
        return {"status": [f"A {label} assessment cannot be scored."]}
    answers = {name: getattr(assessment, name) for name in rules.SCORED_ANSWERS}
    return {name: ["Answer this before scoring."] for name in rules.missing_answers(answers)}


def _ask_the_ciso(assessment: Assessment) -> None:
    # One key per CISO: with one key for all, the first CISO told kept the others untold.
    notification_send_each(
        users_with_role(Role.CISO),
        title=f"High vendor risk: {assessment.product}",
        reason="You approve high-risk vendor products (CISO).",
        body=f"Scored {assessment.risk_score} points. {assessment.recommendation}.",
        subject=assessment,
        dedupe_key=lambda ciso: f"vendors.assessment.{assessment.pk}.high.{ciso.pk}",
    )
