"""What one gate request's page shows: the gate's requirements for this system's tier,
each with what was given (and what it replaced), the live evaluation, the approval
slots with their decisions (voided ones kept, struck through), and the forms the
viewer may use. Built from a fixed number of queries (gate_page_selectors)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from core.choices import Role
from core.permissions import can
from registry import rules
from registry.choices import GateRequestStatus
from registry.gate_forms import (
    ApprovalForm,
    ArtifactFileForm,
    ArtifactRecordForm,
    RemediationForm,
    TestResultForm,
    WithdrawForm,
)
from registry.gate_page_selectors import (
    gate_request_evaluation_of,
    gate_request_everything,
    linkable_records,
    remediation_owner_choices,
    system_gate_path,
)
from registry.gate_selectors import (
    gate_definitions_current,
    gate_request_evaluation,
    gate_requests_for_system,
    gate_spec_of,
)

ROLE_LABELS = dict(Role.choices)


@dataclass
class ArtifactRow:
    key: str
    name: str
    current: object = None  # GateArtifact
    replaced: list = field(default_factory=list)
    file_form: object = None
    record_form: object = None


@dataclass
class TestRow:
    key: str
    name: str
    if_applicable: bool
    current: object = None  # GateTestResult
    replaced: list = field(default_factory=list)
    form: object = None


@dataclass
class SlotRow:
    role: str
    label: str
    standing: object = None  # GateApproval not voided
    voided: list = field(default_factory=list)
    form: object = None


def artifact_prefix(key: str) -> str:
    return f"artifact-{key}"


def record_prefix(key: str) -> str:
    return f"record-{key}"


def test_prefix(key: str) -> str:
    return f"test-{key}"


def slot_prefix(role: str) -> str:
    return f"slot-{role}"


def request_page_context(request, gate_request, bound: dict | None = None) -> dict:
    """The page's context; `bound` holds forms that came back with errors, by prefix."""
    bound = bound or {}
    user, today = request.user, timezone.localdate()
    everything = gate_request_everything(gate_request)
    is_open = gate_request.status == GateRequestStatus.OPEN
    may_contribute = is_open and can(user, "registry.gate.contribute", gate_request)
    records = linkable_records(gate_request.system) if may_contribute else []
    spec = gate_spec_of(gate_request.gate)
    tier = gate_request.system.risk_tier or gate_request.tier
    evaluation = gate_request_evaluation_of(gate_request, everything, today)
    by_id = {str(a.pk): a for a in everything.artifacts}
    for approval in everything.approvals:  # what each approver saw, by artifact
        approval.seen = [(by_id.get(pk), sha) for pk, sha in approval.artifact_hashes.items()]

    def form(prefix, form_class, **kw):
        return bound.get(prefix) or form_class(prefix=prefix, **kw)

    artifacts = []
    for item in spec.artifacts:
        row = ArtifactRow(item.key, item.name)
        for artifact in everything.artifacts:
            if artifact.requirement != item.key:
                continue
            if artifact.replaced_at is None:
                row.current = artifact
            else:
                row.replaced.append(artifact)
        if may_contribute:
            initial = {"requirement": item.key}
            row.file_form = form(artifact_prefix(item.key), ArtifactFileForm, initial=initial)
            row.record_form = form(
                record_prefix(item.key), ArtifactRecordForm, initial=initial, records=records
            )
        artifacts.append(row)
    tests = []
    for item in spec.tests:
        row = TestRow(item.key, item.name, item.if_applicable)
        for result in everything.tests:
            if result.requirement != item.key:
                continue
            if result.replaced_at is None:
                row.current = result
            else:
                row.replaced.append(result)
        if may_contribute:
            initial = {"requirement": item.key, "name": item.name, "run_on": today}
            row.form = form(test_prefix(item.key), TestResultForm, initial=initial)
        tests.append(row)
    slots = []
    for item in spec.approvals:
        row = SlotRow(item.key, ROLE_LABELS.get(item.key, item.name))
        for approval in everything.approvals:
            if approval.role != item.key:
                continue
            if approval.voided_at is None:
                row.standing = approval
            else:
                row.voided.append(approval)
        may_fill = is_open and can(user, "registry.gate.approve", (gate_request, item.key))
        if may_fill and (row.standing is None or row.standing.approver_id != user.pk):
            row.form = form(slot_prefix(item.key), ApprovalForm, initial={"role": item.key})
        slots.append(row)
    may_remediate = (
        is_open
        and not gate_request.gate.blocking
        and can(user, "registry.gate.remediate", gate_request)
    )
    return {
        "system": gate_request.system,
        "gate_request": gate_request,
        "gate": gate_request.gate,
        "is_open": is_open,
        "applies": rules.gate_applies(spec, tier),
        "evaluation": evaluation,
        "artifacts": artifacts,
        "tests": tests,
        "slots": slots,
        "may_contribute": may_contribute,
        "remediation_form": (
            bound.get("remediation")
            or RemediationForm(prefix="remediation", owners=remediation_owner_choices())
        )
        if may_remediate
        else None,
        "withdraw_form": bound.get("withdraw") or WithdrawForm(prefix="withdraw")
        if is_open and can(user, "registry.gate.withdraw", gate_request)
        else None,
        "today": today,
    }


def system_gate_context(request, system) -> dict:
    """The system page's lifecycle block: the stage path with each gate's latest result,
    the open request with its gaps, and the next gate for its product owner to request.
    A fixed number of queries, however many requests and artifacts there are."""
    requests = gate_requests_for_system(system)
    open_request = next((r for r in requests if r.status == GateRequestStatus.OPEN), None)
    slugs = rules.gate_slugs_from(system.lifecycle_stage)
    next_gates = [g for g in gate_definitions_current() if g.slug in slugs] if slugs else []
    return {
        "gate_path": system_gate_path(system, requests),
        "open_request": open_request,
        "open_evaluation": gate_request_evaluation(open_request, timezone.localdate())
        if open_request
        else None,
        "next_gates": next_gates
        if open_request is None and can(request.user, "registry.gate.request", system)
        else [],
    }
