"""The questionnaire's pages: the public /q/<token>/ pages (no login, one questionnaire
only, closed links accept nothing, bad input refused without losing answers) and the
assessor's send and review pages."""

import logging
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import (
    PDF_BYTES,
    VENDOR_ANSWERS_ALL_GOOD,
    AssessmentFactory,
    VendorProductFactory,
    evidence_upload,
)
from vendors.models import AssessmentEvidence, QuestionnaireLink
from vendors.services.questionnaire import questionnaire_revoke, questionnaire_send

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
SCRIPT = "<script>alert('x')</script>"


def _page_answers(**changes):
    shown = {True: "yes", False: "no"}
    answers = {
        k: shown[v] if isinstance(v, bool) else str(v) for k, v in VENDOR_ANSWERS_ALL_GOOD.items()
    }
    return {**answers, **changes}


def _send(personas, product_name="Hiring LLM", vendor_name="Acme AI"):
    product = VendorProductFactory(name=product_name, vendor__name=vendor_name)
    assessment = AssessmentFactory(product=product, assessor=personas.security)
    return questionnaire_send(
        actor=personas.security, assessment=assessment, contact_email="sec@acme.example"
    )


def _url(token):
    return reverse("questionnaire:form", kwargs={"token": token})


@pytest.fixture
def vendor():
    """A browser with no login, checking CSRF like a real one."""
    return Client(enforce_csrf_checks=True)


def _post(client, url, data, **extra):
    client.get(url)  # the CSRF cookie, as the form gives it
    token = client.cookies["csrftoken"].value
    return client.post(url, {**data, "csrfmiddlewaretoken": token}, **extra)


def test_the_link_opens_the_one_questionnaire_without_login_and_private(personas, vendor):
    _link, token = _send(personas)
    _send(personas, product_name="Other model", vendor_name="Rival Corp")
    response = vendor.get(_url(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Acme AI Hiring LLM" in page and "Rival" not in page and "Other model" not in page
    assert 'class="mainnav"' not in page and "/vendors/" not in page
    assert response["Cache-Control"].startswith("no-store")
    assert response["Referrer-Policy"] == "no-referrer"
    for name in ("data_retention_days", "sla_uptime_percentage", "has_dpa", "audit_rights"):
        assert f'name="{name}"' in page


def test_save_and_come_back_keeps_the_draft_and_a_script_is_shown_harmlessly(personas, vendor):
    link, token = _send(personas)
    answers = {"use_case": SCRIPT, "data_retention_days": "45", "has_dpa": "yes"}
    response = _post(vendor, _url(token), {**answers, "action": "save"})
    assert response.status_code == 302
    again = Client().get(_url(token)).content.decode()  # later, another browser
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in again
    assert SCRIPT not in again
    assert 'value="45"' in again
    link.refresh_from_db()
    assert link.draft_answers["use_case"] == SCRIPT  # kept as typed, shown escaped


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("data_retention_days", "-5", "greater than or equal to 0"),
        ("sla_uptime_percentage", "120", "less than or equal to 100"),
    ],
)
def test_bad_answers_are_refused_naming_the_field_and_nothing_is_lost(
    personas, vendor, field, value, message
):
    link, token = _send(personas)
    _post(vendor, _url(token), {"use_case": "Screening CVs", "action": "save"})
    posted = _page_answers(**{field: value, "liability_cap": "Typed just now"})
    response = _post(vendor, _url(token), {**posted, "action": "submit", "confirm": "yes"})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and f'href="#id_{field}"' in page
    assert "Typed just now" in page  # what was typed comes back
    link.refresh_from_db()
    assert link.submitted_at is None and link.draft_answers == {"use_case": "Screening CVs"}
    assert link.assessment.status == "sent"


def test_submit_needs_the_confirmation_then_closes_the_link(personas, vendor):
    link, token = _send(personas)
    response = _post(vendor, _url(token), {**_page_answers(), "action": "submit"})
    assert response.status_code == 400 and "Tick the confirmation" in response.content.decode()
    response = _post(vendor, _url(token), {**_page_answers(), "action": "submit", "confirm": "yes"})
    assert response.status_code == 200 and "were submitted" in response.content.decode()
    link.refresh_from_db()
    assert link.submitted_at is not None and link.assessment.status == "answered"
    # Used: the clear page, 410, and a second submit changes nothing.
    response = vendor.get(_url(token))
    assert response.status_code == 410
    assert "already submitted" in response.content.decode()
    assert response["Cache-Control"].startswith("no-store")
    again = _post_blind(vendor, _url(token), {**_page_answers(data_retention_days="90")})
    assert again.status_code == 410
    link.assessment.refresh_from_db()
    assert link.assessment.data_retention_days == 30


