"""A browser journey per role (issue 17): sign in, land on "Waiting for me", reach the
one item waiting, act on it through the page, and see the count in the bar drop. The
data is arranged through the services before the person signs in; everything after is
clicks and forms in Chromium, and every check is what the person sees."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.models import PlaybookItem, SlaPolicy
from incidents.services.library import install_playbook, install_sla_policy
from incidents.services.meet import incident_clock_meet
from incidents.services.report import incident_report
from incidents.services.steps import incident_triage
from incidents.services.work import incident_lead_assign
from registry import services
from tests.e2e.conftest import log_in, waiting_count
from tests.factories import (
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    PDF_BYTES,
    VENDOR_ANSWERS_HIGH,
    AssessmentFactory,
    classified_system,
    gate_request_submitted,
    hiring_screener_in_development,
    people_ops_system,
)
from vendors.services.scoring import assessment_score

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTHING = "Nothing waits for you now."


def waiting(page) -> list[str]:
    """The titles on "Waiting for me", checked against the count in the bar."""
    titles = page.locator(".work-item .work-title").all_inner_texts()
    assert waiting_count(page) == len(titles)
    return titles


def land(page, base: str, person) -> list[str]:
    """Sign in: the person lands on "Waiting for me"; what waits there."""
    log_in(page, base, person.email)
    assert page.url == f"{base}/waiting/"
    return waiting(page)


def back_to_waiting(page) -> list[str]:
    """Back through the bar's link, as the person would go."""
    page.locator('nav.mainnav a[href="/waiting/"]').click()
    page.wait_for_url("**/waiting/")
    return waiting(page)


def approve_slot(page, *, role: str, label: str) -> None:
    """Approve in the person's slot of the gate request page, with a comment."""
    slot = page.locator(f"#slot-{role}")
    slot.get_by_label("Approve").check()
    slot.get_by_label("Comment").fill(f"{label}: read the artifacts; fine by me.")
    slot.get_by_role("button", name=f"Record my decision as {label}").click()
    page.locator("#gate-request .message-success").wait_for()
    assert "Approved" in page.locator(f"#slot-{role} h3").inner_text()


def screener_in_pre_deployment(personas):
    """SYS-001, classified high by the AI safety lead, waiting to go to production."""
    system = people_ops_system(personas, lifecycle_stage="pre_deployment")
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Screens."
    )
    system.refresh_from_db()
    return system


def test_the_ciso_approves_a_high_risk_vendor_use(page, live_server, personas):
    assessment = AssessmentFactory(assessor=personas.security, **VENDOR_ANSWERS_HIGH)
    assessment_score(actor=personas.security, assessment=assessment)
    title = f"{assessment.product}: assessment {assessment.pk}"

    assert land(page, live_server.url, personas.ciso) == [title]
    page.get_by_role("link", name=title).click()
    form = page.locator("section", has=page.get_by_role("heading", name="CISO approval"))
    form.get_by_label("Remediation plan").fill("Signed DPA and opt-out of training by Q1.")
    due = timezone.localdate() + timedelta(days=60)
    form.get_by_label("Remediation due on").fill(due.isoformat())
    form.get_by_role("button", name="Approve use").click()
    page.get_by_text("Approved for use on the remediation plan.").wait_for()

    assert back_to_waiting(page) == []
    assert page.get_by_text(NOTHING).is_visible()


def test_legal_approves_the_pre_deployment_security_review(page, live_server, personas):
    system = hiring_screener_in_development(personas)
    gate_request_submitted(personas.owner, system, summary="Rank API v5.")
    title = "SYS-001 Resume screener: Pre-deployment security review"

    assert land(page, live_server.url, personas.legal) == [title]
    assert "Your approval as Legal" in page.locator(".work-item").inner_text()
    page.get_by_role("link", name=title).click()
    approve_slot(page, role="legal", label="Legal")

    assert back_to_waiting(page) == []
    assert page.get_by_text(NOTHING).is_visible()


def test_the_engineering_manager_approves_the_production_deployment(page, live_server, personas):
    gate_request_submitted(personas.owner, screener_in_pre_deployment(personas))
    title = "SYS-001 Resume screener: Production deployment"

    assert land(page, live_server.url, personas.engmanager) == [title]
    assert "Your approval as Engineering manager" in page.locator(".work-item").inner_text()
    page.get_by_role("link", name=title).click()
    approve_slot(page, role="eng_manager", label="Engineering manager")

    assert back_to_waiting(page) == []
    assert page.get_by_text(NOTHING).is_visible()


