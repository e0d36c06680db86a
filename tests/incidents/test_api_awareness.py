"""Regulatory clocks from awareness (issue 15, section 1) through /api/v1/incidents/:
`personal_data_aware_at` starts the GDPR 72-hour clock and `serious_incident_aware_at`
the EU AI Act Art. 73 clock, each set (now by default, earlier with a reason) and
corrected by those who work the incident, never in the future or before discovery.
Each test names its input, what is expected and, in its docstring, what main gave."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.models import AuditEvent, Deadline
from incidents.models import Incident, TimelineEntry

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents/"
NOV_16 = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
DEC_1 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DEC_6 = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
REPORT = {
    "system": "SYS-001",
    "type": "bias_harm",
    "severity": "high",
    "description": "Rejections cluster by postcode.",
}


@pytest.fixture
def as_person(api_client):
    def sign_in(user):
        api_client.force_authenticate(user)
        return api_client

    return sign_in


def reported(client, discovered: datetime, **extra) -> dict:
    with time_machine.travel(discovered + timedelta(minutes=30), tick=False):
        response = client.post(
            URL, REPORT | {"discovered_at": discovered.isoformat()} | extra, format="json"
        )
    assert response.status_code == 201, response.json()
    return response.json()


def clock(body: dict, kind: str) -> dict | None:
    return next((c for c in body["clocks"] if c["kind"] == kind), None)


def patch(client, body: dict, at: datetime, changes: dict):
    with time_machine.travel(at, tick=False):
        return client.patch(f"{URL}{body['incident_id']}/", changes, format="json")


def test_art73_clock_from_serious_awareness__discovered_16_nov_aware_6_dec__due_21_dec(
    as_person, personas, screener
):
    """Input: discovered 16 Nov 10:00 UTC, serious harm learned and recorded 6 Dec 10:00.
    Expected: Art. 73 due 21 Dec 10:00 (15 days from awareness), not breached.
    Main gave: due 1 Dec 10:00 (from discovery), breached on opening."""
    client = as_person(personas.responder)
    body = reported(client, NOV_16)
    answer = patch(client, body, DEC_6, {"other_serious_harm": True})
    assert answer.status_code == 200, answer.json()
    shown = answer.json()
    assert shown["serious_incident_aware_at"] == "2026-12-06T10:00:00Z"
    assert shown["serious_incident_aware_by"] == personas.responder.email
    assert clock(shown, "ai_act_art73") == {
        "kind": "ai_act_art73",
        "due_at": "2026-12-21T10:00:00Z",
        "met_at": None,
        "breached": False,
    }


def test_gdpr_clock_from_personal_data_awareness__learned_5_days_after_discovery__due_72h_later(
    as_person, personas, screener
):
    """Input: discovered 1 Dec 09:00 UTC; on 6 Dec 10:00 personal data of EU residents
    is recorded as affected. Expected: GDPR due 9 Dec 10:00, not breached.
    Main gave: due 4 Dec 09:00 (from discovery), breached on opening."""
    client = as_person(personas.responder)
    body = reported(client, DEC_1)
    changes = {"personal_data_exposed": True, "eu_residents_affected": True}
    shown = patch(client, body, DEC_6, changes).json()
    assert shown["personal_data_aware_at"] == "2026-12-06T10:00:00Z"
    assert shown["personal_data_aware_by"] == personas.responder.email
    assert clock(shown, "gdpr_72h") == {
        "kind": "gdpr_72h",
        "due_at": "2026-12-09T10:00:00Z",
        "met_at": None,
        "breached": False,
    }


def test_gdpr_awareness_set_earlier_with_reason__aware_5_dec_09h__due_8_dec_09h(
    as_person, personas, screener
):
    """Input: personal data affected, personal_data_aware_at 5 Dec 09:00 with a reason,
    sent on 6 Dec. Expected: GDPR due 8 Dec 09:00; the reason in the audit trail.
    Main gave: 400, no such field."""
    client = as_person(personas.responder)
    body = reported(client, DEC_1)
    changes = {
        "personal_data_exposed": True,
        "eu_residents_affected": True,
        "personal_data_aware_at": "2026-12-05T10:00:00+01:00",
        "reason": "The support ticket of 5 Dec named the leaked addresses.",
    }
    shown = patch(client, body, DEC_6, changes).json()
    assert shown["personal_data_aware_at"] == "2026-12-05T09:00:00Z"
    assert clock(shown, "gdpr_72h")["due_at"] == "2026-12-08T09:00:00Z"
    event = AuditEvent.objects.get(action="incident.awareness_set")
    assert event.changes["reason"] == "The support ticket of 5 Dec named the leaked addresses."


@pytest.mark.parametrize(
    ("moment", "reason", "field"),
    [
        ("2026-12-05T09:00:00Z", "", "reason"),  # earlier than now without a reason
        ("2026-12-06T12:00:00Z", "Tomorrow's news.", "personal_data_aware_at"),  # future
        ("2026-11-30T09:00:00Z", "Before.", "personal_data_aware_at"),  # before discovery
    ],
)
def test_bad_awareness_moments__are_400_naming_the_field(
    as_person, personas, screener, moment, reason, field
):
    """Input: a moment earlier than now without a reason, in the future, before
    discovery. Expected: 400 naming the field, nothing changed, no clock opened.
    Main gave: 400 naming `personal_data_aware_at` as unknown, for every case."""
    client = as_person(personas.responder)
    body = reported(client, DEC_1)
    changes = {
        "personal_data_exposed": True,
        "eu_residents_affected": True,
        "personal_data_aware_at": moment,
        "reason": reason,
    }
    answer = patch(client, body, DEC_6, changes)
    assert answer.status_code == 400, answer.json()
    assert field in answer.json()
    incident = Incident.objects.get()
    assert incident.personal_data_aware_at is None and not incident.personal_data_exposed
    assert not Deadline.objects.filter(kind="incidents.gdpr_72h").exists()


def test_awareness_without_its_fact__is_400_naming_the_field(as_person, personas, screener):
    """Input: serious_incident_aware_at with no serious-incident fact. Expected: 400
    naming `serious_incident_aware_at`. Main gave: 400 naming it as an unknown field."""
    client = as_person(personas.responder)
    body = reported(client, DEC_1)
    answer = patch(client, body, DEC_6, {"serious_incident_aware_at": "2026-12-06T09:00:00Z"})
    assert answer.status_code == 400 and "serious_incident_aware_at" in answer.json()


def test_correcting_serious_awareness_moves_the_open_clock__6_dec_to_3_dec__due_18_dec(
    as_person, personas, screener
):
    """Input: serious harm recorded 6 Dec 10:00 (due 21 Dec), then corrected on 7 Dec to
    3 Dec 10:00 with a reason. Expected: Art. 73 due 18 Dec 10:00, the correction
    audited with its reason and in the timeline. Main gave: no way to correct it."""
    client = as_person(personas.responder)
    body = reported(client, NOV_16)
    patch(client, body, DEC_6, {"other_serious_harm": True})
    correction = {
        "serious_incident_aware_at": "2026-12-03T10:00:00Z",
        "reason": "The clinic's letter of 3 Dec reported the harm.",
    }
    answer = patch(client, body, DEC_6 + timedelta(days=1), correction)
    assert answer.status_code == 200, answer.json()
    assert clock(answer.json(), "ai_act_art73")["due_at"] == "2026-12-18T10:00:00Z"
    event = AuditEvent.objects.get(action="incident.awareness_corrected")
    assert event.changes["reason"] == "The clinic's letter of 3 Dec reported the harm."
    line = TimelineEntry.objects.filter(kind="awareness").last()
    assert "corrected from 2026-12-06 10:00 UTC to 2026-12-03 10:00 UTC" in line.text
    assert Deadline.objects.filter(kind="incidents.ai_act_art73").count() == 1


@pytest.mark.parametrize(
    ("fact", "due"),
    [
        ("other_serious_harm", "2026-12-21T10:00:00Z"),  # 15 days
        ("death", "2026-12-16T10:00:00Z"),  # 10 days
        ("widespread_infringement", "2026-12-08T10:00:00Z"),  # 2 days
        ("critical_infrastructure_disruption", "2026-12-08T10:00:00Z"),  # 2 days
    ],
)
def test_art73_days_by_fact_from_serious_awareness__aware_6_dec(
    as_person, personas, screener, fact, due
):
    """Input: discovered 16 Nov, the fact learned 6 Dec 10:00. Expected: 15 days, 10
    for a death, 2 for widespread infringement or critical infrastructure, from 6 Dec.
    Main gave: the same days counted from 16 Nov (all breached)."""
    client = as_person(personas.responder)
    body = reported(client, NOV_16)
    shown = patch(client, body, DEC_6, {fact: True}).json()
    assert clock(shown, "ai_act_art73")["due_at"] == due
    assert clock(shown, "ai_act_art73")["breached"] is False


def test_a_report_with_facts_defaults_awareness_to_now_or_takes_an_earlier_one_with_reason(
    as_person, personas, screener
):
    """Input: a report at 1 Dec 09:30 of a breach discovered 09:00; once without a
    moment, once with personal_data_aware_at 09:00 and a reason. Expected: GDPR due
    4 Dec 09:30 and 4 Dec 09:00. Main gave: 4 Dec 09:00 for both."""
    client = as_person(personas.responder)
    facts = {"personal_data_exposed": True, "eu_residents_affected": True}
    first = reported(client, DEC_1, **facts)
    assert first["personal_data_aware_at"] == "2026-12-01T09:30:00Z"
    assert clock(first, "gdpr_72h")["due_at"] == "2026-12-04T09:30:00Z"
    second = reported(
        client,
        DEC_1,
        **facts,
        personal_data_aware_at="2026-12-01T09:00:00Z",
        reason="The leaked rows were in the first alert.",
    )
    assert clock(second, "gdpr_72h")["due_at"] == "2026-12-04T09:00:00Z"
    refused = client.post(
        URL,
        REPORT
        | {
            "discovered_at": "2026-12-01T09:00:00Z",
            **facts,
            "personal_data_aware_at": "2026-12-01T09:00:00Z",
        },
        format="json",
    )
    assert refused.status_code == 400 and "reason" in refused.json()


def test_who_may_set_awareness__board_and_auditor_403__dpo_200(as_person, personas, screener):
    """Input: a PATCH of personal_data_aware_at by the board, an auditor, the DPO.
    Expected: 403, 403, 200 (those who work the incident and the DPO).
    Main gave: 403, 403, 400 (unknown field)."""
    body = reported(as_person(personas.responder), DEC_1)
    changes = {"personal_data_exposed": True}
    for person, status in ((personas.board, 403), (personas.auditor, 403), (personas.dpo, 200)):
        answer = patch(as_person(person), body, DEC_6, changes)
        assert answer.status_code == status, (person, answer.content)
    assert Incident.objects.get().personal_data_aware_by == personas.dpo


def test_discovery_cannot_move_after_an_awareness_moment__400_discovered_at(
    as_person, personas, screener
):
    """Input: discovered 09:00, reported 09:30 with personal data learned 09:10, then
    discovery corrected to 09:20. Expected: 400 naming discovered_at, nothing moved.
    Main gave: no awareness moment to keep discovery before."""
    client = as_person(personas.responder)
    body = reported(
        client,
        DEC_1,
        personal_data_exposed=True,
        personal_data_aware_at="2026-12-01T09:10:00Z",
        reason="The alert at 09:10 listed customer rows.",
    )
    answer = patch(
        client,
        body,
        DEC_1 + timedelta(minutes=40),
        {"discovered_at": "2026-12-01T09:20:00Z", "reason": "Typo."},
    )
    assert answer.status_code == 400 and "discovered_at" in answer.json()
    assert Incident.objects.get().discovered_at == DEC_1
