"""A product owner attaches a file to a control in its row, then sets it implemented;
and gives a checklist item its evidence, all without leaving the system page."""

import re

import pytest

from registry.models import ChecklistEvidence, ControlEvidence, SystemControl
from tests.e2e.conftest import log_in
from tests.factories import PDF_BYTES, classified_system

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_file_in_the_row_lets_the_control_be_implemented(page, live_server, personas, tmp_path):
    system = classified_system(personas)
    control = system.controls.get(control__key="model-card")
    report = tmp_path / "Model card v1.pdf"
    report.write_bytes(PDF_BYTES)
    log_in(page, live_server.url, personas.owner.email)
    page.goto(f"{live_server.url}/systems/SYS-001/")
    row = page.locator(f"#control-row-{control.pk}")

    row.get_by_text("Add evidence").click()
    row.get_by_label("Evidence file").set_input_files(str(report))
    row.get_by_role("button", name="Upload for Model card").click()
    row = page.locator(f"#control-row-{control.pk}")
    row.get_by_role("link", name="Model card v1.pdf").wait_for()
    assert ControlEvidence.objects.filter(control=control).count() == 1

    row.get_by_text("Edit").click()
    row.get_by_label("Status").select_option("implemented")
    row.get_by_role("button", name="Save Model card").click()
    page.locator(f"#control-row-{control.pk} .saved").wait_for()
    assert SystemControl.objects.get(pk=control.pk).status == "implemented"


def test_a_refused_file_says_why_in_the_checklist(page, live_server, personas, tmp_path):
    classified_system(personas)
    page_file = tmp_path / "notes.html"
    page_file.write_text("<html><script>alert(1)</script></html>")
    log_in(page, live_server.url, personas.owner.email)
    page.goto(f"{live_server.url}/systems/SYS-001/")
    item = page.locator("#checklist-audit-log-schema-tested")
    item.get_by_text("Upload").first.click()
    item.get_by_label("Evidence file").set_input_files(str(page_file))
    item.get_by_role("button", name="Upload for Audit log schema tested").click()
    alert = page.locator("#checklist-audit-log-schema-tested .field-invalid")
    alert.wait_for()
    assert "HTML and SVG files can run script" in alert.inner_text()
    assert not ChecklistEvidence.objects.exists()


def test_a_file_far_over_the_limit_is_refused_in_its_form(
    page, live_server, personas, settings, tmp_path
):
    settings.EVIDENCE_MAX_BYTES = 1024
    system = classified_system(personas)
    control = system.controls.get(control__key="model-card")
    big = tmp_path / "big.pdf"
    big.write_bytes(PDF_BYTES + b"x" * 200_000)
    log_in(page, live_server.url, personas.owner.email)
    page.goto(f"{live_server.url}/systems/SYS-001/")
    row = page.locator(f"#control-row-{control.pk}")
    row.get_by_text("Add evidence").click()
    row.get_by_label("Evidence file").set_input_files(str(big))
    row.get_by_role("button", name="Upload for Model card").click()
    alert = row.locator("form.evidence-upload .htmx-error")
    alert.wait_for()
    # The body's declared length: the file and the form around it.
    assert re.search(r"The file is 19\d(\.\d)? KB; the limit is 1 KB\.", alert.inner_text())
    assert row.get_by_role("heading").count() == 0  # still the row, not a page
    assert row.locator("th").inner_text() == "Model card"
    assert not ControlEvidence.objects.exists()
