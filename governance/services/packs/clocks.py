"""An incident's clocks as a pack states them: judged at the export moment, so a clock
that still runs when the pack is made says "running, due ..." and only one whose due
time had passed, unmet, says "missed"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from governance.rules import packs as pack_rules
from incidents.selectors import Clock


@dataclass(frozen=True)
class PackClock:
    label: str
    due_at: datetime
    met_at: datetime | None
    met_by: str
    state: str  # pack_rules.clock_state: met, met late, missed, running
    left: str  # a running clock's time left at the export, in words

    @property
    def running(self) -> bool:
        return self.state == "running"


def pack_clocks(clocks: list[Clock], as_of: datetime) -> list[PackClock]:
    """The clocks as of `as_of` (the export moment)."""
    return [
        PackClock(
            label=c.label,
            due_at=c.due_at,
            met_at=c.met_at,
            met_by=c.met_by,
            state=pack_rules.clock_state(c.due_at, c.met_at, as_of),
            left=pack_rules.time_left_words(c.due_at, as_of),
        )
        for c in clocks
    ]
