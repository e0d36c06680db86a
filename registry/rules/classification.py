"""Pure rules of the registry (DOMAIN.md section 2): classification, controls,
reviews and system IDs. No ORM, no I/O, no clock.

The six-dimension classification under a scoring scheme (passed in as a plain
`Scheme`, never read from the database here), the checks on a new scheme, the
staleness of a proposal, the AI Act screening and the triggers for
re-classification. The words (labels, questions) are in registry.vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from dateutil.relativedelta import relativedelta

from registry.vocabulary import (
    AI_ACT_SCREENING_QUESTIONS,
    DIMENSION_VALUES,
    DIMENSIONS,
    THRESHOLD_TIERS,
    TIER_ORDER,
)


class UnknownDimensionValue(ValueError):
    """A dimension got a value that is not on its scale."""

    def __init__(self, dimension: str, value: object, allowed: Iterable[str] = ()):
        choices = ", ".join(allowed)
        super().__init__(f"'{value}' is not a valid {dimension}; choose one of: {choices}.")
        self.dimension = dimension


@dataclass(frozen=True)
class Scheme:
    """A scoring scheme as the rules take it: points per dimension value, the lowest
    score of each tier above "low", and the control keys each tier requires."""

    version: int
    points: Mapping[str, Mapping[str, int]]
    thresholds: Mapping[str, int]  # critical, high, medium -> lowest score
    tier_controls: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def min_score(self) -> int:
        return score_bounds(self.points)[0]

    @property
    def max_score(self) -> int:
        return score_bounds(self.points)[1]

    def descending_thresholds(self) -> list[tuple[int, str]]:
        """(lowest score, tier), highest tier first."""
        return [(self.thresholds[tier], tier) for tier in THRESHOLD_TIERS]


def score_bounds(points: Mapping[str, Mapping[str, int]]) -> tuple[int, int]:
    """The lowest and highest score a points table can give."""
    lows = [min(values.values()) for values in points.values() if values]
    highs = [max(values.values()) for values in points.values() if values]
    return sum(lows), sum(highs)


@dataclass(frozen=True)
class ClassificationResult:
    score: int
    tier: str
    points: dict[str, int]


def dimension_points(dimension: str, value: str, scheme: Scheme) -> int:
    scale = scheme.points.get(dimension, {})
    try:
        return scale[value]
    except KeyError:
        raise UnknownDimensionValue(dimension, value, scale) from None


def tier_for_score(score: int, scheme: Scheme) -> str:
    """The highest tier whose lowest score is reached (17/12/7 in version 1), else low."""
    for lowest, tier in scheme.descending_thresholds():
        if score >= lowest:
            return tier
    return "low"


def classify(inputs: Mapping[str, str], scheme: Scheme) -> ClassificationResult:
    """Score the six dimensions and give the internal risk tier."""
    missing = [d for d in DIMENSIONS if d not in inputs]
    if missing:
        raise ValueError(f"missing dimensions: {', '.join(missing)}")
    points = {d: dimension_points(d, inputs[d], scheme) for d in DIMENSIONS}
    score = sum(points.values())
    return ClassificationResult(score=score, tier=tier_for_score(score, scheme), points=points)


@dataclass(frozen=True)
class ScorePreview:
    """The score of the answers given so far, and the tier once every dimension is."""

    score: int
    answered: int
    tier: str | None


def score_preview(answers: Mapping[str, str], scheme: Scheme) -> ScorePreview:
    """What the classify page shows while the six answers are chosen: the points of the
    answers given so far (a value off the scale counts as not given), and the tier once
    all six are given, as `classify` scores them."""
    given = {d: answers[d] for d in DIMENSIONS if answers.get(d) in scheme.points.get(d, {})}
    score = sum(dimension_points(d, value, scheme) for d, value in given.items())
    tier = tier_for_score(score, scheme) if len(given) == len(DIMENSIONS) else None
    return ScorePreview(score=score, answered=len(given), tier=tier)


def tier_rank(tier: str) -> int:
    return TIER_ORDER.index(tier)


def scheme_problems(
    *,
    points: Mapping[str, Mapping[str, object]],
    thresholds: Mapping[str, object],
    tier_controls: Mapping[str, Iterable[str]],
    known_controls: Iterable[str],
) -> dict[str, str]:
    """Field-named problems with a scheme someone wants to publish; empty when valid.

    Field names: `points.<dimension>.<value>`, `thresholds.<tier>`, `controls.<tier>`.
    """
    problems: dict[str, str] = {}
    for dimension in DIMENSIONS:
        for value in DIMENSION_VALUES[dimension]:
            got = points.get(dimension, {}).get(value)
            if not _is_count(got):
                problems[f"points.{dimension}.{value}"] = "Give a whole number of 0 or more."
    previous = None
    for tier in THRESHOLD_TIERS:
        got = thresholds.get(tier)
        if not _is_count(got):
            problems[f"thresholds.{tier}"] = "Give a whole number of 0 or more."
        elif previous is not None and got >= previous[1]:
            problems[f"thresholds.{tier}"] = (
                f"Must be below the {previous[0]} threshold ({previous[1]}): "
                "thresholds go strictly down from critical to medium."
            )
        if _is_count(got):
            previous = (tier, got)
    known = set(known_controls)
    for tier in TIER_ORDER:
        unknown = sorted(set(tier_controls.get(tier, ())) - known)
        if unknown:
            problems[f"controls.{tier}"] = f"Not in the control library: {', '.join(unknown)}."
    return problems


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass(frozen=True)
class SchemeMove:
    """A classified system whose score or tier a new scheme would change."""

    key: object
    score: int
    tier: str
    new_score: int
    new_tier: str


def scheme_moves(
    current: Iterable[tuple[object, Mapping[str, str], int, str]], scheme: Scheme
) -> list[SchemeMove]:
    """Of (key, inputs, score, tier) of the effective classifications, those whose
    score or tier the scheme would change."""
    moves = []
    for key, inputs, score, tier in current:
        result = classify(inputs, scheme)
        if (result.score, result.tier) != (score, tier):
            moves.append(SchemeMove(key, score, tier, result.score, result.tier))
    return moves


def proposal_stale_reason(
    *,
    proposed_at: datetime,
    system_changed_at: datetime,
    scheme_version: int,
    current_scheme_version: int,
) -> str | None:
    """Why a pending proposal may no longer be confirmed as it stands; None if it may."""
    if system_changed_at > proposed_at:
        return (
            "The system was changed after this proposal was made; "
            "its answers may no longer describe it."
        )
    if scheme_version != current_scheme_version:
        return (
            f"It was scored with scoring scheme version {scheme_version}, "
            f"and version {current_scheme_version} is now in force."
        )
    return None


# The system fields whose change means the classification no longer describes
# the system: use case, user population, decision type and scale.
RECLASSIFICATION_FIELDS = {
    "intended_uses": "use case",
    "user_population": "user population",
    "decision_type": "decision type",
    "deployment_scale": "scale",
}


def reclassification_reasons(
    before: Mapping[str, object], after: Mapping[str, object]
) -> list[str]:
    """What changed that calls for a new classification, in the domain's words."""
    return [
        f"{label} changed"
        for field, label in RECLASSIFICATION_FIELDS.items()
        if field in after and before.get(field) != after.get(field)
    ]


