"""Fixtures of the gate pages' and API's tests: the hiring screener (HIGH) in development
and requests of it, filled through the gate services."""

import hashlib
import itertools

import pytest
from django.utils import timezone

from core.models import EvidenceFile
from registry import services
from tests.factories import HIRING_SCREENER, people_ops_system

_numbers = itertools.count(1)


def evidence_row(person, name: str) -> EvidenceFile:
    """An evidence file row `person` uploaded (the bytes are not needed by the pages)."""
    digest = hashlib.sha256(f"{name} {next(_numbers)}".encode()).hexdigest()
    return EvidenceFile.objects.create(
        sha256=digest, size=2048, content_type="application/pdf", original_name=name,
        safe_name=name, storage_name=f"evidence/{digest}", uploaded_by=person,
        applies_from=timezone.localdate(),
    )  # fmt: skip


def fill(request, person, *, skip=()) -> None:
    """Every artifact (a file) and a passed test of the request's gate, but `skip`."""
    for item in request.gate.artifacts:
        if item["key"] not in skip:
            services.gate_artifact_add(
                actor=person, request=request, requirement=item["key"],
                evidence=evidence_row(person, f"{item['key']}.pdf"),
            )  # fmt: skip
    for item in request.gate.tests:
        if item["key"] not in skip:
            services.gate_test_record(
                actor=person, request=request, requirement=item["key"], passed=True,
                run_on=timezone.localdate(), report_url=f"https://ci.example.com/{item['key']}",
            )  # fmt: skip


@pytest.fixture
def screener(personas):
    """SYS-001, the resume screener of People Ops, classified HIGH, in development."""
    system = people_ops_system(personas, lifecycle_stage="development")
    services.system_classify(
        actor=personas.safety, system=system, inputs=HIRING_SCREENER, rationale="Screens."
    )
    system.refresh_from_db()
    return system


@pytest.fixture
def open_request(personas, screener):
    """The owner's open pre-deployment security review of SYS-001, nothing given yet."""
    return services.gate_request_open(actor=personas.owner, system=screener, summary="v3 ready")


@pytest.fixture
def filled_request(personas, open_request):
    """The open request with every artifact and test but two artifacts."""
    fill(open_request, personas.owner, skip=("red-team-report", "data-lineage-documentation"))
    return open_request
