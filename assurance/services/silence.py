"""Silence as a finding (DOMAIN.md 11): a plan's clock on core's deadlines engine, due
the plan's interval after the latest value. Each batch of values moves it forward once
(not once per value); when it passes, core's sweep tells the system's owner and the
plan's recipients (assurance.contributions registers them), and the monitoring page
says since when the system has been silent."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from assurance.models import MetricValue, MonitoringPlan
from assurance.rules.monitoring import silence_due
from core.choices import Role
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_move, deadline_open
from core.selectors import users_with_role

SILENCE_KIND = "assurance.monitoring_silence"


def plan_owner(plan: MonitoringPlan):
    """Who owns the plan's clock: the first product owner of the system's team, else
    whoever made the plan."""
    return users_with_role(Role.PRODUCT_OWNER, team=plan.system.owner_team_id).first() or (
        plan.created_by
    )


@transaction.atomic
def silence_start(*, plan: MonitoringPlan, since: datetime, actor=None):
    """Open the plan's silence clock: the first value is due an interval after `since`."""
    system = plan.system
    return deadline_open(
        actor=actor,
        subject=plan,
        kind=SILENCE_KIND,
        label=f"The next monitoring value from {system.system_id}",
        due_at=silence_due(last_value_at=since, interval=plan.interval),
        owner=plan_owner(plan),
        link=reverse("assurance:monitoring_detail", args=[system.system_id]),
    )


@transaction.atomic
def silence_push(*, plan: MonitoringPlan, latest_at: datetime) -> None:
    """A batch arrived whose latest value was observed at `latest_at`: the clock is due
    an interval after it, if that is later than now due. One update, not audited (the
    batch is the machine's, not a person's act)."""
    due = silence_due(last_value_at=latest_at, interval=plan.interval)
    deadline = deadline_open_for(subject=plan, kind=SILENCE_KIND)
    if deadline is None:
        silence_start(plan=plan, since=latest_at)
    elif due > deadline.due_at:
        deadline_move(actor=None, deadline=deadline, due_at=due, audited=False)


@transaction.atomic
def silence_interval_changed(*, actor, plan: MonitoringPlan) -> None:
    """The plan's interval changed: its clock is due the new interval after the latest
    value (or after the plan's start, when none came yet), so the countdown the pages
    show is true now rather than after the next batch. A person's act: audited."""
    deadline = deadline_open_for(subject=plan, kind=SILENCE_KIND)
    if deadline is None:
        return
    latest = MetricValue.objects.filter(system=plan.system).aggregate(at=Max("observed_at"))["at"]
    due = silence_due(last_value_at=latest or plan.created_at, interval=plan.interval)
    if due != deadline.due_at:
        deadline_move(actor=actor, deadline=deadline, due_at=due)


def silence_recipients(deadline, threshold):
    """The plan's recipients are told of silence too (core.clocks.recipients); read only."""
    from core.clocks.recipients import Recipient

    plan = MonitoringPlan.objects.filter(pk=deadline.subject_id).first()
    if plan is None:
        return []
    why = "the monitoring plan names you"
    return [Recipient(user, why) for user in plan.recipients.filter(is_active=True)]
