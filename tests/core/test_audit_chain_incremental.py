"""Incremental verification of the audit chain (issue 21, section 2): a verified
checkpoint records (seq, hash) and the next walk starts there. What each walk finds,
what it misses, and how the command, the page and a pack say which walk they did."""

import io
import re

from django.core.management import call_command
from django.utils import timezone

from core.audit import (
    audit_checkpoint_check,
    audit_checkpoint_take,
    audit_checkpoint_verified,
    audit_verify,
)
from core.models import AuditCheckpoint, AuditEvent
from tests.factories import record_events
from tests.governance.packs.test_verify_checkpoint import rehash_from


def verify_and_record() -> AuditCheckpoint:
    """What a daily verification leaves: a full walk, recorded as a verified checkpoint."""
    report = audit_verify()
    assert report.ok
    return audit_checkpoint_verified(report=report, label="daily")


def test_a_full_walk_is_recorded_where_it_ended_and_from_where(personas):
    events = record_events(personas.admin, 4)
    checkpoint = verify_and_record()
    stored = AuditCheckpoint.objects.get(pk=checkpoint.pk)
    assert (stored.seq, stored.hash) == (4, events[-1].hash)
    assert stored.verified_from == 0 and stored.verified_at is not None


def test_the_incremental_walk_starts_after_the_checkpoint(personas):
    record_events(personas.admin, 4)
    verify_and_record()
    record_events(personas.admin, 3)
    report = audit_verify(from_checkpoint=True)
    assert (report.ok, report.start_seq, report.checked, report.end_seq) == (True, 4, 3, 7)
    assert report.from_checkpoint
    assert audit_verify().checked == 7  # the full walk still starts at event #1


def test_a_tampered_event_after_the_checkpoint_is_found_by_the_incremental_walk(
    personas, tamper_with
):
    record_events(personas.admin, 4)
    verify_and_record()
    record_events(personas.admin, 3)
    tamper_with(6, "test.forged")
    report = audit_verify(from_checkpoint=True)
    assert (report.ok, report.first_broken_seq, report.start_seq) == (False, 6, 4)
    assert report.problem == "content does not match its hash"


def test_a_tampered_event_before_the_checkpoint_is_missed_incrementally_but_found_in_full(
    personas, tamper_with
):
    record_events(personas.admin, 4)
    verify_and_record()
    record_events(personas.admin, 3)
    tamper_with(2, "test.forged")
    assert audit_verify(from_checkpoint=True).ok  # trusts the chain up to #4
    report = audit_verify()
    assert (report.ok, report.first_broken_seq, report.start_seq) == (False, 2, 0)


def test_a_checkpoint_whose_event_was_rewritten_is_refused(personas, tamper_with):
    record_events(personas.admin, 4)
    checkpoint = verify_and_record()
    record_events(personas.admin, 2)
    tamper_with(4, "test.forged")
    rehash_from(4)  # the chain alone verifies again: only the checkpoint knows
    assert audit_verify().ok
    report = audit_verify(from_checkpoint=True)
    assert (report.ok, report.first_broken_seq, report.checked) == (False, 4, 0)
    verified_on = f"{checkpoint.verified_at:%Y-%m-%d %H:%M} UTC"
    assert report.problem.startswith(
        f"no longer has the hash the checkpoint verified on {verified_on} recorded"
    )


def test_a_broken_walk_records_no_checkpoint(personas, tamper_with):
    record_events(personas.admin, 3)
    tamper_with(2, "test.forged")
    assert audit_checkpoint_verified(report=audit_verify(), label="daily") is None
    assert not AuditCheckpoint.objects.filter(verified_at__isnull=False).exists()


def test_the_walk_starts_at_the_latest_verified_checkpoint_below_its_bound(personas):
    record_events(personas.admin, 3)
    verify_and_record()  # at #3
    record_events(personas.admin, 3)
    verify_and_record()  # at #6
    report = audit_verify(upto=5, from_checkpoint=True)
    assert (report.ok, report.start_seq, report.end_seq) == (True, 3, 5)


