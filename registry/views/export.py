"""The system list as CSV, with the same filters and sorting as the page."""

from __future__ import annotations

from django.views.decorators.http import require_GET

from core.lists import csv_export
from core.views.common import require_can
from registry.selectors.systems import system_list_for


@require_GET
def system_export(request):
    require_can(request, "registry.system.export")
    return csv_export(system_list_for(request.user, request.GET), actor=request.user)
