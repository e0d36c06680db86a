"""The monitoring report over a span (DOMAIN.md 11: a monthly report per system in the
packs): per plan metric the values' count, least, most, mean and how many were past the
threshold; the breach episodes that overlapped the span; the incidents of the breach
kinds opened in it; and the silences (gaps longer than the plan's interval, the span's
edges included). For many systems at once, in a fixed number of queries (the page asks
for one system and one month, the audit pack for all its systems and its range)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC as utc
from datetime import date, datetime, tzinfo

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    Window,
)
from django.db.models.functions import Lag
from django.utils import timezone

from assurance import choices as c
from assurance.models import BreachEpisode, MetricValue, MonitoringPlan
from core.pack_sections import SectionData
from incidents.models import Incident


@dataclass
class MetricSummary:
    metric: object  # the PlanMetric
    count: int = 0
    least: float | None = None
    most: float | None = None
    mean: float | None = None
    past: int = 0


@dataclass
class Report:
    """One system's report over [start, end)."""

    start: datetime
    end: datetime
    system_id: str = ""
    interval: object = None
    metrics: list[MetricSummary] = field(default_factory=list)
    unknown: list[tuple[str, str, int]] = field(default_factory=list)  # not in the plan
    episodes: list = field(default_factory=list)
    incidents: list = field(default_factory=list)
    silences: list[tuple[datetime, datetime]] = field(default_factory=list)


def month_span(first: date, zone: tzinfo = utc) -> tuple[datetime, datetime]:
    """A calendar month in `zone` (the reader's) as instants [first day, first day of
    the next): the month a reader in Berlin means starts at midnight in Berlin."""
    start = datetime(first.year, first.month, 1, tzinfo=zone)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return start, datetime(following.year, following.month, 1, tzinfo=zone)


def monthly_report(plan: MonitoringPlan, first: date, zone: tzinfo = utc) -> Report:
    start, end = month_span(first, zone)
    return reports_for([plan.system_id], start, end).get(plan.system_id) or Report(start, end)


def reports_for(system_pks: list[int], start: datetime, end: datetime) -> dict[int, Report]:
    """{system pk: Report} for the systems that have a plan: 7 queries, whatever their
    number."""
    plans = list(
        MonitoringPlan.objects.filter(system_id__in=system_pks)
        .select_related("system")
        .prefetch_related("metrics")
    )
    reports = {
        p.system_id: Report(start, end, system_id=p.system.system_id, interval=p.interval)
        for p in plans
    }
    if not plans:
        return reports
    values = MetricValue.objects.filter(
        system_id__in=reports, observed_at__gte=start, observed_at__lt=end
    )
    _summaries(plans, values, reports)
    for episode in (
        BreachEpisode.objects.filter(plan_metric__plan__in=plans, started_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
        .select_related("plan_metric__plan", "incident")
        .order_by("started_at", "id")
    ):
        reports[episode.plan_metric.plan.system_id].episodes.append(episode)
    for incident in Incident.objects.filter(
        system_id__in=reports,
        reported_at__gte=start,
        reported_at__lt=end,
        type__in=c.BreachKind.values,
    ).order_by("reported_at"):
        reports[incident.system_id].incidents.append(incident)
    _silences(plans, values, reports, start, end)
    return reports


def _summaries(plans, values, reports) -> None:
    """Count, least, most and mean per (system, metric, group) (one query) and the
    values past each plan metric's threshold (one query of conditional counts)."""
    stats = {
        (row["system_id"], row["metric"], row["group"]): row
        for row in values.values("system_id", "metric", "group").annotate(
            n=Count("id"), lo=Min("value"), hi=Max("value"), mean=Avg("value")
        )
    }
    counts = {}
    for plan in plans:
        for m in plan.metrics.all():
            side = "value__lt" if m.direction == c.Direction.AT_LEAST else "value__gt"
            where = Q(
                system_id=plan.system_id, metric=m.metric, group=m.group, **{side: m.threshold}
            )
            counts[f"past_{m.pk}"] = Count("id", filter=where)
    past = values.aggregate(**counts) if counts else {}
    for plan in plans:
        report = reports[plan.system_id]
        watched = set()
        for m in plan.metrics.all():
            row = stats.get((plan.system_id, m.metric, m.group))
            watched.add((m.metric, m.group))
            summary = MetricSummary(m, past=past.get(f"past_{m.pk}") or 0)
            if row:
                summary.count, summary.least, summary.most = row["n"], row["lo"], row["hi"]
                summary.mean = row["mean"]
            report.metrics.append(summary)
        report.unknown = sorted(
            (metric, group, row["n"])
            for (pk, metric, group), row in stats.items()
            if pk == plan.system_id and (metric, group) not in watched
        )


def _silences(plans, values, reports, start: datetime, end: datetime) -> None:
    """The gaps longer than each plan's interval between consecutive values (one query:
    a window over the span's values, only the long gaps read back) and at the span's
    edges (one query: each system's first and last value in it)."""
    interval = {p.system_id: p.interval for p in plans}
    # Before its plan a system owed no value: silence counts from the plan on.
    since = {p.system_id: max(start, p.created_at) for p in plans}
    gaps = (
        values.annotate(
            before=Window(
                Lag("observed_at"), partition_by=[F("system_id")], order_by=F("observed_at").asc()
            )
        )
        .annotate(gap=ExpressionWrapper(F("observed_at") - F("before"), DurationField()))
        .filter(gap__gt=min(interval.values()))
        .order_by("system_id", "observed_at")
        .values_list("system_id", "before", "observed_at", "gap")
    )
    for pk, before, at, gap in gaps:
        if gap > interval[pk]:
            reports[pk].silences.append((before, at))
    edges = {
        row["system_id"]: (row["first"], row["last"])
        for row in values.values("system_id").annotate(
            first=Min("observed_at"), last=Max("observed_at")
        )
    }
    now = timezone.now()
    for pk, report in reports.items():
        first, last = edges.get(pk, (None, None))
        if first is None:
            report.silences = [(since[pk], min(end, now))] if since[pk] < min(end, now) else []
            continue
        if first - since[pk] > interval[pk]:
            report.silences.insert(0, (since[pk], first))
        if min(end, now) - last > interval[pk]:
            report.silences.append((last, min(end, now)))


def monitoring_pack_section(system_pks: list[int], span) -> SectionData:
    """The audit pack's monitoring section (core.pack_sections): each system's report
    over the pack's range (up to the export moment), and the portfolio's counts; 7
    queries for any number of systems."""
    reports = reports_for(system_pks, span.start, min(span.end, span.as_of))
    data = SectionData()
    for pk, report in reports.items():
        data.by_system[pk] = {"report": report, "interval": report.interval}
    rows = [
        {
            "system_id": r.system_id,
            "breaches": len(r.episodes),
            "incidents": len(r.incidents),
            "silences": len(r.silences),
        }
        for r in reports.values()
    ]
    data.portfolio = {"rows": sorted(rows, key=lambda r: r["system_id"])}
    return data
