"""Setting the status of a required control, with its justification and evidence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, diff_fields
from core.permissions import require
from registry.choices import ControlStatus
from registry.models import SystemControl
from registry.services.common import full_clean_or_raise


@transaction.atomic
def control_update(
    *,
    actor,
    control: SystemControl,
    status: str,
    justification: str = "",
    evidence_links: str = "",
) -> SystemControl:
    """Set a required control's status; 'not applicable' needs a justification."""
    require(actor, "registry.control.change", control.system)
    if control.retired_at is not None:
        raise ValidationError("This control was retired by a tier change and is kept as history.")
    justification, evidence_links = (justification or "").strip(), (evidence_links or "").strip()
    if status == ControlStatus.NOT_APPLICABLE and not justification:
        raise ValidationError({"justification": ["Say why this control does not apply."]})
    fields = ("status", "justification", "evidence_links")
    before = {f: getattr(control, f) for f in fields}
    after = {"status": status, "justification": justification, "evidence_links": evidence_links}
    for field, value in after.items():
        setattr(control, field, value)
    try:
        full_clean_or_raise(control, exclude=["system", "control"])
    except ValidationError:
        for field, value in before.items():
            setattr(control, field, value)
        raise
    changes = diff_fields(before, after)
    if changes:
        control.updated_at = timezone.now()
        control.save(update_fields=[*fields, "updated_at"])
        changes["control"] = control.control.key
        audit_record(actor=actor, action="control.updated", obj=control, changes=changes)
    return control
