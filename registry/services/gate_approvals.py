"""Approving or rejecting in one slot of a gate request, and voiding the decisions when
the system changes materially (DOMAIN.md sections 1 and 4, issue 7)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record
from core.choices import Role
from core.permissions import require
from registry.choices import ApprovalDecision, GateRequestStatus
from registry.models import AISystem, GateApproval, GateRequest
from registry.selectors import gates as sel
from registry.services.gate_common import (
    approver_name,
    close_if_passed,
    close_request,
    lock_request,
    notify_requester,
    record_decision,
    require_open,
    void_decisions,
)

DECISIONS = (ApprovalDecision.APPROVED, ApprovalDecision.REJECTED)


@transaction.atomic
def gate_approval_decide(
    *, actor, request: GateRequest, role: str, decision: str, comment: str = ""
) -> GateApproval:
    """Approve or reject in the slot of `role`, bound to what the approver sees now.

    A rejection closes the request as blocked, with its gaps kept; an approval that
    leaves nothing missing closes it as approved and moves the system on. Separation of
    duties: the product owner's slot by a product owner of the owning team (the
    requester's decision there is their sign-off); any other slot never by the
    requester; one person fills one slot."""
    lock_request(request)
    require(actor, "registry.gate.approve", (request, role))
    require_open(request)
    comment = (comment or "").strip()
    _check_decision(actor, request, role, decision, comment)
    if role == Role.PRODUCT_OWNER and request.requested_by_id == actor.pk:
        decision = ApprovalDecision.SIGN_OFF if decision == ApprovalDecision.APPROVED else decision
    approval = _record(request, role, actor, decision, comment)
    audit_record(
        actor=actor,
        action=f"gate_approval.{decision}",
        obj=request,
        changes={
            "role": role,
            "decision": decision,
            "comment": comment,
            "artifact_hashes": approval.artifact_hashes,
            "classification": approval.classification_id,
            "tier": approval.tier,
        },
    )
    who = approver_name(approval)
    if decision == ApprovalDecision.REJECTED:
        evaluation = sel.gate_request_evaluation(request, timezone.localdate())
        close_request(
            actor=actor, request=request, status=GateRequestStatus.BLOCKED, evaluation=evaluation
        )
        notify_requester(request, title=f"rejected by {who}", body=comment)
        return approval
    if actor.pk != request.requested_by_id:
        notify_requester(request, title=f"approved by {who} ({approval.get_role_display()})")
    close_if_passed(actor=actor, request=request)
    return approval


def _check_decision(actor, request, role, decision, comment) -> None:
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["decision"] = ["Choose approve or reject."]
    elif decision == ApprovalDecision.REJECTED and not comment:
        errors["comment"] = ["Say why you reject: the requester needs to know what to fix."]
    for standing in GateApproval.objects.filter(
        request=request, voided_at__isnull=True
    ).select_related("approver"):
        if standing.role == role:
            errors.setdefault("role", []).append(
                f"The {standing.get_role_display()} slot is filled already "
                f"(by {approver_name(standing)})."
            )
        elif standing.approver_id == actor.pk:
            errors.setdefault("role", []).append(
                f"You fill the {standing.get_role_display()} slot of this request already; "
                "one person fills one slot."
            )
    if errors:
        raise ValidationError(errors)


def _record(request, role, actor, decision, comment) -> GateApproval:
    # The unique indexes (one slot per person, one decision per slot) decide a race the
    # check above could lose.
    try:
        with transaction.atomic():
            return record_decision(
                request=request, role=role, approver=actor, decision=decision, comment=comment
            )
    except IntegrityError:
        raise ValidationError(
            {"role": ["This slot, or another slot of yours, was filled a moment ago."]}
        ) from None


@transaction.atomic
def gate_approvals_void(*, actor, system: AISystem, reason: str) -> int:
    """The system changed materially (a new effective classification, an edit that flags
    re-classification) while a request is open: the decisions given so far no longer
    describe it. Voids them, says so on the request and asks the approvers again.
    Called inside the service that made the change (its permission checked there).
    Returns how many decisions of others were voided."""
    request = sel.gate_request_open_for(system)
    if request is None:
        return 0
    lock_request(request)
    if request.status != GateRequestStatus.OPEN:
        return 0
    return len(void_decisions(actor=actor, request=request, reason=reason, renew_own=False))
