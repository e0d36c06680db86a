"""Every page of the walk passes axe-core's WCAG 2.0 and 2.1 A and AA rules, as each demo
login, at 1366 and at 390 px, with every collapsed section opened (a closed <details>
hides what is inside it from axe), in headless Chromium (DESIGN.md section 4). Each page
also keeps its element ids unique (a label names its control by id) and, at 390 px,
never scrolls sideways.

PAGES is the walk: the pages each demo login opens. Every link of any login's bar and
user menu must be a page of the walk, so a page added to a menu is checked here too.
"""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from governance.services.demo.portfolio import DEMO_PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

# Pages every signed-in person reaches from the user menu, and the "Systems" menu every
# role has: walked as three logins that see them differently (a team's owner, the
# auditor who reads everything, the administrator); every login walks its own
# "Waiting for me" and the pages of its role.
EVERYONE = ["/inbox/", "/profile/", "/deadlines/", "/organisation/"]
SYSTEMS = [
    "/systems/portfolio/",
    "/systems/",
    "/gate-requests/",
    "/vendors/",
    "/risks/",
    "/cards/",
    "/datasets/",
    "/assurance/",
]
# {name} stands for an id of the demo data (demo_ids).
PAGES = {
    "owner@example.com": [
        "/waiting/",
        *EVERYONE,
        *SYSTEMS,
        "/systems/?tier=nonsense",  # a list with a filter error
        "/systems/SYS-001/",
        "/systems/SYS-001/edit/",
        "/systems/SYS-001/classify/",
        "/systems/SYS-001/ai-act/",
        "/systems/SYS-001/gate-requests/new/",
        "/systems/{gate_request}",
        "/systems/new/",
        "/cards/new/?system=SYS-001",
        "/cards/of-system/SYS-001/",
        "/datasets/new/",
        "/packs/?system=SYS-001",
        "/accounts/2fa/",
        "/accounts/password/change/",
        "/assurance/monitoring/",
        "/assurance/monitoring/SYS-001/",  # the owner's plan form
        "/assurance/monitoring/SYS-001/report/2026-12/",
        "/assurance/logs/",
        "/assurance/logs/SYS-001/",  # the demo's digests with a missing day
        "/assurance/logs/SYS-001/verify/",
        "/assurance/systems/SYS-001/tokens/",
    ],
    "auditor@example.com": [
        "/waiting/",
        *EVERYONE,
        *SYSTEMS,
        "/audit/",
        "/audit/?actor=not-an-email",
        "/packs/",
        "/packs/?status=nonsense",
        "/packs/{pack}/",
        "/packs/verify/",
        "/board/sessions/",
        "/incidents/breaches/",
    ],
    "admin@example.com": [
        "/waiting/",
        *EVERYONE,
        *SYSTEMS,
        "/systems/scoring-scheme/",
        "/systems/scoring-scheme/new/",
        "/systems/review-cadence/",
        "/compliance/frameworks/{framework}/",  # with the reviewer role form
        "/gates/",
        "/gates/{gate}/edit/",
        "/incidents/",
        "/incidents/sla/",
        "/incidents/metrics/",
        "/incidents/leadership-report/",
        "/deadlines/portfolio/",
    ],
    "board@example.com": [
        "/board/",
        "/waiting/",
        "/board/heat-maps/",
        "/board/sessions/",
        "/board/sessions/new/",
        "/board/sessions/new/?kind=nonsense",
        "/board/sessions/{session}/",
        "/assurance/systems/SYS-007/red-team/",  # both rates over the demo's exercise
        "/assurance/systems/SYS-001/red-team/",  # both rates over the screener's exercises
        "/risks/",
        "/risks/RISK-001/",
        "/risks/RISK-001/edit/",
        "/risks/new/",
        "/risks/import/",
        "/deadlines/portfolio/",
        "/compliance/",
        "/compliance/?tier=nonsense",
        "/compliance/frameworks/",
    ],
    "dpo@example.com": [
        "/waiting/",
        "/incidents/",
        "/incidents/clocks/",
        "/incidents/breaches/",
        "/incidents/INC-0001/",
        "/incidents/{notification}",
        "/incidents/new/",
        "/deadlines/",
        "/datasets/{dataset}/versions/2/",  # a draft datasheet, with its approve button
    ],
    "legal@example.com": ["/waiting/", "/incidents/clocks/"],
    "responder@example.com": [
        "/waiting/",
        "/incidents/",
        "/incidents/INC-0002/",
        "/incidents/INC-0004/",
    ],
    "security@example.com": [
        "/waiting/",
        "/vendors/",
        "/vendors/new/",
        "/vendors/assessments/new/",
        "/vendors/{vendor}/",
        "/vendors/assessments/{draft}/edit/",
        "/vendors/assessments/{draft}/questionnaire/",
    ],
    "ciso@example.com": [
        "/waiting/",
        "/systems/review/",
        "/vendors/{vendor}/",
        "/vendors/assessments/{assessment}/",
    ],
    "safety@example.com": [
        "/waiting/",
        "/systems/review/",
        "/systems/SYS-001/classify/",
        "/cards/{screener_card}/",
        "/cards/{screener_card}/versions/3/",
        "/cards/{screener_card}/diff/?from=2&to=3",
        "/assurance/exercises/RT-001/import/",  # the demo's exercise: the upload form
    ],
    "owner2@example.com": [
        "/waiting/",
        "/cards/{intent_card}/",
        "/cards/{intent_card}/versions/1/",
        "/cards/{intent_card}/versions/1/edit/changelog/",
        "/cards/{intent_card}/versions/1/edit/identity/",
        "/cards/{intent_card}/versions/1/edit/performance/",
        "/datasets/{dataset}/",
        "/datasets/{dataset}/versions/1/",
        "/datasets/{dataset}/versions/2/edit/",
    ],
    "engmanager@example.com": ["/waiting/", "/gate-requests/"],
}
ANONYMOUS = ["/accounts/login/", "/accounts/password/reset/", "/q/{token}/"]
# Links of the bar and the user menu that lead out of the portal's own pages.
NOT_WALKED = {"/", "/admin/"}


