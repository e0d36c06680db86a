"""The rules of an audit pack's export, pure (no ORM, no clock: `today` is a parameter)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

# A pack covers records; ten years is how long high-risk systems' records are kept
# (DOMAIN.md 2.2, Art. 12): a longer range holds nothing more, and is most likely a typo.
MAX_RANGE_YEARS = 10
SCOPES = ("system", "portfolio")
# The sweep gives a run this long beyond the render's time limit before calling it dead:
# the worker needs a moment to start, store the file and commit.
RUN_MARGIN = timedelta(seconds=60)
KILLED = "The export stopped: its worker was killed or ran over the time limit. Retry it."
DONE_STAGE = "Done"


# What every pack takes from the organisation profile (DOMAIN.md 13): its cover names the
# organisation by its legal name. A pack is not made without it.
PROFILE_ITEMS = ("legal_name",)


def profile_missing_words(missing: list[str], *, then: str = "retry the export") -> str:
    """Why a pack was refused for want of profile items, naming each, for the requester;
    `then` is what they do once it is filled in (retry a failed export, or start one)."""
    items = " and ".join(missing)
    return (
        f"The organisation profile lacks its {items}, which every pack names. An "
        "administrator fills it in on the organisation profile page (/organisation/); "
        f"then {then}."
    )


def over_time_words(limit_seconds: int) -> str:
    return (
        f"The export ran over its time limit ({limit_seconds} s). Retry it, or export "
        "fewer systems or a shorter range."
    )


def failure_words(stage: str) -> str:
    """Why a run failed, for the requester: where it stopped, never a traceback."""
    at = f" while {stage[:1].lower()}{stage[1:]}" if stage else ""
    return (
        f"The export failed{at}. Retry it; if it fails again, tell an administrator "
        "(the export worker's log has the details)."
    )


def pack_range_problems(date_from: date | None, date_to: date | None, today: date) -> dict:
    """{field: message} for a date range a pack cannot cover; empty when it can."""
    problems: dict[str, str] = {}
    if date_to is not None and date_to > today:
        problems["date_to"] = f"Choose a day up to today ({today.isoformat()}): no records yet."
    if date_from is not None and date_to is not None and date_from > date_to:
        problems["date_from"] = "The start comes after the end: swap the dates."
    elif date_from and date_to and not problems and _years_between(date_from, date_to):
        problems["date_from"] = (
            f"A pack covers at most {MAX_RANGE_YEARS} years: start on or after "
            f"{_years_before(date_to).isoformat()}."
        )
    return problems


def _years_before(day: date) -> date:
    """The same day MAX_RANGE_YEARS earlier (29 February: the 28th)."""
    if day.year - MAX_RANGE_YEARS < date.min.year:
        return date.min  # a day in the first ten years of the calendar: any start will do
    return day - relativedelta(years=MAX_RANGE_YEARS)


def _years_between(date_from: date, date_to: date) -> bool:
    return date_from < _years_before(date_to)


def pack_storage_name(pack_id: str, sha256: str) -> str:
    """Where the file is kept: the pack's ID and a prefix of its hash (a retried export
    writes a new name rather than over the old bytes)."""
    return f"{pack_id}-{sha256[:16]}.pdf"


def pack_file_name(pack_id: str, scope: str, system_ids: list[str]) -> str:
    """The name a download is saved under."""
    what = "portfolio" if scope == "portfolio" else "-".join(system_ids[:3]) or "systems"
    if scope != "portfolio" and len(system_ids) > 3:
        what += f"-and-{len(system_ids) - 3}-more"
    return f"{pack_id}-{what}.pdf"


def clock_state(due_at: datetime, met_at: datetime | None, as_of: datetime) -> str:
    """What a pack says of a clock, as of the export moment `as_of` (never the range's
    end: a clock due after the range but before the export has run out by then, and one
    due after the export is still running whatever the range):
    "met" (on or before its due time), "met late", "missed" (due before the export and
    not met) or "running"."""
    if met_at is not None:
        return "met" if met_at <= due_at else "met late"
    return "missed" if due_at < as_of else "running"


def time_left_words(due_at: datetime, as_of: datetime) -> str:
    """The time a running clock had left at the export, e.g. "1 h 16 min" ("under a
    minute" below one)."""
    minutes = int((due_at - as_of).total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{mins} min"] if mins and not days else []
    return " ".join(parts)


@dataclass(frozen=True)
class VoidedSignOffs:
    """Sign-offs of one gate request voided for one reason: a pack counts them rather
    than listing each (they no longer stand; the audit trail keeps every one)."""

    reason: str
    count: int
    last_at: datetime


def voided_sign_offs(voids: Iterable[tuple[str, datetime]]) -> list[VoidedSignOffs]:
    """(void reason, voided at) pairs grouped by reason, in the order first voided."""
    groups: dict[str, list[datetime]] = {}
    for reason, at in sorted(voids, key=lambda pair: pair[1]):
        groups.setdefault(reason.strip(), []).append(at)
    return [VoidedSignOffs(reason, len(times), max(times)) for reason, times in groups.items()]
