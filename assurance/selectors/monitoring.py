"""Reads of post-market monitoring (DOMAIN.md 11): the list of plans (and the systems
that need one), one plan with its values, episodes and silence, the stored values by
range, and the approved model card's metrics offered as the plan's thresholds. Each in
a fixed number of queries."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import CharField, Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse

from assurance import choices as c
from assurance.models import BreachEpisode, MetricValue, MonitoringPlan
from assurance.services.silence import SILENCE_KIND
from cards.choices import CardVersionStatus
from cards.models import ModelCardVersion
from core.evidence_kinds import Found, FoundEvidence
from core.gate_artifact_sources import ArtifactRecord
from core.models import Deadline
from registry.choices import LifecycleStage, RiskTier
from registry.models import AISystem
from registry.selectors.systems import systems_visible_to

NEEDS_PLAN_TIERS = (RiskTier.HIGH, RiskTier.CRITICAL)
CHART_WINDOW = timedelta(days=30)
CHART_LIMIT = 5_000  # values read for one page's charts


def _silence_deadline(**extra):
    return Deadline.objects.filter(
        subject_type__app_label="assurance",
        subject_type__model="monitoringplan",
        kind=SILENCE_KIND,
        met_at__isnull=True,
        cancelled_at__isnull=True,
        **extra,
    )


def _latest(field: str):
    rows = MetricValue.objects.filter(system=OuterRef("system")).order_by("-observed_at", "-id")
    return Subquery(rows.values(field)[:1])


def plans_visible_to(user) -> QuerySet[MonitoringPlan]:
    """The plans of the systems the user may see, each with its latest value, its open
    episodes and when its silence clock is due: one query."""
    due = _silence_deadline(subject_id=Cast(OuterRef("pk"), CharField())).values("due_at")[:1]
    return (
        MonitoringPlan.objects.filter(system__in=systems_visible_to(user).values("pk"))
        .select_related("system__owner_team")
        .annotate(
            last_at=_latest("observed_at"),
            last_metric=_latest("metric"),
            last_group=_latest("group"),
            last_value=_latest("value"),
            silence_due_at=Subquery(due),
            open_breaches=Count(
                "metrics__episodes", filter=Q(metrics__episodes__status=c.EpisodeStatus.OPEN)
            ),
        )
        .order_by("system__system_id")
    )


def systems_needing_plan(user) -> QuerySet[AISystem]:
    """High and critical systems in production without a plan (DOMAIN.md 11): one query."""
    return (
        systems_visible_to(user)
        .filter(
            risk_tier__in=NEEDS_PLAN_TIERS,
            lifecycle_stage=LifecycleStage.PRODUCTION,
            monitoring_plan__isnull=True,
        )
        .order_by("system_id")
    )


def plan_of(system: AISystem) -> MonitoringPlan | None:
    """The system's plan with its metrics and recipients (3 queries), or None."""
    plan = (
        MonitoringPlan.objects.filter(system=system)
        .select_related("system__owner_team")
        .prefetch_related("metrics", "recipients")
        .first()
    )
    return plan


@dataclass(frozen=True)
class Silence:
    """The plan's silence clock: due when, and whether it has passed at `now`."""

    due_at: datetime | None
    last_at: datetime | None
    silent: bool


def silence_of(plan: MonitoringPlan, now: datetime) -> Silence:
    deadline = _silence_deadline(subject_id=str(plan.pk)).first()
    last = MetricValue.objects.filter(system_id=plan.system_id).order_by("-observed_at").first()
    due = deadline.due_at if deadline else None
    return Silence(due, last.observed_at if last else None, bool(due and due <= now))


def chart_values(plan: MonitoringPlan, now: datetime) -> dict[tuple[str, str], list]:
    """The last CHART_WINDOW of the plan's values, by (metric, group), oldest first."""
    rows = (
        MetricValue.objects.filter(system_id=plan.system_id, observed_at__gte=now - CHART_WINDOW)
        .order_by("-observed_at")
        .values_list("metric", "group", "observed_at", "value")[:CHART_LIMIT]
    )
    found: dict[tuple[str, str], list] = {}
    for metric, group, at, value in reversed(list(rows)):
        found.setdefault((metric, group), []).append((at, value))
    return found


def episodes_of(plan: MonitoringPlan, limit: int = 50) -> list[BreachEpisode]:
    return list(
        BreachEpisode.objects.filter(plan_metric__plan=plan)
        .select_related("plan_metric", "incident")
        .order_by("-started_at", "-id")[:limit]
    )


