"""Recording and verifying the audit trail.

Each event's hash is sha256(prev_hash + canonical JSON of the event), so changing
or removing any row breaks every hash after it. Appends take a transaction-level
advisory lock, so concurrent writers cannot fork the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
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
    """One walk of the chain: how many events it checked, the first sequence number
    that does not hold (None: intact), and where it began, so that every text reporting
    it names the part of the chain it covered: from event #1, or from a verified
    checkpoint (whose own walk found the chain whole up to it on `start_verified_at`)."""

    checked: int
    first_broken_seq: int | None
    problem: str = ""
    start_seq: int = 0  # the walk began after this event (0: at event #1)
    start_verified_at: datetime | None = None
    end_hash: str = GENESIS_HASH  # the hash of the last event walked

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None

    @property
    def from_checkpoint(self) -> bool:
        return self.start_seq > 0

    @property
    def end_seq(self) -> int:
        """The last event the walk checked (the start, when it checked none)."""
        return self.start_seq + self.checked


def audit_verify(
    *,
    upto: int | None = None,
    from_checkpoint: bool = False,
    batch_size: int = 5000,
    on_progress: Callable[[int], None] | None = None,
) -> ChainReport:
    """Walk the chain in order (up to sequence number `upto`, when given) and name the
    first sequence number that does not hold, a missing event included.

    In full (the default) the walk starts at event #1 and trusts nothing stored. With
    `from_checkpoint` it starts at the latest verified checkpoint at or below `upto`,
    after checking that its event still has the recorded hash (a chain rewritten and
    rehashed since is refused there): its time grows with the events since that
    checkpoint, not with the chain. `on_progress(checked)` is called every batch."""
    start = audit_verified_start(upto=upto) if from_checkpoint else None
    if start is None:
        return _walk(0, GENESIS_HASH, None, upto, batch_size, on_progress)
    problem = _checkpoint_problem(start)
    if problem:
        return ChainReport(0, start.seq, problem, start.seq, start.verified_at, start.hash)
    return _walk(start.seq, start.hash, start.verified_at, upto, batch_size, on_progress)


def audit_verified_start(*, upto: int | None = None) -> AuditCheckpoint | None:
    """The latest checkpoint a walk found the chain whole up to, at or below `upto`."""
    verified = AuditCheckpoint.objects.filter(verified_at__isnull=False, seq__gt=0)
    if upto is not None:
        verified = verified.filter(seq__lte=upto)
    return verified.order_by("-seq", "-verified_at").first()


def _checkpoint_problem(checkpoint: AuditCheckpoint) -> str:
    found = AuditEvent.objects.filter(seq=checkpoint.seq).values_list("hash", flat=True).first()
    when = f"{checkpoint.verified_at:%Y-%m-%d %H:%M} UTC"
    if found is None:
        return f"the event of the checkpoint verified on {when} is no longer in the trail"
    if found != checkpoint.hash:
        return (
            f"no longer has the hash the checkpoint verified on {when} recorded "
            f"({found[:12]}…, not {checkpoint.hash[:12]}…)"
        )
    return ""


def _walk(start_seq, start_hash, verified_at, upto, batch_size, on_progress) -> ChainReport:
    events = AuditEvent.objects.filter(seq__gt=start_seq).order_by("seq")
    if upto is not None:
        events = events.filter(seq__lte=upto)
    prev_hash, expected_seq, checked = start_hash, start_seq + 1, 0
    for event in events.iterator(chunk_size=batch_size):
        problem = _problem_with(event, prev_hash, expected_seq)
        if problem:
            return ChainReport(checked, event.seq, problem, start_seq, verified_at, prev_hash)
        prev_hash, expected_seq, checked = event.hash, event.seq + 1, checked + 1
        if on_progress and checked % batch_size == 0:
            on_progress(checked)
    if upto is not None and expected_seq <= upto:
        problem = f"missing: the trail ends at #{expected_seq - 1}"
        return ChainReport(checked, expected_seq, problem, start_seq, verified_at, prev_hash)
    return ChainReport(checked, None, "", start_seq, verified_at, prev_hash)


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


@transaction.atomic
def audit_checkpoint_verified(
    *, report: ChainReport, label: str, checkpoint: AuditCheckpoint | None = None
) -> AuditCheckpoint | None:
    """Record that `report`'s walk found the chain whole up to its end, so that the next
    incremental walk starts there: `checkpoint` (an export's, at that end) is marked
    verified, or else a new checkpoint row is stored. Nothing for a broken chain, nor
    for a walk that found no event after its start (that head is recorded already).

    Under the appends' lock like every checkpoint. It writes no audit event: the row is
    itself the record (when, from where, up to which hash), a scheduled verification
    would otherwise add an event a day, and each new event would move the head the next
    walk has to reach; a person's verification is recorded by the caller
    (audit_verification_record)."""
    if not report.ok or (checkpoint is None and report.checked == 0):
        return None
    if checkpoint is not None and (checkpoint.seq, checkpoint.hash) != (
        report.end_seq,
        report.end_hash,
    ):
        raise ValueError(f"checkpoint #{checkpoint.seq} is not where the walk ended")
    _lock_chain()
    now = timezone.now()
    if checkpoint is None:
        checkpoint = AuditCheckpoint(seq=report.end_seq, hash=report.end_hash, label=label[:200])
    checkpoint.verified_at, checkpoint.verified_from = now, report.start_seq
    checkpoint.save(update_fields=["verified_at", "verified_from"] if checkpoint.pk else None)
    return checkpoint


def audit_verification_record(*, actor, report: ChainReport) -> AuditEvent:
    """Record in the trail that a person verified the chain, which part and the result."""
    return audit_record(
        actor=actor,
        action="audit.verified",
        object_type="core.auditevent",
        object_repr="the audit trail",
        changes={
            "walk": "from checkpoint" if report.from_checkpoint else "full",
            "from_seq": report.start_seq,
            "checked": report.checked,
            "result": "intact" if report.ok else "broken",
            "first_broken_seq": report.first_broken_seq,
        },
    )


def audit_checkpoint_check(*, seq: int, hash: str) -> list[str]:  # noqa: A002 - the field's name
    """What no longer matches a checkpoint handed out as (seq, hash), in words naming the
    sequence number: [] when this portal stored it, the event still has that hash and the
    chain up to it still verifies, walked from the latest verified checkpoint at or below
    it (the full walk from event #1 is `manage.py audit_verify`)."""
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
    report = audit_verify(upto=seq, from_checkpoint=True)
    # A verified checkpoint at `seq` itself refused: the head problem above says it.
    if not report.ok and not (problems and report.first_broken_seq == seq):
        problems.append(
            f"Audit event #{report.first_broken_seq}: {report.problem} (the audit trail up to "
            f"#{seq} no longer verifies)"
        )
    return problems


def chain_walk_words(report: ChainReport, time_zone: tzinfo | None = None) -> str:
    """Which part of the chain `report` walked, in words: "from event #1 to #40" or
    "from checkpoint #30 (the chain up to it was found whole on 2026-12-07 18:02 UTC)
    to #40" (the time in `time_zone`, default the current one)."""
    end = f"#{report.end_seq}" if report.ok else f"#{report.first_broken_seq}"
    if not report.from_checkpoint:
        return f"from event #1 to {end}"
    found = timezone.localtime(report.start_verified_at, time_zone)
    return (
        f"from checkpoint #{report.start_seq} (the chain up to it was found whole on "
        f"{found:%Y-%m-%d %H:%M %Z}) to {end}"
    )
