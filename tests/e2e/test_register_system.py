"""A product owner logs in, registers a system, classifies it and sees its tier and controls."""

import pytest

from core.models import AuditEvent
from registry.models import AISystem
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_anonymous_visitor_sees_only_the_login_page(page, live_server):
    page.goto(f"{live_server.url}/systems/")
    assert "/accounts/login/" in page.url
    assert page.get_by_label("Password").is_visible()


def test_product_owner_registers_and_classifies_a_system(page, live_server, personas):
    log_in(page, live_server.url, personas.owner.email)

    page.goto(f"{live_server.url}/systems/new/")
    page.get_by_label("System ID").fill("SYS-042")
    page.get_by_label("Name", exact=True).fill("Resume screener v2")
    page.get_by_label("Description").fill("Ranks applicants' CVs for recruiters.")
    page.get_by_label("Owner team").select_option(label="People Ops")
    page.get_by_role("button", name="Register system").click()
    page.wait_for_url(f"{live_server.url}/systems/SYS-042/")
    assert page.get_by_role("heading", name="Resume screener v2").is_visible()

    page.goto(f"{live_server.url}/systems/SYS-042/classify/")
    choices = {
        "decision_impact": "employment",
        "human_oversight": "partial",
        "data_sensitivity": "sensitive",
        "user_vulnerability": "general_public",
        "deployment_scale": "thousands",
        "decision_reversibility": "difficult_to_reverse",
    }
    for field, value in choices.items():
        page.locator(f"input[name={field}][value={value}]").check()
    page.get_by_label("Rationale").fill("Screens job applicants; recruiters review the shortlist.")
    page.get_by_role("button", name="Save classification").click()
    page.wait_for_url(f"{live_server.url}/systems/SYS-042/")

    body = page.locator("main").inner_text()
    assert "13" in body and "High" in body
    system = AISystem.objects.get(system_id="SYS-042")
    assert (system.risk_score, system.risk_tier) == (13, "high")
    assert system.controls.filter(retired_at__isnull=True).count() == 11
    assert page.get_by_text("Human escalation path").first.is_visible()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"auth.login", "system.created", "system.classified"} <= actions
