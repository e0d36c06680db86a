"""A gate in the browser: the product owner opens a draft of the hiring screener's
pre-deployment security review, adds a file and submits it (confirming that the
approvers will be asked), the CISO and Legal approve it each in their own browser
context, the system advances, and the audit trail shows each step."""

import pytest

from core.models import Notification
from registry.models import AISystem, GateArtifact, GateRequest
from tests.e2e.conftest import log_in
from tests.factories import PDF_BYTES, gate_request_filled, hiring_screener_in_development

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def new_page(browser):
    context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def approve_as(browser, base: str, person, url: str, label: str) -> None:
    """One approver, in a browser context of their own, approves their slot."""
    context, page = new_page(browser)
    try:
        log_in(page, base, person.email)
        page.goto(url)
        slot = page.locator(f"#slot-{label.lower()}")
        slot.get_by_label("Approve").check()
        slot.get_by_label("Comment").fill(f"{label}: reviewed the report and the hashes.")
        slot.get_by_role("button", name=f"Record my decision as {label}").click()
        page.locator("#gate-request .message-success").wait_for()
        assert "Approved" in page.locator(f"#slot-{label.lower()} h3").inner_text()
    finally:
        context.close()


def test_owner_submits_with_a_file_ciso_and_legal_approve_and_the_system_advances(
    page, browser, live_server, personas, tmp_path
):
    hiring_screener_in_development(personas)
    base = live_server.url
    log_in(page, base, personas.owner.email)
    page.goto(f"{base}/systems/SYS-001/")
    page.get_by_role("link", name="Request Pre-deployment security review").click()
    page.get_by_label("Summary for the approvers").fill("Rank API v5 for the graduate programme.")
    page.get_by_role("button", name="Open a draft request").click()
    page.wait_for_url("**/gate-requests/*/")
    assert "Draft: not submitted" in page.locator("#gate-result").inner_text()
    request = GateRequest.objects.get()
    # Everything but the red team report, prepared through the services.
    gate_request_filled(request, personas.owner, skip=("red-team-report",))

    page.reload()
    assert "Artifact: Red team report" in page.locator("#gaps").inner_text()
    report = tmp_path / "red-team-report.pdf"
    report.write_bytes(PDF_BYTES)
    item = page.locator("#artifact-red-team-report")
    item.get_by_text("Add").click()
    item.get_by_label("File").set_input_files(str(report))
    item.get_by_role("button", name="Upload Red team report").click()
    page.locator("#gate-request .message-success").wait_for()
    artifact = GateArtifact.objects.get(request=request, requirement="red-team-report")
    assert artifact.sha256 in page.locator("#artifact-red-team-report").inner_text()
    assert page.locator("#gaps").count() == 1
    assert "Artifact:" not in page.locator("#gaps").inner_text()  # only approvals left
    assert not Notification.objects.filter(subject_id=str(request.pk)).exists()

    confirmations = []

    def confirm(dialog):
        confirmations.append(dialog.message)
        dialog.accept()

    page.once("dialog", confirm)
    page.get_by_role("button", name="Submit for approval").click()
    page.get_by_text("The request is submitted: the approvers are asked to decide.").wait_for()
    assert "approvers will be asked" in confirmations[0]
    assert "Signed off by submitting" in page.locator("#slot-product_owner").inner_text()
    told = Notification.objects.filter(subject_id=str(request.pk))
    assert sorted(told.values_list("recipient__email", flat=True)) == [
        personas.ciso.email,
        personas.legal.email,
    ]

    url = page.url
    approve_as(browser, base, personas.ciso, url, "CISO")
    assert AISystem.objects.get(system_id="SYS-001").lifecycle_stage == "development"
    approve_as(browser, base, personas.legal, url, "Legal")
    assert AISystem.objects.get(system_id="SYS-001").lifecycle_stage == "pre_deployment"

    page.reload()
    assert page.locator("#gate-result").inner_text() == "Approved"
    page.goto(f"{base}/systems/SYS-001/")
    current = page.locator('.stage-path [aria-current="step"]')
    assert "Pre-deployment" in current.inner_text()
    assert "Approved" in current.inner_text()

    context, auditor = new_page(browser)
    log_in(auditor, base, personas.auditor.email)
    auditor.goto(f"{base}/audit/?object_name=SYS-001")
    rows = [row.inner_text() for row in auditor.locator("main table tbody tr").all()]
    context.close()

    def step(action: str, who) -> bool:
        return any(action in row and who.display_name in row for row in rows)

    assert step("Opened a gate request", personas.owner)
    assert step("Added a gate artifact", personas.owner)
    assert step("Submitted a gate request for approval", personas.owner)
    assert step("Approved a gate request", personas.ciso)
    assert step("Approved a gate request", personas.legal)
    assert step("Gate passed: approved", personas.legal)
    assert step("Moved a system to its next stage", personas.legal)
