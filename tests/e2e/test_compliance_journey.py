"""Compliance in the browser (issue 19's must-show): on the demo, Legal opens the hiring
screener's compliance page, accepts its approved model card as Art. 11 evidence (the
card itself, its performance results, its known limitations), Art. 11 becomes met and
the EU AI Act percentage moves by one requirement; the board member's matrix shows the
new percentage in the screener's EU AI Act cell."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from compliance.models import Requirement
from compliance.rules.status import percentage
from compliance.selectors.coverage import coverage_for, systems_with_facts
from governance.services.demo.portfolio import DEMO_PASSWORD
from registry.models import AISystem
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CARD_ITEMS = (
    "Approved model or system card",
    "Performance benchmark results",
    "Known limitations and failure modes",
)


def act_coverage():
    screener = list(systems_with_facts(AISystem.objects.filter(system_id="SYS-001")))
    frameworks = coverage_for(screener, timezone.localdate())[screener[0].pk]
    return next(fc for fc in frameworks if fc.framework.key == "eu-ai-act")


def test_legal_accepts_the_card_for_art_11_and_the_boards_matrix_shows_it(
    page, browser, live_server
):
    call_command("load_demo", stdout=io.StringIO())
    before = act_coverage()
    art11 = Requirement.objects.get(framework=before.framework, ref_id="Art. 11")
    base = live_server.url

    log_in(page, base, "legal@example.com", DEMO_PASSWORD)
    page.goto(f"{base}/compliance/systems/SYS-001/")
    summary = page.locator("#framework-eu-ai-act .percentage")
    assert f"{before.percentage}% met" in summary.inner_text()
    requirement = page.locator(f"#req-{art11.pk}")
    assert "Partial" in requirement.inner_text()

    for label in CARD_ITEMS:
        accept = requirement.get_by_role("button", name=re.compile(f"^Accept .* as {label}$"))
        accept.click()
        page.wait_for_load_state("networkidle")
        requirement.get_by_role("button", name=re.compile(f"^Accept .* as {label}$")).wait_for(
            state="detached"
        )

    after = percentage(before.met + 1, before.applicable)
    assert after != before.percentage
    assert "Met" in requirement.locator(".badge").first.inner_text()
    assert f"{after}% met" in page.locator("#framework-eu-ai-act .percentage").inner_text()

    board = browser.new_context(locale="en-GB").new_page()
    log_in(board, base, "board@example.com", DEMO_PASSWORD)
    board.goto(f"{base}/compliance/?q=SYS-001")
    row = board.locator("tr", has=board.get_by_role("link", name="SYS-001", exact=True))
    cell = row.locator('a.matrix-cell[href$="#framework-eu-ai-act"]')
    assert cell.inner_text().strip() == f"{after}%"
