"""The pages set the moments of awareness too (issue 15, section 1): the report form
and the incident's facts form take them in the viewer's zone; the DPO records the
"unlikely to result in a risk" decision on the incident page, where it stays shown."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.models import AuditEvent, Deadline
from incidents.models import Incident
from incidents.services.report import incident_report

pytestmark = pytest.mark.django_db
DEC_1 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
DEC_3 = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
REPORT = {
    "system": "SYS-001",
    "type": "privacy_violation",
    "severity": "high",
    "discovered_at": "2026-12-01T10:00",
    "title": "",
    "description": "Backups lost.",
    "affected_people_estimate": "40",
    "eu_residents_affected": "on",
    "personal_data_exposed": "on",
    "breach_nature": ["loss"],
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(DEC_3, tick=False) as traveller:
        yield traveller


def gdpr_due() -> datetime:
    return Deadline.objects.get(kind="incidents.gdpr_72h", cancelled_at__isnull=True).due_at


def test_report_form_takes_an_earlier_awareness_with_reason__aware_2_dec_1000_berlin__due_5_dec(
    client, personas, screener
):
    """Input: the report form on 3 Dec with personal data learned 2 Dec 10:00 Berlin,
    first without a reason, then with one. Expected: 400 naming the reason; then GDPR
    due 5 Dec 09:00 UTC and the nature 'Lost' shown. Main gave: no such fields."""
    client.force_login(personas.responder)
    form = REPORT | {"personal_data_aware_at": "2026-12-02T10:00"}
    refused = client.post("/incidents/new/", form)
    assert refused.status_code == 400
    assert "Say why the moment of awareness is earlier than now." in refused.content.decode()
    assert not Incident.objects.exists()
    done = client.post("/incidents/new/", form | {"awareness_reason": "The backup alert."})
    assert done.status_code == 302
    assert gdpr_due() == datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    page = client.get("/incidents/INC-0001/").content.decode()
    assert "Personal data affected</dt><dd>Yes: Lost" in page
    assert "2026-12-02 10:00" in page.split('data-testid="personal-data-aware"')[1][:300]


def test_facts_form_sets_personal_data_awareness_on_day_3__gdpr_due_72h_from_then(
    client, personas, screener
):
    """Input: an incident discovered 1 Dec without personal data; on 3 Dec the facts form
    records personal data of EU residents lost (moment left blank), then is sent again
    as shown. Expected: GDPR due 6 Dec 09:00 UTC, who set it shown, no correction on the
    second save. Main gave: due 4 Dec 09:00 (from discovery), breached on day 4."""
    with time_machine.travel(DEC_1 + timedelta(minutes=5), tick=False):
        incident_report(
            actor=personas.responder,
            system=screener,
            type="privacy_violation",
            severity="high",
            discovered_at=DEC_1,
            description="Backups failing.",
        )
    client.force_login(personas.dpo)
    facts = {
        "affected_people_estimate": "40",
        "eu_residents_affected": "on",
        "personal_data_exposed": "on",
        "breach_nature": ["loss"],
    }
    assert client.post("/incidents/INC-0001/facts/", facts).status_code == 302
    assert gdpr_due() == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    page = client.get("/incidents/INC-0001/").content.decode()
    shown = page.split('data-testid="personal-data-aware"')[1][:400]
    assert "2026-12-03 10:00" in shown and personas.dpo.display_name in shown
    again = facts | {"personal_data_aware_at": "2026-12-03T10:00"}
    assert client.post("/incidents/INC-0001/facts/", again).status_code == 302
    assert not AuditEvent.objects.filter(action="incident.awareness_corrected").exists()
    assert gdpr_due() == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def test_dpo_records_unlikely_risk_on_the_page__banner_with_reasons(client, personas, screener):
    """Input: the DPO's form 'unlikely to result in a risk' with reasons. Expected: the
    GDPR clock closed, the decision and reasons shown on the incident page; a responder
    is refused (403) and sees no form. Main gave: no such form."""
    incident_report(
        actor=personas.responder,
        system=screener,
        type="privacy_violation",
        severity="high",
        discovered_at=DEC_3 - timedelta(hours=1),
        description="A laptop was stolen.",
        eu_residents_affected=True,
        personal_data_exposed=True,
        breach_nature=["loss"],
    )
    client.force_login(personas.responder)
    assert (
        "Decide: unlikely to result in a risk"
        not in client.get("/incidents/INC-0001/").content.decode()
    )
    reasons = "The disk was encrypted; the key was not on the laptop."
    url = "/incidents/INC-0001/gdpr-no-risk/"
    assert client.post(url, {"reasons": reasons}).status_code == 403
    client.force_login(personas.dpo)
    assert (
        "Decide: unlikely to result in a risk"
        in client.get("/incidents/INC-0001/").content.decode()
    )
    assert client.post(url, {"reasons": ""}).status_code == 400
    assert client.post(url, {"reasons": reasons}).status_code == 302
    banner = client.get("/incidents/INC-0001/").content.decode()
    shown = banner.split('data-testid="gdpr-no-risk"')[1].split("</p>")[0]
    assert "unlikely to result in a risk to people" in shown and reasons in shown
    assert not Deadline.objects.filter(kind="incidents.gdpr_72h", cancelled_at__isnull=True)
