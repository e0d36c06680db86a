"""Recording log digests (assurance.services.log_digests, DOMAIN.md 12): one per system
and day into the audit chain, corrections with a reason, and the digest clock."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from assurance.models import LogDigest
from assurance.services.log_digests import LOG_DIGEST_KIND, log_digest_record
from core.audit import audit_verify
from core.clocks.selectors import deadline_open_for
from core.clocks.sweep import deadlines_sweep_run
from core.models import AuditEvent, Notification
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
SHA = "a" * 64
OTHER = "b" * 64


def record(personas, system, day=date(2026, 12, 1), now=NOW, **extra):
    values = {"records": 120, "sha256": SHA, "location": "s3://logs/screener/2026-12-01.jsonl"}
    return log_digest_record(
        actor=personas.owner, system=system, day=day, now=now, **values | extra
    )


def test_a_digest_is_written_into_the_audit_chain(personas):
    system = people_ops_system(personas)
    digest = record(personas, system)
    event = AuditEvent.objects.get(seq=digest.audit_sequence)
    assert event.action == "log_digest.recorded"
    assert event.changes["sha256"] == SHA
    assert event.changes["records"] == 120
    assert event.changes["date"] == "2026-12-01"
    assert audit_verify().ok


def test_a_second_digest_for_the_day_is_refused_naming_the_date(personas):
    system = people_ops_system(personas)
    record(personas, system)
    with pytest.raises(ValidationError) as refused:
        record(personas, system, sha256=OTHER)
    assert "already recorded" in refused.value.message_dict["date"][0]
    assert "correction" in refused.value.message_dict["date"][0]
    assert LogDigest.objects.count() == 1


def test_a_correction_with_a_reason_corrects_the_latest_for_the_day(personas):
    system = people_ops_system(personas)
    first = record(personas, system)
    second = record(personas, system, sha256=OTHER, correction_reason="Rotated batch re-sent")
    third = record(personas, system, sha256=SHA, correction_reason="The first was right")
    assert second.corrects == first
    assert third.corrects == second
    assert AuditEvent.objects.get(seq=third.audit_sequence).action == "log_digest.corrected"
    with pytest.raises(ValidationError) as refused:
        record(personas, system, correction_reason="  ")
    assert refused.value.message_dict["correction"] == ["A correction needs a reason."]


def test_a_future_date_a_correction_of_nothing_and_no_hash_are_refused(personas):
    system = people_ops_system(personas)
    with pytest.raises(ValidationError) as refused:
        record(personas, system, day=date(2026, 12, 3))
    assert "in the future" in refused.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as refused:
        record(personas, system, correction_reason="why")
    assert "nothing to correct" in refused.value.message_dict["correction"][0]
    with pytest.raises(ValidationError) as refused:
        record(personas, system, sha256="")
    assert "sha256" in refused.value.message_dict
    assert not LogDigest.objects.exists()


def test_only_who_may_change_the_system_records(personas):
    system = people_ops_system(personas)
    for person in (personas.owner2, personas.auditor, personas.safety):
        with pytest.raises(PermissionDenied):
            log_digest_record(
                actor=person,
                system=system,
                day=date(2026, 12, 1),
                records=1,
                sha256=SHA,
                location="x",
                now=NOW,
            )
    log_digest_record(
        actor=personas.admin,
        system=system,
        day=date(2026, 12, 1),
        records=1,
        sha256=SHA,
        location="x",
        now=NOW,
    )


def test_each_digest_moves_the_clock_and_a_missed_day_tells_the_owner(personas):
    system = people_ops_system(personas)
    with time_machine.travel(NOW, tick=False):
        record(personas, system)
    deadline = deadline_open_for(subject=system, kind=LOG_DIGEST_KIND)
    assert deadline.owner == personas.owner
    assert deadline.due_at == datetime(2026, 12, 4, tzinfo=UTC)  # Dec 2's, by the end of Dec 3
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        record(personas, system, day=date(2026, 12, 2), now=NOW + timedelta(days=1))
        record(personas, system, day=date(2026, 11, 30), now=NOW + timedelta(days=1))  # late
    deadline.refresh_from_db()
    assert deadline.due_at == datetime(2026, 12, 5, tzinfo=UTC)
    # Dec 3's digest never comes: past the end of Dec 4, the sweep tells the owner once.
    deadlines_sweep_run(now=datetime(2026, 12, 4, 23, 0, tzinfo=UTC))
    assert not Notification.objects.filter(recipient=personas.owner).exists()
    deadlines_sweep_run(now=datetime(2026, 12, 5, 0, 30, tzinfo=UTC))
    deadlines_sweep_run(now=datetime(2026, 12, 5, 1, 30, tzinfo=UTC))
    told = Notification.objects.filter(recipient=personas.owner)
    assert told.count() == 1
    assert "SYS-001" in told.get().title
