"""The board's landing page ("what needs us now"), its heat maps and trend, and the home
page that leads board members to it."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from core.choices import Role
from core.permissions import can, has_role, roles_of
from core.views.common import require_can
from governance.rules import charts
from governance.selectors.board import (
    board_blocks_for,
    heat_map_cell_url,
    heat_maps_counts,
    regulatory_alerts,
    trend_for,
)
from registry.views.portfolio import home as registry_home

HEAT_MAPS = (("residual", "Residual risk (after controls)"), ("inherent", "Inherent risk"))
TREND_LABEL = "Open high and critical residual risks at each month's end"


@require_GET
def home(request):
    """'/': each role lands on what needs it now. The board on its page; auditors on the
    audit packs (each verifiable, beside the audit trail); everyone else holding a role
    on "Waiting for me" (core.work: approvals, clocks, reviews from every app); someone
    without a role on the page that says why they see nothing."""
    user = request.user
    if has_role(user, Role.BOARD):
        return redirect("governance:board")
    if roles_of(user) == {Role.AUDITOR}:
        return redirect("governance:pack_list")
    if can(user, "core.work.view"):
        return redirect("core:waiting_for_me")
    return registry_home(request)


def heat_maps(shown=HEAT_MAPS) -> list[dict]:
    """The `shown` maps, their cells counted in one query."""
    counts = heat_maps_counts([which for which, _ in shown])
    return [heat_map(which, label, counts[which]) for which, label in shown]


def heat_map(which: str, label: str, counts: dict[tuple[int, int], int]) -> dict:
    svg = charts.heat_map_svg(
        counts,
        label=f"{label}: open risks by likelihood and impact",
        href=lambda lk, im: heat_map_cell_url(which, lk, im),
    )
    # Safe: charts escapes every text and attribute it draws.
    return {"key": which, "label": label, "svg": mark_safe(svg)}  # noqa: S308


@require_GET
def board(request):
    require_can(request, "governance.board.view")
    return render(
        request,
        "governance/board.html",
        {
            "blocks": board_blocks_for(request.user),
            "regulatory_alerts": regulatory_alerts(),
            "heat_maps": heat_maps(HEAT_MAPS[:1]),  # the residual map
        },
    )


@require_GET
def board_heat_maps(request):
    require_can(request, "governance.board.view")
    points = trend_for()
    trend = charts.trend_svg(points, label=TREND_LABEL)
    return render(
        request,
        "governance/board_heat_maps.html",
        {
            "heat_maps": heat_maps(),
            "trend": mark_safe(trend),  # noqa: S308
            "trend_label": TREND_LABEL,
            "trend_points": points,  # the chart's numbers, as a table beside it
        },
    )
