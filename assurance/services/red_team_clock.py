"""The quarterly red team on core's clocks (DOMAIN.md 9, issue 20): every high and
critical system in use has a deadline (kind "assurance.red_team_due") due three
calendar months after its latest completed exercise ended (or after it went into
production, or from the day the clock opened when neither is known). Its owner (a
product owner of the owning team) is warned 14 and 3 days before; the day after a
missed one the board is told (the clocks' escalation). Completing an exercise meets the
open deadline of each of its systems and opens the next.

No tier-change contribution point exists (core.category_listeners is the EU AI Act
category, not the tier), so a system that becomes high tier gets its clock from the
daily task red_team_clocks_open_missing (safe to run twice: one open per system).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assurance.choices import ExerciseStatus
from assurance.models import Exercise
from core.choices import Role
from core.clocks.rules import day_due_at
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_cancel, deadline_meet, deadline_open
from core.models import Deadline
from registry.models import AISystem
from registry.services.reviews import review_owner

RED_TEAM_KIND = "assurance.red_team_due"
RED_TEAM_KIND_LABEL = "Quarterly red-team exercise"
QUARTERLY_TIERS = ("high", "critical")
RED_TEAM_MONTHS = 3
WARN_BEFORE = (timedelta(days=14), timedelta(days=3))
ESCALATE_AFTER = timedelta(days=1)  # missed: the board hears of it the next day
RETIRED = ("deprecated", "decommissioned")


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def needs_red_team(system: AISystem) -> bool:
    return system.risk_tier in QUARTERLY_TIERS and system.lifecycle_stage not in RETIRED


def last_completed_end(system: AISystem) -> date | None:
    return (
        Exercise.objects.filter(systems=system, status=ExerciseStatus.COMPLETED)
        .exclude(ended_on__isnull=True)
        .order_by("-ended_on")
        .values_list("ended_on", flat=True)
        .first()
    )


def red_team_due_on(system: AISystem, *, today: date) -> date:
    """Three months after the latest completed exercise, else after the production
    date, else after today."""
    start = last_completed_end(system) or system.deployment_date or today
    return months_after(start, RED_TEAM_MONTHS)


def _open(*, actor, system: AISystem, today: date) -> Deadline | None:
    owner = review_owner(system, actor)
    if owner is None:
        return None
    return deadline_open(
        actor=actor,
        subject=system,
        kind=RED_TEAM_KIND,
        label=f"Red-team exercise of {system.system_id} {system.name}",
        due_at=day_due_at(red_team_due_on(system, today=today)),
        owner=owner,
        warn_before=WARN_BEFORE,
        escalate_after=ESCALATE_AFTER,
        escalation_role=Role.BOARD,
        link=reverse("assurance:exercise_list") + f"?system={system.system_id}",
    )


@transaction.atomic
def red_team_clock_after_exercise(*, actor, exercise: Exercise) -> list[Deadline]:
    """`exercise` completed: for each of its quarterly systems meet the open deadline
    and open the next, three months after the latest completed exercise."""
    today = timezone.localdate()
    opened = []
    for system in exercise.systems.all().order_by("system_id"):
        current = deadline_open_for(subject=system, kind=RED_TEAM_KIND)
        if current is not None:
            due = day_due_at(red_team_due_on(system, today=today))
            if current.due_at == due:
                continue  # an edit of a completed exercise that moved nothing
            deadline_meet(actor=actor, deadline=current)
        if needs_red_team(system) and (deadline := _open(actor=actor, system=system, today=today)):
            opened.append(deadline)
    return opened


@transaction.atomic
def red_team_clocks_open_missing(*, today: date | None = None) -> int:
    """Open the clock of each quarterly system without one and cancel the clock of a
    system no longer quarterly (the daily task; run twice, it opens nothing twice)."""
    today = today or timezone.localdate()
    changed = 0
    open_ids = set(
        Deadline.objects.filter(
            kind=RED_TEAM_KIND, met_at__isnull=True, cancelled_at__isnull=True
        ).values_list("subject_id", flat=True)
    )
    systems = AISystem.objects.filter(risk_tier__in=QUARTERLY_TIERS).exclude(
        lifecycle_stage__in=RETIRED
    )
    for system in systems.order_by("system_id"):
        if str(system.pk) not in open_ids and _open(actor=None, system=system, today=today):
            changed += 1
    wanted = {str(pk) for pk in systems.values_list("pk", flat=True)}
    for stale in Deadline.objects.filter(
        kind=RED_TEAM_KIND, met_at__isnull=True, cancelled_at__isnull=True
    ).exclude(subject_id__in=wanted):
        deadline_cancel(actor=None, deadline=stale, reason="The system no longer needs one.")
        changed += 1
    return changed
