"""A board member's review: the residual heat map opens the filtered register, an
acceptance recorded in a review session shows in the minutes and moves the next review,
and the session is closed below its minutes, once confirmed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import ReviewSession, Risk
from governance.rules.risks import next_review_after
from governance.services.sessions import session_open
from tests.e2e.conftest import log_in
from tests.factories import RiskFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_board_member_reads_the_heat_map_and_signs_off_a_risk(page, live_server, personas):
    today = timezone.localdate()
    risk = RiskFactory(
        risk_id="RISK-001",
        title="Route optimiser suggests unsafe roads",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=2,
        residual_impact=4,
        next_review=today - timedelta(days=3),
    )
    session = session_open(
        actor=personas.board,
        title="Q4 review",
        kind="quarterly",
        held_on=today,
        attendees=[personas.board],
    )
    base = live_server.url
    log_in(page, base, personas.board.email)
    assert page.url == f"{base}/board/"
    page.get_by_role("link", name="Heat maps and trend").first.click()

    residual = page.locator("#heat-map-residual")
    cell = residual.get_by_role("link", name="likelihood 2, impact 4 (medium): 1 risk")
    assert cell.locator("text").first.text_content() == "1"
    cell.click()
    page.wait_for_url("**/risks/?**")
    assert "residual_likelihood=2" in page.url and "residual_impact=4" in page.url

    page.goto(f"{base}/board/sessions/{session.pk}/")
    page.get_by_label("Risk", exact=True).select_option(str(risk.pk))
    page.get_by_label("Decision", exact=True).select_option("accept")
    page.get_by_label("Rationale").fill("Guardrails, dispatcher review and red team suffice.")
    page.get_by_role("button", name="Record the decision").click()

    minutes = page.locator("#decisions")
    minutes.wait_for()
    expected = next_review_after(today)  # three months on, from the rules' cadence
    assert Risk.objects.get(pk=risk.pk).next_review == expected
    row = minutes.locator("tbody tr").first
    assert "RISK-001" in row.inner_text()
    assert "Guardrails, dispatcher review and red team suffice." in row.inner_text()
    assert personas.board.display_name in row.inner_text()
    assert f"{expected:%Y-%m-%d}" in row.inner_text()
    assert page.locator("#agenda-RISK-001 .next-review").inner_text() == f"{expected:%Y-%m-%d}"

    # The decision shows where people look: the risk's page and the register's column.
    page.goto(f"{base}/risks/RISK-001/")
    decision = page.locator("#decision")
    assert "Accept the residual risk (sign-off)" in decision.inner_text()
    assert "Guardrails, dispatcher review and red team suffice." in decision.inner_text()
    assert personas.board.display_name in decision.inner_text()
    page.goto(f"{base}/risks/?decision=accept")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Accepted" in rows.first.inner_text()

    # Closing sits after the decisions and asks for a confirmation first.
    page.goto(f"{base}/board/sessions/{session.pk}/")
    close = page.locator("#close-session")
    assert "1 decision and 1 attendee recorded." in close.inner_text()
    close.get_by_role("button", name="Close the session").click()
    page.get_by_text(
        "Tick the box to confirm: once closed, the minutes cannot change."
    ).first.wait_for()
    assert ReviewSession.objects.get(pk=session.pk).status == "open"
    page.locator("#close-session").get_by_label(
        "The minutes are complete: close the session and make them final"
    ).check()
    page.locator("#close-session").get_by_role("button", name="Close the session").click()
    page.get_by_text("The session is closed: its minutes are final.").wait_for()
    assert page.locator("#session-status").inner_text() == "Closed"
    assert page.locator("#close-session").count() == 0
