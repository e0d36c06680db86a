"""Files given to a gate request go through the evidence service: the artifact carries
the file's SHA-256, and a refused upload changes nothing already given (issue 7)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from registry import services
from registry.models import GateApproval, GateArtifact, GateTestResult
from registry.selectors import gates as sel
from tests.factories import (
    BILLING_CHATBOT,
    ELF_BYTES,
    HIRING_SCREENER,
    PDF_BYTES,
    AISystemFactory,
    evidence_upload,
    hiring_screener_in_development,
    people_ops_system,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_with_model_card(personas):
    request = services.gate_request_open(
        actor=personas.owner, system=hiring_screener_in_development(personas)
    )
    services.gate_artifact_add(
        actor=personas.owner,
        request=request,
        requirement="model-card-final",
        upload=evidence_upload("model-card.pdf"),
    )
    services.gate_request_submit(actor=personas.owner, request=request)
    services.gate_approval_decide(
        actor=personas.ciso, request=request, role="ciso", decision="approved"
    )
    return request


def test_an_uploaded_artifact_carries_the_files_sha256(request_with_model_card):
    artifact = GateArtifact.objects.get(request=request_with_model_card)
    assert artifact.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert artifact.evidence.sha256 == artifact.sha256
    assert artifact.label == "model-card.pdf"


def upload_named(name: str, content: bytes):
    upload = evidence_upload("upload.pdf", content)
    upload._name = name  # as a client could send it, before Django trims a path away
    return upload


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("model-card.exe", ELF_BYTES),
        ("../model-card.pdf", PDF_BYTES),
        ("empty.pdf", b""),
        ("card.html", b"<html><script>alert(1)</script></html>"),
    ],
    ids=["executable", "dot-dot-name", "empty", "html-with-script"],
)
def test_a_refused_upload_keeps_the_artifact_and_the_approvals(
    personas, request_with_model_card, name, content
):
    with pytest.raises(ValidationError) as refused:
        services.gate_artifact_add(
            actor=personas.owner,
            request=request_with_model_card,
            requirement="model-card-final",
            upload=upload_named(name, content),
        )
    assert "file" in refused.value.message_dict
    current = GateArtifact.objects.get(request=request_with_model_card, replaced_at__isnull=True)
    assert current.label == "model-card.pdf"
    assert GateApproval.objects.filter(
        request=request_with_model_card, role="ciso", voided_at__isnull=True
    ).exists()


def test_a_test_report_may_be_an_uploaded_file(personas, request_with_model_card):
    result = services.gate_test_record(
        actor=personas.owner,
        request=request_with_model_card,
        requirement="bias-benchmark-suite",
        passed=True,
        run_on=timezone.localdate(),
        report_upload=evidence_upload("bias.pdf"),
    )
    assert (
        GateTestResult.objects.get(pk=result.pk).report.sha256
        == hashlib.sha256(PDF_BYTES).hexdigest()
    )


def test_production_deployment_asks_the_checklist_of_a_high_risk_system_only(personas):
    high = people_ops_system(personas, lifecycle_stage="pre_deployment")
    services.system_classify(
        actor=personas.safety, system=high, inputs=HIRING_SCREENER, rationale="r"
    )
    request = services.gate_request_open(actor=personas.owner, system=high)
    evaluation = sel.gate_request_evaluation(request, timezone.localdate())
    assert request.gate.slug == "production-deployment"
    assert len(evaluation.missing_checklist) == 12

    medium = AISystemFactory(owner_team=personas.people_ops, lifecycle_stage="pre_deployment")
    services.system_classify(
        actor=personas.safety, system=medium, inputs=BILLING_CHATBOT, rationale="r"
    )
    other = services.gate_request_open(actor=personas.owner, system=medium)
    assert sel.gate_request_evaluation(other, timezone.localdate()).missing_checklist == ()
