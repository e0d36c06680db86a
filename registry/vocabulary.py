"""The registry's words, in one place: what each classification dimension is called
and how it is explained, the tiers' labels, the EU AI Act screening questions and
their answer keys, and the classification statuses.

Rules, forms, views, serializers, the demo and the tests all read them from here.
The values themselves (model choices) are in registry.choices; the points each
value scores are data (registry.models.ScoringScheme), not words.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry import choices as c


@dataclass(frozen=True)
class Dimension:
    """One of the six questions of DOMAIN.md 2.1."""

    name: str
    label: str
    choices: type[c.models.TextChoices]
    help: str

    def value_label(self, value: str) -> str:
        return dict(self.choices.choices).get(value, value)


_DIMENSIONS = (
    Dimension(
        "decision_impact",
        "Decision impact",
        c.DecisionImpact,
        "The most serious kind of decision the output makes or shapes.",
    ),
    Dimension(
        "human_oversight",
        "Human oversight",
        c.HumanOversight,
        "Full: a person reviews every output before it takes effect. Partial: people review "
        "samples, shortlists or escalations. None: outputs take effect automatically.",
    ),
    Dimension(
        "data_sensitivity",
        "Data sensitivity",
        c.DataSensitivity,
        "The most sensitive data the system processes. Special category: health, ethnicity, "
        "religion, biometrics and the other GDPR Art. 9 categories.",
    ),
    Dimension(
        "user_vulnerability",
        "User vulnerability",
        c.UserVulnerability,
        "The people the output affects. Vulnerable populations: children, patients, people "
        "in financial hardship, and others less able to contest a decision.",
    ),
    Dimension(
        "deployment_scale",
        "Deployment scale",
        c.DeploymentScale,
        "How many people the system reaches. Internal: staff only.",
    ),
    Dimension(
        "decision_reversibility",
        "Decision reversibility",
        c.DecisionReversibility,
        "How hard it is to undo the effect of a wrong output.",
    ),
)
# name -> Dimension, in DOMAIN.md's table order.
DIMENSION_INFO: dict[str, Dimension] = {d.name: d for d in _DIMENSIONS}
DIMENSIONS: tuple[str, ...] = tuple(DIMENSION_INFO)
# Every value each dimension may take (the scheme gives each one its points).
DIMENSION_VALUES: dict[str, tuple[str, ...]] = {
    d.name: tuple(d.choices.values) for d in _DIMENSIONS
}

# The system fields that record the same thing as a dimension; the classify form
# starts from them when nothing was classified yet.
SYSTEM_FIELD_FOR_DIMENSION = {
    "decision_impact": "decision_type",
    "user_vulnerability": "user_population",
    "deployment_scale": "deployment_scale",
}

# Tiers from the lowest to the highest, and their labels.
TIER_ORDER: tuple[str, ...] = ("low", "medium", "high", "critical")
TIER_LABELS: dict[str, str] = dict(c.RiskTier.choices)
# The tiers that have a lowest score of their own; below the last one is "low".
THRESHOLD_TIERS: tuple[str, ...] = ("critical", "high", "medium")


def tier_label(tier: str) -> str:
    return TIER_LABELS.get(tier, "Unclassified")


def points_label(points: int) -> str:
    return f"{points} point" if points == 1 else f"{points} points"


# The EU AI Act screening (DOMAIN.md 2.2): (answer key, question), in order.
AI_ACT_SCREENING = (
    (
        "affects_access",
        "Does the output affect a person's access to employment, credit, housing "
        "or essential services?",
    ),
    ("physical_safety_risk", "Can a wrong output create a physical safety risk?"),
    (
        "public_authority_annex_iii",
        "Is it used by or for a public authority in an Annex III domain?",
    ),
    (
        "legal_effect",
        "Does it make or substantially influence a decision with legal effect on a natural person?",
    ),
)
AI_ACT_ANSWER_KEYS: tuple[str, ...] = tuple(key for key, _ in AI_ACT_SCREENING)
AI_ACT_SCREENING_QUESTIONS: tuple[str, ...] = tuple(q for _, q in AI_ACT_SCREENING)
