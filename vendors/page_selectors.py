"""What the vendor and assessment pages read, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from vendors.choices import AssessmentStatus
from vendors.models import Assessment, AssessmentEvidence, Vendor, VendorProduct
from vendors.selectors import assessment_get_for, vendor_get_for
from vendors.services.assessments import IN_PROGRESS


@dataclass
class ProductRow:
    product: VendorProduct
    current: Assessment | None = None
    in_progress: Assessment | None = None


@dataclass
class VendorPage:
    vendor: Vendor
    products: list[ProductRow] = field(default_factory=list)


def vendor_page_for(user, pk) -> VendorPage:
    """The vendor, its products, each with its current and in-progress assessment (3
    queries, whatever the number of products and assessments)."""
    vendor = vendor_get_for(user, pk)
    rows = {p.pk: ProductRow(p) for p in vendor.products.order_by("name")}
    wanted = [AssessmentStatus.SCORED, *IN_PROGRESS]
    for a in Assessment.objects.filter(product_id__in=list(rows), status__in=wanted):
        row = rows[a.product_id]
        if a.status == AssessmentStatus.SCORED:
            row.current = a
        else:
            row.in_progress = a
    return VendorPage(vendor, list(rows.values()))


@dataclass
class AssessmentPage:
    assessment: Assessment
    evidence: list[AssessmentEvidence]
    history: list[Assessment]  # the product's scored assessments, oldest first


def assessment_page_for(user, pk) -> AssessmentPage:
    """The assessment with its people, evidence files and the product's score history
    (4 queries)."""
    assessment = assessment_get_for(user, pk)
    assessment = Assessment.objects.select_related(
        "product__vendor", "assessor", "scored_by", "ciso_approved_by"
    ).get(pk=assessment.pk)
    evidence = list(assessment.evidence.select_related("evidence__uploaded_by"))
    history = list(
        Assessment.objects.filter(
            product_id=assessment.product_id,
            status__in=[AssessmentStatus.SCORED, AssessmentStatus.SUPERSEDED],
        ).order_by("scored_at", "pk")
    )
    return AssessmentPage(assessment, evidence, history)
