"""Setting the status of a required control, with its justification and evidence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.evidence.selectors import current_evidence_filter
from core.permissions import require
from core.writes import row_lock, row_update
from registry import rules
from registry.models import ControlEvidence, SystemControl
from registry.rules import evidence as evidence_rules


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
    role whose approval it is, a control of the RACI (registry.rules.RACI_CONTROL_ROLES)
    only by its responsible roles (registry.permissions). At every tier, 'implemented'
    needs at least one current evidence file (registry.rules.evidence).
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
        refused=rules.control_status_problems(status=status, justification=justification)
        | _evidence_problems(control, status),
    )
    return control


def _evidence_problems(control: SystemControl, status: str) -> dict:
    # An approval control is met by the approval itself, not by a file.
    if status != "implemented" or rules.control_approver_role(control.control.key):
        return {}
    count = control_current_evidence_count(control)
    return evidence_rules.control_implemented_problems(control.system.risk_tier, status, count)


def control_current_evidence_count(control: SystemControl, today=None) -> int:
    """Files attached to the control that count today (not removed, not expired)."""
    today = today or timezone.localdate()
    links = ControlEvidence.objects.filter(control=control, removed_at__isnull=True)
    return links.filter(current_evidence_filter(today, prefix="evidence__")).count()