def test_the_ai_safety_lead_confirms_a_proposed_classification(page, live_server, personas):
    system = people_ops_system(personas, lifecycle_stage="development")
    services.system_classify(
        actor=personas.owner, system=system, inputs=DOCUMENT_SUMMARIZER, rationale="Internal."
    )

    # The proposal also opens its 5-day clock, owned by the safety lead: listed beside it.
    assert "SYS-001 Resume screener" in land(page, live_server.url, personas.safety)
    page.get_by_role("link", name="SYS-001 Resume screener").click()
    page.get_by_role("link", name="Review the proposal").click()
    page.get_by_label("Confirm the proposal").check()
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_url("**/systems/SYS-001/")
    assert "Proposed, not yet in effect" not in page.locator("main").inner_text()

    assert back_to_waiting(page) == []
    assert page.get_by_text(NOTHING).is_visible()


def test_the_incident_lead_contains_the_incident(page, live_server, personas):
    install_sla_policy(SlaPolicy)  # a transactional test before may have flushed them
    install_playbook(PlaybookItem)
    incident = incident_report(
        actor=personas.owner,
        system=people_ops_system(personas),
        type="performance_regression",
        severity="low",
        discovered_at=timezone.now() - timedelta(hours=1),
        title="Scores drift",
        description="Scores drift after the retraining.",
    )
    responder = personas.responder
    incident_lead_assign(actor=responder, incident=incident, lead=responder)
    incident_clock_meet(actor=responder, incident=incident, kind="leadership")
    incident_triage(actor=responder, incident=incident, note="Retraining data at fault.")

    # Of the SLA clocks the lead owns, containment alone still runs.
    assert land(page, live_server.url, responder) == ["Containment of INC-0001"]
    assert "Contain it" in page.locator(".work-item").inner_text()
    page.get_by_role("link", name="Containment of INC-0001").click()
    step = page.locator("form", has=page.get_by_role("button", name="Mark contained"))
    step.get_by_label("Note").fill("Rolled back to the previous model.")
    step.get_by_role("button", name="Mark contained").click()
    page.get_by_role("heading", name="Status: Contained").wait_for()

    assert back_to_waiting(page) == []
    assert page.get_by_text(NOTHING).is_visible()


def edit_control(page, control, status: str) -> None:
    """Set a control's status in its row of the system page; the row says it is saved."""
    row = page.locator(f"#control-row-{control.pk}")
    row.get_by_text("Edit").click()
    row.get_by_label("Status").select_option(status)
    row.get_by_role("button", name=f"Save {control.control.name}").click()
    page.locator(f"#control-row-{control.pk} .saved").wait_for()


@pytest.mark.parametrize(
    ("who", "name"), [("security", "Security assessment"), ("dpo", "Privacy impact assessment")]
)
def test_the_raci_role_sets_its_control_with_evidence(
    page, live_server, personas, tmp_path, who, name
):
    system = classified_system(personas)  # high: the RACI's controls wait for their roles
    control = system.controls.select_related("control").get(control__name=name)
    title = f"SYS-001 Resume screener: {name}"

    assert land(page, live_server.url, getattr(personas, who)) == [title]
    page.get_by_role("link", name=title).click()
    report = tmp_path / f"{name}.pdf"
    report.write_bytes(PDF_BYTES)
    row = page.locator(f"#control-row-{control.pk}")
    row.get_by_text("Add evidence").click()
    row.get_by_label("Evidence file").set_input_files(str(report))
    row.get_by_role("button", name=f"Upload for {name}").click()
    page.locator(f"#control-row-{control.pk}").get_by_role("link", name=report.name).wait_for()
    edit_control(page, control, "implemented")

    assert back_to_waiting(page) == []
    assert page.get_by_text(NOTHING).is_visible()


def test_the_product_owner_takes_up_the_last_missing_control(page, live_server, personas):
    system = classified_system(personas, DOCUMENT_SUMMARIZER)  # low: three controls
    first, second, last = system.controls.select_related("control").order_by("control__name")
    for control in (first, second):
        services.control_update(actor=personas.owner, control=control, status="in_progress")
    title = "SYS-001 Resume screener: 1 required control missing"

    assert land(page, live_server.url, personas.owner) == [title]
    assert last.control.name in page.locator(".work-item").inner_text()
    page.get_by_role("link", name=title).click()
    edit_control(page, last, "in_progress")

    assert back_to_waiting(page) == []
    assert page.get_by_text(NOTHING).is_visible()
