"""Evidence files on required controls: "implemented" on a high or critical system needs
a current file; uploads through the page and the API; the page's cost stays fixed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent, EvidenceFile
from core.permissions import forget_roles
from registry import services
from registry.models import ControlEvidence
from registry.rules.evidence import control_implemented_problems
from registry.services.control_evidence import control_evidence_attach, control_evidence_detach
from tests.factories import (
    DOCUMENT_SUMMARIZER,
    ELF_BYTES,
    MZ_BYTES,
    PDF_BYTES,
    classified_system,
    control_evidence,
    evidence_upload,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def control_of(system, key: str = "model-card"):
    return system.controls.select_related("control", "system").get(control__key=key)


def multipart(name: str, content: bytes, fields: dict | None = None) -> tuple[bytes, str]:
    """A multipart body with the file name exactly as given (Django's test client would
    cut a path out of it)."""
    boundary = "evidence-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in (fields or {}).items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


# --- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tier", "status", "current", "refused"),
    [
        ("high", "implemented", 0, True),
        ("critical", "implemented", 0, True),
        ("high", "implemented", 1, False),
        ("medium", "implemented", 0, True),
        ("low", "implemented", 0, True),
        ("low", "implemented", 1, False),
        ("high", "in_progress", 0, False),
    ],
)
def test_implemented_needs_current_evidence_at_every_tier(tier, status, current, refused):
    assert bool(control_implemented_problems(tier, status, current)) == refused


# --- the services ------------------------------------------------------------------------


def test_implemented_without_a_file_is_refused_naming_status(personas):
    control = control_of(classified_system(personas))
    with pytest.raises(ValidationError) as refused:
        services.control_update(actor=personas.owner, control=control, status="implemented")
    assert list(refused.value.message_dict) == ["status"]
    control.refresh_from_db()
    assert control.status == "missing"


def test_a_file_lets_the_control_be_implemented_and_is_audited(personas):
    control = control_of(classified_system(personas))
    link = control_evidence(personas.owner, control)
    services.control_update(actor=personas.owner, control=control, status="implemented")
    control.refresh_from_db()
    assert control.status == "implemented"
    event = AuditEvent.objects.get(action="control.evidence_attached")
    assert event.changes["sha256"] == link.evidence.sha256
    assert event.changes["control"] == "model-card"


def test_expired_evidence_does_not_count(personas):
    control = control_of(classified_system(personas))
    today = timezone.localdate()
    control_evidence(
        personas.owner,
        control,
        applies_from=today - timedelta(days=400),
        expires_on=today - timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.control_update(actor=personas.owner, control=control, status="implemented")


@pytest.mark.parametrize(("inputs", "key"), [("medium", "model-card"), ("low", "annual-review")])
def test_a_medium_or_low_system_needs_a_file_too(personas, inputs, key):
    """The finding: "implemented" needed evidence only at high and critical. Expected: a
    medium or low system's control without a file is refused naming status."""
    from tests.factories import INPUTS_FOR_TIER

    control = control_of(classified_system(personas, INPUTS_FOR_TIER[inputs]), key)
    with pytest.raises(ValidationError) as refused:
        services.control_update(actor=personas.owner, control=control, status="implemented")
    assert list(refused.value.message_dict) == ["status"]
    control_evidence(personas.owner, control)
    services.control_update(actor=personas.owner, control=control, status="implemented")
    control.refresh_from_db()
    assert control.status == "implemented"


def test_an_approval_control_is_met_by_the_approval_not_a_file(personas):
    control = control_of(classified_system(personas), "ciso-approval")
    services.control_update(actor=personas.ciso, control=control, status="implemented")
    control.refresh_from_db()
    assert control.status == "implemented"


def test_only_who_may_set_the_control_attaches_files(personas):
    control = control_of(classified_system(personas))
    for someone in (personas.auditor, personas.owner2, personas.legal):
        with pytest.raises(PermissionDenied):
            control_evidence_attach(actor=someone, control=control, upload=evidence_upload())
    assert not EvidenceFile.objects.exists()


def test_detach_keeps_the_link_with_its_time_and_the_status_stays(personas):
    control = control_of(classified_system(personas))
    link = control_evidence(personas.owner, control)
    services.control_update(actor=personas.owner, control=control, status="implemented")
    control_evidence_detach(actor=personas.owner, link=link)
    link.refresh_from_db()
    control.refresh_from_db()
    assert link.removed_at is not None and control.status == "implemented"
    assert AuditEvent.objects.filter(action="control.evidence_detached").count() == 1


