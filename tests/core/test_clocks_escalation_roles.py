"""The engine's additions for incident clocks: an escalation to several roles (each
holder told once), a deadline given to another owner, new warnings on a move."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.clocks.services import deadline_move, deadline_open, deadline_reassign
from core.clocks.sweep import deadlines_sweep_run
from core.models import AuditEvent, Notification, RoleAssignment

DUE = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def gdpr_clock(personas, **terms):
    return deadline_open(
        actor=personas.admin,
        subject=personas.people_ops,
        kind="gdpr_clock",
        label="GDPR 72 h notification",
        due_at=DUE,
        owner=personas.responder,
        **({"escalate_after": timedelta(minutes=1), "escalation_roles": ["ciso", "dpo"]} | terms),
    )


def escalated() -> list[str]:
    found = Notification.objects.filter(title__contains="overdue")
    return sorted(found.values_list("recipient__email", flat=True))


def test_an_escalation_reaches_every_holder_of_every_role_once(personas):
    RoleAssignment.objects.create(user=personas.dpo, role="ciso")  # holds both roles
    deadline = gdpr_clock(personas, escalation_role="board")
    assert deadline.escalation_roles == ["ciso", "dpo"]
    with time_machine.travel(DUE + timedelta(minutes=2), tick=False):
        deadlines_sweep_run()
    assert escalated() == [
        "board@example.com",
        "ciso@example.com",
        "dpo@example.com",
        "responder@example.com",
    ]


def test_an_unknown_escalation_role_is_refused(personas):
    with pytest.raises(ValueError, match="not a role"):
        gdpr_clock(personas, escalation_roles=["pope"])


def test_a_reassigned_deadline_warns_its_new_owner(personas):
    deadline = gdpr_clock(personas)
    deadline_reassign(actor=personas.admin, deadline=deadline, owner=personas.safety)
    assert AuditEvent.objects.filter(action="deadline.reassigned").exists()
    with time_machine.travel(DUE, tick=False):
        deadlines_sweep_run()
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == [
        "safety@example.com"
    ]


def test_a_move_may_set_new_warnings(personas):
    deadline = gdpr_clock(personas, warn_before=[timedelta(hours=36)])
    moved = deadline_move(
        actor=personas.admin,
        deadline=deadline,
        due_at=DUE - timedelta(hours=1),
        warn_before=[timedelta(hours=6), timedelta(hours=18)],
    )
    assert moved.warn_before == [timedelta(hours=18), timedelta(hours=6)]
    assert moved.next_alert_at == DUE - timedelta(hours=19)
