"""Opening a gate request as a draft, submitting it, withdrawing it (DOMAIN.md section
4, issues 7 and 17).

A request starts as a draft: the owner gathers artifacts and tests and nobody is told.
Submitting it is the owner's sign-off, and the approvers are asked then, once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.choices import Role
from core.permissions import can, require
from core.writes import row_lock, row_update
from registry import rules
from registry.choices import ApprovalDecision, GateRequestStatus, GateStatus, LifecycleStage
from registry.models import AISystem, GateDefinition, GateRequest
from registry.selectors import gates as sel
from registry.services.common import clean_except, not_an_edit, row_create_or_refuse
from registry.services.gate_common import (
    close_if_passed,
    close_request,
    lock_request,
    notify_approvers,
    record_decision,
    request_update,
    require_in_progress,
)

ALREADY_OPEN = (
    "{system} has a gate request in progress already ({gate}, {status}): "
    "finish or withdraw it first."
)


@transaction.atomic
def gate_request_open(
    *, actor, system: AISystem, gate_slug: str | None = None, summary: str = ""
) -> GateRequest:
    """A product owner of the owning team opens a draft request to move the system
    through the gate of its current stage (the version of the gate in force now).

    A gate that does not apply to the system's tier closes at once as "not required"
    and the system moves on. Otherwise the draft waits for its artifacts and tests;
    nobody is told until the owner submits it (gate_request_submit)."""
    row_lock(system)
    require(actor, "registry.gate.request", system)
    definition = _gate_for_stage(system, gate_slug)
    _refuse_second_open(system)
    request = _request_create(
        actor,
        {
            "system": system,
            "gate": definition,
            "status": GateRequestStatus.DRAFT,
            "from_stage": system.lifecycle_stage,
            "to_stage": definition.to_stage,
            "tier": system.risk_tier,
            "summary": (summary or "").strip(),
            "requested_by": actor,
        },
    )
    spec = sel.gate_spec_of(definition)
    if not sel.gate_required_for(system, spec):
        return close_request(actor=actor, request=request, status=GateRequestStatus.NOT_REQUIRED)
    return request


@transaction.atomic
def gate_request_submit(*, actor, request: GateRequest) -> GateRequest:
    """The owner submits a draft for approval: it is open, the system's gate is pending,
    submitting is the submitter's sign-off in the product owner's slot (when the gate
    has one and they may fill it), and the holders of the other slots are asked, once.
    A gate that asks nothing more passes at once; one the system's tier no longer falls
    under closes as not required. The requester or a product owner of the team."""
    lock_request(request)
    require(actor, "registry.gate.submit", request)
    if request.status != GateRequestStatus.DRAFT:
        label = request.get_status_display().lower()
        raise ValidationError({"request": [f"Only a draft is submitted; this one is {label}."]})
    spec = sel.gate_spec_of(request.gate)
    signs_off = Role.PRODUCT_OWNER in spec.approval_roles and can(
        actor, "registry.gate.approve", (request, Role.PRODUCT_OWNER)
    )
    request_update(
        actor=actor,
        request=request,
        values={"status": GateRequestStatus.OPEN},
        also={"submitted_at": timezone.now()},
        action="gate_request.submitted",
        audit_extra={
            "gate": request.gate.slug,
            "sign_off": Role.PRODUCT_OWNER if signs_off else None,
        },
    )
    if signs_off:
        record_decision(
            request=request,
            role=Role.PRODUCT_OWNER,
            approver=actor,
            decision=ApprovalDecision.SIGN_OFF,
            comment="Submitting is my sign-off.",
        )
    _gate_status_set(actor, request.system, GateStatus.PENDING)
    if not close_if_passed(actor=actor, request=request):
        notify_approvers(
            request, title="gate request submitted", body=request.summary, once="submitted"
        )
    return request


def _gate_for_stage(system: AISystem, gate_slug: str | None) -> GateDefinition:
    """The gate in force that leads on from the system's stage (the one asked for, or
    the next one on the lifecycle's path)."""
    stage = system.lifecycle_stage
    expected = rules.gate_slugs_from(stage)
    slug = gate_slug or rules.next_gate_slug(stage)
    definition = sel.gate_definition_current(slug) if slug else None
    if definition is None or definition.from_stage != stage:
        stage_name = LifecycleStage(stage).label.lower()
        if not expected:
            message = f"A {stage_name} system passes no more gates."
        else:
            message = (
                f"A system in {stage_name} can only request: {', '.join(expected)}; "
                "a system moves one stage at a time."
            )
        raise ValidationError({"gate": [message]})
    return definition


def _refuse_second_open(system: AISystem) -> None:
    current = sel.gate_request_open_for(system)
    if current is not None:
        message = ALREADY_OPEN.format(
            system=system.system_id,
            gate=current.gate.name,
            status=current.get_status_display().lower(),
        )
        raise ValidationError({"gate": [message]})


def _request_create(actor, values: dict) -> GateRequest:
    """Insert the request and audit its opening. The check before (_refuse_second_open)
    can lose a race with a concurrent opening; the unique index decides."""
    system, gate = values["system"], values["gate"]
    return row_create_or_refuse(
        refusal={
            "gate": [
                ALREADY_OPEN.format(system=system.system_id, gate=gate.name, status="in progress")
            ]
        },
        actor=actor,
        model=GateRequest,
        values=values,
        action="gate_request.opened",
        audit_changes={
            "system": system.system_id,
            "gate": gate.slug,
            "version": gate.version,
            **{key: values[key] for key in ("from_stage", "to_stage", "tier")},
        },
        validate=clean_except("system", "gate", "requested_by"),
    )


def _gate_status_set(actor, system: AISystem, status: str) -> None:
    """The system's gate status follows its open request; audited with the request."""
    row_update(
        actor=actor,
        obj=system,
        values={"gate_status": status},
        also=not_an_edit(system),
        action=None,
    )


@transaction.atomic
def gate_request_withdraw(*, actor, request: GateRequest, reason: str) -> GateRequest:
    """The requester (or a product owner of the team) withdraws a draft or an open
    request, saying why; it stays on record, and the system's stage does not change.
    The approvers of a submitted request are told; a draft's were never asked."""
    lock_request(request)
    require(actor, "registry.gate.withdraw", request)
    require_in_progress(request)
    was_submitted = request.status == GateRequestStatus.OPEN
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the request is withdrawn."]})
    request_update(
        actor=actor,
        request=request,
        values={"status": GateRequestStatus.WITHDRAWN},
        also={"decided_at": timezone.now(), "decided_by": actor},
        action="gate_request.withdrawn",
        audit_extra={"reason": reason},
    )
    if was_submitted:
        _gate_status_set(actor, request.system, GateStatus.NONE)
        notify_approvers(request, title="gate request withdrawn", body=reason, exclude=[actor])
    return request
