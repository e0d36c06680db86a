"""What one gate request's page shows: the gate's requirements for this system's tier,
each with what was given (and what it replaced), the live evaluation, the approval
slots with their decisions (voided ones kept, struck through), and the forms the
viewer may use. Built from a fixed number of queries (registry.selectors.gate_pages)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from core.choices import Role
from core.permissions import can
from registry import rules
from registry.choices import GATE_REQUEST_IN_PROGRESS, GateRequestStatus
from registry.forms.gates import (
    ApprovalForm,
    ArtifactFileForm,
    ArtifactRecordForm,
    RemediationCompleteForm,
    RemediationForm,
    SubmitForm,
    TestResultForm,
    WithdrawForm,
)
from registry.selectors.gate_pages import (
    contributed_records,
    linkable_records,
    remediation_owner_choices,
    system_gate_path,
)
from registry.selectors.gates import (
    gate_definitions_current,
    gate_request_contents,
    gate_request_evaluation,
    gate_requests_for_system,
    gate_required_for,
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


def _split(rows, key: str, ended: str) -> tuple[object, list]:
    """The rows of one requirement: the standing one (`ended` unset) and the others."""
    mine = [row for row in rows if row.requirement == key]
    return next((r for r in mine if getattr(r, ended) is None), None), [
        r for r in mine if getattr(r, ended) is not None
    ]


@dataclass
class _Page:
    """What the rows are built from: the viewer, the request and what it gathered."""

    request: object
    gate_request: object
    everything: object
    bound: dict
    today: object

    @property
    def in_progress(self) -> bool:
        """A draft or an open request: artifacts and tests may still be given."""
        return self.gate_request.status in GATE_REQUEST_IN_PROGRESS

    @property
    def is_draft(self) -> bool:
        return self.gate_request.status == GateRequestStatus.DRAFT

    def may(self, action: str, obj=None) -> bool:
        return self.in_progress and can(self.request.user, action, obj or self.gate_request)

    def may_decide(self, action: str, obj=None) -> bool:
        """Approving and remediating: once submitted, while open."""
        return not self.is_draft and self.may(action, obj)

    def form(self, prefix: str, form_class, **kw):
        return self.bound.get(prefix) or form_class(prefix=prefix, **kw)

    def artifact_rows(self, spec, may_contribute: bool) -> list[ArtifactRow]:
        records = linkable_records(self.gate_request.system) if may_contribute else []
        rows = []
        for item in spec.artifacts:
            row = ArtifactRow(item.key, item.name)
            row.current, row.replaced = _split(self.everything.artifacts, item.key, "replaced_at")
            if may_contribute:
                initial = {"requirement": item.key}
                row.file_form = self.form(
                    artifact_prefix(item.key), ArtifactFileForm, initial=initial
                )
                answers = contributed_records(self.gate_request.system, item.key)
                row.record_form = self.form(
                    record_prefix(item.key),
                    ArtifactRecordForm,
                    initial=initial,
                    records=answers + records,
                )
            rows.append(row)
        return rows

    def test_rows(self, spec, may_contribute: bool) -> list[TestRow]:
        rows = []
        for item in spec.tests:
            row = TestRow(item.key, item.name, item.if_applicable)
            row.current, row.replaced = _split(self.everything.tests, item.key, "replaced_at")
            if may_contribute:
                initial = {"requirement": item.key, "name": item.name, "run_on": self.today}
                row.form = self.form(test_prefix(item.key), TestResultForm, initial=initial)
            rows.append(row)
        return rows

    def slot_rows(self, spec) -> list[SlotRow]:
        by_id = {str(a.pk): a for a in self.everything.artifacts}
        for approval in self.everything.approvals:  # what each approver saw, by artifact
            approval.seen = [(by_id.get(pk), sha) for pk, sha in approval.artifact_hashes.items()]
        rows, user = [], self.request.user
        for item in spec.approvals:
            row = SlotRow(item.key, ROLE_LABELS.get(item.key, item.name))
            approvals = [a for a in self.everything.approvals if a.role == item.key]
            row.standing = next((a for a in approvals if a.voided_at is None), None)
            row.voided = [a for a in approvals if a.voided_at is not None]
            mine = row.standing is not None and row.standing.approver_id == user.pk
            if self.may_decide("registry.gate.approve", (self.gate_request, item.key)) and not mine:
                row.form = self.form(
                    slot_prefix(item.key), ApprovalForm, initial={"role": item.key}
                )
            rows.append(row)
        return rows


def request_page_context(request, gate_request, bound: dict | None = None) -> dict:
    """The page's context; `bound` holds forms that came back with errors, by prefix."""
    today = timezone.localdate()
    everything = gate_request_contents(gate_request, history=True)
    page = _Page(request, gate_request, everything, bound or {}, today)
    spec = gate_spec_of(gate_request.gate)
    may_contribute = page.may("registry.gate.contribute")
    may_remediate = not gate_request.gate.blocking and page.may_decide("registry.gate.remediate")
    remediation = None
    if may_remediate:
        owners = remediation_owner_choices()
        remediation = page.form("remediation", RemediationForm, owners=owners)
    return {
        "system": gate_request.system,
        "gate_request": gate_request,
        "gate": gate_request.gate,
        "is_open": page.in_progress,
        "is_draft": page.is_draft,
        "submit_form": _submit_form(page),
        "applies": gate_required_for(gate_request.system, spec, gate_request.tier),
        "evaluation": gate_request_evaluation(gate_request, today, everything),
        "artifacts": page.artifact_rows(spec, may_contribute),
        "tests": page.test_rows(spec, may_contribute),
        "slots": page.slot_rows(spec),
        "may_contribute": may_contribute,
        "remediation_form": remediation,
        "remediation_done_form": _remediation_done_form(page),
        "withdraw_form": page.form("withdraw", WithdrawForm)
        if page.may("registry.gate.withdraw")
        else None,
        "today": today,
    }


def _submit_form(page: _Page):
    """For those who may submit the draft; a refused one always comes back with its
    errors (submitted twice from two tabs: the second one says why)."""
    if "submit" in page.bound:
        return page.bound["submit"]
    if page.is_draft and can(page.request.user, "registry.gate.submit", page.gate_request):
        return page.form("submit", SubmitForm)
    return None


def _remediation_done_form(page: _Page):
    """For those who may mark a plan done, while it is not (the request is closed); a
    refused one always comes back, with its errors."""
    if "remediation-done" in page.bound:
        return page.bound["remediation-done"]
    gate_request = page.gate_request
    pending = (
        gate_request.status == GateRequestStatus.REMEDIATION
        and gate_request.remediation_done_at is None
    )
    if not pending or not can(
        page.request.user, "registry.gate.remediation_complete", gate_request
    ):
        return None
    return page.form("remediation-done", RemediationCompleteForm)


def system_gate_context(request, system) -> dict:
    """The system page's lifecycle block: the stage path with each gate's latest result,
    the open request with its gaps, and the next gate for its product owner to request.
    A fixed number of queries, however many requests and artifacts there are."""
    requests = gate_requests_for_system(system)
    open_request = next((r for r in requests if r.status in GATE_REQUEST_IN_PROGRESS), None)
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
