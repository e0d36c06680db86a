"""Notifications through the API (/api/v1/incidents/<id>/notifications/), the same
services as the pages: the DPO sets the notice facts, drafts the GDPR report, edits it
and marks it sent without a reference (finding: 'Reference' optional on the form but
required by the service); refusals name the field; others get 403."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.models import Deadline
from incidents.models import IncidentNotification
from incidents.services.report import incident_report
from tests.factories import organisation_profile

pytestmark = pytest.mark.django_db
NINE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
BASE = "/api/v1/incidents/INC-0001/notifications/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NINE + timedelta(hours=30), tick=False):
        yield


@pytest.fixture
def breach(personas, screener):
    organisation_profile()
    return incident_report(
        actor=personas.owner,
        system=screener,
        type="privacy_violation",
        severity="high",
        discovered_at=NINE,
        description="Candidate CVs lost.",
        affected_people_estimate=300,
        eu_residents_affected=True,
        personal_data_exposed=True,
        breach_nature=["loss"],
        personal_data_aware_at=NINE,
        reason="Known at discovery.",
    )


def test_the_dpo_drafts_and_sends_the_gdpr_report_without_a_reference(api_client, personas, breach):
    api_client.force_authenticate(personas.dpo)
    facts = api_client.patch(
        BASE + "facts/",
        {"affected_records_estimate": 900, "likely_consequences": "Apply again."},
        format="json",
    )
    assert facts.status_code == 200, facts.json()
    assert facts.json()["affected_records_estimate"] == 900
    made = api_client.post(BASE, {"audience": "regulator", "regime": "gdpr_72h"}, format="json")
    assert made.status_code == 201, made.json()
    draft = made.json()
    assert "approximately 900 records" in draft["body"] and "Apply again." in draft["body"]
    url = f"{BASE}{draft['id']}/"
    edited = api_client.patch(
        url,
        {
            "subject": "Breach INC-0001",
            "body": draft["body"] + "x",
            "recipient": draft["recipient"],
        },
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["subject"] == "Breach INC-0001"
    sent = api_client.post(url + "send/", {"sent_at": "2026-03-05T13:00:00Z"}, format="json")
    assert sent.status_code == 200, sent.json()
    assert (sent.json()["reference"], sent.json()["sent_by"]) == ("", "dpo@example.com")
    assert Deadline.objects.get(kind="incidents.gdpr_72h").met_at is not None
    assert [n["id"] for n in api_client.get(BASE).json()] == [draft["id"]]


def test_a_draft_needing_a_missing_profile_item_is_a_400_naming_it(api_client, personas, breach):
    organisation_profile(dpo_email="")
    api_client.force_authenticate(personas.dpo)
    response = api_client.post(BASE, {"audience": "regulator", "regime": "gdpr_72h"}, format="json")
    assert response.status_code == 400
    assert "data protection officer's e-mail" in str(response.json()["organisation"])
    assert not IncidentNotification.objects.exists()


def test_bad_input_is_a_400_naming_the_field(api_client, personas, breach):
    api_client.force_authenticate(personas.dpo)
    bad = api_client.patch(BASE + "facts/", {"affected_records_estimate": -1}, format="json")
    assert bad.status_code == 400 and "affected_records_estimate" in bad.json()
    unknown = api_client.post(BASE, {"audience": "press"}, format="json")
    assert unknown.status_code == 400 and "audience" in unknown.json()


def test_an_auditor_reads_but_cannot_draft_edit_send_or_set_facts(api_client, personas, breach):
    api_client.force_authenticate(personas.dpo)
    draft = api_client.post(
        BASE, {"audience": "regulator", "regime": "gdpr_72h"}, format="json"
    ).json()
    api_client.force_authenticate(personas.auditor)
    assert api_client.get(f"{BASE}{draft['id']}/").status_code == 200
    url = f"{BASE}{draft['id']}/"
    assert api_client.post(BASE, {"audience": "leadership"}, format="json").status_code == 403
    assert api_client.patch(url, {"subject": "x", "body": "y"}, format="json").status_code == 403
    sent = api_client.post(url + "send/", {"sent_at": "2026-03-05T13:00:00Z"}, format="json")
    assert sent.status_code == 403
    facts = api_client.patch(BASE + "facts/", {"measures_taken": "x"}, format="json")
    assert facts.status_code == 403
    assert IncidentNotification.objects.get().sent_at is None