def demo_ids() -> dict[str, str]:
    """The ids the walk's pages name: the demo's, and a review session, a draft vendor
    assessment and its questionnaire link, and a draft datasheet version 2 made for the walk
    (the demo has none)."""
    from cards.models import Dataset, ModelCard
    from cards.services.datasets import datasheet_version_draft_start
    from compliance.models import Framework
    from core.models import User
    from governance.models import AuditPack
    from governance.services.sessions import session_open
    from incidents.models import IncidentNotification
    from registry.models import GateDefinition, GateRequest
    from tests.factories import AssessmentFactory
    from vendors.models import Assessment, VendorProduct
    from vendors.services.questionnaire import questionnaire_send

    board = User.objects.get(email="board@example.com")
    security = User.objects.get(email="security@example.com")
    session = session_open(
        actor=board, title="Quarterly review", kind="quarterly", held_on=date.today()
    )
    waiting = Assessment.objects.get(product__vendor__name="Lumen Weights", status="scored")
    product = VendorProduct.objects.exclude(assessments__status="draft").first()
    draft = AssessmentFactory(product=product, assessor=security)
    _, token = questionnaire_send(actor=security, assessment=draft, contact_email="v@example.org")
    draft.refresh_from_db()
    request = GateRequest.objects.select_related("system").get(system__system_id="SYS-001")
    notification = IncidentNotification.objects.select_related("incident").first()
    cards = dict(ModelCard.objects.values_list("model__key", "pk"))
    dataset = Dataset.objects.select_related("owner_team").order_by("key").first()
    datasheet_version_draft_start(
        actor=User.objects.get(email="owner2@example.com"), dataset=dataset
    )
    return {
        "screener_card": str(cards["resume-ranker"]),
        "intent_card": str(cards["billing-intent"]),
        "dataset": dataset.key,
        "session": str(session.pk),
        "pack": str(AuditPack.objects.get().pk),
        "gate": GateDefinition.objects.order_by("slug").first().slug,
        "gate_request": f"{request.system.system_id}/gate-requests/{request.pk}/",
        "notification": f"{notification.incident.incident_id}/notifications/{notification.pk}/",
        "vendor": str(waiting.product.vendor_id),
        "assessment": str(waiting.pk),
        "draft": str(draft.pk),
        "token": token,
        "framework": str(Framework.objects.get(key="eu-ai-act", is_current=True).pk),
    }


OPEN_EVERYTHING = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
DUPLICATE_IDS = """() => {
  const seen = {};
  document.querySelectorAll('[id]').forEach(e => { seen[e.id] = (seen[e.id] || 0) + 1; });
  return Object.keys(seen).filter(id => seen[id] > 1);
}"""
AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: tags})).violations
  .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""


def problems_of(page, url: str, width: int) -> list[str]:
    """What axe, the ids and the width find wrong with the page at `url`, every <details>
    open (and what opening them loaded, htmx panels alike, arrived)."""
    response = page.goto(url)
    if response is None or response.status >= 500 or response.status in (403, 404):
        return [f"answered {response.status if response else 'nothing'}"]  # 400: a form's errors
    page.evaluate(OPEN_EVERYTHING)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_RUN, WCAG_AA)
    found += [f"id used more than once: {id_}" for id_ in page.evaluate(DUPLICATE_IDS)]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0 and width < 1000:
        found.append(f"scrolls sideways by {overflow} px")
    return found


def menu_links(page) -> set[str]:
    """Where the bar and the user menu lead (paths, no query or fragment)."""
    hrefs = page.eval_on_selector_all("header a[href]", "links => links.map(a => a.pathname)")
    return set(hrefs) - NOT_WALKED


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_the_walk_passes_axe_wcag_21_aa(browser, live_server, width):
    call_command("load_demo", stdout=io.StringIO())
    ids = demo_ids()
    viewport = WIDTHS[width]
    found, linked = {}, set()
    # The test injects axe as a script of its own: these contexts let it past the
    # portal's Content-Security-Policy (tests/core/test_content_security_policy.py).
    context = browser.new_context(bypass_csp=True, viewport=viewport)
    page = context.new_page()
    for path in ANONYMOUS:
        url = live_server.url + path.format(**ids)
        found[f"anonymous {path}"] = problems_of(page, url, viewport["width"])
    context.close()
    for email, paths in PAGES.items():
        context = browser.new_context(bypass_csp=True, viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server.url, email, DEMO_PASSWORD)
        linked |= menu_links(page)
        for path in paths:
            url = live_server.url + path.format(**ids)
            found[f"{email} {path}"] = problems_of(page, url, viewport["width"])
        context.close()
    bad = [f"{where}: {problem}" for where, problems in found.items() for problem in problems]
    assert not bad, "\n".join(bad)
    assert linked - {path.split("?")[0] for paths in PAGES.values() for path in paths} == set()
    assert len(found) == len(ANONYMOUS) + sum(len(paths) for paths in PAGES.values())
