"""Mail to an address outside the portal's people (core.mail): sent by core's retried
task once the sending transaction commits, once, and never when it rolls back."""

import contextlib

import pytest
from django.core import mail
from django.db import transaction

from core.mail import mail_send
from core.models import OutboundMail
from core.tasks import outbound_mail_send
from tests.core.test_tasks import worker  # noqa: F401 - a real worker on the embedded Redis


@pytest.fixture
def eager(monkeypatch):
    """The task runs where it is enqueued (Celery's eager apply: retries included)."""
    monkeypatch.setattr(outbound_mail_send, "delay", lambda *args: outbound_mail_send.apply(args))


def _send(**given):
    return mail_send(
        **{"to": "sec@vendor.example", "subject": "Questionnaire", "body": "Hello", **given},
        reason="An assessor sent it.",
    )


@pytest.mark.django_db
def test_the_mail_goes_out_after_commit_and_the_row_says_when(
    eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = _send()
        assert mail.outbox == []  # not before the transaction commits
    assert [(m.subject, m.body, m.to) for m in mail.outbox] == [
        ("Questionnaire", "Hello", ["sec@vendor.example"])
    ]
    stored = OutboundMail.objects.get(pk=sent.pk)
    assert stored.sent_at is not None and stored.reason == "An assessor sent it."
    assert stored.body == "Hello"


@pytest.mark.django_db
def test_a_body_carrying_a_secret_is_erased_once_sent(eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = _send(body="Your link: https://portal.example/q/SECRET/", keep_body=False)
    assert "SECRET" in mail.outbox[0].body
    stored = OutboundMail.objects.get(pk=sent.pk)
    assert stored.body == "" and stored.sent_at is not None and stored.to == "sec@vendor.example"


@pytest.mark.django_db
def test_nothing_is_sent_when_the_transaction_rolls_back(eager, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        _send()
        raise RuntimeError("the service refused after deciding to mail")
    assert callbacks == [] and mail.outbox == []
    assert not OutboundMail.objects.exists()


@pytest.mark.django_db
def test_a_failing_mail_server_is_retried_until_it_answers(eager, monkeypatch):
    sent = _send()
    attempts = []

    def flaky_send(*args, **kwargs):
        attempts.append(args)
        if len(attempts) < 3:
            raise OSError("SMTP server went away")
        return mail.send_mail(*args, **kwargs)

    monkeypatch.setattr("core.mail.send_mail", flaky_send)
    assert outbound_mail_send.apply((sent.pk,)).get() is True
    assert len(attempts) == 3 and len(mail.outbox) == 1
    assert OutboundMail.objects.get(pk=sent.pk).sent_at is not None


@pytest.mark.django_db
def test_a_mail_server_that_never_answers_leaves_the_mail_unsent(eager, monkeypatch):
    sent = _send()

    def broken_send(*args, **kwargs):
        raise OSError("SMTP server went away")

    monkeypatch.setattr("core.mail.send_mail", broken_send)
    with pytest.raises(OSError):
        outbound_mail_send.apply((sent.pk,)).get()
    assert OutboundMail.objects.get(pk=sent.pk).sent_at is None and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_it_once_after_commit(worker):  # noqa: F811
    sent = _send()  # its own transaction: committed, so the task is on the queue
    # A duplicate delivery of the same task: the worker takes them in turn, and the
    # second finds the mail sent.
    assert outbound_mail_send.delay(sent.pk).get(timeout=20) is False
    assert OutboundMail.objects.get(pk=sent.pk).sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Questionnaire"]
