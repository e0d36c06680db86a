"""The board's matrix under /compliance/: systems x current frameworks with the share
met over applicable per cell (each opening the system's compliance page at that
framework), its CSV/XLSX export, the trend by month, and "Refresh now" for
administrators and the board (the refresh runs on Celery; the page says it is queued
and shows the time of the last refresh)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from compliance.selectors.matrix import last_refresh_at, matrix_for, matrix_frameworks, trend_for
from compliance.tasks import coverage_refresh_all_task
from core.lists import list_export
from core.lists.views import render_list
from core.permissions import can
from core.views.common import require_can, viewer_time_zone

VIEW = "compliance.view"


@require_GET
def matrix(request):
    require_can(request, VIEW)
    zone = viewer_time_zone(request.user)
    frameworks = matrix_frameworks()
    query = matrix_for(request.user, request.GET, time_zone=zone, frameworks=frameworks)
    context = {
        "frameworks": frameworks,
        "refreshed_at": last_refresh_at(),
        "trend": trend_for(request.user, frameworks, today=timezone.localdate()),
        "may_refresh": can(request.user, "compliance.coverage.refresh"),
    }
    return render_list(request, query, "compliance/matrix.html", context)


@require_GET
def matrix_export(request, file_format: str):
    require_can(request, VIEW)
    query = matrix_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return list_export(query, actor=request.user, file_format=file_format)


@require_POST
def matrix_refresh(request):
    """Queue a refresh of every system's stored statuses (and the review clocks)."""
    require_can(request, "compliance.coverage.refresh")
    coverage_refresh_all_task.delay()
    messages.success(
        request,
        "Refresh queued: every system's coverage is being recomputed. The time under the "
        "heading changes when it is done; reload the page to see the new figures.",
    )
    return redirect("compliance:matrix")
