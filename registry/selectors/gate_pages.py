"""Reads the gate pages need beside registry.selectors.gates (which the gate services'
module owns): the request list, the gate definitions by slug, the system page's stage
path, and the portal records a request may link. Each costs a fixed number of queries.

  gate_request_list_for(user, params)    the list (registry/lists/gates.py) as a ListQuery
  gate_definition_current_for(user, slug)    the version in force; 404 when unknown
  gate_definition_versions(slug)         every version of a gate, newest first
  system_gate_path(system, requests)     the stage path with each gate's latest result
  linkable_records(system)               the records a request of `system` may link
  gate_request_everything(request)       its artifacts, tests, approvals, history included
  remediation_owner_choices()            who may own a remediation plan
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from core.lists import ListQuery
from core.models import User
from core.permissions import can
from registry import choices as c
from registry.lists.gates import GATE_REQUEST_LIST
from registry.models import (
    AIActScreening,
    AISystem,
    Classification,
    GateApproval,
    GateArtifact,
    GateDefinition,
    GateRequest,
    GateTestResult,
    SystemControl,
)

STAGES = c.LifecycleStage


def gate_requests_visible_to(user) -> QuerySet[GateRequest]:
    """Who sees which gate requests, decided here only: whoever may read gates."""
    if not can(user, "registry.gate.view"):
        return GateRequest.objects.none()
    return GateRequest.objects.all()


def gate_request_list_for(user, params: Mapping | None = None, **context) -> ListQuery:
    return GATE_REQUEST_LIST.query(gate_requests_visible_to(user), params, **context)


def gate_definition_current_for(user, slug: str) -> GateDefinition:
    """The version of gate `slug` in force (the highest); Http404 when there is none."""
    if not can(user, "registry.gate.view"):
        raise Http404("No such gate.")
    gate = GateDefinition.objects.filter(slug=slug).order_by("-version").first()
    if gate is None:
        raise Http404("No such gate.")
    return gate


def gate_definition_versions(slug: str) -> list[GateDefinition]:
    return list(
        GateDefinition.objects.filter(slug=slug).select_related("created_by").order_by("-version")
    )


@dataclass(frozen=True)
class PathStep:
    """One stage of the lifecycle on a system's page, and the gate that leads into it."""

    stage: str
    label: str
    reached: bool
    current: bool
    gate_name: str = ""
    result: str = ""  # the status of the latest request of that gate, "" if none
    result_label: str = ""
    result_on: object = None  # when it was decided (or opened, for an open one)
    request: GateRequest | None = None


def system_gate_path(system: AISystem, requests: list[GateRequest]) -> list[PathStep]:
    """The stage path (conception to decommissioned) with, for each stage, the latest of
    `requests` (the system's, newest first, with their gates) leading into it. No query."""
    by_stage: dict[str, GateRequest] = {}
    for request in reversed(requests):  # oldest first: the newest one stays
        # The annual review leads from production back to production: it shows on that
        # stage only when no deployment request is recorded.
        if (
            request.from_stage != request.to_stage
            or request.to_stage not in by_stage
            or by_stage[request.to_stage].from_stage == request.to_stage
        ):
            by_stage[request.to_stage] = request
    order = list(STAGES.values)
    at = order.index(system.lifecycle_stage) if system.lifecycle_stage in order else -1
    steps = []
    for i, (stage, label) in enumerate(STAGES.choices):
        request = by_stage.get(stage)
        steps.append(
            PathStep(
                stage=stage,
                label=str(label),
                reached=i <= at,
                current=i == at,
                gate_name=request.gate.name if request else "",
                result=request.status if request else "",
                result_label=request.get_status_display() if request else "",
                result_on=(request.decided_at or request.requested_at) if request else None,
                request=request,
            )
        )
    return steps


def linkable_records(system: AISystem) -> list[tuple[str, str]]:
    """("type:id", label) of the records a request of `system` may link as an artifact:
    its effective classification, its latest AI Act screening, each active control.
    Three queries."""
    records = []
    effective = (
        Classification.objects.filter(system=system, status=c.ClassificationStatus.EFFECTIVE)
        .order_by("-classified_at", "-id")
        .first()
    )
    if effective is not None:
        records.append(
            (
                f"{c.ArtifactRecordType.CLASSIFICATION}:{effective.pk}",
                f"Classification: score {effective.score}, {effective.get_tier_display()} "
                f"({effective.classified_at:%Y-%m-%d})",
            )
        )
    screening = AIActScreening.objects.filter(system=system).order_by("-decided_at", "-id").first()
    if screening is not None:
        records.append(
            (
                f"{c.ArtifactRecordType.AI_ACT_SCREENING}:{screening.pk}",
                f"EU AI Act screening: {screening.get_category_display()} "
                f"({screening.decided_at:%Y-%m-%d})",
            )
        )
    controls = (
        SystemControl.objects.filter(system=system, retired_at__isnull=True)
        .select_related("control")
        .order_by("control__name")
    )
    records += [
        (
            f"{c.ArtifactRecordType.CONTROL}:{control.pk}",
            f"Control: {control.control.name} ({control.get_status_display()})",
        )
        for control in controls
    ]
    return records


@dataclass(frozen=True)
class RequestRecord:
    """Everything a request gathered, replaced and voided ones included (the page shows
    them as history)."""

    artifacts: list[GateArtifact]
    tests: list[GateTestResult]
    approvals: list[GateApproval]


def gate_request_everything(request: GateRequest) -> RequestRecord:
    """Three queries, whatever the number of artifacts, tests and approvals."""
    return RequestRecord(
        artifacts=list(
            GateArtifact.objects.filter(request=request)
            .select_related("evidence", "added_by", "evidence__uploaded_by")
            .order_by("requirement", "-added_at", "-id")
        ),
        tests=list(
            GateTestResult.objects.filter(request=request)
            .select_related("report", "recorded_by")
            .order_by("requirement", "-recorded_at", "-id")
        ),
        approvals=list(
            GateApproval.objects.filter(request=request)
            .select_related("approver", "classification")
            .order_by("decided_at", "id")
        ),
    )


def remediation_owner_choices() -> list[tuple[int, str]]:
    """Everyone holding a role, by name: who may own a remediation plan (one query)."""
    people = (
        User.objects.filter(is_active=True, role_assignments__isnull=False)
        .distinct()
        .order_by("full_name", "email")
        .values_list("pk", "full_name", "email")
    )
    return [(pk, name or email) for pk, name, email in people]


def gate_request_evaluation_of(request: GateRequest, everything: RequestRecord, today):
    """The request's evaluation from what `gate_request_everything` loaded: live while
    open (no further query but the checklist's), as recorded once decided."""
    from registry.rules import gate_recorded_evaluation
    from registry.selectors.gates import RequestContents, gate_evaluate_contents

    if request.status != c.GateRequestStatus.OPEN:
        return gate_recorded_evaluation(request.status, request.gaps or {})
    current = RequestContents(
        artifacts=[a for a in everything.artifacts if a.replaced_at is None],
        tests=[t for t in everything.tests if t.replaced_at is None],
        approvals=[a for a in everything.approvals if a.voided_at is None],
    )
    return gate_evaluate_contents(request, current, today)
