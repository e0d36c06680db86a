"""Phone widths on the demo portfolio: the pages people fill in on a phone never scroll
sideways (390 px, and 320 px for the narrowest phones), the DPO's clocks page shows when
each clock is due and the time left without scrolling, and a wide list says that it
scrolls sideways. Countdowns say their state in words, not in colour alone."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from governance.services.demo.portfolio import DEMO_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COUNTDOWN_JS = Path(__file__).parents[2] / "static" / "js" / "countdown.js"
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def sideways(page, base: str, paths: list[str], width: int) -> dict[str, int]:
    """How far each page scrolls sideways at `width` px (0: not at all)."""
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        found[path] = max(page.evaluate(OVERFLOW), 0)
    return found


def test_forms_and_the_system_page_fit_the_narrowest_phones(page, live_server):
    from governance.services.sessions import session_open
    from registry.models import GateRequest

    call_command("load_demo", stdout=io.StringIO())
    request = GateRequest.objects.get(system__system_id="SYS-001")
    log_in(page, live_server.url, "owner@example.com", DEMO_PASSWORD)
    at_320 = [
        "/systems/SYS-001/",
        "/systems/SYS-001/classify/",
        "/systems/SYS-001/gate-requests/new/",
        f"/systems/SYS-001/gate-requests/{request.pk}/",
        "/incidents/new/",
    ]
    assert sideways(page, live_server.url, at_320, 320) == dict.fromkeys(at_320, 0)

    from core.models import User

    board = User.objects.get(email="board@example.com")
    session = session_open(actor=board, title="Q4", kind="quarterly", held_on=date.today())
    page.context.clear_cookies()
    log_in(page, live_server.url, board.email, DEMO_PASSWORD)
    at_390 = ["/board/sessions/new/", f"/board/sessions/{session.pk}/"]
    assert sideways(page, live_server.url, at_390, 390) == dict.fromkeys(at_390, 0)


def test_a_phone_shows_the_clocks_due_and_time_left_and_says_a_list_scrolls(page, live_server):
    call_command("load_demo", stdout=io.StringIO())
    log_in(page, live_server.url, "dpo@example.com", DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/incidents/clocks/")
    table = page.get_by_role("region", name="Regulatory clocks")
    assert table.locator("tbody tr").count() >= 1
    for heading in ("Due", "Time left"):
        box = table.get_by_role("columnheader", name=heading, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, heading
    countdown = table.locator("tbody tr").first.locator("time.countdown")
    countdown.filter(has_text="left").or_(countdown.filter(has_text="overdue")).wait_for()
    assert countdown.bounding_box()["x"] + countdown.bounding_box()["width"] <= 390

    page.goto(f"{live_server.url}/risks/")
    hint = page.get_by_text("scroll the table sideways")
    columns = page.locator("main table thead th").count()
    assert hint.is_visible() and hint.inner_text().startswith(f"{columns} columns")
    page.set_viewport_size({"width": 1366, "height": 900})
    assert not hint.is_visible()  # the whole table shows on a wide screen


COUNTDOWNS = """
<time class="countdown" datetime="{due}" data-warn-at="{warn}" data-risk-at="{risk}">due</time>
"""


@pytest.mark.parametrize(
    ("hours_left", "words"),
    [(30, ""), (10, ", due soon"), (2, ", at risk"), (-1, "")],
)
def test_a_countdown_says_its_state_in_words(page, hours_left, words):
    """Due in `hours_left` hours, warned 12 h before and at risk 4 h before."""
    page.set_content("<p></p>")
    due = page.evaluate(f"new Date(Date.now() + {hours_left} * 3600e3).toISOString()")
    warn = page.evaluate(f"new Date(Date.now() + {hours_left - 12} * 3600e3).toISOString()")
    risk = page.evaluate(f"new Date(Date.now() + {hours_left - 4} * 3600e3).toISOString()")
    page.set_content(COUNTDOWNS.format(due=due, warn=warn, risk=risk))
    page.add_script_tag(path=str(COUNTDOWN_JS))
    page.locator("time.countdown").filter(has_text="left").or_(
        page.locator("time.countdown").filter(has_text="overdue")
    ).wait_for()
    assert page.locator(".countdown-state").text_content() == words
    text = page.locator("time.countdown").text_content()
    assert text.startswith("overdue by") if hours_left < 0 else text.endswith("left")
