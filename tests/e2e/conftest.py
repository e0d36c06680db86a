"""Browser journeys in headless Chromium (Debian's /usr/bin/chromium via Playwright)."""

import contextlib
import os
import re
import shutil

import pytest

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str | None:
    """The browser to launch: CHROMIUM_PATH (default Debian's), else `chromium` on PATH."""
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


NO_BROWSER = (
    f"Browser tests skipped: no Chromium at {CHROMIUM}. Install it (`apt-get install chromium`"
    " on Debian) or set CHROMIUM_PATH, then run `make test` again."
)


def pytest_collection_modifyitems(config, items):
    """Without Chromium the browser journeys skip, said once at the end of the run rather
    than once per test; on CI a missing browser fails them instead (see `browser`)."""
    if _chromium() or os.environ.get("CI"):
        return
    skipped = [item for item in items if item.get_closest_marker("e2e")]
    for item in skipped:
        item.add_marker(pytest.mark.skip(reason="no Chromium (see the line at the end)"))
    config.stash[_SKIPPED_KEY] = len(skipped)


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(_SKIPPED_KEY, 0):
        terminalreporter.write_line(f"{config.stash[_SKIPPED_KEY]} {NO_BROWSER}")


_SKIPPED_KEY = pytest.StashKey[int]()


@pytest.fixture(scope="session")
def browser():
    if not _chromium():
        pytest.fail(
            f"CI must run the browser tests, but {CHROMIUM} is missing (.ci/run installs it)"
        )
    # live_server + Playwright's sync API run in one thread with an event loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _libraries(shipped_libraries):
    """Every journey runs on a live server against committed data: see shipped_libraries."""


@pytest.fixture
def page(browser):
    context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    from playwright.sync_api import Error as PlaywrightError

    yield page
    # Let what the last page loads lazily (htmx panels) finish first: a request still
    # running on the live server when the test's flush truncates the tables can
    # deadlock with it (CI saw it once, the system page having five panels).
    with contextlib.suppress(PlaywrightError):  # a page that never settles: not teardown's
        page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()


def log_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login page, as a person would."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def waiting_count(page) -> int:
    """The count beside "Waiting for me" in the bar, once htmx has loaded it (the
    placeholder is replaced by the badge, or by nothing when nothing waits)."""
    link = page.locator('nav.mainnav a[href="/waiting/"]')
    link.locator("span[hx-get]").wait_for(state="detached")
    badge = link.locator(".badge-count")
    if not badge.count():
        return 0
    return int(re.match(r"\d+", badge.text_content()).group())
