"""The board's matrix and its trend (issue 19 section 2): systems x current frameworks
with the share met over applicable per cell, as the last refresh stored them
(compliance.services.coverage), and per framework the month-by-month share across the
systems. Read-only, a fixed number of queries whatever the number of systems: the
current frameworks, the matrix's rows (their coverage aggregated in the same query)
and their count, the time of the last refresh, the trend's sums."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max, QuerySet, Sum

from compliance.lists import matrix_spec
from compliance.models import CoverageMonth, Framework
from compliance.rules.trend import (
    TrendSeries,
    legend,
    months_back,
    months_recorded,
    trend_series,
    trend_svg,
)
from core.lists import ListQuery
from core.permissions import can
from registry.models import AISystem

TREND_MONTHS = 12


def _may_read(user) -> bool:
    return can(user, "compliance.view") and can(user, "registry.system.view")


def _systems_for(user) -> QuerySet[AISystem]:
    """The systems whose coverage the person may read: every member reads every system
    (compliance.view and registry.system.view)."""
    return AISystem.objects.all() if _may_read(user) else AISystem.objects.none()


def matrix_frameworks() -> tuple[tuple[int, str, str], ...]:
    """(id, key, name) of the current frameworks, by name (one query)."""
    rows = Framework.objects.filter(is_current=True).order_by("name", "pk")
    return tuple(rows.values_list("pk", "key", "name"))


def matrix_for(user, params=None, *, time_zone: str = "UTC", frameworks=None) -> ListQuery:
    """The matrix over the systems the person may see, as `params` filter and sort it:
    the one way into the matrix for its page and its exports."""
    frameworks = matrix_frameworks() if frameworks is None else frameworks
    spec = matrix_spec(frameworks)
    return spec.query(_systems_for(user), params, time_zone=time_zone)


def last_refresh_at() -> datetime | None:
    """When the stored statuses were last computed (every refresh writes each system's
    month row, so the newest of those is the refresh's time)."""
    return CoverageMonth.objects.aggregate(at=Max("computed_at"))["at"]


@dataclass(frozen=True)
class Trend:
    months: list[str]
    series: list[TrendSeries]
    svg: str
    legend: list[dict]

    @property
    def table(self) -> list[tuple[str, list[int | None]]]:
        """Month by month, each framework's percentage: the chart's numbers as a table."""
        return [
            (month, [one.points[i] for one in self.series]) for i, month in enumerate(self.months)
        ]

    @property
    def empty(self) -> bool:
        return all(point is None for one in self.series for point in one.points)


def trend_for(user, frameworks, *, today: date, months: int = TREND_MONTHS) -> Trend:
    """Per current framework, the share met over applicable across the systems, month by
    month over the last `months` (one aggregate query)."""
    firsts = months_back(today, months)
    sums = {}
    if _may_read(user):
        rows = (
            CoverageMonth.objects.filter(
                framework__in=[pk for pk, _, _ in frameworks], month__gte=firsts[0]
            )
            .values("framework_id", "month")
            .annotate(met=Sum("met"), applicable=Sum("applicable"))
            .order_by()
        )
        sums = {(r["framework_id"], r["month"]): (r["met"], r["applicable"]) for r in rows}
    # The values stay in the chart's tooltips and in the table under it: labels on the
    # points collide where frameworks share a month's value.
    firsts = months_recorded(firsts, [month for _, month in sums])
    series = trend_series(sums, [(pk, name) for pk, _, name in frameworks], firsts)
    labels = [f"{m:%b %Y}" for m in firsts]
    svg = trend_svg(series, labels, label="Share of applicable requirements met, by month")
    return Trend(labels, series, svg, legend(series))
