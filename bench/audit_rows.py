"""Millions of audit events in a valid chain, written with COPY (bench data only).

Each row is hashed exactly as `core.audit.audit_record` hashes it (the same
`canonical_payload` and `chain_hash`), continuing from the chain's current head, so
`audit_verify` holds over the result. Bypassing the service is the point: a bench
needs ten years of events in minutes, in a throw-away database.

    from bench.audit_rows import audit_events_copy
    head = audit_events_copy(count=5_000_000, subjects=[("registry.aisystem", "17", "SYS-017")])
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from core.audit import GENESIS_HASH, canonical_payload, chain_hash
from core.models import AuditEvent

COLUMNS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "request_id",
    "prev_hash",
    "hash",
)
ACTIONS = (
    "system.update",
    "risk.update",
    "incident.update",
    "deadline.met",
    "gate_request.submit",
    "vendor.update",
    "auth.login",
    "export.download",
)


@dataclass(slots=True)
class _Row:
    """What `canonical_payload` reads of an event, without a model instance per row."""

    seq: int
    at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict = field(default_factory=dict)
    request_id: str = ""


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str


def chain_head() -> ChainHead:
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    return ChainHead(last["seq"], last["hash"]) if last else ChainHead(0, GENESIS_HASH)


def audit_events_copy(
    *,
    count: int,
    subjects: Sequence[tuple[str, str, str]],
    actors: Sequence[tuple[int | None, str]] = ((None, ""),),
    start: datetime | None = None,
    span: timedelta = timedelta(days=3650),
    seed: int = 21,
    on_progress=None,
) -> ChainHead:
    """Append `count` events after the current head, spread evenly over `span` ending
    at `start` + span (default: ten years up to now), each about one of `subjects`
    (object_type, object_id, object_repr) by one of `actors` (user id, e-mail).
    Returns the new head. `on_progress(done)` is called every 100,000 rows."""
    rng = random.Random(seed)
    head = chain_head()
    start = start or (datetime.now(UTC).replace(microsecond=0) - span)
    step = span / max(count, 1)
    prev, seq = head.hash, head.seq
    sql = f"COPY {AuditEvent._meta.db_table} ({', '.join(COLUMNS)}) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for n in range(count):
            seq += 1
            object_type, object_id, object_repr = subjects[n % len(subjects)]
            actor_id, label = actors[rng.randrange(len(actors))]
            row = _Row(
                seq=seq,
                at=(start + step * n).replace(microsecond=0),
                actor_id=actor_id,
                actor_label=label,
                action=ACTIONS[n % len(ACTIONS)],
                object_type=object_type,
                object_id=object_id,
                object_repr=object_repr,
                changes={"n": [n - 1, n]},
            )
            digest = chain_hash(prev, canonical_payload(row))
            copy.write_row(
                (
                    seq,
                    row.at,
                    actor_id,
                    label,
                    row.action,
                    object_type,
                    object_id,
                    object_repr,
                    '{"n": [%d, %d]}' % (n - 1, n),  # noqa: UP031 - the hot loop
                    "",
                    prev,
                    digest,
                )
            )
            prev = digest
            if on_progress and (n + 1) % 100_000 == 0:
                on_progress(n + 1)
    return ChainHead(seq, prev)
