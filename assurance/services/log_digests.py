"""Digests of the systems' own logs (DOMAIN.md 12, issue 20 section 3).

A system (its scoped monitoring token, or a person who may record for it) sends one
digest per day: date, record count, SHA-256 or Merkle root, where the batch is kept.
Each is written into the portal's hash-chained audit trail (its event's `seq` is kept on
the digest), so the batch can later be proven unchanged (`log_batch_verify`). A second
digest for a day is refused unless it is a correction with a reason; it then corrects
the latest one for that day. A missing day is a finding: a clock per system (kind
LOG_DIGEST_KIND) due at the end of the day after the next expected day, moved forward
by every digest for a later day; the clock sweep tells the owner when it passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from assurance.models import LogDigest
from assurance.rules.logs import BatchDigest, batch_digest, digest_due_at
from assurance.selectors.logs import digest_in_force
from core.audit import ChainReport, audit_record, audit_verify
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_move, deadline_open
from core.models import AuditEvent
from core.permissions import CONSOLE, require
from core.writes import row_create, row_lock, row_update
from registry.models import AISystem
from registry.services.reviews import review_owner

LOG_DIGEST_KIND = "assurance.log_digest_due"
ACTION_LABELS = {
    "log_digest.recorded": "Recorded the digest of a day of a system's own logs",
    "log_digest.corrected": "Corrected the digest of a day of a system's own logs",
    "log_batch.verified": "Checked a log batch against its recorded digest",
}
CORRECTION_NEEDED = (
    "A digest for {day} is already recorded; a second one is a correction and needs a "
    "reason (send correction: {{reason: ...}})."
)


@transaction.atomic
def log_digest_record(
    *,
    actor,
    system: AISystem,
    day: date,
    records: int,
    location: str,
    sha256: str = "",
    merkle_root: str = "",
    correction_reason: str | None = None,
    now: datetime | None = None,
) -> LogDigest:
    """Record one day's digest in the audit chain and move the system's digest clock.

    `correction_reason` given (not None): a correction of the latest digest for `day`.
    Raises ValidationError naming the field: a future date, a second digest for the day
    without a correction, a correction of nothing or without a reason, no hash."""
    require(actor, "assurance.digest.record", system)
    now = now or timezone.now()
    row_lock(system)  # one writer per system: two digests for a day cannot both be first
    current = digest_in_force(system, day)
    refused = _refusals(day, current, sha256, merkle_root, correction_reason, now)
    reason = (correction_reason or "").strip()
    digest = row_create(
        actor=actor,
        model=LogDigest,
        values={
            "system": system,
            "date": day,
            "records": records,
            "sha256": sha256.lower(),
            "merkle_root": merkle_root.lower(),
            "location": location.strip(),
            "corrects": current if correction_reason is not None else None,
            "correction_reason": reason,
            "received_at": now,
        },
        action=None,  # the one event below carries the digest into the chain
        refused=refused,
    )
    event = audit_record(
        actor=actor,
        action="log_digest.corrected" if digest.corrects_id else "log_digest.recorded",
        obj=digest,
        changes=_recorded(digest),
        at=now,
    )
    row_update(actor=actor, obj=digest, values={"audit_sequence": event.seq}, action=None)
    _clock_forward(actor, system)
    return digest


def _refusals(day, current, sha256, merkle_root, correction_reason, now) -> dict[str, str]:
    refused = {}
    if day > now.date():
        refused["date"] = f"{day:%Y-%m-%d} is in the future: a digest is of a day's batch."
    if correction_reason is None and current is not None:
        refused["date"] = CORRECTION_NEEDED.format(day=f"{day:%Y-%m-%d}")
    if correction_reason is not None and current is None:
        refused["correction"] = f"No digest for {day:%Y-%m-%d} is recorded: nothing to correct."
    if correction_reason is not None and not correction_reason.strip():
        refused["correction"] = "A correction needs a reason."
    if not sha256 and not merkle_root:
        refused["sha256"] = "Give the batch's SHA-256, its Merkle root, or both."
    return refused


def _recorded(digest: LogDigest) -> dict:
    """What the chain holds of a digest: enough to prove a batch without the row."""
    values = {
        "system": digest.system.system_id,
        "date": f"{digest.date:%Y-%m-%d}",
        "records": digest.records,
        "sha256": digest.sha256,
        "merkle_root": digest.merkle_root,
        "location": digest.location,
    }
    if digest.corrects_id:
        values |= {"corrects": digest.corrects.audit_sequence, "reason": digest.correction_reason}
    return values


def _clock_forward(actor, system: AISystem) -> None:
    """The next day's digest is due at the end of the day after it; a digest for an
    earlier day (a late one, a correction) leaves the clock where it is."""
    latest = LogDigest.objects.filter(system=system).aggregate(last=Max("date"))["last"]
    due_at = digest_due_at(latest + timedelta(days=1))
    deadline = deadline_open_for(subject=system, kind=LOG_DIGEST_KIND)
    if deadline is not None:
        if deadline.due_at < due_at:
            deadline_move(actor=actor, deadline=deadline, due_at=due_at)
        return
    owner = review_owner(system, actor)
    if owner is None:
        return
    deadline_open(
        actor=actor,
        subject=system,
        kind=LOG_DIGEST_KIND,
        label=f"Daily log digest of {system.system_id} {system.name}",
        due_at=due_at,
        owner=owner,
        link=reverse("assurance:digest_system", args=[system.system_id]),
    )


# --- verification: a batch file against what the chain holds -------------------------


@dataclass(frozen=True)
class BatchCheck:
    """A batch file checked against the digest recorded for its system and day."""

    system_id: str
    day: date
    computed: BatchDigest
    digest: LogDigest | None  # the one in force for the day (the latest correction)
    event: AuditEvent | None  # the audit event that recorded it
    chain: ChainReport | None  # the chain verified up to that event
    differences: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return self.digest is not None and not self.differences

    @property
    def chain_ok(self) -> bool:
        return self.chain is not None and self.chain.ok


@transaction.atomic
def log_batch_verify(*, actor, system: AISystem, day: date, data: bytes) -> BatchCheck:
    """Recompute a batch's digest and compare it with what the audit trail recorded for
    the day; the attempt and its outcome are themselves recorded (an audit event)."""
    if actor is not CONSOLE:  # the console (manage.py verify_log_batch) holds the data
        require(actor, "assurance.digest.verify")
    computed = batch_digest(data)
    digest = digest_in_force(system, day)
    event = chain = None
    differences = []
    if digest is None:
        differences.append(f"No digest is recorded for {system.system_id} on {day:%Y-%m-%d}.")
    else:
        event = AuditEvent.objects.filter(seq=digest.audit_sequence).first()
        chain = audit_verify(upto=digest.audit_sequence, from_checkpoint=True) if event else None
        differences = _differences(computed, digest, event)
    check = BatchCheck(system.system_id, day, computed, digest, event, chain, differences)
    audit_record(
        actor=actor,
        action="log_batch.verified",
        obj=system,
        changes={
            "date": f"{day:%Y-%m-%d}",
            "sha256": computed.sha256,
            "records": computed.records,
            "matches": check.matches,
            "digest_seq": digest.audit_sequence if digest else None,
        },
    )
    return check


def _differences(computed: BatchDigest, digest: LogDigest, event) -> list[str]:
    """Each way the file differs from what was recorded, in words naming the date."""
    day = f"{digest.date:%Y-%m-%d}"
    if event is None:
        return [f"The audit event #{digest.audit_sequence} that recorded {day} is missing."]
    recorded = event.changes
    found = []
    if recorded.get("records") != computed.records:
        found.append(
            f"{day}: {computed.records} records in the file, {recorded.get('records')} recorded."
        )
    for name, label in (("sha256", "SHA-256"), ("merkle_root", "Merkle root")):
        if recorded.get(name) and recorded[name] != getattr(computed, name):
            found.append(
                f"{day}: the file's {label} is {getattr(computed, name)}, "
                f"the recorded one {recorded[name]}."
            )
    if any(recorded.get(n) != getattr(digest, n) for n in ("records", "sha256", "merkle_root")):
        found.append(f"{day}: the stored digest differs from what the audit trail recorded.")
    return found
