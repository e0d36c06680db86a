"""A gate request as the API shows it: plain data from a fixed number of queries."""

from __future__ import annotations

from django.utils import timezone

from registry.api import gate_serializers as s
from registry.selectors.gates import gate_request_contents, gate_request_evaluation


def request_shape(request, gate_request) -> dict:
    """The request (loaded by selectors.gates.gate_request_get_for) with its evaluation,
    live while open, and everything it gathered: three more queries."""
    everything = gate_request_contents(gate_request, history=True)
    evaluation = gate_request_evaluation(gate_request, timezone.localdate(), everything)
    context = {"request": request}
    return {
        **s.GateRequestRecordSerializer(gate_request).data,
        "evaluation": evaluation.as_check(),
        "artifacts": s.ArtifactSerializer(everything.artifacts, many=True, context=context).data,
        "tests": s.TestResultSerializer(everything.tests, many=True).data,
        "approvals": s.ApprovalSerializer(everything.approvals, many=True).data,
    }
