"""Breach episodes (DOMAIN.md 11): a run of values past a plan metric's threshold.

The first value past opens an episode (one open per metric, a database constraint), the
next ones extend it (values_past, worst_value, the proposed severity from how far past
the worst is), the first value back within ends it. Opening one tells the system's
product owners and the plan's recipients ONCE (each notice has a unique key naming the
episode, and a retried batch stores no new value, so it judges nothing again). Then a
person decides: open the proposed incident (its kind, severity and facts filled in) or
dismiss it with a reason; both audited on the episode.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assurance import choices as c
from assurance.models import BreachEpisode, MonitoringPlan, PlanMetric
from assurance.rules.monitoring import breach_severity, distance_past, is_past, worse
from core.choices import Role
from core.permissions import require
from core.selectors import users_with_role
from core.services import notification_send_each
from core.writes import row_create, row_lock, row_update
from incidents.services.report import incident_report

DECIDE = "assurance.episode.decide"


def breaches_judge(*, plan: MonitoringPlan, values: Sequence) -> int:
    """Judge newly stored values (each with metric, group, value, observed_at) against
    the plan's thresholds, in time order; the number of episodes opened."""
    by_key: dict[tuple[str, str], list] = {}
    for value in values:
        by_key.setdefault((value.metric, value.group), []).append(value)
    metrics = [m for m in plan.metrics.all() if (m.metric, m.group) in by_key]
    if not metrics:
        return 0
    open_now = {
        e.plan_metric_id: e
        for e in BreachEpisode.objects.filter(plan_metric__in=metrics, status=c.EpisodeStatus.OPEN)
    }
    opened = 0
    for metric in metrics:
        run = sorted(by_key[(metric.metric, metric.group)], key=lambda v: v.observed_at)
        opened += _metric_judge(plan, metric, run, open_now.get(metric.pk))
    return opened


def _metric_judge(plan, metric: PlanMetric, run: list, episode: BreachEpisode | None) -> int:
    """Walk one metric's new values; write each episode touched once at the end."""
    opened = 0
    for value in run:
        past = is_past(value=value.value, threshold=metric.threshold, direction=metric.direction)
        if past and episode is None:
            episode = BreachEpisode(
                plan_metric=metric, started_at=value.observed_at, worst_value=value.value
            )
            episode.values_past = 0
        if past:
            episode.values_past += 1
            episode.worst_value = worse(
                a=episode.worst_value, b=value.value, direction=metric.direction
            )
        elif episode is not None and value.observed_at > episode.started_at:
            opened += _episode_write(plan, metric, episode, ended_at=value.observed_at)
            episode = None
    if episode is not None:
        opened += _episode_write(plan, metric, episode, ended_at=None)
    return opened


def _episode_write(plan, metric, episode: BreachEpisode, *, ended_at: datetime | None) -> int:
    """Insert a new episode (and tell), or update the open one; end it when `ended_at`."""
    distance = distance_past(
        value=episode.worst_value, threshold=metric.threshold, direction=metric.direction
    )
    values = {
        "values_past": episode.values_past,
        "worst_value": episode.worst_value,
        "proposed_severity": breach_severity(distance=distance),
    }
    if ended_at is not None:
        values |= {"status": c.EpisodeStatus.ENDED, "ended_at": ended_at}
    if episode.pk is None:
        episode = row_create(
            actor=None,
            model=BreachEpisode,
            # Told in this same transaction, just below.
            values={
                "plan_metric": metric,
                "started_at": episode.started_at,
                "told_at": timezone.now(),
                **values,
            },
            action="breach_episode.opened",
            audit_changes={
                "metric": str(metric),
                "threshold": metric.threshold,
                "started_at": episode.started_at,
                "worst_value": episode.worst_value,
            },
            validate=lambda e: e.full_clean(exclude=["plan_metric", "incident"]),
        )
        _tell(plan, metric, episode)
        return 1
    row_update(
        actor=None,
        obj=episode,
        values=values,
        # An episode's end is audited; its growth within a batch is bookkeeping.
        action="breach_episode.ended" if ended_at is not None else None,
        touch=False,
    )
    return 0


def episode_people(plan: MonitoringPlan) -> list:
    """Who a breach tells: the system's product owners and the plan's recipients."""
    owners = list(users_with_role(Role.PRODUCT_OWNER, team=plan.system.owner_team_id))
    seen = {u.pk for u in owners}
    return owners + [u for u in plan.recipients.filter(is_active=True) if u.pk not in seen]


def _tell(plan: MonitoringPlan, metric: PlanMetric, episode: BreachEpisode) -> None:
    system = plan.system
    side = "below" if metric.direction == c.Direction.AT_LEAST else "above"
    notification_send_each(
        episode_people(plan),
        title=f"{system.system_id}: {metric} {side} its threshold",
        reason="You own the system or its monitoring plan names you",
        body=(
            f"{metric} was {episode.worst_value:g}, {side} the threshold "
            f"{metric.threshold:g}, from {episode.started_at:%Y-%m-%d %H:%M} UTC. "
            f"Proposed: a {episode.proposed_severity} "
            f"{metric.get_breach_kind_display().lower()} incident."
        ),
        link=reverse("assurance:monitoring_detail", args=[system.system_id]) + "#episodes",
        subject=episode,
        dedupe_key=lambda user: f"assurance.breach:{episode.pk}:{user.pk}",
    )


def incident_description(episode: BreachEpisode) -> str:
    """The proposed incident's words: the metric, threshold, worst value and times."""
    metric = episode.plan_metric
    side = "at least" if metric.direction == c.Direction.AT_LEAST else "at most"
    until = (
        f"until {episode.ended_at:%Y-%m-%d %H:%M} UTC"
        if episode.ended_at
        else "and still past it when this was written"
    )
    return (
        f"Post-market monitoring: {metric} must be {side} {metric.threshold:g}. "
        f"{episode.values_past} values were past it from "
        f"{episode.started_at:%Y-%m-%d %H:%M} UTC {until}; the worst was "
        f"{episode.worst_value:g}."
    )


def _undecided(episode: BreachEpisode) -> None:
    if episode.incident_id or episode.dismissed_reason:
        raise ValidationError("This breach was already decided.")


@transaction.atomic
def episode_incident_open(*, actor, episode: BreachEpisode, severity: str = ""):
    """Open the proposed incident (the episode's kind and severity, a description naming
    the metric, threshold, worst value and times) and link it to the episode."""
    row_lock(episode)
    system = episode.plan_metric.plan.system
    require(actor, DECIDE, system)
    _undecided(episode)
    incident = incident_report(
        actor=actor,
        system=system,
        type=episode.plan_metric.breach_kind,
        severity=severity or episode.proposed_severity or "low",
        discovered_at=min(episode.told_at or timezone.now(), timezone.now()),
        title=f"{episode.plan_metric} past its threshold on {system.system_id}",
        description=incident_description(episode),
    )
    row_update(
        actor=actor,
        obj=episode,
        values={"incident": incident},
        action="breach_episode.incident_opened",
        audit_changes={"incident": incident.incident_id},
        touch=False,
    )
    return incident


@transaction.atomic
def episode_dismiss(*, actor, episode: BreachEpisode, reason: str) -> BreachEpisode:
    """No incident for this breach, and why (a known data delay, a test system)."""
    row_lock(episode)
    require(actor, DECIDE, episode.plan_metric.plan.system)
    _undecided(episode)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why no incident is needed."]})
    row_update(
        actor=actor,
        obj=episode,
        values={"dismissed_reason": reason.strip()},
        action="breach_episode.dismissed",
        touch=False,
    )
    return episode
