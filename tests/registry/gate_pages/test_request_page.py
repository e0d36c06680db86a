"""A gate request's page as each role sees it, and its htmx forms answering in place."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent, EvidenceFile
from registry import services
from registry.models import AISystem, GateArtifact, GateTestResult
from tests.factories import ELF_BYTES, PDF_BYTES, uploaded_by

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(request, tail: str = "") -> str:
    return f"/systems/SYS-001/gate-requests/{request.pk}/{tail}"


def page_of(client, person, request) -> str:
    client.force_login(person)
    response = client.get(url(request))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, element_id: str) -> str:
    """The requirement's item with this id, up to the next requirement or section."""
    start = html.index(f'id="{element_id}"')
    ends = [html.find(mark, start + 1) for mark in ('\n    <li id="', "</section>")]
    return html[start : min(e for e in ends if e > 0)]


def test_the_owner_sees_what_is_given_and_the_two_artifacts_still_missing(
    client, personas, filled_request
):
    page = page_of(client, personas.owner, filled_request)
    assert "Pre-deployment security review" in page
    assert "Development → Pre-deployment" in page
    gaps = page[page.index('id="gaps"') :]
    gaps = gaps[: gaps.index("</ul>")]
    assert "Artifact: Red team report" in gaps
    assert "Artifact: Data lineage documentation" in gaps
    assert "Approval: CISO" in gaps and "Approval: Legal" in gaps
    assert "Test:" not in gaps and "Product owner" not in gaps  # signed off by submitting
    given = GateArtifact.objects.get(request=filled_request, requirement="model-card-final")
    card = section(page, "artifact-model-card-final")
    assert "model-card-final.pdf" in card and given.sha256 in card
    assert f"/evidence/{given.evidence_id}/download/" in card
    assert personas.owner.display_name in card
    assert 'badge-gate-blocked">Missing' in section(page, "artifact-red-team-report")
    assert 'name="form" value="artifact-red-team-report"' in page  # the owner may add it
    assert "Signed off by submitting" in section(page, "slot-product_owner")
    assert 'value="slot-ciso"' not in page  # not the owner's slot
    assert "Withdraw this request" in page


def test_the_ciso_sees_the_ciso_slot_form_only_and_no_upload(client, personas, filled_request):
    page = page_of(client, personas.ciso, filled_request)
    assert 'value="slot-ciso"' in page
    assert 'value="slot-legal"' not in page
    assert 'value="artifact-' not in page and 'value="test-' not in page
    assert "Withdraw this request" not in page


@pytest.mark.parametrize("persona", ["auditor", "owner2", "dpo"])
def test_readers_see_everything_and_no_form_and_the_server_refuses_them(
    client, personas, filled_request, persona
):
    person = getattr(personas, persona)
    page = page_of(client, person, filled_request)
    assert "model-card-final.pdf" in page and "Red team report" in page
    assert "<form" not in page.split('id="gate-request"')[1]
    upload = SimpleUploadedFile("red-team.pdf", PDF_BYTES)
    posts = [
        (
            "artifacts/",
            {
                "form": "artifact-red-team-report",
                "artifact-red-team-report-requirement": "red-team-report",
                "artifact-red-team-report-file": upload,
            },
        ),
        (
            "approvals/",
            {"form": "slot-ciso", "slot-ciso-role": "ciso", "slot-ciso-decision": "approved"},
        ),
        ("withdraw/", {"withdraw-reason": "No."}),
    ]
    for tail, data in posts:
        assert client.post(url(filled_request, tail), data).status_code == 403, tail
    assert not GateArtifact.objects.filter(requirement="red-team-report").exists()
    assert filled_request.approvals.filter(role="ciso").count() == 0


