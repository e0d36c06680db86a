"""A vendor changed its model, terms or data handling (DOMAIN.md 8: re-assess then)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.permissions import require
from core.writes import row_create, row_lock
from vendors.choices import AssessmentReason, AssessmentStatus
from vendors.contributions import product_dependents_notify
from vendors.models import Assessment, VendorChange, VendorProduct
from vendors.services.assessments import (
    ANSWER_FIELDS,
    assessment_in_progress,
    assessment_row_create,
)
from vendors.services.clocks import reassessment_clock_set


@transaction.atomic
def vendor_change_record(
    *, actor, product: VendorProduct, kind: str, description: str
) -> VendorChange:
    """Record the change and start an immediate re-assessment: a new draft (reason
    "vendor change", the current answers copied in to be checked) unless one is in
    progress already, and the product's re-assessment deadline moved to now. The apps
    above vendors are told (vendors.contributions) so that dependent systems are flagged."""
    row_lock(product)
    require(actor, "vendors.assessment.change", product)
    # One event says what changed and which assessment re-assesses it, so the change
    # row is written first (refused before anything else) and audited with the draft.
    change = row_create(
        actor=actor,
        model=VendorChange,
        values={
            "product": product,
            "kind": kind,
            "description": (description or "").strip(),
            "recorded_by": actor,
        },
        action=None,
        validate=lambda c: c.full_clean(exclude=["product", "recorded_by"]),
    )
    draft = assessment_in_progress(product) or _draft_from_current(actor, product)
    audit_record(
        actor=actor,
        action="vendor_change.recorded",
        obj=change,
        changes={
            "product": str(product),
            "kind": kind,
            "description": change.description,
            "assessment": draft.pk,
        },
    )
    reassessment_clock_set(actor=actor, product=product, due_at=timezone.now(), owner=actor)
    product_dependents_notify(product=product, reason=f"vendor_change:{kind}", actor=actor)
    return change


def _draft_from_current(actor, product: VendorProduct) -> Assessment:
    current = product.assessments.filter(status=AssessmentStatus.SCORED).first()
    answers = {name: getattr(current, name) for name in ANSWER_FIELDS} if current else {}
    reason = AssessmentReason.VENDOR_CHANGE
    return assessment_row_create(
        actor=actor,
        product=product,
        reason=reason,
        answers=answers,
        audit_changes={"product": str(product), "reason": reason},
    )
