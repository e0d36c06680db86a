"""Every read of vendors for a page or an endpoint: members see every vendor and
assessment (as every member sees every system); 404 for missing and forbidden alike."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from core.lists import ListQuery
from core.permissions import can
from vendors.models import Assessment, Vendor, VendorProduct


def vendors_visible_to(user) -> QuerySet[Vendor]:
    if not can(user, "vendors.vendor.view"):
        return Vendor.objects.none()
    return Vendor.objects.all()


def assessments_visible_to(user) -> QuerySet[Assessment]:
    if not can(user, "vendors.assessment.view"):
        return Assessment.objects.none()
    return Assessment.objects.all()


def vendor_list_for(user, params=None) -> ListQuery:
    """The vendor list (vendors.lists.VENDOR_LIST): page, API and CSV come through here."""
    from vendors.lists import VENDOR_LIST

    return VENDOR_LIST.query(vendors_visible_to(user), params)


def assessment_list_for(user, params=None, *, time_zone: str = "UTC") -> ListQuery:
    """The assessment list (vendors.lists.ASSESSMENT_LIST), likewise."""
    from vendors.lists import ASSESSMENT_LIST

    context = {"now": timezone.now(), "time_zone": time_zone}
    return ASSESSMENT_LIST.query(assessments_visible_to(user), params, **context)


BIGGEST_ID = 2**63 - 1


def _id(pk) -> int:
    """An id from a URL or a body: a whole number the database can hold, or 404."""
    try:
        value = int(str(pk))
    except (TypeError, ValueError):
        raise Http404("No such object.") from None
    if not 1 <= value <= BIGGEST_ID:
        raise Http404("No such object.")
    return value


def vendor_get_for(user, pk) -> Vendor:
    found = vendors_visible_to(user).filter(pk=_id(pk)).first()
    if found is None:
        raise Http404("No such vendor.")
    return found


def product_get_for(user, pk) -> VendorProduct:
    found = VendorProduct.objects.filter(vendor__in=vendors_visible_to(user), pk=_id(pk))
    product = found.select_related("vendor").first()
    if product is None:
        raise Http404("No such product.")
    return product


def assessment_get_for(user, pk) -> Assessment:
    visible = assessments_visible_to(user).select_related("product__vendor")
    found = visible.filter(pk=_id(pk)).first()
    if found is None:
        raise Http404("No such assessment.")
    return found
