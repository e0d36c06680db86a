"""The log digest rules (assurance.rules.logs, DOMAIN.md 12): worked examples and
properties of the batch digest, the Merkle root, the due time, retention and missing days."""

import hashlib
import json
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from assurance.rules import logs

BATCH = (
    b'{"event": "decision", "id": 1}\n{"event": "decision", "id": 2}\n{"event": "tool", "id": 3}\n'
)


def _leaf(line: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + line).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def test_a_batch_of_three_lines_worked_by_hand():
    lines = BATCH.split(b"\n")[:3]
    root = _node(_node(_leaf(lines[0]), _leaf(lines[1])), _leaf(lines[2]))
    digest = logs.batch_digest(BATCH)
    assert digest.records == 3
    assert digest.sha256 == hashlib.sha256(BATCH).hexdigest()
    assert digest.merkle_root == root.hex()


def test_blank_lines_are_not_records_but_change_the_sha256():
    padded = BATCH + b"\n\n"
    assert logs.batch_digest(padded).records == 3
    assert logs.batch_digest(padded).merkle_root == logs.batch_digest(BATCH).merkle_root
    assert logs.batch_digest(padded).sha256 != logs.batch_digest(BATCH).sha256


def test_the_empty_batch():
    digest = logs.batch_digest(b"")
    assert digest.records == 0
    assert digest.merkle_root == hashlib.sha256(b"").hexdigest()


def test_the_digest_of_a_day_is_due_at_the_end_of_the_next_day_utc():
    assert logs.digest_due_at(date(2026, 12, 1)) == datetime(2026, 12, 3, 0, 0, tzinfo=UTC)
    assert logs.last_day_due(datetime(2026, 12, 3, 0, 0, tzinfo=UTC)) == date(2026, 12, 1)
    assert logs.last_day_due(datetime(2026, 12, 2, 23, 59, tzinfo=UTC)) == date(2026, 11, 30)


def test_retention_required_ten_years_for_a_high_risk_provider_six_months_otherwise():
    assert logs.required_retention_days(role="provider", tier="high") == 3653
    assert logs.required_retention_days(role="provider", tier="critical") == 3653
    assert logs.required_retention_days(role="deployer", tier="high") == 183
    assert logs.required_retention_days(role="provider", tier="medium") == 183
    assert logs.retention_problem(declared=None, required=183).startswith("No retention")
    assert "fewer than the 3653" in logs.retention_problem(declared=365, required=3653)
    assert logs.retention_problem(declared=183, required=183) == ""


def test_missing_days_and_span():
    received = {date(2026, 12, 1), date(2026, 12, 3)}
    missing = logs.missing_days(received=received, first=date(2026, 12, 1), last=date(2026, 12, 4))
    assert missing == [date(2026, 12, 2), date(2026, 12, 4)]
    assert logs.span_days(date(2026, 12, 1), date(2026, 12, 3)) == 3
    assert logs.span_days(None, None) == 0


records = st.lists(
    st.dictionaries(st.sampled_from(["id", "tool", "latency"]), st.integers(0, 10**6)),
    min_size=1,
    max_size=40,
)


@given(records, st.data())
def test_changing_one_byte_of_a_batch_changes_its_hashes(rows, data):
    batch = b"".join(json.dumps(r).encode() + b"\n" for r in rows)
    position = data.draw(st.integers(0, len(batch) - 1))
    flipped = bytes([batch[position] ^ 0x01])
    changed = batch[:position] + flipped + batch[position + 1 :]
    assert logs.batch_digest(changed).sha256 != logs.batch_digest(batch).sha256


@given(records)
def test_the_merkle_root_ignores_how_lines_end_but_not_their_order(rows):
    lines = [json.dumps(r).encode() for r in rows]
    unix = logs.batch_digest(b"\n".join(lines) + b"\n")
    assert unix.records == len(lines)
    if len(set(lines)) > 1:
        reordered = logs.batch_digest(b"\n".join(reversed(lines)))
        assert reordered.merkle_root != unix.merkle_root or lines == list(reversed(lines))


DAYS = st.dates(date(2020, 1, 1), date(2030, 1, 1))


@given(st.lists(DAYS, max_size=30), DAYS, st.integers(0, 60))
def test_missing_days_are_exactly_the_days_without_a_digest(received, first, length):
    last = first + timedelta(days=length)
    missing = logs.missing_days(received=set(received), first=first, last=last)
    assert len(missing) + len({d for d in received if first <= d <= last}) == length + 1
    assert not set(missing) & set(received)
