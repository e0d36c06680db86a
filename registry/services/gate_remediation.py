"""Letting a failing non-blocking gate proceed with a remediation plan (DOMAIN.md 4)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.clocks.rules import day_due_at
from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_meet, deadline_open
from core.models import User
from core.permissions import require
from registry import rules
from registry.choices import GateRequestStatus
from registry.models import LONG_TEXT, GateRequest
from registry.selectors import gates as sel
from registry.services.gate_common import (
    close_request,
    lock_request,
    notify_requester,
    request_link,
    request_update,
    require_open,
)

REMEDIATION_KIND = sel.REMEDIATION_KIND


@transaction.atomic
def gate_request_proceed_with_remediation(
    *, actor, request: GateRequest, plan: str, owner: User, due: date
) -> GateRequest:
    """A non-blocking gate that is blocked lets the system proceed with a plan: the plan,
    its owner and due date are recorded, the due date becomes a deadline (warned 14 and
    3 days before), and the system moves on (the annual review keeps it in production
    and records the review). Decided by a holder of one of the gate's approval roles or
    the CISO, never by the requester (registry.permissions.may_remediate_gate)."""
    lock_request(request)
    require(actor, "registry.gate.remediate", request)
    require_open(request)
    evaluation = sel.gate_request_evaluation(request, timezone.localdate())
    plan = (plan or "").strip()
    _check_plan(request, evaluation, plan, owner, due)
    request_update(
        actor=actor,
        request=request,
        values={"remediation_plan": plan, "remediation_owner": owner, "remediation_due": due},
        action=None,  # the event below says it in the plan's words
    )
    audit_record(
        actor=actor,
        action="gate_request.remediation_plan",
        obj=request,
        changes={"plan": plan, "owner": owner.email, "due": due},
    )
    close_request(
        actor=actor, request=request, status=GateRequestStatus.REMEDIATION, evaluation=evaluation
    )
    deadline_open(
        actor=actor,
        subject=request,
        kind=REMEDIATION_KIND,
        label=f"Remediation plan of {request.system.system_id} {request.gate.name}",
        due_at=day_due_at(due),
        owner=owner,
        warn_before=[timedelta(days=d) for d in rules.REMEDIATION_WARN_DAYS],
        link=request_link(request),
    )
    notify_requester(request, title="proceeds with a remediation plan", body=plan)
    return request


@transaction.atomic
def gate_remediation_complete(*, actor, request: GateRequest, outcome: str) -> GateRequest:
    """Mark the remediation plan of a request that proceeded with one as done, with what
    came of it: its deadline is met (no more warnings, no escalation) and the requester
    is told. Once only. By the plan's owner, the CISO or whoever may decide on
    remediation (registry.permissions.may_complete_remediation)."""
    lock_request(request)
    require(actor, "registry.gate.remediation_complete", request)
    outcome = (outcome or "").strip()
    errors: dict[str, list[str]] = {}
    if request.status != GateRequestStatus.REMEDIATION:
        errors["request"] = ["Only a request that proceeded with a remediation plan has one."]
    elif request.remediation_done_at is not None:
        errors["request"] = ["This remediation plan is already marked done."]
    if not outcome:
        errors["outcome"] = ["Say what was done."]
    elif len(outcome) > LONG_TEXT:
        errors["outcome"] = [f"At most {LONG_TEXT} characters."]
    if errors:
        raise ValidationError(errors)
    request_update(
        actor=actor,
        request=request,
        values={
            "remediation_done_at": timezone.now(),
            "remediation_done_by": actor,
            "remediation_outcome": outcome,
        },
        action=None,  # the event below says whether a deadline was met
    )
    deadline = deadline_open_for(subject=request, kind=REMEDIATION_KIND)
    if deadline is not None:
        deadline_meet(actor=actor, deadline=deadline, at=request.remediation_done_at)
    audit_record(
        actor=actor,
        action="gate_request.remediation_completed",
        obj=request,
        changes={"outcome": outcome, "met_deadline": deadline is not None},
    )
    notify_requester(request, title="remediation plan done", body=outcome)
    return request


def _check_plan(request, evaluation, plan: str, owner, due) -> None:
    errors: dict[str, list[str]] = {}
    if request.gate.blocking:
        errors["request"] = ["A blocking gate cannot proceed with a remediation plan."]
    elif evaluation.result != GateRequestStatus.BLOCKED:
        errors["request"] = ["Only a gate that is not passed proceeds with a remediation plan."]
    if not plan:
        errors["plan"] = ["Describe the remediation plan."]
    elif len(plan) > LONG_TEXT:
        errors["plan"] = [f"At most {LONG_TEXT} characters."]
    if owner is None or not getattr(owner, "is_active", False):
        errors["owner"] = ["Name an active person who owns the plan."]
    if not isinstance(due, date) or due <= timezone.localdate():
        errors["due"] = ["Give a due date after today."]
    if errors:
        raise ValidationError(errors)
