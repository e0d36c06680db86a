"""Celery tasks against the embedded Redis broker, with a real worker thread."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app
from core.models import Notification
from core.services import notification_send
from core.tasks import notification_email
from tests.conftest import delete_celery_queue


@pytest.fixture
def worker(settings):
    # A queue of its own, so leftovers of a developer's `make run` are not consumed here.
    queue = f"test-{uuid.uuid4().hex}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]) as w:
            yield w
    finally:
        app.conf.task_default_queue = previous
        delete_celery_queue(queue)


@pytest.mark.django_db(transaction=True)
def test_notification_is_emailed_once_by_a_real_worker(personas, worker):
    note = notification_send(
        recipient=personas.dpo, title="Breach clock at 48 hours", reason="You are the DPO."
    )
    note.refresh_from_db()
    result = notification_email.delay(note.pk)  # a duplicate delivery of the same task
    assert result.get(timeout=20) is False
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert [m.subject for m in mail.outbox] == ["Breach clock at 48 hours"]
    assert "Why you received this: You are the DPO." in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_crashed_send_is_retried_and_not_marked_sent(personas, monkeypatch):
    note = Notification.objects.create(recipient=personas.dpo, title="t", reason="r")

    def broken_send(*args, **kwargs):
        raise OSError("SMTP server went away")

    monkeypatch.setattr("core.services.send_mail", broken_send)
    with pytest.raises(OSError):
        notification_email.run(note.pk)
    note.refresh_from_db()
    assert note.emailed_at is None
    monkeypatch.undo()
    assert notification_email.run(note.pk) is True
    assert len(mail.outbox) == 1
