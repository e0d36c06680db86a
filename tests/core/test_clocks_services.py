"""Deadlines with the database: open, move, meet, cancel, and the sweep in-process."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_cancel, deadline_meet, deadline_move, deadline_open
from core.clocks.sweep import deadlines_sweep_run
from core.models import AuditEvent, Deadline, DeadlineAlert, Notification
from tests.core.conftest import owners_clocks

DUE = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
pytestmark = pytest.mark.django_db


def review(personas, **terms) -> Deadline:
    """A deadline as the reviews will open it: 14 and 3 days of warning, the board a day
    after. The subject is a team here, since core's tests import no app."""
    usual = {
        "kind": "system_review",
        "due_at": DUE,
        "warn_before": [14 * DAY, 3 * DAY],
        "escalate_after": DAY,
        "escalation_role": "board",
    }
    return deadline_open(
        actor=personas.admin,
        subject=personas.people_ops,
        label="Review of SYS-001",
        link="/systems/SYS-001/",
        owner=personas.owner,
        **(usual | terms),
    )


def sweep_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return deadlines_sweep_run()


def inbox(user) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("title", "reason")
    )


def test_opening_a_deadline_schedules_its_first_warning_and_is_audited(personas):
    deadline = review(personas)
    assert deadline.next_alert_at == DUE - 14 * DAY
    assert deadline_open_for(subject=personas.people_ops, kind="system_review") == deadline
    event = AuditEvent.objects.get(action="deadline.opened")
    assert (event.object_id, event.changes["owner"]) == (str(deadline.pk), "owner@example.com")


def test_a_second_open_clock_of_the_same_kind_is_refused(personas):
    review(personas)
    with pytest.raises(ValueError, match="already has an open 'system_review' deadline"):
        review(personas, due_at=DUE + DAY)
    assert Deadline.objects.count() == 1


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"due_at": datetime(2026, 12, 3, 9, 0)}, "time zone"),
        ({"warn_before": [-DAY]}, "positive"),
        ({"escalation_role": ""}, "escalation_role"),
        ({"escalation_role": "pope"}, "not a role"),
        ({"kind": "System Review"}, "lower-case"),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_saved(personas, terms, message):
    with pytest.raises(ValueError, match=message):
        review(personas, **terms)
    assert not Deadline.objects.exists()


def test_the_owner_is_warned_14_and_3_days_ahead_then_the_board_a_day_late(personas):
    review(personas)
    assert sweep_at(DUE - 14 * DAY - timedelta(minutes=1)) == 0
    assert sweep_at(DUE - 14 * DAY) == 1
    assert sweep_at(DUE - 14 * DAY + timedelta(minutes=1)) == 0  # the next minute: nothing
    assert sweep_at(DUE - 3 * DAY) == 1
    assert sweep_at(DUE) == 1
    assert sweep_at(DUE + DAY) == 1
    assert sweep_at(DUE + 30 * DAY) == 0
    assert inbox(personas.owner) == [
        (
            "Review of SYS-001 is due in 14 days",
            "Review of SYS-001 is due in 14 days (due 2026-12-03 10:00 CET); you own it",
        ),
        (
            "Review of SYS-001 is due in 3 days",
            "Review of SYS-001 is due in 3 days (due 2026-12-03 10:00 CET); you own it",
        ),
        (
            "Review of SYS-001 is due now",
            "Review of SYS-001 is due now (due 2026-12-03 10:00 CET); you own it",
        ),
        (
            "Review of SYS-001 is overdue by 1 day",
            "Review of SYS-001 is overdue by 1 day (due 2026-12-03 10:00 CET); you own it",
        ),
    ]
    assert inbox(personas.board) == [
        (
            "Review of SYS-001 is overdue by 1 day",
            "Review of SYS-001 is overdue by 1 day (due 2026-12-03 10:00 CET); it escalates "
            "to the governance board members, and you are one",
        ),
    ]
    assert Deadline.objects.get().next_alert_at is None


def test_an_app_names_more_people_for_its_kind_and_each_is_told_once(personas, monkeypatch):
    """core.clocks.recipients: an app registers who else an alert of its kind tells; they
    are told with their part and their link, once however often the sweep runs, and
    nobody is told twice (the owner named again stays told once)."""
    from core.clocks import recipients

    monkeypatch.setattr(recipients, "_extra_by_kind", {})

    def at_warnings(deadline, threshold):
        if threshold.offset <= timedelta(0):
            return []
        return [
            recipients.Recipient(personas.auditor, "you audit it", link="/audit/"),
            recipients.Recipient(personas.owner, "named again"),
        ]

    recipients.deadline_recipients_register("system_review", at_warnings)
    recipients.deadline_recipients_register("system_review", at_warnings)  # once is enough
    review(personas)
    assert sweep_at(DUE - 14 * DAY) == 1
    assert sweep_at(DUE - 14 * DAY + timedelta(minutes=1)) == 0
    assert sweep_at(DUE) == 1
    ((title, reason),) = inbox(personas.auditor)
    assert title == "Review of SYS-001 is due in 14 days"
    assert reason.endswith("; you audit it")
    assert Notification.objects.get(recipient=personas.auditor).link == "/audit/"
    assert [reason.rsplit("; ", 1)[1] for _, reason in inbox(personas.owner)] == ["you own it"] * 2
    assert DeadlineAlert.objects.get(threshold="warn-20160m").recipients == 2


