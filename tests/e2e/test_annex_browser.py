"""In the browser (Playwright, headless Chromium): Legal opens the hiring screener's EU
database registration and technical documentation pages at phone and desktop width
(axe-core WCAG 2.1 AA, no sideways scroll), records the registration number, renders
the Annex IV document with a real export worker and watches its progress turn into a
download link."""

from __future__ import annotations

import re

import pytest

from tests.compliance.annex_setup import approved_card, screener
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import AXE, AXE_RUN, WCAG_AA
from tests.factories import organisation_profile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}


@pytest.fixture
def screener_system(personas):
    organisation_profile()
    system = screener(personas)
    approved_card(system)
    return system


def problems(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_RUN, WCAG_AA)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return found + ([f"scrolls sideways by {overflow} px"] if overflow > 0 else [])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_annex_pages_pass_axe_at_phone_and_desktop_width(
    browser,
    live_server,
    personas,
    screener_system,
    width,
):
    context = browser.new_context(bypass_csp=True, viewport=WIDTHS[width])
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, "legal@example.com")
    found = {}
    for path in ("annex-viii/", "annex-iv/"):
        answer = page.goto(f"{live_server.url}/compliance/systems/SYS-001/{path}")
        found[path] = (answer.status, page.locator("h1").inner_text(), problems(page))
    context.close()
    assert found == {
        "annex-viii/": (200, "EU database registration: Resume screener", []),
        "annex-iv/": (200, "Technical documentation (Annex IV): Resume screener", []),
    }


def test_legal_records_the_number_and_renders_the_document(
    browser,
    live_server,
    personas,
    screener_system,
    pack_worker,
):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server.url, "legal@example.com")
    page.goto(f"{live_server.url}/compliance/systems/SYS-001/")
    page.get_by_role("link", name=re.compile(r"^EU database registration of")).click()
    assert page.get_by_text("3 items missing").is_visible()
    page.get_by_label("EU database registration number").fill("EU-HR-000123")
    page.get_by_role("button", name="Record the number").click()
    page.get_by_text("Registered as EU-HR-000123").wait_for()
    page.goto(f"{live_server.url}/compliance/systems/SYS-001/annex-iv/")
    page.get_by_role("button", name="Render the document now").click()
    page.get_by_role("link", name="Download PDF").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.startswith("SYS-001-annex-iv-ANNEX-IV-")
    context.close()
