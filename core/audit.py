"""Recording and verifying the audit trail.

Each event's hash is sha256(prev_hash + canonical JSON of the event), so changing
or removing any row breaks every hash after it. Appends take a transaction-level
advisory lock, so concurrent writers cannot fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.models import AuditCheckpoint, AuditEvent, User
from core.request_context import current_request_id

GENESIS_HASH = "0" * 64
# An arbitrary constant naming "the audit chain" among advisory locks.
AUDIT_LOCK_KEY = 7_420_420_001


class Outsider:
    """Someone who acts without a portal account, through a credential an app checked
    itself (a vendor contact's questionnaire link). The trail names them by `label`
    (stored as the event's actor label, so the chain's hash covers it); they hold no
    permission: not being authenticated, core.permissions allows them nothing."""

    is_authenticated = False
    is_active = False
    is_superuser = False
    pk = None

    def __init__(self, label: str):
        self.label = label[: AuditEvent._meta.get_field("actor_label").max_length]

    def __str__(self) -> str:
        return self.label


def actor_label(actor) -> str:
    """How the trail names `actor`: a signed-in person (or the console) by e-mail, an
    outsider by their label, anyone else (a scheduled task) not at all."""
    if getattr(actor, "is_authenticated", False):
        return actor.email
    return actor.label if isinstance(actor, Outsider) else ""


def canonical_payload(event: AuditEvent) -> str:
    """The event's content in one stable text form (sorted keys, no spaces)."""
    body = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "changes": event.changes,
        "request_id": event.request_id,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)


def chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    # Round-trip through JSON so the stored value and the hashed value are identical.
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def _lock_chain() -> None:
    """Serialise with every append until the caller's transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])


@transaction.atomic
def audit_record(
    *,
    actor,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction."""
    _lock_chain()
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    signed_in = getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        seq=(last["seq"] + 1) if last else 1,
        at=at or timezone.now(),
        # A person, or nobody; the console (core.permissions.CONSOLE) by its label only.
        actor=actor if signed_in and isinstance(actor, User) else None,
        actor_label=actor_label(actor),
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        changes=_jsonable(changes or {}),
        request_id=current_request_id(),
        prev_hash=last["hash"] if last else GENESIS_HASH,
    )
    event.hash = chain_hash(event.prev_hash, canonical_payload(event))
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_seq: int | None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def audit_verify(*, upto: int | None = None, batch_size: int = 5000) -> ChainReport:
    """Walk the chain in order (up to sequence number `upto`, when given) and name the
    first sequence number that does not hold, a missing event included."""
    events = AuditEvent.objects.order_by("seq")
    if upto is not None:
        events = events.filter(seq__lte=upto)
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in events.iterator(chunk_size=batch_size):
        problem = _problem_with(event, prev_hash, expected_seq)
        if problem:
            return ChainReport(checked=checked, first_broken_seq=event.seq, problem=problem)
        prev_hash, expected_seq, checked = event.hash, event.seq + 1, checked + 1
    if upto is not None and expected_seq <= upto:
        return ChainReport(checked, expected_seq, f"missing: the trail ends at #{expected_seq - 1}")
    return ChainReport(checked=checked, first_broken_seq=None)


def _problem_with(event: AuditEvent, prev_hash: str, expected_seq: int) -> str:
    if event.seq != expected_seq:
        return f"sequence gap: expected {expected_seq}"
    if event.prev_hash != prev_hash:
        return "prev_hash does not match the previous event"
    if event.hash != chain_hash(event.prev_hash, canonical_payload(event)):
        return "content does not match its hash"
    return ""


def diff_fields(before: dict, after: dict) -> dict:
    """The changed fields as {field: [old, new]}, for an event's `changes`."""
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


# --- checkpoints: the chain's head, stored when a copy of it leaves the portal ---------


@transaction.atomic
def audit_checkpoint_take(*, label: str) -> AuditCheckpoint:
    """Store the chain's head now (seq 0 and the genesis hash for an empty chain). Under
    the appends' lock, so no event is half-appended while the head is read. Writes no
    audit event: the caller (an export) records its own."""
    _lock_chain()
    head = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    head = head or {"seq": 0, "hash": GENESIS_HASH}
    return AuditCheckpoint.objects.create(seq=head["seq"], hash=head["hash"], label=label[:200])


def audit_checkpoint_check(*, seq: int, hash: str) -> list[str]:  # noqa: A002 - the field's name
    """What no longer matches a checkpoint handed out as (seq, hash), in words naming the
    sequence number: [] when this portal stored it, the event still has that hash and the
    chain up to it still verifies."""
    problems = []
    if not AuditCheckpoint.objects.filter(seq=seq, hash=hash).exists():
        problems.append(f"The audit checkpoint #{seq} ({hash[:12]}…) is not stored in this portal")
    head_hash = (
        GENESIS_HASH
        if seq == 0
        else AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    )
    if head_hash is None:
        problems.append(f"Audit event #{seq} is no longer in the audit trail")
    elif head_hash != hash:
        problems.append(
            f"Audit event #{seq} no longer has the recorded hash: it is {head_hash[:12]}…, "
            f"the checkpoint recorded {hash[:12]}…"
        )
    report = audit_verify(upto=seq)
    if not report.ok:
        problems.append(
            f"Audit event #{report.first_broken_seq}: {report.problem} (the audit trail up to "
            f"#{seq} no longer verifies)"
        )
    return problems