def test_the_same_stored_file_is_attached_once(personas):
    control = control_of(classified_system(personas))
    link = control_evidence(personas.owner, control)
    with pytest.raises(ValidationError) as refused:
        control_evidence_attach(actor=personas.owner, control=control, evidence=link.evidence)
    assert "already attached" in refused.value.message_dict["file"][0]


# --- the page ----------------------------------------------------------------------------


def test_the_row_upload_adds_the_file_in_place(client, personas):
    control = control_of(classified_system(personas))
    client.force_login(personas.owner)
    url = f"/systems/SYS-001/controls/{control.pk}/evidence/"
    prefix = f"evidence-{control.pk}"
    response = client.post(
        url, {f"{prefix}-file": evidence_upload("Model card v1.pdf")}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="control-row-{control.pk}"' in html and "Model card v1.pdf" in html
    evidence = ControlEvidence.objects.get(control=control).evidence
    assert f'href="/evidence/{evidence.pk}/download/"' in html
    assert evidence.sha256[:12] in html


BAD_UPLOADS = [
    ("empty.pdf", b"", "The file is empty."),
    ("big.pdf", PDF_BYTES + b"x" * 4096, "The file is 4.1 KB; the limit is 2 KB."),
    ("tool.pdf", ELF_BYTES, "Executable files are not accepted."),
    ("setup.exe", MZ_BYTES, "Executable files are not accepted."),
    ("page.html", b"<p>hi</p>", "HTML and SVG files can run script and are not accepted."),
    ("logo.svg", b"<svg onload=alert(1)></svg>", "HTML and SVG files can run script"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS)
def test_a_bad_row_upload_answers_400_with_the_message_and_loses_nothing(
    client, personas, settings, evidence_storage_of_this_test, name, content, message
):
    control = control_of(classified_system(personas))
    kept = control_evidence(personas.owner, control, name="kept.pdf")
    settings.EVIDENCE_MAX_BYTES = 2048
    stored = sorted(evidence_storage_of_this_test.rglob("*"))
    client.force_login(personas.owner)
    prefix = f"evidence-{control.pk}"
    response = client.post(
        f"/systems/SYS-001/controls/{control.pk}/evidence/",
        {f"{prefix}-file": evidence_upload(name, content)},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(EvidenceFile.objects.all()) == [kept.evidence]
    assert sorted(evidence_storage_of_this_test.rglob("*")) == stored
    assert "kept.pdf" in response.content.decode()


def test_a_name_with_a_path_is_refused_on_the_page(client, personas):
    control = control_of(classified_system(personas))
    client.force_login(personas.owner)
    body, content_type = multipart("../../etc/model-card.pdf", PDF_BYTES)
    response = client.generic(
        "POST",
        f"/systems/SYS-001/controls/{control.pk}/evidence/",
        body,
        content_type=content_type,
    )
    assert response.status_code == 400
    assert "'../'" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_implemented_with_only_expired_evidence_says_so(client, personas):
    control = control_of(classified_system(personas))
    client.force_login(personas.owner)
    with time_machine.travel(date(2026, 1, 10)):
        control_evidence(personas.owner, control, expires_on=date(2026, 2, 1))
        services.control_update(actor=personas.owner, control=control, status="implemented")
    with time_machine.travel(date(2026, 3, 1)):
        html = client.get("/systems/SYS-001/").content.decode()
    row = html.split(f'id="control-row-{control.pk}"')[1].split("</tr>")[0]
    assert "Implemented — evidence expired" in row
    assert "Expired 28 days ago" in row


def test_the_system_page_costs_the_same_with_more_files(
    client, personas, django_assert_max_num_queries
):
    system = classified_system(personas)
    client.force_login(personas.auditor)

    def page_queries() -> int:
        forget_roles(personas.auditor)
        with django_assert_max_num_queries(40) as counted:
            assert client.get("/systems/SYS-001/").status_code == 200
        return len(counted.captured_queries)

    control_evidence(personas.owner, control_of(system))
    one = page_queries()
    setters = {
        "model-card": personas.owner,
        "security-assessment": personas.security,
        "bias-testing": personas.safety,
    }
    for key, setter in setters.items():
        for n in range(3):
            control_evidence(setter, control_of(system, key), name=f"{key}-{n}.pdf")
    assert page_queries() == one


# --- the API -----------------------------------------------------------------------------


def test_the_api_upload_answers_201_with_the_sha256(api_client, personas):
    control = control_of(classified_system(personas))
    api_client.force_authenticate(personas.owner)
    response = api_client.post(
        "/api/v1/systems/SYS-001/controls/model-card/evidence/",
        {"file": evidence_upload("card.pdf"), "expires_on": "2030-01-31"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    stored = ControlEvidence.objects.get(control=control).evidence
    assert response.json()["sha256"] == stored.sha256
    assert response.json()["expires_on"] == "2030-01-31"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.pdf", b"", "The file is empty."),
        ("tool.pdf", ELF_BYTES, "Executable files are not accepted."),
        ("page.html", b"<html></html>", "HTML and SVG files can run script and are not accepted."),
    ],
)
def test_a_bad_api_upload_is_a_400_on_file(api_client, personas, name, content, message):
    classified_system(personas)
    api_client.force_authenticate(personas.owner)
    response = api_client.post(
        "/api/v1/systems/SYS-001/controls/model-card/evidence/",
        {"file": evidence_upload(name, content)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"file": [message]}
    assert not EvidenceFile.objects.exists()


def test_an_api_upload_with_a_path_in_its_name_is_a_400(api_client, personas):
    classified_system(personas)
    api_client.force_authenticate(personas.owner)
    body, content_type = multipart("..\\..\\card.pdf", PDF_BYTES)
    response = api_client.generic(
        "POST", "/api/v1/systems/SYS-001/controls/model-card/evidence/", body, content_type
    )
    assert response.status_code == 400
    assert "'../'" in response.json()["file"][0]
    assert not EvidenceFile.objects.exists()


def test_an_api_upload_over_the_limit_is_a_400(api_client, personas, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    classified_system(personas)
    api_client.force_authenticate(personas.owner)
    response = api_client.post(
        "/api/v1/systems/SYS-001/controls/model-card/evidence/",
        {"file": evidence_upload("big.pdf", PDF_BYTES + b"x" * 4096)},
        format="multipart",
    )
    assert response.status_code == 400
    assert "the limit is" in response.json()["file"][0]


def test_the_api_refuses_people_who_may_not_set_the_control(api_client, personas):
    classified_system(personas)
    api_client.force_authenticate(personas.owner2)
    response = api_client.post(
        "/api/v1/systems/SYS-001/controls/model-card/evidence/",
        {"file": evidence_upload()},
        format="multipart",
    )
    assert response.status_code == 403
    assert not EvidenceFile.objects.exists()


def test_a_low_system_has_no_such_control(api_client, personas):
    classified_system(personas, DOCUMENT_SUMMARIZER)
    api_client.force_authenticate(personas.owner)
    response = api_client.post(
        "/api/v1/systems/SYS-001/controls/model-card/evidence/",
        {"file": evidence_upload()},
        format="multipart",
    )
    assert response.status_code == 404


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, api_client, personas):
    control = control_of(classified_system(personas))
    body, content_type = multipart("big.pdf", PDF_BYTES)
    declared = {"CONTENT_LENGTH": str(40 * 1024 * 1024)}  # what the client announces
    client.force_login(personas.owner)
    page = client.generic(
        "POST",
        f"/systems/SYS-001/controls/{control.pk}/evidence/",
        body,
        content_type=content_type,
        **declared,
    )
    assert page.status_code == 400
    assert "The file is 40 MB; the limit is 25 MB." in page.content.decode()
    api_client.force_authenticate(personas.owner)
    api = api_client.generic(
        "POST",
        "/api/v1/systems/SYS-001/controls/model-card/evidence/",
        body,
        content_type,
        **declared,
    )
    assert api.status_code == 400
    assert api.json() == {"file": ["The file is 40 MB; the limit is 25 MB."]}
    assert not EvidenceFile.objects.exists()


def test_an_htmx_form_gets_the_refusal_at_its_top_not_in_place_of_the_row(client, personas):
    control = control_of(classified_system(personas))
    client.force_login(personas.owner)
    url = f"/systems/SYS-001/controls/{control.pk}/evidence/"
    body, content_type = multipart("../card.pdf", PDF_BYTES)
    response = client.generic("POST", url, body, content_type=content_type, headers=HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == f'form[hx-post="{url}"]'
    assert response["HX-Reswap"] == "afterbegin"
    assert 'class="htmx-error message message-error" role="alert"' in response.content.decode()


def test_without_javascript_a_refused_file_comes_back_on_its_own_page(client, personas):
    control = control_of(classified_system(personas))
    client.force_login(personas.owner)
    prefix = f"evidence-{control.pk}"
    response = client.post(
        f"/systems/SYS-001/controls/{control.pk}/evidence/",
        {f"{prefix}-file": evidence_upload("empty.pdf", b"")},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Evidence for Model card</h1>" in html
    assert "Evidence file: The file is empty." in html  # the error summary links the field
    ok = client.post(
        f"/systems/SYS-001/controls/{control.pk}/evidence/",
        {f"{prefix}-file": evidence_upload("card.pdf")},
    )
    assert (ok.status_code, ok["Location"]) == (302, "/systems/SYS-001/#controls")
