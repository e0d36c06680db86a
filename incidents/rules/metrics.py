"""Incident metrics (DOMAIN.md 6: time to triage, to contain, to notify; issue 8:
SLA compliance per severity by month). Pure: rows in, numbers out; the selector
reads the rows, incidents.rules.charts draws them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from incidents.choices import Severity

SEVERITIES = [s.value for s in Severity]  # critical first
MEASURES = {
    "triage": ("triaged_at", "Time to triage"),
    "contain": ("contained_at", "Time to contain"),
    "notify": ("notified_at", "Time to notify"),
}


@dataclass(frozen=True)
class Duration:
    severity: str
    incidents: int  # how many incidents reached the step
    median_minutes: float | None


def time_to(rows: Iterable[Mapping], measure: str) -> list[Duration]:
    """The median minutes from discovery to a step (`measure` of MEASURES), per severity.
    Rows: {"severity", "discovered_at", "triaged_at", "contained_at", "notified_at"}."""
    field = MEASURES[measure][0]
    minutes: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        done = row.get(field)
        if done is not None:
            minutes[row["severity"]].append((done - row["discovered_at"]).total_seconds() / 60)
    return [
        Duration(s, len(minutes[s]), median(minutes[s]) if minutes[s] else None) for s in SEVERITIES
    ]


@dataclass(frozen=True)
class Compliance:
    severity: str
    month: str  # "2026-11"
    decided: int  # clocks met, or past due unmet
    on_time: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.decided) if self.decided else None


def sla_compliance(clocks: Iterable[Mapping], now: datetime) -> list[Compliance]:
    """Per severity and month of the due time, the share of SLA clocks met on time.
    Rows: {"severity", "due_at", "met_at"}. A clock still running and not yet due is
    not decided; one past due and unmet counts as missed; cancelled ones are not given."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for clock in clocks:
        met, due = clock["met_at"], clock["due_at"]
        if met is None and due > now:
            continue
        cell = counts[(clock["severity"], f"{due:%Y-%m}")]
        cell[0] += 1
        cell[1] += int(met is not None and met <= due)
    return [
        Compliance(severity, month, decided, on_time)
        for (severity, month), (decided, on_time) in sorted(
            counts.items(), key=lambda item: (SEVERITIES.index(item[0][0]), item[0][1])
        )
    ]


def months_of(compliance: list[Compliance]) -> list[str]:
    return sorted({c.month for c in compliance})


def hours_label(minutes: float | None) -> str:
    if minutes is None:
        return "–"
    if minutes < 120:
        return f"{minutes:.0f} min"
    return f"{minutes / 60:.1f} h"
