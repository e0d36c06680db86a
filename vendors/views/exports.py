"""The vendor and assessment lists as CSV, with the same filters and sorting as the API
lists (the pages themselves come with the vendor pages)."""

from __future__ import annotations

from django.views.decorators.http import require_GET

from core.lists import csv_export
from core.views.common import require_can
from vendors.selectors.assessments import assessment_list_for
from vendors.selectors.vendors import vendor_list_for


@require_GET
def vendor_export(request):
    require_can(request, "vendors.vendor.export")
    return csv_export(vendor_list_for(request.user, request.GET), actor=request.user)


@require_GET
def assessment_export(request):
    require_can(request, "vendors.assessment.export")
    return csv_export(assessment_list_for(request.user, request.GET), actor=request.user)