def _post_blind(client, url, data):
    """A POST with a CSRF cookie and token but without loading the (closed) form."""
    client.get(reverse("questionnaire:form", kwargs={"token": "unknown"}))
    token = client.cookies.get("csrftoken")
    return client.post(url, {**data, "csrfmiddlewaretoken": token.value if token else ""})


def test_expired_revoked_and_unknown_links_accept_nothing(personas, vendor):
    with time_machine.travel(NOW, tick=False):
        expired, expired_token = _send(personas)
    link, token = _send(personas, product_name="Second", vendor_name="Beta")
    questionnaire_revoke(actor=personas.security, link=link)
    with time_machine.travel(NOW + timedelta(days=15), tick=False):
        cases = [
            (expired_token, 410, "expired"),
            (token, 410, "withdrawn"),
            ("A" * 43, 404, "not valid"),
        ]
        for key, status, words in cases:
            page = vendor.get(_url(key))
            assert page.status_code == status and words in page.content.decode()
            posted = _post_blind(vendor, _url(key), {"use_case": "late", "action": "save"})
            assert posted.status_code == status
            upload = {"doc-kind": "dpa", "doc-file": evidence_upload("dpa.pdf"), "action": "upload"}
            assert _post_blind(vendor, _url(key), upload).status_code == status
    assert QuestionnaireLink.objects.filter(draft_answers__has_key="use_case").count() == 0
    assert not AssessmentEvidence.objects.exists()


def test_a_token_for_one_vendor_cannot_reach_another(personas, vendor):
    link_a, token_a = _send(personas)
    link_b, _token_b = _send(personas, product_name="Other model", vendor_name="Rival Corp")
    b_ids = {"assessment": link_b.assessment.pk, "link": link_b.pk}  # ignored: not questions
    _post(vendor, _url(token_a), {"use_case": "A's answer", "action": "save", **b_ids})
    link_a.refresh_from_db()
    link_b.refresh_from_db()
    assert link_a.draft_answers == {"use_case": "A's answer"} and link_b.draft_answers == {}
    # The portal's own pages stay behind the login.
    assessment_b = f"/vendors/assessments/{link_b.assessment.pk}/review/"
    response = vendor.get(assessment_b)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_uploads_are_stored_for_the_link_and_a_huge_one_is_refused(personas, vendor):
    link, token = _send(personas)
    _post(vendor, _url(token), {"use_case": "Kept", "action": "save"})
    upload = {
        "use_case": "Kept",
        "doc-kind": "soc2_report",
        "doc-file": evidence_upload("soc2.pdf"),
        "doc-expires_on": "2027-06-30",
        "action": "upload",
    }
    assert _post(vendor, _url(token), upload).status_code == 302
    stored = AssessmentEvidence.objects.select_related("evidence").get()
    assert stored.assessment == link.assessment
    assert stored.evidence.expires_on == date(2027, 6, 30)
    # A 100 MB body, as its Content-Length declares, refused before it is read.
    with override_settings(VENDOR_UPLOAD_MAX_BYTES=1024):
        big = {
            "use_case": "Kept",
            "doc-kind": "dpa",
            "doc-file": evidence_upload("dpa.pdf", PDF_BYTES * 40),
            "action": "upload",
        }
        response = _post(vendor, _url(token), big)
        assert response.status_code == 400
        assert "the limit is 1 KB" in response.content.decode()
        declared = _post(
            vendor,
            _url(token),
            {"doc-kind": "dpa", "action": "upload"},
            CONTENT_LENGTH=str(100 * 1024 * 1024),
        )
        assert declared.status_code == 400
        assert "The file was not accepted" in declared.content.decode()
        assert "Kept" in declared.content.decode()  # the saved answers are on the page
    assert AssessmentEvidence.objects.count() == 1


