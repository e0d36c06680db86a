"""An auditor follows a system to its audit trail and verifies the hash chain in the page."""

import pytest

from registry import services
from tests.e2e.conftest import log_in
from tests.factories import HIRING_SCREENER, AISystemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_auditor_reads_a_systems_trail_and_verifies_the_chain(page, live_server, personas):
    system = AISystemFactory(
        system_id="SYS-007", name="Credit scorer", owner_team=personas.people_ops
    )
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Scores credit."
    )
    log_in(page, live_server.url, personas.auditor.email)

    page.goto(f"{live_server.url}/systems/SYS-007/")
    assert page.get_by_role("link", name="Edit details").count() == 0  # reads, never writes
    page.get_by_role("link", name="Audit trail of SYS-007").click()
    page.wait_for_url("**/audit/?object_name=SYS-007")
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 1
    assert "Classified a system" in rows.first.inner_text()  # the action in words
    rows.first.get_by_role("link", name="SYS-007 Credit scorer").click()  # to the object
    page.wait_for_url("**/systems/SYS-007/")
    page.go_back()

    page.get_by_role("button", name="Verify chain").click()  # htmx swaps the report in
    report = page.locator("#chain-report")
    report.get_by_text("chain intact").wait_for()
    assert "events verified" in report.inner_text()
