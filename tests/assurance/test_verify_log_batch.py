"""`manage.py verify_log_batch` (issue 20 must-show): a batch changed by one byte fails,
naming the date; an unchanged one passes and says where its digest sits in the chain."""

import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command

from assurance.rules.logs import batch_digest
from assurance.services.log_digests import log_digest_record
from core.models import AuditEvent
from tests.factories import people_ops_system

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
DAY = date(2026, 12, 1)


@pytest.fixture
def batch(tmp_path, personas):
    """A day's batch of the screener's own logs, its digest recorded by the owner."""
    rows = [
        {"ts": f"2026-12-01T0{i}:00:00Z", "session": f"s-{i}", "tool": "rank", "ms": 40 + i}
        for i in range(8)
    ]
    data = b"".join(json.dumps(row).encode() + b"\n" for row in rows)
    path = tmp_path / "2026-12-01.jsonl"
    path.write_bytes(data)
    digest = batch_digest(data)
    system = people_ops_system(personas)
    recorded = log_digest_record(
        actor=personas.owner,
        system=system,
        day=DAY,
        records=digest.records,
        sha256=digest.sha256,
        merkle_root=digest.merkle_root,
        location="s3://screener-logs/2026-12-01.jsonl",
        now=NOW,
    )
    return path, recorded


def run(path, day="2026-12-01"):
    out = io.StringIO()
    try:
        call_command(
            "verify_log_batch", "--system", "SYS-001", "--date", day, str(path), stdout=out
        )
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def test_an_unchanged_batch_passes_and_names_its_place_in_the_chain(batch):
    path, recorded = batch
    code, out = run(path)
    event = AuditEvent.objects.get(seq=recorded.audit_sequence)
    assert code == 0
    assert "MATCH: SYS-001 log batch of 2026-12-01" in out
    assert f"audit seq {event.seq}, event hash {event.hash}" in out
    assert "the chain verifies up to it" in out
    checked = AuditEvent.objects.filter(action="log_batch.verified").get()
    assert checked.changes["matches"] is True


def test_a_batch_changed_by_one_byte_fails_naming_the_date(batch):
    path, _ = batch
    data = bytearray(path.read_bytes())
    data[30] = ord("9") if data[30] != ord("9") else ord("8")
    path.write_bytes(bytes(data))
    code, out = run(path)
    assert code == 1
    assert "MISMATCH: SYS-001 log batch of 2026-12-01" in out
    assert "2026-12-01: the file's SHA-256 is" in out
    assert "2026-12-01: the file's Merkle root is" in out
    checked = AuditEvent.objects.filter(action="log_batch.verified").get()
    assert checked.changes["matches"] is False


def test_the_latest_correction_counts(batch, personas):
    path, recorded = batch
    log_digest_record(
        actor=personas.owner,
        system=recorded.system,
        day=DAY,
        records=3,
        sha256="c" * 64,
        location="s3://screener-logs/2026-12-01.jsonl",
        correction_reason="Re-sent after a partial upload",
        now=NOW,
    )
    code, out = run(path)
    assert code == 1
    assert "2026-12-01: 8 records in the file, 3 recorded." in out


def test_a_day_without_a_digest_fails(batch):
    path, _ = batch
    code, out = run(path, day="2026-11-30")
    assert code == 1
    assert "No digest is recorded for SYS-001 on 2026-11-30." in out


def test_a_broken_chain_before_the_digest_fails(batch, tamper_with):
    path, recorded = batch
    tamper_with(1, "tampered")
    code, out = run(path)
    assert code == 1
    assert "the chain does NOT verify: #1" in out
