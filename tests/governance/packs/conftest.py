"""Fixtures of the audit packs' tests. Content: a system with some of everything a pack
holds and a pack row over it (the PDF reading is in tests/pdf_reading.py, the socket that
counts connections in tests/conftest.py). Exports: two
systems of two teams, the last year, and a pack row as a finished run leaves it (the
pack worker is in tests/conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from governance.models import AuditPack
from registry.models import AISystem, ChecklistEvidence, ControlEvidence, SystemVendorProduct
from tests.factories import (
    AISystemFactory,
    AssessmentFactory,
    EvidenceFileFactory,
    GateApprovalFactory,
    GateArtifactFactory,
    GateRequestFactory,
    GateTestResultFactory,
    IncidentFactory,
    RiskFactory,
    UserFactory,
    VendorProductFactory,
    classified_system,
    organisation_profile,
)

APPROVERS = ("Ada Approver", "Brook Reviewer", "Cyd Signatory")


@pytest.fixture(autouse=True)
def organisation_named(request):
    """Every pack names the organisation by its legal name and is refused without it
    (DOMAIN.md 13): the packs' database tests run with the profile filled in (those of
    the refusal empty it again)."""
    names = set(request.fixturenames)  # every fixture the test uses, directly or not
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not names & {"db", "transactional_db"}:
        return None  # a test without the database (the pure rules)
    transactional = "transactional_db" in names or (marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    return organisation_profile()


def make_pack(requester, *, scope="system", systems=(), days=30) -> AuditPack:
    today = timezone.localdate()
    pack = AuditPack.objects.create(
        scope=scope,
        date_from=today - timedelta(days=days),
        date_to=today,
        requested_by=requester,
        requested_at=timezone.now(),
    )
    pack.systems.set(systems)
    return pack


def add_gate_history(system: AISystem, requester, approvers=APPROVERS) -> None:
    """A closed gate request with one artifact, one test result and an approval by each
    of `approvers` (full names)."""
    request = GateRequestFactory(system=system, requested_by=requester, status="approved")
    artifact = GateArtifactFactory(request=request)
    GateTestResultFactory(request=request)
    roles = ("ciso", "legal", "engineering_manager", "dpo", "ai_safety_lead")
    for name, role in zip(approvers, roles, strict=False):
        GateApprovalFactory(
            request=request,
            role=role,
            approver=UserFactory(full_name=name),
            comment=f"Looked at it, {name}.",
            artifact_hashes={str(artifact.pk): artifact.sha256},
        )


def add_vendor(system: AISystem, actor) -> None:
    product = VendorProductFactory(name="Screening LLM")
    SystemVendorProduct.objects.create(system=system, product=product, added_by=actor)
    AssessmentFactory(product=product, recommendation="Use with a DPA")


def add_control_evidence(system: AISystem, actor) -> None:
    control = system.controls.first()
    ControlEvidence.objects.create(
        control=control, evidence=EvidenceFileFactory(original_name="dpia.pdf"), added_by=actor
    )
    ChecklistEvidence.objects.create(
        system=system,
        item="rollback-tested",
        evidence=EvidenceFileFactory(original_name="rollback-drill.pdf"),
        added_by=actor,
    )


@pytest.fixture
def full_system(personas) -> AISystem:
    """SYS-001 (classified high through the services) with a gate history, a risk, an
    incident, a vendor product with its assessment, and control evidence."""
    system = classified_system(personas)
    system.refresh_from_db()
    add_gate_history(system, personas.owner)
    RiskFactory(systems=[system], title="Screener rejects older applicants")
    IncidentFactory(system=system, title="Screener leaked a CV")
    add_vendor(system, personas.owner)
    add_control_evidence(system, personas.owner)
    return system


@pytest.fixture
def system_pack(personas, full_system) -> AuditPack:
    return make_pack(personas.auditor, systems=[full_system])


# --- the export tests ---


@pytest.fixture
def screener(personas):
    """SYS-001, owned by People Ops (owner@example.com is its product owner)."""
    return AISystemFactory(
        system_id="SYS-001", name="Hiring screener", owner_team=personas.people_ops
    )


@pytest.fixture
def chatbot(personas):
    """SYS-002, owned by Customer Success (owner2@example.com)."""
    return AISystemFactory(
        system_id="SYS-002", name="Billing chatbot", owner_team=personas.customer_success
    )


@pytest.fixture
def last_year() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=365), today


@pytest.fixture
def pack_row(last_year):
    """A pack row as a run leaves it (no render): pack_row(requester, status, systems)."""
    from django.core.files.base import ContentFile

    from governance.models import AuditPack
    from governance.services.packs.export import pack_storage

    def make(requester, status="done", systems=(), scope="system", **fields):
        now = timezone.now()
        pack = AuditPack.objects.create(
            scope=scope,
            date_from=last_year[0],
            date_to=last_year[1],
            requested_by=requester,
            requested_at=now,
            status=status,
            progress=100 if status == "done" else 40,
            stage="Done" if status == "done" else "Laying out the pages",
            **fields,
        )
        pack.systems.set(systems)
        if status == "done" and "storage_name" not in fields:
            data = b"%PDF-1.7 stand-in " + str(pack.pk).encode()
            name = pack_storage().save(f"{pack.pack_id}.pdf", ContentFile(data))
            AuditPack.objects.filter(pk=pack.pk).update(
                storage_name=name,
                size=len(data),
                pages=1,
                sha256="a" * 64,
                finished_at=now,
                expires_at=now + timedelta(days=90),
            )
            pack.refresh_from_db()
        return pack

    return make
