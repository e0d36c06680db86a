"""Every read of the lifecycle gates (DOMAIN.md section 4) that a page, the API or the
pipeline's check needs. Each costs a fixed number of queries, however many artifacts,
test results and approvals a request has; a missing and a forbidden object are both 404.

  gate_definitions_current()                   the version in force of each gate, in order
  gate_definition_current(slug)                one gate's version in force (None: unknown)
  gate_spec_of(definition)                     the rules' GateSpec of a definition
  gate_request_get_for(user, pk)               one request (404 for missing and forbidden)
  gate_requests_for_system(system)             a system's requests, newest first
  gate_request_open_for(system)                the system's request in progress, or None
  gate_request_contents(request, history=)     what stands (or everything it gathered)
  gate_request_evaluation(request, today)      live GateEvaluation (recorded when closed)
  gate_check(user, system_id, gate_slug, today) the pipeline's answer for a system and gate
  gate_requests_waiting(older_than, now)       submitted requests waiting longer than that
  ai_act_screening_current(system)             whether its AI Act screening still holds
  ai_act_screening_latest(system)              its latest AI Act screening, or None
  gate_required_for(system, spec)              whether a gate asks anything of it
  systems_not_gated()                          systems registered past their gates
  effective_classification(system)             the classification in effect, or None
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Case, When
from django.http import Http404

from core.choices import Role
from core.permissions import can
from registry import rules
from registry.choices import GATE_REQUEST_IN_PROGRESS, ClassificationStatus, GateRequestStatus
from registry.models import (
    AIActScreening,
    AISystem,
    Classification,
    GateApproval,
    GateArtifact,
    GateDefinition,
    GateRequest,
    GateTestResult,
)
from registry.selectors.checklist import checklist_missing_for

ROLE_NAMES = dict(Role.choices)
REMEDIATION_KIND = "registry.gate_remediation"  # the clocks' kind of a remediation plan


def gate_definitions_current() -> list[GateDefinition]:
    """The highest version of each gate, in lifecycle order (one query)."""
    latest = GateDefinition.objects.order_by("slug", "-version").distinct("slug")
    return sorted(latest, key=lambda d: (d.order, d.slug))


def gate_definition_current(slug: str) -> GateDefinition | None:
    return GateDefinition.objects.filter(slug=slug).order_by("-version").first()


def gate_spec_of(definition: GateDefinition) -> rules.GateSpec:
    data = {
        field: getattr(definition, field)
        for field in (
            "slug",
            "name",
            "from_stage",
            "to_stage",
            "tiers",
            "artifacts",
            "approvals",
            "tests",
            "blocking",
            "requires_checklist",
        )
    }
    return rules.gate_spec(data, ROLE_NAMES)


def _requests():
    return GateRequest.objects.select_related(
        "system",
        "system__owner_team",
        "gate",
        "requested_by",
        "remediation_owner",
        "remediation_done_by",
        "decided_by",
    )


def gate_request_get_for(user, pk) -> GateRequest:
    """One request, with its system and gate; 404 for missing and forbidden alike."""
    if not can(user, "registry.gate.view"):
        raise Http404("No such gate request.")
    try:
        return _requests().get(pk=int(pk))
    except (GateRequest.DoesNotExist, TypeError, ValueError):
        raise Http404("No such gate request.") from None


def gate_requests_for_system(system: AISystem) -> list[GateRequest]:
    """The system's gate history, newest first (one query)."""
    return list(_requests().filter(system=system).order_by("-requested_at", "-id"))


def gate_request_open_for(system: AISystem) -> GateRequest | None:
    """The system's request in progress, a draft or a submitted one (one at most)."""
    return _requests().filter(system=system, status__in=GATE_REQUEST_IN_PROGRESS).first()


@dataclass(frozen=True)
class RequestContents:
    """What a request has gathered, with the people named: what still stands (current
    artifacts and test results, the decisions not voided), or everything, replaced and
    voided ones included (the request's page shows them as history)."""

    artifacts: list[GateArtifact]
    tests: list[GateTestResult]
    approvals: list[GateApproval]

    def artifact_hashes(self) -> dict[str, str]:
        return {str(a.pk): a.sha256 for a in self.artifacts}

    def standing(self) -> RequestContents:
        """What still stands of everything loaded (no query)."""
        return RequestContents(
            artifacts=[a for a in self.artifacts if a.replaced_at is None],
            tests=[t for t in self.tests if t.replaced_at is None],
            approvals=[a for a in self.approvals if a.voided_at is None],
        )


def gate_request_contents(request: GateRequest, *, history: bool = False) -> RequestContents:
    """What still stands of the request, or with `history` everything it gathered, each
    kind in the page's order. Three queries, whatever the number of artifacts, tests and
    approvals."""
    artifacts = GateArtifact.objects.filter(request=request)
    tests = GateTestResult.objects.filter(request=request)
    approvals = GateApproval.objects.filter(request=request)
    if not history:
        artifacts = artifacts.filter(replaced_at__isnull=True)
        tests = tests.filter(replaced_at__isnull=True)
        approvals = approvals.filter(voided_at__isnull=True)
    return RequestContents(
        artifacts=list(
            artifacts.select_related("evidence", "added_by", "evidence__uploaded_by").order_by(
                "requirement", "-added_at", "-id"
            )
        ),
        tests=list(
            tests.select_related("report", "recorded_by").order_by(
                "requirement", "-recorded_at", "-id"
            )
        ),
        approvals=list(
            approvals.select_related("approver", "classification").order_by("decided_at", "id")
        ),
    )


