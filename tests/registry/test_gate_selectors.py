"""Reads of the gates: versions in force, the live evaluation, the pipeline's check and
the board's waiting list, each at a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry import services
from registry.models import GateDefinition
from registry.selectors import gates as sel
from tests.factories import (
    GateApprovalFactory,
    GateArtifactFactory,
    GateRequestFactory,
    GateTestResultFactory,
    gate_definition,
    hiring_screener_in_development,
    uploaded_by,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def queries(run) -> int:
    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured.captured_queries)


def test_the_versions_in_force_in_lifecycle_order_and_open_requests_keep_theirs(personas):
    request = services.gate_request_open(
        actor=personas.owner, system=hiring_screener_in_development(personas)
    )
    v1 = gate_definition("pre-deployment-security-review")
    GateDefinition.objects.create(
        slug=v1.slug,
        version=2,
        name=v1.name,
        order=v1.order,
        from_stage=v1.from_stage,
        to_stage=v1.to_stage,
        artifacts=v1.artifacts[:1],
        approvals=["ciso"],
        tests=[],
        tiers=v1.tiers,
    )
    current = sel.gate_definitions_current()
    assert [d.slug for d in current] == [
        "development-authorization",
        "pre-deployment-security-review",
        "production-deployment",
        "annual-production-review",
        "deprecation",
        "decommissioning",
    ]
    assert current[1].version == 2
    evaluation = sel.gate_request_evaluation(
        sel.gate_request_get_for(personas.board, request.pk), TODAY
    )
    assert len(evaluation.missing_artifacts) == 7, "the request keeps the version it opened on"


def test_the_evaluation_costs_the_same_queries_with_1_or_many_artifacts_and_approvals(personas):
    small = GateRequestFactory()
    GateArtifactFactory(request=small)
    big = GateRequestFactory()
    for item in big.gate.artifacts:
        GateArtifactFactory(request=big, requirement=item["key"])
    for item in big.gate.tests:
        GateTestResultFactory(request=big, requirement=item["key"], name=item["name"])
    for role in ("ciso", "legal"):
        GateApprovalFactory(request=big, role=role)
    sel.gate_request_get_for(personas.auditor, small.pk)  # the auditor's roles, loaded once
    counts = [
        queries(
            lambda r=r: sel.gate_request_evaluation(
                sel.gate_request_get_for(personas.auditor, r.pk), TODAY
            )
        )
        for r in (small, big)
    ]
    assert counts[0] == counts[1] <= 5
    assert sel.gate_request_evaluation(big, TODAY).missing_approvals == ("Product owner",)


def test_expired_evidence_no_longer_counts():
    request = GateRequestFactory()
    artifact = GateArtifactFactory(request=request, requirement="red-team-report")
    assert "Red team report" not in sel.gate_request_evaluation(request, TODAY).missing_artifacts
    artifact.evidence.expires_on = TODAY - timedelta(days=1)
    artifact.evidence.save()
    assert "Red team report" in sel.gate_request_evaluation(request, TODAY).missing_artifacts


def test_the_pipeline_check_answers_for_the_open_request_else_the_latest_else_nothing(personas):
    system = hiring_screener_in_development(personas)
    slug = "pre-deployment-security-review"
    empty = sel.gate_check(personas.auditor, "SYS-001", slug, TODAY)
    assert (empty.result, empty.can_proceed, len(empty.missing_artifacts)) == ("blocked", False, 7)
    assert empty.missing_approvals == ("CISO", "Legal", "Product owner")

    request = services.gate_request_open(actor=personas.owner, system=system)
    services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="red-team-report",
        evidence=uploaded_by(personas.owner, "red-team.pdf"),
    )
    draft = sel.gate_check(personas.auditor, "SYS-001", slug, TODAY)
    assert len(draft.missing_artifacts) == 6 and "Product owner" in draft.missing_approvals
    services.gate_request_submit(actor=personas.owner, request=request)
    live = sel.gate_check(personas.auditor, "SYS-001", slug, TODAY)
    assert len(live.missing_artifacts) == 6 and "Product owner" not in live.missing_approvals

    services.gate_approval_decide(
        actor=personas.legal, request=request, role="legal", decision="rejected", comment="No."
    )
    recorded = sel.gate_check(personas.auditor, "SYS-001", slug, TODAY)
    assert (recorded.result, recorded.can_proceed) == ("blocked", False)
    assert recorded.as_check()["missing_approvals"] == ["CISO", "rejected: Legal"]


def test_the_check_is_404_for_an_unknown_system_or_gate_or_a_person_with_no_role(personas):
    hiring_screener_in_development(personas)
    for user, system_id, slug in (
        (personas.auditor, "SYS-999", "deprecation"),
        (personas.auditor, "SYS-001", "no-such-gate"),
        (personas.outsider, "SYS-001", "deprecation"),
    ):
        with pytest.raises(Http404):
            sel.gate_check(user, system_id, slug, TODAY)


def test_the_check_costs_the_same_queries_however_much_a_request_gathered(personas):
    small = GateRequestFactory(system__system_id="SYS-201")
    big = GateRequestFactory(system__system_id="SYS-202")
    for item in big.gate.artifacts:
        GateArtifactFactory(request=big, requirement=item["key"])
    slug = "pre-deployment-security-review"
    personas.auditor.refresh_from_db()
    sel.gate_check(personas.auditor, "SYS-201", slug, TODAY)  # roles loaded once
    counts = [
        queries(lambda s=s: sel.gate_check(personas.auditor, s, slug, TODAY))
        for s in ("SYS-201", "SYS-202")
    ]
    assert counts[0] == counts[1] <= 7
    assert small.pk != big.pk


def test_requests_waiting_longer_than_5_days_since_they_were_submitted(personas):
    now = timezone.now()
    old = GateRequestFactory(
        requested_at=now - timedelta(days=20), submitted_at=now - timedelta(days=6)
    )
    GateRequestFactory(requested_at=now - timedelta(days=20), submitted_at=now - timedelta(days=2))
    GateRequestFactory(submitted_at=now - timedelta(days=9), status="approved")
    # A draft waits for its owner, not for the approvers.
    GateRequestFactory(requested_at=now - timedelta(days=9), status="draft", submitted_at=None)
    assert sel.gate_requests_waiting(timedelta(days=5), now) == [old]


def test_a_request_is_404_for_missing_and_for_someone_with_no_role(personas):
    request = GateRequestFactory()
    assert sel.gate_request_get_for(personas.auditor, request.pk) == request
    for user, pk in ((personas.outsider, request.pk), (personas.auditor, 999999)):
        with pytest.raises(Http404):
            sel.gate_request_get_for(user, pk)
