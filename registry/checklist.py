"""The pre-deployment checklist as shipped: registry/data/checklist.yaml, read once at
import (it changes with a release, not at run time; no migration holds it)."""

from __future__ import annotations

from pathlib import Path

import yaml

from registry.evidence_rules import ChecklistItem, checklist_items_from

CHECKLIST_FILE = Path(__file__).resolve().parent / "data" / "checklist.yaml"


def _load() -> tuple[ChecklistItem, ...]:
    with CHECKLIST_FILE.open(encoding="utf-8") as handle:
        return checklist_items_from(yaml.safe_load(handle))


CHECKLIST_ITEMS: tuple[ChecklistItem, ...] = _load()
CHECKLIST_BY_KEY: dict[str, ChecklistItem] = {item.key: item for item in CHECKLIST_ITEMS}
