"""The sweep: once a minute, tell people about every deadline threshold crossed.

Why it sends each alert exactly once:
- the query claims rows with FOR UPDATE SKIP LOCKED, so two sweeps at the same moment
  (beat started twice, a retried task) work on disjoint rows;
- a batch writes its DeadlineAlert rows (unique per deadline, due date and threshold),
  the notifications and the deadlines' `notified` in ONE transaction: a sweep killed
  mid-batch leaves nothing, and the next sweep (or the redelivered task) redoes it;
- e-mail goes out after the commit (notification_send enqueues it on commit), so a
  rolled-back batch mails nobody.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.clocks import rules
from core.clocks.recipients import alert_recipients
from core.clocks.services import deadline_thresholds
from core.crash_pause import pause_if_asked
from core.dates import user_zone
from core.models import Deadline, DeadlineAlert, Notification
from core.services import notification_send

BATCH_SIZE = 200
MAX_BATCHES = 50  # 10,000 alerts a minute; the rest wait for the next sweep
# Notifications whose e-mail task was lost (the process died between the commit and
# the enqueue) are enqueued again while they are between these ages.
MAIL_RETRY_AFTER = timedelta(minutes=5)
MAIL_RETRY_UNTIL = timedelta(minutes=15)
# Tests set this to a file path: the sweep then stops before committing its first batch
# until the file is removed, so a test can kill the worker at the worst moment.
PAUSE_ENV = "CLOCKS_SWEEP_PAUSE_FILE"


def deadlines_crossed(now: datetime):
    """Open deadlines whose next threshold has come and has no alert yet: what the sweep
    has still to do (the metrics' sweep lag reads the oldest). An index range scan on
    the partial index `deadline_next_alert_open`."""
    return Deadline.objects.filter(next_alert_at__lte=now)


def deadlines_due(now: datetime):
    """The sweep's query: the crossed deadlines, claimed, oldest threshold first."""
    return (
        deadlines_crossed(now)
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("next_alert_at")
    )


def deadlines_sweep_run(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Send every crossed threshold's alert; return how many alerts were sent."""
    now = now or timezone.now()
    sent = 0
    for _ in range(MAX_BATCHES):
        claimed, alerts = _sweep_batch(now, batch_size)
        sent += alerts
        if claimed < batch_size:
            break
    _mail_lost_enqueue(now)
    return sent


@transaction.atomic
def _sweep_batch(now: datetime, batch_size: int) -> tuple[int, int]:
    due = list(deadlines_due(now).select_related("owner")[:batch_size])
    sent = sum(_deadline_alert(deadline, now) for deadline in due)
    pause_if_asked(PAUSE_ENV)
    return len(due), sent


def _deadline_alert(deadline: Deadline, now: datetime) -> int:
    thresholds = deadline_thresholds(deadline)
    plan = rules.alert_plan(thresholds, deadline.notified, now)
    sent = sum(_alert_send(deadline, threshold) for threshold in plan.send)
    deadline.notified = [*deadline.notified, *(t.key for t in plan.send + plan.skip)]
    deadline.next_alert_at = rules.next_alert_at(thresholds, deadline.notified)
    deadline.save(update_fields=["notified", "next_alert_at"])
    return sent


def _alert_send(deadline: Deadline, threshold: rules.Threshold) -> int:
    """Write the alert's unique row, then its notifications; 0 if it was sent before."""
    try:
        with transaction.atomic():
            alert = DeadlineAlert.objects.create(
                deadline=deadline, due_at=deadline.due_at, threshold=threshold.key
            )
    except IntegrityError:
        return 0
    recipients = alert_recipients(deadline, threshold)
    for told in recipients:
        zone = user_zone(told.user)  # the mail and the inbox say the time as the reader lives it
        notification_send(
            recipient=told.user,
            title=rules.alert_title(deadline.label, threshold),
            reason=rules.alert_reason(deadline.label, threshold, deadline.due_at, told.why, zone),
            body=f"{deadline.label}: due {rules.due_text(deadline.due_at, zone)}.",
            link=told.link or deadline.link,
            subject=deadline,
            dedupe_key=f"deadline:{alert.pk}:{told.user.pk}",
        )
    alert.recipients = len(recipients)
    alert.save(update_fields=["recipients"])
    return 1


def _mail_lost_enqueue(now: datetime) -> None:
    from core.tasks import notification_email

    lost = Notification.objects.filter(
        dedupe_key__startswith="deadline:",
        emailed_at__isnull=True,
        created_at__lte=now - MAIL_RETRY_AFTER,
        created_at__gt=now - MAIL_RETRY_UNTIL,
    ).values_list("pk", flat=True)
    for pk in lost:
        notification_email.delay(pk)