@dataclass(frozen=True)
class ControlDelta:
    added: tuple[str, ...]
    retired: tuple[str, ...]
    kept: tuple[str, ...]


def control_delta(current: Iterable[str], required: Iterable[str]) -> ControlDelta:
    """Which controls a tier change adds and which it retires."""
    current_set, required_set = set(current), set(required)
    return ControlDelta(
        added=tuple(sorted(required_set - current_set)),
        retired=tuple(sorted(current_set - required_set)),
        kept=tuple(sorted(current_set & required_set)),
    )


def ai_act_presumed_high_risk(answers: Iterable[bool]) -> bool:
    """Any yes: treat as high-risk until Legal decides otherwise."""
    answers = tuple(answers)
    if len(answers) != len(AI_ACT_SCREENING_QUESTIONS):
        raise ValueError("the AI Act screening has exactly four questions")
    return any(answers)


# AI Act categories from least to most restricted; lowering one that was screened
# high-risk or prohibited is Legal's decision, as is setting aside the presumption.
AI_ACT_SEVERITY = ("unassessed", "minimal", "limited", "high_risk", "prohibited")
LOWERED_ONLY_BY_LEGAL = frozenset({"high_risk", "prohibited"})


def ai_act_decision_problems(
    *,
    presumed_high_risk: bool,
    category: str,
    annex_area: str,
    decided_by_legal: bool,
    rationale: str,
    current_category: str = "unassessed",
    legal_effect_recorded: bool = False,
    answered_legal_effect: bool = False,
) -> dict[str, str]:
    """Field-named problems with a recorded AI Act decision; empty when it may be recorded."""
    problems: dict[str, str] = {}
    if category == "high_risk" and not annex_area:
        problems["annex_area"] = "A high-risk system needs its Annex III area."
    if category != "high_risk" and annex_area:
        problems["annex_area"] = "Only high-risk systems have an Annex III area."
    overrides = presumed_high_risk and category not in {"high_risk", "prohibited"}
    if overrides and not decided_by_legal:
        problems["category"] = "The screening presumes high-risk; only Legal may decide otherwise."
    if overrides and not rationale.strip():
        problems["rationale"] = "Say why the presumption of high-risk does not hold."
    lowers = current_category in LOWERED_ONLY_BY_LEGAL and _severity(category) < _severity(
        current_category
    )
    if lowers and not decided_by_legal:
        problems.setdefault("category", "Only Legal may lower a system screened as high-risk.")
    if lowers and not rationale.strip():
        problems.setdefault("rationale", "Say why the system is no longer high-risk.")
    if legal_effect_recorded and not answered_legal_effect:
        problems["legal_effect"] = (
            "The system is recorded as making decisions with legal effect on people: "
            "answer yes, or correct the system's details first."
        )
    return problems