def test_a_pack_checkpoint_check_walks_from_the_verified_checkpoint(personas, tamper_with):
    record_events(personas.admin, 4)
    verify_and_record()
    record_events(personas.admin, 2)
    export = audit_checkpoint_take(label="PACK-00009")
    tamper_with(5, "test.forged")
    assert audit_checkpoint_check(seq=export.seq, hash=export.hash) == [
        "Audit event #5: content does not match its hash (the audit trail up to #6 no longer "
        "verifies)"
    ]


# --- the command ----------------------------------------------------------------------


def run_command(*args) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", *args, stdout=out, stderr=err)
    except SystemExit as exit_info:
        return out.getvalue().strip(), err.getvalue(), exit_info.code
    return out.getvalue().strip(), err.getvalue(), 0


def test_the_command_walks_in_full_and_records_the_head(personas):
    record_events(personas.admin, 4)
    out, _, code = run_command()
    assert code == 0
    pattern = r"OK: 4 events verified from event #1 to #4, in [\d.]+ s \([\d,]+ events/s\)"
    assert re.fullmatch(pattern, out)
    head = AuditCheckpoint.objects.get(verified_at__isnull=False)
    assert (head.seq, head.verified_from, head.label) == (4, 0, "manage.py audit_verify")
    assert AuditEvent.objects.count() == 4  # no audit event for an unattended run


def test_the_command_from_the_checkpoint_says_where_it_started(personas):
    record_events(personas.admin, 4)
    checkpoint = verify_and_record()
    record_events(personas.admin, 2)
    out, _, code = run_command("--from-checkpoint")
    found = timezone.localtime(checkpoint.verified_at).strftime("%Y-%m-%d %H:%M %Z")
    assert code == 0
    assert out.startswith(
        f"OK: 2 events verified from checkpoint #4 (the chain up to it was found whole on "
        f"{found}) to #6, in "
    )
    assert AuditCheckpoint.objects.filter(seq=6, verified_from=4).exists()


def test_the_command_names_the_first_broken_seq_and_exits_one(personas, tamper_with):
    record_events(personas.admin, 4)
    verify_and_record()
    record_events(personas.admin, 3)
    tamper_with(6, "test.forged")
    out, _, code = run_command("--from-checkpoint")
    assert code == 1
    assert out.startswith(
        "BROKEN at seq 6: content does not match its hash (walked from checkpoint #4"
    )
    tamper_with(2, "test.forged")
    out, _, code = run_command()
    assert (out, code) == ("BROKEN at seq 2: content does not match its hash", 1)


def test_the_progress_bar_shows_done_total_rate_and_eta(personas, monkeypatch):
    monkeypatch.setattr("core.management.commands.audit_verify.REDRAW_SECONDS", 0)
    record_events(personas.admin, 12)
    _, err, code = run_command("--batch-size", "5")  # a 12-event chain draws it twice
    bars = [line for line in err.split("\r") if line.strip()]
    assert code == 0 and len(bars) == 2
    assert re.match(r"\[#{12}\.{18}\] 5/12 events  [\d,]+ events/s  ETA \d+m\d\ds", bars[0])
    assert bars[1].startswith("[" + "#" * 25 + "." * 5 + "] 10/12 events")


# --- the page ------------------------------------------------------------


def test_the_page_says_which_walk_it_did_and_the_trail_records_it(client_for, personas):
    client = client_for(personas.auditor)  # seq 1: auth.login
    record_events(None, 4)
    first = client.post("/audit/verify/", HTTP_HX_REQUEST="true").content.decode()
    assert "5 events verified from event #1 to #5, chain intact" in first
    second = client.post("/audit/verify/", HTTP_HX_REQUEST="true").content.decode()
    assert "1 event verified from checkpoint #5 (the chain up to it was found whole on" in second
    assert "to #6, chain intact" in second  # #6: the first verification's own event
    verified = AuditEvent.objects.filter(action="audit.verified").order_by("seq")
    assert [(e.actor, e.changes["walk"], e.changes["result"]) for e in verified] == [
        (personas.auditor, "full", "intact"),
        (personas.auditor, "from checkpoint", "intact"),
    ]
