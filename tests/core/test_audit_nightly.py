"""The nightly full walk (issue 21): it leaves a verified checkpoint at the head, so the
next pack walks from there; a break it finds reaches every administrator once."""

from django.conf import settings
from django.db import connection

from core.audit import audit_verify
from core.audit_nightly import NIGHTLY_LABEL
from core.models import AuditCheckpoint, AuditEvent, Notification
from core.tasks import audit_chain_verify
from tests.factories import record_events
from tests.governance.packs.test_verify_checkpoint import TRIGGER


def change_in_place(seq: int) -> None:
    """What a careless forger does: edit one event and leave every hash as it was."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {TRIGGER}")
        AuditEvent.objects.filter(seq=seq).update(object_repr="Something else")
        cursor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {TRIGGER}")


def test_an_intact_chain_leaves_a_checkpoint_the_next_walk_starts_at(personas):
    events = record_events(personas.admin, 5)
    assert audit_chain_verify.apply().get() is True
    checkpoint = AuditCheckpoint.objects.get(label=NIGHTLY_LABEL)
    assert (checkpoint.seq, checkpoint.hash, checkpoint.verified_from) == (5, events[-1].hash, 0)
    record_events(personas.admin, 2)
    report = audit_verify(from_checkpoint=True)
    assert (report.start_seq, report.checked, report.ok) == (5, 2, True)


def test_a_break_before_the_last_checkpoint_is_told_to_administrators_once(personas):
    record_events(personas.admin, 6)
    assert audit_chain_verify.apply().get() is True
    change_in_place(3)
    assert audit_verify(from_checkpoint=True).ok  # the incremental walk trusts #1-#6
    assert audit_chain_verify.apply().get() is False
    assert audit_chain_verify.apply().get() is False  # the next night: no second notice
    notices = Notification.objects.filter(title__contains="audit trail is broken")
    assert [(n.recipient, n.title) for n in notices] == [
        (personas.admin, "The audit trail is broken at event #3")
    ]
    assert "content does not match its hash" in notices[0].body
    assert AuditCheckpoint.objects.filter(label=NIGHTLY_LABEL).count() == 1


def test_beat_runs_it_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["audit-chain-verify"]
    assert entry["task"] == "core.tasks.audit_chain_verify"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {40})
