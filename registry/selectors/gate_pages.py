"""Reads the gate pages need beside registry.selectors.gates (which the gate services'
module owns): the request list, the gate definitions by slug, the system page's stage
path, and the portal records a request may link. Each costs a fixed number of queries.

  gate_request_list_for(user, params)    the list (registry/lists/gates.py) as a ListQuery
  gate_definition_current_for(user, slug)    the version in force; 404 when unknown
  gate_definition_versions(slug)         every version of a gate, newest first
  system_gate_path(system, requests)     the stage path with each gate's latest result
  linkable_records(system)               the records a request of `system` may link
  remediation_owner_choices()            who may own a remediation plan

What a request gathered (history included) and its evaluation are read by
registry.selectors.gates.gate_request_contents and gate_request_evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from core.gate_artifact_sources import artifact_sources_for
from core.lists import ListQuery
from core.models import User
from core.permissions import can
from registry import choices as c
from registry.lists.gates import GATE_REQUEST_LIST
from registry.models import AISystem, GateDefinition, GateRequest, SystemControl
from registry.selectors.gates import ai_act_screening_latest, effective_classification

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


# How each kind of portal record a request may link is named in the page's choice.
RECORD_LABELS = {
    c.ArtifactRecordType.CLASSIFICATION: lambda record: (
        f"Classification: score {record.score}, {record.get_tier_display()} "
        f"({record.classified_at:%Y-%m-%d})"
    ),
    c.ArtifactRecordType.AI_ACT_SCREENING: lambda record: (
        f"EU AI Act screening: {record.get_category_display()} ({record.decided_at:%Y-%m-%d})"
    ),
    c.ArtifactRecordType.CONTROL: lambda record: (
        f"Control: {record.control.name} ({record.get_status_display()})"
    ),
}


def linkable_records(system: AISystem) -> list[tuple[str, str]]:
    """("type:id", label) of the records a request of `system` may link as an artifact:
    its effective classification, its latest AI Act screening, each active control.
    Three queries."""
    kinds = c.ArtifactRecordType
    controls = (
        SystemControl.objects.filter(system=system, retired_at__isnull=True)
        .select_related("control")
        .order_by("control__name")
    )
    records = [
        (kinds.CLASSIFICATION, effective_classification(system)),
        (kinds.AI_ACT_SCREENING, ai_act_screening_latest(system)),
        *((kinds.CONTROL, control) for control in controls),
    ]
    # "type:id" is the choice's value, as ArtifactRecordForm.record_ref reads it back.
    return [
        (f"{kind}:{record.pk}", RECORD_LABELS[kind](record))
        for kind, record in records
        if record is not None
    ]


def contributed_records(system: AISystem, requirement: str) -> list[tuple[str, str]]:
    """("type:id", label) of the records higher apps answer `requirement` with (core's
    gate artifact sources: the approved model card versions for "model card (final)").
    No query for a requirement no source answers."""
    return [
        (f"{source.record_type}:{record.record_id}", record.label)
        for source in artifact_sources_for(requirement)
        for record in source.linkable(system)
    ]


def remediation_owner_choices() -> list[tuple[int, str]]:
    """Everyone holding a role, by name: who may own a remediation plan (one query)."""
    people = (
        User.objects.filter(is_active=True, role_assignments__isnull=False)
        .distinct()
        .order_by("full_name", "email")
        .values_list("pk", "full_name", "email")
    )
    return [(pk, name or email) for pk, name, email in people]
