"""Starting an assessment of a product and filling in its answers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.permissions import require
from core.writes import row_create, row_lock, row_update
from vendors.choices import AssessmentReason, AssessmentStatus
from vendors.models import Assessment, VendorProduct

# The answers of DOMAIN.md 8 under the API's names (vendor and product are the product).
ANSWER_FIELDS = (
    "access_type",
    "data_sent",
    "use_case",
    "soc2_type2_certified",
    "iso27001_certified",
    "penetration_tested",
    "bug_bounty_program",
    "data_retention_days",
    "opt_out_of_training",
    "sla_uptime_percentage",
    "has_fallback_provider",
    "has_dpa",
    "eu_data_residency",
    "liability_cap",
    "audit_rights",
    "personal_data_sent",
)
TEXT_ANSWERS = ("data_sent", "use_case", "liability_cap")
EDITABLE = (AssessmentStatus.DRAFT, AssessmentStatus.ANSWERED)
IN_PROGRESS = (AssessmentStatus.DRAFT, AssessmentStatus.SENT, AssessmentStatus.ANSWERED)


def answers_checked(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers given, text stripped; an unknown name is refused naming it."""
    unknown = sorted(set(answers) - set(ANSWER_FIELDS))
    if unknown:
        raise ValidationError({name: ["Not an assessment answer."] for name in unknown})
    checked = {
        name: (value or "").strip() if name in TEXT_ANSWERS else value
        for name, value in answers.items()
    }
    if "personal_data_sent" in checked:  # unanswered is "no" (the field's default)
        checked["personal_data_sent"] = bool(checked["personal_data_sent"])
    return checked


def assessment_in_progress(product: VendorProduct) -> Assessment | None:
    return product.assessments.filter(status__in=IN_PROGRESS).first()


def assessment_row_create(
    *, actor, product: VendorProduct, reason: str, answers: Mapping[str, Any], audit_changes
) -> Assessment:
    """Insert a draft assessment of `product` by `actor` with `answers` and audit it
    ("assessment.created"); inside the services that start one (not a use case)."""
    return row_create(
        actor=actor,
        model=Assessment,
        values={"product": product, "reason": reason, "assessor": actor, **answers},
        action="assessment.created",
        audit_changes=audit_changes,
        validate=lambda a: a.full_clean(
            exclude=["product", "assessor"], validate_constraints=False
        ),
    )


@transaction.atomic
def assessment_create(
    *,
    actor,
    product: VendorProduct,
    reason: str = AssessmentReason.INITIAL,
    answers: Mapping[str, Any] | None = None,
) -> Assessment:
    """Start a draft assessment of `product` by `actor` (an assessor), with any answers
    known already. A product has at most one assessment in progress."""
    require(actor, "vendors.assessment.change", product)
    row_lock(product)  # two assessors starting at once: the second one is told
    values = answers_checked(answers or {})
    if assessment_in_progress(product) is not None:
        raise ValidationError({"product": ["This product already has an assessment in progress."]})
    return assessment_row_create(
        actor=actor,
        product=product,
        reason=reason,
        answers=values,
        audit_changes={"product": str(product), "reason": reason, **values},
    )


@transaction.atomic
def assessment_update(*, actor, assessment: Assessment, answers: Mapping[str, Any]) -> Assessment:
    """Change answers while the assessment is a draft or answered (not while it is with
    the vendor, nor once scored: a scored assessment is the record of that score)."""
    row_lock(assessment)
    require(actor, "vendors.assessment.change", assessment)
    values = answers_checked(answers)
    refused = {}
    if assessment.status not in EDITABLE:
        refused["status"] = f"A {assessment.get_status_display().lower()} assessment is not edited."
    row_update(
        actor=actor, obj=assessment, values=values, action="assessment.updated", refused=refused
    )
    return assessment
