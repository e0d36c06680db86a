"""The vendor pages (issue 9 part 1) per role: assessor, CISO, owner, auditor."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    VENDOR_ANSWERS_ALL_GOOD,
    VENDOR_ANSWERS_HIGH,
    AssessmentFactory,
    VendorFactory,
    VendorProductFactory,
    evidence_upload,
)
from vendors.forms.assessments import AssessmentForm
from vendors.models import Assessment, Vendor, VendorChange
from vendors.services.assessments import ANSWER_FIELDS
from vendors.services.scoring import assessment_score

pytestmark = pytest.mark.django_db


def scored(personas, answers, product):
    assessment = AssessmentFactory(product=product, assessor=personas.security, **answers)
    return assessment_score(actor=personas.security, assessment=assessment)


def test_the_list_links_each_vendor_and_only_assessors_may_register(client, personas):
    vendor = VendorFactory(name="TalentSift")
    client.force_login(personas.auditor)
    page = client.get(reverse("vendors:vendor_list")).content.decode()
    assert reverse("vendors:vendor_detail", args=[vendor.pk]) in page
    assert "Register a vendor" not in page
    assert client.get(reverse("vendors:vendor_new")).status_code == 403
    client.force_login(personas.security)
    assert "Register a vendor" in client.get(reverse("vendors:vendor_list")).content.decode()


def test_registering_a_vendor_twice_says_so_in_place(client, personas):
    client.force_login(personas.security)
    url = reverse("vendors:vendor_new")
    first = client.post(url, {"name": "Nimbus AI", "website": "https://n.example"})
    assert first.status_code == 302 and Vendor.objects.filter(name="Nimbus AI").exists()
    again = client.post(url, {"name": "Nimbus AI"}, HTTP_HX_REQUEST="true")
    assert again.status_code == 400 and "already exists" in again.content.decode()


def test_a_form_refused_without_htmx_is_a_page_with_its_title_and_the_way_back(client, personas):
    VendorFactory(name="Nimbus AI")
    client.force_login(personas.security)
    url = reverse("vendors:vendor_new")
    shown = client.get(url).content.decode()
    again = client.post(url, {"name": "Nimbus AI"})
    page = again.content.decode()
    assert again.status_code == 400 and "already exists" in page
    for html in (shown, page):
        assert "<h1>Register a vendor</h1>" in html
        assert f'<a href="{reverse("vendors:vendor_list")}">Vendors</a>' in html
        assert 'name="name"' in html


def test_the_csv_export_lists_the_vendors(client, personas):
    VendorFactory(name="ClearSignal")
    client.force_login(personas.auditor)
    response = client.get(reverse("vendors:vendor_export"))
    assert response.status_code == 200
    assert (
        "ClearSignal" in b"".join(response.streaming_content).decode()
        if hasattr(response, "streaming_content")
        else "ClearSignal" in response.content.decode()
    )


def test_vendor_page_shows_each_products_tier_and_costs_the_same_for_more(client, personas):
    vendor = VendorFactory(name="TalentSift")
    scored(personas, VENDOR_ANSWERS_HIGH, VendorProductFactory(vendor=vendor, name="Ranker"))
    client.force_login(personas.owner)
    url = reverse("vendors:vendor_detail", args=[vendor.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).content.decode()
    assert "Ranker" in page and "9 points" in page and "Not approved" in page
    assert "Add a product" not in page and "Record a vendor change" not in page  # owner reads
    for n in range(3):
        product = VendorProductFactory(vendor=vendor, name=f"P{n}")
        scored(personas, VENDOR_ANSWERS_ALL_GOOD, product)
        scored(personas, VENDOR_ANSWERS_HIGH, product)  # a history behind each
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(one.captured_queries)


def test_recording_a_vendor_change_starts_a_re_assessment(client, personas):
    product = VendorProductFactory(name="Ranker")
    scored(personas, VENDOR_ANSWERS_ALL_GOOD, product)
    client.force_login(personas.security)
    url = reverse("vendors:vendor_change", args=[product.vendor_id])
    response = client.post(url, {"product": product.pk, "kind": "terms", "description": "New ToS"})
    assert response.status_code == 302
    assert VendorChange.objects.get().kind == "terms"
    assert Assessment.objects.get(product=product, status="draft").reason == "vendor_change"
    client.force_login(personas.auditor)
    assert client.post(url, {"product": product.pk, "kind": "terms"}).status_code == 403


def test_assessment_page_findings_trend_and_the_ciso_approval(client, personas):
    product = VendorProductFactory(name="Ranker")
    scored(personas, VENDOR_ANSWERS_ALL_GOOD, product)
    high = scored(personas, VENDOR_ANSWERS_HIGH, product)
    url = reverse("vendors:assessment_detail", args=[high.pk])
    client.force_login(personas.security)
    page = client.get(url).content.decode()
    assert "No DPA: GDPR at risk" in page and "Critical" in page
    assert "<svg" in page and "from 3 to 9" in page  # a SOC 2 claim without a report counts as none
    assert f"/vendors/assessments/{high.pk}/review/" in page
    assert "Approve use" not in page  # only the CISO approves
    client.force_login(personas.ciso)
    assert "Approve use" in client.get(url).content.decode()
    approve = reverse("vendors:assessment_approve", args=[high.pk])
    refused = client.post(approve, {"remediation_plan": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 400 and "required" in refused.content.decode()
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    ok = client.post(approve, {"remediation_plan": "Add a DPA", "remediation_due_on": due})
    assert ok.status_code == 302
    high.refresh_from_db()
    assert not high.use_approved and high.ciso_approved_by == personas.ciso
    page = client.get(url).content.decode()
    assert "Mark the remediation done" in page and "Not done yet" in page
    done = client.post(reverse("vendors:assessment_remediation_done", args=[high.pk]))
    assert done.status_code == 400 and "signed contract amendment" in done.content.decode()


def test_a_new_assessment_and_scoring_through_the_pages(client, personas):
    product = VendorProductFactory(name="Ranker")
    client.force_login(personas.security)
    data = {"product": product.pk, **{k: v for k, v in VENDOR_ANSWERS_ALL_GOOD.items()}}
    data = {k: ("true" if v is True else "false" if v is False else v) for k, v in data.items()}
    response = client.post(reverse("vendors:assessment_new"), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get(product=product)
    client.post(reverse("vendors:assessment_score", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert assessment.status == "scored" and assessment.risk_tier == "low"
    client.force_login(personas.auditor)
    assert client.post(reverse("vendors:assessment_score", args=[assessment.pk])).status_code == 403


def _as_posted(assessment, **changes) -> dict:
    """Every answer as the edit page posts it (what it shows now), with `changes`."""
    form = AssessmentForm(instance=assessment)
    shown = {name: form[name].value() for name in ANSWER_FIELDS}
    return {**{k: "" if v is None else v for k, v in shown.items()}, **changes}


def test_a_drafts_answers_are_edited_with_the_error_in_place(client, personas):
    draft = AssessmentFactory(assessor=personas.security)
    client.force_login(personas.security)
    url = reverse("vendors:assessment_edit", args=[draft.pk])
    bad = client.post(url, _as_posted(draft, sla_uptime_percentage="120"), HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and "less than or equal to 100" in bad.content.decode()
    ok = client.post(url, _as_posted(draft, data_retention_days="60", has_dpa="true"))
    assert ok.status_code == 302
    draft.refresh_from_db()
    assert draft.data_retention_days == 60 and draft.has_dpa is True
    client.force_login(personas.owner)
    assert client.get(url).status_code == 403


def test_a_post_missing_answers_is_refused_naming_them_and_changes_nothing(client, personas):
    """Found: a POST to the edit form with some answers left out blanked the others.
    Expected: the page posts every answer it shows, so a POST lacking some is a 400
    naming each, and the database keeps every answer as it was."""
    draft = AssessmentFactory(
        assessor=personas.security, **VENDOR_ANSWERS_ALL_GOOD, personal_data_sent=True
    )
    client.force_login(personas.security)
    url = reverse("vendors:assessment_edit", args=[draft.pk])
    response = client.post(url, {"use_case": "Only this", "data_retention_days": "90"})
    page = response.content.decode()
    assert response.status_code == 400
    for name in ("has_dpa", "sla_uptime_percentage", "personal_data_sent", "liability_cap"):
        assert f'href="#id_{name}"' in page
    assert "not sent with the form" in page
    stored = Assessment.objects.get(pk=draft.pk)
    for name, value in VENDOR_ANSWERS_ALL_GOOD.items():
        assert str(getattr(stored, name)) == str(value), name
    assert stored.personal_data_sent is True
    # The whole form, one answer changed, changes that answer only.
    whole = client.post(url, _as_posted(stored, use_case="Only this"))
    assert whole.status_code == 302
    stored.refresh_from_db()
    assert stored.use_case == "Only this" and stored.personal_data_sent is True
    assert stored.data_retention_days == VENDOR_ANSWERS_ALL_GOOD["data_retention_days"]


def test_a_soc2_report_is_uploaded_with_its_expiry_and_listed(client, personas):
    draft = AssessmentFactory(assessor=personas.security)
    client.force_login(personas.security)
    url = reverse("vendors:assessment_evidence_add", args=[draft.pk])
    missing = client.post(url, {"kind": "soc2_report", "file": evidence_upload("soc2.pdf")})
    assert (
        missing.status_code == 400 and "needs the date its period ends" in missing.content.decode()
    )
    expires = (timezone.localdate() + timedelta(days=200)).isoformat()
    ok = client.post(
        url, {"kind": "soc2_report", "file": evidence_upload("soc2.pdf"), "expires_on": expires}
    )
    assert ok.status_code == 302
    page = client.get(reverse("vendors:assessment_detail", args=[draft.pk])).content.decode()
    assert "soc2.pdf" in page and "SOC 2 report" in page


def test_scoring_a_draft_with_missing_answers_is_a_400_naming_them(client, personas):
    """Found: the score button on an unanswered draft was a 500 (the refusal landed on an
    unbound form). Expected: the page again, 400, the missing answers named."""
    draft = AssessmentFactory(assessor=personas.security)
    client.force_login(personas.security)
    response = client.post(reverse("vendors:assessment_score", args=[draft.pk]))
    assert response.status_code == 400
    assert "has_dpa" in response.content.decode() or "DPA" in response.content.decode()
    draft.refresh_from_db()
    assert draft.risk_score is None