def test_the_token_stays_out_of_the_logs(personas, vendor, caplog):
    _link, token = _send(personas)
    with caplog.at_level(logging.INFO):
        vendor.get(_url("A" * 43))
        vendor.post(_url(token), {"action": "save"})  # no CSRF token: refused, logged
    assert token not in caplog.text and "A" * 43 not in caplog.text


def test_the_assessor_sends_through_the_page_and_sees_the_link_once(personas, client, mailoutbox):
    assessment = AssessmentFactory(assessor=personas.security)
    url = reverse("vendors:questionnaire_send", kwargs={"pk": assessment.pk})
    client.force_login(personas.auditor)
    assert client.post(url, {"contact_email": "a@b.example", "days_valid": 14}).status_code == 403
    client.force_login(personas.security)
    refused = client.post(url, {"contact_email": "not an e-mail", "days_valid": 14})
    assert refused.status_code == 400 and not QuestionnaireLink.objects.exists()
    response = client.post(url, {"contact_email": "sec@vendor.example", "days_valid": 7})
    assert response.status_code == 200 and response["Cache-Control"].startswith("no-store")
    link = QuestionnaireLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(days=7)
    assert "/q/" in response.content.decode()
    assert "/q/" not in client.get(url).content.decode()  # shown once


def test_the_review_page_corrects_with_a_note_and_shows_the_score(personas, client, vendor):
    link, token = _send(personas)
    soc2 = {
        "doc-kind": "soc2_report",
        "doc-file": evidence_upload("soc2.pdf"),
        "doc-expires_on": "2070-06-30",
    }
    _post(vendor, _url(token), {**soc2, "action": "upload"})
    _post(vendor, _url(token), {**_page_answers(), "action": "submit", "confirm": "yes"})
    url = reverse("vendors:assessment_review", kwargs={"pk": link.assessment.pk})
    client.force_login(personas.auditor)
    assert client.post(url, {}).status_code == 403
    client.force_login(personas.security)
    page = client.get(url).content.decode()
    assert "Screening applications" in page and "Accept and score" in page
    missing_note = client.post(url, {"fix_data_retention_days": "60"})
    assert missing_note.status_code == 400 and "Say why" in missing_note.content.decode()
    response = client.post(
        url,
        {
            "fix_data_retention_days": "60",
            "note_data_retention_days": "Contract says 60",
            "fix_audit_rights": "no",
            "note_audit_rights": "Not in the contract",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "3 points" in page and "Approved: monitor annually" in page


def test_a_post_from_the_no_referrer_page_is_accepted_only_with_the_csrf_token(personas, vendor):
    link, token = _send(personas)
    # The browser posts a no-referrer page's form with "Origin: null".
    saved = _post(vendor, _url(token), {"use_case": "Kept", "action": "save"}, HTTP_ORIGIN="null")
    assert saved.status_code == 302
    forged = vendor.post(_url(token), {"use_case": "Forged", "action": "save"}, HTTP_ORIGIN="null")
    assert forged.status_code == 403
    link.refresh_from_db()
    assert link.draft_answers == {"use_case": "Kept"}


def test_uploading_a_document_keeps_the_answers_typed_before_it(personas, vendor):
    link, token = _send(personas)
    typed = {"use_case": "Typed, never saved", "data_retention_days": "45", "has_dpa": "yes"}
    upload = {"doc-kind": "dpa", "doc-file": evidence_upload("dpa.pdf"), "action": "upload"}
    response = _post(vendor, _url(token), {**typed, **upload})
    assert response.status_code == 302 and "uploaded=1" in response["Location"]
    link.refresh_from_db()
    assert link.draft_answers == {
        "use_case": "Typed, never saved",
        "data_retention_days": 45,
        "has_dpa": True,
    }
    page = vendor.get(response["Location"]).content.decode()
    assert "Typed, never saved" in page and 'value="45"' in page
    assert "Document uploaded; your answers are kept." in page
    # The documents come before the confirmation and "Submit answers".
    assert page.index("Data processing agreement: dpa.pdf") < page.index('value="submit"')
    assert page.index("Data processing agreement: dpa.pdf") < page.index("I confirm these answers")


def test_a_refused_document_keeps_the_typed_answers_and_stores_nothing(personas, vendor):
    link, token = _send(personas)
    typed = {"use_case": "Typed before a bad upload", "liability_cap": "12 months"}
    # A SOC 2 report without its last valid day is refused, naming the field.
    upload = {"doc-kind": "soc2_report", "doc-file": evidence_upload("soc2.pdf")}
    response = _post(vendor, _url(token), {**typed, **upload, "action": "upload"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "A SOC 2 report needs the last day it is valid." in page
    assert 'href="#id_doc-expires_on"' in page
    assert "Typed before a bad upload" in page and "12 months" in page
    assert not AssessmentEvidence.objects.exists()
    link.refresh_from_db()
    assert link.draft_answers["use_case"] == "Typed before a bad upload"  # saved all the same


def test_a_file_chosen_then_save_draft_is_uploaded_too(personas, vendor):
    link, token = _send(personas)
    posted = {
        "use_case": "Saved with a file",
        "doc-kind": "pentest_summary",
        "doc-file": evidence_upload("pentest.pdf"),
        "action": "save",
    }
    assert _post(vendor, _url(token), posted).status_code == 302
    stored = AssessmentEvidence.objects.get()
    assert stored.kind == "pentest_summary" and stored.assessment == link.assessment
    link.refresh_from_db()
    assert link.draft_answers == {"use_case": "Saved with a file"}


def test_bad_answers_sent_with_a_document_come_back_and_the_document_is_kept(personas, vendor):
    link, token = _send(personas)
    posted = {
        "use_case": "Still here",
        "data_retention_days": "-5",
        "doc-kind": "dpa",
        "doc-file": evidence_upload("dpa.pdf"),
        "action": "upload",
    }
    response = _post(vendor, _url(token), posted)
    page = response.content.decode()
    assert response.status_code == 400
    assert "greater than or equal to 0" in page and "Still here" in page
    assert "Data processing agreement: dpa.pdf" in page and "Document uploaded" in page
    assert AssessmentEvidence.objects.count() == 1
    link.refresh_from_db()
    assert link.draft_answers == {}  # a refused draft keeps the previous one whole


def test_send_is_offered_on_a_draft_only_and_a_sent_one_offers_its_link(personas, client):
    assessment = AssessmentFactory(assessor=personas.security)
    page_url = reverse("vendors:assessment_detail", kwargs={"pk": assessment.pk})
    send_url = reverse("vendors:questionnaire_send", kwargs={"pk": assessment.pk})
    client.force_login(personas.security)
    assert "Send the questionnaire</a>" in client.get(page_url).content.decode()
    questionnaire_send(actor=personas.security, assessment=assessment, contact_email="a@b.example")
    page = client.get(page_url).content.decode()
    assert "Send the questionnaire</a>" not in page and "Questionnaire link</a>" in page
    send_page = client.get(send_url).content.decode()
    assert "withdraw the open link before sending a new one" in send_page
    assert 'name="contact_email"' not in send_page and "Withdraw</button>" in send_page
    refused = client.post(send_url, {"contact_email": "c@d.example", "days_valid": 14})
    assert refused.status_code == 400 and QuestionnaireLink.objects.count() == 1
    assert "withdraw the open link" in refused.content.decode()
    answered = AssessmentFactory(assessor=personas.security, status="answered")
    answered_url = reverse("vendors:assessment_detail", kwargs={"pk": answered.pk})
    assert "Send the questionnaire</a>" not in client.get(answered_url).content.decode()


def test_a_document_valid_until_9999_is_refused_on_its_field_and_stores_no_file(
    personas, vendor, evidence_storage_of_this_test
):
    _link, token = _send(personas)
    posted = {
        "use_case": "Kept",
        "doc-kind": "soc2_report",
        "doc-file": evidence_upload("soc2.pdf"),
        "doc-expires_on": "9999-12-31",
        "action": "upload",
    }
    response = _post(vendor, _url(token), posted)
    page = response.content.decode()
    assert response.status_code == 400
    assert "more than 50 years ahead" in page and 'href="#id_doc-expires_on"' in page
    assert "Kept" in page
    assert not AssessmentEvidence.objects.exists()
    assert not [p for p in evidence_storage_of_this_test.rglob("*") if p.is_file()]
