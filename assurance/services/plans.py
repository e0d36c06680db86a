"""Writes of a system's monitoring plan (DOMAIN.md 11): its interval, who is told and
its metrics with their thresholds. Saving a plan starts its silence clock (a value must
arrive within the interval); every change is audited on the plan."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assurance import choices as c
from assurance.models import MonitoringPlan, PlanMetric
from assurance.services.silence import silence_interval_changed, silence_start
from core.permissions import require
from core.writes import row_create, row_delete, row_lock, row_update
from registry.models import AISystem

MANAGE = "assurance.plan.manage"
MAX_METRICS = 100
METRIC_FIELDS = ("direction", "threshold", "breach_kind", "card_metric")


@transaction.atomic
def plan_save(
    *,
    actor,
    system: AISystem,
    interval: timedelta,
    metrics: Iterable[Mapping],
    recipients: Iterable = (),
    notes: str = "",
) -> MonitoringPlan:
    """Create the system's plan or change it. `metrics` is the whole list wanted: each
    {metric, group, direction, threshold, breach_kind, card_metric}; a metric missing
    from it is taken off the plan (with its episodes), one named twice is refused."""
    require(actor, MANAGE, system)
    metrics = [_metric_values(m) for m in metrics]
    problems = _metric_problems(metrics)
    plan = MonitoringPlan.objects.filter(system=system).first()
    values = {"interval": interval, "notes": notes}
    if plan is None:
        plan = row_create(
            actor=actor,
            model=MonitoringPlan,
            values={"system": system, "created_by": actor, **values},
            action="monitoring_plan.created",
            audit_changes={"system": system.system_id, "interval": interval},
            validate=lambda p: p.full_clean(exclude=["system", "created_by"]),
            refused=problems,
        )
        silence_start(plan=plan, since=timezone.now())
    else:
        row_lock(plan)
        interval_before = plan.interval
        row_update(
            actor=actor,
            obj=plan,
            values=values,
            action="monitoring_plan.updated",
            refused=problems,
        )
        if plan.interval != interval_before:
            silence_interval_changed(actor=actor, plan=plan)
    plan.recipients.set(list(recipients))
    _metrics_replace(actor, plan, metrics)
    return plan


def _metric_values(raw: Mapping) -> dict:
    return {
        "metric": str(raw.get("metric") or "").strip(),
        "group": str(raw.get("group") or "").strip(),
        "direction": raw.get("direction") or "",
        "threshold": raw.get("threshold"),
        "breach_kind": raw.get("breach_kind") or c.BreachKind.PERFORMANCE_REGRESSION,
        "card_metric": str(raw.get("card_metric") or "")[:200],
    }


def _metric_problems(metrics: list[dict]) -> dict[str, str]:
    """Every problem of the list at once, named by its row (metrics[2].threshold)."""
    problems: dict[str, str] = {}
    if len(metrics) > MAX_METRICS:
        problems["metrics"] = f"At most {MAX_METRICS} metrics in a plan."
    seen = set()
    for i, m in enumerate(metrics):
        where = f"metrics[{i}]"
        if not m["metric"] or len(m["metric"]) > 80:
            problems[f"{where}.metric"] = "Name the metric (at most 80 characters)."
        if len(m["group"]) > 80:
            problems[f"{where}.group"] = "At most 80 characters."
        if m["direction"] not in c.Direction.values:
            problems[f"{where}.direction"] = "Choose at_least or at_most."
        if not isinstance(m["threshold"], int | float) or m["threshold"] != m["threshold"]:
            problems[f"{where}.threshold"] = "Give the threshold as a number."
        if m["breach_kind"] not in c.BreachKind.values:
            problems[f"{where}.breach_kind"] = "Choose performance_regression or bias_harm."
        key = (m["metric"], m["group"])
        if key in seen:
            problems[f"{where}.metric"] = f"{m['metric']} ({m['group'] or 'overall'}) is twice."
        seen.add(key)
    return problems


def _metrics_replace(actor, plan: MonitoringPlan, metrics: list[dict]) -> None:
    """Add, change and take off metrics so the plan holds exactly `metrics`."""
    current = {(m.metric, m.group): m for m in plan.metrics.all()}
    wanted = {(m["metric"], m["group"]): m for m in metrics}
    for key, row in current.items():
        if key not in wanted:
            row_delete(
                actor=actor,
                obj=row,
                action="plan_metric.removed",
                audit_on=plan,
                audit_changes={"metric": str(row)},
            )
    for key, values in wanted.items():
        row = current.get(key)
        if row is None:
            row_create(
                actor=actor,
                model=PlanMetric,
                values={"plan": plan, **values},
                action="plan_metric.added",
                audit_on=plan,
                validate=lambda m: m.full_clean(exclude=["plan"], validate_constraints=False),
            )
        else:
            row_update(
                actor=actor,
                obj=row,
                values={name: values[name] for name in METRIC_FIELDS},
                action="plan_metric.changed",
                audit_on=plan,
                audit_extra={"metric": str(row)},
            )
