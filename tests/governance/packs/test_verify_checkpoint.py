"""Audit checkpoints: the chain's head stored when a pack leaves the portal, and what
no longer matches it once the chain was rewritten."""

import pytest
from django.db import connection

from core.audit import (
    GENESIS_HASH,
    audit_checkpoint_check,
    audit_checkpoint_take,
    audit_verify,
    canonical_payload,
    chain_hash,
)
from core.models import AuditCheckpoint, AuditEvent
from tests.factories import record_events

TRIGGER = "core_auditevent_no_update_delete"


def rehash_from(seq: int) -> None:
    """What a careful forger does after rewriting an event: recompute every hash from
    `seq` on, so that the chain verifies again by itself."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {TRIGGER}")
        prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else GENESIS_HASH
        for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
            event.prev_hash, event.hash = prev, chain_hash(prev, canonical_payload(event))
            AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=event.hash)
            prev = event.hash
        cursor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {TRIGGER}")


@pytest.mark.django_db
def test_an_empty_chain_is_checkpointed_at_zero_with_the_genesis_hash():
    checkpoint = audit_checkpoint_take(label="PACK-00001")
    assert (checkpoint.seq, checkpoint.hash, checkpoint.label) == (0, GENESIS_HASH, "PACK-00001")
    assert audit_checkpoint_check(seq=0, hash=GENESIS_HASH) == []


def test_the_checkpoint_is_the_head_and_is_stored(personas):
    events = record_events(personas.admin, 3)
    checkpoint = audit_checkpoint_take(label="PACK-00002")
    assert (checkpoint.seq, checkpoint.hash) == (events[-1].seq, events[-1].hash)
    assert AuditCheckpoint.objects.filter(seq=checkpoint.seq, label="PACK-00002").exists()
    record_events(personas.admin, 2)  # later events do not touch an earlier checkpoint
    assert audit_checkpoint_check(seq=checkpoint.seq, hash=checkpoint.hash) == []


def test_verification_can_stop_at_a_sequence_number(personas, tamper_with):
    record_events(personas.admin, 5)
    tamper_with(5, "test.forged")
    assert audit_verify(upto=4).ok and audit_verify(upto=4).checked == 4
    assert audit_verify(upto=5).first_broken_seq == 5


def test_a_chain_shorter_than_the_bound_is_named(personas):
    record_events(personas.admin, 2)
    report = audit_verify(upto=4)
    assert (report.ok, report.first_broken_seq) == (False, 3)
    assert "the trail ends at #2" in report.problem


def test_a_checkpoint_this_portal_never_stored_is_named(personas):
    head = record_events(personas.admin, 2)[-1]
    assert audit_checkpoint_check(seq=head.seq, hash=head.hash) == [
        f"The audit checkpoint #{head.seq} ({head.hash[:12]}…) is not stored in this portal"
    ]


def test_an_event_rewritten_before_the_checkpoint_is_named(personas, tamper_with):
    record_events(personas.admin, 4)
    checkpoint = audit_checkpoint_take(label="PACK-00003")
    tamper_with(2, "test.forged")
    assert audit_checkpoint_check(seq=checkpoint.seq, hash=checkpoint.hash) == [
        "Audit event #2: content does not match its hash (the audit trail up to #4 no longer "
        "verifies)"
    ]


def test_a_rewritten_and_rehashed_chain_no_longer_has_the_checkpoints_hash(personas, tamper_with):
    record_events(personas.admin, 4)
    checkpoint = audit_checkpoint_take(label="PACK-00004")
    tamper_with(3, "test.forged")
    rehash_from(3)
    assert audit_verify().ok  # the chain alone no longer shows it
    problems = audit_checkpoint_check(seq=checkpoint.seq, hash=checkpoint.hash)
    assert len(problems) == 1
    assert problems[0].startswith("Audit event #4 no longer has the recorded hash")
