"""The audit trail in the database: append-only, hash-chained, tamper-evident."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from core.audit import audit_verify
from core.models import AuditEvent
from tests.factories import record_events

TRIGGER = "core_auditevent_no_update_delete"


def settle_deferred_checks() -> None:
    # Inserts leave deferred foreign-key checks pending until commit, and Postgres
    # will not ALTER or TRUNCATE a table with pending trigger events: run them now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def refused(sql: str, params=()) -> bool:
    """Run one statement in a savepoint; True when the database refuses it."""
    settle_deferred_checks()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


def test_the_database_refuses_update_and_delete(personas):
    record_events(personas.admin, 2)
    assert refused("UPDATE core_auditevent SET action = 'forged' WHERE seq = 1")
    assert refused("DELETE FROM core_auditevent WHERE seq = 2")
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "test.recorded",
        "test.recorded",
    ]


def test_the_orm_cannot_change_an_event_either(personas):
    (event,) = record_events(personas.admin, 1)
    event.action = "forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.all().delete()


def test_the_database_refuses_truncate_unless_the_session_allows_it(personas):
    record_events(personas.admin, 1)
    with connection.cursor() as cursor:
        cursor.execute("SET aigov.allow_audit_truncate = off")
    try:
        assert refused("TRUNCATE core_auditevent")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET aigov.allow_audit_truncate = on")
    assert AuditEvent.objects.count() == 1


def test_verification_names_the_row_that_was_changed(tamper_with, personas):
    record_events(personas.admin, 5)
    assert audit_verify().ok
    tamper_with(3, "test.forged")
    report = audit_verify()
    assert (report.ok, report.first_broken_seq, report.checked) == (False, 3, 2)
    assert "content does not match its hash" in report.problem


def test_audit_verify_command_reports_ok_and_exits_zero(personas):
    record_events(personas.admin, 4)
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().startswith("OK: 4 events verified from event #1 to #4, in ")


def test_audit_verify_command_names_the_broken_seq_and_exits_one(tamper_with, personas):
    record_events(personas.admin, 4)
    tamper_with(2, "test.forged")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stdout=out)
    assert exit_info.value.code == 1
    assert out.getvalue().strip() == "BROKEN at seq 2: content does not match its hash"


def test_each_event_links_to_the_one_before(personas):
    first, second, third = record_events(personas.admin, 3)
    assert first.prev_hash == "0" * 64
    assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
    assert len({first.hash, second.hash, third.hash}) == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain(personas):
    per_thread, errors = 15, []
    start = threading.Barrier(2)

    def writer():
        try:
            start.wait(timeout=10)
            record_events(None, per_thread)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 2 * per_thread + 1))
    report = audit_verify()
    assert report.ok and report.checked == 2 * per_thread
