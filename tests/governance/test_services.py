"""The register's services: what they store, audit and refuse, and the clocks they keep."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from core.clocks.selectors import deadline_open_for
from core.clocks.sweep import deadlines_sweep_run
from core.deadline_list import kind_label
from core.models import AuditEvent, Deadline, Notification
from governance.models import Risk
from governance.services.risk_deadlines import MITIGATION_KIND, REVIEW_KIND
from governance.services.risks import risk_close, risk_create, risk_update
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db


def test_board_member_creates_a_risk_with_stored_levels_and_an_audit_event(personas, risk_data):
    risk = risk_create(actor=personas.board, data=risk_data)
    stored = Risk.objects.get(pk=risk.pk)
    assert stored.risk_id == "RISK-001"
    assert (stored.inherent_score, stored.inherent_level) == (16, "critical")
    assert (stored.residual_score, stored.residual_level) == (9, "medium")
    assert [s.system_id for s in stored.systems.all()] == ["SYS-009"]
    event = AuditEvent.objects.get(action="risk.created", object_id=str(risk.pk))
    assert event.changes["systems"] == [None, ["SYS-009"]]
    assert event.changes["owner_team"] == [None, "people-ops"]


def test_residual_above_inherent_is_refused_by_field_and_nothing_is_saved(personas, risk_data):
    data = {**risk_data, "inherent_likelihood": 2, "inherent_impact": 2}  # low < medium
    with pytest.raises(ValidationError) as refused:
        risk_create(actor=personas.board, data=data)
    assert "above the inherent level" in refused.value.message_dict["residual_impact"][0]
    assert not Risk.objects.exists()


def test_a_risk_needs_an_owner(personas, risk_data):
    with pytest.raises(ValidationError) as refused:
        risk_create(actor=personas.board, data={**risk_data, "owner_team": None})
    assert "owner_user" in refused.value.message_dict


@pytest.mark.parametrize("who", ["auditor", "owner", "dpo", "outsider"])
def test_only_board_and_administrators_create(personas, risk_data, who):
    with pytest.raises(PermissionDenied):
        risk_create(actor=getattr(personas, who), data=risk_data)


def test_the_owning_teams_product_owner_edits_and_the_levels_follow(personas):
    risk = RiskFactory(owner_team=personas.people_ops)
    risk_update(actor=personas.owner, risk=risk, data={"residual_likelihood": 1})
    risk.refresh_from_db()
    assert (risk.residual_score, risk.residual_level) == (3, "low")
    event = AuditEvent.objects.get(action="risk.updated", object_id=str(risk.pk))
    assert event.changes["residual_level"] == ["medium", "low"]
    with pytest.raises(PermissionDenied):
        risk_update(actor=personas.owner2, risk=risk, data={"title": "Not mine"})


def test_a_refused_update_leaves_the_row_as_it_was(personas):
    risk = RiskFactory(owner_user=personas.owner)
    with pytest.raises(ValidationError) as refused:
        risk_update(
            actor=personas.owner, risk=risk, data={"inherent_likelihood": 1, "title": "Changed"}
        )
    assert "residual_impact" in refused.value.message_dict
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.title, stored.inherent_likelihood) == (risk.title, 4)


def test_review_and_mitigation_deadlines_open_move_meet_and_cancel(personas, risk_data):
    data = {**risk_data, "next_review": date(2027, 3, 1), "mitigation_due": date(2027, 1, 15)}
    risk = risk_create(actor=personas.board, data=data)
    review = deadline_open_for(subject=risk, kind=REVIEW_KIND)
    assert review.due_at == datetime(2027, 3, 1, 9, tzinfo=UTC)
    assert review.owner == personas.owner  # the owning team's product owner
    assert deadline_open_for(subject=risk, kind=MITIGATION_KIND).due_at.date() == date(2027, 1, 15)

    risk_update(actor=personas.board, risk=risk, data={"mitigation_due": date(2027, 2, 1)})
    mitigation = deadline_open_for(subject=risk, kind=MITIGATION_KIND)
    assert mitigation.due_at.date() == date(2027, 2, 1)
    assert Deadline.objects.filter(kind=MITIGATION_KIND).count() == 1  # moved, not reopened

    today = review.created_at.date()
    risk_update(
        actor=personas.board,
        risk=risk,
        data={"last_reviewed": today, "next_review": date(2027, 6, 1)},
    )
    review.refresh_from_db()
    assert review.met_at is not None
    assert deadline_open_for(subject=risk, kind=REVIEW_KIND).due_at.date() == date(2027, 6, 1)

    risk_close(actor=personas.board, risk=risk, note="System retired.")
    assert deadline_open_for(subject=risk, kind=REVIEW_KIND) is None
    assert deadline_open_for(subject=risk, kind=MITIGATION_KIND) is None
    assert Deadline.objects.filter(cancelled_at__isnull=False).count() == 2
    assert AuditEvent.objects.get(action="risk.closed").changes["note"] == "System retired."


def test_a_risks_deadlines_are_named_in_the_deadline_lists():
    # "My deadlines" and its Kind filter say "Risk review", not "governance.risk_review".
    names = (kind_label(REVIEW_KIND), kind_label(MITIGATION_KIND))
    assert names == ("Risk review", "Risk mitigation")


def test_a_closed_risk_cannot_be_closed_twice(personas):
    risk = RiskFactory(owner_user=personas.owner, status="closed")
    with pytest.raises(ValidationError):
        risk_close(actor=personas.board, risk=risk)


def test_controls_must_belong_to_a_linked_system(personas, risk_data):
    from registry.models import ControlDefinition, SystemControl
    from tests.factories import AISystemFactory

    other = AISystemFactory(owner_team=personas.people_ops)
    guardrails, _ = ControlDefinition.objects.get_or_create(
        key="output-guardrails-test", defaults={"name": "Output guardrails"}
    )
    control = SystemControl.objects.create(system=other, control=guardrails)
    with pytest.raises(ValidationError) as refused:
        risk_create(actor=personas.board, data={**risk_data, "existing_controls": [control]})
    assert "existing_controls" in refused.value.message_dict
    risk = risk_create(
        actor=personas.board,
        data={**risk_data, "systems": [other], "existing_controls": [control]},
    )
    assert list(risk.existing_controls.all()) == [control]


def test_the_owner_is_warned_before_a_review_and_the_board_the_day_after(personas, risk_data):
    with time_machine.travel(datetime(2027, 1, 4, 12, tzinfo=UTC), tick=False):
        risk_create(
            actor=personas.board,
            data={
                **risk_data,
                "owner_team": None,
                "owner_user": personas.safety,
                "next_review": date(2027, 3, 1),
            },
        )
    due = datetime(2027, 3, 1, 9, tzinfo=UTC)
    days = (-14, -3, 0, 1)
    for moment in (due + timedelta(days=n) for n in days):
        with time_machine.travel(moment, tick=False):
            assert deadlines_sweep_run() == 1
    titles = list(
        Notification.objects.filter(recipient=personas.safety)
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles == [
        "Review of RISK-001 is due in 14 days",
        "Review of RISK-001 is due in 3 days",
        "Review of RISK-001 is due now",
        "Review of RISK-001 is overdue by 1 day",
    ]
    board = Notification.objects.get(recipient=personas.board)
    assert board.title == "Review of RISK-001 is overdue by 1 day"
    assert board.link == "/risks/RISK-001/"
