"""The audit pack bench's data: one system with years of history (gate requests with
their approvals, artifacts and results, risks with the board's decisions, incidents
with clocks and notifications, vendor assessments, evidence files and a long audit
trail), inserted in bulk. The audit events are chained as `audit_record` chains them,
so the build's chain verification holds.

Bulk inserts bypass the services on purpose: a throw-away database for timing."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.audit import GENESIS_HASH, canonical_payload, chain_hash
from core.models import AuditEvent, Deadline, EvidenceFile, User
from governance.models import AuditPack, ReviewSession, Risk, RiskDecision
from incidents.models import Incident, IncidentNotification
from registry.data import install_gate_definitions
from registry.models import (
    AISystem,
    ControlEvidence,
    GateApproval,
    GateArtifact,
    GateDefinition,
    GateRequest,
    GateTestResult,
    SystemVendorProduct,
)
from vendors.models import Assessment, AssessmentEvidence, Vendor, VendorProduct

ROLES = ("ciso", "legal", "engineering_manager", "dpo")
LOREM = (
    "The reviewer checked the evaluation report against the model card and found the "
    "figures consistent; the residual concerns are recorded in the risk register."
)


def _files(actor: User, count: int, prefix: str) -> list[EvidenceFile]:
    today = timezone.localdate()
    return EvidenceFile.objects.bulk_create(
        EvidenceFile(
            sha256=hashlib.sha256(f"{prefix} {n}".encode()).hexdigest(),
            size=1024 + n,
            content_type="application/pdf",
            original_name=f"{prefix}-{n:04d}.pdf",
            safe_name=f"{prefix}-{n:04d}.pdf",
            storage_name=f"bench/{prefix}/{n}",
            uploaded_by=actor,
            applies_from=today - timedelta(days=400),
        )
        for n in range(count)
    )


def _gates(system: AISystem, actor: User, approvers: list[User], requests: int) -> None:
    install_gate_definitions(GateDefinition)
    gate = GateDefinition.objects.order_by("order", "-version").first()
    start = timezone.now() - timedelta(days=300)
    made = GateRequest.objects.bulk_create(
        GateRequest(
            system=system,
            gate=gate,
            status="rejected",
            from_stage=gate.from_stage,
            to_stage=gate.to_stage,
            tier=system.risk_tier,
            summary=LOREM,
            requested_by=actor,
            requested_at=start + timedelta(days=n),
            decided_at=start + timedelta(days=n, hours=5),
            decided_by=approvers[0],
        )
        for n in range(requests)
    )
    files = iter(_files(actor, requests * 5, "gate"))
    artifacts = GateArtifact.objects.bulk_create(
        GateArtifact(
            request=r,
            requirement=f"artifact-{k}",
            evidence=(f := next(files)),
            label=f.original_name,
            sha256=f.sha256,
            added_by=actor,
        )
        for r in made
        for k in range(4)
    )
    hashes: dict[int, dict] = {}
    for a in artifacts:
        hashes.setdefault(a.request_id, {})[str(a.pk)] = a.sha256
    GateTestResult.objects.bulk_create(
        GateTestResult(
            request=r,
            requirement=f"test-{k}",
            name=f"Test {k}",
            passed=k != 2,
            run_on=date.today(),
            report=next(files),
            recorded_by=actor,
        )
        for r in made
        for k in range(1)
    )
    GateApproval.objects.bulk_create(
        GateApproval(
            request=r,
            role=role,
            approver=approvers[k],
            decision="approved",
            comment=LOREM,
            artifact_hashes=hashes[r.pk],
            tier=system.risk_tier,
        )
        for r in made
        for k, role in enumerate(ROLES)
    )


def _risks(system: AISystem, actor: User, count: int) -> None:
    risks = Risk.objects.bulk_create(
        Risk(
            risk_id=f"RISK-{n + 1:04d}",
            title=f"Bench risk {n}",
            description=LOREM,
            category="privacy",
            inherent_likelihood=4,
            inherent_impact=4,
            inherent_score=16,
            inherent_level="high",
            residual_likelihood=2,
            residual_impact=3,
            residual_score=6,
            residual_level="medium",
            owner_user=actor,
            mitigation_plan=LOREM,
        )
        for n in range(count)
    )
    for risk in risks:
        risk.systems.add(system)
    session = ReviewSession.objects.create(
        title="Quarterly review", kind="quarterly", held_on=timezone.localdate(), opened_by=actor
    )
    RiskDecision.objects.bulk_create(
        RiskDecision(
            session=session,
            risk=r,
            kind="mitigate",
            rationale=LOREM,
            decided_by=actor,
            mitigation_owner=actor,
            mitigation_due=date.today(),
            next_review=date.today() + timedelta(days=90),
        )
        for r in risks
        for _ in range(2)
    )


def _incidents(system: AISystem, actor: User, count: int) -> None:
    now = timezone.now()
    incidents = Incident.objects.bulk_create(
        Incident(
            incident_id=f"INC-{n + 1:04d}",
            system=system,
            type="privacy_violation",
            severity="high",
            title=f"Bench incident {n}",
            description=LOREM,
            discovered_at=now - timedelta(days=n + 1),
            reported_by=actor,
            lead=actor,
        )
        for n in range(count)
    )
    subject = ContentType.objects.get_for_model(Incident)
    Deadline.objects.bulk_create(
        Deadline(
            subject_type=subject,
            subject_id=str(i.pk),
            label=f"{i.incident_id} {kind}",
            kind=f"incidents.{kind}",
            due_at=i.discovered_at + timedelta(hours=hours),
            owner=actor,
            met_at=i.discovered_at + timedelta(hours=hours - 1),
        )
        for i in incidents
        for kind, hours in (("triage", 4), ("gdpr_72h", 72))
    )
    IncidentNotification.objects.bulk_create(
        IncidentNotification(
            incident=i,
            audience="regulator",
            recipient="DPA",
            subject="Notice",
            body=LOREM,
            created_by=actor,
            sent_at=i.discovered_at,
            sent_by=actor,
        )
        for i in incidents
    )


def _vendors(system: AISystem, actor: User, count: int) -> None:
    vendor = Vendor.objects.create(name="Bench vendor")
    for n in range(count):
        product = VendorProduct.objects.create(vendor=vendor, name=f"Model {n}", kind="api")
        SystemVendorProduct.objects.create(system=system, product=product, added_by=actor)
        assessment = Assessment.objects.create(
            product=product, assessor=actor, recommendation="Use with a DPA"
        )
        for file in _files(actor, 2, f"vendor{n}"):
            AssessmentEvidence.objects.create(
                assessment=assessment, evidence=file, kind="other", added_by=actor
            )
    controls = list(system.controls.all())
    for control, file in zip(controls, _files(actor, len(controls), "control"), strict=True):
        ControlEvidence.objects.create(control=control, evidence=file, added_by=actor)


def _audit(system: AISystem, actor: User, count: int) -> None:
    """`count` events on the system, chained after the existing ones."""
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    seq, prev = (last["seq"], last["hash"]) if last else (0, GENESIS_HASH)
    now, events = timezone.now(), []
    for n in range(count):
        seq += 1
        event = AuditEvent(
            seq=seq,
            at=now - timedelta(minutes=count - n),
            actor=actor,
            actor_label=actor.email,
            action="system.updated",
            object_type="registry.aisystem",
            object_id=str(system.pk),
            object_repr=str(system),
            changes={"model_version": [f"v{n}", f"v{n + 1}"]},
            prev_hash=prev,
        )
        event.hash = prev = chain_hash(prev, canonical_payload(event))
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=2000)


@transaction.atomic
def load_history(system: AISystem, actor: User, approvers: list[User], scale: int) -> None:
    """History for `system`, in proportion to `scale` (scale 1: about 10 pages)."""
    _gates(system, actor, approvers, requests=4 * scale)
    _risks(system, actor, count=3 * scale)
    _incidents(system, actor, count=2 * scale)
    _vendors(system, actor, count=2)
    _audit(system, actor, count=150 * scale)


def system_pack_request(admin, system) -> AuditPack:
    """A system pack over the last year, as requested (no system: the cover alone)."""
    today = timezone.localdate()
    pack = AuditPack.objects.create(
        scope="system",
        date_from=today.replace(year=today.year - 1),
        date_to=today,
        requested_by=admin,
        requested_at=timezone.now(),
    )
    pack.systems.set([system] if system else [])
    return pack
