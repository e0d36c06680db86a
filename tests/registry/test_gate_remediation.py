"""A failing non-blocking gate proceeds with a remediation plan whose due date is a
deadline; approval-type controls are met by the gate's approvals (issue 7)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.clocks.sweep import deadlines_sweep_run
from core.deadline_list import kind_label
from core.models import AuditEvent, Deadline, DeadlineAlert, Notification
from registry import services
from registry.models import AISystem, SystemControl, SystemReview
from tests.factories import (
    HIRING_SCREENER,
    gate_request_filled,
    gate_request_submitted,
    hiring_screener_in_development,
    people_ops_system,
)

pytestmark = pytest.mark.django_db


def annual_review(personas):
    system = people_ops_system(personas, lifecycle_stage="production")
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Screens."
    )
    return gate_request_submitted(personas.owner, system, gate_slug="annual-production-review")


def proceed(person, request, due=None, plan="Re-run the bias suite on the new data."):
    return services.gate_request_proceed_with_remediation(
        actor=person,
        request=request,
        plan=plan,
        owner=request.requested_by,
        due=due or timezone.localdate() + timedelta(days=60),
    )


def test_an_annual_review_proceeds_with_a_plan_whose_due_date_is_a_deadline(personas):
    request = annual_review(personas)
    due = timezone.localdate() + timedelta(days=60)
    proceed(personas.safety, request, due=due)
    request.refresh_from_db()
    assert request.status == "remediation" and request.decided_by == personas.safety
    assert (request.remediation_owner, request.remediation_due) == (personas.owner, due)
    assert len(request.gaps["artifacts"]) == 4 and request.gaps["approvals"] == ["AI safety lead"]
    deadline = Deadline.objects.get(kind="registry.gate_remediation")
    assert deadline.label == "Remediation plan of SYS-001 Annual production review"
    assert deadline.due_at == datetime(due.year, due.month, due.day, 9, tzinfo=UTC)
    assert sorted(deadline.warn_before) == [timedelta(days=3), timedelta(days=14)]
    assert deadline.owner == personas.owner
    assert kind_label("registry.gate_remediation") == "Gate remediation plan"
    system = AISystem.objects.get(pk=request.system_id)
    assert (system.lifecycle_stage, system.gate_status) == ("production", "remediation")
    assert SystemReview.objects.filter(system=system).count() == 1


def test_the_requester_and_people_without_a_slot_cannot_proceed(personas):
    request = annual_review(personas)
    for person in (personas.owner, personas.legal, personas.auditor):
        with pytest.raises(PermissionDenied):
            proceed(person, request)
    proceed(personas.ciso, request)  # the CISO may


def test_a_plan_needs_its_text_and_a_future_due_date(personas):
    request = annual_review(personas)
    with pytest.raises(ValidationError) as refused:
        proceed(personas.safety, request, due=timezone.localdate(), plan=" ")
    assert {"plan", "due"} <= set(refused.value.message_dict)
    assert not Deadline.objects.filter(kind="registry.gate_remediation").exists()


def test_a_blocking_gate_cannot_proceed_with_a_remediation_plan(personas):
    request = gate_request_submitted(personas.owner, hiring_screener_in_development(personas))
    with pytest.raises(ValidationError) as refused:
        proceed(personas.ciso, request)
    assert "blocking gate" in refused.value.message_dict["request"][0]


# --- marking the plan done ---------------------------------------------------------------


def test_the_plan_owner_marks_it_done_and_its_deadline_never_escalates(personas):
    request = proceed(personas.safety, annual_review(personas))
    deadline = Deadline.objects.get(kind="registry.gate_remediation")
    services.gate_remediation_complete(
        actor=personas.owner, request=request, outcome=" Bias suite re-run: within bounds. "
    )
    request.refresh_from_db()
    assert request.remediation_outcome == "Bias suite re-run: within bounds."
    assert request.remediation_done_by == personas.owner and request.remediation_done_at
    deadline.refresh_from_db()
    assert (deadline.met_at, deadline.met_by) == (request.remediation_done_at, personas.owner)
    assert deadline.next_alert_at is None
    with time_machine.travel(deadline.due_at + timedelta(days=10), tick=False):
        deadlines_sweep_run()
    assert not DeadlineAlert.objects.filter(deadline=deadline).exists()
    event = AuditEvent.objects.get(action="gate_request.remediation_completed")
    assert event.changes["outcome"] == "Bias suite re-run: within bounds."
    assert Notification.objects.filter(
        recipient=personas.owner, title__endswith="remediation plan done"
    ).exists()


def test_an_open_plan_is_still_overdue_after_its_due_date(personas):
    """The contrast of the test above: the sweep does alert on a plan not marked done."""
    proceed(personas.safety, annual_review(personas))
    deadline = Deadline.objects.get(kind="registry.gate_remediation")
    with time_machine.travel(deadline.due_at + timedelta(days=10), tick=False):
        deadlines_sweep_run()
    assert DeadlineAlert.objects.filter(deadline=deadline, threshold="due").exists()


def test_only_the_owner_the_ciso_or_a_slot_holder_marks_a_plan_done(personas):
    request = proceed(personas.safety, annual_review(personas))
    for person in (personas.legal, personas.auditor):
        with pytest.raises(PermissionDenied):
            services.gate_remediation_complete(actor=person, request=request, outcome="Done.")
    request.refresh_from_db()
    assert request.remediation_done_at is None
    services.gate_remediation_complete(actor=personas.ciso, request=request, outcome="Done.")
    assert request.remediation_done_by == personas.ciso


def test_a_plan_is_marked_done_once_with_an_outcome_and_only_in_remediation(personas):
    request = annual_review(personas)
    with pytest.raises(ValidationError) as refused:
        services.gate_remediation_complete(actor=personas.ciso, request=request, outcome="x")
    assert "request" in refused.value.message_dict  # still open: no plan yet
    proceed(personas.safety, request)
    with pytest.raises(ValidationError) as refused:
        services.gate_remediation_complete(actor=personas.owner, request=request, outcome=" ")
    assert set(refused.value.message_dict) == {"outcome"}
    request.refresh_from_db()
    assert request.remediation_done_at is None
    assert Deadline.objects.get(kind="registry.gate_remediation").met_at is None
    services.gate_remediation_complete(actor=personas.owner, request=request, outcome="Done.")
    with pytest.raises(ValidationError) as refused:
        services.gate_remediation_complete(actor=personas.owner, request=request, outcome="Again.")
    assert "already marked done" in refused.value.message_dict["request"][0]
    request.refresh_from_db()
    assert request.remediation_outcome == "Done."


# --- approval-type controls -------------------------------------------------------------


def test_the_ciso_approval_control_is_met_by_the_gates_ciso_approval(personas):
    request = services.gate_request_open(
        actor=personas.owner, system=hiring_screener_in_development(personas)
    )
    control = SystemControl.objects.get(system=request.system, control__key="ciso-approval")
    with pytest.raises(PermissionDenied):
        services.control_update(
            actor=personas.owner, control=control, status="implemented", justification="Me."
        )
    gate_request_filled(request, personas.owner)
    services.gate_request_submit(actor=personas.owner, request=request)
    services.gate_approval_decide(
        actor=personas.ciso, request=request, role="ciso", decision="approved"
    )
    control.refresh_from_db()
    assert control.status == "missing", "met only once the gate is passed"
    services.gate_approval_decide(
        actor=personas.legal, request=request, role="legal", decision="approved"
    )
    control.refresh_from_db()
    assert control.status == "implemented"
    assert control.justification.startswith("Met by the CISO approval of ")
    assert "Pre-deployment security review" in control.justification
