"""Silence as a finding (issue 20 must-show): no value for longer than the plan's
interval reaches the owner through core's deadline sweep; each batch moves the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from assurance.services.silence import SILENCE_KIND
from core.clocks.sweep import deadlines_sweep_run
from core.models import Deadline, Notification
from tests.assurance.test_metrics import T0, batch, planned_system, push, signed_in

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


def sweep_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return deadlines_sweep_run()


def silence_notices(user):
    return list(Notification.objects.filter(recipient=user, title__contains="monitoring value"))


def test_silence_past_the_interval_is_a_finding_told_to_the_owner(personas):
    system = planned_system(personas)  # interval 1 hour, plan written at T0
    push(personas, system, batch([0.95, 0.96], start=T0), at=T0 + timedelta(minutes=2))
    deadline = Deadline.objects.get(kind=SILENCE_KIND)
    assert deadline.due_at == T0 + timedelta(minutes=1) + HOUR  # the latest value + interval
    assert sweep_at(T0 + HOUR) == 0  # within the interval: nothing
    assert silence_notices(personas.owner) == []
    assert sweep_at(T0 + HOUR + timedelta(minutes=2)) == 1
    [notice] = silence_notices(personas.owner)
    assert notice.title == "The next monitoring value from SYS-001 is due now"
    assert len(silence_notices(personas.safety)) == 1  # the plan's recipient
    assert sweep_at(T0 + 3 * HOUR) == 0  # told once, not at every sweep
    with time_machine.travel(T0 + 3 * HOUR, tick=False):
        page = signed_in(personas.auditor).get(
            reverse("assurance:monitoring_detail", args=["SYS-001"])
        )
        listing = signed_in(personas.auditor).get(reverse("assurance:monitoring_list"))
    assert "Silent since 2026-12-01" in page.content.decode()
    assert "Silent since 2026-12-01" in listing.content.decode()


def test_each_batch_moves_the_clock_once_so_a_steady_system_is_never_silent(personas):
    system = planned_system(personas)
    for hour in range(5):
        start = T0 + hour * HOUR
        push(personas, system, batch([0.95] * 30, start=start), at=start + timedelta(minutes=30))
        assert sweep_at(start + timedelta(minutes=59)) == 0
    deadline = Deadline.objects.get(kind=SILENCE_KIND)
    assert deadline.due_at == T0 + 4 * HOUR + timedelta(minutes=29) + HOUR
    assert silence_notices(personas.owner) == []


def test_a_system_that_never_sends_is_silent_an_interval_after_the_plan(personas):
    planned_system(personas)
    assert sweep_at(T0 + HOUR) == 1
    assert len(silence_notices(personas.owner)) == 1


def test_values_after_a_silence_start_the_clock_again(personas):
    system = planned_system(personas)
    sweep_at(T0 + HOUR)
    push(personas, system, batch([0.95], start=T0 + 2 * HOUR), at=T0 + 2 * HOUR)
    assert sweep_at(T0 + 2 * HOUR + timedelta(minutes=30)) == 0
    assert sweep_at(T0 + 3 * HOUR) == 1
    assert len(silence_notices(personas.owner)) == 2


def test_a_new_interval_moves_the_clock_at_once(personas):
    """The countdown is true when the plan changes, not only after the next batch."""
    from assurance.models import MonitoringPlan
    from assurance.services.plans import plan_save
    from core.models import AuditEvent
    from tests.assurance.test_metrics import ACCURACY

    system = planned_system(personas)
    push(personas, system, batch([0.95], start=T0), at=T0 + timedelta(minutes=2))
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        plan_save(actor=personas.owner, system=system, interval=4 * HOUR, metrics=[ACCURACY])
    assert Deadline.objects.get(kind=SILENCE_KIND).due_at == T0 + 4 * HOUR
    assert MonitoringPlan.objects.get().interval == 4 * HOUR
    assert sweep_at(T0 + 2 * HOUR) == 0  # silent beyond the old hour, within the new four
    assert AuditEvent.objects.filter(action="deadline.moved", actor=personas.owner).exists()
    with time_machine.travel(T0 + timedelta(minutes=20), tick=False):  # the same interval again
        plan_save(actor=personas.owner, system=system, interval=4 * HOUR, metrics=[ACCURACY])
    assert AuditEvent.objects.filter(action="deadline.moved").count() == 1
