"""Art. 73 follows the system's EU AI Act category (issue 15, section 1): screened
high-risk, its open serious incidents get their Art. 73 clock from the moment the
organisation learned they were serious; screened out of high-risk, those clocks are
cancelled with the reason. Read back through /api/v1/incidents/."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.models import AuditEvent, Deadline
from incidents.models import TimelineEntry
from incidents.services.report import incident_report
from registry.services import ai_act_screening_record
from registry.vocabulary import AI_ACT_ANSWER_KEYS
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db
NOV_16 = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
NOV_20 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
ALL_NO = dict.fromkeys(AI_ACT_ANSWER_KEYS, False)
ACCESS_YES = {**ALL_NO, "affects_access": True}


@pytest.fixture
def chatbot(personas, shipped_incident_defaults):
    return AISystemFactory(
        system_id="SYS-002",
        name="Applicant chatbot",
        owner_team=personas.people_ops,
        ai_act_category="limited",
    )


def serious_incident(personas, system, **extra):
    with time_machine.travel(NOV_16 + timedelta(minutes=30), tick=False):
        return incident_report(
            actor=personas.responder,
            system=system,
            type="safety_violation",
            severity="high",
            discovered_at=NOV_16,
            description="Advice that harmed an applicant's health.",
            other_serious_harm=True,
            **extra,
        )


def art73(api_client, personas, incident) -> dict | None:
    api_client.force_authenticate(personas.dpo)
    body = api_client.get(f"/api/v1/incidents/{incident.incident_id}/").json()
    return next((c for c in body["clocks"] if c["kind"] == "ai_act_art73"), None)


def screen(personas, system, at, category, **terms):
    with time_machine.travel(at, tick=False):
        ai_act_screening_record(actor=personas.legal, system=system, category=category, **terms)


def test_art73_clock_when_category_becomes_high_risk__aware_16_nov_1030__due_1_dec_1030(
    api_client, personas, chatbot
):
    """Input: a serious incident learned 16 Nov 10:30 on a limited-risk system, screened
    high-risk on 20 Nov. Expected: Art. 73 due 1 Dec 10:30 (15 days from awareness, not
    from the screening). Main gave: no Art. 73 clock at all."""
    incident = serious_incident(personas, chatbot)
    assert art73(api_client, personas, incident) is None
    screen(personas, chatbot, NOV_20, "high_risk", answers=ACCESS_YES, annex_area="employment")
    with time_machine.travel(NOV_20, tick=False):
        assert art73(api_client, personas, incident) == {
            "kind": "ai_act_art73",
            "due_at": "2026-12-01T10:30:00Z",
            "met_at": None,
            "breached": False,
        }
    line = TimelineEntry.objects.filter(incident=incident, kind="clock").last()
    assert "from limited risk (transparency) to high-risk" in line.text


def test_art73_clock_cancelled_when_no_longer_high_risk__reason_kept_and_shown(
    api_client, client, personas, chatbot
):
    """Input: the system screened high-risk (clock running), then minimal by Legal with
    a rationale. Expected: no Art. 73 clock; the cancellation's reason in the audit trail
    and on the incident's timeline. Main gave: the clock ran on."""
    incident = serious_incident(personas, chatbot)
    screen(personas, chatbot, NOV_20, "high_risk", answers=ACCESS_YES, annex_area="employment")
    screen(
        personas,
        chatbot,
        NOV_20 + timedelta(days=1),
        "minimal",
        answers=ALL_NO,
        rationale="The chatbot only answers questions about the office's opening hours.",
    )
    assert art73(api_client, personas, incident) is None
    cancelled = Deadline.objects.get(kind="incidents.ai_act_art73")
    assert cancelled.cancelled_at is not None
    reason = AuditEvent.objects.get(action="deadline.cancelled").changes["reason"]
    assert reason == "the system's EU AI Act category changed from high-risk to minimal risk"
    client.force_login(personas.dpo)
    page = client.get(f"/incidents/{incident.incident_id}/").content.decode()
    assert "no longer applies (the system&#x27;s EU AI Act category changed from high-risk" in page


def test_a_closed_or_not_serious_incident_gets_no_art73_clock(api_client, personas, chatbot):
    """Input: a non-serious incident on the system, screened high-risk. Expected: no
    Art. 73 clock. Main gave: none either (the rule already held)."""
    with time_machine.travel(NOV_16 + timedelta(minutes=30), tick=False):
        plain = incident_report(
            actor=personas.responder,
            system=chatbot,
            type="availability",
            severity="low",
            discovered_at=NOV_16,
            description="Slow answers.",
        )
    screen(personas, chatbot, NOV_20, "high_risk", answers=ACCESS_YES, annex_area="employment")
    assert art73(api_client, personas, plain) is None
