"""Opening and withdrawing a gate request (DOMAIN.md section 4, issue 7)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.choices import Role
from core.permissions import require
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
    require_open,
)

ALREADY_OPEN = "{system} has an open gate request already ({gate}): finish or withdraw it first."


@transaction.atomic
def gate_request_open(
    *, actor, system: AISystem, gate_slug: str | None = None, summary: str = ""
) -> GateRequest:
    """A product owner of the owning team asks to move the system through the gate of
    its current stage (the version of the gate in force now).

    A gate that does not apply to the system's tier closes at once as "not required"
    and the system moves on. Otherwise submitting is the product owner's sign-off
    (their slot, when the gate has one), and the holders of every slot are told."""
    row_lock(system)
    require(actor, "registry.gate.request", system)
    definition = _gate_for_stage(system, gate_slug)
    _refuse_second_open(system)
    request = _request_create(
        actor,
        {
            "system": system,
            "gate": definition,
            "status": GateRequestStatus.OPEN,
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
    _submit(actor, request, spec)
    return request


def _submit(actor, request: GateRequest, spec: rules.GateSpec) -> None:
    """Submitting is the product owner's sign-off (when the gate has their slot); the
    approvers are told; a gate that asks nothing more passes at once."""
    if Role.PRODUCT_OWNER in spec.approval_roles:
        record_decision(
            request=request,
            role=Role.PRODUCT_OWNER,
            approver=actor,
            decision=ApprovalDecision.SIGN_OFF,
            comment="Submitting is my sign-off.",
        )
    _gate_status_set(actor, request.system, GateStatus.PENDING)
    notify_approvers(request, title="gate request opened", body=request.summary)
    close_if_passed(actor=actor, request=request)


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
        message = ALREADY_OPEN.format(system=system.system_id, gate=current.gate.name)
        raise ValidationError({"gate": [message]})


def _request_create(actor, values: dict) -> GateRequest:
    """Insert the request and audit its opening. The check before (_refuse_second_open)
    can lose a race with a concurrent opening; the unique index decides."""
    system, gate = values["system"], values["gate"]
    return row_create_or_refuse(
        refusal={"gate": [ALREADY_OPEN.format(system=system.system_id, gate=gate.name)]},
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
    """The requester (or a product owner of the team) withdraws an open request, saying
    why; it stays on record, and the system's stage does not change."""
    lock_request(request)
    require(actor, "registry.gate.withdraw", request)
    require_open(request)
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
    _gate_status_set(actor, request.system, GateStatus.NONE)
    notify_approvers(request, title="gate request withdrawn", body=reason, exclude=[actor])
    return request
