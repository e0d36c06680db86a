"""The registry's shipped defaults, read from the YAML files beside this module: the
control library (controls.yaml), scoring scheme version 1 (scoring_scheme.yaml), the
lifecycle gates (gates.yaml) and the pre-deployment checklist (checklist.yaml).

The install_* functions are the data migrations' way in (and a flushed test
database's); they never overwrite what an administrator changed. The checklist is read
once at import: it changes with a release, not at run time, and no migration holds it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from registry.rules import (
    ChecklistItem,
    Scheme,
    checklist_items_from,
    control_library,
    score_bounds,
)

DATA = Path(__file__).resolve().parent
LIBRARY_FILE = DATA / "controls.yaml"
SCHEME_FILE = DATA / "scoring_scheme.yaml"


def shipped_control_library() -> dict[str, dict]:
    with LIBRARY_FILE.open(encoding="utf-8") as fh:
        return control_library(yaml.safe_load(fh)["tiers"])


def install_control_library(definition_model) -> int:
    """Create the library's controls that are missing; never overwrite an admin's edits."""
    created = 0
    for key, entry in shipped_control_library().items():
        _, was_created = definition_model.objects.get_or_create(
            key=key, defaults={"name": entry["name"], "required_for_tiers": entry["tiers"]}
        )
        created += was_created
    return created


def shipped_scoring_scheme() -> Scheme:
    """Version 1: DOMAIN.md 2.1's points, thresholds and per-tier controls."""
    with SCHEME_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    tier_controls: dict[str, list[str]] = {}
    for key, entry in shipped_control_library().items():
        for tier in entry["tiers"]:
            tier_controls.setdefault(tier, []).append(key)
    return Scheme(
        version=1,
        points=data["points"],
        thresholds=data["thresholds"],
        tier_controls={tier: tuple(sorted(keys)) for tier, keys in tier_controls.items()},
    )


def install_scoring_scheme(scheme_model) -> bool:
    """Create version 1 unless a scheme exists already; True when it was created."""
    if scheme_model.objects.exists():
        return False
    scheme = shipped_scoring_scheme()
    low, high = score_bounds(scheme.points)
    scheme_model.objects.create(
        version=1,
        points=scheme.points,
        thresholds=scheme.thresholds,
        tier_controls={tier: list(keys) for tier, keys in scheme.tier_controls.items()},
        min_score=low,
        max_score=high,
        note="DOMAIN.md 2.1, as shipped.",
    )
    return True


GATES_FILE = DATA / "gates.yaml"
GATE_FIELDS = (
    "slug",
    "name",
    "order",
    "from_stage",
    "to_stage",
    "artifacts",
    "approvals",
    "tests",
    "tiers",
    "blocking",
    "requires_checklist",
)


def shipped_gates() -> list[dict]:
    """The lifecycle gates of DOMAIN.md section 4 (and decommissioning), as shipped."""
    with GATES_FILE.open(encoding="utf-8") as fh:
        gates = yaml.safe_load(fh)["gates"]
    return [{field: gate.get(field) for field in GATE_FIELDS} for gate in gates]


def install_gate_definitions(definition_model) -> int:
    """Create version 1 of each shipped gate that has no version yet; never overwrite
    an administrator's versions. Returns how many were created."""
    created = 0
    for gate in shipped_gates():
        if definition_model.objects.filter(slug=gate["slug"]).exists():
            continue
        definition_model.objects.create(
            **{
                **gate,
                "artifacts": gate["artifacts"] or [],
                "tests": gate["tests"] or [],
                "blocking": gate["blocking"] is not False,
                "requires_checklist": bool(gate["requires_checklist"]),
            },
            version=1,
            note="DOMAIN.md section 4, as shipped.",
        )
        created += 1
    return created


CHECKLIST_FILE = DATA / "checklist.yaml"


def _checklist_load() -> tuple[ChecklistItem, ...]:
    with CHECKLIST_FILE.open(encoding="utf-8") as handle:
        return checklist_items_from(yaml.safe_load(handle))


CHECKLIST_ITEMS: tuple[ChecklistItem, ...] = _checklist_load()
CHECKLIST_BY_KEY: dict[str, ChecklistItem] = {item.key: item for item in CHECKLIST_ITEMS}