def test_a_met_deadline_warns_no_more(personas):
    deadline = review(personas)
    with time_machine.travel(DUE - 5 * DAY, tick=False):
        deadline_meet(actor=personas.owner, deadline=deadline)
    assert sweep_at(DUE + 2 * DAY) == 0
    deadline.refresh_from_db()
    assert (deadline.met_by, deadline.met_at) == (personas.owner, DUE - 5 * DAY)
    assert deadline_open_for(subject=personas.people_ops, kind="system_review") is None
    with pytest.raises(ValueError, match="already met or cancelled"):
        deadline_cancel(actor=personas.admin, deadline=deadline)


def test_a_cancelled_deadline_warns_no_more(personas):
    deadline = deadline_cancel(actor=personas.admin, deadline=review(personas), reason="retired")
    assert sweep_at(DUE + 2 * DAY) == 0
    assert deadline.cancelled_at is not None
    assert AuditEvent.objects.get(action="deadline.cancelled").changes == {"reason": "retired"}


def test_a_moved_deadline_warns_again_for_its_new_date(personas):
    deadline = review(personas)
    assert sweep_at(DUE - 3 * DAY) == 1
    deadline_move(actor=personas.owner, deadline=deadline, due_at=DUE + 30 * DAY)
    assert sweep_at(DUE) == 0
    assert sweep_at(DUE + 27 * DAY) == 1
    assert [title for title, _ in inbox(personas.owner)] == [
        "Review of SYS-001 is due in 3 days"
    ] * 2
    assert "due 2027-01-02 10:00 CET" in inbox(personas.owner)[1][1]  # the owner is in Berlin
    assert DeadlineAlert.objects.filter(deadline=deadline).count() == 2


def test_an_alert_already_recorded_is_not_sent_again(personas):
    """The unique key is the last guard: a deadline whose `notified` was lost (restored
    from an old backup, say) still does not send the same threshold twice."""
    deadline = review(personas)
    sweep_at(DUE - 3 * DAY)
    Deadline.objects.filter(pk=deadline.pk).update(notified=[], next_alert_at=DUE - 14 * DAY)
    assert sweep_at(DUE - 3 * DAY) == 0
    assert len(inbox(personas.owner)) == 1


def test_the_sweep_works_through_more_rows_than_one_batch(personas):
    owners_clocks(personas, 7, DUE)
    with time_machine.travel(DUE, tick=False):
        assert deadlines_sweep_run(batch_size=3) == 7
    assert Notification.objects.filter(recipient=personas.owner).count() == 7


def test_administrators_see_deadlines_in_the_admin_and_cannot_change_them(personas, client_for):
    deadline = review(personas)
    personas.admin.is_staff = True
    personas.admin.save()
    client = client_for(personas.admin)
    page = client.get(reverse("admin:core_deadline_changelist"))
    assert "Review of SYS-001" in page.content.decode()
    assert client.get(reverse("admin:core_deadline_add")).status_code == 403
    delete = client.post(reverse("admin:core_deadline_delete", args=[deadline.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Deadline.objects.filter(pk=deadline.pk).exists()


def test_an_alert_whose_email_task_was_lost_is_enqueued_again(personas, monkeypatch):
    """A process that dies between the commit and the enqueue leaves the notification in
    the inbox unmailed; later sweeps enqueue its e-mail again (delivery is idempotent)."""
    review(personas)
    sweep_at(DUE - 3 * DAY)
    note = Notification.objects.get()
    enqueued = []
    monkeypatch.setattr("core.tasks.notification_email.delay", enqueued.append)
    sweep_at(DUE - 3 * DAY + timedelta(minutes=4))
    assert enqueued == []  # its own task may still be in the queue
    sweep_at(DUE - 3 * DAY + timedelta(minutes=6))
    assert enqueued == [note.pk]
    Notification.objects.filter(pk=note.pk).update(emailed_at=DUE - 3 * DAY)
    sweep_at(DUE - 3 * DAY + timedelta(minutes=7))
    assert enqueued == [note.pk]


def test_a_deadline_a_machine_moves_is_moved_without_an_audit_event(personas):
    """A monitored system's silence clock moves at every batch of values: the trail
    records the person's moves, not the machine's."""
    deadline = review(personas)
    events = AuditEvent.objects.count()
    deadline_move(actor=None, deadline=deadline, due_at=DUE + DAY, audited=False)
    assert AuditEvent.objects.count() == events
    deadline.refresh_from_db()
    assert deadline.due_at == DUE + DAY
    deadline_move(actor=personas.owner, deadline=deadline, due_at=DUE + 2 * DAY)
    assert AuditEvent.objects.count() == events + 1
