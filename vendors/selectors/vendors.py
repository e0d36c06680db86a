"""Reads of vendors and their products: every member sees every vendor (as every member
sees every system); 404 for missing and forbidden alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from core.lists import ListQuery
from core.permissions import can
from core.selectors import visible_or_404
from vendors.choices import AssessmentStatus
from vendors.models import Assessment, Vendor, VendorProduct
from vendors.services.assessments import IN_PROGRESS

BIGGEST_ID = 2**63 - 1


def vendors_visible_to(user) -> QuerySet[Vendor]:
    if not can(user, "vendors.vendor.view"):
        return Vendor.objects.none()
    return Vendor.objects.all()


def vendor_list_for(user, params=None) -> ListQuery:
    """The vendor list (vendors.lists.VENDOR_LIST): page, API and CSV come through here."""
    from vendors.lists import VENDOR_LIST

    return VENDOR_LIST.query(vendors_visible_to(user), params)


def id_or_404(pk) -> int:
    """An id from a URL or a body: a whole number the database can hold, or 404."""
    try:
        value = int(str(pk))
    except (TypeError, ValueError):
        raise Http404("No such object.") from None
    if not 1 <= value <= BIGGEST_ID:
        raise Http404("No such object.")
    return value


def vendor_get_for(user, pk) -> Vendor:
    return visible_or_404(vendors_visible_to(user), "No such vendor.", pk=id_or_404(pk))


def product_get_for(user, pk) -> VendorProduct:
    rows = VendorProduct.objects.filter(vendor__in=vendors_visible_to(user))
    return visible_or_404(rows.select_related("vendor"), "No such product.", pk=id_or_404(pk))


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
