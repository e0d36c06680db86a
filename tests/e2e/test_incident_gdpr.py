"""The DPO opens a privacy incident and sees the 72-hour countdown, drafts and records
the regulator's notification, sees the clock met, and downloads the PDF whose text
(read with pypdf) holds every GDPR Art. 33 field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models import IncidentNotification, PlaybookItem, SlaPolicy
from incidents.rules.drafts import ART33_HEADINGS
from incidents.services.library import install_playbook, install_sla_policy
from incidents.services.report import incident_report
from tests.e2e.conftest import log_in
from tests.factories import AISystemFactory, organisation_profile
from tests.pdf_reading import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def breach(personas):
    install_sla_policy(SlaPolicy)  # a transactional test before may have flushed them
    install_playbook(PlaybookItem)
    system = AISystemFactory(
        system_id="SYS-001", name="Refund agent", owner_team=personas.customer_success
    )
    organisation_profile()  # the report names the organisation and its DPO
    discovered = timezone.now() - timedelta(hours=30)
    return incident_report(
        actor=personas.responder,
        system=system,
        type="privacy_violation",
        severity="high",
        discovered_at=discovered,
        title="Order details leaked",
        description="Other customers' addresses in answers.",
        affected_people_estimate=40,
        eu_residents_affected=True,
        personal_data_exposed=True,
        personal_data_aware_at=discovered,
        reason="The first report named the addresses.",
    )


def test_the_dpo_meets_the_gdpr_clock_and_downloads_the_report(
    page, live_server, personas, breach, tmp_path
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, personas.dpo.email)
    # The DPO lands on what waits for them: the clock they file against, first.
    page.wait_for_url("**/waiting/")
    page.get_by_role("link", name="GDPR 72 h notification for INC-0001").click()

    gdpr = page.locator('tr[data-clock="gdpr_72h"]')
    countdown = gdpr.locator("time.countdown")
    countdown.filter(has_text="left").wait_for()
    first = countdown.inner_text()
    assert first.startswith("1 d 1") and first.endswith("left")  # about 42 hours left
    page.wait_for_function(
        "t => document.querySelector('tr[data-clock=gdpr_72h] time.countdown').textContent != t",
        arg=first,
    )

    page.get_by_label("Audience").select_option("regulator")
    page.get_by_label("Regulatory report").select_option("gdpr_72h")
    page.get_by_role("button", name="Draft the notification").click()
    page.get_by_role("heading", name="Edit the draft").wait_for()
    assert "Nature of the personal data breach" in page.get_by_label("Text").input_value()
    page.get_by_label("Recipient").fill("Berlin data protection authority")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("The draft is saved.").wait_for()

    stale = page.context.new_page()  # the same draft, open in a second tab
    stale.goto(page.url)
    page.get_by_label("Reference").fill("BlnBDI-2026-0042")
    page.get_by_role("button", name="Mark as sent").click()
    page.get_by_text("Recorded as sent").wait_for()
    assert "BlnBDI-2026-0042" in page.get_by_test_id("sent").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = pdf_text(path.read_bytes())
    for heading in ART33_HEADINGS:
        assert heading in text
    assert "approximately 40" in text and "dpo@example.com" in text

    page.get_by_role("link", name="Back to INC-0001").click()
    gdpr = page.locator('tr[data-clock="gdpr_72h"]')
    assert "Met" in gdpr.inner_text() and personas.dpo.display_name in gdpr.inner_text()

    # The second tab marks it sent again: refused in place naming the field, nothing lost.
    stale.get_by_label("Reference").fill("OTHER-1")
    stale.get_by_role("button", name="Mark as sent").click()
    stale.get_by_text("Sent at: This notification was marked sent on").wait_for()
    notification = IncidentNotification.objects.get()
    assert (notification.reference, notification.sent_by_id) == (
        "BlnBDI-2026-0042",
        personas.dpo.pk,
    )
    assert errors == []
