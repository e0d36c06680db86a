"""The EU AI Act screening page (DOMAIN.md 2.2)."""

from __future__ import annotations

import pytest

from registry.models import AIActScreening
from registry.vocabulary import AI_ACT_SCREENING_QUESTIONS
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db

URL = "/systems/SYS-001/ai-act/"
ALL_NO = {
    "affects_access": "no",
    "physical_safety_risk": "no",
    "public_authority_annex_iii": "no",
    "legal_effect": "no",
}


@pytest.fixture
def system(personas):
    return AISystemFactory(system_id="SYS-001", name="Screener", owner_team=personas.people_ops)


def test_the_page_asks_the_four_questions(client, personas, system):
    client.force_login(personas.legal)
    html = client.get(URL).content.decode()
    for question in AI_ACT_SCREENING_QUESTIONS:
        assert question.replace("'", "&#x27;") in html
    assert "Annex III area" in html and "Employment, worker management" in html


def test_all_no_and_minimal_risk_is_recorded(client, personas, system):
    client.force_login(personas.owner)
    response = client.post(URL, {**ALL_NO, "category": "minimal"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/systems/SYS-001/"
    assert "EU AI Act category recorded: Minimal risk." in html
    assert "Screening history" in html
    system.refresh_from_db()
    assert system.ai_act_category == "minimal"


def test_a_yes_and_high_risk_with_its_annex_area_is_recorded(client, personas, system):
    client.force_login(personas.owner)
    data = {**ALL_NO, "affects_access": "yes", "category": "high_risk", "annex_area": "employment"}
    response = client.post(URL, data, follow=True)
    assert "The screening presumes high-risk." in response.content.decode()
    screening = AIActScreening.objects.get()
    assert (screening.affects_access, screening.presumed_high_risk, screening.annex_area) == (
        True,
        True,
        "employment",
    )


def test_only_legal_may_decide_a_presumed_high_risk_system_is_minimal(client, personas, system):
    data = {**ALL_NO, "legal_effect": "yes", "category": "minimal", "rationale": "Advisory only."}
    client.force_login(personas.owner)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert 'id="id_category_error"' in response.content.decode()
    assert not AIActScreening.objects.exists()
    client.force_login(personas.legal)
    assert client.post(URL, data).status_code == 302
    system.refresh_from_db()
    assert system.ai_act_category == "minimal"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "high_risk"}, "annex_area"),
        ({"physical_safety_risk": None}, "physical_safety_risk"),
        ({"category": "unassessed"}, "category"),
        ({"category": "minimal", "annex_area": "biometrics"}, "annex_area"),
    ],
    ids=["high-risk-without-area", "unanswered", "not-a-decision", "area-on-minimal"],
)
def test_bad_screening_input_is_a_400_and_saves_nothing(client, personas, system, change, field):
    data = {k: v for k, v in {**ALL_NO, "category": "limited", **change}.items() if v is not None}
    client.force_login(personas.legal)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not AIActScreening.objects.exists()
