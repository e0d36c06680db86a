"""Evidence files on a system's required controls: attach (a new upload or a file
already stored) and detach. Whoever may set the control may change its evidence."""

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
from registry.models import ControlEvidence, SystemControl


@transaction.atomic
def control_evidence_attach(
    *,
    actor,
    control: SystemControl,
    upload=None,
    evidence: EvidenceFile | None = None,
    applies_from: date | None = None,
    expires_on: date | None = None,
) -> ControlEvidence:
    """Link an evidence file to a control: `upload` stores a new one (with its dates),
    `evidence` links one already stored. A retired control takes no evidence."""
    row_lock(control)
    require(actor, "registry.control.change", control)
    if control.retired_at is not None:
        raise ValidationError("This control was retired by a tier change and is kept as history.")
    evidence = _evidence_from(actor, upload, evidence, applies_from, expires_on)
    if ControlEvidence.objects.filter(
        control=control, evidence=evidence, removed_at__isnull=True
    ).exists():
        raise ValidationError({"file": ["This file is already attached to this control."]})
    link = ControlEvidence.objects.create(control=control, evidence=evidence, added_by=actor)
    audit_record(
        actor=actor,
        action="control.evidence_attached",
        obj=control,
        changes=_described(control, evidence),
    )
    return link


@transaction.atomic
def control_evidence_detach(*, actor, link: ControlEvidence) -> None:
    """Take a file off a control (the link is kept, with the time it was removed). The
    control's status stays; without current evidence the page says so."""
    link = ControlEvidence.objects.select_for_update(of=("self",)).get(pk=link.pk)
    control = SystemControl.objects.select_related("control", "system").get(pk=link.control_id)
    require(actor, "registry.control.change", control)
    if link.removed_at is not None:
        raise ValidationError("This file was already removed from the control.")
    link.removed_at = timezone.now()
    link.save(update_fields=["removed_at"])
    audit_record(
        actor=actor,
        action="control.evidence_detached",
        obj=control,
        changes=_described(control, link.evidence),
    )


def _evidence_from(actor, upload, evidence, applies_from, expires_on) -> EvidenceFile:
    if (upload is None) == (evidence is None):
        raise ValidationError({"file": ["Choose a file to upload."]})
    if upload is not None:
        return evidence_store(
            actor=actor, upload=upload, applies_from=applies_from, expires_on=expires_on
        )
    return evidence


def _described(control: SystemControl, evidence: EvidenceFile) -> dict:
    return {
        "control": control.control.key,
        "evidence": evidence.pk,
        "sha256": evidence.sha256,
        "name": evidence.safe_name,
    }
