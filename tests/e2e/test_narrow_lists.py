"""At 390 px a list never scrolls the page sideways: its table scrolls inside its box, the
columns that matter come first, and its filter bar folds away until opened; at 1366 px
the filters are open and a crowded list shows every column."""

import io

import pytest
from django.core.management import call_command

from governance.services.demo.portfolio import DEMO_PASSWORD
from tests.e2e.conftest import log_in
from tests.factories import AISystemFactory, classified_system

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_lists_fit_a_phone_and_fold_their_filters(page, live_server, personas):
    for n in range(1, 8):
        AISystemFactory(
            system_id=f"SYS-00{n}",
            name=f"A rather long system name number {n}",
            owner_team=personas.people_ops,
            ai_act_category="prohibited" if n == 1 else "minimal",
        )
    log_in(page, live_server.url, personas.auditor.email)
    page.set_viewport_size(PHONE)
    for path in ("/systems/", "/systems/portfolio/", "/audit/"):
        page.goto(f"{live_server.url}{path}")
        assert sideways_overflow(page) <= 0, path
    page.goto(f"{live_server.url}/systems/")
    search = page.get_by_label("Search")
    assert not search.is_visible()  # folded away
    page.get_by_text("Filters", exact=True).click()
    search.fill("number 3")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/systems/?*q=number+3*")
    assert page.locator("main table tbody tr").count() == 1
    assert sideways_overflow(page) <= 0

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/systems/")
    assert page.get_by_label("Search").is_visible()  # open on a wide screen


def test_a_system_page_with_its_controls_fits_a_phone(
    page, live_server, personas, shipped_libraries
):
    system = classified_system(personas)
    system.incident_contact = "people-ops-ai-incident-oncall-rotation@example.com"
    system.model_version = "talentsift-rank-api-2025-06-prompt-set-v4-with-long-suffix"
    system.save(update_fields=["incident_contact", "model_version"])
    log_in(page, live_server.url, personas.owner.email)  # the owner sees the edit column too
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/systems/SYS-001/")
    assert page.locator("#controls tbody tr").count() == 11
    assert sideways_overflow(page) <= 0


def headings_in_view(page, region: str) -> list[str]:
    """The column headings of the table box named `region` that show whole, without
    scrolling it sideways."""
    return page.locator(f'.table-wrap[role=region][aria-label="{region}"]').evaluate(
        """box => { const edge = box.getBoundingClientRect().right + 1;
          return [...box.querySelectorAll('thead th')]
            .filter(th => th.getBoundingClientRect().right <= edge)
            .map(th => th.innerText.replace(/[↕▲▼]/g, '').replace(/\\s+/g, ' ').trim()); }"""
    )


def test_a_phone_shows_the_columns_that_matter_first(page, live_server):
    """At 390 px on the demo: the register shows the risk, its residual level and its
    owner; the DPO's deadlines say when each is due; an incident's clocks their time
    left. At 1366 px the register and the breach register show every column."""
    call_command("load_demo", stdout=io.StringIO())
    log_in(page, live_server.url, "board@example.com", DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/risks/")
    assert headings_in_view(page, "Risk register") == ["Risk ID", "Title", "Residual", "Owner"]
    page.set_viewport_size(DESKTOP)
    for path, region, columns in (
        ("/risks/", "Risk register", 11),
        ("/incidents/breaches/", "Breach register", 9),
    ):
        page.goto(f"{live_server.url}{path}")
        assert len(headings_in_view(page, region)) == columns, path

    page.context.clear_cookies()
    log_in(page, live_server.url, "dpo@example.com", DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/deadlines/")
    assert headings_in_view(page, "My deadlines")[:2] == ["What", "Due"]
    assert "Risk review" in page.locator("main table").inner_text()  # a kind's name, not its key
    page.goto(f"{live_server.url}/incidents/INC-0001/")
    assert headings_in_view(page, "Clocks")[:2] == ["Clock", "Time left"]
    assert sideways_overflow(page) <= 0


@pytest.mark.parametrize(
    ("path", "region", "first"),
    (
        ("/systems/", "AI systems", ["System ID", "Name", "Tier", "Score"]),
        ("/incidents/", "Incidents", ["ID", "Severity", "Status"]),
        ("/incidents/breaches/", "Breach register", ["Incident", "Title", "Status"]),
        ("/gate-requests/", "Gate requests", ["Request", "System", "Status", "Waiting"]),
    ),
)
def test_the_other_lists_show_their_key_columns_on_a_phone(page, live_server, path, region, first):
    """At 390 px on the demo the inventory shows each system's tier and score; the
    incidents their severity, status and next clock; the breach register where each
    breach stands and whether it was notified; the gate requests their status and wait."""
    call_command("load_demo", stdout=io.StringIO())
    log_in(page, live_server.url, "dpo@example.com", DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{path}")
    shown = headings_in_view(page, region)
    assert shown[: len(first)] == first, shown
    if path == "/incidents/":  # the next clock due starts in view, its countdown wrapping
        heading = page.get_by_role("columnheader", name="Next clock due")
        assert heading.bounding_box()["x"] < PHONE["width"] - 40
    if path == "/incidents/breaches/":
        assert "Notified to the authority" in shown, shown
    assert page.locator(".table-hint").is_visible()  # the rest scrolls sideways
    assert sideways_overflow(page) <= 0
