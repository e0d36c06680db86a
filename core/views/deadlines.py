"""My deadlines and the portfolio's deadlines: list pages on the kit, with CSV export."""

from __future__ import annotations

from django.views.decorators.http import require_GET

from core.clocks.selectors import (
    deadline_counts_by,
    deadline_list_for,
    portfolio_deadline_list_for,
)
from core.lists import csv_export
from core.lists.views import render_list
from core.views.common import require_can, viewer_time_zone


def _mine(request):
    return deadline_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))


def _portfolio(request):
    zone = viewer_time_zone(request.user)
    return portfolio_deadline_list_for(request.user, request.GET, time_zone=zone)


@require_GET
def my_deadlines(request):
    require_can(request, "core.deadline.view_own")
    return render_list(request, _mine(request), "core/my_deadlines.html")


@require_GET
def my_deadlines_export(request):
    require_can(request, "core.deadline.view_own")
    return csv_export(_mine(request), actor=request.user)


@require_GET
def portfolio_deadlines(request):
    """The board's view: open deadlines by owner and by system, then the filtered list."""
    require_can(request, "core.deadline.view_portfolio")
    context = {
        "by_owner": deadline_counts_by(request.user, "owner"),
        "by_subject": deadline_counts_by(request.user, "label", pressing_only=True),
    }
    return render_list(request, _portfolio(request), "core/portfolio_deadlines.html", context)


@require_GET
def portfolio_deadlines_export(request):
    require_can(request, "core.deadline.view_portfolio")
    return csv_export(_portfolio(request), actor=request.user)
