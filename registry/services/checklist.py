"""Evidence for the pre-deployment checklist (DOMAIN.md section 4): attach a file to
one of its items, or take it off. Whoever changes the system keeps its checklist."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.evidence.services import evidence_described
from core.models import EvidenceFile
from core.permissions import require
from core.writes import link_remove, row_create, row_lock
from registry.data import CHECKLIST_BY_KEY
from registry.models import AISystem, ChecklistEvidence
from registry.rules.evidence import checklist_applies
from registry.services.common import (
    clean_except,
    evidence_given,
    full_clean_or_raise,
)

NOT_REQUIRED = "The pre-deployment checklist is not required for this system."
SET_BY_THE_SERVICE = ("evidence", "added_by", "system")


@transaction.atomic
def checklist_evidence_attach(
    *,
    actor,
    system: AISystem,
    item: str,
    upload=None,
    evidence: EvidenceFile | None = None,
    note: str = "",
    expires_on: date | None = None,
    applies_from: date | None = None,
) -> ChecklistEvidence:
    """Link an evidence file to one checklist item of a system that needs the
    checklist: `upload` stores a new file, `evidence` links one already stored."""
    row_lock(system)
    require(actor, "registry.system.change", system)
    if item not in CHECKLIST_BY_KEY:
        raise ValidationError({"item": [f"'{item}' is not an item of the checklist."]})
    if not checklist_applies(tier=system.risk_tier, ai_act_category=system.ai_act_category):
        raise ValidationError({"item": [NOT_REQUIRED]})
    values = {"system": system, "item": item, "note": (note or "").strip(), "added_by": actor}
    # The note is checked before a file is stored, so a refused one stores nothing.
    full_clean_or_raise(ChecklistEvidence(**values, evidence_id=0), exclude=SET_BY_THE_SERVICE)
    evidence = evidence_given(actor, upload, evidence, applies_from, expires_on)
    return row_create(
        actor=actor,
        model=ChecklistEvidence,
        values={**values, "evidence": evidence},
        action="checklist.evidence_attached",
        audit_on=system,
        audit_changes=_described(item, evidence, values["note"]),
        validate=clean_except(*SET_BY_THE_SERVICE),
    )


@transaction.atomic
def checklist_evidence_detach(*, actor, link: ChecklistEvidence) -> None:
    """Take a file off a checklist item (the link is kept, with the time it was removed)."""
    system = AISystem.objects.get(pk=link.system_id)
    require(actor, "registry.system.change", system)
    link_remove(
        actor=actor,
        link=link,
        action="checklist.evidence_detached",
        audit_on=system,
        audit_changes=_described(link.item, link.evidence, link.note),
        already="This file was already removed from the checklist.",
    )


def _described(item: str, evidence: EvidenceFile, note: str) -> dict:
    return {"item": item, **evidence_described(evidence), "note": note}
