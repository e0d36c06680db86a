"""Pure rules of the risk register (DOMAIN.md section 5). No ORM, no I/O, no clock.

A risk's score is likelihood x impact, each from 1 (rare, negligible) to 5 (almost
certain, severe), so 1 to 25; its level follows the usual 5x5 matrix bands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

SCALE = range(1, 6)  # likelihood and impact: 1 to 5
# (lowest score, level), highest first: 15-25 critical, 10-14 high, 5-9 medium, 1-4 low.
LEVEL_THRESHOLDS = ((15, "critical"), (10, "high"), (5, "medium"))
LEVEL_ORDER = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class RiskRating:
    likelihood: int
    impact: int
    score: int
    level: str


def risk_score(likelihood: int, impact: int) -> int:
    """Likelihood x impact; ValueError outside 1..5."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            raise ValueError(f"{name} must be a whole number from 1 to 5, not {value!r}")
    return likelihood * impact


def risk_level(score: int) -> str:
    """The level of a score: critical from 15, high from 10, medium from 5, else low."""
    for lowest, level in LEVEL_THRESHOLDS:
        if score >= lowest:
            return level
    return "low"


def risk_rating(likelihood: int, impact: int) -> RiskRating:
    score = risk_score(likelihood, impact)
    return RiskRating(likelihood, impact, score, risk_level(score))


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level)


def rating_problems(
    *,
    inherent_likelihood: int,
    inherent_impact: int,
    residual_likelihood: int,
    residual_impact: int,
) -> dict[str, str]:
    """Field-named problems with a risk's ratings; empty when they may be recorded.

    Controls can only lower a risk: a residual level above the inherent one is refused.
    """
    problems: dict[str, str] = {}
    values = {
        "inherent_likelihood": inherent_likelihood,
        "inherent_impact": inherent_impact,
        "residual_likelihood": residual_likelihood,
        "residual_impact": residual_impact,
    }
    for field, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            problems[field] = "Use a whole number from 1 to 5."
    if problems:
        return problems
    inherent = risk_rating(inherent_likelihood, inherent_impact)
    residual = risk_rating(residual_likelihood, residual_impact)
    if level_rank(residual.level) > level_rank(inherent.level):
        problems["residual_impact"] = (
            f"The residual level ({residual.level}, score {residual.score}) is above the "
            f"inherent level ({inherent.level}, score {inherent.score}): controls can only "
            "lower a risk. Lower the residual likelihood or impact, or raise the inherent ones."
        )
    return problems


# --- the board's review decisions (issue 6, section 4) ---------------------------------

# A decision sets the risk's next review this many months after the day it is taken;
# DOMAIN.md 5: "the governance board reviews it at least quarterly".
REVIEW_CADENCE_MONTHS = 3
OPEN_HIGH_LEVELS = ("high", "critical")  # the levels the board's trend counts


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1
    month is 28 or 29 Feb)."""
    return day + relativedelta(months=months)


def next_review_after(decided_on: date, months: int = REVIEW_CADENCE_MONTHS) -> date:
    """The next scheduled review of a risk the board decided on `decided_on`."""
    return add_months(decided_on, months)


def decision_problems(
    *,
    kind: str,
    rationale: str,
    mitigation_owner_id: int | None,
    mitigation_due: date | None,
    today: date,
) -> dict[str, str]:
    """Field-named problems with a board decision; empty when it may be recorded."""
    problems: dict[str, str] = {}
    if not rationale.strip():
        problems["rationale"] = "Say why the board decided this: the minutes keep the reason."
    if kind == "mitigate":
        if mitigation_owner_id is None:
            problems["mitigation_owner"] = "Name who owns the mitigation."
        if mitigation_due is None:
            problems["mitigation_due"] = "Give the mitigation's due date."
        elif mitigation_due < today:
            problems["mitigation_due"] = "The due date is in the past: choose today or later."
    return problems


def month_starts(last: date, count: int) -> list[date]:
    """The first days of the `count` months ending with `last`'s month, oldest first."""
    first = date(last.year, last.month, 1)
    return [add_months(first, -i) for i in range(count - 1, -1, -1)]
