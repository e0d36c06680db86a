"""A gate request starts as a draft (issue 17): the owner gathers artifacts and tests and
nobody is told; submitting is the owner's sign-off and the approvers are asked, once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import AuditEvent, Notification
from core.work import work_count_for
from registry import services
from registry.models import AISystem, GateApproval, GateRequest
from registry.selectors.work import gate_slots_waiting_for
from tests.factories import (
    GateRequestFactory,
    gate_request_filled,
    hiring_screener_in_development,
    uploaded_by,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(personas):
    system = hiring_screener_in_development(personas)
    return services.gate_request_open(actor=personas.owner, system=system, summary="v3")


def told_about(request) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(subject_id=str(request.pk))
    return sorted(rows.values_list("recipient__email", "title"))


def events(request, action: str) -> int:
    return AuditEvent.objects.filter(
        action=action, object_type="registry.gaterequest", object_id=str(request.pk)
    ).count()


def test_a_draft_gathers_artifacts_and_tests_without_sign_offs_voids_or_notices(personas, draft):
    assert (draft.status, draft.submitted_at) == ("draft", None)
    gate_request_filled(draft, personas.owner)
    services.gate_artifact_add(  # a replacement, too, voids nothing on a draft
        actor=personas.owner,
        request=draft,
        requirement="red-team-report",
        evidence=uploaded_by(personas.owner, "red-team-v2.pdf"),
    )
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.voided_reason == ""
    assert not GateApproval.objects.filter(request=draft).exists()
    assert told_about(draft) == []
    assert events(draft, "gate_request.approvals_voided") == 0
    assert events(draft, "gate_artifact.added") == 7
    assert events(draft, "gate_artifact.replaced") == 1
    assert events(draft, "gate_test_result.recorded") == 4
    assert AISystem.objects.get(pk=draft.system_id).gate_status == "none"


def test_submitting_signs_off_once_and_asks_each_approver_once(personas, draft):
    gate_request_filled(draft, personas.owner)
    services.gate_request_submit(actor=personas.owner, request=draft)
    draft.refresh_from_db()
    assert draft.status == "open" and draft.submitted_at is not None
    sign_off = GateApproval.objects.get(request=draft)
    assert (sign_off.role, sign_off.decision, sign_off.approver) == (
        "product_owner",
        "sign_off",
        personas.owner,
    )
    assert len(sign_off.artifact_hashes) == 7, "bound to what was given before submitting"
    title = "SYS-001 Pre-deployment security review: gate request submitted"
    assert told_about(draft) == [("ciso@example.com", title), ("legal@example.com", title)]
    assert AISystem.objects.get(pk=draft.system_id).gate_status == "pending"
    event = AuditEvent.objects.get(action="gate_request.submitted", object_id=str(draft.pk))
    assert event.actor == personas.owner
    assert event.changes["status"] == ["draft", "open"]
    assert event.changes["sign_off"] == "product_owner"

    with pytest.raises(ValidationError) as again:
        services.gate_request_submit(actor=personas.owner, request=draft)
    assert again.value.message_dict == {"request": ["Only a draft is submitted; this one is open."]}
    assert len(told_about(draft)) == 2 and GateApproval.objects.filter(request=draft).count() == 1


def test_only_the_requester_or_a_product_owner_of_the_team_submits(personas, draft):
    for person in (personas.ciso, personas.owner2, personas.auditor, personas.admin):
        with pytest.raises(PermissionDenied):
            services.gate_request_submit(actor=person, request=draft)
    assert GateRequest.objects.get(pk=draft.pk).status == "draft"
    assert events(draft, "gate_request.submitted") == 0


def test_nobody_decides_on_a_draft(personas, draft):
    with pytest.raises(ValidationError) as refused:
        services.gate_approval_decide(
            actor=personas.ciso, request=draft, role="ciso", decision="approved"
        )
    assert refused.value.message_dict == {
        "request": [
            "This gate request is a draft: its owner has not submitted it for approval yet."
        ]
    }
    assert not GateApproval.objects.filter(request=draft).exists()


def test_the_approvers_queue_lists_submitted_requests_never_drafts(personas, draft):
    assert gate_slots_waiting_for(personas.ciso) == []
    assert work_count_for(personas.legal) == 0
    services.gate_request_submit(actor=personas.owner, request=draft)
    [item] = gate_slots_waiting_for(personas.ciso)
    assert item.url == f"/systems/SYS-001/gate-requests/{draft.pk}/"
    assert item.why == f"Your approval as CISO, asked since {timezone.localdate():%Y-%m-%d}."


def test_a_draft_is_withdrawn_without_telling_anyone(personas, draft):
    services.gate_request_withdraw(actor=personas.owner, request=draft, reason="Wrong gate.")
    draft.refresh_from_db()
    assert (draft.status, draft.decided_by) == ("withdrawn", personas.owner)
    assert told_about(draft) == []
    with pytest.raises(ValidationError):
        services.gate_request_submit(actor=personas.owner, request=draft)


def test_the_database_holds_one_request_in_progress_per_system_drafts_included(personas, draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        GateRequestFactory(system=draft.system, status="open")
    with pytest.raises(IntegrityError), transaction.atomic():
        GateRequestFactory(system=draft.system, status="draft", submitted_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():  # a draft is not submitted
        GateRequest.objects.filter(pk=draft.pk).update(submitted_at=timezone.now())
