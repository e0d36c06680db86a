"""What the gate services share: locking a request with its system, closing a request
with a result (and moving the system on), voiding approvals, telling people.

Lock order, everywhere: the system's row, then the request's. Two approvers deciding at
the same moment queue on the system row, and the second one judges the request as the
first one left it, so a system passes a gate once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.audit import audit_record
from core.choices import Role
from core.models import User
from core.permissions import can
from core.selectors import users_with_role
from core.services import notification_send_each
from core.writes import RowChange, row_create, row_lock, row_update
from registry import rules
from registry.choices import (
    GATE_REQUEST_IN_PROGRESS,
    ApprovalDecision,
    ControlStatus,
    GateRequestStatus,
    GateStatus,
)
from registry.models import AISystem, GateApproval, GateRequest, SystemControl
from registry.selectors import gates as sel
from registry.services.common import clean_except, not_an_edit
from registry.services.not_gated import retroactive_review_passed

REQUEST_CLOSED = "This gate request is closed ({status}); open a new one."
NOT_SUBMITTED = "This gate request is a draft: its owner has not submitted it for approval yet."
# The results that let the system pass: it moves on (or stays, for the annual review).
PASSING_RESULTS = frozenset(
    {GateRequestStatus.APPROVED, GateRequestStatus.NOT_REQUIRED, GateRequestStatus.REMEDIATION}
)
# The system's gate status after a request closes with each result.
GATE_STATUS_AFTER = {
    GateRequestStatus.APPROVED: GateStatus.APPROVED,
    GateRequestStatus.NOT_REQUIRED: GateStatus.APPROVED,
    GateRequestStatus.REMEDIATION: GateStatus.REMEDIATION,
    GateRequestStatus.BLOCKED: GateStatus.BLOCKED,
    GateRequestStatus.WITHDRAWN: GateStatus.NONE,
}


def lock_request(request: GateRequest) -> GateRequest:
    """Lock the system's row, then the request's, and re-read both."""
    system = row_lock(AISystem.objects.get(pk=request.system_id))
    row_lock(request)
    request.system = system
    return request


def request_update(*, actor, request: GateRequest, values, **terms) -> RowChange:
    """core.writes.row_update of a request that keeps the system it holds (locked first,
    in lock order; a request re-read by the update would drop it)."""
    system, gate = request.system, request.gate
    change = row_update(actor=actor, obj=request, values=values, **terms)
    request.system, request.gate = system, gate
    return change


def require_open(request: GateRequest) -> None:
    """Submitted and not closed: what approving, rejecting and remediating ask."""
    if request.status == GateRequestStatus.DRAFT:
        raise ValidationError({"request": [NOT_SUBMITTED]})
    require_in_progress(request)


def require_in_progress(request: GateRequest) -> None:
    """A draft or an open request: what giving artifacts and tests, and withdrawing, ask."""
    if request.status not in GATE_REQUEST_IN_PROGRESS:
        raise ValidationError({"request": [REQUEST_CLOSED.format(status=request.status)]})


def request_link(request: GateRequest) -> str:
    """The request's page (the gate pages' URL name), else the system's page."""
    try:
        return reverse("registry:gate_request_detail", args=[request.system.system_id, request.pk])
    except NoReverseMatch:
        return reverse("registry:system_detail", args=[request.system.system_id])


def request_title(request: GateRequest) -> str:
    return f"{request.system.system_id} {request.gate.name}"


def slot_holders(request: GateRequest, roles: Iterable[str] | None = None):
    """The people who may fill the request's slots (of `roles`, by default all): holders
    of each role, the product owner's slot by the owning team's product owners."""
    roles = set(request.gate.approvals if roles is None else roles)
    holders = users_with_role(roles - {Role.PRODUCT_OWNER})
    if Role.PRODUCT_OWNER in roles:
        holders |= users_with_role(Role.PRODUCT_OWNER, team=request.system.owner_team_id)
    return holders


def notify(
    request: GateRequest, people, *, title: str, reason: str, body: str = "", once: str = ""
) -> None:
    """Tell `people` about the request; with `once` (an event's name), each person
    hears of that event on this request once, whatever calls again."""

    def key(person) -> str:
        return f"gate_request.{once}:{request.pk}:{person.pk}"

    notification_send_each(
        people,
        dedupe_key=key if once else None,
        title=f"{request_title(request)}: {title}",
        reason=reason,
        body=body,
        link=request_link(request),
        subject=request,
    )


