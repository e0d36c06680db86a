"""The notices on the pages: the facts the notifications carry are filled in on the
incident page (prompted, refused naming the field, only by those who draft), a
regulator's report is marked sent without a reference, a missing profile item is named
on the page, and the PDF is PDF/A-3b under the organisation's name."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from incidents.models import Incident, IncidentNotification
from incidents.services.report import incident_report
from tests.factories import organisation_profile
from tests.pdf_reading import pdf_text, pdf_xmp

pytestmark = pytest.mark.django_db
NINE = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NINE + timedelta(hours=30), tick=False):
        yield


@pytest.fixture
def breach(personas, screener):
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


FACTS = {
    "affected_records_estimate": "900",
    "data_subject_categories": "job applicants",
    "personal_data_categories": "CVs",
    "likely_consequences": "Applicants must apply again.",
    "measures_taken": "Restored from backup.",
    "advice_to_people": "Resend your CV.",
    "causal_link": "",
}
GDPR_REPORT = {"audience": "regulator", "phase": "initial", "regime": "gdpr_72h"}


def test_the_dpo_fills_in_the_notice_facts_on_the_incident_page(client, personas, breach):
    client.force_login(personas.dpo)
    page = client.get("/incidents/INC-0001/").content.decode()
    assert "Facts for the notifications" in page
    assert "How many records (rows, files, messages) of personal data" in page  # the prompt
    response = client.post("/incidents/INC-0001/notice-facts/", FACTS)
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.affected_records_estimate, incident.measures_taken) == (
        900,
        "Restored from backup.",
    )


def test_a_negative_records_count_is_a_400_naming_the_field(client, personas, breach):
    client.force_login(personas.dpo)
    bad = FACTS | {"affected_records_estimate": "-3"}
    response = client.post("/incidents/INC-0001/notice-facts/", bad, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert 'id="id_affected_records_estimate_error"' in response.content.decode()
    assert Incident.objects.get().affected_records_estimate is None


def test_those_who_do_not_draft_cannot_set_the_notice_facts(client, personas, breach):
    client.force_login(personas.auditor)
    response = client.post("/incidents/INC-0001/notice-facts/", FACTS)
    assert response.status_code == 403
    assert Incident.objects.get().measures_taken == ""


def test_a_missing_profile_item_is_named_on_the_page_and_nothing_is_drafted(
    client, personas, breach
):
    organisation_profile(dpo_name="")
    client.force_login(personas.dpo)
    response = client.post("/incidents/INC-0001/notifications/", GDPR_REPORT)
    assert response.status_code == 400
    assert "The organisation profile lacks what this document needs: data protection officer." in (
        response.content.decode()
    )
    assert not IncidentNotification.objects.exists()


def test_the_regulators_pdf_is_pdfa_with_the_organisation_and_sent_without_reference(
    client, personas, breach
):
    organisation_profile()
    client.force_login(personas.dpo)
    client.post("/incidents/INC-0001/notice-facts/", FACTS)
    url = client.post("/incidents/INC-0001/notifications/", GDPR_REPORT).url
    sent = client.post(url + "send/", {"sent_at": "2026-03-05T14:00", "reference": ""})
    assert sent.status_code == 302
    assert IncidentNotification.objects.get().sent_at == datetime(2026, 3, 5, 13, 0, tzinfo=UTC)
    pdf = client.get(url + "pdf/").content
    meta = pdf_xmp(pdf)
    assert 'pdfaid:part="3"' in meta or "<pdfaid:part>3</pdfaid:part>" in meta
    assert 'pdfaid:conformance="B"' in meta or "<pdfaid:conformance>B" in meta
    text = " ".join(pdf_text(pdf).split())
    assert "Example Marketplace GmbH" in text and "Friedrichstraße 123" in text
    assert "approximately 900 records" in text and "Dana Privacy" in text
    assert "Sent 2026-03-05 14:00 CET (13:00 UTC)" in text
    assert "Our organisation" not in text


def test_a_late_report_carries_the_reasons_for_the_delay_in_the_draft_and_the_pdf(
    client, personas, breach
):
    organisation_profile()
    client.force_login(personas.dpo)
    with time_machine.travel(NINE + timedelta(hours=80), tick=False):
        url = client.post("/incidents/INC-0001/notifications/", GDPR_REPORT).url
        draft = IncidentNotification.objects.get()
        assert "Reasons for the delay\nThe 72 hours ended 2026-03-07 10:00 CET" in draft.body
        reasons = "The processor confirmed the loss only on day 3."
        sent = client.post(
            url + "send/",
            {"sent_at": "2026-03-07T14:00", "reference": "", "delay_reasons": reasons},
        )
        assert sent.status_code == 302
        text = " ".join(pdf_text(client.get(url + "pdf/").content).split())
    assert f"Reasons for the delay {reasons}" in text
