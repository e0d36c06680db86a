"""The walk under the portal's Content-Security-Policy: every page of the walk, as each
demo login (and the anonymous pages), at 1366 and at 390 px, every <details> opened
(what opening them loads arrives too), refuses nothing and logs no error.

The accessibility walk (test_accessibility.py) injects axe, so its browser bypasses the
policy and would never see a refused inline script or style; this walk keeps the policy
as a person's browser gets it. A refusal is caught by the browser's own
`securitypolicyviolation` event and named by its directive ("style-src-attr", ...).
"""

import io

import pytest
from django.core.management import call_command

from governance.services.demo.portfolio import DEMO_PASSWORD
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import ANONYMOUS, OPEN_EVERYTHING, PAGES, WIDTHS, demo_ids
from tests.factories import classified_system

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HTMX = "/static/django_htmx/htmx-2.min.js"  # what swaps a panel in

# Runs in every document before the page's own scripts: the browser reports each refusal
# as an event on the document (the report to /csp-report/ goes to the server's log).
RECORD_REFUSALS = """
window.__refused = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : '';
  window.__refused.push(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'}${where}`);
});
"""


def watched_context(browser, viewport: dict):
    """A browser context under the policy (no bypass) that records its page's refusals,
    console errors and uncaught exceptions in `page.errors`."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(RECORD_REFUSALS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.errors, page.in_flight = [], set()
    page.on("console", lambda m: m.type == "error" and page.errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.errors.append(f"script error: {e}"))
    page.on("request", lambda r: page.in_flight.add(r))
    page.on("requestfinished", lambda r: page.in_flight.discard(r))
    page.on("requestfailed", lambda r: page.in_flight.discard(r))
    return context, page


def settle(page, quiet_ms: int = 150, limit_ms: int = 10_000) -> None:
    """Wait until no request of the page has been in flight for `quiet_ms` (what htmx
    loads included): Playwright's networkidle waits 500 ms a page, which doubles the walk."""
    quiet = waited = 0
    while quiet < quiet_ms and waited < limit_ms:
        page.wait_for_timeout(50)
        waited += 50
        quiet = quiet + 50 if not page.in_flight else 0


def refusals_and_errors(page, url: str) -> list[str]:
    """What the policy refused on the page at `url`, and the errors it logged, with every
    <details> open and what that loaded arrived."""
    page.errors.clear()
    response = page.goto(url)
    page.evaluate(OPEN_EVERYTHING)
    settle(page)
    found = page.evaluate("window.__refused")
    errors = page.errors
    if response is not None and 400 <= response.status < 500:
        # A form's errors answer 400: the browser logs the status, which is no fault.
        errors = [e for e in errors if "Failed to load resource" not in e]
    return found + errors


def test_no_page_of_the_walk_breaks_the_content_security_policy(browser, live_server):
    call_command("load_demo", stdout=io.StringIO())
    ids = demo_ids()
    walk = [(None, ANONYMOUS), *PAGES.items()]
    found, views = [], 0
    for width, viewport in WIDTHS.items():
        for email, paths in walk:
            context, page = watched_context(browser, viewport)
            if email:
                log_in(page, live_server.url, email, DEMO_PASSWORD)
            for path in paths:
                problems = refusals_and_errors(page, live_server.url + path.format(**ids))
                found += [f"{email or 'anonymous'} {width} {path}: {p}" for p in problems]
                views += 1
            context.close()
    assert not found, "\n".join(found)
    assert views == 2 * (len(ANONYMOUS) + sum(len(paths) for paths in PAGES.values()))


# An inline script, a style attribute and a <style> element: what a template might write.
INLINE = (
    '<script>document.title = "changed";</script>'
    '<p style="color: red">red</p><style>p { color: blue; }</style></body>'
)


def test_the_walk_names_the_page_and_the_directive_of_a_refusal(browser, live_server, personas):
    """A page of the portal, served with its own policy header but with inline code added,
    is reported: the check above can fail."""
    context, page = watched_context(browser, WIDTHS["phone"])
    log_in(page, live_server.url, personas.dpo.email)

    def add_inline(route):
        response = route.fetch()
        body = response.text().replace("</body>", INLINE, 1)
        route.fulfill(response=response, body=body)

    page.route("**/waiting/", add_inline)
    found = refusals_and_errors(page, f"{live_server.url}/waiting/")
    refused = [problem for problem in found if " refused " in problem]
    assert {problem.split(" ")[0] for problem in refused} == {
        "script-src-elem",
        "style-src-attr",
        "style-src-elem",
    }, found
    assert all(f" at {live_server.url}/waiting/:" in problem for problem in refused)
    logged = [p for p in found if p.startswith("console") and "Content Security Policy" in p]
    assert len(logged) == 3  # the browser's console says the same, once a refusal
    assert page.title() != "changed"  # refused, not run
    page.unroute("**/waiting/")
    assert refusals_and_errors(page, f"{live_server.url}/waiting/") == []  # as served
    context.close()


def test_a_refusal_in_what_htmx_loads_after_the_page_is_caught_too(browser, live_server, personas):
    """The system page's risks panel arrives by htmx after the page has loaded: the walk
    waits for it, so a style attribute in it is reported."""
    classified_system(personas)
    context, page = watched_context(browser, WIDTHS["desktop"])
    log_in(page, live_server.url, personas.owner.email)

    def add_style(route):
        response = route.fetch()
        route.fulfill(response=response, body=f'<p style="color: red">late</p>{response.text()}')

    page.route("**/risks/of-system/**", add_style)
    found = refusals_and_errors(page, f"{live_server.url}/systems/SYS-001/")
    assert page.get_by_text("late", exact=True).count() == 1  # the panel arrived
    refused = [p for p in found if " refused " in p]
    assert refused == [f"style-src-attr refused inline at {live_server.url}{HTMX}:1"], found
    context.close()
