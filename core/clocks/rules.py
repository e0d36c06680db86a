"""Pure rules of the clocks: which thresholds a deadline has, which are due at `now`,
and what each alert says. No ORM, no clock reads: `now` is always given.

A deadline has warnings before it is due (e.g. 14 and 3 days), the due moment itself,
and optionally an escalation after it (e.g. 1 day overdue, to the board). Times are UTC
and calendar hours: 3 days is 72 hours whatever the weekday or daylight saving.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

OWNER = "owner"
ESCALATION = "escalation"
DUE_KEY = "due"
DAY_DUE_TIME = time(9, 0)  # UTC: a due date falls due at the start of that working day


def day_due_at(day: date) -> datetime:
    """When something due on a date (a remediation plan, a re-assessment) falls due."""
    return datetime.combine(day, DAY_DUE_TIME, tzinfo=UTC)


@dataclass(frozen=True)
class Threshold:
    """One moment of a deadline at which someone is told: `key` is stable for a due date
    (it names the offset, not the time), so it can be part of a unique key."""

    key: str
    at: datetime
    offset: timedelta  # before due (warnings), zero (due), after due (escalation)
    audience: str  # OWNER or ESCALATION


@dataclass(frozen=True)
class AlertPlan:
    """What a sweep does with one deadline: send these, mark those as passed unsent."""

    send: tuple[Threshold, ...]
    skip: tuple[Threshold, ...]


def thresholds(
    due_at: datetime, warn_before: Iterable[timedelta], escalate_after: timedelta | None
) -> list[Threshold]:
    """Every threshold of a deadline, earliest first."""
    found = [Threshold(f"warn-{_minutes(o)}m", due_at - o, o, OWNER) for o in set(warn_before)]
    found.append(Threshold(DUE_KEY, due_at, timedelta(0), OWNER))
    if escalate_after is not None:
        key = f"escalate-{_minutes(escalate_after)}m"
        found.append(Threshold(key, due_at + escalate_after, escalate_after, ESCALATION))
    return sorted(found, key=lambda t: (t.at, t.key))


def alert_plan(
    all_thresholds: Sequence[Threshold], notified: Iterable[str], now: datetime
) -> AlertPlan:
    """The thresholds crossed at `now` and not yet notified. Of the owner's crossed ones
    only the latest is sent: a deadline opened 2 days before it is due gets "due in 3
    days", not also a stale "due in 14 days". An escalation is always sent."""
    done = set(notified)
    crossed = [t for t in all_thresholds if t.at <= now and t.key not in done]
    owner = [t for t in crossed if t.audience == OWNER]
    send = [t for t in crossed if t.audience == ESCALATION] + owner[-1:]
    return AlertPlan(send=tuple(sorted(send, key=lambda t: t.at)), skip=tuple(owner[:-1]))


def next_alert_at(all_thresholds: Sequence[Threshold], notified: Iterable[str]) -> datetime | None:
    """When the sweep must look at this deadline again; None once nothing is left."""
    done = set(notified)
    return min((t.at for t in all_thresholds if t.key not in done), default=None)


def duration_text(span: timedelta) -> str:
    """'3 days', '1 day', '4 hours', '30 minutes': the largest whole calendar unit."""
    minutes = _minutes(span)
    for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
        if minutes % size == 0 and minutes >= size:
            count = minutes // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "0 minutes"


def due_text(due_at: datetime, zone: tzinfo = UTC) -> str:
    """'2026-12-03 10:00 CET': the due time as its reader's clock shows it, zone named."""
    local = due_at.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def alert_title(label: str, threshold: Threshold) -> str:
    if threshold.key == DUE_KEY:
        return f"{label} is due now"
    if threshold.audience == ESCALATION:
        return f"{label} is overdue by {duration_text(threshold.offset)}"
    return f"{label} is due in {duration_text(threshold.offset)}"


def alert_reason(
    label: str, threshold: Threshold, due_at: datetime, why: str, zone: tzinfo = UTC
) -> str:
    """Why this recipient got it, e.g. 'Review of SYS-001 is due in 3 days (due
    2026-12-03 10:00 CET); you own it'. `why` names the recipient's part, `zone` is theirs."""
    return f"{alert_title(label, threshold)} (due {due_text(due_at, zone)}); {why}"


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


@dataclass(frozen=True)
class WarningTimes:
    """When a running clock turns "warning" (its first warning went out) and "at risk"
    (its second; the only one when it has one). None: the clock has no warnings."""

    warn_at: datetime | None
    at_risk_at: datetime | None


def warning_times(due_at: datetime, warn_before: Iterable[timedelta]) -> WarningTimes:
    """The one rule behind every countdown's colour and the board's "at risk" list: the
    moments the deadline's own warnings (its policy's offsets, stored on the row) fall.

    A clock warned 36 h, 18 h and 6 h before it is due is "warning" from 36 h before,
    "at risk" from 18 h before; one warned only 2 h before is both from 2 h before."""
    offsets = sorted({o for o in warn_before if o > timedelta(0)}, reverse=True)
    if not offsets:
        return WarningTimes(None, None)
    warn_at = due_at - offsets[0]
    return WarningTimes(warn_at, due_at - offsets[1] if len(offsets) > 1 else warn_at)


def warning_state(times: WarningTimes, due_at: datetime, now: datetime) -> str:
    """The clock's state at `now`: breached, urgent (at risk), warning or ok; countdown.js
    sets the same on the page."""
    if now >= due_at:
        return "breached"
    if times.at_risk_at is not None and now >= times.at_risk_at:
        return "urgent"
    if times.warn_at is not None and now >= times.warn_at:
        return "warning"
    return "ok"
