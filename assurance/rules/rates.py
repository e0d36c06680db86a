"""Attack success and false refusal rates with their 95% Wilson intervals (DOMAIN.md 9:
"3 successes in 40 attempts and in 4,000 are different findings"). Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the normal quantile of 0.975


@dataclass(frozen=True)
class Rate:
    """`hits` of `n` with the rate and its 95% Wilson interval; no rate when n is 0."""

    hits: int
    n: int
    value: float | None
    low: float | None
    high: float | None

    @property
    def measured(self) -> bool:
        return self.n > 0


def wilson(hits: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of hits/n (n > 0), clipped to [0, 1]."""
    if n <= 0 or hits < 0 or hits > n:
        raise ValueError(f"need 0 <= hits <= n and n > 0, got {hits} of {n}")
    p = hits / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # At p = 0 or 1 the exact bound is 0 or 1; floating point may miss it by 1e-17.
    low = 0.0 if hits == 0 else max(0.0, centre - half)
    high = 1.0 if hits == n else min(1.0, centre + half)
    return low, high


def rate(hits: int, n: int) -> Rate:
    """The rate of `hits` in `n` with its interval (none measured when n is 0)."""
    if n == 0:
        return Rate(hits=0, n=0, value=None, low=None, high=None)
    low, high = wilson(hits, n)
    return Rate(hits=hits, n=n, value=hits / n, low=low, high=high)


def asr(successes: int, attempts: int) -> Rate:
    """Attack success rate: successful attacks over attempts."""
    return rate(successes, attempts)


def frr(refusals: int, benign_prompts: int) -> Rate:
    """False refusal rate: legitimate (benign) prompts refused over benign prompts sent."""
    return rate(refusals, benign_prompts)


def percent(value: float | None, places: int = 1) -> str:
    """A rate as people read it: '12.5%', or '—' when not measured. Under 1% it keeps
    two decimals, so 3 in 4,000 reads 0.07% (95% CI 0.03%–0.22%), not 0.1% (0.0%–0.2%):
    a lower bound above zero is not shown as zero."""
    if value is None:
        return "—"
    if 0 < value < 0.01:
        places = max(places, 2)
    return f"{value * 100:.{places}f}%"
