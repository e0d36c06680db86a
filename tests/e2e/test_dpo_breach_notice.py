"""Issue 15's must-show journey, in the browser: the DPO reports an incident without
personal data; two days later learns that personal data was lost, records it with the
moment of awareness, sees the GDPR clock run 72 hours from that moment (not from the
discovery), fills in the facts the notice carries, drafts the Art. 33 report with every
item of Art. 33(3), and downloads it as a PDF with the organisation's name (read back
with pypdf). And the notification's text wraps at 390 and 1366 px (found 1646 and 737 px
too wide)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from incidents.models import Incident, PlaybookItem, SlaPolicy
from incidents.rules.drafts import ART33_HEADINGS
from incidents.services.library import install_playbook, install_sla_policy
from incidents.services.notifications import notification_draft, notification_mark_sent
from incidents.services.report import incident_report
from tests.e2e.conftest import log_in
from tests.factories import AISystemFactory, organisation_profile
from tests.pdf_reading import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def setting(personas):
    install_sla_policy(SlaPolicy)  # a transactional test before may have flushed them
    install_playbook(PlaybookItem)
    organisation_profile()
    personas.dpo.time_zone = "Europe/Berlin"
    personas.dpo.save()
    return AISystemFactory(
        system_id="SYS-001", name="Order assistant", owner_team=personas.customer_success
    )


def _berlin(at: datetime) -> datetime:
    from zoneinfo import ZoneInfo

    return at.astimezone(ZoneInfo("Europe/Berlin"))


def test_the_dpo_learns_of_lost_data_two_days_on_and_files_the_art33_report(
    page, live_server, personas, setting, tmp_path
):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, personas.dpo.email)
    now = timezone.now().replace(second=0, microsecond=0)
    discovered = now - timedelta(days=2, minutes=30)

    # Two days ago: reported without personal data.
    with time_machine.travel(now - timedelta(days=2), tick=True):
        page.goto(f"{live_server.url}/incidents/new/")
        page.get_by_label("AI system").select_option("SYS-001")
        page.get_by_label("Type").select_option("availability")
        page.get_by_label("Severity").select_option("medium")
        page.get_by_label("Discovered at").fill(_berlin(discovered).strftime(LOCAL))
        page.get_by_label("What happened").fill("The order history service failed over.")
        page.get_by_role("button", name="Report the incident").click()
        page.wait_for_url(f"{live_server.url}/incidents/INC-0001/")
    assert page.locator('tr[data-clock="gdpr_72h"]').count() == 0

    # Today: the backup with customers' order records turns out to be lost.
    aware = now - timedelta(hours=1)
    page.reload()
    page.get_by_text("Edit the facts", exact=True).click()
    page.get_by_label("People affected (estimate)").fill("1800")
    page.get_by_label("EU residents are affected").check()
    page.get_by_label("Personal data was affected (destroyed").check()
    page.get_by_label("Lost", exact=True).check()
    page.get_by_label("Aware that personal data was affected").fill(_berlin(aware).strftime(LOCAL))
    page.get_by_label("Why a moment of awareness is earlier than now").fill(
        "The hosting provider told us at the morning call that the backup was lost."
    )
    page.get_by_role("button", name="Save the facts", exact=True).click()
    gdpr = page.locator('tr[data-clock="gdpr_72h"]')
    gdpr.wait_for()
    due = (aware + timedelta(hours=72)).astimezone(UTC)
    assert gdpr.locator("time").first.get_attribute("datetime") == due.isoformat()
    countdown = gdpr.locator("time.countdown")
    countdown.filter(has_text="left").wait_for()
    assert countdown.inner_text().startswith("2 d 2")  # about 71 hours left, not 23
    incident = Incident.objects.get()
    assert incident.personal_data_aware_at == aware

    # The facts the report carries, then the draft.
    page.get_by_text("Facts for the notifications", exact=True).click()
    page.get_by_label("Personal data records affected (estimate)").fill("5400")
    page.get_by_label("Categories of people affected").fill("customers")
    page.get_by_label("Categories of personal data").fill("names, delivery addresses, orders")
    page.get_by_label("Likely consequences").fill("Customers cannot see past orders.")
    page.get_by_label("Measures taken or proposed").fill("Restoring from the weekly backup.")
    page.get_by_role("button", name="Save the facts for the notifications").click()
    page.get_by_text("The facts for the notifications are saved.").wait_for()

    page.get_by_label("Audience").select_option("regulator")
    page.get_by_label("Regulatory report").select_option("gdpr_72h")
    page.get_by_role("button", name="Draft the notification").click()
    page.get_by_role("heading", name="Edit the draft").wait_for()
    text = page.get_by_label("Text").input_value()
    for item in (
        *ART33_HEADINGS,
        "What happened to the personal data: lost.",
        "approximately 5,400 records",
        "Categories of people: customers",
        "Dana Privacy, e-mail dpo@example.com",
        "Customers cannot see past orders.",
        "Restoring from the weekly backup.",
    ):
        assert item in text, item
    assert page.get_by_label("Recipient").input_value().startswith("Berliner Beauftragte")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    path = tmp_path / "art33.pdf"
    download.value.save_as(path)
    pdf = " ".join(pdf_text(path.read_bytes()).split())
    assert "Example Marketplace GmbH" in pdf
    for heading in ART33_HEADINGS:
        assert heading in pdf
    assert "approximately 5,400 records" in pdf and "Our organisation" not in pdf
    assert errors == []


LONG_LINE = "https://status.example.com/incidents/" + "order-history-failover-" * 20


@pytest.mark.parametrize("width", [390, 1366])
def test_the_sent_text_wraps_within_the_page(page, live_server, personas, setting, width):
    incident = incident_report(
        actor=personas.dpo,
        system=setting,
        type="privacy_violation",
        severity="high",
        discovered_at=timezone.now() - timedelta(hours=1),
        personal_data_exposed=True,
        eu_residents_affected=True,
        description=f"Orders visible to others; details at {LONG_LINE}",
    )
    draft = notification_draft(
        actor=personas.dpo,
        incident=incident,
        audience="regulator",
        phase="initial",
        regime="gdpr_72h",
    )
    notification_mark_sent(
        actor=personas.dpo, notification=draft, sent_at=timezone.now(), reference=""
    )
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, personas.dpo.email)
    page.goto(f"{live_server.url}/incidents/INC-0001/notifications/{draft.pk}/")
    page.get_by_test_id("sent").wait_for()
    too_wide = page.evaluate(
        "() => [document.documentElement.scrollWidth - window.innerWidth,"
        " document.querySelector('main pre').scrollWidth"
        " - document.querySelector('main pre').clientWidth]"
    )
    assert too_wide[0] <= 0 and too_wide[1] <= 0, f"{too_wide} px too wide at {width} px"
