"""The portal's own metrics, computed when /metrics is scraped (never on a timer).

Each figure is a fixed number of indexed queries or Redis reads, whatever the size:
- aigov_sweep_lag_seconds: how long the oldest crossed, unalerted deadline threshold
  has waited (the sweep's own query, core.clocks.sweep.deadlines_crossed); 0 when none;
- aigov_deadlines_open / aigov_deadlines_breached, by kind;
- aigov_celery_queue_length, by queue (LLEN of the broker's list for each queue);
- aigov_pack_render_seconds (histogram) and aigov_pack_render_failures_total: written
  by the export worker into Redis (a worker is another process: a histogram held in
  its memory would never reach the web process that answers the scrape);
- aigov_audit_events_total (the chain's last sequence number) and
  aigov_audit_events_per_minute over the last 1 and 5 minutes;
- whatever the apps register as metric sources (vendors: questionnaire links open),
  since core names no app (DESIGN.md 1).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)

from core.operations.broker import queue_lengths

logger = logging.getLogger("aigov.operations")

# Seconds; a pack of a few pages takes seconds, the largest portfolio pack minutes.
PACK_RENDER_BUCKETS = (1, 2, 5, 10, 20, 30, 60, 120, 300, 600)
PACK_RENDER_KEY = "operations:pack-render:"


@dataclass(frozen=True)
class MetricSource:
    """A gauge an app contributes: `read(now)` returns its value in a fixed number of
    queries."""

    name: str
    documentation: str
    read: Callable[[datetime], float]


_sources: dict[str, MetricSource] = {}


def register_metric_source(source: MetricSource) -> None:
    """Called from an app's contributions (once per name)."""
    _sources.setdefault(source.name, source)


def pack_render_observe(seconds: float) -> None:
    """One audit pack was rendered in `seconds` (called by the worker that built it)."""
    keys = [f"{PACK_RENDER_KEY}le:{b}" for b in PACK_RENDER_BUCKETS if seconds <= b]
    for key in [*keys, f"{PACK_RENDER_KEY}count"]:
        _incr(key, 1)
    _incr(f"{PACK_RENDER_KEY}sum_ms", round(seconds * 1000))


def pack_render_failed() -> None:
    """One audit pack's render failed."""
    _incr(f"{PACK_RENDER_KEY}failures", 1)


def _incr(key: str, delta: int) -> None:
    """Best effort: a pack is not failed because Redis missed one of its figures."""
    try:
        cache.add(key, 0, timeout=None)  # incr needs the key; add never overwrites
        cache.incr(key, delta)
    except Exception:
        logger.warning("A pack render figure was not counted", exc_info=True)


class PortalCollector:
    """Collected on each scrape of /metrics (core.views.metrics), not registered globally."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        yield from _deadline_metrics(now)
        yield from _audit_metrics(now)
        for source in _sources.values():
            yield GaugeMetricFamily(source.name, source.documentation, value=source.read(now))
        yield from _redis_metrics()


def _deadline_metrics(now: datetime) -> Iterator[Metric]:
    from core.clocks.sweep import deadlines_crossed
    from core.models import Deadline

    oldest = deadlines_crossed(now).aggregate(oldest=Min("next_alert_at"))["oldest"]
    lag = max((now - oldest).total_seconds(), 0.0) if oldest else 0.0
    yield GaugeMetricFamily(
        "aigov_sweep_lag_seconds",
        "Seconds the oldest crossed deadline threshold has waited for its alert (0: none).",
        value=lag,
    )
    rows = (
        Deadline.objects.filter(met_at__isnull=True, cancelled_at__isnull=True)
        .values("kind")
        .annotate(open=Count("pk"), breached=Count("pk", filter=Q(due_at__lt=now)))
        .order_by("kind")
    )
    opened = GaugeMetricFamily("aigov_deadlines_open", "Open deadlines.", labels=["kind"])
    breached = GaugeMetricFamily(
        "aigov_deadlines_breached", "Open deadlines past their due time.", labels=["kind"]
    )
    for row in rows:
        opened.add_metric([row["kind"]], row["open"])
        breached.add_metric([row["kind"]], row["breached"])
    yield from (opened, breached)


def _audit_metrics(now: datetime) -> Iterator[Metric]:
    from core.models import AuditEvent

    last = AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0
    yield CounterMetricFamily(
        "aigov_audit_events", "Audit events recorded (the chain's last sequence).", value=last
    )
    recent = AuditEvent.objects.filter(at__gte=now - timedelta(minutes=5)).aggregate(
        five=Count("pk"), one=Count("pk", filter=Q(at__gte=now - timedelta(minutes=1)))
    )
    rate = GaugeMetricFamily(
        "aigov_audit_events_per_minute",
        "Audit events a minute, over the last 1 and 5 minutes.",
        labels=["window"],
    )
    rate.add_metric(["1m"], recent["one"])
    rate.add_metric(["5m"], recent["five"] / 5)
    yield rate


def _redis_metrics() -> Iterator[Metric]:
    """Queue lengths and pack renders; nothing from Redis while it is down (/healthz
    names that), rather than no metrics at all."""
    try:
        lengths = queue_lengths(celery_queues())
        renders = cache.get_many(_pack_render_keys())
    except Exception:
        logger.warning("Redis did not answer the metrics scrape", exc_info=True)
        return
    queues = GaugeMetricFamily(
        "aigov_celery_queue_length", "Tasks waiting in each Celery queue.", labels=["queue"]
    )
    for name, length in lengths.items():
        queues.add_metric([name], length)
    yield queues
    yield from _pack_render_metrics(renders)


def celery_queues() -> list[str]:
    """The default queue, the audit packs' queue and every queue a route names."""
    routes = getattr(settings, "CELERY_TASK_ROUTES", None) or {}
    routed = [r.get("queue") for r in routes.values()] if isinstance(routes, dict) else []
    names = [settings.CELERY_TASK_DEFAULT_QUEUE, settings.PACK_EXPORT_QUEUE, *routed]
    return list(dict.fromkeys(n for n in names if n))


def _pack_render_keys() -> list[str]:
    fixed = ["count", "sum_ms", "failures"]
    return [f"{PACK_RENDER_KEY}{k}" for k in fixed] + [
        f"{PACK_RENDER_KEY}le:{b}" for b in PACK_RENDER_BUCKETS
    ]


def _pack_render_metrics(found: dict) -> Iterator[Metric]:
    def got(name: str) -> int:
        return int(found.get(f"{PACK_RENDER_KEY}{name}", 0))

    buckets = [(str(float(b)), got(f"le:{b}")) for b in PACK_RENDER_BUCKETS]
    yield HistogramMetricFamily(
        "aigov_pack_render_seconds",
        "Time to render an audit pack (in the export worker).",
        buckets=[*buckets, ("+Inf", got("count"))],
        sum_value=got("sum_ms") / 1000,
    )
    yield CounterMetricFamily(
        "aigov_pack_render_failures", "Audit pack renders that failed.", value=got("failures")
    )
