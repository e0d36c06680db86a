"""/api/v1/incidents/: report with the issue's field names, the clocks in the
representation, updates and status steps, and who may do what."""

from datetime import UTC, datetime

import pytest
import time_machine

from core.models import Deadline
from incidents.models import Incident

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
URL = "/api/v1/incidents/"
REPORT = {
    "system": "SYS-001",
    "type": "privacy_violation",
    "severity": "critical",
    "discovered_at": "2026-03-04T10:00:00+01:00",
    "description": "Applicants' e-mail addresses appear in answers.",
    "affected_people_estimate": 1200,
    "eu_residents_affected": True,
    "personal_data_exposed": True,
    "death": False,
    "critical_infrastructure_disruption": False,
    "widespread_infringement": False,
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def as_person(api_client):
    def sign_in(user):
        api_client.force_authenticate(user)
        return api_client

    return sign_in


def test_a_report_answers_with_its_clocks_in_utc(as_person, personas, screener):
    response = as_person(personas.owner).post(URL, REPORT, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["incident_id"] == "INC-0001"
    assert body["title"] == "Privacy violation on SYS-001"
    assert body["system"] == "SYS-001" and body["discovered_at"] == "2026-03-04T09:00:00Z"
    assert body["clocks"] == [
        {
            "kind": "regulatory_assessment",
            "due_at": "2026-03-04T09:00:00Z",
            "met_at": None,
            "breached": True,
        },
        {"kind": "triage", "due_at": "2026-03-04T09:15:00Z", "met_at": None, "breached": True},
        {"kind": "leadership", "due_at": "2026-03-04T09:30:00Z", "met_at": None, "breached": False},
        {
            "kind": "containment",
            "due_at": "2026-03-04T11:00:00Z",
            "met_at": None,
            "breached": False,
        },
        # 72 h from 09:30, when the report said personal data was affected
        {"kind": "gdpr_72h", "due_at": "2026-03-07T09:30:00Z", "met_at": None, "breached": False},
    ]
    again = as_person(personas.auditor).get(f"{URL}INC-0001/").json()
    assert again == body


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"discovered_at": "2026-03-04T09:31:00Z"}, "discovered_at"),
        ({"type": "alien_invasion"}, "type"),
        ({"severity": "apocalyptic"}, "severity"),
        ({"system": "SYS-999"}, "system"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_reports_are_400_naming_the_field(as_person, personas, screener, change, field):
    response = as_person(personas.owner).post(URL, REPORT | change, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Incident.objects.exists()


def test_steps_and_updates(as_person, personas, screener):
    as_person(personas.owner).post(URL, REPORT | {"severity": "high"}, format="json")
    client = as_person(personas.responder)
    body = client.post(f"{URL}INC-0001/triage/", {"note": "Confirmed."}, format="json").json()
    assert body["status"] == "triaged"
    triage = next(c for c in body["clocks"] if c["kind"] == "triage")
    assert triage["met_at"] == "2026-03-04T09:30:00Z" and not triage["breached"]
    refused = client.patch(f"{URL}INC-0001/", {"severity": "low"}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    assert Incident.objects.get().severity == "high"
    raised = client.patch(f"{URL}INC-0001/", {"severity": "critical"}, format="json").json()
    containment = next(c for c in raised["clocks"] if c["kind"] == "containment")
    assert containment["due_at"] == "2026-03-04T11:00:00Z"
    facts = client.patch(f"{URL}INC-0001/", {"death": True}, format="json").json()
    # 10 days from 09:30, when the death became known
    assert {
        "kind": "ai_act_art73",
        "due_at": "2026-03-14T09:30:00Z",
        "met_at": None,
        "breached": False,
    } in facts["clocks"]
    closing = client.post(f"{URL}INC-0001/close/", {}, format="json")
    assert closing.status_code == 400 and "status" in closing.json()


def test_who_may_do_what(as_person, personas, screener):
    assert as_person(personas.auditor).post(URL, REPORT, format="json").status_code == 403
    assert as_person(personas.outsider).get(URL).status_code == 403
    as_person(personas.owner).post(URL, REPORT, format="json")
    client = as_person(personas.board)
    assert client.post(f"{URL}INC-0001/triage/", {}, format="json").status_code == 403
    assert client.patch(f"{URL}INC-0001/", {"death": True}, format="json").status_code == 403
    assert client.get(f"{URL}INC-0404/").status_code == 404
    # the system's incident contact works it
    contact = as_person(personas.security)
    assert contact.post(f"{URL}INC-0001/triage/", {}, format="json").status_code == 200


def test_the_list_filters_by_running_clock(as_person, personas, screener):
    client = as_person(personas.owner)
    client.post(URL, REPORT, format="json")
    client.post(URL, REPORT | {"eu_residents_affected": False, "severity": "low"}, format="json")
    rows = client.get(URL, {"clock": "gdpr_72h"}).json()["results"]
    assert [r["incident_id"] for r in rows] == ["INC-0001"]
    assert client.get(URL, {"severity": "low"}).json()["results"][0]["incident_id"] == "INC-0002"
    assert client.get(URL, {"clock": "nonsense"}).status_code == 400
    assert Deadline.objects.filter(kind="incidents.gdpr_72h").count() == 1


def test_the_list_exports_as_csv_with_a_formula_guard(personas, screener):
    from core.lists import csv_export
    from incidents.selectors import incident_list_for
    from tests.factories import IncidentFactory

    IncidentFactory(system=screener, title="=HYPERLINK(1)", incident_id="INC-0007")
    query = incident_list_for(personas.auditor, {"system": "sys-001"})
    response = csv_export(query, actor=personas.auditor)
    text = b"".join(response.streaming_content).decode()
    header, row = text.splitlines()[:2]
    assert header.startswith(
        "incident_id,severity,status,next_due_at,title,system,type,discovered_at,description,"
    )  # the page's order: what matters on a phone first
    assert row.startswith("INC-0007,high,reported,")
    assert ",'=HYPERLINK(1),SYS-001,privacy_violation," in row


def test_the_list_shows_each_incidents_clocks_in_the_same_queries_at_one_and_fifty(
    as_person, personas, screener
):
    """The clocks' subqueries find the incidents' content type once a query (an InitPlan,
    incidents.lists.incident.INCIDENT_TYPE): each row still lists its own clocks."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    as_person(personas.owner).post(URL, REPORT, format="json")
    with CaptureQueriesContext(connection) as one:
        body = as_person(personas.auditor).get(URL).json()
    assert body["count"] == 1 and len(body["results"][0]["clocks"]) == 5
    assert body["results"][0]["next_due_at"] == "2026-03-04T09:00:00Z"
    reporter = as_person(personas.owner)
    for _ in range(54):
        reporter.post(URL, REPORT | {"personal_data_exposed": False}, format="json")
    client = as_person(personas.auditor)
    with CaptureQueriesContext(connection) as fifty:
        body = client.get(URL).json()
    assert len(fifty) == len(one) and body["count"] == 55 and len(body["results"]) == 50
    assert [len(row["clocks"]) for row in body["results"]] == [4] * 50  # no GDPR clock
    gdpr = client.get(URL, {"clock": "gdpr_72h"}).json()
    assert [row["incident_id"] for row in gdpr["results"]] == ["INC-0001"]
