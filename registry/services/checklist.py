"""Evidence for the pre-deployment checklist (DOMAIN.md section 4): attach a file to
one of its items, or take it off. Whoever changes the system keeps its checklist."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.evidence.services import evidence_store
from core.models import EvidenceFile
from core.permissions import require
from core.writes import row_lock
from registry.checklist import CHECKLIST_BY_KEY
from registry.evidence_rules import checklist_applies
from registry.models import AISystem, ChecklistEvidence
from registry.services.common import full_clean_or_raise

NOT_REQUIRED = "The pre-deployment checklist is not required for this system."


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
    if (upload is None) == (evidence is None):
        raise ValidationError({"file": ["Choose a file to upload."]})
    link = ChecklistEvidence(
        system=system, item=item, note=(note or "").strip(), added_by=actor, evidence_id=0
    )
    full_clean_or_raise(link, exclude=["evidence", "added_by", "system"])
    if upload is not None:
        evidence = evidence_store(
            actor=actor, upload=upload, applies_from=applies_from, expires_on=expires_on
        )
    link.evidence = evidence
    link.save(force_insert=True)
    audit_record(
        actor=actor,
        action="checklist.evidence_attached",
        obj=system,
        changes=_described(link),
    )
    return link


@transaction.atomic
def checklist_evidence_detach(*, actor, link: ChecklistEvidence) -> None:
    """Take a file off a checklist item (the link is kept, with the time it was removed)."""
    link = ChecklistEvidence.objects.select_for_update(of=("self",)).get(pk=link.pk)
    system = AISystem.objects.get(pk=link.system_id)
    require(actor, "registry.system.change", system)
    if link.removed_at is not None:
        raise ValidationError("This file was already removed from the checklist.")
    link.removed_at = timezone.now()
    link.save(update_fields=["removed_at"])
    audit_record(
        actor=actor,
        action="checklist.evidence_detached",
        obj=system,
        changes=_described(link),
    )


def _described(link: ChecklistEvidence) -> dict:
    return {
        "item": link.item,
        "evidence": link.evidence_id,
        "sha256": link.evidence.sha256,
        "name": link.evidence.safe_name,
        "note": link.note,
    }
