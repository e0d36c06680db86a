"""A product owner works the controls inline: a refused save answers in the control's row
with the page's layout intact, a saved one updates the count, a server error says so."""

import pytest

from registry.models import SystemControl
from tests.e2e.conftest import log_in
from tests.factories import classified_system, control_evidence

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_model_card(page, base_url: str, personas, *, with_evidence: bool = False):
    system = classified_system(personas)
    control = system.controls.select_related("control", "system").get(control__key="model-card")
    if with_evidence:  # "implemented" on a high system needs a current file
        control_evidence(personas.owner, control)
    log_in(page, base_url, personas.owner.email)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base_url}/systems/SYS-001/")
    row = page.locator(f"#control-row-{control.pk}")
    row.get_by_text("Edit").click()
    return control, row


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_not_applicable_without_justification_is_refused_in_the_row(
    page, live_server, personas, settings, debug
):
    # Under DEBUG, django-htmx's helper script used to replace the page with the 400.
    settings.DEBUG = debug
    control, row = open_model_card(page, live_server.url, personas)
    status_form = row.locator(f'form[action$="/controls/{control.pk}/"]')
    assert "(required if not applicable)" in status_form.inner_text()
    row.get_by_label("Status").select_option("not_applicable")
    row.get_by_role("button", name="Save Model card").click()

    row = page.locator(f"#control-row-{control.pk}")
    error = row.locator(f"#id_control-{control.pk}-justification_error")
    error.wait_for()
    assert "Say why this control does not apply." in error.inner_text()
    assert row.get_by_label("Status").input_value() == "not_applicable"
    # Still the whole page, styled: its heading, navigation and the table around the row.
    assert page.url == f"{live_server.url}/systems/SYS-001/"
    assert page.get_by_role("heading", name="Resume screener").is_visible()
    assert page.locator("header.topbar").is_visible()
    assert page.locator("#controls table tbody tr").count() == 11
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    SystemControl.objects.get(pk=control.pk, status="missing")


def test_a_saved_control_updates_the_count_without_a_reload(page, live_server, personas):
    control, row = open_model_card(page, live_server.url, personas, with_evidence=True)
    assert page.locator("#controls-summary").inner_text() == "0 of 11 implemented."
    row.get_by_label("Status").select_option("implemented")
    row.get_by_role("button", name="Save Model card").click()
    page.locator(f"#control-row-{control.pk} .saved").wait_for()
    assert page.locator("#controls-summary").inner_text() == "1 of 11 implemented."


def test_a_server_error_is_reported_in_place(page, live_server, personas):
    control, row = open_model_card(page, live_server.url, personas)
    page.route(f"**/controls/{control.pk}/", lambda route: route.fulfill(status=500, body="x"))
    row.get_by_label("Status").select_option("implemented")
    row.get_by_role("button", name="Save Model card").click()
    alert = row.locator(".htmx-error")
    alert.wait_for()
    assert "server error, 500" in alert.inner_text()
    assert page.get_by_role("heading", name="Resume screener").is_visible()
