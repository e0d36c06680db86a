"""Must show: exactly one notification per deadline and threshold, against the real
Redis and real workers, when sweeps race, beat runs twice, a worker dies mid-sweep, or
a transaction rolls back. Deadlines here are due in the real past: worker processes
read the real clock (time-machine reaches only this process)."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import timedelta

import pytest
from celery.beat import Scheduler
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from config.celery import app
from core.clocks import sweep
from core.models import Deadline, DeadlineAlert, Notification
from core.services import notification_send
from core.tasks import deadlines_sweep, notification_email
from tests.conftest import queue_of_this_test, spawn_worker
from tests.core.conftest import owners_clocks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queue():
    with queue_of_this_test("test-clocks") as name:
        yield name


@pytest.fixture
def worker(queue):
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]) as w:
        yield w


def overdue_deadlines(personas, count: int) -> list[Deadline]:
    """`count` deadlines whose due moment passed a minute ago: one alert each."""
    return owners_clocks(personas, count, timezone.now() - timedelta(minutes=1))


def wait_for(condition, timeout: float = 25.0) -> None:
    """Wait for another process to get somewhere (not for the clock: time is not faked
    in worker processes, and they take real seconds to start)."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out waiting for the worker"
        time.sleep(0.1)


def assert_one_alert_each(deadlines: list[Deadline]) -> None:
    alerts = DeadlineAlert.objects.values_list("deadline_id", "threshold")
    assert sorted(alerts) == sorted((d.pk, "due") for d in deadlines)
    notes = Notification.objects.values_list("title", flat=True)
    assert sorted(notes) == sorted(f"{d.label} is due now" for d in deadlines)


def test_two_sweeps_at_the_same_moment_send_each_alert_once(personas, worker):
    deadlines = overdue_deadlines(personas, 40)
    start, totals = threading.Barrier(2), []

    def race():
        try:
            start.wait()
            totals.append(sweep.deadlines_sweep_run(batch_size=4))
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(totals) == 40
    assert_one_alert_each(deadlines)
    wait_for(lambda: not Notification.objects.filter(emailed_at__isnull=True).exists())
    assert sorted(m.subject for m in mail.outbox) == sorted(
        f"{d.label} is due now" for d in deadlines
    )


def test_beat_started_twice_enqueues_two_sweeps_that_send_each_alert_once(personas, worker):
    deadlines = overdue_deadlines(personas, 5)
    results = []
    for _ in range(2):  # two beat processes, both sure the minute's sweep is theirs
        beat = Scheduler(app=app, lazy=False)
        entry = beat.schedule["deadlines-sweep"]
        entry.last_run_at = timezone.now() - timedelta(minutes=2)
        send = beat.apply_async
        beat.apply_async = lambda e, *a, _send=send, **kw: results.append(_send(e, *a, **kw))
        beat.tick()
    assert [r.get(timeout=20) for r in results] in ([5, 0], [0, 5])
    assert_one_alert_each(deadlines)
    wait_for(lambda: len(mail.outbox) == 5)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_rolled_back_notification_is_never_sent(personas, worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_send(recipient=personas.dpo, title="Never", reason="rolled back")
        raise RuntimeError("the write that enqueued it failed")
    after = notification_send(recipient=personas.dpo, title="After", reason="committed")
    wait_for(lambda: Notification.objects.filter(pk=after.pk, emailed_at__isnull=False).exists())
    assert [m.subject for m in mail.outbox] == ["After"]  # FIFO: "Never" would come first
    assert list(Notification.objects.values_list("title", flat=True)) == ["After"]


def test_a_sweep_that_fails_before_commit_sends_nothing_and_the_next_sends_once(
    personas, worker, monkeypatch
):
    deadlines = overdue_deadlines(personas, 3)

    def crash(_env_name):
        raise RuntimeError("the database went away mid-sweep")

    monkeypatch.setattr(sweep, "pause_if_asked", crash)
    with pytest.raises(RuntimeError):
        sweep.deadlines_sweep_run()
    assert not DeadlineAlert.objects.exists() and not Notification.objects.exists()
    monkeypatch.undo()
    assert deadlines_sweep.delay().get(timeout=20) == 3
    assert_one_alert_each(deadlines)
    wait_for(lambda: len(mail.outbox) == 3)
    notification_email.delay(Notification.objects.first().pk).get(timeout=20)
    assert len(mail.outbox) == 3  # a second delivery of an e-mail task sends nothing


def test_kill_9_mid_sweep_then_redelivery_sends_each_alert_once(personas, queue, tmp_path):
    deadlines = overdue_deadlines(personas, 3)
    pause = tmp_path / "sweep-paused"
    first = spawn_worker(queue, tmp_path / "first.log", {sweep.PAUSE_ENV: str(pause)})
    try:
        task = deadlines_sweep.delay()
        wait_for(pause.exists)  # notifications written, not committed
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    assert not DeadlineAlert.objects.exists() and not Notification.objects.exists()
    second = spawn_worker(queue, tmp_path / "second.log", {})
    try:
        wait_for(lambda: Notification.objects.filter(emailed_at__isnull=False).count() == 3)
    finally:
        second.terminate()
        second.wait(timeout=20)
    assert_one_alert_each(deadlines)
    log = (tmp_path / "second.log").read_text()
    assert f"core.tasks.deadlines_sweep[{task.id}] received" in log  # redelivered, not resent
