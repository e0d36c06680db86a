"""Pure rules of the registry (DOMAIN.md section 2). No ORM, no I/O, no clock.

The six-dimension classification, the tier thresholds, the AI Act screening
and the triggers for re-classification.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DIMENSION_POINTS: dict[str, dict[str, int]] = {
    "decision_impact": {
        "life_safety": 5,
        "employment": 4,
        "financial": 3,
        "access_to_services": 3,
        "reputational": 2,
        "informational": 1,
    },
    "human_oversight": {"none": 4, "partial": 2, "full": 1},
    "data_sensitivity": {
        "special_category": 4,
        "highly_sensitive": 3,
        "sensitive": 2,
        "non_sensitive": 1,
    },
    "user_vulnerability": {"vulnerable_populations": 4, "general_public": 2, "professionals": 1},
    "deployment_scale": {"millions": 3, "hundreds_of_thousands": 2, "thousands": 1, "internal": 0},
    "decision_reversibility": {"irreversible": 3, "difficult_to_reverse": 2, "reversible": 1},
}
DIMENSIONS = tuple(DIMENSION_POINTS)

# (lowest score, tier), highest first.
TIER_THRESHOLDS = ((17, "critical"), (12, "high"), (7, "medium"))
TIER_ORDER = ("low", "medium", "high", "critical")

MIN_SCORE = sum(min(points.values()) for points in DIMENSION_POINTS.values())
MAX_SCORE = sum(max(points.values()) for points in DIMENSION_POINTS.values())


class UnknownDimensionValue(ValueError):
    """A dimension got a value that is not on its scale."""

    def __init__(self, dimension: str, value: object):
        allowed = ", ".join(DIMENSION_POINTS[dimension])
        super().__init__(f"'{value}' is not a valid {dimension}; choose one of: {allowed}.")
        self.dimension = dimension


@dataclass(frozen=True)
class ClassificationResult:
    score: int
    tier: str
    points: dict[str, int]


def dimension_points(dimension: str, value: str) -> int:
    try:
        return DIMENSION_POINTS[dimension][value]
    except KeyError:
        raise UnknownDimensionValue(dimension, value) from None


def tier_for_score(score: int) -> str:
    """CRITICAL from 17, HIGH from 12, MEDIUM from 7, else LOW."""
    for lowest, tier in TIER_THRESHOLDS:
        if score >= lowest:
            return tier
    return "low"


def classify(inputs: Mapping[str, str]) -> ClassificationResult:
    """Score the six dimensions and give the internal risk tier."""
    missing = [d for d in DIMENSIONS if d not in inputs]
    if missing:
        raise ValueError(f"missing dimensions: {', '.join(missing)}")
    points = {d: dimension_points(d, inputs[d]) for d in DIMENSIONS}
    score = sum(points.values())
    return ClassificationResult(score=score, tier=tier_for_score(score), points=points)


def tier_rank(tier: str) -> int:
    return TIER_ORDER.index(tier)


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


AI_ACT_SCREENING_QUESTIONS = (
    (
        "Does the output affect a person's access to employment, credit, housing "
        "or essential services?"
    ),
    "Can a wrong output create a physical safety risk?",
    "Is it used by or for a public authority in an Annex III domain?",
    "Does it make or substantially influence a decision with legal effect on a natural person?",
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
