"""The demo portfolio's gate histories (issue 7), written through the gate services so
that the audit trail, the notifications and the stage changes are real. Each request is
opened as a draft, given its artifacts and tests, then submitted (issue 17):

- SYS-001, the hiring screener (HIGH), blocked at pre-deployment: its pre-deployment
  security review is open with 5 of the 7 artifacts and the 4 tests; the red team
  report and the data lineage documentation are missing, and the CISO and Legal have
  not approved (a pipeline's check answers `can_proceed: false`).
- SYS-007, churn prediction (MEDIUM), approved into production: development
  authorization approved by the board, the pre-deployment security review not required
  for its tier, production deployment approved by the engineering manager and the
  security lead.
- SYS-011, the refund support agent (HIGH), whose annual production review proceeded
  with a remediation plan (the bias benchmark re-run failed), owned by the AI safety
  lead and due in 60 days.

Idempotent: a system that has any gate request already is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.evidence.services import evidence_store
from core.models import User
from registry import services
from registry.models import AISystem, GateRequest

BLOCKED_SYSTEM, APPROVED_SYSTEM, REMEDIATED_SYSTEM = "SYS-001", "SYS-007", "SYS-011"
MISSING_AT_PRE_DEPLOYMENT = ("red-team-report", "data-lineage-documentation")
FAILED_AT_ANNUAL_REVIEW = "bias-benchmark-rerun"


def person(email: str) -> User:
    return User.objects.get(email=email)


def demo_document(system: AISystem, name: str) -> SimpleUploadedFile:
    """A short Markdown document standing for a piece of evidence, as an upload."""
    text = f"# {name}\n\n{system.system_id} {system.name}\n\nDemo evidence.\n"
    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:60]
    return SimpleUploadedFile(f"{system.system_id.lower()}-{slug}.md", text.encode())


def _document(actor, system: AISystem, name: str):
    """The artifact's document, stored as evidence the actor uploaded."""
    return evidence_store(actor=actor, upload=demo_document(system, name))


def submit(
    owner, system: AISystem, *, summary: str, gate_slug: str | None = None, skip=(), failed=()
) -> GateRequest:
    """The owner opens a draft of the gate of the system's stage (or `gate_slug`'s),
    hands in every artifact (a document) and every test (passed, or failed for
    `failed`) it asks for, but the keys in `skip` and the tests marked if applicable,
    then submits it: the approvers are asked once."""
    request = services.gate_request_open(
        actor=owner, system=system, gate_slug=gate_slug, summary=summary
    )
    _give(request, owner, skip=skip, failed=failed)
    return services.gate_request_submit(actor=owner, request=request)


def _give(request: GateRequest, actor, *, skip, failed) -> None:
    for item in request.gate.artifacts:
        if item["key"] not in skip:
            services.gate_artifact_add(
                actor=actor,
                request=request,
                requirement=item["key"],
                evidence=_document(actor, request.system, item["name"]),
            )
    for item in request.gate.tests:
        if item["key"] in skip or item.get("if_applicable"):
            continue
        services.gate_test_record(
            actor=actor,
            request=request,
            requirement=item["key"],
            passed=item["key"] not in failed,
            run_on=timezone.localdate(),
            report_url=f"https://ci.example.com/{request.system.system_id}/{item['key']}",
        )


def approve(request: GateRequest, email: str, role: str, comment: str) -> None:
    services.gate_approval_decide(
        actor=person(email), request=request, role=role, decision="approved", comment=comment
    )


def ensure_gate_histories() -> int:
    """Write the three histories that are missing; returns how many were written."""
    written = 0
    for system_id, write in (
        (BLOCKED_SYSTEM, _blocked_at_pre_deployment),
        (APPROVED_SYSTEM, _approved_into_production),
        (REMEDIATED_SYSTEM, _annual_review_with_remediation),
    ):
        system = AISystem.objects.filter(system_id=system_id).first()
        if system is not None and not GateRequest.objects.filter(system=system).exists():
            write(system)
            written += 1
    return written


def _blocked_at_pre_deployment(system: AISystem) -> None:
    submit(
        person("owner@example.com"),
        system,
        summary="Rank API 2025-06 with prompt set v5, for the EU graduate programme.",
        skip=MISSING_AT_PRE_DEPLOYMENT,
    )


def _approved_into_production(system: AISystem) -> None:
    owner = person("owner2@example.com")
    first = submit(owner, system, summary="Churn scores for the retention team.")
    approve(first, "board@example.com", "board", "Proceed; report drift quarterly.")
    # Medium: the pre-deployment security review passes as not required for the tier.
    services.gate_request_open(actor=owner, system=system)
    last = submit(owner, system, summary="Shadow run finished; ready for all accounts.")
    approve(last, "engmanager@example.com", "eng_manager", "Runbook and rollback tested.")
    approve(last, "security@example.com", "security_lead", "Alerts reach the on-call rota.")


def _annual_review_with_remediation(system: AISystem) -> None:
    request = submit(
        person("owner2@example.com"),
        system,
        gate_slug="annual-production-review",
        summary="First annual review since the agent took over refund questions.",
        failed=(FAILED_AT_ANNUAL_REVIEW,),
    )
    services.gate_request_proceed_with_remediation(
        actor=person("ciso@example.com"),
        request=request,
        plan="Retrain on the balanced refund sample and re-run the bias benchmark suite; "
        "until then every refusal goes to an agent.",
        owner=person("safety@example.com"),
        due=timezone.localdate() + timedelta(days=60),
    )
