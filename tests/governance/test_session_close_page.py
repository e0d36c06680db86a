"""Closing a review session from its page (issue 17): the close form sits after the
decisions, says what closing freezes and what the agenda leaves undecided, and closes
only when the closer confirms it."""

from datetime import date

import pytest

from core.models import AuditEvent
from governance.models import ReviewSession
from governance.services.decisions import decision_record
from governance.services.sessions import session_open
from tests.factories import RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(personas):
    """An ad-hoc session on two risks, the first decided, with the board member there."""
    first, second = RiskFactory(risk_id="RISK-001"), RiskFactory(risk_id="RISK-002")
    session = session_open(
        actor=personas.board,
        title="Ad-hoc review",
        kind="ad_hoc",
        reason="new_use_case",
        held_on=date(2026, 11, 30),
        risks=[first, second],
        attendees=[personas.board],
    )
    decision_record(
        actor=personas.board, session=session, risk=first, kind="accept", rationale="Fine."
    )
    return session


def page_of(client, person, session) -> str:
    client.force_login(person)
    response = client.get(f"/board/sessions/{session.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_close_form_comes_after_the_decisions_and_names_what_is_undecided(
    client, personas, session
):
    page = page_of(client, personas.board, session)
    assert page.index('id="decisions"') < page.index('id="close-session"')
    assert page.index('id="minutes"') < page.index('id="close-form"')
    assert page.count("Close the session</button>") == 1
    card = page[page.index('id="close-session"') :]
    assert "1 decision and 1 attendee recorded." in card
    assert "1 risk on the agenda has no decision in this session:</strong> RISK-002." in card
    assert "The minutes are complete: close the session and make them final" in card
    assert 'type="checkbox" name="confirm"' in card


def test_an_unconfirmed_close_is_refused_and_the_session_stays_open(client, personas, session):
    client.force_login(personas.board)
    response = client.post(f"/board/sessions/{session.pk}/close/", {})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tick the box to confirm: once closed, the minutes cannot change." in page
    assert page.index('id="decisions"') < page.index("Tick the box to confirm")
    assert ReviewSession.objects.get(pk=session.pk).status == "open"
    assert not AuditEvent.objects.filter(action="review_session.closed").exists()


def test_a_confirmed_close_makes_the_minutes_final(client, personas, session):
    client.force_login(personas.board)
    response = client.post(f"/board/sessions/{session.pk}/close/", {"confirm": "on"})
    assert response.status_code == 302
    assert response.url == f"/board/sessions/{session.pk}/"
    closed = ReviewSession.objects.get(pk=session.pk)
    assert (closed.status, closed.closed_by) == ("closed", personas.board)
    page = page_of(client, personas.board, session)
    assert 'id="close-session"' not in page and "Record a decision" not in page
    again = client.post(f"/board/sessions/{session.pk}/close/", {"confirm": "on"})
    assert again.status_code == 400
    assert "This session is closed: its minutes cannot change." in again.content.decode()


def test_an_auditor_sees_no_close_form_and_the_server_refuses_them(client, personas, session):
    page = page_of(client, personas.auditor, session)
    assert 'id="close-session"' not in page
    response = client.post(f"/board/sessions/{session.pk}/close/", {"confirm": "on"})
    assert response.status_code == 403
    assert ReviewSession.objects.get(pk=session.pk).status == "open"
