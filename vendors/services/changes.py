"""A vendor changed its model, terms or data handling (DOMAIN.md 8: re-assess then)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.permissions import require
from core.writes import row_lock
from vendors.choices import AssessmentReason, AssessmentStatus, ChangeKind
from vendors.contributions import product_dependents_notify
from vendors.models import Assessment, VendorChange, VendorProduct
from vendors.services.assessments import ANSWER_FIELDS, assessment_in_progress
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
    change = VendorChange(
        product=product, kind=kind, description=(description or "").strip(), recorded_by=actor
    )
    change.full_clean(exclude=["product", "recorded_by"])
    if kind not in ChangeKind.values:  # full_clean said so already; for type checkers
        raise ValidationError({"kind": ["Not a kind of vendor change."]})
    change.save(force_insert=True)
    draft = assessment_in_progress(product) or _draft_from_current(actor, product)
    audit_record(
        actor=actor, action="vendor_change.recorded", obj=change,
        changes={"product": str(product), "kind": kind, "description": change.description,
                 "assessment": draft.pk},
    )  # fmt: skip
    reassessment_clock_set(actor=actor, product=product, due_at=timezone.now(), owner=actor)
    product_dependents_notify(product=product, reason=f"vendor_change:{kind}", actor=actor)
    return change


def _draft_from_current(actor, product: VendorProduct) -> Assessment:
    current = product.assessments.filter(status=AssessmentStatus.SCORED).first()
    answers = {name: getattr(current, name) for name in ANSWER_FIELDS} if current else {}
    draft = Assessment.objects.create(
        product=product, reason=AssessmentReason.VENDOR_CHANGE, assessor=actor, **answers
    )
    audit_record(
        actor=actor, action="assessment.created", obj=draft,
        changes={"product": str(product), "reason": AssessmentReason.VENDOR_CHANGE},
    )  # fmt: skip
    return draft
