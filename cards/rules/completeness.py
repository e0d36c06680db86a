"""Is a model card version complete, and may it answer a high-risk gate (DOMAIN.md 7)?

For a high-risk system these must be present: performance by group (at least one metric
measured for a group), identified biases, failure modes, mitigations, the incident
contact and the approvers; every metric with a threshold must meet it (overall or for a
group: "accuracy for age 60+ is 0.91, below its threshold of at least 0.92"); and the
training and evaluation data must be named, each dataset with an approved datasheet.
Any card needs the basics a reader looks for first (its name, version and intended
uses) and its thresholds met. A card is "suitable for the high-risk gate" only when
the high-risk reading finds nothing missing, whatever the system's tier.
Pure: the caller says which datasets have an approved datasheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from cards.rules.content import AT_MOST, Card, Metric


@dataclass(frozen=True)
class Gap:
    """One thing missing: `key` names the field ("considerations.failure_modes",
    "performance.metrics[2]", "technical.datasets"), `message` says it in words."""

    key: str
    message: str


@dataclass(frozen=True)
class Completeness:
    complete: bool
    gaps: tuple[Gap, ...]
    suitable_for_high_risk_gate: bool


BASICS = (
    ("identity.name", "The model's name is missing."),
    ("identity.version", "The model's version is missing."),
    ("uses.intended_uses", "The intended uses are missing."),
)
# The required sections of a high-risk card (DOMAIN.md 7) that are text or lists.
REQUIRED_FOR_HIGH_RISK = (
    ("considerations.identified_biases", "The identified biases are missing."),
    ("considerations.failure_modes", "The failure modes are missing."),
    ("considerations.mitigations", "The mitigations are missing."),
    ("governance.incident_contact", "The incident contact is missing."),
    ("governance.approvers", "The approvers are missing."),
)
BY_GROUP = Gap(
    "performance.by_group",
    "Performance by group is missing: no metric is measured for a group.",
)
NO_DATASETS = Gap(
    "technical.datasets",
    "No training or evaluation dataset is named, so no datasheet covers the data.",
)


def card_completeness(
    card: Card, *, high_risk: bool, datasets_with_datasheet: frozenset[str]
) -> Completeness:
    """The gaps of `card` for its system's tier, and whether it suits a high-risk gate."""
    basic = _missing(card, BASICS) + threshold_gaps(card)
    strict = (
        basic
        + _missing(card, REQUIRED_FOR_HIGH_RISK)
        + _by_group_gaps(card)
        + training_data_gaps(card, datasets_with_datasheet)
    )
    gaps = _ordered(strict) if high_risk else basic
    return Completeness(complete=not gaps, gaps=gaps, suitable_for_high_risk_gate=not strict)


def _missing(card: Card, required: tuple[tuple[str, str], ...]) -> tuple[Gap, ...]:
    gaps = []
    for key, message in required:
        section, name = key.split(".")
        value = getattr(getattr(card, section), name)
        present = (
            bool(value.strip()) if isinstance(value, str) else any(item.strip() for item in value)
        )
        if not present:
            gaps.append(Gap(key, message))
    return tuple(gaps)


def _by_group_gaps(card: Card) -> tuple[Gap, ...]:
    if any(metric.group.strip() for metric in card.performance.metrics):
        return ()
    return (BY_GROUP,)


def threshold_gaps(card: Card) -> tuple[Gap, ...]:
    """One gap per metric that misses its threshold, named with its numbers."""
    return tuple(
        Gap(f"performance.metrics[{index}]", threshold_message(metric))
        for index, metric in enumerate(card.performance.metrics)
        if metric.meets_threshold is False
    )


def threshold_message(metric: Metric) -> str:
    """ "accuracy for age 60+ is 0.91, below its threshold of at least 0.92"."""
    subject = f"{metric.name} for {metric.group}" if metric.group else metric.name
    if metric.direction == AT_MOST:
        side, bound = "above", "at most"
    else:
        side, bound = "below", "at least"
    value, threshold = _number(metric.value, metric.unit), _number(metric.threshold, metric.unit)
    return f"{subject} is {value}, {side} its threshold of {bound} {threshold}"


def _number(value: float, unit: str) -> str:
    shown = f"{value:g}"
    if not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def training_data_gaps(card: Card, with_datasheet: frozenset[str]) -> tuple[Gap, ...]:
    """The training and evaluation data: named, each with an approved datasheet."""
    technical = card.technical
    named = dict.fromkeys((*technical.training_datasets, *technical.evaluation_datasets))
    if not named:
        return (NO_DATASETS,)
    return tuple(
        Gap(f"technical.datasets.{key}", f"The dataset {key} has no approved datasheet.")
        for key in named
        if key not in with_datasheet
    )


def _ordered(gaps: tuple[Gap, ...]) -> tuple[Gap, ...]:
    """In the order of the card's sections, as a reader meets them."""
    order = ("identity", "uses", "performance", "technical", "considerations", "governance")
    return tuple(sorted(gaps, key=lambda gap: order.index(gap.key.split(".")[0].split("[")[0])))


HIGH_TIERS = frozenset({"high", "critical"})


def card_is_high_risk(*, risk_tier: str, ai_act_category: str) -> bool:
    """A card is read as high-risk for a system of tier high or critical, or in the EU
    AI Act's high-risk category, whichever says so."""
    return risk_tier in HIGH_TIERS or ai_act_category == "high_risk"
