"""Gate requests through the services: opening, artifacts and tests, approvals and what
they are bound to, results and the stage (DOMAIN.md section 4, issue 7). Drafts and
their submission: tests/registry/test_gate_drafts.py."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.choices import Role
from core.models import AuditEvent, Notification
from registry import services
from registry.models import (
    AISystem,
    ControlEvidence,
    GateApproval,
    GateArtifact,
    GateRequest,
    SystemControl,
)
from registry.services.gate_artifacts import record_sha256
from tests.factories import (
    BILLING_CHATBOT,
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    AISystemFactory,
    gate_request_filled,
    hiring_screener_in_development,
    people_ops_system,
    uploaded_by,
    user_with_roles,
)


def draft_request(personas, system=None, **kwargs) -> GateRequest:
    system = system or hiring_screener_in_development(personas)
    return services.gate_request_open(actor=personas.owner, system=system, **kwargs)


def open_request(personas, system=None, **kwargs) -> GateRequest:
    """Opened and submitted at once, with nothing in it (a gate not required for the
    system's tier is closed at opening, and comes back as it is)."""
    request = draft_request(personas, system, **kwargs)
    if request.status != "draft":
        return request
    return services.gate_request_submit(actor=personas.owner, request=request)


def approve(person, request, role, decision="approved", comment=""):
    return services.gate_approval_decide(
        actor=person, request=request, role=role, decision=decision, comment=comment
    )


def stage_of(system) -> str:
    return AISystem.objects.get(pk=system.pk).lifecycle_stage


def stage_changes(system) -> int:
    return AuditEvent.objects.filter(
        action="system.stage_changed", object_id=str(system.pk), object_type="registry.aisystem"
    ).count()


# --- the must-show examples -------------------------------------------------------------


def test_hiring_screener_moves_to_pre_deployment_only_with_7_artifacts_3_approvals_4_tests(
    personas,
):
    request = draft_request(personas)
    assert request.gate.slug == "pre-deployment-security-review"
    gate_request_filled(request, personas.owner, skip=("red-team-report",))
    assert not GateApproval.objects.filter(request=request).exists()
    services.gate_request_submit(actor=personas.owner, request=request)
    sign_off = GateApproval.objects.get(request=request)
    assert (sign_off.role, sign_off.decision, sign_off.approver) == (
        "product_owner",
        "sign_off",
        personas.owner,
    )
    approve(personas.ciso, request, "ciso")
    approve(personas.legal, request, "legal")
    request.refresh_from_db()
    assert request.status == "open" and stage_of(request.system) == "development"

    services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="red-team-report",
        evidence=uploaded_by(personas.owner, "red-team.pdf"),
    )
    request.refresh_from_db()
    assert request.status == "open", "the 7th artifact voided the approvals given before it"
    approve(personas.ciso, request, "ciso")
    assert stage_of(request.system) == "development"
    approve(personas.legal, request, "legal")

    request.refresh_from_db()
    system = AISystem.objects.get(pk=request.system_id)
    assert (request.status, system.lifecycle_stage, system.gate_status) == (
        "approved",
        "pre_deployment",
        "approved",
    )
    assert request.decided_at is not None and request.gaps == {}
    assert stage_changes(system) == 1
    assert AuditEvent.objects.filter(action="gate_request.approved").count() == 1


def test_document_summarizer_low_passes_development_authorization_as_not_required(personas):
    system = people_ops_system(personas, ai_act_category="minimal")
    services.system_classify(
        actor=personas.safety, system=system, inputs=DOCUMENT_SUMMARIZER, rationale="Notes."
    )
    request = open_request(personas, system)
    assert request.gate.slug == "development-authorization"
    assert (request.status, request.get_status_display()) == (
        "not_required",
        "Gate not required for this risk tier",
    )
    assert stage_of(system) == "development" and stage_changes(system) == 1
    assert not GateApproval.objects.filter(request=request).exists()


def test_a_medium_systems_annual_production_review_is_not_required(personas):
    system = people_ops_system(personas, lifecycle_stage="production", ai_act_category="minimal")
    services.system_classify(
        actor=personas.safety, system=system, inputs=BILLING_CHATBOT, rationale="Billing."
    )
    request = open_request(personas, system, gate_slug="annual-production-review")
    assert request.status == "not_required"
    assert stage_of(system) == "production"


