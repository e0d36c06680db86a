"""A gate request as the API shows it: plain data from a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from registry.selectors.gate_pages import gate_request_evaluation_of, gate_request_everything


def _email(user) -> str | None:
    return user.email if user is not None else None


def _artifact(request, artifact) -> dict:
    evidence = artifact.evidence
    download = (
        request.build_absolute_uri(reverse("core:evidence_download", args=[evidence.pk]))
        if evidence is not None
        else None
    )
    return {
        "id": artifact.pk,
        "requirement": artifact.requirement,
        "label": artifact.label,
        "sha256": artifact.sha256,
        "file_name": evidence.safe_name if evidence is not None else None,
        "download": download,
        "record_type": artifact.record_type,
        "record_id": artifact.record_id,
        "added_by": artifact.added_by.email,
        "added_at": artifact.added_at,
        "replaced_at": artifact.replaced_at,
    }


def _test(result) -> dict:
    return {
        "id": result.pk,
        "requirement": result.requirement,
        "name": result.name,
        "passed": result.passed,
        "run_on": result.run_on,
        "report_sha256": result.report.sha256 if result.report is not None else None,
        "report_url": result.report_url,
        "recorded_by": result.recorded_by.email,
        "recorded_at": result.recorded_at,
        "replaced_at": result.replaced_at,
    }


def _approval(approval) -> dict:
    return {
        "id": approval.pk,
        "role": approval.role,
        "approver": approval.approver.email,
        "decision": approval.decision,
        "comment": approval.comment,
        "decided_at": approval.decided_at,
        "artifact_hashes": approval.artifact_hashes,
        "classification": approval.classification_id,
        "tier": approval.tier,
        "voided_at": approval.voided_at,
        "void_reason": approval.void_reason,
    }


def request_shape(request, gate_request) -> dict:
    """The request (loaded by selectors.gates.gate_request_get_for) with its evaluation,
    live while open, and everything it gathered: three more queries."""
    everything = gate_request_everything(gate_request)
    evaluation = gate_request_evaluation_of(gate_request, everything, timezone.localdate())
    gate = gate_request.gate
    return {
        "id": gate_request.pk,
        "system": gate_request.system.system_id,
        "gate": gate.slug,
        "gate_name": gate.name,
        "gate_version": gate.version,
        "from_stage": gate_request.from_stage,
        "to_stage": gate_request.to_stage,
        "status": gate_request.status,
        "tier": gate_request.tier,
        "summary": gate_request.summary,
        "requested_by": gate_request.requested_by.email,
        "requested_at": gate_request.requested_at,
        "decided_at": gate_request.decided_at,
        "voided_reason": gate_request.voided_reason,
        "remediation_plan": gate_request.remediation_plan,
        "remediation_owner": _email(gate_request.remediation_owner),
        "remediation_due": gate_request.remediation_due,
        "remediation_done_at": gate_request.remediation_done_at,
        "remediation_done_by": _email(gate_request.remediation_done_by),
        "remediation_outcome": gate_request.remediation_outcome,
        "evaluation": evaluation.as_check(),
        "artifacts": [_artifact(request, a) for a in everything.artifacts],
        "tests": [_test(t) for t in everything.tests],
        "approvals": [_approval(a) for a in everything.approvals],
    }
