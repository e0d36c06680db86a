"""A requirement's status for a system (DOMAIN.md 3): *met* when every evidence item it
asks for is present, current and accepted by a reviewer who is not the system's owner;
*partial* when some are; *gap* otherwise; *not applicable* only with a justification.
A change to accepted evidence (a new fingerprint, an expiry, a superseded version)
sends the item, and a requirement that was met, back to review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.evidence_kinds import FoundEvidence

ACCEPTED, REVIEW_NEEDED, AWAITING, MISSING = (
    "accepted",
    "review_needed",
    "awaiting_review",
    "missing",
)
MET, PARTIAL, GAP, NOT_APPLICABLE = "met", "partial", "gap", "not_applicable"


@dataclass(frozen=True)
class Decided:
    """An open reviewer decision on one record for one item."""

    record_type: str
    record_id: str
    label: str
    fingerprint: str
    expires_on: date | None
    accepted: bool


@dataclass(frozen=True)
class ItemResult:
    index: int
    kind: str
    detail: str
    label: str
    state: str
    record: FoundEvidence | None = None  # the accepted record, when one holds
    reason: str = ""  # why it needs review, or why what was found does not count
    candidates: tuple[FoundEvidence, ...] = field(default=())  # present, not yet decided


def _stale_reason(decided: Decided, found: FoundEvidence | None, today: date) -> str:
    """Why an accepted record no longer holds ("" when it still does)."""
    if found is None:
        return f"{decided.label} no longer stands as this evidence"
    if not found.current:
        return found.why_not_current or f"{found.label} no longer counts"
    if found.fingerprint != decided.fingerprint:
        return f"{found.label} changed after it was accepted"
    expiry = min((d for d in (decided.expires_on, found.expires_on) if d), default=None)
    if expiry and today > expiry:
        return f"{found.label} expired on {expiry.isoformat()}"
    return ""


def item_result(
    index: int, item: dict, found: list[FoundEvidence], decided: list[Decided], today: date
) -> ItemResult:
    """The state of one evidence item from what the owning app finds and what reviewers
    decided (newest decision first)."""
    head = {"index": index, "kind": item["kind"], "detail": item.get("detail", "")}
    head["label"] = item.get("label", "")
    by_record = {(f.record_type, f.record_id): f for f in found}
    reasons = []
    for decision in (d for d in decided if d.accepted):
        record = by_record.get((decision.record_type, decision.record_id))
        reason = _stale_reason(decision, record, today)
        if not reason:
            return ItemResult(**head, state=ACCEPTED, record=record)
        reasons.append(reason)
    settled = {(d.record_type, d.record_id, d.fingerprint) for d in decided}
    candidates = tuple(
        f for f in found if f.current and (f.record_type, f.record_id, f.fingerprint) not in settled
    )
    if reasons:
        return ItemResult(**head, state=REVIEW_NEEDED, reason=reasons[0], candidates=candidates)
    if candidates:
        return ItemResult(**head, state=AWAITING, candidates=candidates)
    lapsed = [f.why_not_current for f in found if not f.current and f.why_not_current]
    return ItemResult(**head, state=MISSING, reason=lapsed[0] if lapsed else "")


def requirement_status(items: list[ItemResult], *, not_applicable: bool = False) -> str:
    """Met, review needed, partial or gap from the items' states (before crosswalks).

    Review needed: nothing is missing and every item was accepted, but at least one
    acceptance no longer holds (the requirement was met and its evidence moved).
    """
    if not_applicable:
        return NOT_APPLICABLE
    states = [i.state for i in items]
    if states and all(s == ACCEPTED for s in states):
        return MET
    if REVIEW_NEEDED in states and all(s in (ACCEPTED, REVIEW_NEEDED) for s in states):
        return REVIEW_NEEDED
    if ACCEPTED in states:
        return PARTIAL
    return GAP


def percentage(met: int, applicable: int) -> int | None:
    """Met over applicable as a whole percentage, halves rounded up; None when nothing
    applies (a page says "nothing applies", never 0% or 100%).

    >>> percentage(2, 3), percentage(1, 8), percentage(0, 0)
    (67, 13, None)
    """
    if applicable == 0:
        return None
    return (met * 200 + applicable) // (applicable * 2)
