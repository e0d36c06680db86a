"""The gate API: requests, what they gather, and the pipeline's check, under the pages'
permissions; and the check's cost, the same for one system and for many."""

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import EvidenceFile, Notification
from core.services import api_token_issue
from registry import services
from registry.models import AISystem, GateArtifact, GateRequest
from tests.factories import (
    DOCUMENT_SUMMARIZER,
    HIRING_SCREENER,
    MZ_BYTES,
    PDF_BYTES,
    AISystemFactory,
    gate_request_filled,
    gate_request_submitted,
    people_ops_system,
    unsaved_systems,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/gate-requests/"
CHECK = "/api/v1/systems/SYS-001/gates/pre-deployment-security-review/check"


def token_client(api_client, person):
    key = api_token_issue(actor=person, user=person, name="ci").key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client


def test_the_owner_opens_a_draft_submits_it_and_reads_its_live_evaluation(
    api_client, personas, screener
):
    api_client.force_authenticate(personas.owner)
    response = api_client.post(LIST, {"system": "SYS-001", "summary": "v3"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["gate"], body["status"], body["gate_version"], body["submitted_at"]) == (
        "pre-deployment-security-review",
        "draft",
        1,
        None,
    )
    assert len(body["evaluation"]["missing_artifacts"]) == 7
    assert body["evaluation"]["missing_approvals"] == ["CISO", "Legal", "Product owner"]
    assert body["approvals"] == []
    assert not Notification.objects.filter(subject_id=str(body["id"])).exists()
    listed = api_client.get(LIST, {"system": "SYS-001", "status": "draft"}).json()
    assert listed["count"] == 1 and listed["results"][0]["waiting_days"] is None

    submit = f"{LIST}{body['id']}/submit/"
    api_client.force_authenticate(personas.ciso)
    assert api_client.post(submit, format="json").status_code == 403
    api_client.force_authenticate(personas.owner)
    submitted = api_client.post(submit, format="json")
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["status"] == "open" and body["submitted_at"] is not None
    assert body["evaluation"]["missing_approvals"] == ["CISO", "Legal"]
    assert [a["decision"] for a in body["approvals"]] == ["sign_off"]
    assert Notification.objects.filter(subject_id=str(body["id"])).count() == 2
    again = api_client.post(submit, format="json")
    assert again.status_code == 400
    assert again.json()["request"] == ["Only a draft is submitted; this one is open."]
    listed = api_client.get(LIST, {"system": "SYS-001", "status": "open"}).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]
    assert listed["results"][0]["waiting_days"] == 0
    assert api_client.get(LIST, {"waiting": "soon"}).status_code == 400


def test_opening_is_refused_to_others_and_names_a_bad_field(api_client, personas, screener):
    api_client.force_authenticate(personas.ciso)
    assert api_client.post(LIST, {"system": "SYS-001"}, format="json").status_code == 403
    api_client.force_authenticate(personas.owner)
    unknown = api_client.post(LIST, {"system": "SYS-999"}, format="json")
    assert unknown.status_code == 400 and "system" in unknown.json()
    wrong_gate = api_client.post(LIST, {"system": "SYS-001", "gate": "deprecation"}, format="json")
    assert wrong_gate.status_code == 400
    assert not GateRequest.objects.exists()


def test_a_low_system_is_not_required_at_once(api_client, personas):
    system = people_ops_system(personas, lifecycle_stage="conception", ai_act_category="minimal")
    services.system_classify(
        actor=personas.safety, system=system, inputs=DOCUMENT_SUMMARIZER, rationale="Low."
    )
    api_client.force_authenticate(personas.owner)
    body = api_client.post(LIST, {"system": "SYS-001"}, format="json").json()
    assert (body["status"], body["evaluation"]["can_proceed"]) == ("not_required", True)
    assert AISystem.objects.get(pk=system.pk).lifecycle_stage == "development"


def test_a_multipart_upload_answers_201_with_its_sha256(api_client, personas, open_request):
    api_client.force_authenticate(personas.owner)
    upload = SimpleUploadedFile("red-team.pdf", PDF_BYTES)
    response = api_client.post(
        f"{LIST}{open_request.pk}/artifacts/",
        {"requirement": "red-team-report", "file": upload},
        format="multipart",
    )
    assert response.status_code == 201
    assert response.json()["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert response.json()["artifact"]["download"].endswith(
        f"/evidence/{EvidenceFile.objects.get().pk}/download/"
    )


@pytest.mark.parametrize(
    ("name", "content", "field"),
    [
        ("setup.exe", MZ_BYTES, "file"),
        ("empty.pdf", b"", "file"),
    ],
)
def test_bad_uploads_are_refused_naming_the_field_and_nothing_is_stored(
    api_client, personas, open_request, name, content, field
):
    api_client.force_authenticate(personas.owner)
    response = api_client.post(
        f"{LIST}{open_request.pk}/artifacts/",
        {"requirement": "red-team-report", "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert response.status_code == 400 and field in response.json()
    assert not EvidenceFile.objects.exists() and not GateArtifact.objects.exists()


def test_a_record_artifact_a_test_and_approvals_through_the_api(api_client, personas, screener):
    request = gate_request_submitted(personas.owner, screener)
    gate_request_filled(request, personas.owner, skip=("model-card-final",))
    api_client.force_authenticate(personas.owner)
    classification = screener.classifications.get(status="effective")
    linked = api_client.post(
        f"{LIST}{request.pk}/artifacts/",
        {
            "requirement": "model-card-final",
            "record_type": "classification",
            "record_id": classification.pk,
        },
        format="json",
    )
    assert linked.status_code == 201 and len(linked.json()["sha256"]) == 64
    tested = api_client.post(
        f"{LIST}{request.pk}/tests/",
        {
            "requirement": "bias-benchmark-suite",
            "passed": True,
            "run_on": str(timezone.localdate()),
            "report_url": "https://ci.example.com/b/7",
        },
        format="json",
    )
    assert tested.status_code == 201
    api_client.force_authenticate(personas.legal)
    refused = api_client.post(
        f"{LIST}{request.pk}/approvals/", {"role": "ciso", "decision": "approved"}, format="json"
    )
    assert refused.status_code == 403
    for person, role in ((personas.legal, "legal"), (personas.ciso, "ciso")):
        api_client.force_authenticate(person)
        answer = api_client.post(
            f"{LIST}{request.pk}/approvals/",
            {"role": role, "decision": "approved", "comment": "ok"},
            format="json",
        )
        assert answer.status_code == 201
    body = answer.json()
    assert body["status"] == "approved" and body["evaluation"]["can_proceed"] is True
    ciso = next(a for a in body["approvals"] if a["role"] == "ciso")
    current = {str(a["id"]): a["sha256"] for a in body["artifacts"] if not a["replaced_at"]}
    assert ciso["artifact_hashes"] == current and ciso["tier"] == "high"


def test_remediation_and_withdrawal_through_the_api(api_client, personas):
    system = people_ops_system(personas, lifecycle_stage="production")
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="High."
    )
    request = gate_request_submitted(personas.owner, system, gate_slug="annual-production-review")
    api_client.force_authenticate(personas.ciso)
    due = str(timezone.localdate() + timedelta(days=60))
    bad = api_client.post(
        f"{LIST}{request.pk}/remediation/",
        {"plan": "Re-run the benchmarks.", "owner": "nobody@example.com", "due": due},
        format="json",
    )
    assert bad.status_code == 400 and "owner" in bad.json()
    done = api_client.post(
        f"{LIST}{request.pk}/remediation/",
        {"plan": "Re-run the benchmarks.", "owner": personas.safety.email, "due": due},
        format="json",
    )
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["remediation_owner"]) == (
        "remediation",
        personas.safety.email,
    )
    second = services.gate_request_open(
        actor=personas.owner, system=system, gate_slug="annual-production-review"
    )
    api_client.force_authenticate(personas.ciso)
    url = f"{LIST}{second.pk}/withdraw/"
    assert api_client.post(url, {"reason": "x"}, format="json").status_code == 403
    api_client.force_authenticate(personas.owner)
    assert api_client.post(url, {}, format="json").status_code == 400
    assert api_client.post(url, {"reason": "Later."}, format="json").json()["status"] == "withdrawn"


def test_the_check_answers_a_token_exactly_and_404_for_the_unknown(
    api_client, personas, filled_request
):
    client = token_client(api_client, personas.auditor)
    body = client.get(CHECK).json()
    assert set(body) >= {
        "can_proceed",
        "result",
        "missing_artifacts",
        "missing_approvals",
        "missing_tests",
    }
    assert body["can_proceed"] is False and body["result"] == "blocked"
    assert body["missing_artifacts"] == ["Red team report", "Data lineage documentation"]
    assert body["missing_approvals"] == ["CISO", "Legal"] and body["missing_tests"] == []
    unknown = client.get("/api/v1/systems/SYS-999/gates/pre-deployment-security-review/check")
    assert unknown.status_code == 404 and "detail" in unknown.json()
    assert client.get("/api/v1/systems/SYS-001/gates/no-such-gate/check").status_code == 404
    outsider = token_client(api_client, personas.outsider)
    assert outsider.get(CHECK).status_code == 404
    api_client.credentials()
    assert api_client.get(CHECK).status_code in (401, 403)


def test_the_check_costs_the_same_for_one_system_or_many(
    api_client, personas, screener, django_assert_max_num_queries
):
    client = token_client(api_client, personas.owner)
    request = gate_request_submitted(personas.owner, screener)
    with django_assert_max_num_queries(15) as few:
        assert client.get(CHECK).status_code == 200
    AISystem.objects.bulk_create(unsaved_systems(personas.people_ops, 60))
    for _ in range(5):
        AISystemFactory(lifecycle_stage="development", owner_team=personas.people_ops)
    gate_request_filled(request, personas.owner)
    services.gate_approval_decide(
        actor=personas.ciso, request=request, role="ciso", decision="approved"
    )
    with django_assert_max_num_queries(15) as many:
        body = client.get(CHECK).json()
    assert body["missing_approvals"] == ["Legal"]
    assert len(few.captured_queries) == len(many.captured_queries)


def test_retrieving_a_request_costs_the_same_with_few_or_many_artifacts(
    api_client, personas, open_request, django_assert_max_num_queries
):
    api_client.force_authenticate(personas.auditor)
    api_client.get(f"{LIST}{open_request.pk}/")  # the auditor's roles, read once
    with django_assert_max_num_queries(15) as few:
        api_client.get(f"{LIST}{open_request.pk}/")
    gate_request_filled(open_request, personas.owner)
    services.gate_approval_decide(
        actor=personas.ciso, request=open_request, role="ciso", decision="approved"
    )
    with django_assert_max_num_queries(15) as many:
        body = api_client.get(f"{LIST}{open_request.pk}/").json()
    assert len(body["artifacts"]) == 7 and len(body["tests"]) == 4
    assert len(few.captured_queries) == len(many.captured_queries)


def test_a_file_name_with_dot_dot_is_refused_by_the_api(api_client, personas, open_request):
    """Built by hand: the test client would strip the directories off the name."""
    boundary = "portalboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="requirement"\r\n\r\n'
            f'red-team-report\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="../../etc/report.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + PDF_BYTES
        + f"\r\n--{boundary}--\r\n".encode()
    )
    api_client.force_authenticate(personas.owner)
    response = api_client.generic(
        "POST",
        f"{LIST}{open_request.pk}/artifacts/",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400 and "file" in response.json()
    assert not EvidenceFile.objects.exists() and not GateArtifact.objects.exists()


def test_the_plan_owner_marks_the_remediation_plan_done_through_the_api(
    api_client, personas, remediation_request
):
    done_url = f"{LIST}{remediation_request.pk}/remediation-complete/"
    api_client.force_authenticate(personas.legal)
    assert api_client.post(done_url, {"outcome": "Done."}, format="json").status_code == 403
    api_client.force_authenticate(personas.safety)
    empty = api_client.post(done_url, {}, format="json")
    assert empty.status_code == 400 and "outcome" in empty.json()
    remediation_request.refresh_from_db()
    assert remediation_request.remediation_done_at is None
    answer = api_client.post(done_url, {"outcome": "Suite re-run: fine."}, format="json")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["remediation_done_by"], body["remediation_outcome"]) == (
        personas.safety.email,
        "Suite re-run: fine.",
    )
    assert body["remediation_done_at"] is not None
    again = api_client.post(done_url, {"outcome": "Again."}, format="json")
    assert again.status_code == 400 and "request" in again.json()
    shown = api_client.get(f"{LIST}{remediation_request.pk}/").json()
    assert shown["remediation_outcome"] == "Suite re-run: fine."


def test_a_request_without_a_plan_cannot_be_marked_done_through_the_api(
    api_client, personas, open_request
):
    api_client.force_authenticate(personas.ciso)
    refused = api_client.post(
        f"{LIST}{open_request.pk}/remediation-complete/", {"outcome": "Done."}, format="json"
    )
    assert refused.status_code == 400 and "request" in refused.json()
    assert GateRequest.objects.get(pk=open_request.pk).remediation_done_at is None


def test_a_test_result_without_its_report_is_refused_in_the_pages_words(
    api_client, personas, open_request
):
    api_client.force_authenticate(personas.owner)
    refused = api_client.post(
        f"{LIST}{open_request.pk}/tests/",
        {"requirement": "bias-benchmark-suite", "passed": True, "run_on": "2026-01-05"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["report"] == ["Attach the report or give a link to it."]
    assert not open_request.test_results.exists()
