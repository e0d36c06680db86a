"""Red-team findings on a review session's agenda (issue 20: every successful attack
"appears on the board's next review-session agenda"): governance's session page loads
assurance's panel through core's slot "governance.session_detail" (governance imports
nothing of assurance); per agenda risk a red-team result created, the exercise, the
category, both rates and the model cards flagged for a new version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from assurance.selectors.agenda import agenda_findings
from governance.models import Risk
from governance.services.sessions import session_open
from tests.assurance.factories import CategoryResultFactory, ExerciseFactory
from tests.cards.factories import AIModelFactory, ModelCardFactory
from tests.factories import RiskFactory, people_ops_system, unsaved_risks

pytestmark = pytest.mark.django_db
FLAGGED_AT = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)


@pytest.fixture
def system(personas):
    return people_ops_system(personas, risk_tier="high")


@pytest.fixture
def session(personas, system):
    """A quarterly session whose agenda holds a red-team risk and another risk."""
    risk = RiskFactory(risk_id="RISK-050", title="Jailbreaks reach the scoring prompt")
    RiskFactory(risk_id="RISK-051", title="Vendor lock-in")
    exercise = ExerciseFactory(exercise_id="RT-005", systems=[system])
    CategoryResultFactory(exercise=exercise, risk=risk, attempts=100, successes=12)
    CategoryResultFactory(exercise=exercise, category="pii leakage", successes=0)
    ModelCardFactory(
        model=AIModelFactory(system=system, name="Screener LLM"),
        new_version_needed_at=FLAGGED_AT,
        new_version_needed_reason="2026-11-09: Red team RT-005: jailbreak ASR 12.0%",
    )
    ModelCardFactory(model=AIModelFactory(system=system, name="Unflagged ranker"))
    return session_open(
        actor=personas.board, title="Q4 review", kind="quarterly", held_on=timezone.localdate()
    )


def test_the_session_page_loads_the_panel_and_the_panel_shows_risk_rates_and_card(
    client, personas, session
):
    client.force_login(personas.board)
    url = f"/assurance/sessions/{session.pk}/red-team/"
    page = client.get(f"/board/sessions/{session.pk}/")
    assert page.status_code == 200, page.status_code
    assert f'hx-get="{url}"' in page.content.decode()

    panel = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert "<html" not in panel and "Red-team findings on this agenda" in panel
    assert 'href="/risks/RISK-050/"' in panel and "RISK-051" not in panel
    assert "RT-005" in panel and "jailbreak" in panel and "pii leakage" not in panel
    assert "12.0% (12 of 100)" in panel and "7.0% to 19.8%" in panel
    assert "Attack success rate 12.0% above the limit of 5.0%" in panel
    assert "Screener LLM</a>: new version needed since 2026-11-09" in panel
    assert "Red team RT-005: jailbreak ASR 12.0%" in panel
    assert "Unflagged ranker" not in panel


def test_an_agenda_without_red_team_risks_says_so(client, personas, system):
    RiskFactory(risk_id="RISK-060")
    session = session_open(
        actor=personas.board, title="Q4", kind="quarterly", held_on=timezone.localdate()
    )
    client.force_login(personas.board)
    panel = client.get(f"/assurance/sessions/{session.pk}/red-team/").content.decode()
    assert "No risk on this agenda comes from a red-team result." in panel


def test_an_outsider_gets_no_panel(client, personas, session):
    client.force_login(personas.outsider)
    assert client.get(f"/assurance/sessions/{session.pk}/red-team/").status_code == 403


@pytest.mark.parametrize("count", [1, 20])
def test_the_findings_read_in_four_queries(personas, system, count, django_assert_num_queries):
    risks = Risk.objects.bulk_create(unsaved_risks(personas.board, count))
    for risk in risks:
        exercise = ExerciseFactory(systems=[system])
        CategoryResultFactory(exercise=exercise, risk=risk)
        ModelCardFactory(model=AIModelFactory(system=system), new_version_needed_at=FLAGGED_AT)
    with django_assert_num_queries(4):
        findings = agenda_findings([risk.pk for risk in risks])
        [(f.risk.risk_id, f.flagged_cards[0].model.name) for f in findings]
    assert len(findings) == count
