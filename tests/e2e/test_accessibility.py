"""Every page of the portal so far passes axe-core's WCAG 2.0 and 2.1 A and AA rules,
on the demo portfolio, in headless Chromium (DESIGN.md section 4)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from governance.services.demo.portfolio import DEMO_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "owner@example.com": [
        "/waiting/",
        "/systems/portfolio/",
        "/systems/",
        "/systems/?tier=nonsense",  # the list with a filter error
        "/systems/SYS-001/",
        "/systems/SYS-001/edit/",
        "/systems/SYS-001/classify/",
        "/systems/SYS-001/ai-act/",
        "/systems/new/",
        "/packs/?system=SYS-001",
        "/inbox/",
        "/profile/",
    ],
    "auditor@example.com": [
        "/audit/",
        "/audit/?actor=not-an-email",
        "/packs/",
        "/packs/?status=nonsense",
    ],
    "safety@example.com": ["/systems/review/", "/systems/SYS-001/classify/"],
    "board@example.com": [
        "/board/",
        "/board/heat-maps/",
        "/board/sessions/",
        "/board/sessions/new/",
        "/board/sessions/new/?kind=nonsense",
    ],
    "admin@example.com": [
        "/systems/scoring-scheme/",
        "/systems/scoring-scheme/new/",
        "/incidents/sla/",
        "/incidents/metrics/",
    ],
    "dpo@example.com": [
        "/waiting/",
        "/incidents/",
        "/incidents/clocks/",
        "/incidents/INC-0001/",
        "/incidents/new/",
    ],
    "responder@example.com": ["/incidents/INC-0002/", "/incidents/INC-0004/"],
    "security@example.com": ["/vendors/", "/vendors/new/", "/vendors/assessments/new/"],
}


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: tags})).violations"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
        WCAG_AA,
    )
    return found


def vendor_pages() -> list[str]:
    """The demo's vendor page and a high-tier assessment awaiting the CISO (ids vary)."""
    from vendors.models import Assessment

    waiting = Assessment.objects.get(product__vendor__name="Lumen Weights", status="scored")
    return [f"/vendors/{waiting.product.vendor_id}/", f"/vendors/assessments/{waiting.pk}/"]


def test_pages_pass_axe_wcag_21_aa(browser, live_server, shipped_libraries):
    call_command("load_demo", stdout=io.StringIO())
    pages = {**PAGES, "ciso@example.com": vendor_pages()}
    found = {}
    # The test injects axe as an inline script: these pages let it past the portal's
    # Content-Security-Policy (tests/core/test_content_security_policy.py checks that).
    anonymous = browser.new_page(bypass_csp=True)
    anonymous.goto(f"{live_server.url}/accounts/login/")
    found["/accounts/login/"] = violations(anonymous)
    for email, paths in pages.items():
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        log_in(page, live_server.url, email, DEMO_PASSWORD)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            found[f"{email} {path}"] = violations(page)
        context.close()
    assert {path: problems for path, problems in found.items() if problems} == {}
    assert len(found) == 1 + sum(len(paths) for paths in pages.values())
