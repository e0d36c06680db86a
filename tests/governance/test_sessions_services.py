"""Review sessions and the board's decisions: what they do to the risk, the minutes that
cannot change once closed, corrections, permissions and the audit trail."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from core.models import AuditEvent
from governance.models import ReviewSession, Risk, RiskDecision
from governance.services.decisions import decision_record
from governance.services.sessions import session_attendees_set, session_close, session_open
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db

DAY = "2026-11-30 10:00Z"


def ad_hoc(actor, *risks):
    return session_open(
        actor=actor,
        title="Model update of the route optimiser",
        kind="ad_hoc",
        reason="model_update",
        held_on=date(2026, 11, 30),
        risks=risks,
    )


@time_machine.travel(DAY, tick=False)
def test_the_quarterly_agenda_is_every_open_risk_due_on_the_day(personas):
    due = RiskFactory(next_review=date(2026, 11, 30))
    never = RiskFactory(next_review=None)
    RiskFactory(next_review=date(2026, 12, 1))
    RiskFactory(next_review=date(2026, 1, 1), status="closed")
    session = session_open(
        actor=personas.board,
        title="Q4 review",
        kind="quarterly",
        held_on=date(2026, 11, 30),
        attendees=[personas.board, personas.admin],
    )
    assert set(session.risks.all()) == {due, never}
    assert set(session.attendees.all()) == {personas.board, personas.admin}
    event = AuditEvent.objects.get(action="review_session.opened")
    assert event.changes["risks"][1] == sorted([due.risk_id, never.risk_id])


def test_an_ad_hoc_session_names_its_reason_and_its_risks(personas):
    with pytest.raises(ValidationError) as refused:
        session_open(actor=personas.board, title="x", kind="ad_hoc", held_on=date(2026, 1, 1))
    assert set(refused.value.message_dict) == {"reason", "risks"}
    assert not ReviewSession.objects.exists()


@pytest.mark.parametrize("persona", ["auditor", "owner", "ciso"])
def test_only_the_board_and_administrators_open_sessions(personas, persona):
    with pytest.raises(PermissionDenied):
        ad_hoc(getattr(personas, persona), RiskFactory())
    assert ad_hoc(personas.admin, RiskFactory()).pk


@time_machine.travel(DAY, tick=False)
def test_an_acceptance_sets_the_review_dates_and_is_audited(personas):
    risk = RiskFactory(next_review=date(2026, 11, 1), residual_level="high")
    session = ad_hoc(personas.board, risk)
    decision = decision_record(
        actor=personas.board,
        session=session,
        risk=risk,
        kind="accept",
        rationale="Guardrails and dispatcher review bring it within appetite.",
    )
    risk.refresh_from_db()
    assert (risk.last_reviewed, risk.next_review) == (date(2026, 11, 30), date(2027, 2, 28))
    assert decision.next_review == date(2027, 2, 28)
    assert decision.decided_by == personas.board
    reviewed = AuditEvent.objects.get(action="risk.reviewed", object_id=str(risk.pk))
    assert reviewed.changes["next_review"] == ["2026-11-01", "2027-02-28"]
    assert AuditEvent.objects.filter(action="risk_decision.recorded").count() == 1


@time_machine.travel(DAY, tick=False)
def test_require_mitigation_sets_the_owner_and_due_date(personas):
    risk = RiskFactory()
    session = ad_hoc(personas.board, risk)
    with pytest.raises(ValidationError) as refused:
        decision_record(
            actor=personas.board, session=session, risk=risk, kind="mitigate", rationale="Fix"
        )
    assert set(refused.value.message_dict) == {"mitigation_owner", "mitigation_due"}
    assert not RiskDecision.objects.exists()
    decision_record(
        actor=personas.board,
        session=session,
        risk=risk,
        kind="mitigate",
        rationale="Fix",
        mitigation_owner=personas.safety,
        mitigation_due=date(2027, 1, 31),
    )
    risk.refresh_from_db()
    assert (risk.owner_user, risk.mitigation_due) == (personas.safety, date(2027, 1, 31))


def test_close_closes_the_risk(personas):
    risk = RiskFactory()
    decision_record(
        actor=personas.board,
        session=ad_hoc(personas.board, risk),
        risk=risk,
        kind="close",
        rationale="The system was retired.",
    )
    assert Risk.objects.get(pk=risk.pk).status == "closed"


def test_a_risk_off_the_agenda_is_refused(personas):
    session = ad_hoc(personas.board, RiskFactory())
    other = RiskFactory()
    with pytest.raises(ValidationError) as refused:
        decision_record(
            actor=personas.board, session=session, risk=other, kind="accept", rationale="x"
        )
    assert "risk" in refused.value.message_dict


def test_auditors_record_no_decision(personas):
    risk = RiskFactory()
    session = ad_hoc(personas.board, risk)
    with pytest.raises(PermissionDenied):
        decision_record(
            actor=personas.auditor, session=session, risk=risk, kind="accept", rationale="x"
        )


def closed_session_with_a_decision(personas):
    risk = RiskFactory()
    session = ad_hoc(personas.board, risk)
    decision = decision_record(
        actor=personas.board, session=session, risk=risk, kind="accept", rationale="Fine."
    )
    session_close(actor=personas.board, session=session)
    return session, risk, decision


def test_the_minutes_of_a_closed_session_cannot_change(personas):
    session, risk, _ = closed_session_with_a_decision(personas)
    assert ReviewSession.objects.get(pk=session.pk).closed_by == personas.board
    closed = AuditEvent.objects.get(action="review_session.closed", object_id=str(session.pk))
    assert closed.changes == {"status": ["open", "closed"]}
    with pytest.raises(ValidationError) as refused:
        decision_record(
            actor=personas.board, session=session, risk=risk, kind="escalate", rationale="x"
        )
    assert "closed" in refused.value.message_dict["session"][0]
    with pytest.raises(ValidationError):
        session_attendees_set(actor=personas.board, session=session, attendees=[personas.admin])
    with pytest.raises(ValidationError):
        session_close(actor=personas.board, session=session)
    assert RiskDecision.objects.count() == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE governance_riskdecision SET rationale = 'changed'",
        "DELETE FROM governance_riskdecision",
    ],
)
def test_the_database_refuses_to_change_a_closed_sessions_decisions(personas, statement):
    closed_session_with_a_decision(personas)
    with (
        pytest.raises(IntegrityError, match="closed review session"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert RiskDecision.objects.get().rationale == "Fine."


@time_machine.travel(DAY, tick=False)
def test_a_correction_is_a_new_decision_linked_to_the_one_it_corrects(personas):
    _, risk, original = closed_session_with_a_decision(personas)
    later = ad_hoc(personas.board, RiskFactory())
    correction = decision_record(
        actor=personas.board,
        session=later,
        risk=risk,
        kind="mitigate",
        rationale="The acceptance overlooked the new postal-code data.",
        mitigation_owner=personas.safety,
        mitigation_due=date(2027, 3, 1),
        corrects=original,
    )
    original.refresh_from_db()
    assert original.corrected_by == correction and original.kind == "accept"
    assert risk in later.risks.all()
    with pytest.raises(ValidationError) as twice:
        decision_record(
            actor=personas.board,
            session=later,
            risk=risk,
            kind="accept",
            rationale="x",
            corrects=original,
        )
    assert "corrects" in twice.value.message_dict


def test_attendees_are_recorded_while_the_session_is_open(personas):
    session = ad_hoc(personas.board, RiskFactory())
    session_attendees_set(
        actor=personas.board, session=session, attendees=[personas.board, personas.admin]
    )
    assert set(session.attendees.all()) == {personas.board, personas.admin}
    event = AuditEvent.objects.get(action="review_session.attendees_set")
    assert event.changes["attendees"] == [[], ["admin@example.com", "board@example.com"]]
    with pytest.raises(PermissionDenied):
        session_attendees_set(actor=personas.auditor, session=session, attendees=[])
