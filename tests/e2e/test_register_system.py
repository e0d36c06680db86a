"""A product owner registers a system and proposes its classification; an AI safety lead
confirms it from the review queue, and the tier and its controls appear."""

import pytest
from playwright.sync_api import expect

from core.models import AuditEvent
from registry.models import AISystem
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_anonymous_visitor_sees_only_the_login_page(page, live_server):
    page.goto(f"{live_server.url}/systems/")
    assert "/accounts/login/" in page.url
    assert page.get_by_label("Password").is_visible()


def test_owner_proposes_a_safety_lead_confirms_and_the_tier_appears(
    page, browser, live_server, personas
):
    log_in(page, live_server.url, personas.owner.email)

    page.goto(f"{live_server.url}/systems/new/")
    page.get_by_label("System ID").fill("SYS-042")
    page.get_by_label("Name", exact=True).fill("Resume screener v2")
    page.get_by_label("Description").fill("Ranks applicants' CVs for recruiters.")
    page.get_by_label("Owner team").select_option(label="People Ops")
    page.get_by_role("button", name="Register system").click()
    page.wait_for_url(f"{live_server.url}/systems/SYS-042/")
    assert page.get_by_role("heading", name="Resume screener v2").is_visible()

    page.get_by_role("link", name="Propose a classification").first.click()
    preview = page.locator("[data-classify-preview]")
    for field, value in CHOICES.items():
        page.locator(f"input[name={field}][value={value}]").check()
    # Live, before saving: scored on the server by the rule that classifies.
    expect(preview).to_have_text("Score 13, tier High.")
    page.get_by_label("Rationale").fill("Screens job applicants; recruiters review the shortlist.")
    page.get_by_role("button", name="Propose classification").click()
    page.wait_for_url(f"{live_server.url}/systems/SYS-042/")
    assert page.get_by_text("Proposed, not yet in effect").is_visible()
    assert page.get_by_text("Not classified yet.").is_visible()
    system = AISystem.objects.get(system_id="SYS-042")
    assert (system.risk_tier, system.controls.count()) == ("", 0)

    reviewer = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB").new_page()
    log_in(reviewer, live_server.url, personas.safety.email)
    nav = reviewer.get_by_role("navigation", name="Main")
    nav.locator("summary", has_text="Systems").click()  # the area's menu opens
    queue = nav.get_by_role("link", name="Review queue")
    assert "1" in queue.inner_text()
    queue.click()
    reviewer.get_by_role("link", name="Review SYS-042").click()
    reviewer.get_by_label("Confirm the proposal").check()
    reviewer.get_by_role("button", name="Record decision").click()
    reviewer.wait_for_url(f"{live_server.url}/systems/SYS-042/")

    body = reviewer.locator("body").inner_text()
    assert "Classified: score 13, tier High." in body
    assert "confirmed by" in body
    system.refresh_from_db()
    assert (system.risk_score, system.risk_tier) == (13, "high")
    assert system.controls.filter(retired_at__isnull=True).count() == 11
    assert reviewer.get_by_text("Human escalation path").first.is_visible()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"system.created", "classification.proposed", "system.classified"} <= actions
    reviewer.context.close()


CHOICES = {
    "decision_impact": "employment",
    "human_oversight": "partial",
    "data_sensitivity": "sensitive",
    "user_vulnerability": "general_public",
    "deployment_scale": "thousands",
    "decision_reversibility": "difficult_to_reverse",
}
