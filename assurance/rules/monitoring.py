"""Post-market monitoring rules (DOMAIN.md 11): is a value past its threshold, how
serious is the breach, when does silence become a finding. Pure."""

from __future__ import annotations

from datetime import datetime, timedelta


def is_past(*, value: float, threshold: float, direction: str) -> bool:
    """Whether `value` is on the wrong side of `threshold` ("at_least": must not fall
    below it; "at_most": must not rise above it). The threshold itself is within."""
    if direction == "at_least":
        return value < threshold
    if direction == "at_most":
        return value > threshold
    raise ValueError(f"unknown direction {direction!r}")


def distance_past(*, value: float, threshold: float, direction: str) -> float:
    """How far past the threshold, relative to it (0.1 = 10% past); absolute when the
    threshold is 0. 0 when within."""
    if not is_past(value=value, threshold=threshold, direction=direction):
        return 0.0
    gap = abs(value - threshold)
    return gap / abs(threshold) if threshold else gap


def worse(*, a: float, b: float, direction: str) -> float:
    """The worse of two values for a metric with this direction."""
    return min(a, b) if direction == "at_least" else max(a, b)


def breach_severity(*, distance: float) -> str:
    """The proposed incident's severity from how far past (relative): under 10% low,
    under 25% medium, under 50% high, further critical."""
    if distance >= 0.5:
        return "critical"
    if distance >= 0.25:
        return "high"
    if distance >= 0.10:
        return "medium"
    return "low"


def silence_due(*, last_value_at: datetime, interval: timedelta) -> datetime:
    """When silence becomes a finding: the plan's interval after the latest value."""
    return last_value_at + interval
