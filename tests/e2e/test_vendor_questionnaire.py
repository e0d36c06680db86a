"""An assessor sends the vendor questionnaire; the vendor's contact answers it through
the link in a fresh browser with no login (an upload keeps what they typed); the
assessor reviews it, corrects an answer with a note, and the score and recommendation
appear."""

import pytest

from tests.e2e.conftest import log_in
from tests.factories import PDF_BYTES, AssessmentFactory, VendorProductFactory
from vendors.models import Assessment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YES = (
    "SOC 2 Type 2 certified",
    "ISO 27001 certified",
    "Penetration tested",
    "Bug bounty programme",
    "We can opt out of training",
    "Fallback provider available",
    "Data processing agreement (DPA) signed",
    "EU data residency",
    "Audit rights",
)


def test_send_answer_through_the_link_review_and_score(
    browser, page, live_server, personas, settings, tmp_path
):
    settings.PORTAL_BASE_URL = live_server.url  # the e-mailed link points at this server
    product = VendorProductFactory(name="Screener API", vendor__name="Acme AI")
    assessment = AssessmentFactory(product=product, assessor=personas.security)
    log_in(page, live_server.url, personas.security.email)
    page.goto(f"{live_server.url}/vendors/assessments/{assessment.pk}/questionnaire/")
    page.get_by_label("Vendor contact's e-mail").fill("security@acme.example")
    page.get_by_role("button", name="Send the questionnaire").click()
    link = page.get_by_label("Questionnaire link").input_value()
    assert "/q/" in link

    contact = browser.new_context(locale="en-GB")  # no cookies, no login
    vendor = contact.new_page()
    vendor.set_default_timeout(15_000)
    vendor.goto(link)
    assert "Acme AI Screener API" in vendor.locator("h1").inner_text()
    # Answers typed, never saved, then a document uploaded: the answers stay.
    vendor.get_by_label("Access type").select_option("api")
    vendor.get_by_role("textbox", name="Data sent to you").fill("Candidate CVs")
    vendor.get_by_label("Use case").fill("Screening applications")
    vendor.get_by_label("Data retention (days)").fill("30")
    soc2 = tmp_path / "soc2.pdf"
    soc2.write_bytes(PDF_BYTES)
    vendor.get_by_label("Document").select_option("soc2_report")
    vendor.get_by_label("File").set_input_files(str(soc2))
    vendor.get_by_label("Valid until").fill("2070-06-30")
    vendor.get_by_role("button", name="Upload document").click()
    vendor.get_by_text("SOC 2 report: soc2.pdf").wait_for()
    assert vendor.get_by_label("Use case").input_value() == "Screening applications"
    assert vendor.get_by_label("Data retention (days)").input_value() == "30"
    assert vendor.get_by_label("Access type").input_value() == "api"
    # The documents are listed before the confirmation and "Submit answers".
    listed = vendor.get_by_text("SOC 2 report: soc2.pdf").bounding_box()
    submit = vendor.get_by_role("button", name="Submit answers").bounding_box()
    assert listed["y"] < submit["y"]

    vendor.get_by_label("SLA uptime (%)").fill("99.9")
    vendor.get_by_label("Liability cap").fill("12 months of fees")
    vendor.get_by_role("button", name="Save draft").click()
    vendor.get_by_text("Your answers are saved").wait_for()
    for label in YES:
        vendor.get_by_label(label, exact=False).first.select_option("yes")
    vendor.get_by_label("I confirm these answers are accurate").check()
    vendor.get_by_role("button", name="Submit answers").click()
    vendor.get_by_text("Thank you").wait_for()
    contact.close()
    assert Assessment.objects.get(pk=assessment.pk).status == "answered"

    page.goto(f"{live_server.url}/vendors/assessments/{assessment.pk}/review/")
    assert "Screening applications" in page.content()
    page.get_by_label("Correct: Data retention (days)").fill("60")
    page.get_by_label("Why: Data retention (days)").fill("The DPA says 60 days")
    page.get_by_label("Correct: Audit rights").select_option("no")
    page.get_by_label("Why: Audit rights").fill("Not in the contract")
    page.get_by_role("button", name="Accept and score").click()
    page.locator(".review-result").wait_for()
    assert page.locator(".risk-score").inner_text() == "3 points"
    assert page.locator(".risk-tier").inner_text() == "Low"
    assert page.locator(".recommendation").inner_text() == "Approved: monitor annually"