def open_breaches_of(plan: MonitoringPlan) -> int:
    return BreachEpisode.objects.filter(plan_metric__plan=plan, status=c.EpisodeStatus.OPEN).count()


def episode_get_for(user, system: AISystem, pk: int) -> BreachEpisode:
    """One episode of the system's plan (the caller has the visible system); else 404."""
    episode = (
        BreachEpisode.objects.filter(pk=pk, plan_metric__plan__system=system)
        .select_related("plan_metric__plan__system")
        .first()
    )
    if episode is None:
        raise Http404("No such breach episode.")
    return episode


def values_in_range(system: AISystem, *, metric="", group=None, start=None, end=None):
    """A system's stored values, oldest first, narrowed as asked (the API's GET)."""
    rows = MetricValue.objects.filter(system=system)
    if metric:
        rows = rows.filter(metric=metric)
    if group is not None:
        rows = rows.filter(group=group)
    if start is not None:
        rows = rows.filter(observed_at__gte=start)
    if end is not None:
        rows = rows.filter(observed_at__lt=end)
    return rows.order_by("observed_at", "id")


def card_metric_suggestions(system: AISystem) -> list[dict]:
    """The metrics with a threshold in the approved version of each of the system's
    model cards, as plan metrics the owner may confirm (one query)."""
    versions = ModelCardVersion.objects.filter(
        card__model__system=system, status=CardVersionStatus.APPROVED
    ).select_related("card__model")
    found = []
    for version in versions:
        for raw in (version.content or {}).get("performance", {}).get("metrics", []):
            if raw.get("threshold") is None or raw.get("direction") not in c.Direction.values:
                continue
            found.append(
                {
                    "metric": str(raw.get("name", ""))[:80],
                    "group": str(raw.get("group") or "")[:80],
                    "direction": raw["direction"],
                    "threshold": raw["threshold"],
                    "breach_kind": c.BreachKind.BIAS_HARM
                    if raw.get("group")
                    else c.BreachKind.PERFORMANCE_REGRESSION,
                    "card_metric": f"{version.card.model.name} v{version.number}: "
                    f"{raw.get('name', '')}"[:200],
                }
            )
    return found


# --- the plan as evidence (core.evidence_kinds) and as a gate artifact --------------


def plan_fingerprint(plan: MonitoringPlan) -> str:
    """SHA-256 of the plan's terms (interval, metrics and thresholds): a changed plan is
    new evidence, sent back to review."""
    terms = {
        "interval": plan.interval.total_seconds(),
        "metrics": sorted(
            [m.metric, m.group, m.direction, m.threshold, m.breach_kind] for m in plan.metrics.all()
        ),
    }
    return hashlib.sha256(json.dumps(terms, sort_keys=True).encode()).hexdigest()


def _plan_label(plan: MonitoringPlan) -> str:
    count = len(plan.metrics.all())
    return (
        f"Monitoring plan: {count} metric{'s' if count != 1 else ''}, values every {plan.interval}"
    )


def monitoring_plans_found(system_pks: list[int], details: set[str], _today) -> Found:
    """Each system's monitoring plan, whatever the detail asked (2 queries)."""
    plans = MonitoringPlan.objects.filter(system_id__in=system_pks).select_related("system")
    found: Found = {}
    for plan in plans.prefetch_related("metrics"):
        item = FoundEvidence(
            record_type="assurance.monitoringplan",
            record_id=str(plan.pk),
            label=_plan_label(plan),
            fingerprint=plan_fingerprint(plan),
            url=reverse("assurance:monitoring_detail", args=[plan.system.system_id]),
        )
        for detail in details or {""}:
            found[(plan.system_id, detail)] = [item]
    return found


def monitoring_plan_produce_url(system_id: str) -> str:
    return reverse("assurance:monitoring_detail", args=[system_id])


def plan_artifact(system, record_id: int | None = None) -> ArtifactRecord | None:
    """The system's plan as the production gate's "monitoring-and-alerting-setup"."""
    plan = MonitoringPlan.objects.filter(system=system).prefetch_related("metrics").first()
    if plan is None or (record_id is not None and plan.pk != record_id):
        return None
    return ArtifactRecord(plan.pk, _plan_label(plan), plan_fingerprint(plan))


def plan_artifacts_linkable(system) -> list[ArtifactRecord]:
    record = plan_artifact(system)
    return [record] if record else []