def test_an_htmx_upload_answers_with_the_body_in_place_and_its_hash(
    client, personas, filled_request
):
    client.force_login(personas.owner)
    data = {
        "form": "artifact-red-team-report",
        "artifact-red-team-report-requirement": "red-team-report",
        "artifact-red-team-report-file": SimpleUploadedFile("red-team.pdf", PDF_BYTES),
    }
    response = client.post(url(filled_request, "artifacts/"), data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="gate-request">') or 'id="gate-request"' in html
    assert "<html" not in html and "<nav" not in html  # a fragment, not a page in a page
    artifact = GateArtifact.objects.get(request=filled_request, requirement="red-team-report")
    assert artifact.sha256 in section(html, "artifact-red-team-report")
    assert "The artifact is added." in html
    assert "Artifact: Red team report" not in html


def test_a_refused_upload_comes_back_with_its_error_beside_the_field(
    client, personas, filled_request
):
    client.force_login(personas.owner)
    files = EvidenceFile.objects.count()
    data = {
        "form": "artifact-red-team-report",
        "artifact-red-team-report-requirement": "red-team-report",
        "artifact-red-team-report-file": SimpleUploadedFile("report.pdf", ELF_BYTES),
    }
    response = client.post(url(filled_request, "artifacts/"), data, **HTMX)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<html" not in html
    row = section(html, "artifact-red-team-report")
    assert 'class="field-error"' in row and "<details open" in row
    assert EvidenceFile.objects.count() == files
    assert not GateArtifact.objects.filter(requirement="red-team-report").exists()


def test_without_javascript_an_upload_redirects_and_an_error_renders_the_whole_page(
    client, personas, filled_request
):
    client.force_login(personas.owner)
    empty = {
        "form": "artifact-red-team-report",
        "artifact-red-team-report-requirement": "red-team-report",
        "artifact-red-team-report-file": SimpleUploadedFile("empty.pdf", b""),
    }
    refused = client.post(url(filled_request, "artifacts/"), empty)
    assert refused.status_code == 400 and "<html" in refused.content.decode()
    linked = client.post(
        url(filled_request, "artifacts/"),
        {
            "form": "record-red-team-report",
            "record-red-team-report-requirement": "red-team-report",
            "record-red-team-report-record": _record_choice(client, filled_request),
        },
    )
    assert linked.status_code == 302
    artifact = GateArtifact.objects.get(request=filled_request, requirement="red-team-report")
    assert artifact.record_type == "classification" and len(artifact.sha256) == 64


def _record_choice(client, request) -> str:
    page = client.get(url(request)).content.decode()
    return re.search(r'<option value="(classification:\d+)"', page).group(1)


def test_a_test_result_is_recorded_with_a_link(client, personas, open_request):
    client.force_login(personas.owner)
    prefix = "test-bias-benchmark-suite"
    data = {
        "form": prefix,
        f"{prefix}-requirement": "bias-benchmark-suite",
        f"{prefix}-name": "Bias benchmark suite v2",
        f"{prefix}-passed": "false",
        f"{prefix}-run_on": "2026-11-02",
        f"{prefix}-report_url": "https://ci.example.com/bias/42",
    }
    html = client.post(url(open_request, "tests/"), data, **HTMX).content.decode()
    result = GateTestResult.objects.get(request=open_request)
    assert (result.name, result.passed) == ("Bias benchmark suite v2", False)
    assert "Test: failed: Bias benchmark suite" in html
    missing = client.post(url(open_request, "tests/"), {**data, f"{prefix}-report_url": ""}, **HTMX)
    assert missing.status_code == 400
    assert "Attach the report or give a link to it." in missing.content.decode()


def test_ciso_and_legal_approve_and_the_system_advances(client, personas, open_request):
    from tests.factories import gate_request_filled

    gate_request_filled(open_request, personas.owner)
    for person, role in ((personas.ciso, "ciso"), (personas.legal, "legal")):
        client.force_login(person)
        data = {
            "form": f"slot-{role}",
            f"slot-{role}-role": role,
            f"slot-{role}-decision": "approved",
            f"slot-{role}-comment": "Fine.",
        }
        response = client.post(url(open_request, "approvals/"), data, **HTMX)
        assert response.status_code == 200
    system = AISystem.objects.get(pk=open_request.system_id)
    assert system.lifecycle_stage == "pre_deployment"
    page = page_of(client, personas.auditor, open_request)
    assert 'id="gate-result">Approved' in page
    ciso = section(page, "slot-ciso")
    assert "Fine." in ciso and "What Cyrus" not in ciso  # factory names, not the demo's
    hashes = GateArtifact.objects.filter(request=open_request).values_list("sha256", flat=True)
    assert all(sha in ciso for sha in hashes)  # the hashes the CISO saw


def test_a_replaced_artifact_voids_the_approval_struck_through_with_the_reason(
    client, personas, filled_request
):
    services.gate_approval_decide(
        actor=personas.ciso, request=filled_request, role="ciso", decision="approved", comment=""
    )
    services.gate_artifact_add(
        actor=personas.owner,
        request=filled_request,
        requirement="model-card-final",
        evidence=uploaded_by(personas.owner, "model-card-v2.pdf"),
    )
    page = page_of(client, personas.ciso, filled_request)
    assert 'id="voided-banner"' in page
    slot = section(page, "slot-ciso")
    assert 'class="voided"' in slot and "voided: " in slot
    assert 'value="slot-ciso"' in page  # asked again
    card = section(page, "artifact-model-card-final")
    assert "model-card-v2.pdf" in card and 'class="voided"' in card  # the old one, replaced


def test_the_owner_withdraws_with_a_reason(client, personas, open_request):
    client.force_login(personas.owner)
    response = client.post(url(open_request, "withdraw/"), {"withdraw-reason": "Retrained."})
    assert response.status_code == 302
    open_request.refresh_from_db()
    assert open_request.status == "withdrawn"
    assert AuditEvent.objects.filter(action="gate_request.withdrawn").exists()
    page = client.get(url(open_request)).content.decode()
    assert "Withdrawn" in page and "Withdraw this request" not in page


def test_a_request_of_another_system_or_unknown_is_404(client, personas, open_request):
    client.force_login(personas.owner)
    assert client.get(f"/systems/SYS-999/gate-requests/{open_request.pk}/").status_code == 404
    assert client.get("/systems/SYS-001/gate-requests/999999/").status_code == 404


def test_an_unsafe_file_name_is_refused_inside_the_page_for_htmx(client, personas, open_request):
    boundary = "portalboundary"
    prefix = "artifact-red-team-report"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="form"\r\n\r\n{prefix}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="{prefix}-file"; '
            f'filename="../../etc/report.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + PDF_BYTES
        + f"\r\n--{boundary}--\r\n".encode()
    )
    client.force_login(personas.owner)
    response = client.generic(
        "POST",
        url(open_request, "artifacts/"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        **HTMX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="gate-request"' in html and "<html" not in html
    assert 'role="alert">The file was not accepted:' in html
    assert not response.has_header("HX-Retarget")  # the body swaps in place, as sent
    assert not GateArtifact.objects.exists() and not EvidenceFile.objects.exists()


def test_uploads_check_the_csrf_token_after_the_name_check_parsed_the_body(personas, open_request):
    """With CSRF enforced (as for a browser), an upload without the token is refused
    and one with it is read whole (the middleware must not consume the body first)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.owner)
    data = {
        "form": "artifact-red-team-report",
        "artifact-red-team-report-requirement": "red-team-report",
        "artifact-red-team-report-file": SimpleUploadedFile("red-team.pdf", PDF_BYTES),
    }
    assert client.post(url(open_request, "artifacts/"), data).status_code == 403
    client.get(url(open_request))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    data["artifact-red-team-report-file"] = SimpleUploadedFile("red-team.pdf", PDF_BYTES)
    response = client.post(url(open_request, "artifacts/"), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert GateArtifact.objects.filter(requirement="red-team-report").exists()


def test_a_non_blocking_gate_proceeds_with_a_plan_from_the_page(client, personas):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import HIRING_SCREENER, people_ops_system

    system = people_ops_system(personas, lifecycle_stage="production")
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="High."
    )
    request = services.gate_request_open(
        actor=personas.owner, system=system, gate_slug="annual-production-review"
    )
    assert "Proceed with a remediation plan" not in page_of(client, personas.ciso, request)
    services.gate_request_submit(actor=personas.owner, request=request)
    assert "Proceed with a remediation plan" not in page_of(client, personas.owner, request)
    page = page_of(client, personas.ciso, request)
    assert "Proceed with a remediation plan" in page
    due = timezone.localdate() + timedelta(days=30)
    data = {
        "remediation-plan": "Re-run the bias suite.",
        "remediation-owner": str(personas.safety.pk),
        "remediation-due": due.isoformat(),
    }
    bad = client.post(url(request, "remediation/"), {**data, "remediation-plan": ""}, **HTMX)
    assert bad.status_code == 400 and "field-error" in bad.content.decode()
    html = client.post(url(request, "remediation/"), data, **HTMX).content.decode()
    assert "The system proceeds with the remediation plan." in html
    assert "Re-run the bias suite." in html and personas.safety.display_name in html
    assert f"by {personas.ciso.display_name}." in html  # who decided, beside when
    request.refresh_from_db()
    assert (request.status, request.remediation_owner) == ("remediation", personas.safety)


def test_the_plan_owner_marks_the_remediation_plan_done_from_the_page(
    client, personas, remediation_request
):
    request = remediation_request
    assert "Mark the remediation plan done" not in page_of(client, personas.legal, request)
    assert "Mark the remediation plan done" in page_of(client, personas.safety, request)
    done_url = url(request, "remediation-done/")
    bad = client.post(done_url, {"remediation-done-outcome": " "}, **HTMX)
    html = bad.content.decode()
    assert bad.status_code == 400 and "field-error" in html
    assert 'id="remediation-done"' in html  # the form comes back in place, with its error
    request.refresh_from_db()
    assert request.remediation_done_at is None
    answer = client.post(done_url, {"remediation-done-outcome": "Suite re-run: fine."}, **HTMX)
    html = answer.content.decode()
    assert answer.status_code == 200 and "The remediation plan is marked done." in html
    assert f"by {personas.safety.display_name}: Suite re-run: fine." in html
    assert "Mark the remediation plan done" not in html
    request.refresh_from_db()
    assert (request.remediation_done_by, request.remediation_outcome) == (
        personas.safety,
        "Suite re-run: fine.",
    )
    again = client.post(done_url, {"remediation-done-outcome": "Again."}, **HTMX)
    assert again.status_code == 400 and "already marked done" in again.content.decode()


def test_marking_a_plan_done_is_refused_without_the_right_or_a_plan(
    client, personas, remediation_request
):
    client.force_login(personas.legal)
    data = {"remediation-done-outcome": "Done."}
    assert client.post(url(remediation_request, "remediation-done/"), data).status_code == 403
    remediation_request.refresh_from_db()
    assert remediation_request.remediation_done_at is None
    open_request = services.gate_request_open(
        actor=personas.owner,
        system=remediation_request.system,
        gate_slug="annual-production-review",
    )
    client.force_login(personas.ciso)
    refused = client.post(url(open_request, "remediation-done/"), data, **HTMX)
    assert refused.status_code == 400 and "proceeded with a remediation plan" in (
        refused.content.decode()
    )
