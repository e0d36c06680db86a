"""An AI safety lead records a review of a system; its next review date appears on the
system page, and the owner finds that review on My deadlines."""

import pytest

from core.models import Deadline
from tests.e2e.conftest import log_in
from tests.factories import classified_system

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_recorded_review_sets_the_next_one_and_the_owner_sees_it(
    browser, page, live_server, personas
):
    classified_system(personas)  # high: reviewed every 12 months
    first_due = Deadline.objects.get(kind="registry.system_review").due_at
    log_in(page, live_server.url, personas.safety.email)
    page.goto(f"{live_server.url}/systems/SYS-001/")
    reviews = page.locator("#reviews")
    assert "No reviews recorded yet." in reviews.inner_text()
    reviews.get_by_label("What the review found").fill("Shortlists sampled; no drift found.")
    reviews.get_by_role("button", name="Record review").click()

    page.get_by_text("Review recorded.").wait_for()
    reviews = page.locator("#reviews")
    assert "Shortlists sampled; no drift found." in reviews.locator("table").inner_text()
    next_due = Deadline.objects.get(kind="registry.system_review", met_at=None).due_at
    assert next_due > first_due
    assert f"{next_due.year}" in reviews.locator("#next-review").inner_text()

    owner = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB").new_page()
    log_in(owner, live_server.url, personas.owner.email)
    owner.get_by_role("link", name="My deadlines").click()
    table = owner.get_by_role("table", name="My deadlines")
    assert "Review of SYS-001 (High)" in table.inner_text()
    assert str(next_due.year) in table.inner_text()
    owner.context.close()
