"""The vendors API and the CSV exports: what a caller sees and what the database holds."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent, EvidenceFile
from tests.factories import (
    PDF_BYTES,
    VENDOR_ANSWERS_ALL_GOOD,
    VENDOR_ANSWERS_HIGH,
    AssessmentFactory,
    VendorFactory,
    VendorProductFactory,
)
from vendors.models import Assessment, Vendor, VendorChange

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture
def as_person(api_client):
    def sign_in(person):
        api_client.force_authenticate(person)
        return api_client

    return sign_in


@time_machine.travel(NOW, tick=False)
def test_an_assessor_records_a_vendor_and_scores_the_worked_example(as_person, personas):
    api = as_person(personas.security)
    vendor = api.post("/api/v1/vendors/", {"name": "Hireflow AI"}, format="json")
    assert vendor.status_code == 201, vendor.data
    products = api.post(
        f"/api/v1/vendors/{vendor.data['id']}/products/",
        {"name": "Screener API", "kind": "api"},
        format="json",
    )
    assert products.status_code == 201
    product = products.data["products"][0]
    created = api.post(
        "/api/v1/assessments/", {"product": product["id"], **VENDOR_ANSWERS_HIGH}, format="json"
    )
    assert created.status_code == 201, created.data
    assert (created.data["status"], created.data["risk_score"]) == ("draft", None)
    scored = api.post(f"/api/v1/assessments/{created.data['id']}/score/", {}, format="json")
    assert scored.status_code == 200, scored.data
    body = scored.data
    assert (body["risk_score"], body["risk_tier"], body["use_approved"]) == (9, "high", False)
    assert body["recommendation"].startswith("Escalate")
    assert {(f["severity"]) for f in body["findings"]} == {"critical", "high"}
    assert all(f["issue"] for f in body["findings"])
    assert body["sla_uptime_percentage"] == "99.900"


@time_machine.travel(NOW, tick=False)
def test_only_the_ciso_approves_a_high_tier(as_person, personas):
    assessment = AssessmentFactory(assessor=personas.security, **VENDOR_ANSWERS_HIGH)
    scored = as_person(personas.security).post(
        f"/api/v1/assessments/{assessment.pk}/score/", {}, format="json"
    )
    assert scored.status_code == 200, scored.data
    plan = {"remediation_plan": "DPA by March", "remediation_due_on": "2027-03-31"}
    url = f"/api/v1/assessments/{assessment.pk}/ciso-approval/"
    assert as_person(personas.security).post(url, plan, format="json").status_code == 403
    missing = as_person(personas.ciso).post(url, {"remediation_plan": "x"}, format="json")
    assert missing.status_code == 400 and "remediation_due_on" in missing.data
    approved = as_person(personas.ciso).post(url, plan, format="json")
    assert approved.status_code == 200, approved.data
    assert approved.data["use_approved"] is False  # the remediation is not done yet
    assert approved.data["ciso_approved_by"] == personas.ciso.email
    assert approved.data["remediation_due_on"] == "2027-03-31"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"data_retention_days": -1}, "data_retention_days"),
        ({"sla_uptime_percentage": "120"}, "sla_uptime_percentage"),
        ({"access_type": "telepathy"}, "access_type"),
        ({"has_dpa": "maybe"}, "has_dpa"),
        ({"colour": "red"}, "colour"),
        ({"liability_cap": 5}, "liability_cap"),
    ],
)
def test_bad_answers_are_a_400_naming_the_field_and_nothing_changes(
    as_person, personas, answers, field
):
    assessment = AssessmentFactory(assessor=personas.dpo, data_retention_days=10)
    response = as_person(personas.dpo).patch(
        f"/api/v1/assessments/{assessment.pk}/", answers, format="json"
    )
    assert response.status_code == 400
    assert field in response.data
    assert Assessment.objects.get(pk=assessment.pk).data_retention_days == 10


def test_answers_change_while_draft(as_person, personas):
    assessment = AssessmentFactory(assessor=personas.dpo)
    response = as_person(personas.legal).patch(
        f"/api/v1/assessments/{assessment.pk}/",
        {"has_dpa": True, "sla_uptime_percentage": "99.95", "liability_cap": "<b>1x</b>"},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["sla_uptime_percentage"] == "99.950"
    assert response.data["liability_cap"] == "<b>1x</b>"  # stored as text; pages escape it
    assert AuditEvent.objects.filter(action="assessment.updated").count() == 1


def test_a_missing_product_is_a_400_naming_it(as_person, personas):
    response = as_person(personas.ciso).post(
        "/api/v1/assessments/", {"product": 999}, format="json"
    )
    assert response.status_code == 400 and "product" in response.data


@time_machine.travel(NOW, tick=False)
def test_a_soc2_report_attaches_with_its_expiry_and_counts_while_current(as_person, personas):
    assessment = AssessmentFactory(assessor=personas.ciso, **VENDOR_ANSWERS_ALL_GOOD)
    api = as_person(personas.ciso)
    url = f"/api/v1/assessments/{assessment.pk}/evidence/"
    upload = SimpleUploadedFile("soc2.pdf", PDF_BYTES)
    no_expiry = api.post(url, {"kind": "soc2_report", "file": upload}, format="multipart")
    assert no_expiry.status_code == 400 and "expires_on" in no_expiry.data
    upload = SimpleUploadedFile("soc2.pdf", PDF_BYTES)
    attached = api.post(
        url,
        {"kind": "soc2_report", "file": upload, "expires_on": "2027-06-30"},
        format="multipart",
    )
    assert attached.status_code == 201, attached.data
    evidence = attached.data["evidence"]
    assert [(e["kind"], e["expires_on"]) for e in evidence] == [("soc2_report", "2027-06-30")]
    scored = api.post(f"/api/v1/assessments/{assessment.pk}/score/", {}, format="json")
    assert (scored.data["risk_score"], scored.data["use_approved"]) == (0, True)


def test_a_vendor_change_answers_the_reassessment_started(as_person, personas):
    product = VendorProductFactory()
    response = as_person(personas.dpo).post(
        f"/api/v1/vendors/{product.vendor_id}/changes/",
        {"product": product.pk, "kind": "model", "description": "Moved to model v5"},
        format="json",
    )
    assert response.status_code == 201, response.data
    draft = Assessment.objects.get(product=product)
    assert (response.data["assessment"], draft.reason) == (draft.pk, "vendor_change")
    other = VendorProductFactory()
    refused = as_person(personas.dpo).post(
        f"/api/v1/vendors/{product.vendor_id}/changes/",
        {"product": other.pk, "kind": "model", "description": "x"},
        format="json",
    )
    assert refused.status_code == 400 and "product" in refused.data
    assert VendorChange.objects.count() == 1


def test_lists_filter_and_members_read_but_do_not_write(as_person, personas):
    low = AssessmentFactory(assessor=personas.ciso, **VENDOR_ANSWERS_ALL_GOOD)
    AssessmentFactory(assessor=personas.ciso, **VENDOR_ANSWERS_HIGH)
    as_person(personas.ciso).post(f"/api/v1/assessments/{low.pk}/score/", {}, format="json")
    api = as_person(personas.auditor)
    found = api.get("/api/v1/assessments/", {"status": "scored"})
    assert [row["id"] for row in found.data["results"]] == [low.pk]
    assert api.get("/api/v1/assessments/", {"risk_tier": "extreme"}).status_code == 400
    assert api.get("/api/v1/vendors/").data["count"] == 2
    assert api.post("/api/v1/vendors/", {"name": "X"}, format="json").status_code == 403
    assert as_person(personas.outsider).get("/api/v1/vendors/").status_code == 403
    assert api.get("/api/v1/vendors/abc/").status_code == 404
    assert api.get(f"/api/v1/vendors/{2**63}/").status_code == 404


def test_vendor_name_taken_is_a_400(as_person, personas):
    VendorFactory(name="Acme")
    response = as_person(personas.ciso).post("/api/v1/vendors/", {"name": "Acme"}, format="json")
    assert response.status_code == 400 and "name" in response.data
    assert Vendor.objects.count() == 1


def test_the_csv_exports_hold_the_lists_with_the_findings(client, personas):
    assessment = AssessmentFactory(assessor=personas.ciso, **VENDOR_ANSWERS_HIGH)
    from vendors.services.scoring import assessment_score

    assessment_score(actor=personas.ciso, assessment=assessment)
    client.force_login(personas.auditor)
    response = client.get("/vendors/assessments/export.csv", {"risk_tier": "high"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "No DPA: GDPR at risk (critical)" in text
    assert "9" in text.splitlines()[1]
    vendors_csv = client.get("/vendors/export.csv")
    assert assessment.product.vendor.name in b"".join(vendors_csv.streaming_content).decode()
    client.force_login(personas.outsider)
    assert client.get("/vendors/export.csv").status_code == 403
    assert date.today()  # the export records who downloaded it
    assert AuditEvent.objects.filter(action="list.exported").count() == 2


def test_the_lists_cost_a_fixed_number_of_queries(as_person, personas):
    api = as_person(personas.auditor)

    def costs() -> tuple[int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = []
        for url in ("/api/v1/vendors/", "/api/v1/assessments/"):
            with CaptureQueriesContext(connection) as captured:
                assert api.get(url).status_code == 200
            counts.append(len(captured))
        return tuple(counts)

    AssessmentFactory(assessor=personas.ciso, **VENDOR_ANSWERS_HIGH)
    costs()  # the first request also reads the auditor's roles
    few = costs()
    for _ in range(5):
        AssessmentFactory(assessor=personas.ciso, **VENDOR_ANSWERS_HIGH)
    assert costs() == few


def test_personal_data_sent_is_an_answer_of_the_api_defaulting_to_no(as_person, personas):
    """Input: an assessment created with and without `personal_data_sent`; expected: the
    answer stored and shown (false by default), and a product sent personal data without
    a DPA not approved at a low score."""
    from tests.factories import VENDOR_ANSWERS_ALL_GOOD, VendorProductFactory

    client = as_person(personas.security)
    plain = client.post(
        "/api/v1/assessments/",
        {"product": VendorProductFactory().pk, **VENDOR_ANSWERS_ALL_GOOD},
        format="json",
    )
    assert plain.status_code == 201, plain.data
    assert plain.data["personal_data_sent"] is False
    answers = {**VENDOR_ANSWERS_ALL_GOOD, "has_dpa": False, "personal_data_sent": True}
    sent = client.post(
        "/api/v1/assessments/", {"product": VendorProductFactory().pk, **answers}, format="json"
    )
    assert sent.status_code == 201, sent.data
    assert sent.data["personal_data_sent"] is True
    from datetime import date

    from tests.factories import evidence_upload
    from vendors.models import Assessment
    from vendors.services.evidence import assessment_evidence_attach

    assessment_evidence_attach(
        actor=personas.security,
        assessment=Assessment.objects.get(pk=sent.data["id"]),
        kind="soc2_report",
        upload=evidence_upload("soc2.pdf"),
        expires_on=date(2070, 6, 30),
    )
    scored = client.post(f"/api/v1/assessments/{sent.data['id']}/score/", {}, format="json")
    assert (scored.data["risk_tier"], scored.data["use_approved"]) == ("low", False)


def test_a_patch_changes_only_the_answers_it_carries(as_person, personas):
    """The page refuses a POST missing answers; the API's PATCH is the way to change
    some: the answers it leaves out keep their stored values."""
    draft = AssessmentFactory(
        assessor=personas.security, **VENDOR_ANSWERS_ALL_GOOD, personal_data_sent=True
    )
    response = as_person(personas.security).patch(
        f"/api/v1/assessments/{draft.pk}/", {"use_case": "Ranking CVs"}, format="json"
    )
    assert response.status_code == 200, response.data
    stored = Assessment.objects.get(pk=draft.pk)
    assert stored.use_case == "Ranking CVs" and stored.personal_data_sent is True
    for name, value in VENDOR_ANSWERS_ALL_GOOD.items():
        if name != "use_case":
            assert str(getattr(stored, name)) == str(value), name
    event = AuditEvent.objects.get(action="assessment.updated")
    assert set(event.changes) == {"use_case"}


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"expires_on": "9999-12-31"}, "expires_on"),
        ({"applies_from": "9999-12-31"}, "applies_from"),
    ],
)
def test_a_date_at_the_calendars_end_is_a_400_naming_it_and_stores_no_file(
    as_person, personas, evidence_storage_of_this_test, dates, field
):
    """Found: an expiry of 9999-12-31 was a 500 (OverflowError) and left the file on
    disk. Expected: a 400 naming the field, no evidence row, no file."""
    assessment = AssessmentFactory(assessor=personas.security)
    upload = SimpleUploadedFile("dpa.pdf", PDF_BYTES)
    response = as_person(personas.security).post(
        f"/api/v1/assessments/{assessment.pk}/evidence/",
        {"kind": "dpa", "file": upload, **dates},
        format="multipart",
    )
    assert response.status_code == 400
    assert "more than 50 years ahead" in response.data[field][0]
    assert not EvidenceFile.objects.exists()
    assert not [p for p in evidence_storage_of_this_test.rglob("*") if p.is_file()]


def test_the_vendor_and_product_filters_are_ids_in_the_schema_and_in_use(
    as_person, personas, client
):
    """Found: `?vendor=` and `?product=` were documented as strings yet refused
    non-numbers (and took 1.5 for 1). Expected: integers from 1 in the schema, a 400
    naming the parameter for anything else, the matching rows for an id."""
    mine = AssessmentFactory(assessor=personas.security)
    AssessmentFactory(assessor=personas.security)  # another vendor's product
    client.force_login(personas.security)
    schema = client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/assessments/"]["get"]["parameters"]
    declared = {p["name"]: p["schema"] for p in parameters}
    for name in ("vendor", "product"):
        assert declared[name]["type"] == "integer" and declared[name]["minimum"] == 1
    api = as_person(personas.security)
    for value in ("abc", "1.5", "1e3", "0", str(2**63)):
        response = api.get("/api/v1/assessments/", {"vendor": value})
        assert response.status_code == 400 and list(response.data) == ["vendor"], value
    assert api.get("/api/v1/assessments/", {"product": "x"}).data.keys() == {"product"}
    by_vendor = api.get("/api/v1/assessments/", {"vendor": mine.product.vendor_id})
    by_product = api.get("/api/v1/assessments/", {"product": mine.product_id, "vendor": ""})
    for response in (by_vendor, by_product):
        assert [row["id"] for row in response.data["results"]] == [mine.pk]