def test_an_approval_is_voided_when_its_artifact_is_replaced(personas):
    request = open_request(personas)
    first = services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="model-card-final",
        evidence=uploaded_by(personas.owner, "model-card-v1.pdf"),
    )
    ciso = approve(personas.ciso, request, "ciso")
    assert ciso.artifact_hashes == {str(first.pk): first.sha256}
    assert ciso.tier == "high" and ciso.classification is not None

    second = services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="model-card-final",
        evidence=uploaded_by(personas.owner, "model-card-v2.pdf"),
    )
    ciso.refresh_from_db()
    first.refresh_from_db()
    request.refresh_from_db()
    assert ciso.voided_at is not None and first.replaced_at is not None
    assert request.voided_reason.startswith("Artifact 'Model card (final)' was replaced on ")
    assert request.voided_reason.endswith("approvals given before were voided")
    assert Notification.objects.filter(
        recipient=personas.ciso, title__contains="your decision was voided"
    ).exists()
    # The owner replaced it: their sign-off is given again, bound to the new file.
    renewed = GateApproval.objects.get(request=request, voided_at__isnull=True)
    assert (renewed.approver, renewed.decision) == (personas.owner, "sign_off")
    assert renewed.artifact_hashes == {str(second.pk): second.sha256}
    assert GateArtifact.objects.filter(request=request).count() == 2


def test_a_new_effective_classification_voids_the_approvals(personas):
    request = open_request(personas)
    approve(personas.ciso, request, "ciso")
    services.system_classify(
        actor=personas.engmanager, system=request.system, inputs=BILLING_CHATBOT, rationale="r"
    )
    request.refresh_from_db()
    assert not GateApproval.objects.filter(request=request, voided_at__isnull=True).exists()
    assert request.voided_reason.startswith("A new classification took effect")


def test_an_edit_that_flags_re_classification_voids_the_approvals(personas):
    request = open_request(personas)
    approve(personas.ciso, request, "ciso")
    services.system_update(
        actor=personas.owner, system=request.system, data={"deployment_scale": "millions"}
    )
    request.refresh_from_db()
    assert "scale changed" in request.voided_reason
    assert not GateApproval.objects.filter(request=request, voided_at__isnull=True).exists()
    # An edit that does not flag re-classification leaves the approvals standing.
    approve(personas.ciso, request, "ciso")
    services.system_update(actor=personas.owner, system=request.system, data={"name": "Renamed"})
    assert GateApproval.objects.filter(request=request, voided_at__isnull=True).count() == 1


# --- opening --------------------------------------------------------------------------


def test_only_the_gate_of_the_current_stage_may_be_requested(personas):
    system = hiring_screener_in_development(personas)
    with pytest.raises(ValidationError) as refused:
        open_request(personas, system, gate_slug="production-deployment")
    assert "gate" in refused.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        open_request(personas, system, gate_slug="no-such-gate")
    assert "gate" in unknown.value.message_dict
    assert not GateRequest.objects.exists()


def test_one_request_in_progress_per_system_a_draft_or_a_submitted_one(personas):
    request = draft_request(personas)
    with pytest.raises(ValidationError) as refused:
        draft_request(personas, request.system)
    assert "in progress already" in refused.value.message_dict["gate"][0]
    assert "draft" in refused.value.message_dict["gate"][0]
    services.gate_request_submit(actor=personas.owner, request=request)
    with pytest.raises(ValidationError) as still:
        draft_request(personas, request.system)
    assert "(Pre-deployment security review, open)" in still.value.message_dict["gate"][0]


def test_only_a_product_owner_of_the_owning_team_opens_a_request(personas):
    system = hiring_screener_in_development(personas)
    for person in (personas.owner2, personas.ciso, personas.admin, personas.auditor):
        with pytest.raises(PermissionDenied):
            services.gate_request_open(actor=person, system=system)


def test_submitting_notifies_every_slot_holder_but_the_requester_opening_nobody(personas):
    request = draft_request(personas)
    assert not Notification.objects.filter(subject_id=str(request.pk)).exists()
    services.gate_request_submit(actor=personas.owner, request=request)
    told = list(
        Notification.objects.filter(subject_id=str(request.pk)).values_list(
            "recipient__email", "title"
        )
    )
    assert sorted(told) == [
        ("ciso@example.com", "SYS-001 Pre-deployment security review: gate request submitted"),
        ("legal@example.com", "SYS-001 Pre-deployment security review: gate request submitted"),
    ]


# --- separation of duties ---------------------------------------------------------------


def test_a_ciso_who_opened_the_request_cannot_fill_the_ciso_slot(personas):
    both = user_with_roles(
        "ciso-owner@example.com", Role.CISO, Role.PRODUCT_OWNER, team=personas.people_ops
    )
    system = hiring_screener_in_development(personas)
    request = services.gate_request_open(actor=both, system=system)
    services.gate_request_submit(actor=both, request=request)
    with pytest.raises(PermissionDenied):
        approve(both, request, "ciso")
    approve(personas.ciso, request, "ciso")  # another CISO may


