"""Reads of the pre-deployment checklist: each item with its current evidence, and what
is still missing (the production deployment gate asks `checklist_missing_for`).

Both cost one query, however many files are attached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.evidence.selectors import current_evidence_filter
from core.models import EvidenceFile
from registry.data import CHECKLIST_BY_KEY, CHECKLIST_ITEMS
from registry.models import AISystem, ChecklistEvidence
from registry.rules.evidence import checklist_applies, checklist_missing


@dataclass(frozen=True)
class ChecklistRow:
    key: str
    name: str
    links: list[ChecklistEvidence]  # current evidence, newest first (evidence loaded)

    @property
    def done(self) -> bool:
        return bool(self.links)

    @property
    def files(self) -> list[EvidenceFile]:
        return [link.evidence for link in self.links]


def checklist_applies_to(system: AISystem) -> bool:
    return checklist_applies(tier=system.risk_tier, ai_act_category=system.ai_act_category)


def _current_links(system: AISystem, today: date) -> list[ChecklistEvidence]:
    return list(
        ChecklistEvidence.objects.filter(system=system, removed_at__isnull=True)
        .filter(current_evidence_filter(today, prefix="evidence__"))
        .select_related("evidence__uploaded_by")
        .order_by("item", "-added_at", "-id")
    )


def checklist_for(system: AISystem, today: date) -> list[ChecklistRow]:
    """Every checklist item, in order, with its current (not expired, not removed)
    evidence and whether it holds. One query."""
    by_item: dict[str, list[ChecklistEvidence]] = {}
    for link in _current_links(system, today):
        by_item.setdefault(link.item, []).append(link)
    return [ChecklistRow(i.key, i.name, by_item.get(i.key, [])) for i in CHECKLIST_ITEMS]


def checklist_missing_for(system: AISystem, today: date) -> list[str]:
    """Names of the checklist items without current evidence; [] when the checklist does
    not apply to the system. One query (none when it does not apply)."""
    if not checklist_applies_to(system):
        return []
    counts: dict[str, int] = {}
    for link in _current_links(system, today):
        counts[link.item] = counts.get(link.item, 0) + 1
    return [CHECKLIST_BY_KEY[key].name for key in checklist_missing(CHECKLIST_ITEMS, counts)]