def notify_approvers(
    request: GateRequest, *, title: str, body: str = "", exclude=(), once: str = ""
) -> None:
    skip = {request.requested_by_id, *[p.pk for p in exclude]}
    notify(
        request,
        [p for p in slot_holders(request) if p.pk not in skip],
        title=title,
        reason="You hold a role whose approval this gate asks for.",
        body=body,
        once=once,
    )


def notify_requester(request: GateRequest, *, title: str, body: str = "") -> None:
    notify(
        request,
        [request.requested_by],
        title=title,
        reason="You submitted this gate request.",
        body=body,
    )


def record_decision(
    *, request: GateRequest, role: str, approver, decision: str, comment: str = ""
) -> GateApproval:
    """A decision bound to what its maker sees now: the hash of every current artifact,
    the system's effective classification and tier."""
    contents = sel.gate_request_contents(request)
    # The slots' uniqueness is the database's (one_slot_per_approver, one_decision_per_slot).
    return row_create(
        actor=approver,
        model=GateApproval,
        values={
            "request": request,
            "role": role,
            "approver": approver,
            "decision": decision,
            "comment": comment,
            "artifact_hashes": contents.artifact_hashes(),
            "classification": sel.effective_classification(request.system),
            "tier": request.system.risk_tier,
        },
        action=None,  # the caller's event says it (gate_approval.*, approvals_voided)
        validate=clean_except("request", "approver", "classification", "artifact_hashes"),
    )


def void_decisions(
    *, actor, request: GateRequest, reason: str, renew_own: bool = True
) -> list[GateApproval]:
    """Void every standing decision of the open request. With `renew_own` (the actor
    changed an artifact or a test), the actor's own approval or sign-off is given again
    at once, bound to what they see now. The others are told, and the request says why.
    Returns the voided decisions of others."""
    standing = list(
        GateApproval.objects.filter(request=request, voided_at__isnull=True).select_related(
            "approver"
        )
    )
    if not standing:
        return []
    GateApproval.objects.filter(pk__in=[a.pk for a in standing]).update(
        voided_at=timezone.now(), void_reason=reason[:300]
    )
    own = [a for a in standing if renew_own and a.approver_id == getattr(actor, "pk", None)]
    renewed = [
        record_decision(
            request=request, role=a.role, approver=actor, decision=a.decision, comment=a.comment
        )
        for a in own
        if a.decision != ApprovalDecision.REJECTED
    ]
    others = [a for a in standing if a not in own]
    if others:
        _ask_again(actor, request, others, reason)
    audit_record(
        actor=actor,
        action="gate_request.approvals_voided",
        obj=request,
        changes={
            "reason": reason,
            "voided": [{"role": a.role, "approver": a.approver.email} for a in standing],
            "renewed": [a.role for a in renewed],
        },
    )
    return others


def _ask_again(actor, request: GateRequest, voided: list[GateApproval], reason: str) -> None:
    """The request says why its decisions were voided; their makers are asked again."""
    # Audited with the voided decisions (gate_request.approvals_voided).
    request_update(
        actor=actor, request=request, values={"voided_reason": reason[:300]}, action=None
    )
    notify(
        request,
        [a.approver for a in voided],
        title="your decision was voided; please decide again",
        reason="You decided on this gate request before it changed.",
        body=reason,
    )


def close_request(
    *, actor, request: GateRequest, status: str, evaluation: rules.GateEvaluation | None = None
) -> GateRequest:
    """Close the request with a result; a result that lets the system pass moves it to
    the gate's next stage (the only way a stage changes)."""
    gaps = evaluation.gaps if evaluation is not None and evaluation.has_gaps else {}
    request_update(
        actor=actor,
        request=request,
        values={"status": status},
        also={
            "decided_at": timezone.now(),
            "decided_by": actor if isinstance(actor, User) else None,
            "gaps": gaps,
        },
        action=f"gate_request.{status}",
        audit_extra={"gaps": gaps, "gate": request.gate.slug},
    )
    system_gate_result(actor=actor, request=request, advance=status in PASSING_RESULTS)
    reviewed = status in {GateRequestStatus.APPROVED, GateRequestStatus.REMEDIATION}
    if reviewed and request.from_stage == request.to_stage:
        _review_record(actor, request)
    return request