def test_one_person_fills_one_slot(personas):
    both = user_with_roles("ciso-legal@example.com", Role.CISO, Role.LEGAL)
    request = open_request(personas)
    approve(both, request, "ciso")
    with pytest.raises(ValidationError) as refused:
        approve(both, request, "legal")
    assert "one person fills one slot" in refused.value.message_dict["role"][0]
    with pytest.raises(ValidationError) as filled:
        approve(personas.ciso, request, "ciso")
    assert "filled already" in filled.value.message_dict["role"][0]


def test_the_product_owner_slot_belongs_to_the_owning_teams_product_owners(personas):
    request = open_request(personas)
    for person in (personas.owner2, personas.ciso):
        with pytest.raises(PermissionDenied):
            approve(person, request, "product_owner")
    with pytest.raises(PermissionDenied):
        approve(personas.legal, request, "board")  # not a slot of this gate


def test_a_rejection_needs_a_comment_and_closes_the_request_as_blocked(personas):
    request = open_request(personas)
    with pytest.raises(ValidationError) as refused:
        approve(personas.legal, request, "legal", decision="rejected")
    assert "comment" in refused.value.message_dict
    approve(personas.legal, request, "legal", decision="rejected", comment="No PIA.")
    request.refresh_from_db()
    assert request.status == "blocked" and request.decided_at is not None
    assert request.gaps["approvals"] == ["CISO", "rejected: Legal"]
    assert len(request.gaps["artifacts"]) == 7 and len(request.gaps["tests"]) == 4
    assert AISystem.objects.get(pk=request.system_id).gate_status == "blocked"
    assert stage_of(request.system) == "development"
    assert Notification.objects.filter(
        recipient=personas.owner, title__contains="rejected by"
    ).exists()
    with pytest.raises(ValidationError):
        approve(personas.ciso, request, "ciso")  # a closed request takes no decision


def test_every_decision_notifies_the_requester(personas):
    request = open_request(personas)
    approve(personas.ciso, request, "ciso", comment="Fine.")
    assert Notification.objects.filter(
        recipient=personas.owner, title__contains="approved by"
    ).exists()


# --- artifacts and tests ----------------------------------------------------------------


def test_an_artifact_can_be_a_record_of_this_system_with_its_content_hash(personas):
    request = open_request(personas)
    record = request.system.classifications.get()
    artifact = services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="model-card-final",
        record_type="classification",
        record_id=record.pk,
    )
    assert len(artifact.sha256) == 64 and artifact.label.startswith("Classification record")
    other = AISystemFactory(owner_team=personas.people_ops)
    services.system_classify(
        actor=personas.safety, system=other, inputs=BILLING_CHATBOT, rationale="r"
    )
    with pytest.raises(ValidationError) as refused:
        services.gate_artifact_add(
            actor=personas.owner,
            request=request,
            requirement="red-team-report",
            record_type="classification",
            record_id=other.classifications.get().pk,
        )
    assert "record_id" in refused.value.message_dict


def test_an_artifact_for_something_the_gate_does_not_ask_is_refused(personas):
    request = open_request(personas)
    with pytest.raises(ValidationError) as refused:
        services.gate_artifact_add(
            actor=personas.owner,
            request=request,
            requirement="deployment-runbook",
            evidence=uploaded_by(personas.owner, "runbook.pdf"),
        )
    assert "requirement" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.gate_artifact_add(
            actor=personas.ciso,
            request=request,
            requirement="red-team-report",
            evidence=uploaded_by(personas.ciso, "x.pdf"),
        )


def test_a_test_result_needs_a_report_and_a_date_not_in_the_future(personas):
    request = open_request(personas)
    with pytest.raises(ValidationError) as refused:
        services.gate_test_record(
            actor=personas.owner,
            request=request,
            requirement="bias-benchmark-suite",
            passed=True,
            run_on=timezone.localdate() + timedelta(days=1),
        )
    assert {"report", "run_on"} <= set(refused.value.message_dict)


def test_the_service_refuses_a_test_result_without_report_in_the_pages_words(personas):
    request = open_request(personas)
    with pytest.raises(ValidationError) as refused:
        services.gate_test_record(
            actor=personas.owner,
            request=request,
            requirement="bias-benchmark-suite",
            passed=True,
            run_on=timezone.localdate(),
            report_url="  ",
        )
    assert refused.value.message_dict == {"report": ["Attach the report or give a link to it."]}


def test_a_newer_test_result_replaces_the_older_and_voids_approvals(personas):
    request = open_request(personas)
    first = services.gate_test_record(
        actor=personas.owner,
        request=request,
        requirement="bias-benchmark-suite",
        passed=False,
        run_on=timezone.localdate(),
        report_url="https://ci.example.com/1",
    )
    approve(personas.ciso, request, "ciso")
    services.gate_test_record(
        actor=personas.owner,
        request=request,
        requirement="bias-benchmark-suite",
        passed=True,
        run_on=timezone.localdate(),
        report_url="https://ci.example.com/2",
    )
    first.refresh_from_db()
    assert first.replaced_at is not None
    assert not GateApproval.objects.filter(
        request=request, role="ciso", voided_at__isnull=True
    ).exists()