def _severity(category: str) -> int:
    return AI_ACT_SEVERITY.index(category) if category in AI_ACT_SEVERITY else 0


def control_key(name: str) -> str:
    """A stable key for a control name: 'CISO approval' -> 'ciso-approval'."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())


def control_library(tiers: Mapping[str, Iterable[str]]) -> dict[str, dict]:
    """Fold the per-tier lists of the shipped library into one entry per control."""
    library: dict[str, dict] = {}
    for tier in TIER_ORDER[::-1]:
        for name in tiers.get(tier, ()):
            entry = library.setdefault(control_key(name), {"name": name, "tiers": []})
            entry["tiers"].append(tier)
    return library


# --- required controls ------------------------------------------------------------------

# Controls that are an approval are met only by that role's recorded approval, never by
# the owner's status change. Until the gates record approvals, only that role sets them.
# Role codes as in core.choices.Role.
APPROVAL_CONTROL_ROLES: dict[str, str] = {
    "ciso-approval": "ciso",
    "engineering-manager-approval": "eng_manager",
    "board-or-executive-approval": "board",
}
JUSTIFICATION_NEEDED = "Say why this control does not apply."


def control_approver_role(control_key: str) -> str | None:
    """The role whose approval a control is, or None for an ordinary control."""
    return APPROVAL_CONTROL_ROLES.get(control_key)


# The RACI of DOMAIN.md 14: the controls of an activity it names, set only by the roles
# responsible for it (the privacy impact assessment by the DPO, the security assessment
# by the security lead or the CISO, the bias evaluation by the AI safety lead), never by
# the product owner. The lighter "security checklist" and "privacy review" of the lower
# tiers stay with whoever changes the system.
RACI_CONTROL_ROLES: dict[str, tuple[str, ...]] = {
    "privacy-impact-assessment": ("dpo",),
    "security-assessment": ("security_lead", "ciso"),
    "independent-security-assessment": ("security_lead", "ciso"),
    "bias-testing": ("ai_safety",),
    "basic-bias-testing": ("ai_safety",),
    "third-party-bias-audit": ("ai_safety",),
    "ongoing-bias-monitoring": ("ai_safety",),
}


def control_setter_roles(control_key: str) -> tuple[str, ...]:
    """The roles that alone set this control's status (its approver, or the RACI's
    responsible roles); () for an ordinary control, set by whoever changes the system."""
    approver = APPROVAL_CONTROL_ROLES.get(control_key)
    if approver is not None:
        return (approver,)
    return RACI_CONTROL_ROLES.get(control_key, ())


def control_status_problems(*, status: str, justification: str) -> dict[str, str]:
    """What is wrong with a control's new status, by field: 'not applicable' needs a
    justification (DOMAIN.md 2.1)."""
    if status == "not_applicable" and not (justification or "").strip():
        return {"justification": JUSTIFICATION_NEEDED}
    return {}


# --- system IDs -------------------------------------------------------------------------


def next_system_id(highest_number: int | None) -> str:
    """The system ID after the highest number in use: SYS-001 for the first system."""
    return f"SYS-{(highest_number or 0) + 1:03d}"


# System reviews by tier (DOMAIN.md 2.1 / issue 6): months between reviews, the defaults
# an administrator may change (registry.models.ReviewCadence).
REVIEW_CADENCE_MONTHS = {"critical": 3, "high": 12, "medium": 6, "low": 12}
REVIEW_WARN_DAYS = (14, 3)  # the owner is warned this many days before a review is due
REVIEW_ESCALATE_DAYS = 1  # the board is told the day after it is due
PROPOSAL_WAIT_DAYS = 5  # a proposal waiting longer than this escalates to the reviewers


def review_due_at(last_review: datetime, tier: str, cadence: Mapping[str, int]) -> datetime:
    """When the next review of a system of `tier` is due after `last_review`: whole
    calendar months later, on the same day (the month's last day when the month is
    shorter: 31 January + 1 month is 28 or 29 February)."""
    return last_review + relativedelta(months=cadence[tier])


def cadence_errors(months: Mapping[str, object]) -> dict[str, list[str]]:
    """Each tier must have a whole number of months from 1 to 36."""
    errors = {}
    for tier in REVIEW_CADENCE_MONTHS:
        value = months.get(tier)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 36:
            errors[tier] = ["Use a whole number of months from 1 to 36."]
    return errors
