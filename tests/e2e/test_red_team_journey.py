"""Red teaming in the browser (issue 20's must-show): on the demo, the AI safety lead
opens an exercise of the hiring screener (SYS-001), imports a garak report.jsonl with
successful jailbreaks and confirms the preview; the register gains a risk linked to the
system and the exercise (its page says so), the screener's model card is flagged for a
new version (its page says so), and the board member who opens the next quarterly
review session finds both on its agenda: the risk in the agenda, and beside it the
red-team finding with its rates and the flagged card."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from assurance.models import CategoryResult
from cards.models import ModelCard
from core.models import User
from governance.services.demo.portfolio import DEMO_PASSWORD
from registry.models import AISystem
from tests.assurance import exercise_of
from tests.assurance.files import garak_report
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# 6 of 10 DAN jailbreaks got through the guardrails (60%: far above the high tier's 5%).
REPORT = garak_report({"dan.Dan_11_0": (4, 10), "encoding.InjectBase64": (20, 20)})


def test_a_garak_import_reaches_the_register_the_card_and_the_boards_agenda(
    page, browser, live_server, tmp_path
):
    call_command("load_demo", stdout=io.StringIO())
    base = live_server.url
    screener = AISystem.objects.get(system_id="SYS-001")
    exercise = exercise_of(
        User.objects.get(email="safety@example.com"),
        screener,
        title="Jailbreak sweep before release",
        status="running",
    )
    report = tmp_path / "garak.report.jsonl"
    report.write_bytes(REPORT)

    # The AI safety lead opens the exercise and imports the tool's file.
    log_in(page, base, "safety@example.com", DEMO_PASSWORD)
    page.goto(f"{base}/assurance/exercises/{exercise.exercise_id}/")
    assert exercise.exercise_id in page.locator("h1").inner_text()
    page.goto(f"{base}/assurance/exercises/{exercise.exercise_id}/import/")
    page.get_by_label("garak report.jsonl").check()
    page.get_by_label("Result file").set_input_files(str(report))
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("import-preview")
    assert "dan" in preview.inner_text() and "60.0%" in preview.inner_text()
    page.get_by_role("button", name="Import 2 categories").click()
    page.wait_for_url(f"{base}/assurance/exercises/{exercise.exercise_id}/")

    result = CategoryResult.objects.select_related("risk").get(exercise=exercise, category="dan")
    risk = result.risk
    assert risk is not None and (result.successes, result.attempts) == (6, 10)

    # The register gains the linked risk: the exercise's results link it, its page says so.
    page.get_by_test_id("results").get_by_role("link", name=risk.risk_id).click()
    page.wait_for_url(f"{base}/risks/{risk.risk_id}/")
    risk_page = page.locator("main").inner_text()
    assert exercise.exercise_id in risk_page and "SYS-001" in risk_page

    # The screener's model card is flagged for a new version with the finding.
    [card] = ModelCard.objects.filter(model__system=screener).select_related("model")
    page.goto(f"{base}/cards/{card.pk}/")
    banner = page.locator("#new-version-needed")
    assert "A new version of this card is needed" in banner.inner_text()
    assert exercise.exercise_id in banner.inner_text()

    # The board member opens the next quarterly review session: both are on its agenda.
    board = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB").new_page()
    log_in(board, base, "board@example.com", DEMO_PASSWORD)
    board.goto(f"{base}/board/sessions/new/")
    board.get_by_label("Title").fill("Q4 review after the jailbreak sweep")
    board.get_by_label("Quarterly review (everything due)").check()
    board.get_by_label("Held on").fill(timezone.localdate().isoformat())
    board.get_by_role("button", name="Open the session").click()
    board.wait_for_url(lambda url: "/board/sessions/new/" not in url)
    assert risk.risk_id in board.locator(f"#agenda-{risk.risk_id}").inner_text()
    panel = board.locator("#panel-assurance-session-red-team-panel")
    finding = panel.locator("#red-team-agenda")
    finding.wait_for()
    text = panel.inner_text()
    assert "Red-team findings on this agenda" in text
    assert risk.risk_id in text and exercise.exercise_id in text
    assert "60.0% (6 of 10)" in text
    assert card.model.name in text and "new version needed since" in text
