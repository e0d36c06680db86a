"""Reads of the systems' vendor products (issue 9 part 4), each in a fixed number of
queries: the products a system uses with their current assessment and re-assessment
date, and the systems that use a vendor's products with the concentration warning."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from core.models import Deadline
from registry import rules
from registry.models import AISystem, SystemVendorProduct
from vendors.choices import AssessmentStatus
from vendors.contributions import REASSESSMENT
from vendors.models import Assessment, Vendor, VendorProduct

DUE_SOON = timedelta(days=30)
HIGH_RISK = ("critical", "high")
CONCENTRATION_FROM = 2  # this many high-risk systems on one product without fallback: warn


def product_use_refusal(product: VendorProduct) -> str | None:
    """Why `product` may not be linked now (its current assessment), or None."""
    current = product.assessments.filter(status=AssessmentStatus.SCORED).first()
    return assessment_use_refusal(current)


def assessment_use_refusal(current: Assessment | None) -> str | None:
    if current is None:
        return rules.product_use_refusal(scored=False)
    return rules.product_use_refusal(
        scored=True,
        tier=current.risk_tier,
        use_approved=current.use_approved,
        ciso_approved=current.ciso_approved_at is not None,
        findings=current.findings,
        personal_data_without_dpa=current.personal_data_sent and not current.has_dpa,
        remediation_done=current.remediation_done_at is not None,
    )


def dependent_systems(product: VendorProduct):
    return AISystem.objects.filter(
        vendor_links__product=product, vendor_links__removed_at__isnull=True
    ).distinct()


@dataclass
class ProductUse:
    """One product as a system's page shows it."""

    product: VendorProduct
    current: Assessment | None
    refusal: str | None  # why its use is not approved now; None: approved
    reassess_due_at: datetime | None
    reassess_state: str = ""  # "", "due soon", "overdue"


def _current_assessments(product_ids) -> dict[int, Assessment]:
    scored = Assessment.objects.filter(product_id__in=product_ids, status=AssessmentStatus.SCORED)
    return {a.product_id: a for a in scored}


def _reassessment_dues(product_ids) -> dict[int, datetime]:
    rows = Deadline.objects.filter(
        subject_type__app_label="vendors",
        subject_type__model="vendorproduct",
        subject_id__in=[str(pk) for pk in product_ids],
        kind=REASSESSMENT,
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).values_list("subject_id", "due_at")
    return {int(subject_id): due_at for subject_id, due_at in rows}


def _state(due_at: datetime | None, now: datetime) -> str:
    if due_at is None:
        return ""
    if due_at <= now:
        return "overdue"
    return "due soon" if due_at - now <= DUE_SOON else ""


def product_uses(products: list[VendorProduct]) -> list[ProductUse]:
    """The products with their current assessment and re-assessment date (2 queries)."""
    ids = [p.pk for p in products]
    current, dues, now = _current_assessments(ids), _reassessment_dues(ids), timezone.now()
    return [
        ProductUse(
            p,
            current.get(p.pk),
            assessment_use_refusal(current.get(p.pk)),
            dues.get(p.pk),
            _state(dues.get(p.pk), now),
        )
        for p in products
    ]


def system_vendor_products(system: AISystem) -> list[ProductUse]:
    """The products the system uses now (3 queries whatever their number)."""
    links = (
        SystemVendorProduct.objects.filter(system=system, removed_at__isnull=True)
        .select_related("product__vendor")
        .order_by("product__vendor__name", "product__name")
    )
    return product_uses([link.product for link in links])


@dataclass
class ProductDependents:
    product: VendorProduct
    systems: list[AISystem] = field(default_factory=list)
    warning: str = ""


def vendor_dependents(vendor: Vendor, systems_visible) -> list[ProductDependents]:
    """Per product of `vendor`, the visible systems using it, and a concentration
    warning when several high-risk systems depend on it and its current assessment
    names no fallback provider (3 queries)."""
    products = list(vendor.products.all())
    rows = {p.pk: ProductDependents(p) for p in products}
    links = SystemVendorProduct.objects.filter(
        product__vendor=vendor, removed_at__isnull=True, system__in=systems_visible
    ).select_related("system__owner_team")
    for link in links.order_by("system__system_id"):
        rows[link.product_id].systems.append(link.system)
    current = _current_assessments(list(rows))
    for row in rows.values():
        row.warning = concentration_warning(row.systems, current.get(row.product.pk))
    return list(rows.values())


def concentration_warning(systems: list[AISystem], current: Assessment | None) -> str:
    high = [s for s in systems if s.risk_tier in HIGH_RISK]
    has_fallback = current is not None and current.has_fallback_provider
    if len(high) < CONCENTRATION_FROM or has_fallback:
        return ""
    return f"{len(high)} high-risk systems depend on this product and none has a fallback provider"


@dataclass
class ReassessmentDue:
    use: ProductUse
    systems: list[AISystem] = field(default_factory=list)


def reassessments_due(systems_visible) -> list[ReassessmentDue]:
    """The vendor products used by the visible systems whose re-assessment is overdue or
    due within 30 days, soonest first, each with those systems (3 queries)."""
    now = timezone.now()
    dues = dict(
        Deadline.objects.filter(
            subject_type__app_label="vendors",
            subject_type__model="vendorproduct",
            kind=REASSESSMENT,
            met_at__isnull=True,
            cancelled_at__isnull=True,
            due_at__lte=now + DUE_SOON,
        ).values_list("subject_id", "due_at")
    )
    links = (
        SystemVendorProduct.objects.filter(
            product_id__in=[int(pk) for pk in dues],
            removed_at__isnull=True,
            system__in=systems_visible,
        )
        .select_related("product__vendor", "system")
        .order_by("system__system_id")
    )
    rows: dict[int, ReassessmentDue] = {}
    for link in links:
        due_at = dues[str(link.product_id)]
        row = rows.setdefault(
            link.product_id,
            ReassessmentDue(ProductUse(link.product, None, None, due_at, _state(due_at, now))),
        )
        row.systems.append(link.system)
    return sorted(rows.values(), key=lambda r: r.use.reassess_due_at)
