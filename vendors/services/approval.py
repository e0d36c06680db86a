"""The CISO's approval of a high-tier product (DOMAIN.md 8: "escalate: CISO approval
and contractual remediation before use")."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from core.clocks.services import deadline_open
from core.permissions import require
from core.writes import row_lock, row_update
from vendors import rules
from vendors.choices import AssessmentStatus, RiskTier
from vendors.clock_kinds import REMEDIATION
from vendors.models import Assessment
from vendors.services.clocks import day_due_at

REMEDIATION_WARNINGS = (timedelta(days=30), timedelta(days=7))


@transaction.atomic
def assessment_ciso_approve(
    *,
    actor,
    assessment: Assessment,
    remediation_plan: str,
    remediation_due_on: date | None,
    comment: str = "",
) -> Assessment:
    """The CISO approves the use of a high-tier product, on a contractual remediation
    plan with a due date (today or later). The product is then approved for use, and
    the due date becomes a deadline (kind `vendors.remediation`, owned by the assessor).
    """
    row_lock(assessment)
    require(actor, "vendors.assessment.ciso_approve", assessment)
    plan = (remediation_plan or "").strip()
    refused = _refusals(assessment, plan, remediation_due_on)
    approved = rules.use_approved_high(
        ciso_approved=True, remediation_plan=plan, remediation_due_on=remediation_due_on
    )
    row_update(
        actor=actor, obj=assessment, action="assessment.ciso_approved", refused=refused,
        values={
            "ciso_approved_by": actor, "ciso_approved_at": timezone.now(),
            "ciso_comment": (comment or "").strip(), "remediation_plan": plan,
            "remediation_due_on": remediation_due_on, "use_approved": approved,
        },
    )  # fmt: skip
    deadline_open(
        actor=actor, subject=assessment, kind=REMEDIATION,
        label=f"Remediation plan of {assessment.product}", owner=assessment.assessor,
        due_at=day_due_at(remediation_due_on), warn_before=REMEDIATION_WARNINGS,
    )  # fmt: skip
    return assessment


def _refusals(assessment: Assessment, plan: str, due_on: date | None) -> dict[str, str]:
    refused = {}
    if assessment.status != AssessmentStatus.SCORED or assessment.risk_tier != RiskTier.HIGH:
        refused["status"] = "Only the current assessment of a high-tier product needs this."
    elif assessment.ciso_approved_at is not None:
        refused["status"] = "The CISO has already approved this assessment."
    if not plan:
        refused["remediation_plan"] = "Give the contractual remediation plan."
    if due_on is None:
        refused["remediation_due_on"] = "Give the date the remediation is due."
    elif due_on < timezone.localdate():
        refused["remediation_due_on"] = "The due date is in the past."
    return refused
