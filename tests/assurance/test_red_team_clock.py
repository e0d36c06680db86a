"""The quarterly red team on the clocks (DOMAIN.md 9, issue 20): a high or critical
system's deadline is due three calendar months after its latest completed exercise
(else its production date, else the day the clock opened); the owner is warned 14 and
3 days before, the board is told once it is missed; completing an exercise meets it and
opens the next. Time-machine tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from assurance.services.exercises import exercise_update
from assurance.services.red_team_clock import RED_TEAM_KIND, months_after
from assurance.tasks import red_team_clocks_open_missing_task
from core.clocks.sweep import deadlines_sweep_run
from core.models import Deadline, Notification
from tests.assurance import exercise_of
from tests.factories import AISystemFactory, people_ops_system

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def open_clocks():
    return Deadline.objects.filter(
        kind=RED_TEAM_KIND, met_at__isnull=True, cancelled_at__isnull=True
    )


def test_calendar_months_end_at_the_end_of_a_shorter_month():
    assert months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert months_after(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert months_after(date(2026, 12, 7), 3) == date(2027, 3, 7)


def test_the_daily_task_opens_one_clock_per_quarterly_system_and_is_safe_twice(personas):
    high = people_ops_system(personas, risk_tier="high")
    critical = AISystemFactory(
        system_id="SYS-002",
        owner_team=personas.people_ops,
        risk_tier="critical",
        deployment_date=date(2026, 10, 31),
    )
    AISystemFactory(system_id="SYS-003", owner_team=personas.people_ops, risk_tier="medium")
    with time_machine.travel(MONDAY, tick=False):
        assert red_team_clocks_open_missing_task() == 2
        assert red_team_clocks_open_missing_task() == 0
    due = {d.subject_id: d.due_at for d in open_clocks()}
    assert due == {
        str(high.pk): datetime(2027, 3, 7, 9, 0, tzinfo=UTC),
        str(critical.pk): datetime(2027, 1, 31, 9, 0, tzinfo=UTC),
    }
    assert {d.owner for d in open_clocks()} == {personas.owner}


def test_a_system_no_longer_quarterly_has_its_clock_cancelled(personas):
    system = people_ops_system(personas, risk_tier="high")
    with time_machine.travel(MONDAY, tick=False):
        red_team_clocks_open_missing_task()
        system.risk_tier = "low"
        system.save(update_fields=["risk_tier"])
        assert red_team_clocks_open_missing_task() == 1
    assert not open_clocks().exists()


def test_completing_an_exercise_meets_the_clock_and_opens_the_next(personas):
    system = people_ops_system(personas, risk_tier="high")
    with time_machine.travel(MONDAY, tick=False):
        red_team_clocks_open_missing_task()
        first = open_clocks().get()
        exercise = exercise_of(personas.safety, system, started_on=date(2026, 11, 16))
        exercise_update(
            actor=personas.safety,
            exercise=exercise,
            data={"status": "completed", "ended_on": date(2026, 11, 30)},
        )
    first.refresh_from_db()
    assert first.met_at is not None
    following = open_clocks().get()
    assert following.due_at == datetime(2027, 2, 28, 9, 0, tzinfo=UTC)


def test_the_owner_is_warned_before_and_the_board_told_when_it_is_missed(personas):
    people_ops_system(personas, risk_tier="high")
    with time_machine.travel(MONDAY, tick=False):
        red_team_clocks_open_missing_task()
    due = open_clocks().get().due_at  # 2027-03-07 09:00 UTC

    def told(person):
        return Notification.objects.filter(recipient=person, subject_type="core.deadline").count()

    with time_machine.travel(due - timedelta(days=14), tick=False):
        deadlines_sweep_run()
    assert told(personas.owner) == 1
    assert told(personas.board) == 0
    with time_machine.travel(due - timedelta(days=3), tick=False):
        deadlines_sweep_run()
    assert told(personas.owner) == 2
    with time_machine.travel(due + timedelta(days=1, minutes=1), tick=False):
        deadlines_sweep_run()
        deadlines_sweep_run()  # a second sweep tells nobody twice
    assert told(personas.board) == 1
    board_note = Notification.objects.get(recipient=personas.board)
    assert "Red-team exercise of SYS-001" in board_note.title
