"""An administrator's edit of a lifecycle gate (DOMAIN.md section 4).

A gate version is never changed in place: each edit publishes the next version of the
slug, which is in force for requests opened from then on. Requests already opened keep
the version they were opened on (GateRequest.gate points at it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from core.choices import Role
from core.permissions import require
from core.writes import row_create
from registry import rules
from registry.choices import RiskTier
from registry.models import GateDefinition
from registry.services.common import clean_except

# The fields an edit may change, in the order the audit diff lists them.
EDITABLE = ("name", "artifacts", "approvals", "tests", "tiers", "blocking", "requires_checklist")


@transaction.atomic
def gate_definition_publish(
    *,
    actor,
    slug: str,
    name: str,
    artifacts: list[dict],
    approvals: Iterable[str],
    tests: list[dict],
    tiers: Iterable[str],
    blocking: bool,
    requires_checklist: bool,
    note: str = "",
) -> GateDefinition:
    """Save the next version of gate `slug` with these requirements; audited as
    `gate.definition_published` with the fields that changed (before, after)."""
    require(actor, "registry.gate.definition.change")
    # Edits of one gate queue up behind the version in force, so two cannot share a number.
    current = (
        GateDefinition.objects.select_for_update().filter(slug=slug).order_by("-version").first()
    )
    if current is None:
        raise ValidationError({"slug": ["No such gate."]})
    approvals, tiers = list(approvals), list(tiers)
    _refuse_problems(name, artifacts, approvals, tests, tiers)
    values = {
        "name": name.strip(),
        "artifacts": [_requirement(item) for item in artifacts],
        "approvals": approvals,
        "tests": [_requirement(item) for item in tests],
        "tiers": [tier for tier in RiskTier.values if tier in tiers],
        "blocking": bool(blocking),
        "requires_checklist": bool(requires_checklist),
    }
    changed = {f: [getattr(current, f), v] for f, v in values.items() if getattr(current, f) != v}
    if not changed:
        raise ValidationError({"__all__": ["Nothing changed: the version in force stays."]})
    return row_create(
        actor=actor,
        model=GateDefinition,
        values={
            "slug": slug,
            "version": current.version + 1,
            "order": current.order,
            "from_stage": current.from_stage,
            "to_stage": current.to_stage,
            "note": (note or "").strip(),
            "created_by": actor,
            **values,
        },
        action="gate.definition_published",
        audit_changes={"slug": slug, "version": [current.version, current.version + 1], **changed},
        # The requirements were checked by the rules (_refuse_problems); an empty list is
        # a gate that asks for nothing of that kind.
        validate=clean_except("created_by", "artifacts", "approvals", "tests", "tiers"),
    )


def _refuse_problems(name, artifacts, approvals, tests, tiers) -> None:
    """A field-named ValidationError for what the rules (and a blank name) refuse."""
    problems = rules.gate_spec_problems(
        artifacts=artifacts,
        tests=tests,
        approvals=approvals,
        tiers=tiers,
        known_roles=Role.values,
        known_tiers=RiskTier.values,
    )
    if not (name or "").strip():
        problems["name"] = "Give the gate a name."
    if not tiers:
        problems.setdefault("tiers", "Name at least one tier the gate applies to.")
    if problems:
        raise ValidationError({field: [message] for field, message in problems.items()})


def _requirement(item: dict) -> dict:
    """An artifact or test entry as stored: key, name and, when set, if_applicable."""
    entry = {"key": str(item["key"]).strip(), "name": str(item["name"]).strip()}
    if item.get("if_applicable"):
        entry["if_applicable"] = True
    return entry