# --- withdrawing ------------------------------------------------------------------------


def test_the_requester_withdraws_with_a_reason(personas):
    request = open_request(personas)
    with pytest.raises(PermissionDenied):
        services.gate_request_withdraw(actor=personas.ciso, request=request, reason="x")
    with pytest.raises(ValidationError):
        services.gate_request_withdraw(actor=personas.owner, request=request, reason=" ")
    services.gate_request_withdraw(actor=personas.owner, request=request, reason="Not ready.")
    request.refresh_from_db()
    assert request.status == "withdrawn" and stage_of(request.system) == "development"
    assert request.decided_by == personas.owner
    open_request(personas, request.system)  # a new one may be opened


# --- the end of the lifecycle and the annual review ------------------------------------


def give_every_artifact(person, request):
    for item in request.gate.artifacts:
        services.gate_artifact_add(
            actor=person,
            request=request,
            requirement=item["key"],
            evidence=uploaded_by(person, f"{item['key']}.pdf"),
        )


def test_deprecation_then_decommissioning_pass_on_the_owners_artifacts_and_sign_off(personas):
    system = people_ops_system(personas, lifecycle_stage="production")
    services.system_classify(
        actor=personas.safety, system=system, inputs=DOCUMENT_SUMMARIZER, rationale="Notes."
    )
    deprecation = draft_request(personas, system, gate_slug="deprecation")
    give_every_artifact(personas.owner, deprecation)
    deprecation.refresh_from_db()
    assert deprecation.status == "draft", "a draft passes only once submitted"
    services.gate_request_submit(actor=personas.owner, request=deprecation)
    deprecation.refresh_from_db()
    assert deprecation.status == "approved" and stage_of(system) == "deprecated"
    assert (
        not Notification.objects.filter(subject_id=str(deprecation.pk))
        .exclude(recipient=personas.owner)
        .exists()
    ), "passed at submission: no approver is asked"

    decommissioning = open_request(personas, system)
    assert decommissioning.gate.slug == "decommissioning"
    give_every_artifact(personas.owner, decommissioning)
    assert stage_of(system) == "decommissioned"
    with pytest.raises(ValidationError) as refused:
        open_request(personas, system)
    assert "passes no more gates" in refused.value.message_dict["gate"][0]


def test_the_owner_signs_off_again_after_a_material_change(personas):
    request = open_request(personas)
    services.system_update(
        actor=personas.owner, system=request.system, data={"deployment_scale": "millions"}
    )
    assert not GateApproval.objects.filter(request=request, voided_at__isnull=True).exists()
    again = approve(personas.owner, request, "product_owner")
    assert again.decision == "sign_off"


def test_an_approved_annual_review_keeps_the_system_in_production_and_records_a_review(
    personas,
):
    system = people_ops_system(personas, lifecycle_stage="production", ai_act_category="limited")
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Screens."
    )
    request = draft_request(personas, system, gate_slug="annual-production-review")
    gate_request_filled(request, personas.owner)
    services.gate_request_submit(actor=personas.owner, request=request)
    approve(personas.safety, request, "ai_safety")
    request.refresh_from_db()
    assert request.status == "approved" and stage_of(system) == "production"
    assert stage_changes(system) == 0
    assert AuditEvent.objects.filter(action="system.gate_passed").count() == 1
    assert system.reviews.count() == 1


def test_a_request_re_classified_below_the_gates_tiers_closes_as_not_required(personas):
    system = hiring_screener_in_development(personas)
    AISystem.objects.filter(pk=system.pk).update(ai_act_category="minimal", ai_act_annex_area="")
    system.refresh_from_db()
    request = open_request(personas, system)
    services.system_classify(
        actor=personas.engmanager, system=request.system, inputs=DOCUMENT_SUMMARIZER, rationale="r"
    )
    assert GateRequest.objects.get(pk=request.pk).status == "open"
    services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="red-team-report",
        evidence=uploaded_by(personas.owner, "red-team.pdf"),
    )
    request.refresh_from_db()
    assert request.status == "not_required" and stage_of(request.system) == "pre_deployment"


def test_a_control_artifacts_hash_covers_its_current_evidence(personas):
    request = open_request(personas)
    control = SystemControl.objects.filter(system=request.system).first()
    before = record_sha256(control)
    assert record_sha256(control) == before, "the same content, the same hash"
    ControlEvidence.objects.create(
        control=control,
        evidence=uploaded_by(personas.owner, "pen-test.pdf"),
        added_by=personas.owner,
    )
    assert record_sha256(control) != before
    artifact = services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="security-assessment-report",
        record_type="control",
        record_id=control.pk,
    )
    assert artifact.sha256 == record_sha256(control)
