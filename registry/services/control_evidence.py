"""Evidence files on a system's required controls: attach (a new upload or a file
already stored) and detach. Whoever may set the control may change its evidence."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.evidence.services import evidence_described
from core.models import EvidenceFile
from core.permissions import require
from core.writes import link_remove, row_create, row_lock
from registry.models import ControlEvidence, SystemControl
from registry.services.common import clean_except, evidence_given


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
    evidence = evidence_given(actor, upload, evidence, applies_from, expires_on)
    if ControlEvidence.objects.filter(
        control=control, evidence=evidence, removed_at__isnull=True
    ).exists():
        raise ValidationError({"file": ["This file is already attached to this control."]})
    return row_create(
        actor=actor,
        model=ControlEvidence,
        values={"control": control, "evidence": evidence, "added_by": actor},
        action="control.evidence_attached",
        audit_on=control,
        audit_changes=_described(control, evidence),
        validate=clean_except("control", "evidence", "added_by"),
    )


@transaction.atomic
def control_evidence_detach(*, actor, link: ControlEvidence) -> None:
    """Take a file off a control (the link is kept, with the time it was removed). The
    control's status stays; without current evidence the page says so."""
    control = SystemControl.objects.select_related("control", "system").get(pk=link.control_id)
    require(actor, "registry.control.change", control)
    link_remove(
        actor=actor,
        link=link,
        action="control.evidence_detached",
        audit_on=control,
        audit_changes=_described(control, link.evidence),
        already="This file was already removed from the control.",
    )


def _described(control: SystemControl, evidence: EvidenceFile) -> dict:
    return {"control": control.control.key, **evidence_described(evidence)}
