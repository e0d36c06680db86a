"""The CISO's approval of a high-tier product (DOMAIN.md 8: "escalate: CISO approval
and contractual remediation before use")."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from core.clocks.rules import day_due_at
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_meet, deadline_open
from core.evidence.selectors import current_evidence_filter
from core.permissions import require
from core.writes import row_lock, row_update
from vendors.choices import AssessmentStatus, EvidenceKind, RiskTier
from vendors.contributions import REMEDIATION
from vendors.models import Assessment
from vendors.rules import scoring as rules

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
    plan with a due date (today or later); the due date becomes a deadline (kind
    `vendors.remediation`, owned by the assessor). The product is approved for use only
    once the remediation is done too (assessment_remediation_complete), never on the plan.
    """
    row_lock(assessment)
    require(actor, "vendors.assessment.ciso_approve", assessment)
    plan = (remediation_plan or "").strip()
    refused = _refusals(assessment, plan, remediation_due_on)
    approved = rules.use_approved_high(
        ciso_approved=True,
        remediation_done=assessment.remediation_done_at is not None,
        personal_data_without_dpa=_no_dpa(assessment),
    )
    row_update(
        actor=actor,
        obj=assessment,
        action="assessment.ciso_approved",
        refused=refused,
        values={
            "ciso_approved_by": actor,
            "ciso_approved_at": timezone.now(),
            "ciso_comment": (comment or "").strip(),
            "remediation_plan": plan,
            "remediation_due_on": remediation_due_on,
            "use_approved": approved,
        },
    )
    deadline_open(
        actor=actor,
        subject=assessment,
        kind=REMEDIATION,
        label=f"Remediation plan of {assessment.product}",
        owner=assessment.assessor,
        due_at=day_due_at(remediation_due_on),
        warn_before=REMEDIATION_WARNINGS,
    )
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


def _no_dpa(assessment: Assessment) -> bool:
    return rules.personal_data_without_dpa(
        {"personal_data_sent": assessment.personal_data_sent, "has_dpa": assessment.has_dpa}
    )


@transaction.atomic
def assessment_remediation_complete(*, actor, assessment: Assessment) -> Assessment:
    """The contractual remediation of a CISO-approved high-tier product is done: the
    signed amendment is attached as evidence (kind "signed_amendment", current today).
    The product is then approved for use (unless it receives personal data without a
    DPA) and the remediation deadline is met. By the CISO."""
    row_lock(assessment)
    require(actor, "vendors.assessment.ciso_approve", assessment)
    refused = _completion_refusals(assessment)
    approved = rules.use_approved_high(
        ciso_approved=assessment.ciso_approved_at is not None,
        remediation_done=True,
        personal_data_without_dpa=_no_dpa(assessment),
    )
    now = timezone.now()
    row_update(
        actor=actor,
        obj=assessment,
        action="assessment.remediation_done",
        refused=refused,
        values={"remediation_done_at": now, "remediation_done_by": actor, "use_approved": approved},
    )
    deadline = deadline_open_for(subject=assessment, kind=REMEDIATION)
    if deadline is not None:
        deadline_meet(actor=actor, deadline=deadline, at=now)
    return assessment


def _completion_refusals(assessment: Assessment) -> dict[str, str]:
    if assessment.status != AssessmentStatus.SCORED or assessment.ciso_approved_at is None:
        return {"status": "Only a high-tier assessment the CISO approved has a remediation."}
    if assessment.remediation_done_at is not None:
        return {"status": "The remediation is already marked done."}
    amendment = assessment.evidence.filter(
        current_evidence_filter(timezone.localdate(), prefix="evidence__"),
        kind=EvidenceKind.SIGNED_AMENDMENT,
    )
    if not amendment.exists():
        return {
            "evidence": "Attach the signed contract amendment first (document kind "
            "'Signed contract amendment')."
        }
    return {}