def _review_record(actor, request: GateRequest) -> None:
    """A gate that keeps the system where it is (the annual production review) is a
    review of the system: recorded as one, which sets the next review's date. Only when
    the actor may record reviews (the RACI's review roles); otherwise the request's own
    date is the record."""
    from registry.services.reviews import system_review_record

    if request.system.risk_tier and can(actor, "registry.system.review_record", request.system):
        note = f"{request.gate.name}: {request.get_status_display()} (gate request #{request.pk})."
        system_review_record(actor=actor, system=request.system, note=note)


def system_gate_result(*, actor, request: GateRequest, advance: bool) -> AISystem:
    """Set the system's gate status after a result and, when it passes, its stage. Not
    an edit of the system's description: a waiting classification proposal stays
    decidable (not_an_edit)."""
    system = request.system
    before = {"lifecycle_stage": system.lifecycle_stage, "gate_status": system.gate_status}
    row_update(
        actor=actor,
        obj=system,
        values={
            "lifecycle_stage": request.to_stage if advance else system.lifecycle_stage,
            "gate_status": GATE_STATUS_AFTER.get(request.status, GateStatus.PENDING),
        },
        also=not_an_edit(system),
        action=None,  # a pass is audited below, with the gate and the request
    )
    if advance:
        retroactive_review_passed(actor=actor, system=system, gate_request_pk=request.pk)
        moved = before["lifecycle_stage"] != system.lifecycle_stage
        audit_record(
            actor=actor,
            # The annual review keeps the system where it is: passed, not moved.
            action="system.stage_changed" if moved else "system.gate_passed",
            obj=system,
            changes={
                "lifecycle_stage": [before["lifecycle_stage"], system.lifecycle_stage],
                "gate_status": [before["gate_status"], system.gate_status],
                "gate": request.gate.slug,
                "gate_request": request.pk,
                "result": request.status,
            },
        )
    return system


def close_if_passed(*, actor, request: GateRequest, today: date | None = None) -> bool:
    """Close the open request as approved when nothing is missing any more (the
    approval-type controls are then met by the approvals themselves), or as not required
    when the system's tier no longer falls under the gate."""
    today = today or timezone.localdate()
    contents = sel.gate_request_contents(request)
    evaluation = sel.gate_evaluate_contents(request, contents, today)
    if evaluation.result == GateRequestStatus.NOT_REQUIRED:
        # Re-classified below the gate's tiers while the request was open.
        close_request(actor=actor, request=request, status=GateRequestStatus.NOT_REQUIRED)
        return True
    if evaluation.result != GateRequestStatus.APPROVED:
        return False
    close_request(actor=actor, request=request, status=GateRequestStatus.APPROVED)
    approval_controls_meet(actor=actor, request=request, approvals=contents.approvals)
    notify_requester(
        request, title="approved", body=f"The system is now at {request.get_to_stage_display()}."
    )
    return True


def approval_controls_meet(*, actor, request: GateRequest, approvals: list[GateApproval]) -> None:
    """The approval-type controls (CISO approval, engineering manager approval, board or
    executive approval) are met by the gate's approval of that role, named in their
    justification (registry.rules.APPROVAL_CONTROL_ROLES)."""
    by_role = {a.role: a for a in approvals if a.decision == ApprovalDecision.APPROVED}
    keys = [k for k, role in rules.APPROVAL_CONTROL_ROLES.items() if role in by_role]
    controls = SystemControl.objects.filter(
        system=request.system, control__key__in=keys, retired_at__isnull=True
    )
    for control in controls.select_related("control").order_by("pk"):
        key = control.control.key
        approval = by_role[rules.APPROVAL_CONTROL_ROLES[key]]
        justification = (
            f"Met by the {approval.get_role_display()} approval of {approver_name(approval)} "
            f"on {approval.decided_at:%Y-%m-%d}, gate '{request.gate.name}' "
            f"(request #{request.pk})."
        )
        row_update(
            actor=actor,
            obj=control,
            values={"status": ControlStatus.IMPLEMENTED, "justification": justification},
            action="control.updated",
            audit_extra={"control": key, "gate_approval": approval.pk},
        )


def approver_name(approval: GateApproval) -> str:
    person = approval.approver
    return getattr(person, "display_name", "") or person.email
