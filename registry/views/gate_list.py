"""Every gate request as a list of the list kit: filters, sorting, pages, CSV/XLSX."""

from __future__ import annotations

from django.utils import timezone
from django.views.decorators.http import require_GET

from core.lists import list_export
from core.lists.views import render_list
from core.views.common import require_can
from registry.selectors.gate_pages import gate_request_list_for


@require_GET
def request_list(request):
    require_can(request, "registry.gate.view")
    query = gate_request_list_for(request.user, request.GET, now=timezone.now())
    return render_list(request, query, "registry/gates/request_list.html")


@require_GET
def request_export(request, file_format: str):
    require_can(request, "registry.gate.view")
    require_can(request, "core.list.export")
    query = gate_request_list_for(request.user, request.GET, now=timezone.now())
    return list_export(query, actor=request.user, file_format=file_format)
