"""Setting the status of a required control, with its justification and evidence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.permissions import require
from core.writes import row_lock, row_update
from registry import rules
from registry.models import SystemControl


@transaction.atomic
def control_update(
    *,
    actor,
    control: SystemControl,
    status: str,
    justification: str = "",
    evidence_links: str = "",
) -> SystemControl:
    """Set a required control's status; 'not applicable' needs a justification.

    An approval control (registry.rules.APPROVAL_CONTROL_ROLES) is set only by the
    role whose approval it is (registry.permissions).
    """
    row_lock(control)
    require(actor, "registry.control.change", control)
    if control.retired_at is not None:
        raise ValidationError("This control was retired by a tier change and is kept as history.")
    justification, evidence_links = (justification or "").strip(), (evidence_links or "").strip()
    row_update(
        actor=actor,
        obj=control,
        values={"status": status, "justification": justification, "evidence_links": evidence_links},
        action="control.updated",
        audit_extra={"control": control.control.key},
        refused=rules.control_status_problems(status=status, justification=justification),
    )
    return control