def _counts(artifact: GateArtifact, today: date) -> bool:
    """A portal record always counts; a file only while its evidence is current."""
    return artifact.evidence is None or artifact.evidence.is_current(today)


def gate_evaluate_contents(
    request: GateRequest, contents: RequestContents, today: date
) -> rules.GateEvaluation:
    """The gate's judgement of an open request's contents (no query but the checklist's)."""
    spec = gate_spec_of(request.gate)
    return rules.gate_evaluate(
        spec=spec,
        tier=request.system.risk_tier or request.tier,
        present_artifacts={a.requirement for a in contents.artifacts if _counts(a, today)},
        test_results={t.requirement: t.passed for t in contents.tests},
        approvals={a.role: a.decision for a in contents.approvals},
        checklist_missing=_checklist_missing(request.system, today)
        if spec.requires_checklist
        else [],
        ai_act_category=request.system.ai_act_category,
        ai_act_screening_current=ai_act_screening_current(request.system),
    )


def gate_request_evaluation(
    request: GateRequest, today: date, contents: RequestContents | None = None
) -> rules.GateEvaluation:
    """Live for a request in progress (a draft or an open one), judged on what still
    stands of `contents` (what a page loaded already; read here when not given); the
    recorded result and gaps for a closed one."""
    if request.status not in GATE_REQUEST_IN_PROGRESS:
        return rules.gate_recorded_evaluation(request.status, request.gaps or {})
    standing = contents.standing() if contents is not None else gate_request_contents(request)
    return gate_evaluate_contents(request, standing, today)


def gate_check(user, system_id: str, gate_slug: str, today: date) -> rules.GateEvaluation:
    """May this system pass this gate? Judged on its request in progress for the gate (a
    draft or an open one), else the latest one (withdrawn ones aside), else on nothing
    gathered yet. 404 for an unknown (or unseen) system and an unknown gate."""
    if not can(user, "registry.system.view") or not can(user, "registry.gate.view"):
        raise Http404("No such system.")
    system = AISystem.objects.filter(system_id=system_id).first()
    definition = gate_definition_current(gate_slug)
    if system is None or definition is None:
        raise Http404("No such system or gate.")
    request = (
        _requests()
        .filter(system=system, gate__slug=gate_slug)
        .exclude(status=GateRequestStatus.WITHDRAWN)
        .order_by(
            # the one in progress first, then the newest
            Case(When(status__in=GATE_REQUEST_IN_PROGRESS, then=0), default=1),
            "-requested_at",
            "-id",
        )
        .first()
    )
    if request is not None:
        return gate_request_evaluation(request, today)
    spec = gate_spec_of(definition)
    return rules.gate_evaluate(
        spec=spec,
        tier=system.risk_tier,
        present_artifacts=set(),
        test_results={},
        approvals={},
        checklist_missing=_checklist_missing(system, today) if spec.requires_checklist else [],
        ai_act_category=system.ai_act_category,
        ai_act_screening_current=ai_act_screening_current(system),
    )


def gate_requests_waiting(older_than: timedelta, now: datetime) -> list[GateRequest]:
    """Open requests submitted before `now - older_than`, the longest waiting first
    (a draft waits for its owner, not for the approvers)."""
    return list(
        _requests()
        .filter(status=GateRequestStatus.OPEN, submitted_at__lt=now - older_than)
        .order_by("submitted_at", "id")
    )


def ai_act_screening_current(system: AISystem) -> bool:
    """Whether the system's AI Act screening still describes it (one query): it has a
    category, and its latest screening did not answer "no legal effect" for a system
    since recorded as making decisions with legal effect. A category set without a
    screening record (data loaded before screenings were kept) counts as current."""
    if system.ai_act_category in {"", "unassessed"}:
        return False
    latest = ai_act_screening_latest(system)
    return rules.ai_act_screening_current(
        category=system.ai_act_category,
        legal_effect_recorded=system.legal_effect_decisions,
        screened_legal_effect=latest.legal_effect if latest is not None else None,
    )


def ai_act_screening_latest(system: AISystem) -> AIActScreening | None:
    return AIActScreening.objects.filter(system=system).order_by("-decided_at", "-id").first()


def gate_required_for(system: AISystem, spec: rules.GateSpec, tier: str | None = None) -> bool:
    """Whether the gate asks anything of the system: its stricter tier and AI Act
    standing (rules.gate_required). `tier` stands in for an unclassified system's."""
    return rules.gate_required(
        spec,
        tier=system.risk_tier or tier,
        ai_act_category=system.ai_act_category,
        screening_current=ai_act_screening_current(system),
    )


def systems_not_gated():
    """Systems registered at their real stage without passing their gates (DOMAIN.md 4),
    oldest registration first: a queryset, for the board's page to count and slice."""
    return AISystem.objects.filter(not_gated=True).order_by("created_at", "system_id")


def effective_classification(system: AISystem) -> Classification | None:
    return Classification.objects.filter(
        system=system, status=ClassificationStatus.EFFECTIVE
    ).first()


def _checklist_missing(system: AISystem, today: date) -> list[str]:
    """The unmet items of the pre-deployment checklist ([] when it does not apply)."""
    return checklist_missing_for(system, today)
