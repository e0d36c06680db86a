"""Pure rules on the registry's evidence (DOMAIN.md sections 2.1 and 4): when a control
may be "implemented", and the pre-deployment checklist. No ORM, no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# "Implemented" needs evidence at every tier (DOMAIN.md 14), not only high and critical.
TIERS_NEEDING_CONTROL_EVIDENCE = frozenset({"low", "medium", "high", "critical"})
CHECKLIST_TIERS = frozenset({"high", "critical"})
CHECKLIST_AI_ACT_CATEGORIES = frozenset({"high_risk", "limited"})
IMPLEMENTED_NEEDS_EVIDENCE = (
    "'Implemented' needs at least one current evidence file: upload one first."
)


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    name: str


def control_needs_evidence(tier: str) -> bool:
    """Every tier's controls need evidence to be "implemented" (an unclassified system
    has no required controls)."""
    return tier in TIERS_NEEDING_CONTROL_EVIDENCE


def control_implemented_problems(tier: str, status: str, current_evidence_count: int) -> dict:
    """What is wrong with setting `status`, by field: "implemented" needs at least one
    current (not expired) evidence file, whatever the tier."""
    if status == "implemented" and control_needs_evidence(tier) and current_evidence_count < 1:
        return {"status": IMPLEMENTED_NEEDS_EVIDENCE}
    return {}


def control_evidence_expired(tier: str, status: str, current_evidence_count: int) -> bool:
    """Implemented once, with evidence that has since expired: the status stays, and
    the page says "implemented — evidence expired"."""
    return bool(control_implemented_problems(tier, status, current_evidence_count))


def checklist_applies(*, tier: str, ai_act_category: str) -> bool:
    """High-risk and limited-risk systems, by internal tier or by EU AI Act category."""
    return tier in CHECKLIST_TIERS or ai_act_category in CHECKLIST_AI_ACT_CATEGORIES


def checklist_missing(
    items: Iterable[ChecklistItem], current_evidence_by_item: Mapping[str, int]
) -> list[str]:
    """Keys of the items without current evidence, in checklist order."""
    return [item.key for item in items if current_evidence_by_item.get(item.key, 0) < 1]


def checklist_items_from(data: Mapping) -> tuple[ChecklistItem, ...]:
    """The checklist from its YAML's parsed content; keys must be unique slugs."""
    items = tuple(ChecklistItem(key=str(i["key"]), name=str(i["name"])) for i in data["items"])
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("registry/data/checklist.yaml repeats an item key.")
    return items
