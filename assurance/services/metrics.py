"""Ingestion of the values a monitored system pushes (DOMAIN.md 11, issue 20 section 2).

A batch of up to MAX_BATCH {metric, value, group, observed_at} is checked whole (a 400
naming `values[i].field`, nothing stored), then inserted in ONE statement that skips the
values already stored (INSERT .. SELECT FROM unnest(..) ON CONFLICT DO NOTHING
RETURNING): a retried batch stores nothing twice, and only the values stored now are
judged against the plan's thresholds (assurance.services.breaches), so a retry never
extends an episode or tells anyone again. The silence clock moves once per batch.

Decisions:
- A metric the plan does not watch is stored (the plan may gain it later and its history
  is then there) but judged against nothing; the answer lists it under `unknown`.
- No audit event per value or per batch: the values are the system's measurements, not
  a person's act, and at a thousand values a second they would drown the trail. What is
  audited is what people and the portal decide on them: plan edits, breach episodes
  opened and ended, incidents opened or dismissed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from assurance.models import MetricValue, MonitoringPlan
from assurance.services.breaches import breaches_judge
from assurance.services.silence import silence_push
from core.control_characters import control_character_message
from core.permissions import require
from registry.models import AISystem

PUSH = "assurance.metrics.push"
MAX_BATCH = 5_000
NAME_LIMIT = 80
FUTURE_SLACK = timedelta(minutes=10)  # clocks drift; a value from next week does not


@dataclass(frozen=True)
class Value:
    metric: str
    group: str
    value: float
    observed_at: datetime


@dataclass
class Ingested:
    """What a batch did: values stored now, values already stored, metrics not in the
    plan (stored, judged against nothing), episodes opened."""

    stored: int = 0
    duplicates: int = 0
    unknown: list[str] = field(default_factory=list)
    episodes_opened: int = 0


def values_read(raw, *, now: datetime) -> list[Value]:
    """The batch as values, or a ValidationError naming each bad `values[i].field`."""
    if not isinstance(raw, list) or not raw:
        raise ValidationError({"values": ["Send a non-empty list of values."]})
    if len(raw) > MAX_BATCH:
        raise ValidationError({"values": [f"At most {MAX_BATCH} values in one batch."]})
    problems: dict[str, list[str]] = {}
    values = []
    for i, item in enumerate(raw):
        value = _value_read(item, f"values[{i}]", now, problems)
        if value is not None:
            values.append(value)
        if len(problems) >= 20:  # enough to fix the sender; the rest are likely the same
            break
    if problems:
        raise ValidationError(problems)
    return values


def _value_read(item, where: str, now: datetime, problems: dict) -> Value | None:
    if not isinstance(item, dict):
        problems[where] = ["Must be an object {metric, value, group, observed_at}."]
        return None
    extra = set(item) - {"metric", "value", "group", "observed_at"}
    if extra:
        problems[f"{where}.{sorted(extra)[0]}"] = ["Unknown field."]
    metric, group = item.get("metric"), item.get("group", "")
    if not isinstance(metric, str) or not metric.strip() or len(metric) > NAME_LIMIT:
        problems[f"{where}.metric"] = [f"Name the metric (1 to {NAME_LIMIT} characters)."]
    elif refused := control_character_message(metric):
        problems[f"{where}.metric"] = [refused]
    if not isinstance(group, str) or len(group) > NAME_LIMIT:
        problems[f"{where}.group"] = [f"At most {NAME_LIMIT} characters; '' for overall."]
    elif refused := control_character_message(group):
        problems[f"{where}.group"] = [refused]
    value = item.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems[f"{where}.value"] = ["Give a finite number."]
    observed_at = _moment(item.get("observed_at"))
    if observed_at is None:
        problems[f"{where}.observed_at"] = ["Give an ISO 8601 time with its zone."]
    elif observed_at > now + FUTURE_SLACK:
        problems[f"{where}.observed_at"] = ["Is in the future."]
    if any(key.startswith(where) for key in problems):
        return None
    return Value(metric.strip(), group.strip(), float(value), observed_at)


def _moment(raw) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


@transaction.atomic
def metrics_ingest(
    *, actor, system: AISystem, values: Sequence[Value], by_scoped_token: bool = False
) -> Ingested:
    """Store a checked batch for `system` and judge the new values. The caller is a
    person who may push for the system, or the system's own monitoring token (the view
    has checked that the token is for this system: `by_scoped_token`)."""
    if not by_scoped_token:
        require(actor, PUSH, system)
    plan = (
        MonitoringPlan.objects.select_related("system")
        .prefetch_related("metrics")
        # One batch at a time per plan: episodes and the clock are judged in order.
        .select_for_update(of=("self",))
        .filter(system=system)
        .first()
    )
    new = _insert(system, values)
    result = Ingested(stored=len(new), duplicates=len(values) - len(new))
    if plan is None:
        result.unknown = sorted({_name(v) for v in values})
        return result
    watched = {(m.metric, m.group) for m in plan.metrics.all()}
    result.unknown = sorted({_name(v) for v in values if (v.metric, v.group) not in watched})
    if new:
        result.episodes_opened = breaches_judge(plan=plan, values=new)
        silence_push(plan=plan, latest_at=max(v.observed_at for v in new))
    return result


def _name(value: Value) -> str:
    return f"{value.metric} ({value.group})" if value.group else value.metric


INSERT = f"""
INSERT INTO {MetricValue._meta.db_table}
    (system_id, metric, "group", value, observed_at, received_at)
SELECT %s, m, g, v, o, %s
FROM unnest(%s::text[], %s::text[], %s::float8[], %s::timestamptz[]) AS t(m, g, v, o)
ON CONFLICT (system_id, metric, "group", observed_at) DO NOTHING
RETURNING metric, "group", value, observed_at
"""


def _insert(system: AISystem, values: Sequence[Value]) -> list[Value]:
    """Insert the batch in one statement; the values actually stored (not those already
    there, nor a value repeated within the batch)."""
    params = [
        system.pk,
        timezone.now(),
        [v.metric for v in values],
        [v.group for v in values],
        [v.value for v in values],
        [v.observed_at for v in values],
    ]
    with connection.cursor() as cursor:
        cursor.execute(INSERT, params)
        rows = cursor.fetchall()
    return [Value(*row) for row in rows]
