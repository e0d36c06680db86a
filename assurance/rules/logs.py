"""Digests of the systems' own log batches (DOMAIN.md 12). Pure: bytes in, digest out.

A batch is a JSON lines file. Its SHA-256 is over the file's bytes exactly as kept; its
Merkle root is over the lines: each leaf is SHA-256(0x00 + line), each node
SHA-256(0x01 + left + right), an odd node carried up unchanged (RFC 6962's shape, so
any tool that follows it agrees)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

DEPLOYER_MIN_DAYS = 183  # Art. 26(6): at least six months
PROVIDER_PRACTICE_DAYS = 3653  # ten years, the practice for high-risk providers' documentation


@dataclass(frozen=True)
class BatchDigest:
    records: int
    sha256: str
    merkle_root: str


def _lines(data: bytes) -> list[bytes]:
    return [line for line in data.split(b"\n") if line.strip()]


def merkle_root(leaves: list[bytes]) -> str:
    """RFC 6962-shaped Merkle root of the leaves (the empty tree: SHA-256 of nothing)."""
    if not leaves:
        return hashlib.sha256(b"").hexdigest()
    level = [hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]
    while len(level) > 1:
        paired = [
            hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
            for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0].hex()


def batch_digest(data: bytes) -> BatchDigest:
    """The record count (non-blank lines), SHA-256 of the bytes and Merkle root of the
    lines of one day's batch."""
    lines = _lines(data)
    return BatchDigest(
        records=len(lines), sha256=hashlib.sha256(data).hexdigest(), merkle_root=merkle_root(lines)
    )


def required_retention_days(*, role: str, tier: str) -> int:
    """The least retention a system's own logs must declare: ten years for a high-risk
    (high or critical tier) system we provide, six months otherwise (Art. 26(6))."""
    if role == "provider" and tier in ("high", "critical"):
        return PROVIDER_PRACTICE_DAYS
    return DEPLOYER_MIN_DAYS


def missing_days(*, received: set[date], first: date, last: date) -> list[date]:
    """The days from `first` to `last` (inclusive) without a digest."""
    days = []
    day = first
    while day <= last:
        if day not in received:
            days.append(day)
        day += timedelta(days=1)
    return days


def digest_due_at(day: date) -> datetime:
    """When the digest of `day` is due: the end of the next day, UTC (a day's batch is
    complete only at midnight; the system has the whole next day to send its digest)."""
    return datetime.combine(day + timedelta(days=2), time(0, 0), tzinfo=UTC)


def last_day_due(now: datetime) -> date:
    """The latest day whose digest is due by `now` (aware): the day before yesterday, UTC."""
    return now.astimezone(UTC).date() - timedelta(days=2)


def retention_problem(*, declared: int | None, required: int) -> str:
    """What is wrong with a declared retention, in words; "" when nothing is."""
    if declared is None:
        return f"No retention declared: at least {required} days are required."
    if declared < required:
        return f"{declared} days declared, fewer than the {required} days required."
    return ""


def span_days(first: date | None, last: date | None) -> int:
    """How many days the digests cover, first and last included (0 without digests)."""
    if first is None or last is None:
        return 0
    return (last - first).days + 1
