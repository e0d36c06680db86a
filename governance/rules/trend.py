"""The trend of open high and critical residual risks by month, derived from dated facts.

Pure (no ORM, no clock). The design: no snapshot table. Each risk's state today (residual
level, status) is known; the audit trail holds every change of those two fields with its
time ({field: [old, new]} of the "risk.*" events). Undoing, newest first, the changes made
after a moment gives the risk's state at that moment; a risk created after it did not
exist yet. So the trend is exact for any month, back-filled for old data, and costs two
queries whatever the number of months.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from governance.rules.risks import OPEN_HIGH_LEVELS

TRACKED = ("residual_level", "status")


@dataclass(frozen=True)
class FieldChange:
    at: datetime
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RiskFacts:
    created_at: datetime
    residual_level: str  # now
    status: str  # now
    changes: tuple[FieldChange, ...] = field(default_factory=tuple)


def state_at(risk: RiskFacts, moment: datetime) -> dict[str, str] | None:
    """The risk's tracked fields just before `moment`; None when it did not exist yet."""
    if risk.created_at >= moment:
        return None
    state = {"residual_level": risk.residual_level, "status": risk.status}
    for change in sorted(risk.changes, key=lambda ch: ch.at, reverse=True):
        # A creation event records [None, value]: there is nothing before it to go back to.
        if change.at >= moment and change.field in state and change.old is not None:
            state[change.field] = change.old
    return state


def open_high_at(risks: Iterable[RiskFacts], moment: datetime) -> int:
    """How many risks were open with a high or critical residual level just before `moment`."""
    count = 0
    for risk in risks:
        state = state_at(risk, moment)
        if state and state["status"] == "open" and state["residual_level"] in OPEN_HIGH_LEVELS:
            count += 1
    return count


def open_high_by_month(risks: Sequence[RiskFacts], month_ends: Sequence[datetime]) -> list[int]:
    """One count per moment of `month_ends` (each month's end, or now for this month)."""
    return [open_high_at(risks, moment) for moment in month_ends]
